"""Facts extraction speed over distinct items, each extracted once, then once more.

Usage: python bench/facts_speed.py RELEVANCE.jsonl [RELEVANCE.jsonl ...] [--config config/newsbot.yaml]
       [--after-stories] [--repeat N]

`facts_quality.py` times its file's items twenty times over, which the extractor's memos
(organisation names, words, cue sets: bounded, kept across items) turn into hits after the
first pass. Here the items of all the files given, each headline and summary once, are
extracted by a new extractor (the first pass: only what recurs between distinct items is
remembered, as in a stream of news), then a second time (every memo warm). Prints both in
items/s of CPU: compare two checkouts in one run, alternating (the machine is shared).
`--after-stories` puts each item in a story index first, untimed, as the pipeline does
before it extracts a new story's facts: the extraction alone is timed.
`--repeat N` runs the whole bench N times, each in a fresh process (a first pass is only a
first pass once per process: the memos live as long as it), and prints each run's first-pass
figure, then their median and spread (a shared machine's runs differ by a tenth or more).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

# This checkout's package, not an installed one: a second checkout (a baseline) runs its own.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load
from bot.facts import FactsExtractor
from bot.normalize.item import record_to_item
from bot.stories.index import StoryIndex


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--config", default="config/newsbot.yaml")
    ap.add_argument("--after-stories", action="store_true", help="assign each item to a story first (untimed)")
    ap.add_argument("--repeat", type=int, default=1, help="runs, each in a fresh process: median and spread")
    args = ap.parse_args()
    if args.repeat > 1:
        return _repeated(args)
    seen: dict[tuple[str, str], dict] = {}
    for path in args.files:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            if "title" in record:
                seen.setdefault((record["title"], record.get("summary") or ""), record)
    items = [record_to_item(r) for r in seen.values()]
    extractor = FactsExtractor(load(args.config, environ={}, check_models=False).terms)
    index = StoryIndex() if args.after_stories else None
    for label in ("first pass (each item once)", "second pass"):
        spent = 0.0
        for item in items:
            if index is not None:
                index.assign(item)
            started = time.process_time()
            extractor.extract(item)
            spent += time.process_time() - started
        print(f"{label}: {len(items) / spent:,.0f} items/s of CPU ({len(items):,} items)")
    return 0


def _repeated(args: argparse.Namespace) -> int:
    """Run the bench `args.repeat` times, each in a new process; print the first passes."""
    command = [sys.executable, __file__, *args.files, "--config", args.config]
    command += ["--after-stories"] if args.after_stories else []
    figures = []
    for n in range(args.repeat):
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        first = re.search(r"first pass[^:]*: ([\d,]+) items/s", out)
        if first is None:
            raise SystemExit(f"run {n + 1}: no first-pass figure in {out!r}")
        figures.append(int(first.group(1).replace(",", "")))
        print(f"run {n + 1}: {figures[-1]:,} items/s of CPU (first pass)", flush=True)
    low, high = min(figures), max(figures)
    print(f"first pass over {len(figures)} fresh processes: median {statistics.median(figures):,.0f} items/s "
          f"of CPU, spread {low:,}-{high:,} ({(high - low) / statistics.median(figures):.0%} of the median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
