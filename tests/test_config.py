"""Loading the YAML config: settings, `${VAR}` secrets, one-line errors, `check` and `schema`."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from bot.cli.main import cli
from bot.config import load, redact, resolve_database
from bot.config.settings import (
    ConsoleDestination,
    EmailDigestDestination,
    RuleSpec,
    Settings,
    SlackDestination,
    SourceSpec,
    format_duration,
    parse_duration,
)
from bot.errors import ConfigError

DATA = Path(__file__).parent / "data" / "config"
P = pytest.param


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsbot.yaml"
    path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problem(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> str:
    """The ConfigError message for `text`, after the `<file>:` prefix every message starts with."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load(path, environ=environ or {})
    message = str(caught.value)
    assert message.startswith(f"{path}:"), message
    assert "\n" not in message
    return message.removeprefix(f"{path}:")


# --- valid configs -------------------------------------------------------------------------


def test_a_minimal_config_gets_every_default() -> None:
    settings = load(DATA / "minimal.yaml", environ={})

    assert settings.path == DATA / "minimal.yaml"
    assert settings.timezone == "UTC"
    assert settings.backfill == timedelta(hours=24)
    assert settings.stories.window == timedelta(days=3)
    assert settings.fetch.concurrency == 50
    assert settings.fetch.max_items == 500
    assert settings.fetch.user_agent.startswith("newsbot/")
    assert settings.service.poll_interval == timedelta(seconds=30)
    assert settings.service.maintenance_cron == "30 3 * * *"
    assert settings.ops.source_failing_after == timedelta(hours=6)
    assert settings.smtp is None
    assert [s.name for s in settings.sources] == ["example-feed", "gnews-ai"]
    assert settings.sources[0].every == timedelta(minutes=15)
    assert settings.rules[0].fields == ["title", "summary"]
    assert isinstance(settings.destinations["console"], ConsoleDestination)
    assert settings.destinations["console"].name == "console"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        P("30s", timedelta(seconds=30), id="seconds"),
        P("15m", timedelta(minutes=15), id="minutes"),
        P("2h", timedelta(hours=2), id="hours"),
        P("1d", timedelta(days=1), id="days"),
        P("1h30m", timedelta(minutes=90), id="combined"),
        P(" 1h 30m ", timedelta(minutes=90), id="spaces"),
    ],
)
def test_durations_are_written_with_units(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


def test_settings_are_frozen() -> None:
    settings = load(DATA / "minimal.yaml", environ={})
    with pytest.raises(ValidationError):
        settings.timezone = "Europe/Paris"


def test_settings_built_in_code_are_checked_the_same_way() -> None:
    with pytest.raises(ValidationError, match="unknown destination `nowhere`"):
        Settings(rules=[RuleSpec(name="r", query="x", notify=["nowhere"])])


# --- one line per mistake, with file, line and key path --------------------------------------


def test_an_unknown_key_suggests_the_closest_one(tmp_path: Path) -> None:
    message = problem(
        tmp_path,
        """
        sources:
          - name: a
            url: https://example.org/feed
            evry: 15m
        """,
    )
    assert message == "4: sources[0].evry: unknown key `evry` (did you mean `every`?)"


def test_an_unknown_top_level_key_suggests_the_closest_one(tmp_path: Path) -> None:
    assert (
        problem(tmp_path, "sorces: []\n")
        == "1: sorces: unknown key `sorces` (did you mean `sources`?)"
    )


@pytest.mark.parametrize(
    ("every", "expected"),
    [
        P(
            "15",
            "must be a duration (a bare number is ambiguous: write e.g. 30s, 15m, 2h or 1d)",
            id="bare-number",
        ),
        P("15 minutes", "must be a duration (write e.g. 30s, 15m, 2h or 1d)", id="spelled-out"),
        P("30s", "must be at least 1m (write e.g. 15m)", id="too-short"),
        P("0s", "must be longer than 0s (write e.g. 30s)", id="zero"),
    ],
)
def test_a_bad_interval_names_its_line_and_key(tmp_path: Path, every: str, expected: str) -> None:
    message = problem(
        tmp_path,
        f"""
        sources:
          - name: a
            url: https://example.org/feed
          - name: b
            url: https://example.org/other
            every: {every}
        """,
    )
    assert message == f"6: sources[1].every: {expected}"


def test_google_news_must_not_be_polled_faster_than_every_5m(tmp_path: Path) -> None:
    message = problem(
        tmp_path,
        """
        sources:
          - name: gnews
            google_news: 'hospital AI'
            every: 2m
        """,
    )
    assert message.startswith(
        "4: sources[0].every: must be at least 5m for Google News: it throttles"
    )


def test_a_missing_notify_target_is_named(tmp_path: Path) -> None:
    message = problem(
        tmp_path,
        """
        rules:
          - name: r
            query: x
            notify: [console, slak]
        destinations:
          console: {type: console}
          slack: {type: slack, channel: '#x'}
        """,
    )
    assert message == "4: rules[0].notify[1]: unknown destination `slak` (did you mean `slack`?)"


def test_an_undefined_term_list_is_named(tmp_path: Path) -> None:
    message = problem(
        tmp_path,
        """
        terms:
          health_org: [hospital*]
        rules:
          - name: r
            query: '@health_orgs AND x'
        """,
    )
    assert (
        message
        == "5: rules[0].query: unknown term list `@health_orgs` (did you mean `@health_org`?)"
    )


def test_a_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    message = problem(
        tmp_path,
        """
        sources:
          - name: a: b
        """,
    )
    assert message == (
        "2: invalid YAML at column 12: mapping values are not allowed here "
        "(quote values that contain ': ')"
    )


def test_a_tab_in_the_indentation_is_explained(tmp_path: Path) -> None:
    assert "indent with spaces, not tabs" in problem(tmp_path, "sources:\n\t- name: a\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        P(
            "fetch:\n  concurrency: lots\n",
            '2: fetch.concurrency: must be a whole number; got "lots"',
            id="int",
        ),
        P(
            "fetch:\n  read_timeout: soon\n",
            '2: fetch.read_timeout: must be a number; got "soon"',
            id="float",
        ),
        P(
            "terms:\n  x: [2024]\n",
            "2: terms.x[0]: must be text (put it in quotes); got 2024",
            id="str",
        ),
        P("rules: {name: r}\n", "1: rules: must be a list ('- item' lines or [a, b])", id="list"),
        P("fetch: 5\n", "1: fetch: must be a mapping ('key: value' lines); got 5", id="mapping"),
        P(
            "smtp:\n  security: ssl\n",
            "2: smtp.security: must be one of 'starttls', 'tls' or 'none'; got \"ssl\"",
            id="choice",
        ),
        P(
            "sources:\n  - url: https://a.org/\n",
            "2: sources[0].name: required key is missing",
            id="missing",
        ),
    ],
)
def test_a_wrong_type_names_its_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    assert problem(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        P(
            "sources:\n  - name: a\n    url: https://a.org/\n  - name: a\n    url: https://b.org/\n",
            "4: sources[1].name: duplicate source name `a` (also sources[0])",
            id="duplicate-source",
        ),
        P(
            "sources:\n  - name: A b\n    url: https://a.org/\n",
            "2: sources[0].name: must be a slug: lowercase letters, digits, '-' and '_' (e.g. fierce-healthcare)",
            id="not-a-slug",
        ),
        P(
            "sources:\n  - name: a\n    url: ftp://a.org/\n",
            "3: sources[0].url: must be an absolute http:// or https:// URL",
            id="not-http",
        ),
        P(
            "sources:\n  - name: a\n",
            "2: sources[0].url: needs `url:` (a feed URL) or `google_news:` (a search query)",
            id="no-url",
        ),
        P(
            "sources:\n  - name: a\n    url: https://a.org/\n    google_news: q\n",
            "3: sources[0].url: give either `url` (a feed) or `google_news` (a search), not both",
            id="url-and-search",
        ),
        P(
            "sources:\n  - name: a\n    url: https://a.org/\n    hl: fr\n",
            "4: sources[0].hl: only applies to `google_news` sources",
            id="hl-on-a-feed",
        ),
        P(
            "destinations:\n  d:\n    type: slck\n",
            "3: destinations.d.type: unknown type `slck` (did you mean `slack`?)",
            id="destination-type",
        ),
        P(
            "destinations:\n  d:\n    channel: '#x'\n",
            "2: destinations.d.type: required key is missing "
            "(one of slack, slack_webhook, email, email_digest, webhook, console)",
            id="destination-without-type",
        ),
        P(
            "destinations:\n  d:\n    type: slack\n    chanel: '#x'\n",
            "4: destinations.d.chanel: unknown key `chanel` (did you mean `channel`?)",
            id="destination-key",
        ),
        P(
            "destinations:\n  d:\n    type: email\n    to: [a@example.org, nobody]\n",
            "4: destinations.d.to[1]: `nobody` is not an email address (write e.g. team@example.org)",
            id="email-address",
        ),
        P(
            "destinations:\n  d:\n    type: email_digest\n    schedule: '0 8 * *'\n",
            "4: destinations.d.schedule: must be a 5-field cron expression: minute hour day month "
            "weekday (e.g. '0 8 * * mon-fri')",
            id="cron",
        ),
        P(
            "destinations:\n  d:\n    type: email_digest\n    schedule: '0 8 * * 1-5'\n",
            "4: destinations.d.schedule: write the weekday as names, e.g. mon-fri, not `1-5` "
            "(numbers are ambiguous)",
            id="numeric-weekday",
        ),
        P(
            "timezone: America/NewYork\n",
            "1: timezone: unknown time zone `America/NewYork` (did you mean `America/New_York`?)",
            id="timezone",
        ),
        P(
            "ops:\n  destination: nowhere\n",
            "2: ops.destination: unknown destination `nowhere`",
            id="ops-destination",
        ),
        P(
            "sources: []\nrules: []\nsources: []\n",
            "3: sources: duplicate key (first at line 1)",
            id="duplicate-key",
        ),
        P(
            "- a\n- b\n",
            "1: the top level must be a mapping of keys such as `sources:` and `rules:`",
            id="list",
        ),
    ],
)
def test_a_mistake_names_its_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    assert problem(tmp_path, text) == expected


