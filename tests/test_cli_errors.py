"""What a new user gets wrong gets one clear line and a non-zero exit, never "internal error":
a database folder that cannot exist, binary or BOM-prefixed JSON Lines, unknown or oversized
delivery ids, labels that are not 0/1. Through the real command group."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.store import NewDelivery, Store
from bot.store.engine import folder_problem

RULES = str(Path(__file__).parent / "data" / "rules" / "newsbot.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def error_line(err: str) -> str:
    """The one `newsbot: error:` line (log lines of the store may come before it)."""
    lines = [line for line in err.splitlines() if line.startswith("newsbot:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("newsbot: error: "), lines[0]
    return lines[0].removeprefix("newsbot: error: ")


def config(tmp_path: Path, database: str) -> str:
    path = tmp_path / "newsbot.yaml"
    path.write_text(
        f"database: '{database}'\n"
        "sources: [{name: a, url: 'https://a.example/rss'}]\n"
        "rules: [{name: r, query: 'partner*', notify: [console]}]\n"
        f"destinations: {{console: {{type: console, digest_dir: '{tmp_path}/digests'}}}}\n"
    )
    return str(path)


@pytest.mark.parametrize("command", ["once", "status", "sources"])
def test_a_data_folder_that_is_a_file_is_one_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "data").write_text("not a folder")
    code, _, err = run(command, "--config", config(tmp_path, f"sqlite:///{tmp_path}/data/x.db"))
    assert code == 1
    assert error_line(err).endswith(f"{tmp_path}/data is a file, not a folder (move it, or point "
                                    "`database:` elsewhere)")  # fmt: skip


def test_a_read_only_folder_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A read-only mount needs privileges a test does not have: the file system's answer is
    # what is replaced here, the rest is real.
    real = os.statvfs

    class ReadOnly:
        def __init__(self, path: object) -> None:
            self.f_flag = real(path).f_flag | os.ST_RDONLY  # type: ignore[arg-type]

    monkeypatch.setattr(os, "statvfs", ReadOnly)
    assert folder_problem(tmp_path).startswith("it is on a read-only file system")


def test_match_on_a_binary_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_bytes(b'{"id": "a", "title": "x"}\n\xa9\xff\x00binary')
    code, _, err = run("match", "--input", str(path), "--config", RULES)
    assert code == 1
    assert err == "Error: input is not UTF-8 text (is it a JSON Lines file?)\n"


def test_json_lines_with_a_utf8_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_bytes('\ufeff{"id": "a", "title": "Hospital partners on AI"}\n'.encode())
    code, out, err = run("match", "--input", str(path), "--config", RULES)
    assert code == 0, err
    assert json.loads(out)["id"] == "a"


@pytest.mark.parametrize(
    ("label", "problem"),
    [("yes", "`label` is 'yes'"), (7, "`label` is 7"), (None, "`label` is missing")],
)
def test_backtest_refuses_a_label_that_is_not_0_or_1(
    tmp_path: Path, label: object, problem: str
) -> None:
    path = tmp_path / "labelled.jsonl"
    rows = [{"id": "a", "title": "Hospital partners on AI", "label": 1}, {"id": "b", "title": "x"}]
    if label is not None:
        rows[1]["label"] = label
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code, out, err = run("backtest", "--input", str(path), "--config", RULES)
    assert code == 1 and out == ""
    assert f"input line 2: {problem}: write 1 or 0 (true or false)" in err


def test_retry_refuses_ids_that_are_not_dead_deliveries_and_retries_nothing(
    tmp_path: Path,
) -> None:
    database, now = f"sqlite:///{tmp_path}/news.db", datetime.now(UTC)
    store = Store(database)
    store.migrate()
    ids = store.enqueue([NewDelivery(f"ops:{n}", "console", "ops", {}) for n in (1, 2)], now)
    dead, pending = ids["ops:1"], ids["ops:2"]
    [claimed] = store.claim_due(now, timedelta(minutes=1), "me", limit=1)
    store.mark_dead(claimed.id, "bad token", owner="me")
    path = config(tmp_path, database)

    # Before: "0 dead deliveries back in the outbox" (rc 0), or an internal OverflowError.
    huge = "99999999999999999999999"
    code, out, err = run("retry", str(dead), str(pending), huge, "77", "--config", path)
    assert code == 1 and out == ""
    assert error_line(err) == (
        f"nothing retried: {pending} (pending, not dead), {huge} (no such delivery), 77 (no such"
        " delivery); see the dead deliveries in `newsbot status`"
    )
    assert store.get_delivery(dead).status == "dead"  # type: ignore[union-attr]
    code, out, _ = run("retry", str(dead), "--config", path)
    assert (code, out) == (0, "1 dead delivery back in the outbox\n")
    store.close()
