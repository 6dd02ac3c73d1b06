"""Digests: periods in the digest's time zone (DST included), one digest per period, empty
periods, grouping, preview; delivered through the real e-mail notifier to a local SMTP server
and through the console (an HTML file)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config.settings import Settings
from bot.cron import last_fire
from bot.delivery import digest
from bot.delivery.digest import Period, build_due_digests, compose, period_at, preview
from bot.delivery.messages import message_from_payload
from bot.delivery.outbox import Outbox
from bot.delivery.routing import build_routes
from bot.models import Item
from bot.notifiers import notifier_for
from bot.store import DigestRun, MatchRecord, NewItem, PollBatch, Store, StoryUpsert
from tests.support.db import make_match, open_store_fixture, store_fixture, store_url_fixture  # noqa: F401
from tests.support.smtp import SmtpServer
from tests.support.smtp import smtp_server as smtp_server

NY = ZoneInfo("America/New_York")
DAILY = "0 8 * * *"
WEEKDAYS = "0 8 * * mon-fri"
# Monday 3 June 2024, 09:00 in New York: the 08:00 digest is due.
MONDAY = datetime(2024, 6, 3, 13, 0, tzinfo=UTC)


@dataclass
class Cursor:
    """Stands for the store's digest cursor in the pure period tests."""

    last: DigestRun | None = None

    def last_digest_period(self, name: str) -> DigestRun | None:
        return self.last


def period(schedule: str, now: datetime, last: DigestRun | None = None) -> Period:
    found = period_at(Cursor(last), "d", schedule, NY, now)  # type: ignore[arg-type]
    assert found is not None
    return found


NO_SERVER = ("127.0.0.1", 9)  # enables e-mail in the config; nothing connects in these tests


def settings(
    tmp_path: Path, smtp: tuple[str, int] | None = NO_SERVER, **digest_opts: Any
) -> Settings:
    data: dict[str, Any] = {
        "timezone": "America/New_York",
        "rules": [
            {"name": "health-ai", "query": "AI", "notify": ["weekday-digest", "console"]},
            {"name": "pharma-ai", "query": "pharma", "notify": ["weekday-digest"]},
        ],
        "destinations": {
            "weekday-digest": {
                "type": "email_digest",
                "to": ["team@example.org"],
                "schedule": WEEKDAYS,
                "subject": "[newsbot] Health-AI partnerships",
                **digest_opts,
            },
            "console": {"type": "console", "digest_dir": str(tmp_path / "digests")},
        },
    }
    if smtp is not None:
        data["smtp"] = {"host": smtp[0], "port": smtp[1], "security": "none",
                        "from": "newsbot@example.org"}
    return Settings.model_validate(data)


def add_story(
    store: Store, story: str, at: datetime, rule: str, coverage: list[tuple[str, str]]
) -> None:
    """Store a story covered by `coverage` [(outlet, headline)], the first as its lead,
    matched by `rule` at `at`."""
    items = [
        Item(fingerprint=f"{story}-{i}", source="src", title=title, summary=f"{title}. More.",
             url=f"https://news.example/{story}/{i}", canonical_url=f"https://news.example/{story}/{i}",
             published_at=at - timedelta(minutes=5), fetched_at=at + timedelta(seconds=i),
             outlet=outlet)
        for i, (outlet, title) in enumerate(coverage)
    ]
    upsert = StoryUpsert(story, items[0].fingerprint, items[0].title, at, at,
                         tuple(o for o, _ in coverage), len(items))
    store.commit_poll(PollBatch(
        source="src", now=at, items=tuple(NewItem(i, story) for i in items), stories=(upsert,),
        matches=tuple(MatchRecord(i.fingerprint, make_match(rule), story) for i in items),
    ))


def digest_rows(store: Store) -> list[Any]:
    return [d for status in ("pending", "sent") for d in store.list_by_status(status)
            if d.kind == "digest"]


# ---- periods ----------------------------------------------------------------------------


def test_a_daily_period_across_the_spring_change_lasts_23_hours() -> None:
    found = period(DAILY, datetime(2024, 3, 10, 13, 0, tzinfo=UTC))

    assert found.key == "2024-03-10T08:00:00-04:00"
    assert (found.start, found.end) == (
        datetime(2024, 3, 9, 13, 0, tzinfo=UTC), datetime(2024, 3, 10, 12, 0, tzinfo=UTC))
    assert found.label == "Sun 10 Mar 2024 08:00 EDT"


