"""Facts extraction against hand labels: parties, deal type, amounts.

Usage:
    python bench/facts_quality.py --items RELEVANCE.jsonl --labels bench/data/facts-dev2.jsonl
        [--config config/newsbot.yaml] [--show]

`--labels` holds one JSON line per labeled item (`id`, `health_orgs`, `partners`, `deal_type`,
`amount_usd`, or `amount` in another currency, "700000000 JPY"; a first line `{"rules": [...]}` states the labelling rules); `--items` the
shared relevance file the ids come from. A party counts when the names match after
normalisation (case, accents, punctuation and org suffixes dropped; one name's words contained
in the other's). Prints parties precision/recall, health-org vs partner placement, deal-type
accuracy and its confusion table (counts only: which kinds are told apart badly, not which
items), and amounts exact (within 1%) where stated, plus false amounts where none is.
The labels for pair 2 were written before the extractor ever ran on them: out of sample.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import load
from bot.facts import FactsExtractor
from bot.facts.money import USD_PER
from bot.normalize.item import record_to_item
from bot.stories.headline import fold
from bot.stories.lexicon import ORG_SUFFIXES


def norm(name: str) -> frozenset[str]:
    words = re.findall(r"\w+", fold(name))
    kept = [w for w in words if w not in ORG_SUFFIXES and w != "s"]
    return frozenset(kept or words)


def same(a: str, b: str) -> bool:
    x, y = norm(a), norm(b)
    return bool(x and y) and (x <= y or y <= x)


def matched(found: list[str], wanted: list[str]) -> int:
    left = list(wanted)
    hits = 0
    for name in found:
        for w in left:
            if same(name, w):
                left.remove(w)
                hits += 1
                break
    return hits


def label_usd(label: dict) -> float | None:
    """The labeled headline amount in US dollars: `amount_usd`, or an `amount` stated in another
    currency ("700000000 JPY") converted at the facts' own dated table."""
    if label.get("amount_usd") is not None:
        return float(label["amount_usd"])
    number, _, currency = str(label.get("amount") or "").partition(" ")
    if currency.upper() in USD_PER:
        return float(number) * USD_PER[currency.upper()]
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--config", default="config/newsbot.yaml")
    ap.add_argument("--show", action="store_true", help="print every disagreement")
    args = ap.parse_args()
    items = {r["id"]: r for r in map(json.loads, Path(args.items).read_text(encoding="utf-8").splitlines()) if r}
    labels = [r for r in map(json.loads, Path(args.labels).read_text(encoding="utf-8").splitlines()) if "id" in r]
    extractor = FactsExtractor(load(args.config, environ={}, check_models=False).terms)
    found_n = wanted_n = hit_n = placed = deal_ok = amount_ok = amount_n = false_amounts = 0
    confusion: Counter[tuple[str, str]] = Counter()  # (labeled, found) deal types
    for label in labels:
        facts = extractor.extract(record_to_item(items[label["id"]]))
        wanted = label["health_orgs"] + label["partners"]
        found = list(facts.parties)
        hits = matched(found, wanted)
        found_n, wanted_n, hit_n = found_n + len(found), wanted_n + len(wanted), hit_n + hits
        placed += matched(list(facts.health_orgs), label["health_orgs"]) + matched(list(facts.partners), label["partners"])
        deal_ok += facts.deal_type == label["deal_type"]
        confusion[label["deal_type"], facts.deal_type or "-"] += 1
        wanted_usd = label_usd(label)
        if wanted_usd is not None:
            amount_n += 1
            amount_ok += facts.amount_usd is not None and abs(facts.amount_usd - wanted_usd) <= 0.01 * wanted_usd
        elif facts.amount_usd is not None:
            false_amounts += 1
        if args.show and (hits < max(len(found), len(wanted)) or facts.deal_type != label["deal_type"]):
            print(f"{label['id']} {items[label['id']]['title'][:80]}\n   found {facts.as_dict()}\n   label {label}")
    n = len(labels)
    print(f"{n} labeled items ({Path(args.labels).name})")
    print(f"parties: precision {hit_n / max(found_n, 1):.3f}  recall {hit_n / max(wanted_n, 1):.3f}"
          f"  ({hit_n} matched of {found_n} found, {wanted_n} labeled)")
    print(f"placed on the right side (health org / partner): {placed / max(wanted_n, 1):.3f} of labeled parties")
    print(f"deal type accuracy: {deal_ok / n:.3f} ({deal_ok}/{n})")
    kinds = sorted({k for pair in confusion for k in pair})
    print("deal types, labeled (rows) x found (columns):\n" + " " * 16 + "".join(f"{k[:12]:>13}" for k in kinds))
    for row in kinds[:-1] if kinds[-1] == "-" else kinds:
        print(f"{row[:15]:<16}" + "".join(f"{confusion[row, col] or '.':>13}" for col in kinds))
    print(f"amounts exact: {amount_ok}/{amount_n}; amounts given where none is stated: {false_amounts}")
    every = [record_to_item(r) for r in items.values()] * 20
    started = time.process_time()
    for item in every:
        extractor.extract(item)
    print(f"speed: {len(every) / (time.process_time() - started):,.0f} items/s of CPU ({len(every):,} extractions)")


if __name__ == "__main__":
    main()
