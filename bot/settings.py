"""Typed settings: every option, its default and its validator, in one place.

`Settings` is the whole config, built once (by `bot.config.load`, or directly in tests) and
passed down; nothing reads settings from a global. Models are frozen and reject unknown keys
with a "did you mean". A validator that finds a problem below the value it checks raises
`Invalid(message, *at)`, and `bot.config` turns `loc + at` into a key path such as
`rules[0].notify[1]`, so messages never need to spell out where they are.

Durations are written `30s`, `15m`, `2h`, `1d` (or combined, `1h30m`). A secret left empty
(an unset `${VAR}`) disables its destination instead of failing: `disabled_reason()` names the
variable to set. Relative paths (`sqlite:///data/newsbot.db`, `digest_dir`) are relative to
the working directory; `bot.config.load` makes the database path absolute.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import quote_plus, urlsplit

from croniter import croniter
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    SecretStr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema, SkipJsonSchema

from bot import USER_AGENT

MIN_EVERY = timedelta(minutes=1)
MIN_EVERY_GOOGLE_NEWS = timedelta(minutes=5)
TERM_REF = re.compile(r"@([A-Za-z_][A-Za-z0-9_]*)")
_TERM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DURATION_PART = re.compile(r"\s*(\d+)\s*([dhms])")
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_ADDRESS = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class Invalid(ValueError):
    """A problem found by a validator, `at` a key path below the value it validates."""

    def __init__(self, message: str, *at: str | int) -> None:
        super().__init__(message)
        self.message = message
        self.at = at

    def below(self, *at: str | int) -> Invalid:
        """The same problem, `at` a path below: `Invalid("bad").below(3)` is at `[3]`."""
        return Invalid(self.message, *at, *self.at)


class EnvStr(str):
    """A string produced by `${VAR}` substitution; `names` are the variables it used."""

    names: tuple[str, ...]

    def __new__(cls, value: str, names: Iterable[str]) -> EnvStr:
        obj = super().__new__(cls, value)
        obj.names = tuple(names)
        return obj


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean `x`?)` for the closest choice, else ` (one of a, b, c)`."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f" (did you mean `{close[0]}`?)"
    return f" (one of {', '.join(choices)})" if choices else ""


# --- value types -------------------------------------------------------------------------


def parse_duration(value: Any) -> timedelta:
    """`30s`, `15m`, `2h`, `1d`, `1h30m` -> timedelta; a timedelta passes through."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        text = value.strip()
        parts = _DURATION_PART.findall(text)
        if parts and "".join(f"{n}{u}" for n, u in parts) == re.sub(r"\s+", "", text):
            return timedelta(seconds=sum(int(n) * _UNITS[u] for n, u in parts))
    hint = "a bare number is ambiguous: " if isinstance(value, int | float) else ""
    raise Invalid(f"must be a duration ({hint}write e.g. 30s, 15m, 2h or 1d)")


def format_duration(value: timedelta) -> str:
    """The inverse of `parse_duration`: 90 minutes -> `1h30m`."""
    seconds = round(value.total_seconds())
    out = ""
    for unit, size in _UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            out += f"{count}{unit}"
    return out or "0s"


def _positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise Invalid("must be longer than 0s (write e.g. 30s)")
    return value


def _check_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        close = difflib.get_close_matches(name, zoneinfo.available_timezones(), n=1)
        hint = f"did you mean `{close[0]}`?" if close else "use an IANA name like America/New_York"
        raise Invalid(f"unknown time zone `{name}` ({hint})") from None
    return name


def _check_cron(expr: str) -> str:
    fields = expr.split()
    if len(fields) != 5 or not croniter.is_valid(expr):
        raise Invalid(
            "must be a 5-field cron expression: minute hour day month weekday (e.g. '0 8 * * mon-fri')"
        )
    # APScheduler 3 counts weekdays from Monday = 0, cron and croniter from Sunday = 0: only
    # names mean the same day to both.
    if re.search(r"\d", fields[4]):
        raise Invalid(
            f"write the weekday as names, e.g. mon-fri, not `{fields[4]}` (numbers are ambiguous)"
        )
    return expr


