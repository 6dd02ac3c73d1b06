"""The SQLite engine: a database file deleted under a running instance is never recreated."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.store.engine import create_engine


def test_a_deleted_database_file_is_not_made_again_under_open_connections(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    engine = create_engine(f"sqlite:///{path}")
    first = engine.connect()
    first.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    first.exec_driver_sql("INSERT INTO t VALUES (1)")
    first.commit()
    path.unlink()
    # a second connection would have made a new, empty file and reset the WAL files the
    # first still maps (a corrupt database or a SIGBUS); it is refused instead
    with pytest.raises(sa.exc.OperationalError, match="unable to open database file"):
        engine.connect()
    assert not path.exists()
    first.exec_driver_sql("INSERT INTO t VALUES (2)")  # the open connection works on
    assert first.exec_driver_sql("SELECT count(*) FROM t").scalar() == 2
    first.close()
    engine.dispose()
    again = create_engine(f"sqlite:///{path}")  # a new start makes a new database
    with again.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0
    again.dispose()
