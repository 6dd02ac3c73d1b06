"""How a rule and its learned model decide together, parsed from the config's `combine:`.

Forms (case-insensitive, spaces free):
    rule                     the boolean rule alone (the model's score is still shown)
    model >= T               the model alone, on items that pass the gate
    rule OR model >= T       either: the model recovers what the rule misses
    rule AND model >= T      both: the model vetoes what the rule lets through
T is a probability in [0, 1].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FORM = re.compile(
    r"^\s*(?:(?P<rule>rule)\s*(?:(?P<op>or|and)\s*)?)?"
    r"(?:model\s*>=\s*(?P<t>[0-9]*\.?[0-9]+))?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Combine:
    use_rule: bool
    op: str | None  # "or" | "and" | None (one side alone)
    threshold: float | None  # None: the model does not decide

    @classmethod
    def parse(cls, text: str) -> Combine:
        m = _FORM.match(text or "")
        ok = m is not None and (m["rule"] or m["t"]) and (bool(m["op"]) == bool(m["rule"] and m["t"]))
        if not ok or m is None:
            raise ValueError(
                f"cannot read {text!r}: write `rule`, `model >= 0.7`, `rule OR model >= 0.7` "
                "or `rule AND model >= 0.7`"
            )
        t = float(m["t"]) if m["t"] else None
        if t is not None and not 0.0 <= t <= 1.0:
            raise ValueError(f"the threshold in {text!r} is a probability between 0 and 1")
        return cls(bool(m["rule"]), m["op"].lower() if m["op"] else None, t)

    @property
    def needs_model(self) -> bool:
        return self.threshold is not None

    def settled(self, rule_held: bool) -> bool | None:
        """The verdict when the rule's alone settles it, else None (the model must score).

        `rule OR model` admits what the rule admits, and `rule AND model` refuses what the
        rule refuses, whatever the score: the model need not run on those items."""
        if self.threshold is None:
            return rule_held
        if self.use_rule and (self.op == "or") == rule_held:
            return rule_held
        return None

    def decide(self, rule_held: bool, score: float | None) -> bool:
        """The verdict; `score` is None when the gate kept the model from running."""
        model_says = score is not None and self.threshold is not None and score >= self.threshold
        if self.threshold is None:
            return rule_held
        if not self.use_rule:
            return model_says
        return (rule_held or model_says) if self.op == "or" else (rule_held and model_says)

    def __str__(self) -> str:
        model = f"model >= {self.threshold:g}" if self.threshold is not None else ""
        if not self.use_rule:
            return model
        return f"rule {self.op.upper()} {model}" if self.op else "rule"
