"""Facts: what the extractor keeps between items gives every item the answers it would get alone.

Invented organisations and small term lists: which name is which kind is told by the lists
alone, so a name given another name's kinds lands on the wrong side."""

from __future__ import annotations

from bot.facts import FactsExtractor
from bot.models import Item

TERMS = {
    "health_org": ["Harlow", "Ridgeway"],
    "company": ["Quillon", "Vexa"],
    "partnership": ["partners", "partner"],
}


def facts(extractor: FactsExtractor, title: str):
    return extractor.extract(Item(fingerprint="x", source="s", title=title))


def test_each_name_keeps_its_own_kinds_from_item_to_item() -> None:
    extractor = FactsExtractor(TERMS, deal_model=None)
    alone = {title: facts(FactsExtractor(TERMS, deal_model=None), title)
             for title in ("Harlow partners with Quillon", "Quillon partners with Ridgeway", "Vexa and Harlow partner")}
    for _ in range(3):  # the names recur: later rounds read what was kept of them
        for title, expected in alone.items():
            got = facts(extractor, title)
            assert (got.health_orgs, got.partners) == (expected.health_orgs, expected.partners)
    assert facts(extractor, "Harlow partners with Quillon").health_orgs == ("Harlow",)
    assert facts(extractor, "Quillon partners with Ridgeway").partners == ("Quillon",)
    assert facts(extractor, "Vexa and Harlow partner").partners == ("Vexa",)