def test_the_first_problem_in_the_file_is_reported(tmp_path: Path) -> None:
    message = problem(
        tmp_path,
        "timezone: Mars/Olympus\nsources:\n  - name: a\n    url: https://a.org/\n    every: 1s\n",
    )
    assert message.startswith("1: timezone: unknown time zone")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_file_is_one_clear_line(tmp_path: Path, text: str) -> None:
    assert problem(tmp_path, text) == " the config is empty (start from config/newsbot.yaml)"


def test_a_control_character_is_one_clear_line(tmp_path: Path) -> None:
    message = problem(tmp_path, "sources: []\ntimezone: UTC\x00\n")
    assert message == "2: invalid YAML: character #x0000 is not allowed (remove it)"


def test_a_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError) as caught:
        load(path, environ={})
    assert (
        str(caught.value)
        == f"{path}: config file not found (pass --config PATH or set NEWSBOT_CONFIG)"
    )


# --- ${VAR} substitution and disabled destinations --------------------------------------------


@pytest.mark.parametrize(
    ("value", "environ", "expected"),
    [
        P("${DB}", {"DB": "sqlite:///x.db"}, "sqlite:///x.db", id="set"),
        P("${DB:-sqlite:///d.db}", {}, "sqlite:///d.db", id="default-when-unset"),
        P("${DB:-sqlite:///d.db}", {"DB": ""}, "sqlite:///d.db", id="default-when-empty"),
        P(
            "${DB:-sqlite:///d.db}",
            {"DB": "sqlite:///x.db"},
            "sqlite:///x.db",
            id="set-beats-default",
        ),
        P("sqlite:///${NAME}.db", {"NAME": "x"}, "sqlite:///x.db", id="inside-text"),
    ],
)
def test_env_references_are_substituted(
    tmp_path: Path, value: str, environ: dict[str, str], expected: str
) -> None:
    settings = load(write(tmp_path, f"database: '{value}'\n"), environ=environ, cwd="/srv")
    assert settings.database == resolve_database(expected, Path("/srv"))


