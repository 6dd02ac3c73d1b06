"""Development kinds read from the deal verbs of each language and from the words around them:
a round told by its lead investor or by a billion valuation is funding, "raise" that increases
something is none, Spanish, Portuguese and Italian purchase verbs in their other forms are
purchases, a joint venture or the partnering words of the rules' other languages are
partnerships, and rolling out or adopting a technology is a deployment.
Every organisation here is invented."""

from __future__ import annotations

import pytest

from bot.stories.cues import kinds


@pytest.mark.parametrize(("headline", "kind"), [
    ("Paris insurtech joins unicorn club with Coatra-led round", "funding"),
    ("L'assureur Quorra devient une licorne", "funding"),
    ("Quorra raises $24M Series B", "funding"),
    ("Varnel comprará Quorra por 688 millones de dólares", "acquisition"),
    ("Varnel compró Quorra", "acquisition"),
    ("Full results: Varnel's AI-supported screening lifts cancer detection", "results"),
    ("Varnel and Quorra set up joint venture for AI-assisted healthcare", "partnership"),
    ("Varnel Gandeng Quorra Bangun Layanan Kesehatan", "partnership"),
    ("Varnel inleder samarbete med Quorra kring AI", "partnership"),
    ("Varnel ve Quorra yapay zekâ alanında işbirliği yaptı", "partnership"),
    ("Varnel en Quorra werken samen aan AI", "partnership"),
    ("Varnel s'allie à Quorra pour chercher des anticancéreux", "partnership"),
    ("Varnel y Quorra se alían para llevar la IA al quirófano", "partnership"),
    ("Varnel und Quorra arbeiten künftig zusammen", "partnership"),
    ("Varnel Health rolls out AI note-writing to 1,500 clinicians", "deployment"),
    ("Varnel becomes an early pediatric adopter of ambient AI notes", "deployment"),
    ("Varnel health system brings generative AI documentation to more than 140 locations", "deployment"),
])
def test_a_kind_is_read_from_its_words(headline: str, kind: str) -> None:
    assert kind in kinds(headline)


@pytest.mark.parametrize("headline", [
    "Full Varnel results: AI-supported screening raised breast cancer detection by 29%",
    "Quorra's AI scribe raises concerns among nurses",
    "Nationwide study shows AI raises cancer detection rates",
])
def test_raise_that_increases_something_is_no_funding(headline: str) -> None:
    assert "funding" not in kinds(headline)


def test_an_antitrust_clearance_is_a_deals_approval_not_a_case() -> None:
    assert kinds("Quorra deal done: Varnel clears final antitrust reviews in Europe") == {"approval"}
    assert "legal" in kinds("Regulator sues to block Varnel's Quorra deal on antitrust grounds")
