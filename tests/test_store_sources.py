"""Sources: due ordering, config URL changes vs redirects, success and failure state."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Store
from tests.support.db import NOW, open_store_fixture, store_fixture, store_url_fixture  # noqa: F401

LATER = NOW + timedelta(minutes=30)


def test_new_sources_are_due_at_once_and_ensuring_again_adds_nothing(store: Store) -> None:
    assert [s.name for s in store.due_sources(NOW)] == ["other", "src"]
    assert store.ensure_sources(
        [("src", "https://feeds.example/src.xml"), ("new", "https://n.example/")], LATER
    ) == ["new"]
    src = store.get_source("src")
    assert (
        src is not None and src.next_check_at == NOW and not src.initialized and src.health == "ok"
    )


def test_due_sources_come_most_overdue_first_and_respect_limit_and_names(store: Store) -> None:
    store.record_success("src", at=NOW, status=200, next_check_at=NOW + timedelta(minutes=5))
    store.record_success("other", at=NOW, status=200, next_check_at=NOW + timedelta(minutes=2))
    assert store.due_sources(NOW + timedelta(minutes=1)) == []
    assert [s.name for s in store.due_sources(NOW + timedelta(minutes=10))] == ["other", "src"]
    assert [s.name for s in store.due_sources(NOW + timedelta(minutes=10), limit=1)] == ["other"]
    assert [s.name for s in store.due_sources(LATER, names={"src"})] == ["src"]


def test_a_success_stores_validators_resets_errors_and_counts_new_items(store: Store) -> None:
    store.record_failure("src", at=NOW, kind="timeout", message="read timed out", next_check_at=NOW)
    assert store.record_success(
        "src",
        at=LATER,
        status=200,
        next_check_at=LATER + timedelta(minutes=15),
        etag='W/"abc"',
        last_modified="Wed, 01 May 2024 11:00:00 GMT",
        new_items=3,
    )
    src = store.get_source("src")
    assert src is not None
    assert (src.etag, src.last_modified) == ('W/"abc"', "Wed, 01 May 2024 11:00:00 GMT")
    assert (src.error_streak, src.first_failure_at, src.last_error, src.error_kind) == (
        0,
        None,
        None,
        None,
    )
    assert (src.health, src.initialized, src.item_count, src.last_new_item_at) == (
        "ok",
        True,
        3,
        LATER,
    )
    assert (src.last_success_at, src.last_fetch_at, src.last_status) == (LATER, LATER, 200)


def test_a_304_keeps_validators_it_does_not_repeat(store: Store) -> None:
    store.record_success(
        "src", at=NOW, status=200, next_check_at=NOW, etag='"v1"', last_modified="Mon"
    )
    store.record_success("src", at=LATER, status=304, next_check_at=LATER, etag='"v2"')
    src = store.get_source("src")
    assert src is not None and (src.etag, src.last_modified, src.item_count) == ('"v2"', "Mon", 0)
    store.record_success("src", at=LATER, status=200, next_check_at=LATER)
    src = store.get_source("src")
    assert src is not None and (src.etag, src.last_modified) == (None, None)


def test_failures_grow_the_streak_and_keep_the_first_failure_time(store: Store) -> None:
    store.record_failure(
        "src", at=NOW, kind="http_503", message="503", status=503, next_check_at=NOW
    )
    store.record_failure(
        "src",
        at=LATER,
        kind="http_410",
        message="gone",
        status=410,
        next_check_at=LATER,
        health="dead",
    )
    src = store.get_source("src")
    assert src is not None
    assert (src.error_streak, src.first_failure_at, src.last_fetch_at) == (2, NOW, LATER)
    assert (src.error_kind, src.last_error, src.last_status, src.health) == (
        "http_410",
        "gone",
        410,
        "dead",
    )
    assert src.last_success_at is None


def test_a_permanent_redirect_sticks_until_the_config_url_changes(store: Store) -> None:
    store.record_success(
        "src",
        at=NOW,
        status=200,
        next_check_at=LATER,
        etag='"x"',
        permanent_url="https://moved.example/src",
    )
    store.ensure_sources([("src", "https://feeds.example/src.xml")], LATER)
    src = store.get_source("src")
    assert src is not None and src.url == "https://moved.example/src" and src.etag == '"x"'
    store.ensure_sources([("src", "https://config.example/new.xml")], LATER)
    src = store.get_source("src")
    assert src is not None
    assert (src.url, src.config_url, src.etag, src.next_check_at) == (
        "https://config.example/new.xml",
        "https://config.example/new.xml",
        None,
        LATER,
    )
    assert store.set_url("src", "https://moved-again.example/")
    src = store.get_source("src")
    assert src is not None and (src.url, src.config_url) == (
        "https://moved-again.example/",
        "https://config.example/new.xml",
    )


def test_unknown_sources_are_reported_not_created(store: Store) -> None:
    assert not store.record_success("nope", at=NOW, status=200, next_check_at=NOW)
    assert not store.record_failure("nope", at=NOW, kind="x", message="x", next_check_at=NOW)
    assert store.get_source("nope") is None
    assert [s.name for s in store.all_sources()] == ["other", "src"]


def test_it_remembers_which_health_state_ops_were_told_about(store: Store) -> None:
    assert store.set_health_alerted("src", "failing", LATER)
    src = store.get_source("src")
    assert src is not None and (src.health_alerted_state, src.health_alerted_at) == (
        "failing",
        LATER,
    )
