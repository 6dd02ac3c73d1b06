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

import re
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote_plus

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema, SkipJsonSchema

from bot.config.destinations import (
    ConsoleDestination,
    Destination,
    EmailBase,
    EmailDigestDestination,
    SlackDestination,
    SmtpSettings,
)
from bot.config.llm import LlmSettings, SummaryKind
from bot.config.sections import (
    FetchSettings,
    FulltextSettings,
    OpsSettings,
    ServiceSettings,
    SlackAppSettings,
    StorySettings,
)
from bot.config.types import (
    MIN_EVERY,
    MIN_EVERY_GOOGLE_NEWS,
    TERM_NAME,
    TERM_REF,
    Duration,
    HttpUrl,
    Interval,
    Invalid,
    Model,
    Slug,
    TimeZone,
    check_slug,
    did_you_mean,
    format_duration,
    parse_duration,
)
from bot.fetch import netguard
from bot.learned.combine import Combine

# Re-exported, so the settings API stays importable from one place.
__all__ = [
    "ConsoleDestination",
    "EmailDigestDestination",
    "FetchSettings",
    "FulltextSettings",
    "OpsSettings",
    "RuleSpec",
    "ServiceSettings",
    "Settings",
    "SlackAppSettings",
    "SlackDestination",
    "SourceSpec",
    "StorySettings",
    "format_duration",
    "json_schema",
    "parse_duration",
]


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
    fulltext: Literal["auto", "always", "never"] = "auto"
    """Article text for candidate items: `auto` when the feed's text is short, `always`, `never`."""

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
            why = netguard.url_problem(self.url, allow_private=self.allow_private)
            if why is None and not self.allow_private and netguard.is_localhost(self.url):
                why = "localhost is a loopback address"
            if why:
                fix = "" if self.allow_private else " (a feed on this network? allow_private: true)"
                raise Invalid(f"will be refused: {why}{fix}", "url")
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


class LearnedSettings(Model):
    """A rule's learned second opinion: a model trained from labeled items (`newsbot train`)."""

    model: str = Field(min_length=1)
    """Model file (JSON from `newsbot train`), relative to the config file's folder."""
    combine: str = "rule"
    """How rule and model decide: `rule`, `model >= T`, `rule OR model >= T`, `rule AND model >= T`,
    or the veto form `(rule AND model >= V) OR model >= T` (V below T; bot/learned/combine.py)."""
    gate: str | None = None
    """A query; the model runs only on items it holds for (keeps matching fast). None: every item."""

    @field_validator("combine")
    @classmethod
    def _check_combine(cls, value: str) -> str:
        try:
            Combine.parse(value)
        except ValueError as exc:
            raise Invalid(str(exc)) from None
        return value


