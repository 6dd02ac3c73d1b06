"""Relevance of a rule on labeled sets, measured out of sample: precision, recall, errors.

Usage:
    python bench/relevance.py --input LABELED.jsonl [--config config/newsbot.yaml] [--rule NAME]
        score the config's rule as it ships (its learned stage included) on one file
    python bench/relevance.py --tune A.jsonl [--tune A2.jsonl ...] --report B.jsonl [--both-ways]
        train the rule's learned stage on A only (or A and A2 ...; threshold by cross-validation inside them),
        report on B: the rule alone, the model alone and the combination; --both-ways also
        trains on B and reports A
    python bench/relevance.py --cv 10 --input A.jsonl --input B.jsonl
        nested k-fold cross-validation over the pooled files, reported per file

Every figure is labeled with what it was tuned on. The shipped model was trained on both
shared pairs and the bench/data relevance sets synth, real3, real5, real8, real9, real11, real13,
real15, real17, real18, real20, real28 and real29, so
`--input` on one of them is IN-SAMPLE for the model; use `--tune/--report` or `--cv` for
quality figures. The rule's vocabulary was revised against the errors of pair 1
(relevance-dev.jsonl) and of those bench/data sets only: relevance-real4, real6, real7,
real10, real12, real14, real16, real19 and real27 are held out (figures only), and pair 2 for the rule alone.
Reads JSON lines with `label` (1 relevant, 0 not) and, when present, `kind` and `lang`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import config
from bot.facts import FactsSpec
from bot.learned import Combine
from bot.learned.dataset import examples
from bot.learned.train import Labeled, cross_validated, fit, prf
from bot.normalize.item import record_to_item
from bot.rules import compile_rules, lint
from bot.rules.backtest import backtest


def read(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def line(name: str, predicted: list[bool], data: list[Labeled]) -> str:
    p, r, f = prf(predicted, [ex.label for ex in data])
    tp = sum(1 for x, ex in zip(predicted, data, strict=True) if x and ex.label)
    fp = sum(1 for x, ex in zip(predicted, data, strict=True) if x and not ex.label)
    fn = sum(1 for x, ex in zip(predicted, data, strict=True) if not x and ex.label)
    return f"  {name:<34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def score_shipped(settings: Any, records: list[dict[str, Any]], rule: str, label: str, *, quiet: bool = False) -> None:
    """The config's rule as it ships, through RuleSet.match, with every error explained
    (`quiet`: the figures only, for a held-out set whose errors must not be read)."""
    ruleset = compile_rules(settings.rules, settings.terms)
    labeled = [(record_to_item(r), bool(int(r.get("label") or 0))) for r in records]
    score = backtest(ruleset, labeled, [rule])[0]
    print(f"{label}\n  {score.rule}: P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}"
          f"  (tp {score.tp}, fp {score.fp}, fn {score.fn}, tn {score.tn})")
    if quiet:
        return
    by_id = {str(r.get("id")): r for r in records}
    print("  false positives by kind:", dict(Counter(by_id[m.id].get("kind", "?") for m in score.false_positives)) or "none")
    print("  false negatives by language:", dict(Counter(by_id[m.id].get("lang", "en") for m in score.false_negatives)) or "none")
    for title, misses in (("FP", score.false_positives), ("FN", score.false_negatives)):
        for miss in misses:
            print(f"    {title} {miss.id} [{by_id[miss.id].get('kind', '')}] {miss.title}\n         {miss.reason}")


def tune_report(spec: Any, terms: Any, tune: list[str], report: str, combine: Combine, gate: str | None) -> None:
    train, lists = examples([r for path in tune for r in read(path)], spec, terms, gate=gate)
    test, _ = examples(read(report), spec, terms, gate=gate)
    model = fit(train, lists, combine)
    chosen = combine.with_thresholds(model.threshold, model.veto)
    scores = [model.score(ex.ids) for ex in test]
    veto = f", veto {model.veto:.2f}" if model.veto is not None else ""
    print(f"trained on {' + '.join(Path(t).name for t in tune)} (threshold {model.threshold:.2f}{veto} by CV inside it); "
          f"OUT-OF-SAMPLE on {Path(report).name}:")
    print(line("rule alone", [ex.rule for ex in test], test))
    print(line("model alone (gate, threshold)", [ex.gated and s >= model.threshold for ex, s in zip(test, scores, strict=True)], test))
    # the line starts with `rule` whatever the form: bench/heldout.py keeps the lines that do
    name = str(chosen) if chosen.veto is None else f"rule vetoed below {chosen.veto:g} OR model >= {chosen.threshold:g}"
    print(line(name, [chosen.decide(ex.rule, ex.seen(s)) for ex, s in zip(test, scores, strict=True)], test))


def pooled_cv(spec: Any, terms: Any, paths: list[str], combine: Combine, gate: str | None, k: int) -> None:
    data, lists, spans = [], [], []
    for path in paths:
        part, lists = examples(read(path), spec, terms, gate=gate)
        spans.append((Path(path).name, len(data), len(data) + len(part)))
        data.extend(part)
    verdicts = cross_validated(data, lists, combine, k)
    print(f"{k}-fold nested cross-validation over {len(data)} items of {len(paths)} file(s); "
          "each item scored by a model (and threshold) chosen without it:")
    for name, lo, hi in [("all", 0, len(data)), *spans]:
        part = data[lo:hi]
        print(f" {name}")
        print(line("rule alone", [ex.rule for ex in part], part))
        print(line(f"{combine} (thresholds by inner CV)", [v for v, _, _ in verdicts[lo:hi]], part))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", action="append", default=[], help="labeled JSON lines (repeatable)")
    ap.add_argument("--tune", action="append", default=[], help="train the learned stage on this file only (repeatable: on these files)")
    ap.add_argument("--report", help="report on this file (out of sample)")
    ap.add_argument("--both-ways", action="store_true", help="with --tune/--report, also the reverse")
    ap.add_argument("--cv", type=int, default=0, help="nested k-fold cross-validation over --input files")
    ap.add_argument("--config", default="config/newsbot.yaml")
    ap.add_argument("--rule", default="health-ai-partnerships")
    ap.add_argument("--combine", help="combination to evaluate (default: the rule's learned.combine)")
    ap.add_argument("--quiet", action="store_true", help="figures only, no error listing (held-out sets)")
    args = ap.parse_args()
    settings = config.load(args.config, environ={})
    for warning in lint(settings.rules, settings.terms, FactsSpec().lists()):
        print("lint:", warning)
    spec = next(r for r in settings.rules if r.name == args.rule)
    combine = Combine.parse(args.combine or (spec.learned.combine if spec.learned else "rule OR model >= 0.5"))
    gate = spec.learned.gate if spec.learned else None
    if args.tune and args.report:
        if args.both_ways and len(args.tune) > 1:
            ap.error("--both-ways takes one --tune file")
        pairs = [(args.tune, args.report)] + ([([args.report], args.tune[0])] if args.both_ways else [])
        for tune, report in pairs:
            tune_report(spec, settings.terms, tune, report, combine, gate)
    elif args.cv:
        pooled_cv(spec, settings.terms, args.input, combine, gate, args.cv)
    else:
        for path in args.input:
            score_shipped(settings, read(path), args.rule,
                          f"{Path(path).name}: the config as shipped (IN-SAMPLE for the learned stage "
                          "if this file was among its training files)", quiet=args.quiet)
    if not (args.input or args.tune):
        ap.error("give --input, or --tune and --report")


if __name__ == "__main__":
    main()
