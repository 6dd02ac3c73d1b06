"""Score story clustering on a labelled dedup corpus (JSON lines with a `cluster` label).

Usage: python bench/dedup_quality.py DEDUP_JSONL [--window-days N] [--sweep] [--quiet]

Runs the `newsbot cluster` code path over the file in order (labels hidden from it) and
prints pairwise precision/recall/F1, B-cubed, clusters split, and false merges among the
declared look-alike pairs (`note` = "hard-negative vs [slug]: ..."), listing wrong pairs with
the reason the index gave. `--sweep` reruns with each threshold and window scaled, to show
which settings are robust rather than tuned to this one file.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import defaultdict
from dataclasses import fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import logs
from bot.cli.cluster_cmds import cluster_records
from bot.cluster import DEFAULT_FOLLOW_UP, Thresholds

_LOOKALIKE_RE = re.compile(r"hard-negative vs \[([^\]]+)\]")


def run(
    records: list[dict[str, Any]], window: timedelta, follow_up: timedelta, thresholds: Thresholds
) -> tuple[list[str], list[str]]:
    """Story ids and reasons, in input order; the labels are stripped first."""
    hidden = [{k: v for k, v in r.items() if k not in ("cluster", "note", "provenance")} for r in records]
    out = list(cluster_records(hidden, window, follow_up=follow_up, thresholds=thresholds))
    return [ref.story_id for _, ref in out], [ref.reason for _, ref in out]


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall/F1 plus the number of gold clusters split."""
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        same_gold, same_pred = gold[i] == gold[j], pred[i] == pred[j]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[str, set[int]] = defaultdict(set)
    for i, (g, s) in enumerate(zip(gold, pred, strict=True)):
        by_gold[g].add(i)
        by_pred[s].add(i)
    bp = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_pred[pred[i]]) for i in range(len(gold)))
    br = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_gold[gold[i]]) for i in range(len(gold)))
    bp, br = bp / len(gold), br / len(gold)
    split = sum(1 for members in by_gold.values() if len({pred[i] for i in members}) > 1)
    return {
        "pair_p": p, "pair_r": r, "pair_f1": _f1(p, r), "b3_p": bp, "b3_r": br, "b3_f1": _f1(bp, br),
        "split": split, "clusters": len(by_gold), "stories": len(by_pred), "fp_pairs": fp, "fn_pairs": fn,
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def lookalike_merges(records: list[dict[str, Any]], pred: list[str]) -> tuple[int, list[str]]:
    """(number of declared look-alike pairs, descriptions of those merged into one story)."""
    pairs = set()
    for r in records:
        for other in _LOOKALIKE_RE.findall(r.get("note") or ""):
            pairs.add(tuple(sorted((r["cluster"], other))))
    stories: dict[str, set[str]] = defaultdict(set)
    for r, s in zip(records, pred, strict=True):
        stories[r["cluster"]].add(s)
    merged = [f"{a} ~ {b}" for a, b in sorted(pairs) if stories[a] & stories[b]]
    return len(pairs), merged


def report(records: list[dict[str, Any]], pred: list[str], reasons: list[str], quiet: bool) -> None:
    gold = [r["cluster"] for r in records]
    s = scores(gold, pred)
    n_pairs, merged = lookalike_merges(records, pred)
    print(f"items {len(records)}  gold clusters {s['clusters']}  predicted stories {s['stories']}")
    print(f"pairwise  P {s['pair_p']:.3f}  R {s['pair_r']:.3f}  F1 {s['pair_f1']:.3f}"
          f"  (false pairs {s['fp_pairs']}, missed pairs {s['fn_pairs']})")
    print(f"B-cubed   P {s['b3_p']:.3f}  R {s['b3_r']:.3f}  F1 {s['b3_f1']:.3f}")
    print(f"clusters split: {s['split']}   look-alike pairs merged: {len(merged)} of {n_pairs}")
    for line in merged:
        print(f"  LOOK-ALIKE MERGED  {line}")
    if quiet:
        return
    first: dict[str, int] = {}
    for i, (r, story) in enumerate(zip(records, pred, strict=True)):
        lead = first.setdefault(r["cluster"], i)
        if story != pred[lead]:
            print(f"  SPLIT  {r['id']} [{r['cluster']}] {r['title'][:70]!r}\n         -> {reasons[i]}")
    seen: dict[str, int] = {}
    for i, (r, story) in enumerate(zip(records, pred, strict=True)):
        j = seen.setdefault(story, i)
        if records[j]["cluster"] != r["cluster"]:
            print(f"  MERGE  {r['id']} [{r['cluster']}] into {records[j]['id']} [{records[j]['cluster']}]"
                  f"\n         -> {reasons[i]}")


def sweep(records: list[dict[str, Any]], window: timedelta) -> None:
    """Scale each threshold (and the windows) by 0.8 and 1.25 and show the effect."""
    gold = [r["cluster"] for r in records]
    base = Thresholds()
    print("\nrobustness: each setting scaled alone (P/R pairwise, look-alike merges)")
    variants: list[tuple[str, timedelta, timedelta, Thresholds]] = [("baseline", window, DEFAULT_FOLLOW_UP, base)]
    for f in fields(Thresholds):
        for k in (0.8, 1.25):
            variants.append((f"{f.name} x{k}", window, DEFAULT_FOLLOW_UP, replace(base, **{f.name: getattr(base, f.name) * k})))
    for days in (1, 2, 5, 7):
        variants.append((f"window {days}d", timedelta(days=days), DEFAULT_FOLLOW_UP, base))
    for days in (0, 14, 30, 90):
        variants.append((f"follow-up {days}d", window, timedelta(days=days), base))
    for label, w, fu, th in variants:
        pred, _ = run(records, w, fu, th)
        s = scores(gold, pred)
        _, merged = lookalike_merges(records, pred)
        print(f"  {label:32s} P {s['pair_p']:.3f}  R {s['pair_r']:.3f}  F1 {s['pair_f1']:.3f}  look-alike {len(merged)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="labelled dedup JSON-lines file")
    parser.add_argument("--window-days", type=float, default=3.0)
    parser.add_argument("--sweep", action="store_true", help="also run the robustness sweep")
    parser.add_argument("--quiet", action="store_true", help="figures only, no error listing")
    args = parser.parse_args()
    logs.configure("console", "WARNING")
    with open(args.path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    window = timedelta(days=args.window_days)
    pred, reasons = run(records, window, DEFAULT_FOLLOW_UP, Thresholds())
    report(records, pred, reasons, args.quiet)
    if args.sweep:
        sweep(records, window)


if __name__ == "__main__":
    main()
