"""The shipped health-AI rule on labelled samples of each near-miss kind and language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import load
from bot.models import Item
from bot.normalize import record_to_item
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


@pytest.mark.parametrize("record", _samples(), ids=lambda r: f"{r['id']}-{r['kind']}-{r.get('lang', 'en')}")
def test_the_shipped_rule_agrees_with_the_label(shipped: RuleSet, record: dict[str, object]) -> None:
    item = record_to_item(record)
    matched = any(m.rule == RULE for m in shipped.match(item))

    assert matched is bool(record["label"]), shipped.explain(RULE, item).reason()


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
    ],
)
def test_it_generalizes_to_unseen_organisations(shipped: RuleSet, title: str, summary: str, expected: bool) -> None:
    item = Item(fingerprint="x", source="s", title=title, summary=summary)

    assert bool(shipped.match(item)) is expected, shipped.explain(RULE, item).reason()