def test_a_daily_period_across_the_autumn_change_lasts_25_hours() -> None:
    found = period(DAILY, datetime(2024, 11, 3, 14, 0, tzinfo=UTC))

    assert found.end - found.start == timedelta(hours=25)
    assert found.end == datetime(2024, 11, 3, 13, 0, tzinfo=UTC)


def test_a_time_in_the_repeated_autumn_hour_fires_once() -> None:
    first = last_fire("30 1 * * *", NY, datetime(2024, 11, 3, 5, 45, tzinfo=UTC))  # 01:45 EDT
    later = last_fire("30 1 * * *", NY, datetime(2024, 11, 3, 6, 45, tzinfo=UTC))  # 01:45 EST

    # (PEP 495: compare in UTC; times in the fold never equal times of another zone)
    assert first.astimezone(UTC) == later.astimezone(UTC) == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)


def test_an_hourly_schedule_still_fires_in_both_repeated_hours() -> None:
    fire = last_fire("30 * * * *", NY, datetime(2024, 11, 3, 6, 45, tzinfo=UTC))

    assert fire.astimezone(UTC) == datetime(2024, 11, 3, 6, 30, tzinfo=UTC)


def test_a_weekday_digest_on_monday_covers_the_weekend() -> None:
    found = period(WEEKDAYS, MONDAY)

    assert (found.start, found.end) == (
        datetime(2024, 5, 31, 12, 0, tzinfo=UTC), datetime(2024, 6, 3, 12, 0, tzinfo=UTC))


def test_a_later_period_starts_where_the_last_one_ended_and_none_is_due_twice() -> None:
    ended = datetime(2024, 5, 30, 12, 0, tzinfo=UTC)  # a missed Friday: no gap either
    last = DigestRun("d", "2024-05-30T08:00:00-04:00", ended, period_end=ended)

    found = period(WEEKDAYS, MONDAY, last)
    done = DigestRun("d", found.key, MONDAY, period_end=found.end)

    assert found.start == ended and found.end == datetime(2024, 6, 3, 12, 0, tzinfo=UTC)
    assert period_at(Cursor(done), "d", WEEKDAYS, NY, MONDAY) is None  # type: ignore[arg-type]


# ---- building against the store ---------------------------------------------------------


async def test_building_twice_enqueues_one_digest(store: Store, tmp_path: Path) -> None:
    config = settings(tmp_path)
    add_story(store, "s1", datetime(2024, 6, 1, 15, 0, tzinfo=UTC), "health-ai",
              [("STAT", "Mayo Clinic partners with Google on AI")])
    routes = build_routes(config)

    first = build_due_digests(store, config, routes, MONDAY)
    second = build_due_digests(store, config, routes, MONDAY + timedelta(minutes=1))

    assert first == ["digest:weekday-digest:2024-06-03T08:00:00-04:00"] and second == []
    [row] = digest_rows(store)
    assert row.destination == "weekday-digest" and row.payload["name"] == "weekday-digest"


@pytest.mark.parametrize("send_empty", [False, True])
async def test_an_empty_period_is_recorded_and_sent_only_with_send_empty(
    store: Store, tmp_path: Path, send_empty: bool
) -> None:
    config = settings(tmp_path, send_empty=send_empty)

    enqueued = build_due_digests(store, config, build_routes(config), MONDAY)

    recorded = store.last_digest_period("weekday-digest")
    assert recorded is not None and recorded.story_count == 0
    assert recorded.period_end == datetime(2024, 6, 3, 12, 0, tzinfo=UTC)
    assert len(enqueued) == len(digest_rows(store)) == (1 if send_empty else 0)


