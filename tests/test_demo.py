"""`newsbot demo`: the whole product offline, judged by what it prints and the files it leaves."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.cli.demo_cmds import mrkdwn_plain
from bot.cli.main import cli
from bot.devservers.demo import CHECKOUT_CONFIG, PACKAGED_RULES, load_shipped_rules

STORIES = [
    "Northfield Health and Lumina AI sign multiyear generative AI partnership",
    "Harborview Pharma teams up with Quantil to use machine learning in drug discovery",
    "Carewell Insurance selects Arden Labs for AI-powered claims review",
]
FOLLOWUPS = ["Midwest Business Journal", "Press Wire", "BioPharm Daily"]
NEAR_MISSES = ["Epic Games", "Greenway Stadium", "in-house AI triage", "Hospital CFOs"]


def run_demo(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("demo") / "out"
    return folder, run_demo("--keep", str(folder)).output


def test_it_alerts_each_expected_story_once_in_slack(kept: tuple[Path, str]) -> None:
    _, output = kept
    roots = re.findall(r"^● (.+)$", output, flags=re.M)
    assert roots == STORIES
    assert "Slack #health-ai: 3 alerts, 3 thread replies" in output


def test_later_coverage_is_an_indented_thread_reply(kept: tuple[Path, str]) -> None:
    _, output = kept
    replies = re.findall(r"^    ↳ Also covered by ([^:]+):", output, flags=re.M)
    assert sorted(replies) == sorted(FOLLOWUPS)


def test_alerts_show_outlet_summary_and_matched_terms(kept: tuple[Path, str]) -> None:
    _, output = kept
    first = output.split("● ")[1]
    assert "HealthTech Wire · " in first
    assert "12-hospital system in Ohio" in first
    assert "Matched health-ai-partnerships on: health, hospital" in first


def test_near_misses_do_not_alert_and_are_listed_with_a_reason(kept: tuple[Path, str]) -> None:
    _, output = kept
    delivered, _, misses = output.partition("Seen but NOT alerted (4)")
    for title in NEAR_MISSES:
        assert title not in delivered
        assert title in misses
    assert "NOT @off_topic failed (hit: Games)" in misses


def test_it_sends_alert_emails_and_a_digest_email(kept: tuple[Path, str]) -> None:
    _, output = kept
    assert "E-mail: 4 messages" in output
    subjects = re.findall(r"^Subject: (.+)$", output, flags=re.M)
    assert subjects[:3] == [f"[newsbot] {title}" for title in STORIES]
    assert subjects[3].startswith("[newsbot] Health-AI partnerships: ")
    assert output.count("To: you@example.org") == 3 and output.count("To: team@example.org") == 1


def test_it_writes_the_digest_as_html_in_the_kept_folder(kept: tuple[Path, str]) -> None:
    folder, output = kept
    digest = folder / "digest.html"
    assert f"Digest written as HTML: {digest}" in output
    html = digest.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") or "<html" in html
    for title in STORIES:
        assert title in html
    assert "Epic Games" not in html


def test_the_summary_counts_items_matches_stories_and_posts(kept: tuple[Path, str]) -> None:
    _, output = kept
    assert (
        "10 items fetched from 3 feeds, 6 matched, 3 stories; 6 Slack posts, 4 e-mails." in output
    )
    assert "3 of 3 feeds answered 304 Not Modified, 0 sent twice." in output


def test_a_second_run_in_the_same_kept_folder_starts_afresh(kept: tuple[Path, str]) -> None:
    folder, _ = kept
    output = run_demo("--keep", str(folder)).output
    assert re.findall(r"^● (.+)$", output, flags=re.M) == STORIES


def test_with_temp_it_runs_in_a_temporary_folder_it_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # any working directory will do
    output = run_demo("--temp").output
    found = re.search(r"Digest written as HTML: (\S+)", output)
    assert found is not None and not Path(found[1]).exists()
    assert re.findall(r"^● (.+)$", output, flags=re.M) == STORIES
    assert list(tmp_path.iterdir()) == []


def test_by_default_it_keeps_the_digest_under_data_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output = run_demo().output
    assert (tmp_path / "data" / "demo" / "digest.html").is_file()
    assert "data/demo/digest.html" in output
    assert re.findall(r"^● (.+)$", run_demo().output, flags=re.M) == STORIES  # rerun works


def test_it_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["demo", "--keep", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not empty" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_packaged_rules_are_the_shipped_rules() -> None:
    if not CHECKOUT_CONFIG.is_file():
        pytest.skip("not a source checkout")
    shipped, packaged = (
        load_shipped_rules((CHECKOUT_CONFIG,)),
        load_shipped_rules((PACKAGED_RULES,)),
    )
    assert packaged.terms == shipped.terms, (
        "copy config/newsbot.yaml's rules section into bot/demo/rules.yaml"
    )
    assert _model_names(packaged.rules) == _model_names(shipped.rules), (
        "copy config/newsbot.yaml's rules section into bot/demo/rules.yaml"
    )
    for packaged_rule, shipped_rule in zip(packaged.rules, shipped.rules, strict=True):
        if "learned" in shipped_rule:
            assert Path(packaged_rule["learned"]["model"]).read_bytes() == Path(
                shipped_rule["learned"]["model"]
            ).read_bytes(), "copy config/models/ into bot/demo/models/"


def _model_names(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules with each model file named by its file name only (folders differ)."""
    out = []
    for rule in rules:
        learned = rule.get("learned")
        if learned:
            rule = {**rule, "learned": {**learned, "model": Path(learned["model"]).name}}
        out.append(rule)
    return out


def test_without_a_checkout_it_falls_back_to_the_packaged_rules(tmp_path: Path) -> None:
    found = load_shipped_rules((tmp_path / "config" / "newsbot.yaml", PACKAGED_RULES))
    assert found.origin == PACKAGED_RULES and "health_org" in found.terms


def test_mrkdwn_reads_as_plain_text() -> None:
    line = "*<https://x.example/a?b=1&amp;c=2|Duke &amp; Co &lt;3&gt;>* · <!date^1700000000^{date_short_pretty}|2023-11-14 22:13 UTC>"
    assert mrkdwn_plain(line) == "Duke & Co <3> · 2023-11-14 22:13 UTC"


def test_demo_without_its_smtp_sink_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "aiosmtpd" else real(name, *a))  # fmt: skip
    result = CliRunner().invoke(cli, ["demo", "--temp"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "newsbot: error: newsbot demo needs its SMTP sink: pip install -e '.[demo]' (aiosmtpd)"
    ]
