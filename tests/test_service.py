"""The service in-process: its jobs and their options, digest schedules in their own time zone
(weekday names mean the same day to APScheduler and croniter), reloads (valid applied, invalid
refused), outbox kicks during a drain. Real processes are in `test_e2e_process*.py`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from croniter import croniter

from bot.delivery.outbox import DrainResult
from bot.errors import LockError
from bot.service.scheduler import Service
from bot.service.triggers import digest_trigger

START = datetime(2024, 10, 28, 12, 7, tzinfo=UTC)  # spans the end of US daylight saving time


def fires(trigger: Any, start: datetime, count: int) -> list[datetime]:
    out, previous, now = [], None, start
    for _ in range(count):
        nxt = trigger.get_next_fire_time(previous, now)
        out.append(nxt.astimezone(UTC))
        previous, now = nxt, nxt + timedelta(seconds=1)
    return out


def cron_fires(expr: str, zone: str, start: datetime, count: int) -> list[datetime]:
    it = croniter(expr, start.astimezone(ZoneInfo(zone)))
    return [it.get_next(datetime).astimezone(UTC) for _ in range(count)]


@pytest.mark.parametrize(
    ("expr", "zone"),
    [
        ("0 8 * * mon-fri", "America/New_York"),
        ("30 7 * * sat,sun", "Europe/Berlin"),
        ("15 9 * * tue", "Australia/Sydney"),
    ],
)
def test_digest_schedules_fire_when_croniter_says_in_their_time_zone(expr: str, zone: str) -> None:
    assert fires(digest_trigger(expr, zone), START, 12) == cron_fires(expr, zone, START, 12)


def test_a_weekday_schedule_fires_on_weekdays_at_8_local_time_across_the_clock_change() -> None:
    times = fires(digest_trigger("0 8 * * mon-fri", "America/New_York"), START, 6)
    local = [t.astimezone(ZoneInfo("America/New_York")) for t in times]
    assert [t.strftime("%a %H:%M") for t in local] == [
        "Tue 08:00", "Wed 08:00", "Thu 08:00", "Fri 08:00", "Mon 08:00", "Tue 08:00",
    ]  # fmt: skip
    assert {t.utcoffset() for t in local} == {timedelta(hours=-4), timedelta(hours=-5)}


def write(path: Path, *, digest_cron: str = "0 8 * * mon-fri", rule: str = "partner*") -> Path:
    path.write_text(
        f"""
database: sqlite:///{path.parent}/news.db
timezone: America/New_York
rules:
  - {{name: deals, query: '{rule}', notify: [console, weekly]}}
destinations:
  console: {{type: console, digest_dir: {path.parent}/digests}}
  weekly: {{type: email_digest, to: [team@example.org], schedule: '{digest_cron}',
            timezone: Europe/Berlin}}
service: {{poll_interval: 1s, outbox_interval: 1s, shutdown_grace: 2s}}
"""
    )
    return path


async def running(service: Service) -> asyncio.Task[None]:
    task = asyncio.create_task(service.run())
    for _ in range(400):
        if service.scheduler is not None and service.scheduler.running:
            return task
        if task.done():
            task.result()
        await asyncio.sleep(0.025)
    raise AssertionError("the service did not start")


async def test_it_runs_coarse_jobs_one_at_a_time_and_digests_on_their_own_clock(
    tmp_path: Path,
) -> None:
    service = Service(str(write(tmp_path / "newsbot.yaml")), pid_file=str(tmp_path / "pid"))
    task = await running(service)
    try:
        assert service.scheduler is not None
        jobs = {job.id: job for job in service.scheduler.get_jobs()}
        assert {"poll", "outbox", "health", "maintenance", "digest:weekly"} <= set(jobs)
        for job in jobs.values():
            assert job.max_instances == 1 and job.coalesce
        digest = jobs["digest:weekly"].trigger
        assert str(digest.timezone) == "Europe/Berlin"
        assert fires(digest, START, 3) == cron_fires("0 8 * * mon-fri", "Europe/Berlin", START, 3)
        assert str(jobs["maintenance"].trigger.timezone) == "America/New_York"
        assert (tmp_path / "pid").exists()
    finally:
        service.stop()
        await asyncio.wait_for(task, 10)
    assert not (tmp_path / "pid").exists()
    assert not service.inflight


async def test_a_reload_applies_a_valid_config_and_keeps_the_old_one_when_invalid(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "newsbot.yaml")
    service = Service(str(path), pid_file=None)
    task = await running(service)
    try:
        assert service.scheduler is not None and service.app is not None
        write(path, digest_cron="0 18 * * fri")
        await service.reload()
        trigger = service.scheduler.get_job("digest:weekly").trigger
        assert fires(trigger, START, 1) == cron_fires("0 18 * * fri", "Europe/Berlin", START, 1)
        applied = service.app

        write(path, rule="partner* AND (")  # does not compile
        await service.reload()
        path.write_text("rules: [")  # is not even YAML
        await service.reload()
        assert service.app is applied and not service.paused
        trigger = service.scheduler.get_job("digest:weekly").trigger
        assert fires(trigger, START, 1) == cron_fires("0 18 * * fri", "Europe/Berlin", START, 1)
    finally:
        service.stop()
        await asyncio.wait_for(task, 10)


async def test_a_database_file_deleted_under_the_service_stops_it_with_health_failing(
    tmp_path: Path,
) -> None:
    service = Service(str(write(tmp_path / "newsbot.yaml")), pid_file=None)
    task = await running(service)
    (tmp_path / "news.db").unlink()  # before: it wrote on into the unlinked file, unnoticed
    # "replaced" when a job's new connection has made an empty file there meanwhile.
    with pytest.raises(LockError, match=r"news\.db was (deleted|replaced) while newsbot ran"):
        await asyncio.wait_for(task, 10)
    with pytest.raises(LockError):  # /healthz answers 503 with this line
        service._health()


class FakeApp:
    """Just enough of `App` for `Service.drain`: each drain call can be made to wait."""

    def __init__(self) -> None:
        self.calls = 0
        self.gate = asyncio.Event()

    async def drain(self, stop: asyncio.Event | None = None, *, limit: int = 50) -> DrainResult:
        self.calls += 1
        if self.calls == 1:
            await self.gate.wait()
        return DrainResult()


async def test_a_kick_during_a_drain_makes_it_look_again_instead_of_running_twice() -> None:
    service = Service("unused.yaml", pid_file=None)
    app = FakeApp()
    service.app = app  # type: ignore[assignment]
    first = asyncio.create_task(service.drain())
    await asyncio.sleep(0)
    service.kick_outbox()  # new deliveries while the first pass is under way
    service.kick_outbox()
    assert app.calls == 1 and not service.inflight  # no second, concurrent drain
    app.gate.set()
    await first
    assert app.calls == 2  # one more pass, for both kicks
    service.kick_outbox()  # idle: a kick starts a drain of its own
    await asyncio.gather(*service.inflight)
    assert app.calls == 3


def test_a_digest_job_fires_once_in_the_repeated_hour_as_its_periods_end() -> None:
    # One cron engine: the job and the digest's periods agree on the autumn change too.
    from bot.cron import last_fire

    start = datetime(2024, 11, 2, 12, 0, tzinfo=UTC)
    times = fires(digest_trigger("30 1 * * *", "America/New_York"), start, 3)
    assert [t.strftime("%m-%d %H:%M") for t in times] == ["11-03 05:30", "11-04 06:30", "11-05 06:30"]
    assert [last_fire("30 1 * * *", ZoneInfo("America/New_York"), t).astimezone(UTC) for t in times] == times
