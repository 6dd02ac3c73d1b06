"""schedule: next-check times and the HTTP hints behind them. Table tests, no I/O."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import FetchError
from bot.fetch.nextcheck import next_check, parse_max_age, parse_retry_after
from bot.models import FetchResult

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
EVERY = timedelta(minutes=10)
H = timedelta(hours=1)


class NoJitter(random.Random):
    def random(self) -> float:
        return 0.0


class MaxJitter(random.Random):
    def random(self) -> float:
        return 0.999999


def ok(**fields: float) -> FetchResult:
    return FetchResult(url="https://feeds.example.org/rss", status=200, body=b"", **fields)  # type: ignore[arg-type]


def failed(
    kind: str = "server_error", permanent: bool = False, retry_after: float | None = None
) -> FetchError:
    return FetchError("boom", kind=kind, permanent=permanent, retry_after=retry_after)


@pytest.mark.parametrize(
    ("result", "ttl", "delay"),
    [
        pytest.param(None, None, EVERY, id="plain-interval"),
        pytest.param(ok(), None, EVERY, id="result-without-hints"),
        pytest.param(ok(max_age=1800), None, timedelta(minutes=30), id="max-age-longer"),
        pytest.param(ok(max_age=60), None, EVERY, id="max-age-shorter-ignored"),
        pytest.param(ok(), 60, H, id="rss-ttl"),
        pytest.param(ok(max_age=7 * 86400), None, timedelta(hours=24), id="max-age-capped"),
        pytest.param(ok(retry_after=2 * 86400), None, timedelta(days=2), id="retry-after-past-cap"),
        pytest.param(ok(retry_after=30 * 86400), None, timedelta(days=7), id="retry-after-capped"),
    ],
)
def test_it_waits_the_longest_asked_for_after_success(
    result: FetchResult | None, ttl: int | None, delay: timedelta
) -> None:
    at = next_check(NOW, every=EVERY, result=result, ttl_minutes=ttl, rng=NoJitter())
    assert at == NOW + delay


@pytest.mark.parametrize(
    ("error", "streak", "delay"),
    [
        pytest.param(failed(), 0, EVERY, id="first-failure"),
        pytest.param(failed(), 1, 2 * EVERY, id="second-failure"),
        pytest.param(failed(), 3, 8 * EVERY, id="fourth-failure"),
        pytest.param(failed(), 12, timedelta(hours=24), id="capped"),
        pytest.param(failed(), 10_000, timedelta(hours=24), id="huge-streak"),
        pytest.param(failed("not_found", True), 0, 6 * H, id="permanent-floor"),
        pytest.param(failed("forbidden"), 0, H, id="forbidden-floor"),
        pytest.param(failed("rate_limited", retry_after=7200), 0, 2 * H, id="retry-after-wins"),
        pytest.param(failed("rate_limited", retry_after=60), 2, 4 * EVERY, id="backoff-wins"),
        pytest.param(failed(retry_after=30 * 86400), 0, timedelta(days=7), id="retry-after-cap"),
    ],
)
def test_it_backs_off_after_errors(error: FetchError, streak: int, delay: timedelta) -> None:
    at = next_check(NOW, every=EVERY, error=error, error_streak=streak, rng=NoJitter())
    assert at == NOW + delay


def test_it_jitters_by_at_most_a_tenth_of_the_interval() -> None:
    at = next_check(NOW, every=EVERY, rng=MaxJitter())
    assert NOW + EVERY < at < NOW + EVERY * 1.1


def test_it_spreads_sources_that_share_an_interval() -> None:
    rng = random.Random(7)
    times = {next_check(NOW, every=EVERY, rng=rng) for _ in range(20)}
    assert len(times) == 20
    assert all(NOW + EVERY <= t <= NOW + EVERY * 1.1 for t in times)


def test_it_never_jitters_below_retry_after() -> None:
    at = next_check(NOW, every=EVERY, error=failed(retry_after=7200), rng=MaxJitter())
    assert at >= NOW + 2 * H


def test_it_rejects_a_non_positive_interval() -> None:
    with pytest.raises(ValueError):
        next_check(NOW, every=timedelta(0))


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("0", 0.0),
        ("Sun, 01 Mar 2026 12:30:00 GMT", 1800.0),
        ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0),
        ("Sunday, 01-Mar-26 12:01:00 GMT", 60.0),
        ("99999999", 7 * 86400.0),
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == seconds


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("max-age=300", 300.0),
        ("public, max-age=900, must-revalidate", 900.0),
        ('Max-Age="60"', 60.0),
        ("no-cache", None),
        ("max-age=abc", None),
        ("s-maxage=100", None),
        (None, None),
    ],
)
def test_it_reads_max_age(value: str | None, seconds: float | None) -> None:
    assert parse_max_age(value) == seconds
