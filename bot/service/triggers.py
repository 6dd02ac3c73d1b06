"""The service's cron trigger: APScheduler fires a digest or maintenance job at the moments
`bot.cron` computes, in the schedule's own time zone, so the job times and the digest periods
come from one cron engine.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger

from bot import cron


class CronSchedule(BaseTrigger):
    """An APScheduler trigger firing when `bot.cron` says: the moments a digest's periods end
    are the moments its job runs (one cron engine, see `bot.cron`)."""

    def __init__(self, schedule: str, zone: ZoneInfo) -> None:
        self.schedule, self.timezone = schedule, zone

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        # As APScheduler's own triggers: the first fire at or after `now`, or just after the
        # previous fire when that is earlier (a late scheduler catches up, misfire rules apply).
        start = now if previous_fire_time is None else min(now, previous_fire_time + _TICK)
        return cron.next_fire(self.schedule, self.timezone, start - _TICK)

    def __str__(self) -> str:
        return f"cron[{self.schedule} {self.timezone}]"


_TICK = timedelta(microseconds=1)


def digest_trigger(schedule: str, zone: str) -> CronSchedule:
    """The trigger of a digest or maintenance cron, in its own time zone."""
    return CronSchedule(schedule, ZoneInfo(zone))
