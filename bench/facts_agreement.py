"""How far two labellings of the same items agree on deal type: the ceiling of any extractor.

Usage:
    python bench/facts_agreement.py --first bench/data/facts-dev.jsonl \
        --first bench/data/facts-dev2.jsonl --second bench/data/facts-deal-second.jsonl

`--first` files hold the facts labels the quality bench scores against (`bench/facts_quality.py`);
`--second` a blind second labelling of the same ids by the same written rules (`{"id",
"deal_type"}` lines; a first `{"rules": ...}` line is skipped). Prints, per first file and in
all: the share of items both labellings type alike, Cohen's kappa (agreement beyond what the
two labellings' type frequencies give by chance), and the confusion table (first in rows). An
extractor scored against one labelling cannot be expected to agree with it much more often
than a second careful labeller does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

TYPES = ("partnership", "deployment", "co_development", "licensing_rd", "investment")


def labels(path: Path, field: str = "deal_type") -> dict[str, str]:
    """`{id: value of field}` of a JSON-lines label file (a `{"rules": ...}` line has no id)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if "id" in row and row.get(field):
            out[row["id"]] = row[field]
    return out


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of (first, second) type pairs."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[t] * second[t] for t in first) / (n * n)
    return 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def report(name: str, pairs: list[tuple[str, str]]) -> None:
    agree = sum(a == b for a, b in pairs)
    print(f"{name}: {len(pairs)} items, same type {agree} ({agree / len(pairs):.3f}), "
          f"Cohen's kappa {kappa(pairs):.3f}")  # fmt: skip
    cells = Counter(pairs)
    print("  first (rows) x second (columns): " + " ".join(f"{t[:12]:>12}" for t in TYPES))
    for a in TYPES:
        print(f"  {a:<31} " + " ".join(f"{cells[(a, b)] or '.':>12}" for b in TYPES))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", type=Path, action="append", required=True)
    ap.add_argument("--second", type=Path, required=True)
    args = ap.parse_args()
    second = labels(args.second)
    everything: list[tuple[str, str]] = []
    for path in args.first:
        first = labels(path)
        missing = sorted(set(first) - set(second))
        if missing:
            print(f"{path.name}: {len(missing)} ids have no second label, e.g. {missing[:3]}")
        pairs = [(first[i], second[i]) for i in first if i in second]
        report(path.name, pairs)
        everything += pairs
    if len(args.first) > 1:
        report("all", everything)
    return 0


if __name__ == "__main__":
    sys.exit(main())