def _check_slug(name: str) -> str:
    if not _SLUG.match(name):
        raise Invalid(
            "must be a slug: lowercase letters, digits, '-' and '_' (e.g. fierce-healthcare)"
        )
    return name


def check_http_url(url: str) -> str:
    """An absolute http(s) URL with a host, or "" (unset); raises `Invalid` otherwise."""
    parts = urlsplit(url)
    if url and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise Invalid("must be an absolute http:// or https:// URL")
    return url


def _empty_secret_to_none(value: Any) -> Any:
    secret = value.get_secret_value() if isinstance(value, SecretStr) else value
    return None if secret in ("", None) else value


def _split_addresses(value: Any) -> Any:
    return [a.strip() for a in value.split(",") if a.strip()] if isinstance(value, str) else value


def _check_address(value: str) -> str:
    if "\r" in value or "\n" in value or not _ADDRESS.match(parseaddr(value)[1]):
        raise Invalid(f"`{value}` is not an email address (write e.g. team@example.org)")
    return value


def _check_addresses(values: list[str]) -> list[str]:
    for index, value in enumerate(values):
        try:
            _check_address(value)
        except Invalid as exc:
            raise exc.below(index) from None
    return values


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d+\s*[dhms]\s*)+$",
            "examples": ["30s", "15m", "2h", "1d"],
        }
    ),
]
Interval = Annotated[Duration, AfterValidator(_positive)]
TimeZone = Annotated[str, AfterValidator(_check_timezone)]
Cron = Annotated[str, AfterValidator(_check_cron)]
Slug = Annotated[str, AfterValidator(_check_slug)]
HttpUrl = Annotated[str, AfterValidator(check_http_url)]
Secret = Annotated[SecretStr | None, BeforeValidator(_empty_secret_to_none)]
Recipients = Annotated[
    list[str],
    BeforeValidator(_split_addresses),
    AfterValidator(_check_addresses),
    WithJsonSchema({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}),
]


# --- models ------------------------------------------------------------------------------


