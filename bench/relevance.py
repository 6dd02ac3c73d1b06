"""Relevance of the shipped rule on a labelled set: precision, recall, F1, errors by kind.

Usage:
    python bench/relevance.py --input LABELLED.jsonl [--config config/newsbot.yaml]
        [--block RULES_BLOCK.yaml] [--rule health-ai-partnerships] [--apply]

Reads JSON lines with `label` (1 relevant, 0 not) and, when present, `kind` and `lang`.
`--block` scores a candidate rules block (the YAML with `terms:` and `rules:` that sits
between the `# --- BEGIN rules` and `# --- END rules ---` markers of the config) instead of
the config's own rules; `--apply` then writes that block between the markers of `--config`
(one replacement), reloads the config and scores it again.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import config
from bot.normalize import record_to_item
from bot.rules import RuleSet, compile_rules, lint
from bot.rules.backtest import RuleScore, backtest
from bot.settings import RuleSpec

BEGIN = "# --- BEGIN rules (tuned by bench/relevance.py) ---"
END = "# --- END rules ---"


def rules_from_block(path: str) -> tuple[list[RuleSpec], dict[str, list[str]]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [RuleSpec(**r) for r in data["rules"]], data["terms"]


def apply_block(config_path: str, block_path: str) -> None:
    """Replace the text between the markers of the config with the block file."""
    text = Path(config_path).read_text(encoding="utf-8")
    block = Path(block_path).read_text(encoding="utf-8").strip("\n")
    if text.count(BEGIN) != 1 or text.count(END) != 1:
        raise SystemExit(f"{config_path}: expected exactly one pair of rules markers")
    before, rest = text.split(BEGIN)
    _, after = rest.split(END)
    Path(config_path).write_text(f"{before}{BEGIN}\n{block}\n{END}{after}", encoding="utf-8")


def report(ruleset: RuleSet, records: list[dict[str, Any]], rule: str | None) -> RuleScore:
    labelled = [(record_to_item(r), bool(int(r.get("label") or 0))) for r in records]
    score = backtest(ruleset, labelled, [rule] if rule else None)[0]
    print(f"{score.rule}: precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}"
          f"  (tp {score.tp}, fp {score.fp}, fn {score.fn}, tn {score.tn})")
    by_id = {str(r.get("id")): r for r in records}
    kinds = Counter(by_id[m.id].get("kind", "?") for m in score.false_positives)
    print("false positives by kind:", dict(kinds) or "none")
    langs = Counter(by_id[m.id].get("lang", "en") for m in score.false_negatives)
    print("false negatives by language:", dict(langs) or "none")
    for title, misses in (("false positives", score.false_positives), ("false negatives", score.false_negatives)):
        for miss in misses:
            kind = by_id[miss.id].get("kind", "")
            print(f"  {title[:5]} {miss.id} [{kind}] {miss.title}\n        {miss.reason}")
    return score


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True, help="labelled JSON lines")
    ap.add_argument("--config", default="config/newsbot.yaml")
    ap.add_argument("--block", help="candidate rules block (YAML with terms: and rules:)")
    ap.add_argument("--rule", default="health-ai-partnerships")
    ap.add_argument("--apply", action="store_true", help="write --block into --config between the markers")
    args = ap.parse_args()
    with open(args.input, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    if args.block:
        specs, terms = rules_from_block(args.block)
    else:
        settings = config.load(args.config, environ={})
        specs, terms = list(settings.rules), dict(settings.terms)
    for warning in lint(specs, terms):
        print("lint:", warning)
    report(compile_rules(specs, terms), records, args.rule)
    if args.apply and args.block:
        apply_block(args.config, args.block)
        settings = config.load(args.config, environ={})
        print(f"applied to {args.config}; rescored from the config:")
        report(compile_rules(settings.rules, settings.terms), records, args.rule)


if __name__ == "__main__":
    main()
