"""plan_deliveries: one alert per story per destination, however many items and rules; follow-ups
only where the destination threads, and only for an outlet new to the story."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config.settings import Settings
from bot.delivery.messages import Alert, message_from_payload
from bot.delivery.routing import Routes
from bot.models import Item, Match, StoryRef, TermHit
from bot.pipeline.plan import Plan, plan_deliveries
from bot.store import alert_key, followup_key
from bot.stories.index import StoryIndex

NOW = datetime(2024, 6, 3, 14, 0, tzinfo=UTC)
MAYO = "Mayo Clinic partners with Google Cloud on generative AI for clinicians"
DESTINATIONS = Settings.model_validate({
    "destinations": {
        "slack": {"type": "slack", "channel": "#health-ai", "token": "x"},
        "quiet-slack": {"type": "slack", "channel": "#ops", "token": "x", "thread_followups": False},
        "mail": {"type": "email", "to": ["a@example.org"]},
    },
}).destinations
ROUTES = Routes(
    alerts={"health-ai": ("slack", "mail"), "partnerships": ("slack", "quiet-slack")}, digests={}
)


def item(fp: str, outlet: str | None, title: str = MAYO) -> Item:
    return Item(fingerprint=fp, source="google-news", title=title, summary=f"{title}.",
                url=f"https://news.example/{fp}", canonical_url=f"https://news.example/{fp}",
                published_at=NOW - timedelta(minutes=5), fetched_at=NOW, outlet=outlet)


def match(rule: str) -> Match:
    return Match(rule=rule, score=2.0, hits=(TermHit("@ai", "title", "AI", 0, 2),))


def plan(
    index: StoryIndex,
    entries: list[tuple[Item, list[str]]],
    alerted: set[str] | None = None,
    quiet: list[Item] | None = None,
    **kw: Any,
) -> Plan:
    matched = [(it, [match(r) for r in rules], index.assign(it, now=NOW)) for it, rules in entries]
    return plan_deliveries(matched, quiet or [], index, ROUTES, DESTINATIONS, alerted or set(),
                           NOW, **kw)


def rows(result: Plan) -> list[tuple[str, str]]:
    return sorted((d.kind, d.destination) for d in result.deliveries)


def test_a_story_gets_one_alert_per_destination_however_many_items_and_rules() -> None:
    index = StoryIndex(timedelta(days=3))

    result = plan(index, [
        (item("a", "STAT"), ["health-ai", "partnerships"]),
        (item("b", "STAT"), ["health-ai", "partnerships"]),
    ])

    alerts = [d for d in result.deliveries if d.kind == "alert"]
    story = alerts[0].story_id
    assert sorted(d.destination for d in alerts) == ["mail", "quiet-slack", "slack"]
    assert {d.dedupe_key for d in alerts} == {alert_key(story or "", d) for d in
                                              ("mail", "quiet-slack", "slack")}
    assert [d for d in result.deliveries if d.kind == "followup"] == []  # same outlet
    assert len(result.matches) == 4 and len(result.stories) == 1
    assert result.stories[0].alerted


def test_new_outlets_in_the_same_poll_become_followups_only_where_slack_threads() -> None:
    index = StoryIndex(timedelta(days=3))

    result = plan(index, [
        (item("a", "STAT"), ["health-ai", "partnerships"]),
        (item("b", "Fierce Healthcare", "Mayo Clinic, Google Cloud partner on generative AI for clinicians"), ["health-ai"]),
        (item("c", "Healthcare Dive", "Mayo Clinic taps Google Cloud generative AI for clinicians"), ["partnerships"]),
    ])

    assert rows(result) == [("alert", "mail"), ("alert", "quiet-slack"), ("alert", "slack"),
                            ("followup", "slack"), ("followup", "slack")]
    followups = [d for d in result.deliveries if d.kind == "followup"]
    story = followups[0].story_id or ""
    assert [d.dedupe_key for d in followups] == [followup_key(story, "b", "slack"),
                                                 followup_key(story, "c", "slack")]
    reply = message_from_payload(dict(followups[0].payload))
    assert isinstance(reply, Alert) and reply.also_covered == [("Fierce Healthcare", "https://news.example/b")]


def test_a_later_poll_adds_a_followup_for_a_new_outlet_and_nothing_for_a_known_one() -> None:
    index = StoryIndex(timedelta(days=3))
    first = plan(index, [(item("a", "STAT"), ["health-ai"])])
    alerted = {d.dedupe_key for d in first.deliveries}
    story = first.deliveries[0].story_id or ""

    known = plan(index, [(item("b", "STAT", "Mayo Clinic and Google Cloud expand generative AI for clinicians"), ["health-ai"])],
                 alerted, outlets_before={story: ["STAT"]})
    new = plan(index, [(item("c", "Fierce Healthcare", "Mayo Clinic, Google Cloud partner on generative AI for clinicians"), ["health-ai"])],
               alerted, outlets_before={story: ["STAT"]})

    assert rows(first) == [("alert", "mail"), ("alert", "slack")]
    assert known.deliveries == ()
    assert rows(new) == [("followup", "slack")]


def test_without_stored_outlets_a_second_new_outlet_in_one_poll_is_guessed_known() -> None:
    index = StoryIndex(timedelta(days=3))
    first = plan(index, [(item("a", "STAT"), ["health-ai"])])

    later = plan(index, [
        (item("b", "Fierce Healthcare", "Mayo Clinic, Google Cloud partner on generative AI for clinicians"), ["health-ai"]),
        (item("c", "Healthcare Dive", "Mayo Clinic taps Google Cloud generative AI for clinicians"), ["health-ai"]),
    ], {d.dedupe_key for d in first.deliveries})

    # The documented limit of the fallback: pass `outlets_before` to get both.
    assert rows(later) == [("followup", "slack")]


def test_items_that_matched_nothing_are_stored_without_story_or_delivery() -> None:
    index = StoryIndex(timedelta(days=3))

    result = plan(index, [], quiet=[item("q", "STAT", "Hospital parking rates rise")])

    assert [(n.item.fingerprint, n.story_id) for n in result.items] == [("q", None)]
    assert (result.matches, result.deliveries, result.stories) == ((), (), ())


def test_the_alert_payload_names_its_rules_terms_and_dedupe_key() -> None:
    index = StoryIndex(timedelta(days=3))

    result = plan(index, [(item("a", "STAT"), ["health-ai", "partnerships"])])

    slack = next(d for d in result.deliveries if d.destination == "slack")
    alert = message_from_payload(dict(slack.payload))
    assert isinstance(alert, Alert)
    assert (alert.dedupe_key, alert.rules, alert.terms) == (
        slack.dedupe_key, ["health-ai", "partnerships"], ["ai"])
    assert (alert.headline, alert.outlet, alert.followup_of) == (MAYO, "STAT", None)


def test_a_story_ref_that_is_not_new_keeps_its_alert_key_known() -> None:
    index = StoryIndex(timedelta(days=3))
    ref = StoryRef("s-old", is_new=False, reason="same URL")

    result = plan_deliveries([(item("z", "STAT"), [match("health-ai")], ref)], [], index, ROUTES,
                             DESTINATIONS, {alert_key("s-old", "slack"), alert_key("s-old", "mail")},
                             NOW, outlets_before={"s-old": ["Fierce Healthcare"]})

    assert rows(result) == [("followup", "slack")]


_PARENT = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from bot.pipeline.worker import init_worker
pool = ProcessPoolExecutor(1, initializer=init_worker, initargs=([], {}))
print(pool.submit(os.getpid).result(), flush=True)
time.sleep(60)
"""


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):  # gone, or going while its file is read
        return False
    return "\\tZ" not in status.split("State:", 1)[1].split("\\n", 1)[0]  # a zombie has exited


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_parse_worker_exits_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        assert _running(worker)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        for _ in range(100):  # the watch checks once a second
            if not _running(worker):
                break
            time.sleep(0.1)
        assert not _running(worker)
    finally:
        parent.kill()
