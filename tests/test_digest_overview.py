"""The digest's overview of the period's deals (pure, then composed from stored facts and
opened in headless Chromium: readable without JavaScript), and `newsbot export`."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.delivery.digest import compose
from bot.delivery.messages import DigestEntry, DigestMessage
from bot.delivery.overview import overview
from bot.notifiers.render import render_digest_html
from bot.store import Store
from tests.conftest import skip_or_fail
from tests.support.db import make_batch, open_store_fixture, store_fixture, store_url_fixture  # noqa: F401
from tests.test_digest import MONDAY, NY, WEEKDAYS, period
from tests.test_digest_render import ARTIFACTS, CHROMIUM, chromium

MAYO_MS = {"parties": ["Mayo Clinic", "Microsoft"], "health_orgs": ["Mayo Clinic"], "partners": ["Microsoft"],
           "deal_type": "licensing_rd", "amount_usd": 50e6, "area": "radiology"}
MAYO_G = {"parties": ["Mayo  clinic", "Google"], "health_orgs": ["Mayo  clinic"], "partners": ["Google"],
          "deal_type": "partnership", "amount_usd": None, "area": None}
DUKE_MS = {"parties": ["Duke Health", "Microsoft"], "health_orgs": ["Duke Health"], "partners": ["Microsoft"],
           "deal_type": "partnership", "amount_usd": 2.5e6, "area": "clinical notes"}


def test_the_overview_counts_deals_by_type_and_the_most_active_organisations() -> None:
    view = overview([MAYO_MS, MAYO_G, DUKE_MS, None, {"parties": ["X"], "deal_type": None}])
    assert view["deals"] == 3
    assert view["by_type"] == [["partnership", 2], ["licensing / R&D deal", 1]]
    assert view["top_orgs"] == [["Mayo Clinic", 2], ["Microsoft", 2], ["Duke Health", 1], ["Google", 1]]
    assert (view["amount_usd"], view["amount_text"]) == (52.5e6, "$52.5M")
    assert overview([])["deals"] == 0 and overview([])["amount_text"] == ""


def _story(store: Store, sid: str, at: datetime, facts: dict | None, rule: str = "health-ai") -> None:  # type: ignore[type-arg]
    batch = make_batch([f"{sid}-lead"], story=sid, at=at, rule=rule)
    store.commit_poll(dataclasses.replace(
        batch, stories=tuple(dataclasses.replace(s, facts=facts) for s in batch.stories)))


def test_compose_puts_the_overview_of_stored_facts_on_the_digest(store: Store) -> None:
    store.ensure_sources([("src", "https://feeds.example/src.xml")], MONDAY)
    _story(store, "a", datetime(2024, 6, 1, 14, 0, tzinfo=UTC), MAYO_MS)
    _story(store, "b", datetime(2024, 6, 1, 15, 0, tzinfo=UTC), MAYO_G)
    _story(store, "c", datetime(2024, 6, 2, 15, 0, tzinfo=UTC), None)  # stored before facts existed

    message = compose(store, "weekday-digest", ("health-ai",), period(WEEKDAYS, MONDAY), NY)

    assert message.overview is not None and message.overview["deals"] == 2
    assert message.overview["top_orgs"][0] == ["Mayo Clinic", 2]
    assert [e.facts is not None for _, entries in message.groups for e in entries] == [False, True, True]


def digest_with_overview() -> DigestMessage:
    t0 = datetime(2024, 6, 7, 16, 0, tzinfo=UTC)
    entries = [
        DigestEntry(headline="Mayo Clinic licenses Microsoft radiology AI for $50M",
                    url="https://news.example/1", outlet="STAT", published_at=t0, facts=MAYO_MS,
                    summary="An upfront payment and milestones."),
        DigestEntry(headline="Mayo Clinic and Google team up on search", url="https://news.example/2",
                    outlet="Fierce Healthcare", published_at=t0 - timedelta(days=1), facts=MAYO_G),
        DigestEntry(headline="Duke Health and Microsoft launch a generative AI partnership",
                    url="https://news.example/3", outlet="Healthcare IT News",
                    published_at=t0 - timedelta(days=2), facts=DUKE_MS),
        DigestEntry(headline="<script>alert(1)</script> Hospital & payer sign AI deal",
                    url="https://news.example/4", outlet="Modern Healthcare",
                    facts={"parties": ["<img src=x onerror=alert(2)>"], "deal_type": "investment"}),
    ]
    facts = [e.facts for e in entries]
    return DigestMessage(name="Health-AI partnerships", period="Week of 3 Jun 2024", timezone="America/New_York",
                         groups=[("health-ai-partnerships", entries)], dedupe_key="digest:w:23",
                         overview=overview(facts))


@pytest.mark.browser
def test_the_overview_reads_above_the_stories_in_a_real_browser_without_javascript(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        skip_or_fail("Chromium not installed")
    html = render_digest_html(digest_with_overview())
    assert "<script" not in html.replace("&lt;script&gt;", "")  # no JavaScript of ours, none of theirs
    page = tmp_path / "digest.html"
    page.write_text(html, encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "digest-overview.png"
    shot.unlink(missing_ok=True)

    dom = chromium("--dump-dom", page.as_uri(),
                   user_data=tmp_path / "profile-dom")
    taken = chromium(f"--screenshot={shot}", "--window-size=900,1400", page.as_uri(),
                     user_data=tmp_path / "profile-shot")

    assert dom.returncode == 0, dom.stderr[-2000:]
    text = " ".join(dom.stdout.split())
    assert "4 deals" in text and "$52.5M stated" in text
    assert "partnership: <strong>2</strong>" in text and "investment: <strong>1</strong>" in text
    assert "Most active: Mayo Clinic (2), Microsoft (2)" in text
    assert text.index('class="overview"') < text.index('class="headline"')
    assert "Mayo Clinic + Microsoft · licensing / R&amp;D deal · $50M · radiology" in text
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert taken.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000, taken.stderr[-2000:]


def test_export_writes_the_period_s_stories_with_their_facts(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.yaml"
    path.write_text(f"database: sqlite:///{tmp_path}/news.db\nrules: [{{name: health-ai, query: AI}}]\n")
    store = Store(f"sqlite:///{tmp_path}/news.db")
    try:
        store.migrate()
        store.ensure_sources([("src", "https://feeds.example/src.xml")], MONDAY)
        _story(store, "early", datetime(2024, 5, 20, 9, 0, tzinfo=UTC), MAYO_G)
        _story(store, "a", datetime(2024, 6, 1, 14, 0, tzinfo=UTC), MAYO_MS)
        _story(store, "old", datetime(2024, 6, 2, 14, 0, tzinfo=UTC), None)
    finally:
        store.close()
    runner = CliRunner()

    as_json = runner.invoke(cli, ["export", "--since", "2024-06-01", "--format", "json", "--config", str(path)])
    as_csv = runner.invoke(cli, ["export", "--since", "2024-06-01", "--config", str(path)])
    bad = runner.invoke(cli, ["export", "--since", "last week", "--config", str(path)])

    assert as_json.exit_code == 0, as_json.output
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "old"]
    assert rows[0]["parties"] == ["Mayo Clinic", "Microsoft"] and rows[0]["amount_usd"] == 50e6
    assert rows[0]["url"].startswith("https://news.example/a-lead") and rows[1]["deal_type"] is None
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["id"] for r in table] == ["a", "old"]
    assert table[0]["parties"] == "Mayo Clinic; Microsoft" and table[0]["deal_type"] == "licensing_rd"
    assert bad.exit_code != 0 and "not a date" in bad.output
