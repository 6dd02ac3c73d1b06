"""Which items of a new labeled set may report an event that older labeled sets already hold.

Usage:
    python bench/overlap.py NEW.jsonl OLD.jsonl [OLD2.jsonl ...] [--days 120]

A new set is only a fair test of what was tuned on the old ones when no event is in both. An
item of NEW is flagged when it shares two or more names (the story stage's `names`, so
"Mayo Clinic" and "Mayo" are one) with an item of an OLD file published within `--days` of it.
Printed: NEW's flagged ids with their own titles, and for each only the OLD file and id it
overlaps, never the old item's text (the old file may be a held-out set whose items should not
be read while tuning). Flagged items are candidates for removal from NEW; same names months
apart are usually a different event and are not flagged.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.stories.names import names


def rows(path: str) -> list[dict]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if "id" in row and "title" in row:
            out.append(row)
    return out


def day(row: dict) -> date | None:
    try:
        return date.fromisoformat(str(row.get("published", ""))[:10])
    except ValueError:
        return None


def keys(row: dict) -> set[tuple[str, ...]]:
    summary = str(row.get("summary") or "")
    return set(names(str(row["title"]), summary)) | set(names(summary[:300], summary))


def overlaps(new: list[dict], old: dict[str, list[dict]], days: int) -> list[tuple[dict, list[str]]]:
    indexed = [(name, r, keys(r), day(r)) for name, rs in old.items() for r in rs]
    found = []
    for row in new:
        mine, when = keys(row), day(row)
        hits = [f"{name}:{r['id']}" for name, r, theirs, d in indexed
                if len(mine & theirs) >= 2 and (when is None or d is None or abs((when - d).days) <= days)]  # fmt: skip
        if hits:
            found.append((row, hits))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("new")
    parser.add_argument("old", nargs="+")
    parser.add_argument("--days", type=int, default=120)
    args = parser.parse_args()
    new = rows(args.new)
    found = overlaps(new, {Path(p).name: rows(p) for p in args.old}, args.days)
    for row, hits in found:
        print(f"{row['id']}\t{row['title'][:90]}\t{', '.join(hits[:4])}")
    print(f"{len(found)} of {len(new)} items of {Path(args.new).name} may share an event with {', '.join(args.old)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
