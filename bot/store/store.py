"""`Store`: the database facade the rest of newsbot uses.

    store = Store("sqlite:///data/newsbot.db")   # or postgresql+psycopg://user@host/db
    store.migrate()
    outcome = store.commit_poll(batch)
    for delivery in store.claim_due(now, timedelta(minutes=2), owner="worker-1"): ...
    store.close()

One class per aggregate (sources, items, stories, matches, deliveries, digests, the poll
transaction, maintenance) is mixed in here; each lives in its own module with its contract
in the docstrings. Every method opens and ends its own transaction, unless the calling thread
is inside `with store.group():` (one transaction for all of them, see `base.StoreBase.group`);
every time it takes or returns is aware UTC; every database failure surfaces as `StoreError`.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from bot.models import Clock, utcnow
from bot.store import migrations
from bot.store.coordination import CoordinationStore
from bot.store.deliveries import DeliveryStore
from bot.store.digests import DigestStore
from bot.store.engine import DEFAULT_URL, create_engine, describe
from bot.store.feedback import FeedbackStore
from bot.store.items import ItemStore
from bot.store.llm import LlmStore
from bot.store.maintenance import MaintenanceStore
from bot.store.matches import MatchStore
from bot.store.poll import PollStore
from bot.store.sources import SourceStore
from bot.store.stories import StoryStore


class Store(
    SourceStore,
    ItemStore,
    StoryStore,
    MatchStore,
    PollStore,
    DeliveryStore,
    DigestStore,
    MaintenanceStore,
    CoordinationStore,
    FeedbackStore,
    LlmStore,
):
    """A connection pool to one database, and every query newsbot runs on it.

    `url`: `sqlite:///path` (folders are created) or `postgresql[+psycopg]://...`.
    `clock` stamps migrations; every other method takes its time as an argument.
    `engine_options` go to `sqlalchemy.create_engine` (e.g. `poolclass`, `connect_args`).
    Thread-safe: each call checks a connection out of the pool.
    """

    def __init__(
        self, url: str = DEFAULT_URL, *, clock: Clock = utcnow, **engine_options: Any
    ) -> None:
        self._engine = create_engine(url, **engine_options)
        self._clock = clock
        self._ambient = threading.local()

    @classmethod
    def connect(cls, url: str = DEFAULT_URL, **options: Any) -> Store:
        """The same as `Store(url)`; reads better at call sites that also `migrate()`."""
        return cls(url, **options)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return str(self._engine.dialect.name)

    @property
    def url(self) -> str:
        """The database URL with its password hidden."""
        return describe(self._engine)

    def migrate(self) -> list[int]:
        """Apply pending schema migrations (idempotent, safe when started twice at once)."""
        return migrations.migrate(self._engine, self._clock())

    def schema_version(self) -> int:
        with self._read() as conn:
            return migrations.current_version(conn)

    def ping(self) -> None:
        """Raise `StoreError` unless the database answers."""
        with self._read() as conn:
            conn.execute(sa.text("SELECT 1"))

    def close(self) -> None:
        """Close every pooled connection. The store may not be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"
