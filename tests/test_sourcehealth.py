"""Source health notices: the pure verdict (`assess`, `usual_gap`) and `report` against a real
store (SQLite and PostgreSQL): told once when failing or silent, once when recovered."""

from __future__ import annotations

from datetime import timedelta

from bot.config.settings import OpsSettings, Settings
from bot.service.sourcehealth import assess, report, usual_gap
from bot.store import PollBatch, SourceFailure, SourceState, SourceSuccess, Store
from tests.support.db import NOW, make_batch, open_store_fixture, store_fixture, store_url_fixture  # noqa: F401

OPS = OpsSettings(destination="ops", source_failing_after=timedelta(hours=6), silent_factor=10)


def settings(*names: str) -> Settings:
    return Settings.model_validate(
        {
            "sources": [{"name": n, "url": f"https://feeds.example/{n}.xml"} for n in names],
            "destinations": {"ops": {"type": "console"}},
            "ops": {"destination": "ops", "source_failing_after": "6h"},
        }
    )


def state(**kw: object) -> SourceState:
    base: dict[str, object] = {
        "name": "src",
        "url": "https://feeds.example/src.xml",
        "config_url": "https://feeds.example/src.xml",
        "next_check_at": NOW,
    }
    return SourceState(**{**base, **kw})  # type: ignore[arg-type]


def fail(store: Store, hours: float, source: str = "src") -> None:
    at = NOW + timedelta(hours=hours)
    failure = SourceFailure(at, "http_500", "HTTP 500 from the server", at + timedelta(minutes=5))
    store.commit_poll(PollBatch(source=source, now=at, failure=failure))


def succeed(store: Store, hours: float, source: str = "src") -> None:
    at = NOW + timedelta(hours=hours)
    store.commit_poll(
        PollBatch(source=source, now=at, success=SourceSuccess(at, 200, at + timedelta(minutes=15)))
    )


def notices(store: Store) -> list[str]:
    rows = store.list_by_status("pending", destination="ops")
    return [str(r.payload.get("text", "")) for r in rows if r.kind == "ops"]


# ---- pure verdicts ----------------------------------------------------------------------


def test_a_failure_shorter_than_the_threshold_is_not_worth_telling() -> None:
    verdict = assess(
        state(error_streak=3, first_failure_at=NOW), NOW + timedelta(hours=5), OPS, None
    )
    assert verdict.state == "ok"


def test_a_failure_past_the_threshold_names_its_duration_and_error() -> None:
    failing = state(
        error_streak=9, first_failure_at=NOW, error_kind="timeout", last_error="read timed out"
    )
    verdict = assess(failing, NOW + timedelta(hours=7), OPS, None)
    assert verdict.state == "failing"
    assert "7.0 hours" in verdict.text and "timeout" in verdict.text


def test_a_source_quiet_for_ten_times_its_rhythm_is_silent() -> None:
    quiet = state(last_new_item_at=NOW)
    assert assess(quiet, NOW + timedelta(hours=9), OPS, timedelta(hours=1)).state == "ok"
    verdict = assess(quiet, NOW + timedelta(hours=10), OPS, timedelta(hours=1))
    assert verdict.state == "silent" and "usually one every 1.0 hours" in verdict.text


def test_silence_is_not_judged_without_enough_history() -> None:
    assert usual_gap([NOW + timedelta(hours=h) for h in range(4)]) is None
    quiet = state(last_new_item_at=NOW)
    assert assess(quiet, NOW + timedelta(days=30), OPS, None).state == "ok"


def test_the_usual_gap_is_the_median_between_distinct_arrivals() -> None:
    hours = [0, 1, 2, 2, 3, 10, 11]  # a repeated time counts once; one long gap does not rule
    assert usual_gap([NOW + timedelta(hours=h) for h in hours]) == timedelta(hours=1)


# ---- report, with a store ---------------------------------------------------------------


def test_a_failing_source_is_reported_once_and_its_recovery_once(store: Store) -> None:
    cfg = settings("src", "other")
    fail(store, 0)
    fail(store, 3)
    assert report(store, cfg, "ops", NOW + timedelta(hours=3)) == []
    fail(store, 7)
    assert [v.state for v in report(store, cfg, "ops", NOW + timedelta(hours=7))] == ["failing"]
    fail(store, 8)
    assert report(store, cfg, "ops", NOW + timedelta(hours=8)) == []
    assert len(notices(store)) == 1 and "src has been failing" in notices(store)[0]

    succeed(store, 9)
    assert [v.state for v in report(store, cfg, "ops", NOW + timedelta(hours=9))] == ["ok"]
    assert report(store, cfg, "ops", NOW + timedelta(hours=10)) == []
    assert len(notices(store)) == 2 and "src has recovered (it was failing)" in notices(store)[1]


def test_a_crash_before_the_notice_was_remembered_does_not_repeat_it(store: Store) -> None:
    cfg = settings("src")
    fail(store, 0)
    report(store, cfg, "ops", NOW + timedelta(hours=7))
    store.set_health_alerted("src", "ok", NOW + timedelta(hours=7))  # as if never remembered
    fail(store, 8)
    report(store, cfg, "ops", NOW + timedelta(hours=8))
    assert len(notices(store)) == 1


def test_sources_gone_from_the_config_are_not_reported(store: Store) -> None:
    fail(store, 0, source="other")
    assert report(store, settings("src"), "ops", NOW + timedelta(hours=7)) == []
    assert notices(store) == []


def test_nothing_is_enqueued_without_an_ops_destination(store: Store) -> None:
    fail(store, 0)
    assert report(store, settings("src"), None, NOW + timedelta(hours=7)) == []
    assert notices(store) == []
    assert store.get_source("src").health_alerted_state is None  # type: ignore[union-attr]


def test_a_source_gone_quiet_is_reported_from_its_stored_rhythm(store: Store) -> None:
    for hour in range(6):  # a new item every hour, then nothing
        at = NOW + timedelta(hours=hour)
        store.commit_poll(make_batch([f"fp-{hour}"], story=f"s-{hour}", at=at, destinations=()))
    verdicts = report(store, settings("src"), "ops", NOW + timedelta(hours=16))
    assert [v.state for v in verdicts] == ["silent"]
    assert "no new item for 11.0 hours" in notices(store)[0]
