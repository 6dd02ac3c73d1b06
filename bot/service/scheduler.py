"""`newsbot run`: the long-running service on APScheduler's AsyncIOScheduler.

Coarse jobs, each `max_instances=1` with coalescing so a slow run never piles up:
- poll: every `service.poll_interval`, polls the sources the database says are due (per-source
  intervals with jitter live in `schedule.next_check`), then kicks the outbox if it enqueued;
- outbox: every `service.outbox_interval`, drains due deliveries, one claim at a time; drains
  never overlap, and a kick during a drain makes it look again before it ends;
- one digest job per digest destination, on its cron schedule in its own time zone (`bot.cron`,
  the engine that also computes the digest's periods);
- health: every 5 minutes, source-health notices to the ops destination;
- maintenance: `service.maintenance_cron`, retention and vacuum.

Lifecycle: SIGTERM/SIGINT stop new work and give in-flight jobs `service.shutdown_grace` to
finish (a second signal cuts the grace short); everything is in the database, so a restart
resumes with nothing lost or repeated: rows a killed process left 'sending' are released at
start and reconciled before any resend (`lock.release_dead_leases`). SIGHUP (or `newsbot
reload`) re-reads the config: a valid one replaces sources, rules, destinations and schedules
between jobs; an invalid one is logged and the old one runs on.

Before each poll, the service checks that the database is still its own
(`InstanceLock.verify`: the SQLite file not deleted or replaced, the PostgreSQL instance lock
still held); if not, `/healthz` fails and the service stops, and `run` exits non-zero with
one line saying why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import config
from bot.app import App
from bot.config.settings import Settings
from bot.errors import BotError, LockError
from bot.interact.receiver import Receiver
from bot.interact.setup import build_receiver
from bot.logs import get_logger
from bot.models import Clock, utcnow
from bot.service import control, sourcehealth
from bot.service.httpapi import HttpApi, parse_listen

if TYPE_CHECKING:
    from bot.interact.socketmode import SocketMode
from bot.service.lock import release_dead_leases
from bot.service.metrics import Health, Metrics, health
from bot.service.triggers import digest_trigger

log = get_logger(__name__)

HEALTH_EVERY = timedelta(minutes=5)
SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


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
        self.api: HttpApi | None = None
        self.slack: Receiver | None = None  # Slack interactivity (bot.interact), if configured
        self.socket_mode: SocketMode | None = None
        self._polled = False
        self._drain_lock = asyncio.Lock()
        self._kicked = False
        self.failure: LockError | None = None  # why the service stopped on its own

    # -- lifecycle ------------------------------------------------------------------------

    async def run(self) -> None:
        if self.http_listen:
            parse_listen(self.http_listen)  # refuse a bad --http before taking the lock
        settings = config.load(self.config_path)
        # Skipped runs of a busy job are what max_instances=1 is for: not worth a warning.
        logging.getLogger("apscheduler").setLevel(logging.ERROR)
        self.app = await App(settings, clock=self.clock).open()
        try:
            await asyncio.to_thread(
                release_dead_leases,
                self.app.store,
                self.app.owner,
                self.clock(),
                exclusive=self.app.lock.exclusive,
            )
            self.metrics = Metrics(self.app.store, since=self.clock())
            self.slack = build_receiver(settings, self._app, self.clock)
            if self.http_listen:
                self.api = HttpApi(self.http_listen, self._health, self._metrics, self.slack)
                await self.api.start()
            await self._start_socket_mode(settings)
            control.write_pid(self.pid_file)
            self._install_signals()
            self.scheduler = AsyncIOScheduler(timezone=UTC)
            self._schedule(settings)
            self.scheduler.start()
            log.info(
                "service_started",
                sources=len(settings.enabled_sources()),
                rules=len(settings.rules),
                database=config.redact_url(settings.database),
                http=self.http_listen,
                pid=os.getpid(),
            )
            await self.stopping.wait()
        finally:
            await self._shutdown()
        if self.failure is not None:
            raise self.failure

    async def _start_socket_mode(self, settings: Settings) -> None:
        token = settings.slack.app_token
        if self.slack is None or token is None:
            return
        from bot.interact.socketmode import SocketMode  # slack-sdk's socket client, only if used

        self.socket_mode = SocketMode(
            self.slack, token.get_secret_value(), str(settings.slack.base_url)
        )
        await self.socket_mode.start()

    def stop(self) -> None:
        """Stop taking new work; `run` returns once in-flight work is done (or the grace ends).
        A second call cancels in-flight work at once."""
        if not self.stopping.is_set():
            log.info("service_stopping", jobs=len(self.inflight))
            self.stopping.set()
            return
        log.warning("service_stopping_now", jobs=len(self.inflight))
        for task in list(self.inflight):
            task.cancel()

    async def _shutdown(self) -> None:
        scheduler = self.scheduler if self.scheduler and self.scheduler.running else None
        if scheduler is not None:
            # Pause, do not shut down yet: APScheduler's asyncio executor cancels running
            # jobs on shutdown, and they deserve their grace.
            scheduler.pause()
        grace = self.app.settings.service.shutdown_grace if self.app else timedelta(0)
        await self._wait_inflight(grace.total_seconds())
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        if self.api is not None:
            await self.api.stop()
        if self.socket_mode is not None:
            await self.socket_mode.stop()
        if self.slack is not None:
            await self.slack.drain()
        if self.app is not None:
            await self.app.aclose()
        self._remove_signals()
        control.remove_pid(self.pid_file)
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

    def _remove_signals(self) -> None:
        with contextlib.suppress(RuntimeError):  # no running loop: nothing was installed
            loop = asyncio.get_running_loop()
            for sig in SIGNALS:
                loop.remove_signal_handler(sig)

    # -- jobs -----------------------------------------------------------------------------

    def _schedule(self, settings: Settings) -> None:
        assert self.scheduler is not None and self.app is not None
        svc = settings.service
        now = datetime.now(UTC)
        common: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        add = self.scheduler.add_job
        add(self._job("poll", self.poll), "interval", id="poll",
            seconds=svc.poll_interval.total_seconds(), next_run_time=now, **common)  # fmt: skip
        add(self._job("outbox", self.drain), "interval", id="outbox",
            seconds=svc.outbox_interval.total_seconds(), next_run_time=now, **common)  # fmt: skip
        add(self._job("health", self.source_health), "interval", id="health",
            seconds=HEALTH_EVERY.total_seconds(), **common)  # fmt: skip
        add(self._job("maintenance", self.maintenance),
            digest_trigger(svc.maintenance_cron, settings.timezone), id="maintenance", **common)  # fmt: skip
        for name in self.app.routes.digests:
            dest: Any = settings.destinations[name]
            trigger = digest_trigger(dest.schedule, dest.timezone or settings.timezone)
            add(self._job(f"digest:{name}", self.digests), trigger, id=f"digest:{name}", **common)
        # A digest whose fire time passed while the bot was down is built once at start.
        add(self._job("digest-catchup", self.digests), "date", id="digest-catchup", run_date=now)

    def _job(self, name: str, work: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[None]]:
        async def job() -> None:
            if self.stopping.is_set() or self.paused:
                return
            task = asyncio.current_task()
            if task is not None:
                self.inflight.add(task)
            try:
                await work()
            except asyncio.CancelledError:  # the grace ran out: the database has the state
                log.warning("job_cancelled", job=name)
            except LockError as exc:  # the database is no longer ours: stop, say why
                log.error("instance_lost", job=name, error=str(exc))
                self.failure = self.failure or exc
                self.stop()
            except BotError as exc:
                log.error("job_failed", job=name, error=str(exc))
            except Exception:
                log.exception("job_crashed", job=name)
            finally:
                if task is not None:
                    self.inflight.discard(task)

        return job

    def _spawn(self, name: str, work: Callable[[], Awaitable[Any]]) -> None:
        task = asyncio.ensure_future(self._job(name, work)())
        self.inflight.add(task)
        task.add_done_callback(self.inflight.discard)

    def kick_outbox(self) -> None:
        """Drain now (new deliveries are waiting); a drain under way looks again instead."""
        if self._drain_lock.locked():
            self._kicked = True
        else:
            self._spawn("outbox-kick", self.drain)

    async def poll(self) -> None:
        app = self._app()
        await asyncio.to_thread(app.lock.verify)
        reports = await app.poll()
        if self.metrics is not None:
            self.metrics.record_poll(reports)
        if not self._polled:
            self._polled = True
            if self.on_first_poll is not None:
                self.on_first_poll(app.settings, app)
        if any(r.enqueued for r in reports):
            self.kick_outbox()

    async def drain(self) -> None:
        async with self._drain_lock:
            while not self.stopping.is_set():
                self._kicked = False
                result = await self._app().drain(stop=self.stopping, limit=1)
                if self.metrics is not None:
                    self.metrics.record_drain(result)
                    await asyncio.to_thread(self.metrics.observe_sent)
                if not self._kicked:
                    break

    async def digests(self) -> None:
        app = self._app()
        keys = await asyncio.to_thread(app.build_digests, self.clock())
        if keys:
            self.kick_outbox()

    async def source_health(self) -> None:
        app = self._app()
        ops = app.settings.ops.destination
        target = ops if ops in app.notifiers else None
        changed = await asyncio.to_thread(
            sourcehealth.report, app.store, app.settings, target, self.clock()
        )
        if changed:
            self.kick_outbox()

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
        """Re-read the config; apply it if valid, keep the old one (and say why) if not.
        The outcome is also written for `newsbot reload` (`bot.service.control`)."""
        try:
            settings = config.load(self.config_path)
            candidate = App(settings, clock=self.clock)  # compiles the rules: may refuse
        except BotError as exc:
            log.error("config_reload_rejected", error=str(exc))
            self._answer(False, str(exc))
            return
        self.paused = True
        try:
            current = asyncio.current_task()
            others = {t for t in self.inflight if t is not current}
            if others:
                await asyncio.wait(others, timeout=settings.service.shutdown_grace.total_seconds())
            old = self._app()
            # Same database: hand the instance lock over, so no other instance can take the
            # database between the old App's close and the new one's open.
            same = (old.settings.database, old.settings.service.single_instance) == (
                settings.database,
                settings.service.single_instance,
            )
            await old.aclose(keep_lock=same)
            if same:
                candidate.lock = old.lock
            try:
                self.app = await candidate.open()
            except BotError as exc:
                log.error("config_reload_rejected", error=str(exc))
                self._answer(False, str(exc))
                self.app = await App(old.settings, clock=self.clock).open()
                settings = old.settings
            if self.metrics is not None:
                self.metrics.use_store(self.app.store)
            assert self.scheduler is not None
            self.scheduler.remove_all_jobs()
            self._schedule(settings)
            if settings is old.settings:
                return
            log.info(
                "config_reloaded",
                sources=len(settings.enabled_sources()),
                rules=len(settings.rules),
                destinations=len(settings.destinations),
            )
            self._answer(
                True,
                f"{len(settings.enabled_sources())} sources, {len(settings.rules)} rule(s), "
                f"{len(settings.destinations)} destinations",
            )
        finally:
            self.paused = False

    def _answer(self, applied: bool, message: str) -> None:
        if self.pid_file is not None:
            control.write_answer(self.pid_file, applied, message)

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
        if self.failure is not None:
            raise self.failure
        app = self._app()
        ready = not self.stopping.is_set() and bool(self.scheduler and self.scheduler.running)
        names = {s.name for s in app.settings.enabled_sources()}
        return health(app.store, self.clock(), ready=ready, sources=names)
