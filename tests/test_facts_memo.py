"""Facts: what the extractor keeps between items gives every item the answers it would get alone.

Invented organisations and small term lists: which name is which kind is told by the lists
alone, so a name given another name's kinds lands on the wrong side."""

from __future__ import annotations

import zlib

import pytest

from bot.facts import FactsExtractor, dealmodel, names
from bot.learned.features import DIM
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


def ids(*names: str) -> set[int]:
    return {zlib.crc32(name.encode("utf-8")) & (DIM - 1) for name in names}


def test_a_words_deal_features_are_its_own_and_of_its_place_whatever_was_read_before() -> None:
    first = set(dealmodel.features("Quillon partners", "Harlow will use it", set(), set(), "partnership"))
    assert ids("t:quillon", "t:partners", "w:harlow", "g:part", "g:ners", "tb:quillon partners") <= first
    # the same words again, in the other place: the headline's word is no summary's word
    again = set(dealmodel.features("Harlow partners", "Quillon will use it", set(), set(), "partnership"))
    assert ids("t:harlow", "w:quillon", "g:part", "tb:harlow partners") <= again
    assert not ids("t:quillon", "w:harlow") & again


# headlines whose words differ by a possessive, a Turkish case ending, a final stop or a letter
HEADLINES = {
    "Harlow Clinic's AI scribe goes live": ["Harlow Clinic"],
    "Quillon partners with Harlow Clinic": ["Quillon", "Harlow Clinic"],
    "Evideep'ten Quillon'a yatırım": ["Evideep", "Quillon"],
    "Harlow Health picks Quillon AI.": ["Harlow Health", "Quillon AI"],
    "Quill and Harlowe Labs team up": ["Quill", "Harlowe Labs"],
}


@pytest.mark.parametrize("order", [1, -1])
def test_a_headlines_names_are_its_own_whatever_was_read_before(order: int) -> None:
    for title, expected in [*HEADLINES.items()][::order] * 2:
        assert [title[a:b] for a, b in names.spans(title)] == expected


def test_the_cue_features_are_the_items_own_whatever_was_read_before() -> None:
    first = set(dealmodel.features("Quillon", "", {"agreement"}, {"choice"}, "partnership"))
    assert ids("c:h_agreement", "c:s_choice", "c2:h_agreement&s_choice", "p:partnership", "bias") <= first
    # the same kinds, the other way round, and another answer of the procedure
    again = set(dealmodel.features("Quillon", "", {"choice"}, {"agreement"}, "deployment"))
    assert ids("c:h_choice", "c:s_agreement", "c2:h_choice&s_agreement", "p:deployment", "bias") <= again
    assert not ids("c:h_agreement", "c:s_choice", "p:partnership") & again
    assert not ids("c:h_choice", "c:s_agreement", "p:deployment") & first