def test_a_dollar_dollar_brace_is_a_literal(tmp_path: Path) -> None:
    settings = load(write(tmp_path, "fetch:\n  user_agent: 'bot $${NOT_A_VAR}'\n"), environ={})
    assert settings.fetch.user_agent == "bot ${NOT_A_VAR}"


@pytest.mark.parametrize("reference", ["${SLACK-TOKEN}", "${SLACK_TOKEN", "${}"])
def test_a_malformed_reference_is_an_error(tmp_path: Path, reference: str) -> None:
    message = problem(
        tmp_path,
        f"destinations:\n  s:\n    type: slack\n    channel: c\n    token: '{reference}'\n",
    )
    assert (
        message
        == f"5: destinations.s.token: bad reference `{reference}`: write ${{NAME}} or ${{NAME:-default}}"
    )


def test_a_value_from_the_environment_is_never_echoed(tmp_path: Path) -> None:
    message = problem(tmp_path, "smtp:\n  port: ${SMTP_PORT}\n", environ={"SMTP_PORT": "hunter2"})
    assert message == "2: smtp.port: must be a whole number (from ${SMTP_PORT})"


def test_unset_secrets_disable_destinations_and_name_the_variable() -> None:
    settings = load(DATA / "secrets.yaml", environ={})
    reasons = {name: d.disabled_reason() for name, d in settings.destinations.items()}
    assert reasons == {
        "bot": "set SLACK_BOT_TOKEN",
        "hook": "set SLACK_WEBHOOK_URL",
        "mail": "smtp: set SMTP_HOST",
        "digest": "smtp: set SMTP_HOST",
        "post": "set WEBHOOK_URL",
        "console": None,
    }
    assert list(settings.enabled_destinations()) == ["console"]


