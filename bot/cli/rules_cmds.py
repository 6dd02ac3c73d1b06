"""`newsbot match`, `newsbot test-rule` and `newsbot backtest`: the rules, offline.

- `match --input ITEMS.jsonl`: one `{"id", "matches": [{"rule", "score", "terms"}]}` JSON
  line per input line, in input order (DESIGN.md section 9). Network-free; only JSON on stdout.
- `test-rule NAME --text ... | --file ITEMS.jsonl`: the rule's verdict with the hit terms
  highlighted and, for a near miss, the clause that failed.
- `backtest --input LABELLED.jsonl`: precision, recall and F1 per rule from the `label`
  field, then every false positive and false negative with its reason.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text
from rich.tree import Tree

from bot import config
from bot.cli.common import config_option, make_console, read_records
from bot.cli.learn_cmds import print_cross_validated, print_opinion
from bot.models import Item
from bot.normalize.item import record_to_item
from bot.rules import Clause, Explanation, RuleSet, compile_rules
from bot.rules.backtest import RuleScore, parse_label
from bot.rules.backtest import backtest as run_backtest
from bot.rules.ruleset import item_fields


def load_rules(config_path: str) -> RuleSet:
    settings = config.load(config_path)
    return compile_rules(settings.rules, settings.terms)


@click.command()
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8"), required=True,
              help="JSON lines with id, title, summary, url, source, published ('-' for stdin).")
@config_option
def match(input_file: TextIO, config_path: str) -> None:
    """Print the rules each input item matches, one JSON line per item, in input order."""
    ruleset = load_rules(config_path)
    for record in read_records(input_file):
        item = record_to_item(record)
        matches = [
            {"rule": m.rule, "score": m.score, "terms": m.terms} for m in ruleset.match(item)
        ]
        click.echo(json.dumps({"id": record.get("id"), "matches": matches}, ensure_ascii=False))


@click.command(name="test-rule")
@click.argument("rule")
@click.option("--text", help="A headline to test (add --summary for the summary field).")
@click.option("--summary", default="", help="Summary text to go with --text.")
@click.option("--file", "file", type=click.File("r", encoding="utf-8"), help="JSON lines of items.")
@config_option
def test_rule(rule: str, text: str | None, summary: str, file: TextIO | None, config_path: str) -> None:
    """Explain RULE's verdict on a text or on each item of a file, with highlighted hits."""
    if (text is None) == (file is None):
        raise click.UsageError("give exactly one of --text or --file")
    ruleset = load_rules(config_path)
    if rule not in ruleset.names:
        raise click.BadParameter(f"no rule {rule!r}; rules: {', '.join(ruleset.names)}", param_hint="RULE")
    if text is not None:
        items = [Item(fingerprint="text", source="cli", title=text, summary=summary)]
    else:
        items = [record_to_item(r) for r in read_records(file)]
    console = make_console(highlight=False)
    for item in items:
        explanation = ruleset.explain(rule, item)
        print_explanation(console, item, explanation)
        print_opinion(console, ruleset.opinion(rule, item), explanation.matched)
        console.print()


def print_explanation(console: Console, item: Item, exp: Explanation) -> None:
    """Verdict line, highlighted fields, then the clause tree with a mark per clause."""
    verdict = "[green]MATCH[/green]" if exp.matched else "[red]no match[/red]"
    console.print(f"{verdict} {escape(exp.rule)} on {escape(item.fingerprint)}  score {exp.score}"
                  f" (min_score {exp.min_score})")
    excluded = [h for c in exp.clauses for h in _under_not(c)]
    for field, value in item_fields(item).items():
        if (value and field in ("title", "summary")) or any(h.field == field for h in exp.hits):
            line = Text(f"  {field}: ", style="dim")
            line.append_text(_highlight(value, field, exp, excluded))
            console.print(line)
    tree = Tree("clauses")
    for clause in exp.clauses:
        _add_clause(tree, clause)
    console.print(tree)
    if not exp.matched:
        console.print(f"  [yellow]why not:[/yellow] {escape(exp.reason())}")


def _highlight(value: str, field: str, exp: Explanation, excluded: list[Any]) -> Text:
    text = Text(value)
    for hit in exp.hits:
        if hit.field == field:
            text.stylize("bold green", hit.start, hit.end)
    for hit in excluded:
        if hit.field == field:
            text.stylize("bold red", hit.start, hit.end)
    return text


def _under_not(clause: Clause) -> list[Any]:
    if clause.kind == "not":
        return list(clause.hits)
    return [h for child in clause.children for h in _under_not(child)]


def _add_clause(parent: Tree, clause: Clause) -> None:
    mark = "[green]✓[/green]" if clause.held else "[red]✗[/red]"
    hits = ", ".join(dict.fromkeys(f"{h.field}:{h.text}" for h in clause.hits))
    node = parent.add(f"{mark} {escape(clause.text)}" + (f"  [dim]({escape(hits)})[/dim]" if hits else ""))
    if clause.kind in ("and", "or", "not", "near"):
        for child in clause.children:
            _add_clause(node, child)


@click.command()
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8"), required=True,
              help="JSON lines with a 0/1 `label` field.")
@click.option("--rule", "rule_names", multiple=True, help="Only this rule (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--cv", type=click.IntRange(2, 20), help="Also retrain each learned stage in K folds "
              "over the input and report it cross-validated (out of sample).")
@config_option
def backtest(input_file: TextIO, rule_names: tuple[str, ...], fmt: str, cv: int | None, config_path: str) -> None:
    """Precision, recall and F1 per rule on labelled items, with every error explained."""
    ruleset = load_rules(config_path)
    for name in rule_names:
        if name not in ruleset.names:
            raise click.BadParameter(f"no rule {name!r}; rules: {', '.join(ruleset.names)}", param_hint="--rule")
    numbered = list(read_records(input_file, numbered=True))
    labelled = [(record_to_item(r), _label(n, r)) for n, r in numbered]
    scores = run_backtest(ruleset, labelled, list(rule_names) or None)
    if fmt == "json":
        click.echo(json.dumps([s.as_dict() for s in scores], ensure_ascii=False, indent=2))
        return
    for score in scores:
        print_score(score)
    if cv:
        print_cross_validated(config_path, [r for _, r in numbered], list(rule_names) or ruleset.names, cv)


def _label(number: int, record: dict[str, Any]) -> bool:
    try:
        return parse_label(record.get("label"))
    except ValueError as exc:
        raise click.ClickException(f"input line {number}: {exc}") from None


def print_score(score: RuleScore) -> None:
    click.echo(
        f"{score.rule}: precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}"
        f"  (tp {score.tp}, fp {score.fp}, fn {score.fn}, tn {score.tn})"
    )
    for title, misses in (("false positives", score.false_positives), ("false negatives", score.false_negatives)):
        if misses:
            click.echo(f"  {title}:")
        for miss in misses:
            click.echo(f"    {miss.id}  {miss.title}\n        {miss.reason}")


COMMANDS = [match, test_rule, backtest]
