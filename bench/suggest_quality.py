"""`newsbot suggest` on labeled sets: labels of one half fed in as feedback, proposals applied
greedily (each kept only if it still gains on that half), F1 measured on the held-back half.

    .venv/bin/python bench/suggest_quality.py config/newsbot.yaml RULE A.jsonl [B.jsonl ...]
"""

from __future__ import annotations

import json
import sys

from bot import config
from bot.interact.suggest import f1, suggest
from bot.normalize.item import record_to_item
from bot.rules import compile_rules
from bot.rules.backtest import parse_label


def main(path: str, rule: str, *files: str) -> None:
    settings = config.load(path)
    spec = next(r for r in settings.rules if r.name == rule)
    records = []
    for name in files:
        with open(name, encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    data = [(record_to_item(r), parse_label(r["label"])) for r in records]
    for name, train, test in (("even->odd", data[0::2], data[1::2]), ("odd->even", data[1::2], data[0::2])):
        query, terms = spec.query, {k: list(v) for k, v in settings.terms.items()}
        applied = []
        for _ in range(5):  # at most five proposals, each re-derived after the last
            found = [p for p in suggest(rule, query, terms, train, min_score=spec.min_score,
                                        fields=spec.fields) if p.gain > 0]  # fmt: skip
            if not found:
                break
            query, terms = found[0].query, found[0].terms or terms
            applied.append(f"{found[0].summary} ({found[0].effect()})")

        def score(q: str, t: dict[str, list[str]], test: list = test) -> float:  # type: ignore[type-arg]
            rules = compile_rules([spec.model_copy(update={"query": q, "learned": None})], t)
            return f1([bool(rules.match(i)) for i, _ in test], [y for _, y in test])

        base, after = score(spec.query, dict(settings.terms)), score(query, terms)
        print(f"{name}: {len(train)} fed as feedback, {len(test)} held back; "
              f"F1 held-back {base:.3f} -> {after:.3f}")
        for line in applied:
            print(f"  applied: {line}")


if __name__ == "__main__":
    main(*sys.argv[1:])