def test_setting_the_variables_enables_every_destination() -> None:
    environ = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T/B/x",
        "WEBHOOK_URL": "https://example.org/hook",
        "SMTP_HOST": "mail.example.org",
        "SMTP_USERNAME": "newsbot",
        "SMTP_PASSWORD": "pw",
        "ALERT_TO": "a@example.org, b@example.org",
    }
    settings = load(DATA / "secrets.yaml", environ=environ)

    assert list(settings.enabled_destinations()) == list(settings.destinations)
    bot = settings.destinations["bot"]
    assert isinstance(bot, SlackDestination) and bot.token is not None
    assert bot.token.get_secret_value() == "xoxb-1"
    assert settings.destinations["mail"].to == ["a@example.org", "b@example.org"]  # type: ignore[union-attr]
    digest = settings.destinations["digest"]
    assert isinstance(digest, EmailDigestDestination) and digest.timezone == "Europe/Paris"


def test_a_missing_smtp_password_disables_email_when_a_username_is_set() -> None:
    settings = load(
        DATA / "secrets.yaml", environ={"SMTP_HOST": "mail.example.org", "SMTP_USERNAME": "u"}
    )
    assert settings.destinations["mail"].disabled_reason() == "smtp: set SMTP_PASSWORD"


def test_a_secret_written_nowhere_says_which_key_to_add() -> None:
    assert SlackDestination(channel="#x").disabled_reason() == (
        "set `token` (e.g. token: ${SLACK_BOT_TOKEN}, then set SLACK_BOT_TOKEN)"
    )
    assert (
        EmailDigestDestination(to=["a@example.org"]).disabled_reason() == "add an `smtp:` section"
    )


def test_redact_masks_every_secret() -> None:
    environ = {
        "SLACK_BOT_TOKEN": "xoxb-secret",
        "WEBHOOK_SECRET": "hmac-secret",
        "SMTP_PASSWORD": "smtp-secret",
        "DATABASE_URL": "postgresql+psycopg://bot:db-secret@db/newsbot",
    }
    data = redact(load(DATA / "secrets.yaml", environ=environ))
    text = json.dumps(data)

    for value in ("xoxb-secret", "hmac-secret", "smtp-secret", "db-secret"):
        assert value not in text
    assert data["destinations"]["bot"]["token"] == "***"
    assert data["destinations"]["hook"]["url"] is None
    assert data["database"] == "postgresql+psycopg://bot:***@db/newsbot"
    assert data["backfill"] == "1d"


