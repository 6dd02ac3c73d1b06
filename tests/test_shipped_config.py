"""The shipped config (config/newsbot.yaml) and its examples load, and keep their promises."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import rules
from bot.cli.main import cli
from bot.config import load
from bot.facts import FactsSpec

CONFIG_DIR = Path(__file__).parent.parent / "config"
SHIPPED = CONFIG_DIR / "newsbot.yaml"
BEGIN = "# --- BEGIN rules (tuned by bench/relevance.py) ---"
END = "# --- END rules ---"


def test_it_loads_with_an_empty_environment() -> None:
    settings = load(SHIPPED, environ={})

    assert settings.timezone == "America/New_York"
    assert len(settings.enabled_sources()) >= 15
    assert settings.database.startswith("sqlite:////") and settings.database.endswith(
        "/data/newsbot.db"
    )


def test_unset_secrets_leave_only_the_console_enabled() -> None:
    settings = load(SHIPPED, environ={})
    reasons = {name: d.disabled_reason() for name, d in settings.destinations.items()}
    assert reasons == {
        "health-ai-slack": "set SLACK_BOT_TOKEN",
        "weekday-digest": "smtp: set SMTP_HOST",
        "console": None,
        "ops-slack": "set SLACK_BOT_TOKEN",
    }
    assert settings.ops.destination == "ops-slack"


def test_setting_the_documented_variables_enables_slack_and_the_digest() -> None:
    environ = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SMTP_HOST": "mail.example.org",
        "SMTP_USERNAME": "newsbot",
        "SMTP_PASSWORD": "pw",
        "DIGEST_TO": "a@example.org,b@example.org",
    }
    settings = load(SHIPPED, environ=environ)

    assert list(settings.enabled_destinations()) == list(settings.destinations)
    assert settings.destinations["weekday-digest"].to == ["a@example.org", "b@example.org"]  # type: ignore[union-attr]


def test_the_partnership_rule_notifies_slack_the_digest_and_the_console() -> None:
    settings = load(SHIPPED, environ={})
    rule = {r.name: r for r in settings.rules}["health-ai-partnerships"]
    assert rule.notify == ["health-ai-slack", "weekday-digest", "console"]


def test_its_rules_compile_without_lint_warnings() -> None:
    settings = load(SHIPPED, environ={})
    rules.compile_rules(settings.rules, settings.terms)
    # the facts' term lists (bot.facts.FactsSpec) are used too, by `newsbot facts` and alerts
    assert rules.lint(settings.rules, settings.terms, FactsSpec().lists()) == []


def test_everything_rule_related_sits_between_the_markers() -> None:
    """bench/relevance.py replaces the text between the markers with a tuned rule."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    before, rest = text.split(BEGIN)
    inside, after = rest.split(END)
    for key in ("\nterms:", "\nrules:"):
        assert key in inside and key not in before + after


def test_sources_follow_the_polling_etiquette() -> None:
    settings = load(SHIPPED, environ={})
    for source in settings.sources:
        if source.kind == "google_news":
            assert source.every >= timedelta(minutes=15), source.name
            assert "when:" in (source.query or ""), source.name
        else:
            assert timedelta(minutes=15) <= source.every <= timedelta(hours=6), source.name


def test_beckers_feed_is_not_polled_and_nvidia_is_opt_in() -> None:
    """Becker's robots.txt disallows its feed; NVIDIA's newsroom terms forbid crawlers."""
    settings = load(SHIPPED, environ={})
    for source in settings.sources:
        if source.kind == "feed":
            assert "beckershospitalreview.com" not in source.url
        if "nvidia.com" in source.url:
            assert not source.enabled, source.name
    assert any("site:beckershospitalreview.com" in (s.query or "") for s in settings.sources)


def test_check_accepts_the_shipped_config() -> None:
    result = CliRunner().invoke(cli, ["check", "--config", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    assert "health-ai-partnerships" in result.stdout


@pytest.mark.parametrize(
    "path", sorted((CONFIG_DIR / "examples").glob("*.yaml")), ids=lambda p: p.name
)
def test_every_example_loads(path: Path) -> None:
    load(path, environ={})
