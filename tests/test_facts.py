"""Partnership facts: amounts, parties, deal types and areas, and `newsbot facts`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.config import load
from bot.facts import FactsExtractor, FactsSpec
from bot.facts.money import USD_PER, amounts, headline_amount
from bot.models import Item

SHIPPED = Path(__file__).resolve().parents[1] / "config" / "newsbot.yaml"


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("signs up-to-$5.3B AI research deal", [5.3e9]),
        ("a $140M multi-year pact", [140e6]),
        ("a $1,000,000 grant", [1e6]),
        ("raises US$ 30 million", [30e6]),
        ("invests €1.2 billion", [1.2e9 * USD_PER["EUR"]]),
        ("bids for £21m", [21e6 * USD_PER["GBP"]]),
        ("Vertrag über 1,5 Mrd. Euro", [1.5e9 * USD_PER["EUR"]]),
        ("a 10 billion yen deal", [10e9 * USD_PER["JPY"]]),
        ("koopt het bedrijf voor 2,8 miljard dollar", [2.8e9]),
        ("raccoglie 300 milioni di euro", [300e6 * USD_PER["EUR"]]),
        ("köper för 2 miljarder kronor", [2e9 * USD_PER["SEK"]]),
        ("betaler 2,7 mia. dollar for selskabet", [2.7e9]),  # Danish and Norwegian "mia." (milliard)
        ("no money in 2024, a 5m-patient network", []),
    ],
)
def test_amounts_are_read_in_their_currency_and_converted(text: str, usd: list[float]) -> None:
    assert amounts(text) == pytest.approx(usd)


def test_the_headline_amount_is_the_titles_first_else_the_summarys_largest() -> None:
    assert headline_amount("A pays $65M upfront in a $1B deal", "") == 1e9  # the total, not the upfront
    assert headline_amount("A pays $65M upfront to B", "") == 65e6  # the upfront when no total is told
    assert headline_amount("A signs $1B deal with B, $65M upfront", "") == 1e9
    assert headline_amount("A and B partner", "$10M now, up to $400M in milestones") == 400e6
    assert headline_amount("A and B partner", "") is None


@pytest.fixture(scope="module")
def extractor() -> FactsExtractor:
    # the written procedure: the learned second opinion, asked only where a headline names no
    # specific cue, has tests of its own (tests/test_facts_dealmodel.py)
    return FactsExtractor(load(SHIPPED, environ={}, check_models=False).terms, deal_model=None)


@pytest.mark.parametrize(
    ("title", "health", "partners", "deal", "area"),
    [
        ("Ridgeway Health partners with Quillon on AI for clinical documentation",
         ["Ridgeway Health"], ["Quillon"], "partnership", "clinical documentation"),
        ("Harlow Clinic rolls out Corvant's AI scribe to 2,000 clinicians",
         ["Harlow Clinic"], ["Corvant"], "deployment", None),
        ("Brantley Therapeutics signs $90M upfront licensing deal with Lumora for AI drug design",
         ["Brantley Therapeutics"], ["Lumora"], "licensing_rd", "drug design"),
        ("Ostrava Hospital and Kelpie AI open joint AI lab for radiology",
         ["Ostrava Hospital"], ["Kelpie AI"], "co_development", "radiology"),
        ("Fenwick invests in Caldera Medical Group to bring its AI to oncology",
         ["Caldera Medical Group"], ["Fenwick"], "investment", "oncology"),
    ],
)
def test_facts_of_invented_deals(extractor: FactsExtractor, title: str, health: list[str],
                                 partners: list[str], deal: str, area: str | None) -> None:
    found = extractor.extract(Item(fingerprint="x", source="s", title=title))
    assert (list(found.health_orgs), list(found.partners), found.deal_type, found.area) == (
        health, partners, deal, area
    )


@pytest.mark.parametrize(
    ("title", "deal"),
    [
        # a pilot by another name puts the partner's product to work
        ("Varnel Health among first to test-drive Corvant's generative AI for patient messages", "deployment"),
        # designing is making: a joint build, even behind a choosing verb
        ("Kestrel Pharma taps Lumora to design biologics with AI", "co_development"),
        # ... unless milestones pay for it: a ceiling outranks the making verb
        ("Lumora wins up to $247M Kestrel Pharma pact to design a cancer antibody with AI", "licensing_rd"),
        # a budget's ceiling in a deal about no drug is no milestone payment
        ("Kestrel Pharma commits up to $1 billion to agentic AI pact with Corvant Cloud", "partnership"),
    ],
)
def test_deal_types_of_general_kinds(extractor: FactsExtractor, title: str, deal: str) -> None:
    assert extractor.extract(Item(fingerprint="x", source="s", title=title)).deal_type == deal


def test_an_ai_product_is_not_a_party(extractor: FactsExtractor) -> None:
    found = extractor.extract(Item(fingerprint="x", source="s", title="Harlow Clinic brings ChatGPT Enterprise to 3,000 staff with OpenAI"))
    assert "ChatGPT Enterprise" not in found.parties and "OpenAI" in found.partners


def test_a_config_without_the_facts_lists_still_gives_parties_and_amounts() -> None:
    bare = FactsExtractor({"x": ["y"]})
    found = bare.extract(Item(fingerprint="x", source="s", title="Ridgeway Clinic and Quillon sign $5M AI pact"))
    assert found.deal_type == "partnership" and found.amount_usd == 5e6
    # no kinds to tell the sides: the names complete the deal in headline order
    assert (found.health_orgs, found.partners) == (("Ridgeway Clinic",), ("Quillon",))
    assert FactsSpec().lists() >= {"health_org", "area", "licensing", "co_development", "deployment"}


def test_newsbot_facts_prints_one_line_per_item(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        json.dumps({"id": "a", "title": "Ridgeway Health partners with Quillon on AI"}) + "\n"
        + json.dumps({"id": "b", "title": "Weather today"}) + "\n"
    )
    result = CliRunner().invoke(cli, ["facts", "--input", str(items), "--config", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert set(lines[0]) == {"id", "parties", "health_orgs", "partners", "deal_type", "amount_usd", "area"}
    assert lines[0]["health_orgs"] == ["Ridgeway Health"] and lines[1]["parties"] == []
