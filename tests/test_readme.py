"""The README's examples hold as printed: its config reference passes `newsbot check`, and what
it says about `--config` is what the commands take."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.cli.main import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def test_the_config_reference_passes_check_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: unknown term list `@health_org`, then unknown destination `ops-slack`.
    [block] = re.findall(r"```yaml\n(.*?)```", section("Config reference"), re.DOTALL)
    path = tmp_path / "newsbot.yaml"
    path.write_text(block, encoding="utf-8")
    for name in ("SLACK_BOT_TOKEN", "SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD", "DIGEST_TO"):
        monkeypatch.delenv(name, raising=False)  # a fresh machine: destinations disabled
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--config", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 sources enabled, 1 rule(s)" in result.output


def test_the_commands_said_to_take_config_are_exactly_those_that_do() -> None:
    said = re.search(r"Every command but `(\w+)` and `(\w+)` takes `--config PATH`", README)
    assert said is not None
    ctx = click.Context(cli)  # every command: `cli.commands` holds only those loaded so far
    commands = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    without = {name for name, cmd in commands.items()
               if cmd is not None and not any(p.name == "config_path" for p in cmd.params)}  # fmt: skip
    assert without == set(said.groups())
