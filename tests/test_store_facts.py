"""Migration 4: stories keep their facts; older rows (no facts) keep working; migrations
numbered apart apply once each, whatever order they land in."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.store import Store
from bot.store.migrations import MIGRATIONS, Migration
from bot.store.migrations import migrate as run_migrations
from tests.support.db import NOW, make_batch, open_store_fixture, store_url_fixture  # noqa: F401

FACTS = {"parties": ["Mayo Clinic", "Microsoft"], "health_orgs": ["Mayo Clinic"],
         "partners": ["Microsoft"], "deal_type": "partnership", "amount_usd": 5e7,
         "area": "radiology"}


def _with_facts(batch, facts):  # type: ignore[no-untyped-def]
    stories = tuple(dataclasses.replace(s, facts=facts) for s in batch.stories)
    return dataclasses.replace(batch, stories=stories)


def test_a_story_keeps_the_facts_it_started_with(open_store: Callable[[], Store]) -> None:
    s = open_store()
    s.migrate()
    s.ensure_sources([("src", "https://feeds.example/src.xml")], NOW)
    s.commit_poll(_with_facts(make_batch(["a"], story="s-a"), FACTS))
    assert s.get_story("s-a").facts == FACTS  # type: ignore[union-attr]
    # a later poll extends the story without facts (None): the stored ones stay
    s.commit_poll(make_batch(["a", "b"], story="s-a", at=NOW + timedelta(minutes=5)))
    assert s.get_story("s-a").facts == FACTS  # type: ignore[union-attr]


def test_version_4_adds_facts_to_a_database_made_before_them(
    open_store: Callable[[], Store],
) -> None:
    s = open_store()
    assert run_migrations(s._engine, NOW, MIGRATIONS[:3]) == [1, 2, 3]
    with s._engine.begin() as conn:  # the shape of a version-3 database
        conn.execute(sa.text("ALTER TABLE stories DROP COLUMN facts"))
        conn.execute(sa.text("DROP TABLE story_summaries"))
        conn.execute(sa.text("DROP TABLE llm_usage"))
    s.ensure_sources([("src", "https://feeds.example/src.xml")], NOW)
    with s._engine.begin() as conn:  # a story row written by the old code
        conn.execute(sa.text(
            "INSERT INTO stories (id, lead_fingerprint, title, first_seen, last_seen, outlets,"
            " item_count, alerted) VALUES ('old', 'x', 'Old story', :t, :t, '[]', 1, false)"
        ), {"t": NOW.replace(tzinfo=None) if s.dialect == "sqlite" else NOW})
    assert 4 in s.migrate()
    assert s.get_story("old").facts is None  # type: ignore[union-attr]
    s.commit_poll(_with_facts(make_batch(["a"], story="s-a"), FACTS))
    assert s.get_story("s-a").facts == FACTS  # type: ignore[union-attr]
    assert {"story_summaries", "llm_usage"} <= set(sa.inspect(s._engine).get_table_names())


def _later(conn: Connection) -> None:
    conn.execute(sa.text("CREATE TABLE later_table (id INTEGER PRIMARY KEY)"))


def test_a_lower_number_landing_after_a_higher_one_still_applies(
    open_store: Callable[[], Store],
) -> None:
    s = open_store()
    higher: Migration = (max(v for v, _, _ in MIGRATIONS) + 10, "later", _later)
    without_4 = [m for m in MIGRATIONS if m[0] != 4] + [higher]
    applied = run_migrations(s._engine, NOW, without_4)
    assert 4 not in applied and higher[0] in applied
    with s._engine.begin() as conn:  # undo what version 1 (current tables) already made
        conn.execute(sa.text("ALTER TABLE stories DROP COLUMN facts"))
    assert run_migrations(s._engine, NOW, [*MIGRATIONS, higher]) == [4]
    assert "facts" in {c["name"] for c in sa.inspect(s._engine).get_columns("stories")}
