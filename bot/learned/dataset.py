"""Labeled records -> training examples for a rule's learned stage.

Promise: `examples(records, rule, terms)` gives, per labeled record (a dict with `id`,
`title`, `summary`, `label` and the other item fields `newsbot match` reads), the hashed
features the stage computes at run time (the same term-list queries on the same scan) and
the boolean rule's own verdict, so training sees exactly what matching will. A label must be
0 or 1 (also `true`/`false`); anything else raises ValueError naming the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from bot.learned.features import extract
from bot.learned.train import Labeled
from bot.normalize.item import record_to_item
from bot.rules import compile_rules
from bot.rules.learned import vetoes_of

TERM_REF = re.compile(r"@([A-Za-z_][A-Za-z0-9_]*)")


def rule_lists(query: str) -> list[str]:
    """The term lists a query names, in first-seen order: the model's list features."""
    return list(dict.fromkeys(TERM_REF.findall(query)))


def label_of(record: Mapping[str, Any], where: str) -> int:
    value = record.get("label")
    if value in (0, 1, True, False) and not isinstance(value, float):
        return int(value)
    raise ValueError(f"{where}: `label` must be 0 or 1 (true/false), got {value!r}")


def examples(
    records: Sequence[Mapping[str, Any]], rule: Any, terms: Mapping[str, Sequence[str]],
    lists: Iterable[str] | None = None, gate: str | None = None,
) -> tuple[list[Labeled], list[str]]:
    """Training examples for `rule` (a RuleSpec or alike) and the lists used as features.

    `gate` defaults to the rule's `learned.gate`: examples it does not hold for are marked
    so, as the model never runs on them."""
    names = list(lists) if lists is not None else rule_lists(rule.query)
    fields = list(rule.fields or ("title", "summary"))
    learned = getattr(rule, "learned", None)
    gate = gate if gate is not None else (learned.gate if learned is not None else None)
    specs = [SimpleNamespace(name=rule.name, query=rule.query, min_score=rule.min_score, fields=fields)]
    if gate:
        specs.append(SimpleNamespace(name="#gate", query=gate, min_score=0.0, fields=fields))
    for x in names:
        specs.append(SimpleNamespace(name=f"a:{x}", query=f"@{x}", min_score=0.0, fields=fields))
        specs.append(SimpleNamespace(name=f"t:{x}", query=f"title:@{x}", min_score=0.0, fields=fields))
    ruleset = compile_rules(specs, terms)
    # The stage's gate also requires that none of the rule's exclusions tripped (see
    # bot.rules.learned.LearnedStage.gate_holds): the same here, on the same scan.
    vetoes = vetoes_of(ruleset.rules[0].tree)
    out = []
    for n, record in enumerate(records):
        label = label_of(record, f"line {n + 1} (id {record.get('id')})")
        item = record_to_item(dict(record))
        held = set(ruleset.held(item))
        hits = ruleset.scan(item) if vetoes else None
        anywhere = [x for x in names if f"a:{x}" in held]
        in_title = [x for x in names if f"t:{x}" in held]
        ids = extract(item.title or "", item.summary or "", anywhere, in_title)
        gated = (not gate or "#gate" in held) and all(v(hits) for v in vetoes)
        out.append(Labeled(str(record.get("id", n)), item.title or "", label, ids, rule.name in held, gated))
    return out, names
