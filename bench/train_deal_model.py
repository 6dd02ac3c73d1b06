"""Train the deal-type second opinion of the facts from labeled deals, and say how it does.

Usage:
    python bench/train_deal_model.py ITEMS.jsonl LABELS.jsonl [ITEMS2 LABELS2 ...]
        [--config config/newsbot.yaml] [--folds 10] [--write]

Each pair is a relevance file and its facts labels (`bench/data/facts-*.jsonl`; a facts file
holding its own items may be given as both). Prints, per file and in all, the deal-type
accuracy of the written procedure, of the model alone and of the shipped combination (the
procedure where the headline tells how the money is structured, licensing or investment, else
the model), the model's figures by
k-fold cross-validation over all the files (every item scored by a model that never saw it).
`--write` then trains on all of them and writes bot/facts/data/deal-types.json.

The shipped model is trained on every labeled deal of the tuning sets (pair 1, the synthetic
facts set, the real-event sets 3, 5, 8, 9, 11, 13, 15, 17, 18, 20 and 28 to 36) and on pair 2, so
`facts_quality.py` on the held-out real-event sets (4, 6, 7, 10, 12, 14, 16, 19, 27) stays
out of sample; for pair 2 the out-of-sample figure is this script's cross-validated one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from relevance import read  # the benches' one reader of JSON lines

from bot.config import load
from bot.facts import FactsExtractor, dealmodel
from bot.facts.deal import MONEY
from bot.normalize.item import record_to_item
from bot.stories.headline import strip_outlet


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", help="ITEMS LABELS pairs")
    ap.add_argument("--config", default="config/newsbot.yaml")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    if len(args.files) % 2:
        ap.error("give ITEMS LABELS pairs")
    extractor = FactsExtractor(load(args.config, environ={}, check_models=False).terms, deal_model=None)
    examples, rows = [], []  # (ids, label); (file, procedure, headline has a specific cue)
    for items_path, labels_path in zip(args.files[::2], args.files[1::2], strict=True):
        items = {str(r["id"]): r for r in read(items_path) if "id" in r}
        for label in read(labels_path):
            if "id" not in label:
                continue
            item = record_to_item(items[label["id"]])
            headline, below, procedure = extractor.deal_cues(item)
            title = strip_outlet(item.title or "", item.outlet)
            examples.append((dealmodel.features(title, item.summary or "", headline, below, procedure),
                             label["deal_type"]))
            rows.append((Path(labels_path).name, procedure, not headline.isdisjoint(MONEY)))
    predicted = dealmodel.cross_validated(examples, args.folds)
    print(f"{len(examples)} labeled deals; model figures by {args.folds}-fold cross-validation over all of them")
    print(f"  {'file':<28} {'deals':>5}  procedure  model  shipped (procedure where the headline tells the money, else model)")
    for name in [*dict.fromkeys(r[0] for r in rows), "all"]:
        part = [i for i, r in enumerate(rows) if name in ("all", r[0])]
        right = [sum(1 for i in part if got(i) == examples[i][1]) / len(part)
                 for got in (lambda i: rows[i][1], lambda i: predicted[i],
                             lambda i: rows[i][1] if rows[i][2] else predicted[i])]
        print(f"  {name:<28} {len(part):>5}  {right[0]:9.3f}  {right[1]:5.3f}  {right[2]:7.3f}")
    if args.write:
        files = [Path(p).name for p in args.files[1::2]]
        model = dealmodel.train(examples, {"trained_on": files})
        dealmodel.DEFAULT_PATH.parent.mkdir(exist_ok=True)
        model.dump(dealmodel.DEFAULT_PATH)
        print(f"wrote {dealmodel.DEFAULT_PATH} ({len(examples)} deals, {model.size:,} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
