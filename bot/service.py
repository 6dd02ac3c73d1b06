"""`newsbot run`: the long-running service on APScheduler's AsyncIOScheduler.

Coarse jobs, each `max_instances=1` with coalescing so a slow run never piles up:
- poll: every `service.poll_interval`, polls the sources the database says are due (per-source
  intervals with jitter live in `schedule.next_check`), then kicks the outbox if it enqueued;
- outbox: every `service.outbox_interval`, drains due deliveries;
- one digest job per digest destination, on its cron schedule in its own time zone;
- health: every 5 minutes, source-health notices to the ops destination;
- maintenance: `service.maintenance_cron`, retention and vacuum.

Lifecycle: SIGTERM/SIGINT stop new work and give in-flight jobs `service.shutdown_grace` to
finish; everything is in the database, so a restart resumes with nothing lost or repeated.
SIGHUP (or `newsbot reload`) re-reads the config: a valid one replaces sources, rules,
destinations and schedules between jobs; an invalid one is logged and the old one runs on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot import config, sourcehealth
from bot.app import App
from bot.errors import BotError
from bot.httpapi import HttpApi
from bot.logs import get_logger
from bot.metrics import Health, Metrics, health
from bot.models import Clock, utcnow
from bot.settings import Settings

log = get_logger(__name__)

HEALTH_EVERY = timedelta(minutes=5)


class Service:
    """One running bot. `await Service(path).run()` returns when it has stopped."""

    def __init__(
        self,
        config_path: str,
        *,
        http: str | None = None,
        pid_file: str | None = "data/newsbot.pid",
        clock: Clock = utcnow,
        on_first_poll: Callable[[Settings, App], None] | None = None,
    ) -> None:
        self.config_path = config_path
        self.http_listen = http
        self.pid_file = Path(pid_file) if pid_file else None
        self.clock = clock
        self.on_first_poll = on_first_poll
        self.app: App | None = None
        self.metrics: Metrics | None = None
        self.stopping = asyncio.Event()
        self.paused = False
        self.inflight: set[asyncio.Task[Any]] = set()
        self.scheduler: AsyncIOScheduler | None = None
        self._polled = False

    # -- lifecycle ------------------------------------------------------------------------

    async def run(self) -> None:
        settings = config.load(self.config_path)
        self.app = await App(settings, clock=self.clock).open()
        self.metrics = Metrics(self.app.store)
        api = (
            HttpApi(self.http_listen, self._health, lambda: self._metrics())
            if self.http_listen
            else None
        )
        try:
            if api is not None:
                await api.start()
            self._write_pid()
            self._install_signals()
            self.scheduler = AsyncIOScheduler(timezone=UTC)
            self._schedule(settings)
            self.scheduler.start()
            log.info(
                "service_started",
                sources=len(settings.sources),
                rules=len(settings.rules),
                pid=os.getpid(),
            )
            await self.stopping.wait()
        finally:
            await self._shutdown(settings)
            if api is not None:
                await api.stop()
            self._remove_pid()

    def stop(self) -> None:
        """Stop taking new work; `run` returns once in-flight work is done (or the grace ends)."""
        if not self.stopping.is_set():
            log.info("service_stopping")
            self.stopping.set()

    async def _shutdown(self, settings: Settings) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self._wait_inflight(settings.service.shutdown_grace.total_seconds())
        if self.app is not None:
            await self.app.aclose()
        log.info("service_stopped")

    async def _wait_inflight(self, grace: float) -> None:
        if not self.inflight:
            return
        _done, pending = await asyncio.wait(set(self.inflight), timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("shutdown_cancelled_jobs", jobs=len(pending))
            await asyncio.gather(*pending, return_exceptions=True)

    def _install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, self.stop)
        loop.add_signal_handler(signal.SIGINT, self.stop)
        loop.add_signal_handler(signal.SIGHUP, lambda: self._spawn("reload", self.reload))

    def _write_pid(self) -> None:
        if self.pid_file is not None:
            self.pid_file.parent.mkdir(parents=True, exist_ok=True)
            self.pid_file.write_text(str(os.getpid()))

    def _remove_pid(self) -> None:
        if self.pid_file is not None:
            with contextlib.suppress(OSError):
                if self.pid_file.read_text().strip() == str(os.getpid()):
                    self.pid_file.unlink()

    # -- jobs -----------------------------------------------------------------------------

    def _schedule(self, settings: Settings) -> None:
        assert self.scheduler is not None
        svc = settings.service
        now = datetime.now(UTC)
        common: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        self.scheduler.add_job(
            self._job_trigger("poll", self.poll),
            "interval",
            id="poll",
            seconds=svc.poll_interval.total_seconds(),
            next_run_time=now,
            **common,
        )
        self.scheduler.add_job(
            self._job_trigger("outbox", self.drain),
            "interval",
            id="outbox",
            seconds=svc.outbox_interval.total_seconds(),
            next_run_time=now,
            **common,
        )
        self.scheduler.add_job(
            self._job_trigger("health", self.source_health),
            "interval",
            id="health",
            seconds=HEALTH_EVERY.total_seconds(),
            **common,
        )
        self.scheduler.add_job(
            self._job_trigger("maintenance", self.maintenance),
            CronTrigger.from_crontab(svc.maintenance_cron, timezone=ZoneInfo(settings.timezone)),
            id="maintenance",
            **common,
        )
        assert self.app is not None
        for name in self.app.routes.digests:
            dest: Any = settings.destinations[name]
            zone = ZoneInfo(getattr(dest, "timezone", None) or settings.timezone)
            trigger = CronTrigger.from_crontab(dest.schedule, timezone=zone)
            self.scheduler.add_job(
                self._job_trigger(f"digest:{name}", self.digests),
                trigger,
                id=f"digest:{name}",
                **common,
            )
        # A digest whose fire time passed while the bot was down is built once at start.
        self.scheduler.add_job(
            self._job_trigger("digest-catchup", self.digests),
            "date",
            id="digest-catchup",
            run_date=now,
        )

    def _job_trigger(
        self, name: str, work: Callable[[], Awaitable[Any]]
    ) -> Callable[[], Awaitable[None]]:
        async def job() -> None:
            if self.stopping.is_set() or self.paused:
                return
            task = asyncio.current_task()
            if task is not None:
                self.inflight.add(task)
            try:
                await work()
            except BotError as exc:
                log.error("job_failed", job=name, error=str(exc))
            except Exception:
                log.exception("job_crashed", job=name)
            finally:
                if task is not None:
                    self.inflight.discard(task)

        return job

    def _spawn(self, name: str, work: Callable[[], Awaitable[Any]]) -> None:
        task = asyncio.ensure_future(self._job_trigger(name, work)())
        self.inflight.add(task)
        task.add_done_callback(self.inflight.discard)

    async def poll(self) -> None:
        app = self._app()
        reports = await app.poll()
        if self.metrics is not None:
            self.metrics.record_poll(reports)
        if not self._polled:
            self._polled = True
            if self.on_first_poll is not None:
                self.on_first_poll(app.settings, app)
        if any(r.enqueued for r in reports):
            self._spawn("outbox-kick", self.drain)

    async def drain(self) -> None:
        result = await self._app().drain(stop=self.stopping)
        if self.metrics is not None:
            self.metrics.record_drain(result)

    async def digests(self) -> None:
        app = self._app()
        keys = await asyncio.to_thread(app.build_digests, self.clock())
        if keys:
            await self.drain()

    async def source_health(self) -> None:
        app = self._app()
        ops = app.settings.ops.destination
        target = ops if ops in app.notifiers else None
        changed = await asyncio.to_thread(
            sourcehealth.report, app.store, app.settings, target, self.clock()
        )
        if changed:
            await self.drain()

    async def maintenance(self) -> None:
        app = self._app()
        cutoff = self.clock() - app.settings.service.retention
        counts = await asyncio.to_thread(app.store.purge_older_than, cutoff)
        await asyncio.to_thread(app.store.vacuum)
        log.info(
            "maintenance_done",
            items=counts.items,
            stories=counts.stories,
            deliveries=counts.deliveries,
        )

    # -- reload ---------------------------------------------------------------------------

    async def reload(self) -> None:
        """Re-read the config; apply it if valid, keep the old one (and say why) if not."""
        try:
            settings = config.load(self.config_path)
        except BotError as exc:
            log.error("config_reload_rejected", error=str(exc))
            return
        try:
            candidate = App(settings, clock=self.clock)  # compiles the rules: may refuse
        except BotError as exc:
            log.error("config_reload_rejected", error=str(exc))
            return
        self.paused = True
        try:
            current = asyncio.current_task()
            others = {t for t in self.inflight if t is not current}
            if others:
                await asyncio.wait(others, timeout=settings.service.shutdown_grace.total_seconds())
            old = self._app()
            await old.aclose()
            try:
                self.app = await candidate.open()
            except BotError as exc:
                log.error("config_reload_rejected", error=str(exc))
                self.app = await App(old.settings, clock=self.clock).open()
                return
            self.metrics = Metrics(self.app.store)
            assert self.scheduler is not None
            self.scheduler.remove_all_jobs()
            self._schedule(settings)
            log.info("config_reloaded", sources=len(settings.sources), rules=len(settings.rules))
        finally:
            self.paused = False

    # -- observability --------------------------------------------------------------------

    def _app(self) -> App:
        if self.app is None:
            raise BotError("the service is not running")
        return self.app

    def _metrics(self) -> Metrics:
        if self.metrics is None:
            raise BotError("the service is not running")
        return self.metrics

    def _health(self) -> Health:
        app = self._app()
        return health(
            app.store, self.clock(), ready=not self.stopping.is_set() and self.scheduler is not None
        )
