"""The console destination: readable alerts on stdout, digests as HTML files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config.destinations import ConsoleDestination
from bot.delivery.messages import Alert, DigestEntry, DigestMessage, OpsMessage
from bot.notifiers import notifier_for
from bot.notifiers.console import ConsoleNotifier


async def test_it_prints_an_alert_as_plain_readable_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    alert = Alert(
        story_id="s", headline="[bold]Duke[/bold] \x1b[31mred\x1b[0m partners", url="https://a.example/x",
        outlet="STAT", rules=["health-ai"], terms=["duke"],
    )

    await notifier_for(ConsoleDestination(digest_dir=str(tmp_path))).send(alert)

    out = capsys.readouterr().out
    assert "[bold]Duke[/bold]" in out, "feed text must not be read as rich markup"
    assert "\x1b" not in out and "https://a.example/x" in out and "matched health-ai on: duke" in out


async def test_it_writes_a_digest_as_an_html_file(tmp_path: Path) -> None:
    digest = DigestMessage(name="Daily / ../etc", period="2024-06-03", groups=[("r", [DigestEntry(headline="H")])])

    result = await ConsoleNotifier(ConsoleDestination(digest_dir=str(tmp_path / "digests"))).send(digest)

    path = Path(result.external_id or "")
    assert path.parent == tmp_path / "digests" and path.suffix == ".html"
    assert "<html" in path.read_text(encoding="utf-8") and ">H<" in path.read_text(encoding="utf-8")


async def test_it_prints_ops_notices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    await ConsoleNotifier(ConsoleDestination(digest_dir=str(tmp_path))).send(OpsMessage(text="source x recovered"))

    assert "source x recovered" in capsys.readouterr().out
