"""How far two labellings of the same stream agree on which items are one story.

Usage:
    python bench/dedup_agreement.py LABELED.jsonl SECOND.jsonl [LABELED2.jsonl SECOND2.jsonl ...]

`LABELED` is a shared dedup file (its `cluster` labels, and the look-alike pairs its notes
declare); `SECOND` a blind second labelling of the same ids by the same written rules
(`{"id", "story"}` lines; a first `{"rules": ...}` line is skipped). Printed per file, with
the first labelling as the reference: the second's pair precision and recall, B-cubed, the
reference stories it splits, and the declared look-alike pairs it merges; then the shipped
clustering scored against each labelling. A clusterer cannot be held to a pair recall that
two careful labellers do not reach with each other.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedup_quality import load, lookalike_merges, run, scores  # the quality bench's scoring
from facts_agreement import labels  # the same reader of label files

from bot import logs
from bot.stories.index import DEFAULT_FOLLOW_UP, Thresholds


def line(name: str, s: dict[str, float]) -> str:
    return (f"  {name:<36} pair P {s['pair_p']:.3f} R {s['pair_r']:.3f}   B-cubed P {s['b3_p']:.3f} "
            f"R {s['b3_r']:.3f}   reference stories split {s['split']} of {s['clusters']}")  # fmt: skip


def main() -> int:
    args = sys.argv[1:]
    if not args or len(args) % 2:
        print(__doc__)
        return 2
    logs.configure("console", "WARNING")
    for labeled, second_path in zip(args[::2], args[1::2], strict=True):
        records = load(labeled)
        second = labels(Path(second_path), "story")
        missing = [r["id"] for r in records if r["id"] not in second]
        if missing:
            print(f"{second_path}: no second label for {len(missing)} ids, e.g. {missing[:3]}")
            return 1
        first = [r["cluster"] for r in records]
        again = [second[r["id"]] for r in records]
        shipped, _ = run(records, timedelta(days=3), DEFAULT_FOLLOW_UP, Thresholds())
        declared, merged = lookalike_merges(records, again)
        print(f"{Path(labeled).name}: {len(records)} items; {len(set(first))} stories in the labels, "
              f"{len(set(again))} in the second labelling")  # fmt: skip
        print(line("second labelling vs the labels", scores(first, again))
              + f"   look-alike pairs merged {len(merged)} of {declared}")  # fmt: skip
        print(line("shipped clustering vs the labels", scores(first, shipped)))
        print(line("shipped clustering vs the second", scores(again, shipped)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
