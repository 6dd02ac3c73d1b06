"""Score rules against labelled items: precision, recall, F1, and why each error happened.

Pure: takes a compiled RuleSet and (item, label) pairs; `newsbot backtest` and
bench/relevance.py print the result. An item counts as predicted relevant for a rule when
the rule matches it (query holds and min_score is reached), exactly as in production.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.models import Item
from bot.rules.ruleset import RuleSet


@dataclass(frozen=True, slots=True)
class Miss:
    """A false positive or false negative and the reason the rule gave."""

    id: str
    title: str
    reason: str


@dataclass(slots=True)
class RuleScore:
    rule: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_positives: list[Miss] = field(default_factory=list)
    false_negatives: list[Miss] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "false_positives": [vars_of(m) for m in self.false_positives],
            "false_negatives": [vars_of(m) for m in self.false_negatives],
        }


# What a `label` may be: 1/0, true/false (JSON or as text). Anything else is a mistake in
# the labelled file, and guessing (a missing label as negative, 7 as positive) skews the score.
_LABELS = {1: True, 0: False, "1": True, "0": False, "true": True, "false": False}


def parse_label(value: Any) -> bool:
    """A record's `label` as a bool; raises ValueError naming what is allowed."""
    key = value.strip().lower() if isinstance(value, str) else value
    if isinstance(key, bool) or key in _LABELS:
        return bool(_LABELS.get(key, key))
    shown = "missing" if value is None else f"{value!r}"
    raise ValueError(f"`label` is {shown}: write 1 or 0 (true or false)")


def vars_of(miss: Miss) -> dict[str, str]:
    return {"id": miss.id, "title": miss.title, "reason": miss.reason}


def backtest(
    ruleset: RuleSet, labelled: Iterable[tuple[Item, bool]], rules: list[str] | None = None
) -> list[RuleScore]:
    """One RuleScore per rule (all rules, or those named), in config order."""
    names = rules or ruleset.names
    scores = {name: RuleScore(name) for name in names}
    for item, label in labelled:
        matched = {m.rule for m in ruleset.match(item)}
        for name, score in scores.items():
            _count(score, ruleset, item, label, name in matched)
    return list(scores.values())


def _count(score: RuleScore, ruleset: RuleSet, item: Item, label: bool, predicted: bool) -> None:
    if predicted and label:
        score.tp += 1
    elif not predicted and not label:
        score.tn += 1
    else:
        reason = ruleset.explain(score.rule, item).reason()
        opinion = ruleset.opinion(score.rule, item)
        if opinion is not None and opinion.score is not None:
            reason += f"; learned stage: model {opinion.score:.2f} ({opinion.combine})"
        miss = Miss(item.fingerprint, item.title, reason)
        if predicted:
            score.fp += 1
            score.false_positives.append(miss)
        else:
            score.fn += 1
            score.false_negatives.append(miss)
