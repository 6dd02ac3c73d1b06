"""What `once`, `status` and `why` tell a new user, through the real command group against the
local feed server and a SQLite file: nothing due (and when), the whole error of a failing
source, why a delivery waits, an item held back by the backfill window; piped output that is
not wrapped inside values."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from click.testing import CliRunner

from bot.cli.main import cli
from bot.store import NewDelivery, Store
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server


def rss(*entries: tuple[str, datetime]) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{n}</link><guid>g{n}</guid>"
        f"<pubDate>{format_datetime(when)}</pubDate></item>"
        for n, (title, when) in enumerate(entries)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>w</title>{items}</channel></rss>'.encode()


def config(tmp_path: Path, sources: dict[str, str]) -> str:
    lines = [f"database: sqlite:///{tmp_path}/news.db", "sources:"]
    lines += [f"  - {{name: {n}, url: '{u}', every: 1h, allow_private: true}}" for n, u in sources.items()]
    lines += [
        "rules: [{name: deals, query: 'partner*', notify: [console]}]",
        f"destinations: {{console: {{type: console, digest_dir: '{tmp_path}/digests'}}}}",
    ]
    path = tmp_path / "newsbot.yaml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_once_right_after_a_poll_says_nothing_was_due_and_when_the_next_is(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    path = config(tmp_path, {"wire": feed_server.add("/w.xml", body=rss())})
    assert "1 source(s) polled" in run("once", "--config", path)
    # Before: "0 source(s) polled, 0 new item(s) ..." and nothing else.
    out = run("once", "--config", path)
    assert re.search(r"no source was due: the next is wire, in (59m|1h) \(\d\d:\d\d\)", out), out


def test_once_shows_a_failing_source_s_whole_error_on_one_line(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    target = "http://169.254.169.254/latest/meta-data/iam/security-credentials/newsbot-role"
    url = feed_server.add("/moved.xml", redirect_to=target, status=301)
    out = run("once", "--config", config(tmp_path, {"wire": url}))
    # Before: "refused : 169.254.169.254 is a link-local address", wrapped at 80 columns.
    line = next(line for line in out.splitlines() if "blocked_redirect" in line)
    assert f"refused {target}: 169.254.169.254 is a link-local address" in line


def test_status_says_why_a_pending_delivery_waits_and_when_it_is_tried_again(
    tmp_path: Path,
) -> None:
    path = config(tmp_path, {"wire": "https://feeds.example/rss"})
    store = Store(f"sqlite:///{tmp_path}/news.db")
    store.migrate()
    now = datetime.now(UTC)
    store.enqueue([NewDelivery("ops:1", "console", "ops", {})], now)
    [row] = store.claim_due(now, timedelta(minutes=1), "me")
    error = "slack: rate limited (HTTP 429), retry after 30s"
    store.mark_retry(row.id, error, now + timedelta(minutes=5), owner="me")
    store.close()
    out = run("status", "--config", path)
    # Before: only "pending 1" in the deliveries table.
    line = next(line for line in out.splitlines() if error in line)
    cells = [cell.strip() for cell in line.split("│") if cell.strip()]
    assert cells[:4] == [str(row.id), "console", "ops", "1"] and cells[4].startswith("in 29")


def test_why_says_an_item_was_held_back_by_the_first_poll_s_backfill_window(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    old = datetime.now(UTC) - timedelta(days=3)
    url = feed_server.add("/w.xml", body=rss(("Mayo Clinic partners with Microsoft", old)))
    path = config(tmp_path, {"wire": url})
    run("once", "--config", path)
    out = run("why", "https://news.example/0", "--config", path)
    # Before: "not in any story: only items that match a rule are clustered", then "matched".
    assert "stored without alerting: backfill: first poll of its source, published before" in out
    assert "(the window is `backfill: 1d`)" in out and "not in any story" not in out


def test_the_lazy_command_table_names_every_command_and_its_help() -> None:
    import importlib
    import pkgutil

    import bot.cli
    from bot.cli.main import COMMAND_MODULES

    found = {}
    for info in pkgutil.iter_modules(bot.cli.__path__):
        if info.name.endswith("_cmds"):
            module = importlib.import_module(f"bot.cli.{info.name}")
            for command in module.COMMANDS:
                found[command.name] = (info.name, command.get_short_help_str(limit=200))
    assert found == COMMAND_MODULES


def test_help_imports_no_command_module() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom bot.cli.main import cli\ntry:\n    cli(['--help'])\n"
            "except SystemExit:\n    pass\nprint([m for m in sys.modules if m.endswith('_cmds')"
            " or m.startswith(('bot.store', 'bot.app', 'sqlalchemy'))], file=sys.stderr)")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