# --- Google News and paths -----------------------------------------------------------------


def test_a_google_news_query_becomes_its_rss_search_url() -> None:
    source = SourceSpec.model_validate(
        {"name": "g", "google_news": '"health system" (AI OR "artificial intelligence") when:7d'}
    )
    assert source.kind == "google_news"
    assert source.query == '"health system" (AI OR "artificial intelligence") when:7d'
    assert source.url == (
        "https://news.google.com/rss/search?q=%22health+system%22+%28AI+OR+%22artificial+intelligence"
        "%22%29+when%3A7d&hl=en-US&gl=US&ceid=US:en"
    )


def test_a_google_news_source_may_choose_its_edition() -> None:
    source = SourceSpec.model_validate(
        {"name": "g", "google_news": "NHS AI", "hl": "en-GB", "gl": "GB", "ceid": "GB:en"}
    )
    assert source.url == "https://news.google.com/rss/search?q=NHS+AI&hl=en-GB&gl=GB&ceid=GB:en"


def test_a_feed_source_keeps_its_url() -> None:
    source = SourceSpec(name="f", url="https://example.org/feed")
    assert (source.kind, source.query, source.url) == ("feed", None, "https://example.org/feed")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        P("sqlite:///data/newsbot.db", "sqlite:////srv/bot/data/newsbot.db", id="relative"),
        P("sqlite+pysqlite:///x.db", "sqlite+pysqlite:////srv/bot/x.db", id="driver"),
        P("sqlite:////var/lib/newsbot.db", "sqlite:////var/lib/newsbot.db", id="absolute"),
        P("sqlite:///:memory:", "sqlite:///:memory:", id="memory"),
        P("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db", id="postgres"),
    ],
)
def test_relative_sqlite_paths_resolve_against_the_working_directory(
    url: str, expected: str
) -> None:
    assert resolve_database(url, Path("/srv/bot")) == expected


# --- the command line ----------------------------------------------------------------------


def test_check_prints_a_summary_and_exits_0() -> None:
    result = CliRunner().invoke(
        cli, ["check", "--config", str(DATA / "secrets.yaml")], env={"SLACK_BOT_TOKEN": ""}
    )

    assert result.exit_code == 0, result.output
    assert "everything" in result.stdout
    assert "set SLACK_BOT_TOKEN" in result.stdout
    assert "ok:" in result.stdout


def test_check_reads_newsbot_config_from_the_environment() -> None:
    result = CliRunner().invoke(cli, ["check"], env={"NEWSBOT_CONFIG": str(DATA / "minimal.yaml")})
    assert result.exit_code == 0, result.output
    assert "gnews-ai" in result.stdout and "google_news" in result.stdout


def test_check_fails_with_one_line_naming_file_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - name: a\n    url: https://a.org/\n    every: 10s\n")
    result = CliRunner().invoke(cli, ["check", "--config", str(path)])

    assert result.exit_code == 2
    assert (
        result.stderr
        == f"newsbot: error: {path}:4: sources[0].every: must be at least 1m (write e.g. 15m)\n"
    )


def test_schema_prints_the_json_schema_of_the_yaml_keys() -> None:
    result = CliRunner().invoke(cli, ["schema"])

    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert {"sources", "rules", "terms", "destinations", "smtp"} <= set(schema["properties"])
    assert "path" not in schema["properties"]
    source = schema["$defs"]["SourceSpec"]["properties"]
    assert "google_news" in source and source["every"]["default"] == "30m"
    assert "from" in schema["$defs"]["SmtpSettings"]["properties"]
    assert "env" not in json.dumps(schema["$defs"]["SlackDestination"]["properties"])


# --- hardening: aliases, unset variables -------------------------------------------------


