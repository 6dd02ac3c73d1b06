"""Database fixtures and builders for store tests, on SQLite and on PostgreSQL.

`store_url` is parametrized over `sqlite` (a file in tmp_path) and `postgres` (the server
at 127.0.0.1:5432, database `test`, trust auth, user `postgres` or else `root`; override
with $NEWSBOT_TEST_POSTGRES_URL). Each PostgreSQL test gets a fresh schema, selected by
`options=-csearch_path=...` in the URL (so processes started from it land there too) and
dropped afterwards. Without a server the PostgreSQL cases skip, or fail when
NEWSBOT_REQUIRE_SERVICES=1. `store` is a migrated `Store` on that URL; `open_store` opens
more stores on the same database (closed at teardown).

Test modules import the fixtures under their function names, which differ from the fixture
names so that linters see no shadowing:
`from tests.support.db import store_fixture, store_url_fixture  # noqa: F401`.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bot.models import Item, Match, TermHit
from bot.store import (
    MatchRecord,
    NewDelivery,
    NewItem,
    PollBatch,
    SourceSuccess,
    Store,
    StoryUpsert,
    alert_key,
)
from tests.conftest import skip_or_fail

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
_PG_USERS = ("postgres", "root")


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@functools.cache
def _find_postgres() -> tuple[str | None, str]:
    """(URL of the PostgreSQL test database that accepts connections, or None; why not)."""
    override = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")
    candidates = (
        [override]
        if override
        else [f"postgresql+psycopg://{user}@127.0.0.1:5432/test" for user in _PG_USERS]
    )
    problems = []
    for url in candidates:
        try:
            with psycopg.connect(_libpq(url), connect_timeout=3):
                return url, ""
        except psycopg.Error as error:
            problems.append(str(error).strip().splitlines()[0])
    return None, "; ".join(problems)


def postgres_base_url() -> str:
    """The PostgreSQL test database URL; skips the test (fails in CI) when unreachable."""
    url, problem = _find_postgres()
    if url is None:
        skip_or_fail(f"PostgreSQL not reachable: {problem}")
        raise AssertionError("unreachable")
    return url


def _admin(url: str, sql: str) -> None:
    with psycopg.connect(_libpq(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute("SET lock_timeout = '10s'")
        conn.execute(sql)


@pytest.fixture(
    name="store_url",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def store_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL of a fresh, empty database (SQLite file or PostgreSQL schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/newsbot.db"
        return
    base = postgres_base_url()
    schema = f"newsbot_test_{uuid.uuid4().hex[:12]}"
    _admin(base, f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?options={quote(f'-csearch_path={schema}')}"
    finally:
        _admin(base, f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(name="open_store")
def open_store_fixture(store_url: str) -> Iterator[Callable[[], Store]]:
    """Open another `Store` on the test database (not migrated); all closed at teardown."""
    opened: list[Store] = []

    def _open() -> Store:
        opened.append(Store(store_url))
        return opened[-1]

    yield _open
    for s in opened:
        s.close()


@pytest.fixture(name="store")
def store_fixture(open_store: Callable[[], Store]) -> Store:
    """A migrated store on a fresh database, with sources `src` and `other` due at NOW."""
    s = open_store()
    s.migrate()
    s.ensure_sources(
        [("src", "https://feeds.example/src.xml"), ("other", "https://other.example/rss")], NOW
    )
    return s


# ---- builders ---------------------------------------------------------------------------


def make_item(
    fp: str, *, source: str = "src", title: str | None = None, at: datetime = NOW, **kw: object
) -> Item:
    return Item(
        fingerprint=fp,
        source=source,
        title=title or f"Title of {fp}",
        summary=f"Summary of {fp}",
        url=f"https://news.example/{fp}?utm_source=x",
        canonical_url=f"https://news.example/{fp}",
        guid=f"guid-{fp}",
        published_at=at - timedelta(minutes=5),
        fetched_at=at,
        outlet="Example News",
        **kw,  # type: ignore[arg-type]
    )


def make_match(rule: str = "health-ai", score: float = 2.5) -> Match:
    return Match(
        rule=rule,
        score=score,
        hits=(TermHit("@ai", "title", "AI", 0, 2), TermHit("partner*", "title", "partners", 3, 11)),
    )


def make_batch(
    fps: Sequence[str],
    *,
    story: str = "story-1",
    source: str = "src",
    at: datetime = NOW,
    destinations: Sequence[str] = ("slack",),
    rule: str = "health-ai",
    success: bool = True,
) -> PollBatch:
    """A poll of `source` that found items `fps`, all in one story, matched and alerted."""
    items = tuple(NewItem(make_item(fp, source=source, at=at), story) for fp in fps)
    upsert = StoryUpsert(
        story, fps[0], f"Title of {fps[0]}", at, at, ("Example News",), len(fps), {"sig": [1, 2, 3]}
    )
    return PollBatch(
        source=source,
        now=at,
        success=SourceSuccess(
            at,
            200,
            at + timedelta(minutes=15),
            etag='"v1"',
            last_modified="Wed, 01 May 2024 11:00:00 GMT",
        )
        if success
        else None,
        items=items,
        stories=(upsert,),
        matches=tuple(MatchRecord(fp, make_match(rule), story) for fp in fps),
        deliveries=tuple(
            NewDelivery(
                alert_key(story, d), d, "alert", {"story": story, "title": upsert.title}, story
            )
            for d in destinations
        ),
    )
