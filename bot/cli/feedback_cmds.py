"""`newsbot feedback` (the team's labeled examples) and `newsbot suggest RULE [--apply]`.

`feedback` lists the examples (or writes them as labeled JSON lines with `--jsonl`, the format
`newsbot train` and `backtest` read). `suggest` turns one rule's examples into proposals, each
backtested on all labeled data before it is shown; `--apply` writes the best one (or the
`--pick`ed one) into the config file, comments kept, and asks the running service to reload.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape

from bot import config
from bot.cli.common import config_option, make_console
from bot.config.settings import Settings
from bot.errors import BotError
from bot.models import Item
from bot.normalize.item import record_to_item
from bot.store import Store
from bot.store.feedback import Feedback


def feedback_records(settings: Settings, rule: str | None = None) -> list[Feedback]:
    store = Store(settings.database)
    try:
        store.migrate()
        return store.feedback(rule=rule)
    finally:
        store.close()


def labeled(examples: list[Feedback]) -> list[tuple[Item, bool]]:
    """Relevance examples as (item, label); a story judged by several people counts once per
    person (their agreement is signal), mutes and same-story links are not relevance labels."""
    return [(record_to_item(fb.as_record()), fb.label == "relevant")
            for fb in examples if fb.label in ("relevant", "not_relevant")]  # fmt: skip


@click.command()
@config_option
@click.option("--rule", help="Only examples of this rule.")
@click.option("--jsonl", is_flag=True, help="Labeled JSON lines (for `train --input`, `backtest`).")
def feedback(config_path: str, rule: str | None, jsonl: bool) -> None:
    """List the labeled examples the team gave in Slack (buttons and /newsbot mute)."""
    examples = feedback_records(config.load(config_path), rule)
    if jsonl:
        for fb in examples:
            if fb.label in ("relevant", "not_relevant"):
                click.echo(json.dumps(fb.as_record(), ensure_ascii=False))
        return
    console = make_console()
    for fb in examples:
        what = fb.label.replace("_", " ") + (f" {fb.target}" if fb.target else "")
        console.print(f"{fb.at:%Y-%m-%d %H:%M} {escape(fb.user_name or fb.user_id)} · "
                      f"{escape(what)} · {escape(fb.rule or '-')} · {escape(fb.title[:90])}")  # fmt: skip
    console.print(f"{len(examples)} example(s)")


@click.command()
@config_option
@click.argument("rule")
@click.option("--apply", "do_apply", is_flag=True, help="Write the best proposal into the config and reload.")
@click.option("--pick", type=int, default=1, show_default=True, help="Which proposal --apply writes.")
@click.option("--pid-file", default="data/newsbot.pid", show_default=True)
def suggest(config_path: str, rule: str, do_apply: bool, pick: int, pid_file: str) -> None:
    """Proposals for RULE from the team's feedback, each backtested on all labeled examples."""
    from bot.interact.suggest import suggest as propose

    settings = config.load(config_path)
    spec = next((r for r in settings.rules if r.name == rule), None)
    if spec is None:
        raise BotError(f"no rule {rule!r}; rules: {', '.join(r.name for r in settings.rules)}")
    examples = feedback_records(settings)
    data = labeled([fb for fb in examples if fb.rule in (rule, None)])
    muted = [fb.target for fb in examples if fb.label == "mute" and fb.rule in (rule, None) and fb.target]
    proposals = propose(rule, spec.query, settings.terms, data, muted=muted,
                        min_score=spec.min_score, fields=spec.fields)  # fmt: skip
    if not proposals:
        click.echo(f"{rule}: no proposal improves it on {len(data)} labeled example(s)")
        return
    for n, p in enumerate(proposals, 1):
        click.echo(f"{n}. {p.summary}: {p.effect()}")
    if not do_apply:
        click.echo("copy one into the config, or run again with --apply [--pick N]")
        return
    if not 1 <= pick <= len(proposals):
        raise BotError(f"--pick {pick}: choose 1 to {len(proposals)}")
    chosen = proposals[pick - 1]
    if settings.path is None:
        raise BotError("the config was not read from a file: nothing to edit")
    try:
        from bot.interact.yamledit import apply
    except ImportError:
        raise BotError("--apply needs ruamel.yaml: pip install 'newsbot[suggest]'") from None

    apply(Path(settings.path), rule, chosen)
    config.load(str(settings.path))  # the edited file must still be a valid config
    click.echo(f"wrote {chosen.summary} into {settings.path}")
    from bot.cli.service_cmds import reload

    try:
        click.get_current_context().invoke(reload, config_path=config_path, pid_file=pid_file, wait=30.0)
    except BotError as exc:
        click.echo(f"not reloaded ({exc}); a service started later reads the new config")


COMMANDS = [feedback, suggest]
