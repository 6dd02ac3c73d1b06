"""Rendering for humans: display-safe text and links, and the Jinja2 templates beside it.

Feed text is hostile (DESIGN invariant 4). Every output (Slack, e-mail, console, files) passes
feed strings through `display_line()` first: control characters, bidi overrides and isolates,
zero-width and Unicode tag characters ("ASCII smuggling") are removed, combining-mark runs are
capped (Zalgo), and all line breaks collapse to one space. `display_url()` accepts only
absolute http(s) links (`bot.normalize.urls.safe_http_url`) and shows IDN hosts as punycode.

The Jinja2 environment autoescapes `.html`/`.html.j2` templates; templates are our files only,
feed text is only ever a template *value*, never template source.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2

from bot.normalize.urls import safe_http_url

if TYPE_CHECKING:  # a runtime import would cycle through bot.notifiers' registry
    from bot.delivery.messages import Alert, DigestMessage

MAX_COMBINING = 2  # combining marks kept after one base character
ELLIPSIS = "…"

# Invisible or reordering characters outside category Cf/Cc that still spoof text:
# Hangul fillers and the halfwidth filler render as blank "letters".
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


def _keep(ch: str) -> bool:
    cat = unicodedata.category(ch)
    # Cc controls (terminal escapes, NUL, BEL), Cf format chars (bidi U+202A-202E and
    # U+2066-2069, zero-width U+200B-200D, U+2060, BOM, soft hyphen, tags U+E0000-E007F),
    # Cs lone surrogates (cannot be encoded as UTF-8), Co private use, Cn unassigned and
    # noncharacters (U+FFFE, U+FFFF).
    return cat[0] != "C" and ch not in _INVISIBLE_LETTERS


def display_line(text: str | None, limit: int | None = None) -> str:
    """One clean line of feed text, safe to show anywhere; truncated to `limit` code points."""
    if not text:
        return ""
    if limit is not None:  # bound the work on a 100k-char title; marks are capped below anyway
        text = text[: limit * 8 + 64]
    text = _BREAKS.sub(" ", text)
    out: list[str] = []
    marks = 0
    for ch in text:
        if not _keep(ch):
            continue
        if unicodedata.combining(ch):
            marks += 1
            if marks > MAX_COMBINING or not out:
                continue
        else:
            marks = 0
        out.append(ch)
    line = _SPACES.sub(" ", "".join(out)).strip()
    return truncate(line, limit) if limit is not None else line


def truncate(text: str, limit: int) -> str:
    """At most `limit` code points, cut at a word boundary when one is near, with an ellipsis.

    Python strings are code points, so a cut never splits a UTF-8 sequence; trailing combining
    marks and joiners are dropped so a cut does not leave half a grapheme cluster.
    """
    if len(text) <= limit:
        return text
    if limit <= 1:
        return text[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 0.8:
        cut = cut[:space]
    while cut and (unicodedata.combining(cut[-1]) or cut[-1] in "\u200d\ufe0f"):
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def display_url(url: str | None) -> str | None:
    """An http(s) URL fit to be a link target, with an IDN host as punycode; else None."""
    safe = safe_http_url(url)
    if safe is None:
        return None
    parts = urlsplit(safe)
    host = parts.hostname or ""
    if host.isascii():
        return safe
    try:  # show the real (punycode) host so a homoglyph domain cannot pass for another
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    netloc = ascii_host if parts.port is None else f"{ascii_host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def format_time(value: datetime | None, tz: str = "UTC") -> str:
    """`2024-06-03 14:05 CEST`-style local time for templates; "" for unknown times."""
    if value is None:
        return ""
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def make_environment() -> jinja2.Environment:
    """The template environment: autoescape for HTML, strict undefined, our filters."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.notifiers", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["line"] = display_line
    env.filters["link"] = display_url
    env.filters["when"] = format_time
    env.filters["facts"] = facts_text
    return env


def facts_text(facts: dict[str, Any] | None) -> str:
    """The facts line (parties · deal type · amount · area), each part display-safe; the
    template's autoescape (HTML) or nothing (plain text) does the rest."""
    from bot.delivery.messages import facts_parts  # runtime import: see TYPE_CHECKING above

    return " · ".join(display_line(part, 200) for part in facts_parts(facts))


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template by file name."""
    return env.get_template(name).render(**context)


@functools.cache
def default_environment() -> jinja2.Environment:
    """One shared environment per process (templates compile once); it holds no settings."""
    return make_environment()


def render_alert_email(alert: Alert, env: jinja2.Environment | None = None) -> tuple[str, str]:
    """The (text, html) bodies of an alert e-mail."""
    env = env or default_environment()
    return (
        render(env, "alert_email.txt.j2", alert=alert),
        render(env, "alert_email.html.j2", alert=alert),
    )


def render_digest_text(digest: DigestMessage, env: jinja2.Environment | None = None) -> str:
    """The plain-text digest: grouped by rule, newest first, with "also covered by"."""
    return render(env or default_environment(), "digest_email.txt.j2", digest=digest)


def render_digest_html(digest: DigestMessage, env: jinja2.Environment | None = None) -> str:
    """The HTML digest: inline CSS, no scripts, readable in webmail clients."""
    return render(env or default_environment(), "digest_email.html.j2", digest=digest)