class Model(BaseModel):
    """Base of every settings model: frozen, unknown keys rejected with a suggestion."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True
    )

    @model_validator(mode="before")
    @classmethod
    def _reject_unknown_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        # Excluded fields (`env`, `path`, `smtp` of email destinations) are filled by code.
        public = {n: f.alias or n for n, f in cls.model_fields.items() if not f.exclude}
        for key in data:
            if key not in public and key not in public.values():
                raise Invalid(f"unknown key `{key}`{did_you_mean(str(key), public.values())}", key)
        if "env" in cls.model_fields:  # a SecretHolder: remember where each secret came from
            env = {k: ",".join(v.names) for k, v in data.items() if isinstance(v, EnvStr)}
            data = {**data, "env": env}
        return data


class SecretHolder(Model):
    """A model with secrets; `env` remembers which `${VAR}` filled each field."""

    env: SkipJsonSchema[dict[str, str]] = Field(default_factory=dict, exclude=True)

    def _unset(self, key: str, variable: str) -> str:
        """How to fill an empty `key`: name the variable the config uses for it."""
        if key in self.env:
            return f"set {self.env[key]}"
        return f"set `{key}` (e.g. {key}: ${{{variable}}}, then set {variable})"


class FetchSettings(Model):
    user_agent: str = USER_AGENT
    """User-Agent header: say who you are and how to reach you."""
    concurrency: int = Field(default=50, ge=1)
    """Fetches in flight at once, across all hosts."""
    per_host: int = Field(default=4, ge=1)
    """Fetches in flight at once to one host."""
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=20.0, gt=0)
    total_timeout: float = Field(default=45.0, gt=0)
    """Seconds for the whole request, body included."""
    max_bytes: int = Field(default=10_000_000, ge=1)
    """Largest response body accepted, as received on the wire."""
    max_decompressed_bytes: int = Field(default=30_000_000, ge=1)
    max_redirects: int = Field(default=5, ge=0)
    max_items: int = Field(default=500, ge=1)
    """Entries taken from one fetch (the newest first)."""

    @field_validator("user_agent")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if not value.strip() or "\r" in value or "\n" in value:
            raise Invalid("must be one non-empty line")
        return value


class StorySettings(Model):
    window: Interval = timedelta(days=3)
    """How long a story stays open for later coverage of the same event."""


def google_news_url(query: str, hl: str = "en-US", gl: str = "US", ceid: str = "US:en") -> str:
    """The Google News RSS search URL for `query` (operators such as `when:7d` go in the query)."""
    return f"https://news.google.com/rss/search?q={quote_plus(query)}&hl={hl}&gl={gl}&ceid={ceid}"


class SourceSpec(Model):
    """One feed, or one Google News search (`google_news:` query, expanded into `url`)."""

    name: Slug
    """Unique slug, used in logs, the database and `source:` queries."""
    url: HttpUrl = ""
    """Feed URL (RSS, Atom, RDF or JSON Feed). Filled in for `google_news` sources."""
    query: str | None = Field(default=None, alias="google_news")
    """A Google News search, e.g. '"health system" AI partnership when:7d'."""
    hl: str = "en-US"
    gl: str = "US"
    ceid: str = "US:en"
    every: Interval = timedelta(minutes=30)
    """Poll interval: at least 1m, and at least 5m for Google News."""
    enabled: bool = True
    allow_private: bool = False
    """Allow loopback and private addresses (tests and demos only)."""
    outlet: str | None = None
    """Display name of the publisher."""
    tags: list[str] = []

    @property
    def kind(self) -> Literal["feed", "google_news"]:
        return "google_news" if self.query is not None else "feed"

    @model_validator(mode="before")
    @classmethod
    def _expand_google_news(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        query = data.get("google_news", data.get("query"))
        if isinstance(query, str):
            if not query.strip():
                raise Invalid("must be a non-empty search query", "google_news")
            lang = {k: str(data[k]) for k in ("hl", "gl", "ceid") if k in data}
            url = google_news_url(query, **lang)
            if data.get("url") not in (None, "", url):
                raise Invalid(
                    "give either `url` (a feed) or `google_news` (a search), not both", "url"
                )
            data = {**data, "url": url}
        return data

    @model_validator(mode="after")
    def _check(self) -> SourceSpec:
        if self.kind == "feed":
            if not self.url:
                raise Invalid("needs `url:` (a feed URL) or `google_news:` (a search query)", "url")
            edition = sorted({"hl", "gl", "ceid"} & self.model_fields_set)
            if edition:
                raise Invalid("only applies to `google_news` sources", edition[0])
        if self.every < MIN_EVERY:
            raise Invalid("must be at least 1m (write e.g. 15m)", "every")
        if self.kind == "google_news" and self.every < MIN_EVERY_GOOGLE_NEWS:
            raise Invalid(
                "must be at least 5m for Google News: it throttles clients that poll its search "
                "feeds hard, and the results change slowly (write e.g. 30m)",
                "every",
            )
        return self


class RuleSpec(Model):
    """A named query; matching items are sent to the `notify` destinations."""

    name: Slug
    query: str = Field(min_length=1)
    """Query language: AND, OR, NOT, (), "phrase", word*, NEAR/n, title:, @list, =CaseSensitive."""
    notify: list[str] = []
    """Destination names (keys of `destinations`)."""
    min_score: float = Field(default=0.0, ge=0)
    fields: list[Literal["title", "summary", "source", "url"]] = ["title", "summary"]
    """Item fields a term without a field scope is looked for in."""
    description: str = ""


class SmtpSettings(SecretHolder):
    """The mail server for `email` and `email_digest`; disabled while `host` is empty."""

    host: str = ""
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str = ""
    password: SecretStr = SecretStr("")
    from_: str = Field(default="", alias="from")
    """Sender, e.g. 'newsbot <newsbot@example.org>'."""
    timeout: float = Field(default=30.0, gt=0)

    @field_validator("from_")
    @classmethod
    def _check_from(cls, value: str) -> str:
        return _check_address(value) if value else value

    def disabled_reason(self) -> str | None:
        if not self.host:
            return self._unset("host", "SMTP_HOST")
        if self.username and not self.password.get_secret_value():
            return self._unset("password", "SMTP_PASSWORD")
        if not self.from_:
            return self._unset("from", "SMTP_FROM")
        return None


class DestinationBase(SecretHolder):
    name: SkipJsonSchema[str] = ""
    """Filled in from the key under `destinations:`."""

    def disabled_reason(self) -> str | None:
        """Why this destination cannot send (the variable to set), or None when it can."""
        return None


class SlackDestination(DestinationBase):
    type: Literal["slack"] = "slack"
    channel: str = Field(min_length=1)
    """Channel name ('#health-ai') or id."""
    token: Secret = None
    """Bot token (xoxb-...), normally ${SLACK_BOT_TOKEN}."""
    base_url: HttpUrl = Field(default="https://slack.com/api/", min_length=1)
    thread_followups: bool = True
    """Post later coverage of a story as a thread reply instead of a new message."""

    def disabled_reason(self) -> str | None:
        return None if self.token else self._unset("token", "SLACK_BOT_TOKEN")


class SlackWebhookDestination(DestinationBase):
    type: Literal["slack_webhook"] = "slack_webhook"
    url: Secret = None
    """Incoming-webhook URL, normally ${SLACK_WEBHOOK_URL}."""

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_http_url(value.get_secret_value())
        return value

    def disabled_reason(self) -> str | None:
        return None if self.url else self._unset("url", "SLACK_WEBHOOK_URL")


class EmailBase(DestinationBase):
    to: Recipients = []
    """Recipients: a list, or one comma-separated string (handy with ${VAR})."""
    smtp: SkipJsonSchema[SmtpSettings | None] = Field(default=None, exclude=True)
    """The top-level `smtp:` section, attached by `Settings`."""

    def disabled_reason(self) -> str | None:
        if not self.to:
            return self._unset("to", "EMAIL_TO")
        if self.smtp is None:
            return "add an `smtp:` section"
        reason = self.smtp.disabled_reason()
        return f"smtp: {reason}" if reason else None


class EmailDestination(EmailBase):
    type: Literal["email"] = "email"
    subject_prefix: str = "[newsbot]"


class EmailDigestDestination(EmailBase):
    type: Literal["email_digest"] = "email_digest"
    schedule: Cron = "0 8 * * mon-fri"
    """When to send, as cron (minute hour day month weekday) in `timezone`."""
    timezone: TimeZone | None = None
    """Time zone of `schedule`; the top-level `timezone` when unset."""
    send_empty: bool = False
    subject: str = "[newsbot] digest"


class WebhookDestination(DestinationBase):
    type: Literal["webhook"] = "webhook"
    url: HttpUrl = ""
    secret: Secret = None
    """Signs each request body (HMAC-SHA256) when set."""

    def disabled_reason(self) -> str | None:
        return None if self.url else self._unset("url", "WEBHOOK_URL")


class ConsoleDestination(DestinationBase):
    """Prints alerts on stdout and writes digests as HTML files; always enabled."""

    type: Literal["console"] = "console"
    digest_dir: str = "data/digests"


Destination = Annotated[
    SlackDestination
    | SlackWebhookDestination
    | EmailDestination
    | EmailDigestDestination
    | WebhookDestination
    | ConsoleDestination,
    Field(discriminator="type"),
]
DESTINATION_TYPES: tuple[str, ...] = tuple(
    cls.model_fields["type"].default for cls in get_args(get_args(Destination)[0])
)


class OpsSettings(Model):
    destination: str | None = None
    """Where source-health alerts go (a key of `destinations`)."""
    source_failing_after: Interval = timedelta(hours=6)
    """Alert when a source has failed for this long."""
    silent_factor: float = Field(default=10.0, ge=1)
    """Alert when a source has had no new items for this many times its usual gap."""


class ServiceSettings(Model):
    poll_interval: Interval = timedelta(seconds=30)
    """How often the service looks for due sources."""
    outbox_interval: Interval = timedelta(seconds=10)
    maintenance_cron: Cron = "30 3 * * *"
    retention: Interval = timedelta(days=90)
    """Items, matches and deliveries older than this are deleted."""
    shutdown_grace: Interval = timedelta(seconds=20)


class Settings(Model):
    """The whole config. Build it with `bot.config.load(path)`."""

    database: str = "sqlite:///data/newsbot.db"
    """SQLAlchemy URL: sqlite:///relative/path.db or postgresql+psycopg://user@host/db."""
    timezone: TimeZone = "UTC"
    """For schedules and rendering; everything inside is UTC."""
    fetch: FetchSettings = FetchSettings()
    backfill: Duration = timedelta(hours=24)
    """The first poll of a new source alerts on nothing older than this."""
    stories: StorySettings = StorySettings()
    sources: list[SourceSpec] = []
    terms: dict[str, list[Annotated[str, Field(min_length=1)]]] = {}
    """Named term lists, used in queries as @name."""
    rules: list[RuleSpec] = []
    smtp: SmtpSettings | None = None
    destinations: dict[str, Destination] = {}
    ops: OpsSettings = OpsSettings()
    service: ServiceSettings = ServiceSettings()
    path: SkipJsonSchema[Path | None] = Field(default=None, exclude=True)
    """The file these settings were loaded from."""

    @field_validator("database")
    @classmethod
    def _check_database(cls, value: str) -> str:
        if not re.match(r"^[a-z][a-z0-9+]*://", value):
            raise Invalid(
                "must be a database URL like sqlite:///data/newsbot.db or postgresql+psycopg://user@host/db"
            )
        return value

    @field_validator("terms")
    @classmethod
    def _check_term_names(cls, terms: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, values in terms.items():
            if not _TERM_NAME.match(name):
                raise Invalid("list names are letters, digits and '_' (used as @name)", name)
            if not values:
                raise Invalid("must list at least one term", name)
        return terms

    @field_validator("destinations", mode="before")
    @classmethod
    def _name_destinations(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        named = {}
        for key, spec in value.items():
            try:
                _check_slug(str(key))
            except Invalid as exc:
                raise exc.below(key) from None
            if isinstance(spec, dict) and spec.get("name", key) != key:
                raise Invalid("must be the same as the key above it, or left out", key, "name")
            named[key] = {**spec, "name": key} if isinstance(spec, dict) else spec
        return named

    @field_validator("destinations")  # `smtp` is declared above, so it is validated first
    @classmethod
    def _attach_smtp(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        smtp = info.data.get("smtp")
        return {
            k: d.model_copy(update={"smtp": smtp}) if isinstance(d, EmailBase) else d
            for k, d in value.items()
        }

    @model_validator(mode="after")
    def _check_references(self) -> Settings:
        _check_unique(self.sources, "sources", "source")
        _check_unique(self.rules, "rules", "rule")
        for i, rule in enumerate(self.rules):
            for j, target in enumerate(rule.notify):
                if target not in self.destinations:
                    hint = did_you_mean(target, self.destinations)
                    raise Invalid(f"unknown destination `{target}`{hint}", "rules", i, "notify", j)
            for name in TERM_REF.findall(rule.query):
                if name not in self.terms:
                    hint = did_you_mean(f"@{name}", [f"@{t}" for t in self.terms])
                    hint = hint or " (add it under `terms:`)"
                    raise Invalid(f"unknown term list `@{name}`{hint}", "rules", i, "query")
        ops = self.ops.destination
        if ops is not None and ops not in self.destinations:
            hint = did_you_mean(ops, self.destinations)
            raise Invalid(f"unknown destination `{ops}`{hint}", "ops", "destination")
        return self

    def enabled_sources(self) -> list[SourceSpec]:
        return [s for s in self.sources if s.enabled]

    def enabled_destinations(self) -> dict[str, Destination]:
        return {k: d for k, d in self.destinations.items() if d.disabled_reason() is None}


def _check_unique(specs: Sequence[SourceSpec | RuleSpec], key: str, what: str) -> None:
    seen: dict[str, int] = {}
    for index, spec in enumerate(specs):
        if spec.name in seen:
            raise Invalid(
                f"duplicate {what} name `{spec.name}` (also {key}[{seen[spec.name]}])",
                key,
                index,
                "name",
            )
        seen[spec.name] = index


class _SchemaGenerator(GenerateJsonSchema):
    def encode_default(self, dft: Any) -> Any:
        return format_duration(dft) if isinstance(dft, timedelta) else super().encode_default(dft)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the config file (YAML key names; durations written as `15m`)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Settings.model_json_schema(by_alias=True, schema_generator=_SchemaGenerator),
    }
