"""Cron schedules: one engine (croniter) for every use, so a schedule names the same moments
when the config is checked, when a digest's period is computed and when the service's timed
jobs fire (`service.triggers.CronSchedule` asks `next_fire`).

    is_valid(expr) -> bool                       5 fields, as croniter reads them
    prev_fire(expr, zone, before) -> datetime    latest fire strictly before `before`
    last_fire(expr, zone, now) -> datetime       latest fire at or before `now`
    next_fire(expr, zone, after) -> datetime     earliest fire strictly after `after`

Times are aware and returned in `zone`. Daylight saving time, as Vixie cron does it
(crontab(5): "jobs scheduled during the repeated hour run once"): a schedule naming its hours
("0 1 * * *") fires once in the repeated hour of the autumn change, at the first occurrence
(croniter alone would fire it twice); a time skipped in spring fires at the first valid moment
after the jump, as croniter gives it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter


def is_valid(expr: str) -> bool:
    """A 5-field cron expression croniter accepts."""
    return len(expr.split()) == 5 and bool(croniter.is_valid(expr))


def _second_of_repeated_hour(fire: datetime, zone: ZoneInfo) -> bool:
    """Is `fire` the second occurrence of a wall time that happens twice (the hour repeated
    when daylight saving time ends)? PEP 495: `fold=1` picks the later of the two."""
    wall = fire.replace(tzinfo=None)
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset() and fire.utcoffset() == second.utcoffset()


def _step(expr: str, zone: ZoneInfo, start: datetime, forward: bool) -> datetime:
    named_hours = expr.split()[1] != "*"
    it = croniter(expr, start.astimezone(zone))
    step = it.get_next if forward else it.get_prev
    fire: datetime = step(datetime)
    while named_hours and _second_of_repeated_hour(fire, zone):
        fire = step(datetime)
    return fire


def prev_fire(expr: str, zone: ZoneInfo, before: datetime) -> datetime:
    """The latest fire time strictly before `before` (aware, in `zone`)."""
    return _step(expr, zone, before, forward=False)


def last_fire(expr: str, zone: ZoneInfo, now: datetime) -> datetime:
    """The latest fire time at or before `now` (aware, in `zone`)."""
    return prev_fire(expr, zone, now + timedelta(seconds=1))


def next_fire(expr: str, zone: ZoneInfo, after: datetime) -> datetime:
    """The earliest fire time strictly after `after` (aware, in `zone`)."""
    return _step(expr, zone, after, forward=True)
