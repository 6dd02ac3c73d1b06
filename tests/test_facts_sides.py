"""Facts: which party is the healthcare organisation and which the partner, where the names'
kinds say little: a brand's word of health ("X Health", "X Medical", "XMed"), and two
healthcare organisations the deal's grammar tells apart.

Invented organisations throughout; the shipped config supplies the kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load
from bot.facts import FactsExtractor
from bot.models import Item

SHIPPED = Path(__file__).resolve().parents[1] / "config" / "newsbot.yaml"


@pytest.fixture(scope="module")
def extractor() -> FactsExtractor:
    return FactsExtractor(load(SHIPPED, environ={}, check_models=False).terms, deal_model=None)


def sides(extractor: FactsExtractor, title: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    facts = extractor.extract(Item(fingerprint="x", source="s", title=title))
    return facts.health_orgs, facts.partners


@pytest.mark.parametrize(
    ("title", "health", "partner"),
    [
        # a brand's word of health says neither side beside a name of no kind: headline order
        ("Brantley Mutual partners with Quillon Health", "Brantley Mutual", "Quillon Health"),
        ("Brantley Mutual kooperiert mit Quillon Health", "Brantley Mutual", "Quillon Health"),
        ("Quillon Health partners with Brantley Mutual", "Quillon Health", "Brantley Mutual"),
        ("Brantley Mutual partners with VeloMed on insulin dosing", "Brantley Mutual", "VeloMed"),
        # an AI company's brand word of health is no evidence against its AI
        ("Ostrava Imaging and Velmora Health AI team up on scans", "Ostrava Imaging", "Velmora Health AI"),
        # beside a healthcare organisation of a kind, the brand's word is the AI maker's
        ("Lone Vale Health System partners with Quillon Health", "Lone Vale Health System", "Quillon Health"),
    ],
)
def test_a_brand_word_of_health_says_neither_side(extractor: FactsExtractor, title: str, health: str,
                                                   partner: str) -> None:
    assert sides(extractor, title) == ((health,), (partner,))


def test_a_body_of_health_is_no_brand(extractor: FactsExtractor) -> None:
    # "Ministry of Health": a health agency by its kind, whatever the other party's name says
    assert sides(extractor, "Quillon Health signs deal with Ministry of Health") == (
        ("Ministry of Health",), ("Quillon Health",))


@pytest.mark.parametrize(
    ("title", "health", "partner"),
    [
        ("Harlow Pharma signs AI research deal with Lumora Therapeutics", "Harlow Pharma", "Lumora Therapeutics"),
        ("Harlow Pharma inks AI pact with China's Lumora Pharma", "Harlow Pharma", "Lumora Pharma"),
        ("Lumora Therapeutics invests in Harlow Pharma to scale AI", "Lumora Therapeutics", "Harlow Pharma"),
    ],
)
def test_between_healthcare_organisations_the_one_dealt_with_is_the_partner(
        extractor: FactsExtractor, title: str, health: str, partner: str) -> None:
    assert sides(extractor, title) == ((health,), (partner,))