class RuleSpec(Model):
    """A named query; matching items are sent to the `notify` destinations."""

    name: Slug
    query: str = Field(min_length=1)
    """Query language: AND, OR, NOT, (), "phrase", word*, NEAR/n, PRE/n, title:, @list, =CaseSensitive."""
    notify: list[str] = []
    """Destination names (keys of `destinations`)."""
    min_score: float = Field(default=0.0, ge=0)
    fields: list[Literal["title", "summary", "source", "url", "body"]] = ["title", "summary"]
    """Item fields a term without a field scope is looked for in (`body`: the article text)."""
    description: str = ""
    learned: LearnedSettings | None = None
    """Optional learned stage combined with the query (see `newsbot train`)."""
    enrich_when: str | None = None
    """A query: items it holds for (and that fail the rule) are close enough to fetch the
    article text for and match again. None: the learned stage's gate, if any."""
    summary: SummaryKind = "extractive"
    """`model`: its alerts' summaries and facts from the `llm:` endpoint (offline fallback)."""
    prompt: str | None = None
    """Replaces the `llm:` instructions for this rule's stories."""


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
    fulltext: FulltextSettings = FulltextSettings()
    sources: list[SourceSpec] = []
    terms: dict[str, list[Annotated[str, Field(min_length=1)]]] = {}
    """Named term lists, used in queries as @name."""
    rules: list[RuleSpec] = []
    smtp: SmtpSettings | None = None
    destinations: dict[str, Destination] = {}
    ops: OpsSettings = OpsSettings()
    service: ServiceSettings = ServiceSettings()
    slack: SlackAppSettings = SlackAppSettings()
    """Buttons on alerts and the /newsbot command (see config/slack-app-manifest.yaml)."""
    llm: LlmSettings | None = None
    """Optional OpenAI-compatible endpoint for model summaries (see `bot.config.llm`)."""
    path: SkipJsonSchema[Path | None] = Field(default=None, exclude=True)
    """The file these settings were loaded from."""

    @field_validator("database")
    @classmethod
    def _check_database(cls, value: str) -> str:
        if not re.match(r"^[a-z][a-z0-9+]*://", value):
            raise Invalid(
                "must be a database URL like sqlite:///data/newsbot.db or postgresql+psycopg://user@host/db"
            )
        if not re.match(r"^(sqlite(\+pysqlite)?|postgres(ql)?(\+psycopg)?)://", value):
            scheme = value.split("://", 1)[0]
            raise Invalid(
                f"`{scheme}` is not supported: use sqlite:///data/newsbot.db or "
                "postgresql+psycopg://user@host/db"
            )
        return value

    @field_validator("terms")
    @classmethod
    def _check_term_names(cls, terms: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, values in terms.items():
            if not TERM_NAME.match(name):
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
                check_slug(str(key))
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
        _check_same_feed(self.sources)
        for i, rule in enumerate(self.rules):
            if self.sources and not rule.notify:  # (a rules-only config for `match` may omit it)
                raise Invalid(
                    "names no destination: its matches would go nowhere (add one, e.g. console)",
                    "rules", i, "notify",
                )  # fmt: skip
            for j, target in enumerate(rule.notify):
                if target not in self.destinations:
                    hint = did_you_mean(target, self.destinations)
                    raise Invalid(f"unknown destination `{target}`{hint}", "rules", i, "notify", j)
            for name in TERM_REF.findall(f"{rule.query} {rule.enrich_when or ''}"):
                if name not in self.terms:
                    hint = did_you_mean(f"@{name}", [f"@{t}" for t in self.terms])
                    hint = hint or " (add it under `terms:`)"
                    raise Invalid(f"unknown term list `@{name}`{hint}", "rules", i, "query")
        _check_model_summaries(self)
        if not self.service.single_instance and not self.database.startswith("postgres"):
            raise Invalid(
                "false needs a PostgreSQL `database:` (one process per SQLite file)",
                "service",
                "single_instance",
            )
        ops = self.ops.destination
        if ops is not None and ops not in self.destinations:
            hint = did_you_mean(ops, self.destinations)
            raise Invalid(f"unknown destination `{ops}`{hint}", "ops", "destination")
        return self

    def enabled_sources(self) -> list[SourceSpec]:
        return [s for s in self.sources if s.enabled]

    def enabled_destinations(self) -> dict[str, Destination]:
        return {k: d for k, d in self.destinations.items() if d.disabled_reason() is None}


def _check_model_summaries(settings: Settings) -> None:
    """`summary: model` needs an `llm:` block: refused here, not found missing at run time."""
    if settings.llm is not None:
        return
    for i, rule in enumerate(settings.rules):
        if rule.summary == "model":
            raise Invalid("model summaries need an `llm:` block (add one, or set summary: extractive)",
                          "rules", i, "summary")  # fmt: skip
    for name, dest in settings.destinations.items():
        if getattr(dest, "summary", None) == "model":
            raise Invalid("model summaries need an `llm:` block (add one, or set summary: extractive)",
                          "destinations", name, "summary")  # fmt: skip


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


def _check_same_feed(sources: Sequence[SourceSpec]) -> None:
    """Two sources of one feed store its items once and "also cover" each item by itself."""
    seen: dict[str, int] = {}
    for index, source in enumerate(sources):
        url = netguard.split_credentials(source.url)[0].rstrip("/").lower()
        if url in seen:
            raise Invalid(
                f"the same feed as sources[{seen[url]}] (`{sources[seen[url]].name}`): "
                "keep one of them",
                "sources", index, "google_news" if source.query is not None else "url",
            )  # fmt: skip
        seen[url] = index


class _SchemaGenerator(GenerateJsonSchema):
    def encode_default(self, dft: Any) -> Any:
        return format_duration(dft) if isinstance(dft, timedelta) else super().encode_default(dft)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the config file (YAML key names; durations written as `15m`)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Settings.model_json_schema(by_alias=True, schema_generator=_SchemaGenerator),
    }
