"""`newsbot train`: build a rule's learned stage from labeled files, measured out of sample.

`train RULE --input A.jsonl [--input B.jsonl ...]` trains on every labeled line, reports the
nested cross-validated precision and recall of the rule alone, the model alone and the
configured combination (each line scored by a model that never saw it), and writes the model
file the rule's `learned.model` names (or `--out`). Also the printers `test-rule`, `why` and
`backtest` use to show a model's view of an item. With the veto form
`(rule AND model >= V) OR model >= T`, training chooses V as well as T (bot/learned/train.py)
and the line to set in the config carries both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from bot import config
from bot.cli.common import config_option, read_records
from bot.learned import Combine
from bot.learned.dataset import examples
from bot.learned.train import FOLDS, Labeled, cross_validated, fit, prf
from bot.rules.learned import Opinion


@click.command()
@click.argument("rule")
@click.option("--input", "inputs", type=click.File("r", encoding="utf-8"), multiple=True,
              help="Labeled JSON lines (0/1 `label`); repeat to train on several files.")
@click.option("--feedback", "use_feedback", is_flag=True,
              help="Also train on the team's Slack feedback for RULE (`newsbot feedback`).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Model file to write "
              "(default: the rule's learned.model, else models/RULE.json beside the config).")
@click.option("--combine", "combine_text", help="How rule and model decide (default: the rule's "
              "learned.combine, else 'rule OR model >= 0.5'); its thresholds (T, and V of "
              "'(rule AND model >= V) OR model >= T') are re-chosen by CV.")
@click.option("--gate", help="Query the model runs behind (default: the rule's learned.gate).")
@click.option("--folds", default=FOLDS, show_default=True, type=click.IntRange(2, 20))
@config_option
def train(rule: str, inputs: tuple[TextIO, ...], out_path: str | None, combine_text: str | None,
          gate: str | None, folds: int, config_path: str, use_feedback: bool = False) -> None:
    """Train RULE's learned stage from labeled files; report it cross-validated; write it."""
    settings = config.load(config_path, check_models=False)
    spec = next((r for r in settings.rules if r.name == rule), None)
    if spec is None:
        raise click.BadParameter(f"no rule {rule!r}; rules: {', '.join(r.name for r in settings.rules)}",
                                 param_hint="RULE")
    learned = spec.learned
    try:
        combine = Combine.parse(combine_text or (learned.combine if learned else "rule OR model >= 0.5"))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--combine") from None
    if not combine.needs_model:
        raise click.BadParameter("a combination that uses the model, e.g. 'rule OR model >= 0.5'",
                                 param_hint="--combine")
    if not inputs and not use_feedback:
        raise click.UsageError("give --input FILE (labeled JSON lines) and/or --feedback")
    records = [r for f in inputs for r in read_records(f)]
    if use_feedback:
        from bot.cli.feedback_cmds import feedback_records

        records += [fb.as_record() for fb in feedback_records(settings, rule)
                    if fb.label in ("relevant", "not_relevant")]  # fmt: skip
    try:
        data, lists = examples(records, spec, settings.terms, gate=gate)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if len({ex.label for ex in data}) < 2 or len(data) < 2 * folds:
        raise click.ClickException(f"need labeled items of both classes, at least {2 * folds} in all")
    verdicts = _cross_validate(data, lists, combine, folds)
    model = fit(data, lists, combine, folds)
    chosen = combine.with_thresholds(model.threshold, model.veto)
    model.meta.update({"rule": rule, "combine": str(chosen), "inputs": [Path(f.name).name for f in inputs] + (["feedback"] if use_feedback else [])})
    target = Path(out_path) if out_path else _default_path(settings, spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    model.save(target)
    _report(data, verdicts, chosen, folds)
    click.echo(f"wrote {target} ({len(model.weights):,} weights, {len(data)} examples)")
    if learned is None or Combine.parse(learned.combine) != chosen:
        click.echo(f"set in the config: rules[{rule}].learned: {{model: ..., combine: '{chosen}'}}")


def _cross_validate(data: list[Labeled], lists: list[str], combine: Combine, k: int) -> list[tuple[bool, float, float]]:
    with Progress(transient=True) as progress:
        task = progress.add_task("cross-validating", total=1)
        out = cross_validated(data, lists, combine, k)
        progress.update(task, completed=1)
    return out


def _default_path(settings: Any, spec: Any) -> Path:
    if spec.learned is not None:
        return Path(spec.learned.model)
    base = settings.path.parent if settings.path else Path.cwd()
    return base / "models" / f"{spec.name}.json"


def _report(data: list[Labeled], verdicts: list[tuple[bool, float, float]], combine: Combine, k: int) -> None:
    labels = [ex.label for ex in data]
    both = "rule " + (combine.op or "").upper() if combine.use_rule else ""
    if combine.veto is not None:
        both = "(rule AND model >= fold's veto) OR"
    rows = [
        ("rule alone", [ex.rule for ex in data]),
        ("model alone (gate, fold's threshold)",
         [ex.gated and s >= t for ex, (_, s, t) in zip(data, verdicts, strict=True)]),
        (f"{both} model >= fold's threshold".strip(), [v for v, _, _ in verdicts]),
    ]
    click.echo(f"{k}-fold nested cross-validation over {len(data)} labeled items "
               f"({sum(labels)} relevant); each item scored by a model that never saw it:")
    for name, predicted in rows:
        p, r, f = prf(predicted, labels)
        click.echo(f"  {name:<40} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")


def print_opinion(console: Console, opinion: Opinion | None, rule_matched: bool) -> None:
    """The learned stage's score, verdict and nearest labeled examples (nothing without one)."""
    if opinion is None:
        return
    if opinion.score is None:
        why = "an exclusion of the rule held" if opinion.vetoed else "gate did not hold"
        console.print(f"  learned stage: [dim]{why}, the model did not run[/dim]")
    else:
        verdict = opinion.combine.decide(rule_matched, opinion.score)
        mark = "[green]admit[/green]" if verdict else "[red]reject[/red]"
        veto = opinion.combine.veto
        if rule_matched and not verdict and veto is not None:
            mark += f" (the rule held, the model scored it below the veto {veto:g})"
        console.print(f"  learned stage: model {opinion.score:.2f} · {escape(str(opinion.combine))} → {mark}")
    for similarity, ex in opinion.nearest:
        label = "relevant" if ex.label else "not relevant"
        console.print(f"    nearest labeled: {similarity:.2f} {escape(ex.id)} ({label}) {escape(ex.title[:90])}")





def print_cross_validated(config_path: str, records: list[dict[str, Any]], rules: list[str], k: int) -> None:
    """`backtest --cv K`: each learned stage retrained in K folds over `records`, reported."""
    settings = config.load(config_path)
    for spec in settings.rules:
        if spec.name not in rules or spec.learned is None:
            continue
        data, lists = examples(records, spec, settings.terms)
        combine = Combine.parse(spec.learned.combine)
        if not combine.needs_model or len({ex.label for ex in data if ex.gated}) < 2:
            click.echo(f"{spec.name}: learned stage not cross-validated (needs a model combination "
                       "and labeled items of both classes past the gate)")
            continue
        click.echo(f"{spec.name}, learned stage retrained per fold (not the shipped model):")
        _report(data, _cross_validate(data, lists, combine, k), combine, k)
COMMANDS = [train]
