"""The shipped health-AI rule on labelled samples of each near-miss kind and language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import load
from bot.models import Item
from bot.normalize.item import record_to_item
from bot.rules import RuleSet, compile_rules

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "tests" / "data" / "rules" / "relevance-sample.jsonl"
RULE = "health-ai-partnerships"


@pytest.fixture(scope="module")
def shipped() -> RuleSet:
    settings = load(ROOT / "config" / "newsbot.yaml", environ={})
    return compile_rules(settings.rules, settings.terms)


def _samples() -> list[dict[str, object]]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


def test_the_shipped_rule_agrees_with_most_labelled_samples(shipped: RuleSet) -> None:
    """A smoke test of the shipped rule and its model on a few labelled items of each kind.

    Not a quality figure: the learned stage was trained on these items' corpus. Quality is
    measured out of sample by bench/relevance.py. Per-item assertions here would invite
    fitting words to items, so this holds the whole sample to a floor instead.
    """
    records = _samples()
    agree = [
        any(m.rule == RULE for m in shipped.match(record_to_item(r))) is bool(r["label"])
        for r in records
    ]

    assert sum(agree) >= 0.9 * len(records), [r["id"] for r, ok in zip(records, agree, strict=True) if not ok]


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Intermountain Health taps Ambience for ambient AI documentation", "", True),
        ("Regional insurer inks machine learning claims pact with startup", "", True),
        ("Hospital chain deploys Aidoc imaging AI across 30 sites", "", True),
        ("Epic Games partners with AI studio on Fortnite characters", "", False),
        ("Health-AI startup raises $40M Series B", "Hospitals and health systems invested.", False),
        ("Senators unveil bill to regulate AI in hospitals", "Lawmakers want partnerships disclosed.", False),
        ("Bank partners with OpenAI on AI assistants", "", False),
        ("Hospital builds in-house AI model with its own data", "Built on Microsoft Azure.", False),
        # an exclusion fitted to one item once rejected real deals like this one
        ("Mayo Clinic's internal medicine department partners with Google on generative AI", "", True),
        ("Kestrel Therapeutics signs multi-year AI drug design pact with Lumora", "", True),
        ("Regional health ministry signs MoU with chip maker on AI for hospitals", "", True),
        ("Klinikum Nordstadt und Fennel AG starten gemeinsames KI-Projekt", "", True),
        ("Harbor Games and Vantis Studio partner on AI characters", "", False),
        ("Hospital operator posts quarterly results", "Margins improved; AI spending rose.", False),
        # kinds named in the issue that failed on unseen news; every name here is invented
        ("Lakeview Medical Center goes enterprise-wide with Corvana's ambient scribe", "", True),
        ("Bayview Health turns to Lumio for AI-powered prior authorization", "", True),
        ("Le CHU de Lormont s'associe à Mediqa pour déployer des outils d'IA", "", True),
        ("Hospital Sanvera y Tecnia lanzan una plataforma de inteligencia artificial con Nuvix", "", True),
        ("Greenfield Health partners with Nimbus Ai on clinical models", "", True),  # "Ai" in a name
        ("NorthHealth partners with Quantix on generative AI", "", True),  # compound name, no space
        ("Uniklinik-Verbund: Augenklinik Talberg kooperiert mit KI-Firma Datavis", "", True),
        # no AI stated: a partnership about models or agents of another sort is not an AI deal
        ("Northside Health partners with Acme on value-based care models", "", False),
        ("Bay Health and Kaiser agree on new payment model", "", False),
        ("Metro Health picks Fortis agents to handle patient billing calls", "", False),
    ],
)
def test_it_generalizes_to_unseen_organisations(shipped: RuleSet, title: str, summary: str, expected: bool) -> None:
    item = Item(fingerprint="x", source="s", title=title, summary=summary)

    assert bool(shipped.match(item)) is expected, shipped.explain(RULE, item).reason()


def test_the_shipped_rule_and_model_on_invented_deals_of_each_kind(shipped: RuleSet) -> None:
    """Invented organisations (no list names them) in the deal phrasings of trade press: deploy,
    pilot, license, invest, joint venture, MoU ... and near misses of each label kind (in-house,
    funding, clearance, survey, opinion, non-AI deal, non-health AI deal).

    A floor, not per item: the learned stage is retrained from labeled data, and one item may
    move; a drop below the floor is a regression in the rule or the model."""
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "rules" / "invented-kinds.jsonl").read_text(encoding="utf-8").splitlines()]
    verdicts = [
        (row, bool(shipped.match(Item(fingerprint="x", source="s", title=row["title"], summary="")))) for row in rows
    ]
    missed = [row["title"] for row, matched in verdicts if row["label"] and not matched]
    wrong = [row["title"] for row, matched in verdicts if not row["label"] and matched]

    assert len(missed) <= 2, missed
    assert len(wrong) <= 1, wrong


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # an unlisted vendor's product after a verb of adoption ("rolls out X's AI")
        ("Lakeshore Health rolls out Quorvo's AI agents for patient scheduling", True),
        ("Lakeshore Health's AI agents roll out to more clinics", False),  # its own, no vendor
        # the choosing verbs in their other forms; "build with" in the other languages
        ("Brightwater Medical Center to tap Velora for generative AI documentation", True),
        ("Pharmakonzern Nordvia baut mit Kelvix eine KI-Plattform für die Wirkstoffforschung", True),
        ("Klinikverbund Elbtal entwickelt hauseigene KI-Lösungen mit eigenen Daten", False),
        # an AI vendor named without the word AI: the FDA's AI-enabled device categories
        ("Lakeshore Health partners with Radvio on computer-aided detection for lung scans", True),
        ("Lakeshore Health deploys Radvio's computer-assisted triage in its stroke units", True),
        # what an existing deployment achieved is no new deal
        ("Lakeshore Health nurses describe early days of Quorvo's AI charting pilot", False),
        ("Lakeshore Health reports time savings, less burnout with Quorvo's AI scribe", False),
        ("Lakeshore Health pilots Quorvo's AI scribe to ease clinician burnout", True),  # its aim
        # "built together" in Hindi ("X और Y ने मिलकर बनाया"), and a vaccine in another language
        ("लेकशोर अस्पताल और क्वोर्वो ने मिलकर बनाया AI आधारित टूल", True),
        ("Nordvia und Kelvix entwickeln gemeinsam KI für Impfstoffe", True),
        # Arabic writes the article and prepositions onto the noun ("in cooperation with"),
        # and Turkish suffixes its cases ("with the cooperation of")
        ("مستشفى ليكشور يطلق مشروعًا للذكاء الاصطناعي بالتعاون مع كوارفو", True),
        ("مستشفى ليكشور يوقع مذكرة تفاهم مع كوارفو في الذكاء الاصطناعي", True),
        ("Lakeshore Hastanesi ve Quorvo iş birliğiyle yapay zeka projesi başlattı", True),
        # Norwegian "takes into use" is "adopts"; two organisations take a Hebrew plural verb
        ("Lakeshore sykehus tar i bruk KI med Quorvo for bruddiagnostikk", True),
        # health news' "signs" are a patient's; a deal's are signed with someone
        ("Lakeshore Health says its AI flags early signs of sepsis across its hospitals", False),
        ("Lakeshore Health signs with Quorvo for generative AI documentation", True),
        # nor are a labour strike or a disease contracted a deal
        ("Lakeshore Health nurses' strikes over AI staffing tools spread to more hospitals", False),
        ("Lakeshore Health AI predicts which patients contracted sepsis after surgery", False),
        # a licence granted is a deal; a licensed nurse is none
        ("Velora licenses its AI pathology models to Lakeshore Health", True),
        ("Lakeshore Health uses AI to help licensed nurses with discharge notes", False),
        # German "bündeln" pools one's own work; joining forces is "Kräfte bündeln"
        ("Uniklinikum Lakeshore will KI-Kompetenz in der Medizin bündeln", False),
        ("Uniklinikum Lakeshore und Quorvo bündeln ihre Kräfte für KI in der Radiologie", True),
        ("קופת חולים לייקשור ונורדיה מטמיעות בינה מלאכותית של Microsoft", True),
        # a pilot is a trial as a verb; the noun in health news is a clinical trial
        ("Lakeshore Health trials Quorvo's AI scribe in its emergency departments", True),
        ("Lakeshore Health AI drug from Microsoft enters mid-stage trial", False),
    ],
)
def test_the_boolean_rule_alone_on_kinds_of_unseen_news(shipped: RuleSet, title: str, expected: bool) -> None:
    """The explainable core without its learned second opinion: these kinds must hold (or
    fail) in the rule itself, where a user can read why."""
    explanation = shipped.explain(RULE, Item(fingerprint="x", source="s", title=title))

    assert explanation.held is expected, explanation.reason()


def test_the_terms_an_alert_shows_leave_out_the_possessive_it_matched_on(shipped: RuleSet) -> None:
    item = Item(fingerprint="x", source="s", title="Lakeshore Health rolls out Quorvo's AI agents for scheduling")
    terms = next(m for m in shipped.match(item) if m.rule == RULE).terms

    assert "rolls out" in terms and "ai" in [t.lower() for t in terms]
    assert "s" not in terms


@pytest.mark.parametrize(
    ("title", "holds"),
    [
        # software kinds that are often AI: the learned stage may look, its examples decide
        ("Bellmoor Diagnostics licenses pathology models from Lumora", True),
        ("Tolliver General Hospital signs with stroke triage software maker Veradyne", True),
        ("Ostrava Pharma and Kelvin Labs sign in silico discovery pact", True),
        # "model" in its business and research senses, and "agents", say nothing of AI
        ("Northside Health partners with Acme on value-based care models", False),
        ("Bay Health and Kaiser agree on new payment model", False),
        ("Metro Health picks Fortis agents to handle patient billing calls", False),
        ("Kestrel Pharma tests its drug in a mouse model of lupus", False),
        # nor at what an existing deployment achieved
        ("Bellmoor Health clinicians save 4 minutes per note with Lumora's ambient AI", False),
    ],
)
def test_the_learned_gate_looks_at_software_kinds_but_not_at_other_models(title: str, holds: bool) -> None:
    settings = load(ROOT / "config" / "newsbot.yaml", environ={})
    spec = next(r for r in settings.rules if r.name == RULE)
    assert spec.learned is not None
    gate = compile_rules([spec.model_copy(update={"name": "gate", "query": spec.learned.gate})], settings.terms)
    item = Item(fingerprint="x", source="s", title=title, summary="")
    assert bool(gate.held(item)) is holds
