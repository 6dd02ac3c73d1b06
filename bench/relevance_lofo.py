"""Leave-one-file-out figures of the learned stage: each tuning file scored by a model trained on the others.

Usage: python bench/relevance_lofo.py SHARED_CORPUS_DIR [C ...] [--errors]
       GATE='(@health_org OR @area) AND ...' python bench/relevance_lofo.py SHARED_CORPUS_DIR   (another gate)
       COMBINE='rule OR model >= 0.5' python bench/relevance_lofo.py SHARED_CORPUS_DIR   (another combination)
       ALSO_TRAIN=real37,real38 python bench/relevance_lofo.py SHARED_CORPUS_DIR   (files trained on in every fold)

Random k-fold cross-validation puts items of one event, told by one writer, on both sides of
a fold; each labeled file is a different writer's set of events, so leaving a whole file out
is the closer stand-in for news nobody tuned on. For each value of the inverse regularisation
C (default 1.0), trains the rule's learned stage (its combination as the config writes it,
thresholds by inner CV) on all tuning files but one, scores that one, and prints pooled and
per-file precision / recall @ threshold (/ veto threshold of the veto form) and errors.
`--errors` lists the left-out files' errors (tuning files only; pair 2 is left out of the
listing, its figures are printed). The files are pair 1 and pair 2 of the shared corpus and
bench/data's relevance-synth, real3, real5, real8, real9, real11, real13, real15, real17, real18,
real20, real28 and real29. `ALSO_TRAIN` names more bench/data relevance files that every fold
trains on and none scores: whether a candidate training file helps the others out of fold,
compared row by row with a run without it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from relevance import read

import bot.learned.train as T
from bot import config
from bot.learned import Combine
from bot.learned.dataset import examples

ROOT = Path(__file__).resolve().parent.parent
TUNING = ("synth", "real3", "real5", "real8", "real9", "real11", "real13", "real15", "real17", "real18", "real20", "real28", "real29")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__)
        return 2
    corpus, values = Path(args[0]), [float(x) for x in args[1:]] or [1.0]
    settings = config.load(str(ROOT / "config" / "newsbot.yaml"), environ={})
    spec = next(r for r in settings.rules if r.name == "health-ai-partnerships")
    combine = Combine.parse(os.environ.get("COMBINE") or spec.learned.combine)
    gate = os.environ.get("GATE") or spec.learned.gate
    print("gate:", gate)
    print("combine:", combine, "(thresholds re-chosen by inner CV per file)")
    files = [corpus / "relevance-dev.jsonl", corpus / "relevance-dev2.jsonl",
             *(ROOT / "bench" / "data" / f"relevance-{n}.jsonl" for n in TUNING)]
    also = [ROOT / "bench" / "data" / f"relevance-{n}.jsonl" for n in os.environ.get("ALSO_TRAIN", "").split(",") if n]
    data = {f: examples(read(str(f)), spec, settings.terms, gate=gate) for f in (*files, *also)}
    lists = data[files[0]][1]
    for c in values:
        T.C = c
        tp = fp = fn = 0
        per, errors = [], []
        for f in files:
            train = [ex for g in (*files, *also) if g != f for ex in data[g][0]]
            test = data[f][0]
            model = T.fit(train, lists, combine, 5)
            chosen = combine.with_thresholds(model.threshold, model.veto)
            pred = [chosen.decide(ex.rule, ex.seen(model.score(ex.ids))) for ex in test]
            a = sum(1 for p, ex in zip(pred, test, strict=True) if p and ex.label)
            b = sum(1 for p, ex in zip(pred, test, strict=True) if p and not ex.label)
            m = sum(1 for p, ex in zip(pred, test, strict=True) if not p and ex.label)
            tp, fp, fn = tp + a, fp + b, fn + m
            veto = f"/{model.veto:.2f}" if model.veto is not None else ""
            per.append(f"{f.stem.removeprefix('relevance-')}: {a / (a + b or 1):.2f}/{a / (a + m or 1):.2f}"
                       f"@{model.threshold:.2f}{veto} (fp {b}, fn {m})")
            if "dev2" not in f.name:
                errors += [f"  {'FP' if p else 'FN'} {ex.id} rule={int(ex.rule)} gated={int(ex.gated)} "
                           f"score={model.score(ex.ids):.2f} {ex.title[:100]}"
                           for p, ex in zip(pred, test, strict=True) if p != bool(ex.label)]
        p, r = tp / (tp + fp), tp / (tp + fn)
        print(f"C={c}: pooled P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f} | " + " ".join(per), flush=True)
        if "--errors" in sys.argv:
            print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
