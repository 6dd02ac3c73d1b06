"""Partners a headline names indirectly: an AI product's maker, a brand written as its web address."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load
from bot.facts import FactsExtractor
from bot.facts.makers import maker
from bot.models import Item

SHIPPED = Path(__file__).resolve().parents[1] / "config" / "newsbot.yaml"


@pytest.mark.parametrize(
    ("product", "who"),
    [("DAX Copilot", "Nuance (Microsoft)"), ("GPT-4", "OpenAI"), ("Gemini-based", "Google"),
     ("ChatGPT Enterprise", "OpenAI"), ("Geminis", None), ("Quillon Scribe", None)],
)
def test_the_longest_listed_product_a_name_starts_gives_its_maker(product: str, who: str | None) -> None:
    assert maker(product) == who


def test_a_product_without_its_maker_names_the_maker_as_partner() -> None:
    extractor = FactsExtractor(load(SHIPPED, environ={}, check_models=False).terms)
    alone = extractor.extract(Item(fingerprint="x", source="s", title="Harlow Clinic brings DAX Copilot to 1,000 physicians"))
    assert (alone.health_orgs, alone.partners) == (("Harlow Clinic",), ("Nuance (Microsoft)",))
    named = extractor.extract(Item(fingerprint="y", source="s", title="Harlow Clinic and Microsoft bring DAX Copilot to 1,000 physicians"))
    assert named.partners == ("Microsoft",)  # the maker named already: nobody added


def test_a_brand_written_as_its_web_address_is_a_party() -> None:
    extractor = FactsExtractor(load(SHIPPED, environ={}, check_models=False).terms, deal_model=None)
    found = extractor.extract(Item(fingerprint="x", source="s",
                                   title="Harlow Clinic partners with quillon.ai on ambient clinical notes"))
    assert (found.health_orgs, found.partners) == (("Harlow Clinic",), ("quillon.ai",))
    # an address inside a link is no brand
    assert "x.ai" not in extractor.extract(Item(fingerprint="y", source="s", title="See https://x.ai/news")).parties