def test_an_alias_bomb_is_refused_at_once_naming_the_budget(tmp_path: Path) -> None:
    # Before: 24-35 s and 1.2 GB in `check`. Nine lines, 9^8 values once expanded.
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    message = problem(tmp_path, "\n".join(lines) + "\ndatabase: sqlite:///x.db\n")
    assert re.fullmatch(r"1: YAML aliases expand this config by [\d,]{10} values, more than "
                        r"10,000 \(write the values out, or reuse fewer nested blocks\)", message)


def test_an_alias_inside_its_own_block_is_refused(tmp_path: Path) -> None:
    assert problem(tmp_path, "sources: &s [*s]\n").startswith("1: a YAML alias refers to a block")


def test_a_block_reused_by_aliases_still_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        sources:
          - &feed {name: a, url: 'https://a.example/rss', every: 15m, allow_private: true}
          - {<<: *feed, name: b, url: 'https://b.example/rss'}
        """,
    )
    loaded = load(path, environ={})
    assert [(s.name, s.every, s.allow_private) for s in loaded.sources] == [
        ("a", timedelta(minutes=15), True),
        ("b", timedelta(minutes=15), True),
    ]


def test_a_value_from_an_unset_variable_names_the_variable(tmp_path: Path) -> None:
    # Before: "sources[0].url: needs `url:` ..." and no word of ${FEED_URL}.
    text = """
    sources:
      - name: a
        url: ${FEED_URL}
    """
    assert problem(tmp_path, text) == (
        "3: sources[0].url: needs `url:` (a feed URL) or `google_news:` (a search query)"
        " (${FEED_URL} is not set)"
    )
    assert load(write(tmp_path, text), environ={"FEED_URL": "https://a.example/rss"}).sources


# --- `check` refuses what would only fail (or flood) later ---------------------------------

_SOURCES = """
sources:
  - {name: a, url: 'https://a.example/rss'}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        P(
            "database: mysql://u@h/db\n",
            "1: database: `mysql` is not supported: use sqlite:///data/newsbot.db or "
            "postgresql+psycopg://user@host/db",
            id="mysql",
        ),
        P(
            _SOURCES + "  - {name: b, url: 'https://A.example/rss/'}\n",
            "3: sources[1].url: the same feed as sources[0] (`a`): keep one of them",
            id="same-feed-twice",
        ),
        P(
            _SOURCES + "rules: [{name: r, query: partner*, notify: []}]\n",
            "3: rules[0].notify: names no destination: its matches would go nowhere (add one,"
            " e.g. console)",
            id="notify-nobody",
        ),
        P(
            _SOURCES + "rules: [{name: r, query: 'NOT webinar AND NOT (podcast OR title:ad)',"
            " notify: [c]}]\ndestinations: {c: {type: console}}\n",
            "3: rules[0].query: matches items that contain none of its terms (it only says what"
            " to leave out): add what to look for, e.g. `@ai AND NOT webinar`",
            id="only-a-negation",
        ),
        P(
            "sources: [{name: a, url: 'http://127.0.0.1:8080/rss'}]\n",
            "1: sources[0].url: will be refused: 127.0.0.1 is a loopback address (a feed on this"
            " network? allow_private: true)",
            id="private-literal",
        ),
        P(
            "sources: [{name: a, url: 'http://feeds.localhost/rss'}]\n",
            "1: sources[0].url: will be refused: localhost is a loopback address (a feed on this"
            " network? allow_private: true)",
            id="localhost",
        ),
        P(
            "sources: [{name: a, url: 'http://169.254.169.254/rss', allow_private: true}]\n",
            "1: sources[0].url: will be refused: 169.254.169.254 is a link-local address",
            id="metadata-even-when-private",
        ),
    ],
)
def test_check_refuses_what_would_fail_or_flood_later(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert problem(tmp_path, text) == expected


def test_a_negation_inside_a_positive_query_is_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _SOURCES + "rules: [{name: r, query: 'AI AND NOT webinar', notify: [c]}]\n"
        "destinations: {c: {type: console}}\n",
    )
    assert load(path, environ={}).rules[0].query == "AI AND NOT webinar"
