"""dates.to_utc: formats, the far-future/far-past policy, and hostile input."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from bot.parse.dates import to_utc

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
P = pytest.param

CASES = [
    P("Mon, 02 Jan 2024 03:04:05 GMT", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), id="rfc822-gmt"),
    P(
        "Tue, 02 Jan 2024 03:04:05 -0500",
        datetime(2024, 1, 2, 8, 4, 5, tzinfo=UTC),
        id="rfc822-offset",
    ),
    P(
        "02 Jan 2024 03:04 EST",
        datetime(2024, 1, 2, 8, 4, tzinfo=UTC),
        id="rfc822-no-weekday-us-zone",
    ),
    P("2024-01-02T03:04:05Z", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), id="iso-z"),
    P(
        "2024-01-02T03:04:05.123+02:00",
        datetime(2024, 1, 2, 1, 4, 5, 123000, tzinfo=UTC),
        id="iso-offset-fraction",
    ),
    P(
        "2024-01-02 03:04:05",
        datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        id="iso-space-naive-is-utc",
    ),
    P("2024-01-02", datetime(2024, 1, 2, tzinfo=UTC), id="iso-date-only"),
    P(
        "Seg, 24 Set 2018 19:20:00 -0300",
        datetime(2018, 9, 24, 22, 20, tzinfo=UTC),
        id="portuguese",
    ),
    P("Mi, 24 Dez 2023 10:00:00 +0100", datetime(2023, 12, 24, 9, 0, tzinfo=UTC), id="german"),
    P(
        time.struct_time((2024, 1, 2, 3, 4, 5, 0, 2, 0)),
        datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        id="struct-time",
    ),
    P(datetime(2024, 1, 2), datetime(2024, 1, 2, tzinfo=UTC), id="naive-datetime"),
    P("Fri, 31 Dec 9999 23:59:59 GMT", None, id="year-9999-is-future"),
    P("Tue, 19 Jan 2038 03:14:08 +0000", None, id="year-2038-is-future"),
    P("2024-06-03T00:00:00Z", None, id="two-days-ahead"),
    P("2024-06-02T06:00:00Z", datetime(2024, 6, 2, 6, tzinfo=UTC), id="within-a-day-ahead"),
    P("Thu, 01 Jan 1970 00:00:00 GMT", None, id="epoch-placeholder"),
    P("Mon, 01 Jan 1900 00:00:00 GMT", None, id="before-1990"),
    P(time.struct_time((10000, 1, 1, 0, 0, 0, 0, 1, 0)), None, id="struct-year-10000"),
    P(time.struct_time((-1, 1, 1, 0, 0, 0, 0, 1, 0)), None, id="struct-year-minus-1"),
    P("0000-00-00 00:00:00", None, id="zero-date"),
    P("2024-02-30T00:00:00Z", None, id="impossible-day"),
    P("Mon, 32 Jan 2024 25:61:00 GMT", None, id="impossible-time"),
    P("1700000000", None, id="epoch-number-text"),
    P(1700000000, None, id="number"),
    P("NaN", None, id="nan"),
    P("", None, id="empty"),
    P(None, None, id="none"),
    P({"date": "2024-01-01"}, None, id="object"),
]


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_to_utc_reads_feed_dates_or_gives_none(value: object, expected: datetime | None) -> None:
    assert to_utc(value, now=NOW) == expected


def test_far_future_dates_are_kept_without_a_clock() -> None:
    assert to_utc("2100-01-01T00:00:00Z") == datetime(2100, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("garbage", ["1" * 33_000, " " * 33_000 + "2024", "Mon, " + "0" * 33_000])
def test_long_garbage_is_refused_at_once(garbage: str) -> None:
    assert to_utc(garbage, now=NOW) is None
