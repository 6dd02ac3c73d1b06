"""`newsbot match`, `test-rule` and `backtest` through the real command group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli

DATA = Path(__file__).parent / "data" / "rules"
CONFIG = str(DATA / "newsbot.yaml")


def records(tmp_path: Path, *rows: dict[str, object]) -> str:
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_match_prints_one_json_line_per_item_in_input_order(tmp_path: Path) -> None:
    path = records(
        tmp_path,
        {"id": "b", "title": "Hospital partners on AI", "summary": "<p>A &amp; B</p>"},
        {"id": "a", "title": "Nothing here"},
        {"id": "c", "title": "NHS signs AI MoU", "summary": "with a health system"},
    )

    code, out, _ = run("match", "--input", path, "--config", CONFIG)

    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["b", "a", "c"]
    first = lines[0]["matches"]
    assert [m["rule"] for m in first] == ["org-ai", "title-only"]
    assert first[0]["terms"] == ["hospital", "ai", "partners"] and first[0]["score"] > 0
    assert lines[1]["matches"] == []
    assert [m["rule"] for m in lines[2]["matches"]] == ["org-ai"]


def test_match_reports_a_bad_query_with_the_rule_name(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("rules:\n  - name: broken\n    query: 'a AND (b'\n", encoding="utf-8")

    code, out, err = run("match", "--input", records(tmp_path, {"id": "x"}), "--config", str(config))

    assert code == 2 and out == ""
    assert "rules[0] (broken).query: missing ')'" in err


def test_test_rule_shows_the_failed_clause_of_a_near_miss() -> None:
    code, out, _ = run("test-rule", "org-ai", "--text", "Hospital launches AI tool", "--config", CONFIG)

    assert code == 0
    assert "no match org-ai" in out
    assert "why not: @deal failed" in out
    assert "✓ @org" in out and "✗ @deal" in out


def test_test_rule_explains_each_item_of_a_file(tmp_path: Path) -> None:
    path = records(tmp_path, {"id": "one", "title": "Hospital partners on AI"}, {"id": "two", "title": "AI"})

    code, out, _ = run("test-rule", "org-ai", "--file", path, "--config", CONFIG)

    assert code == 0
    assert "MATCH org-ai on one" in out and "no match org-ai on two" in out


@pytest.mark.parametrize("args", [["--text", "x", "--file", "-"], []])
def test_test_rule_wants_exactly_one_input(args: list[str]) -> None:
    code, _, err = run("test-rule", "org-ai", *args, "--config", CONFIG)

    assert code == 2 and "exactly one of --text or --file" in err


def test_backtest_prints_scores_and_explains_errors(tmp_path: Path) -> None:
    path = records(
        tmp_path,
        {"id": "tp", "title": "Hospital partners on AI", "label": 1},
        {"id": "fn", "title": "Hospital teams with Google on AI", "label": 1},
        {"id": "fp", "title": "Hospital partners on AI webinar series", "summary": "", "label": 0},
        {"id": "tn", "title": "Layoffs", "label": 0},
    )

    code, out, _ = run("backtest", "--input", path, "--rule", "org-ai", "--config", CONFIG)

    assert code == 0
    assert "org-ai: precision 1.000  recall 0.500  F1 0.667  (tp 1, fp 0, fn 1, tn 2)" in out
    assert "fn  Hospital teams with Google on AI" in out and "@deal failed" in out


def test_backtest_json_lists_false_positives_with_the_terms_that_hit(tmp_path: Path) -> None:
    path = records(tmp_path, {"id": "fp", "title": "Hospital partners on AI", "label": 0})

    code, out, _ = run("backtest", "--input", path, "--format", "json", "--config", CONFIG)

    assert code == 0
    scores = {s["rule"]: s for s in json.loads(out)}
    assert scores["org-ai"]["precision"] == 0.0
    (miss,) = scores["org-ai"]["false_positives"]
    assert miss["id"] == "fp" and "title:partners" in miss["reason"]
