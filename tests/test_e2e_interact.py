"""Rules that learn, end to end, on a real `newsbot run --http` process: alerts go out to the
Slack stand-in, the team's signed clicks arrive on the request URL and are stored once,
`newsbot suggest` proposes the exclusion they call for, `--apply` writes it into the YAML and
the running service reloads, and the same item, published again under a new URL, no longer
alerts. Process helpers live in `test_e2e_process.py`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from bot.cli.main import cli
from bot.notifiers import slack_blocks as sb
from bot.store import Store
from bot.store.schema import items, matches
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server
from tests.support.slack_signing import SECRET, click_body, click_payload, sign
from tests.test_e2e_process import Bot, HoldingStandin, fast_forward, wait_until, write_config
from tests.test_e2e_process import standin as standin
from tests.test_e2e_process import stopper as stopper
from tests.test_e2e_process_lifecycle import free_port

pytestmark = pytest.mark.slow

GOOD = "Mayo Clinic partners with Microsoft on generative AI"
STADIUM = [
    "Riverside Hospital partners with football club on stadium clinic",
    "Lakeside council partners with racing team on stadium parking",
]
LATER = "Duke Health partners with Abridge to cut clinician paperwork"


def rss(entries: list[tuple[str, str]]) -> bytes:
    """An RSS feed of (title, slug) entries, published now; the slug makes URL and guid."""
    now = format_datetime(datetime.now(UTC))
    body = "".join(
        f"<item><title>{escape(t)}</title><link>https://news.example/{slug}</link>"
        f"<guid>{slug}</guid><pubDate>{now}</pubDate><description>{escape(t)}.</description></item>"
        for t, slug in entries
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{body}</channel></rss>'.encode()


def alerts(standin: HoldingStandin) -> dict[str, dict[str, Any]]:
    """Alerts in #news by their fallback text's first title found."""
    titles = [GOOD, *STADIUM, LATER]
    return {t: m for m in standin.posted("C0NEWS") for t in titles if t in m["text"] and "thread_ts" not in m}


def click(base: str, message: dict[str, Any], action: str) -> int:
    story = next(e["value"] for e in message["blocks"][-1]["elements"] if e["action_id"] == action)
    payload = click_payload(action, story, ts=message["ts"], blocks=message["blocks"])
    payload["message"]["text"] = message["text"]  # as Slack sends it: chat.update repeats it
    body = click_body(payload)
    return httpx.post(f"{base}/slack/interactions", content=body, headers=sign(body), timeout=5).status_code


def test_a_not_relevant_click_becomes_an_applied_exclusion_and_the_item_stops_alerting(
    feed_server: FeedServer, standin: HoldingStandin, tmp_path: Path, stopper: list[Bot]
) -> None:
    url = feed_server.add("/wire.xml", body=rss([(GOOD, "good"), (STADIUM[0], "s0"), (STADIUM[1], "s1")]))
    database = f"sqlite:///{tmp_path}/newsbot.db"
    path = write_config(tmp_path / "newsbot.yaml", database, {"wire": url}, {"deals": "partner*"}, standin, None)
    with path.open("a") as handle:  # interactivity on: the request URL, signed with our secret
        handle.write(f"slack: {{signing_secret: {json.dumps(SECRET)}, base_url: '{standin.base_url}'}}\n")
    standin.members["C0NEWS"] = ["U1"]
    port = free_port()
    bot = Bot(path, tmp_path, http=f"127.0.0.1:{port}").start()
    stopper.append(bot)
    sent = wait_until(lambda: len(found := alerts(standin)) == 3 and found, "the first alerts", bot)

    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: _up(base), "the http server", bot)
    assert click(base, sent[GOOD], sb.ACTION_RELEVANT) == 200
    for title in STADIUM:
        assert click(base, sent[title], sb.ACTION_NOT_RELEVANT) == 200
    assert click(base, sent[STADIUM[0]], sb.ACTION_NOT_RELEVANT) == 200  # a double click

    def stored() -> list[Any]:
        store = Store(database)
        try:
            return store.feedback()
        finally:
            store.close()

    examples = wait_until(lambda: len(fb := stored()) == 3 and fb, "the stored examples", bot)
    assert sorted((f.label, f.title) for f in examples) == sorted(
        [("relevant", GOOD), *(("not_relevant", t) for t in STADIUM)])  # fmt: skip
    wait_until(lambda: len(standin.ephemerals) == 4, "the confirmations", bot)

    runner = CliRunner()
    shown = runner.invoke(cli, ["suggest", "deals", "--config", str(path)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == '1. add NOT "stadium": removes 2 false alerts, loses 0 true ones'
    applied = runner.invoke(cli, ["suggest", "deals", "--apply", "--config", str(path), "--pid-file", str(bot.pid_file)])
    assert applied.exit_code == 0, applied.output
    assert "reloaded its config" in applied.output, applied.output
    assert """  - name: deals\n    query: 'partner* AND NOT "stadium"'\n""" in path.read_text()  # layout kept
    bot.wait_event("config_reloaded")

    # The stadium story again under a new URL, and a new deal to show the poll happened.
    feed_server.routes["/wire.xml"].body = rss([(GOOD, "good"), (STADIUM[0], "s0-again"), (LATER, "later")])
    fast_forward(database)
    wait_until(lambda: LATER in alerts(standin), "the next alert", bot)
    engine = sa.create_engine(database)
    try:
        with engine.connect() as conn:
            def rules_of(slug: str) -> list[str]:
                item = sa.select(items.c.fingerprint).where(items.c.url == f"https://news.example/{slug}")
                rows = conn.execute(sa.select(matches.c.rule).where(matches.c.item_fingerprint == item.scalar_subquery()))
                return [rule for (rule,) in rows]

            assert (rules_of("s0"), rules_of("later"), rules_of("s0-again")) == (["deals"], ["deals"], [])
            assert conn.execute(sa.select(items.c.title).where(items.c.url.endswith("/s0-again"))).scalar_one() == STADIUM[0]
    finally:
        engine.dispose()
    assert len([m for m in standin.posted("C0NEWS") if STADIUM[0] in m["text"]]) == 1
    assert bot.terminate() == 0


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code in (200, 503)
    except httpx.HTTPError:
        return False
