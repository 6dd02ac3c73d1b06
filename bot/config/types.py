"""The building blocks of the settings models: value types (durations, cron, time zones,
slugs, URLs, secrets, addresses), their validators, and the base models that reject unknown
keys with a "did you mean". `bot.config.settings` assembles them; see its docstring.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    SecretStr,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from bot import cron

MIN_EVERY = timedelta(minutes=1)
MIN_EVERY_GOOGLE_NEWS = timedelta(minutes=5)
TERM_REF = re.compile(r"@([A-Za-z_][A-Za-z0-9_]*)")
TERM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
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
    if not cron.is_valid(expr):
        raise Invalid(
            "must be a 5-field cron expression: minute hour day month weekday (e.g. '0 8 * * mon-fri')"
        )
    # Weekday numbers differ between cron dialects (Sunday is 0 or 7; APScheduler and others
    # count from Monday), so a config written for another tool could mean other days: names
    # read the same everywhere.
    if re.search(r"\d", fields[4]):
        raise Invalid(
            f"write the weekday as names, e.g. mon-fri, not `{fields[4]}` (numbers are ambiguous)"
        )
    return expr


def check_slug(name: str) -> str:
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


def check_address(value: str) -> str:
    if "\r" in value or "\n" in value or not _ADDRESS.match(parseaddr(value)[1]):
        raise Invalid(f"`{value}` is not an email address (write e.g. team@example.org)")
    return value


def _check_addresses(values: list[str]) -> list[str]:
    for index, value in enumerate(values):
        try:
            check_address(value)
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
Slug = Annotated[str, AfterValidator(check_slug)]
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
