"""How a rule and its learned model decide together, parsed from the config's `combine:`.

Forms (case-insensitive, spaces free):
    rule                               the boolean rule alone (the model's score is still shown)
    model >= T                         the model alone, on items that pass the gate
    rule OR model >= T                 either: the model recovers what the rule misses
    rule AND model >= T                both: the model vetoes what the rule lets through
    (rule AND model >= V) OR model >= T
                                       the veto form: the rule's hits that the model scores
                                       below V are refused, and the model still recovers what
                                       it scores T or more; V is below T
T and V are probabilities in [0, 1]. Where the model did not run (its gate did not hold),
the veto form keeps the rule's verdict: the model cannot refuse what it has not scored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_NUMBER = r"[0-9]*\.?[0-9]+"
_FORM = re.compile(
    r"^\s*(?:(?P<rule>rule)\s*(?:(?P<op>or|and)\s*)?)?"
    rf"(?:model\s*>=\s*(?P<t>{_NUMBER}))?\s*$",
    re.IGNORECASE,
)
_VETO = re.compile(
    rf"^\s*\(\s*rule\s+and\s+model\s*>=\s*(?P<v>{_NUMBER})\s*\)\s*or\s+model\s*>=\s*(?P<t>{_NUMBER})\s*$",
    re.IGNORECASE,
)
FORMS = ("`rule`, `model >= 0.7`, `rule OR model >= 0.7`, `rule AND model >= 0.7` "
         "or `(rule AND model >= 0.1) OR model >= 0.7`")


@dataclass(frozen=True, slots=True)
class Combine:
    use_rule: bool
    op: str | None  # "or" | "and" | None (one side alone); the veto form is an "or"
    threshold: float | None  # None: the model does not decide
    veto: float | None = None  # the veto form's V: a rule hit the model scores below it is refused

    @classmethod
    def parse(cls, text: str) -> Combine:
        v = _VETO.match(text or "")
        if v is not None:
            veto, threshold = float(v["v"]), float(v["t"])
            for value in (veto, threshold):
                if not 0.0 <= value <= 1.0:
                    raise ValueError(f"the thresholds in {text!r} are probabilities between 0 and 1")
            if veto >= threshold:
                raise ValueError(
                    f"in {text!r} the veto threshold ({veto:g}) must be below the recovery threshold "
                    f"({threshold:g}), e.g. `(rule AND model >= 0.1) OR model >= 0.35`"
                )
            return cls(True, "or", threshold, veto)
        m = _FORM.match(text or "")
        ok = m is not None and (m["rule"] or m["t"]) and (bool(m["op"]) == bool(m["rule"] and m["t"]))
        if not ok or m is None:
            if len(re.findall(r"model", text or "", re.IGNORECASE)) == 2:
                raise ValueError(f"cannot read {text!r}: the veto form is written with its brackets, "
                                 "`(rule AND model >= V) OR model >= T` with V below T, "
                                 "e.g. `(rule AND model >= 0.1) OR model >= 0.35`")
            raise ValueError(f"cannot read {text!r}: write {FORMS}")
        t = float(m["t"]) if m["t"] else None
        if t is not None and not 0.0 <= t <= 1.0:
            raise ValueError(f"the threshold in {text!r} is a probability between 0 and 1")
        return cls(bool(m["rule"]), m["op"].lower() if m["op"] else None, t)

    def with_thresholds(self, threshold: float, veto: float | None = None) -> Combine:
        """The same form with other thresholds (a veto form keeps its form: V defaults to 0)."""
        if self.veto is None:
            return replace(self, threshold=threshold)
        return replace(self, threshold=threshold, veto=0.0 if veto is None else veto)

    @property
    def needs_model(self) -> bool:
        return self.threshold is not None

    def settled(self, rule_held: bool) -> bool | None:
        """The verdict when the rule's alone settles it, else None (the model must score).

        `rule OR model` admits what the rule admits, and `rule AND model` refuses what the
        rule refuses, whatever the score: the model need not run on those items. The veto
        form needs the score either way."""
        if self.threshold is None:
            return rule_held
        if self.veto is not None:
            return None
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
        if self.veto is not None:
            if score is None:
                return rule_held
            return (rule_held and score >= self.veto) or model_says
        return (rule_held or model_says) if self.op == "or" else (rule_held and model_says)

    def __str__(self) -> str:
        model = f"model >= {self.threshold:g}" if self.threshold is not None else ""
        if self.veto is not None:
            return f"(rule AND model >= {self.veto:g}) OR {model}"
        if not self.use_rule:
            return model
        return f"rule {self.op.upper()} {model}" if self.op else "rule"
