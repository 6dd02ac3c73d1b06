"""A rule's learned stage as the rule set runs it: gate, term-list features, model, verdict.

Promise: `build_stage(rule, spec, compile_one)` loads the model named by the rule's `learned:`
config and compiles what it needs: the gate (a query; the model runs only on items it holds
for) and, per term list the model was trained with, one query for a hit anywhere and one for
a hit in the title. Those compile into the rule set's shared term index, so their hits come
from the scan the rule set does anyway: the model adds no second pass over the text.
`LearnedStage.score(item, hits)` is the model's probability; `Opinion` is what `test-rule`
and `why` show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import bot.learned.features as features  # module, not name: bot.learned.features imports bot.rules.text
from bot.errors import RuleSyntaxError
from bot.learned import Combine, LinearModel, ModelError
from bot.learned.model import Example
from bot.models import Item
from bot.rules.compiler import Hits, RBool, RNode, RNot, build


@dataclass(frozen=True, slots=True)
class LearnedSpec:
    """The `learned:` block of a rule, as plain values (a config model or a worker's dict)."""

    model: str
    combine: str = "rule"
    gate: str | None = None

    @classmethod
    def of(cls, value: Any) -> LearnedSpec | None:
        if value is None:
            return None
        if isinstance(value, Mapping):
            return cls(str(value["model"]), str(value.get("combine") or "rule"), value.get("gate"))
        return cls(str(value.model), str(value.combine), value.gate)


@dataclass(frozen=True, slots=True)
class Opinion:
    """The learned stage's view of one item."""

    score: float | None  # None: the gate did not hold, so the model did not run
    combine: Combine
    gate_held: bool
    nearest: tuple[tuple[float, Example], ...]
    vetoed: bool = False  # one of the rule's exclusions held: the model may not overturn it


@dataclass(frozen=True, slots=True)
class LearnedStage:
    model: LinearModel
    combine: Combine
    gate: Any  # CompiledRule | None
    lists: tuple[tuple[str, Any, Any], ...]  # (list name, anywhere rule, title rule)
    vetoes: tuple[Any, ...] = ()  # the rule's top-level NOT clauses, as evaluators

    def gate_holds(self, hits: Hits) -> bool:
        """The model may run: the gate holds and none of the rule's exclusions tripped.

        A model learns from a few hundred items; an exclusion the user wrote (`AND NOT
        @off_topic`) is a decision it must not overturn, so it never sees those items."""
        return (self.gate is None or self.gate.holds(hits)) and all(v(hits) for v in self.vetoes)

    def feature_ids(self, item: Item, hits: Hits) -> list[int]:
        anywhere = [name for name, a, _ in self.lists if a.holds(hits)]
        in_title = [name for name, _, t in self.lists if t.holds(hits)]
        return features.extract(item.title or "", item.summary or "", anywhere, in_title)

    def score(self, item: Item, hits: Hits) -> float:
        return self.model.score(self.feature_ids(item, hits))

    def opinion(self, item: Item, hits: Hits, k: int = 3) -> Opinion:
        vetoed = not all(v(hits) for v in self.vetoes)
        held = not vetoed and (self.gate is None or self.gate.holds(hits))  # `gate_holds`
        ids = self.feature_ids(item, hits)
        score = self.model.score(ids) if held else None
        return Opinion(score, self.combine, held, tuple(self.model.nearest(ids, k)), vetoed)


def vetoes_of(tree: RNode) -> tuple[Any, ...]:
    """Evaluators of the top-level `AND NOT ...` clauses of a resolved query."""
    if isinstance(tree, RBool) and tree.op == "and":
        return tuple(build(child) for child in tree.children if isinstance(child, RNot))
    return (build(tree),) if isinstance(tree, RNot) else ()


def build_stage(rule: Any, spec: LearnedSpec, compile_one: Callable[[Any], Any], tree: RNode) -> LearnedStage:
    """Load the model and compile the gate and list queries (see the module doc); `tree` is
    the rule's resolved query, whose exclusions the model may not overturn."""
    try:
        combine = Combine.parse(spec.combine)
    except ValueError as exc:
        raise RuleSyntaxError(f"learned.combine: {exc}", query=spec.combine, column=1) from None
    try:
        model = LinearModel.load(Path(spec.model))
    except ModelError as exc:
        raise RuleSyntaxError(f"learned.model: {exc}", query=spec.model, column=1) from None

    def sub(suffix: str, query: str) -> Any:
        return compile_one(
            SimpleNamespace(name=f"{rule.name}#{suffix}", query=query, min_score=0.0, fields=rule.fields)
        )

    gate = sub("gate", spec.gate) if spec.gate else None
    lists = tuple((n, sub(f"list:{n}", f"@{n}"), sub(f"title:{n}", f"title:@{n}")) for n in model.lists)
    return LearnedStage(model, combine, gate, lists, vetoes_of(tree))