async def test_stories_are_grouped_by_rule_newest_first_with_also_covered_by(
    store: Store, tmp_path: Path
) -> None:
    add_story(store, "old", datetime(2024, 6, 1, 14, 0, tzinfo=UTC), "health-ai",
              [("STAT", "Duke Health and Microsoft AI partnership"),
               ("Fierce Healthcare", "Duke and Microsoft team up"),
               ("STAT", "STAT again: Duke and Microsoft"),
               ("Healthcare Dive", "Duke Health signs AI deal")])
    add_story(store, "new", datetime(2024, 6, 2, 14, 0, tzinfo=UTC), "health-ai",
              [("MedCity News", "Mount Sinai picks an AI scribe")])
    add_story(store, "pharma", datetime(2024, 6, 1, 18, 0, tzinfo=UTC), "pharma-ai",
              [("Endpoints News", "Pfizer and OpenAI collaborate")])
    add_story(store, "late", datetime(2024, 6, 3, 12, 30, tzinfo=UTC), "health-ai",
              [("STAT", "After the period ended")])
    found = period(WEEKDAYS, MONDAY)

    message = compose(store, "weekday-digest", ("health-ai", "pharma-ai"), found, NY)

    groups = {rule: [e.headline for e in entries] for rule, entries in message.groups}
    assert list(groups) == ["health-ai", "pharma-ai"]
    assert groups["health-ai"] == ["Mount Sinai picks an AI scribe",
                                   "Duke Health and Microsoft AI partnership"]
    assert groups["pharma-ai"] == ["Pfizer and OpenAI collaborate"]
    duke = message.groups[0][1][1]
    assert duke.outlet == "STAT"
    assert [o for o, _ in duke.also_covered] == ["Fierce Healthcare", "Healthcare Dive"]
    assert message.story_count == 3


async def test_preview_writes_nothing(store: Store, tmp_path: Path) -> None:
    config = settings(tmp_path)
    add_story(store, "s1", MONDAY + timedelta(hours=1), "health-ai", [("STAT", "Open period")])
    before = store.counts_by_status_and_destination()

    shown = preview(store, config, build_routes(config), "weekday-digest", MONDAY + timedelta(hours=2))

    assert [e.headline for _, entries in shown.groups for e in entries] == ["Open period"]
    assert store.counts_by_status_and_destination() == before
    assert store.last_digest_period("weekday-digest") is None


# ---- delivery ---------------------------------------------------------------------------


async def test_the_digest_arrives_by_email_as_multipart_alternative(
    store: Store, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    config = settings(tmp_path, (smtp_server.host, smtp_server.port))
    add_story(store, "s1", datetime(2024, 6, 1, 15, 0, tzinfo=UTC), "health-ai",
              [("STAT", "Mayo Clinic & Google: AI <partnership>")])
    build_due_digests(store, config, build_routes(config), MONDAY)
    dest = config.destinations["weekday-digest"]
    mail = notifier_for(dest, clock=lambda: MONDAY)
    box = Outbox(store, {"weekday-digest": mail}, owner="t", clock=lambda: MONDAY,
                 rng=random.Random(1))

    result = await box.drain()

    [received] = smtp_server.received
    message = received.message
    assert result.sent == 1 and received.rcpt_tos == ["team@example.org"]
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "[newsbot] Health-AI partnerships: Mon 03 Jun 2024 08:00 EDT"
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Mayo Clinic &amp; Google: AI &lt;partnership&gt;" in html
    assert digest_rows(store)[0].status == "sent"


async def test_without_email_the_digest_is_written_by_the_console_as_html(
    store: Store, tmp_path: Path
) -> None:
    config = settings(tmp_path, smtp=None)  # the digest's mail is disabled: console fallback
    add_story(store, "s1", datetime(2024, 6, 1, 15, 0, tzinfo=UTC), "health-ai",
              [("STAT", "Mayo Clinic partners with Google on AI")])
    routes = build_routes(config)
    build_due_digests(store, config, routes, MONDAY)
    [row] = digest_rows(store)
    console = notifier_for(config.destinations["console"])

    result = await Outbox(store, {"console": console}, owner="t", clock=lambda: MONDAY).drain()

    [written] = (tmp_path / "digests").glob("*.html")
    assert routes.digests["weekday-digest"] == (("health-ai", "pharma-ai"), "console")
    assert row.destination == "console" and result.sent == 1
    assert "Mayo Clinic partners with Google on AI" in written.read_text(encoding="utf-8")
    sent = store.get_delivery(row.id)
    assert sent is not None and sent.external_id == str(written)
    assert message_from_payload(dict(row.payload)).kind == "digest"
    assert digest.digest_zone(config, config.destinations["weekday-digest"]) == NY
