"""JSON Feed 1.0 / 1.1 (https://www.jsonfeed.org/version/1.1/) to a ParsedFeed.

Promises: never raises anything but ParseError. Every field's type is checked; an item with a
wrongly typed core field is skipped whole (a feed that sends an object where a URL belongs
cannot be trusted for that item), the other items are kept. Hostile JSON is contained: deep
nesting (RecursionError), 5,000-digit integers (CPython's int-digit limit), NaN/Infinity and
1e400 (non-finite numbers become None), truncated documents, a top-level array, `items` that is
not a list. Like every other field of RawEntry, text may hold HTML: real JSON Feeds put HTML
entities in `title` and `summary`, so they are not escaped here.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

from bot.errors import ParseError
from bot.models import ParsedFeed, RawEntry
from bot.parse.dates import to_utc

_VERSION_PREFIX = "https://jsonfeed.org/version/"
_STRING_FIELDS = (
    "url", "external_url", "title", "content_html", "content_text", "summary",
    "date_published", "date_modified",
)  # fmt: skip
_MAX_INT_DIGITS = 40


def parse(body: bytes) -> ParsedFeed:
    """Parse a JSON Feed document; ParseError(kind="not_a_feed" | "invalid_json") otherwise."""
    doc = _load(body)
    if not isinstance(doc, dict):
        raise ParseError("JSON document is not an object", kind="not_a_feed", permanent=True)
    version = doc.get("version")
    raw_items = doc.get("items")
    if not (isinstance(version, str) and version.startswith(_VERSION_PREFIX)) and raw_items is None:
        raise ParseError("JSON document is not a JSON Feed", kind="not_a_feed", permanent=True)
    bozo_reasons: list[str] = []
    if not isinstance(version, str) or not version.startswith(_VERSION_PREFIX):
        bozo_reasons.append("missing or invalid version")
    if isinstance(raw_items, dict):  # salvage {"0": {...}, "1": {...}}
        bozo_reasons.append("items is an object, not a list")
        raw_items = list(raw_items.values())
    elif not isinstance(raw_items, list):
        bozo_reasons.append("items is not a list")
        raw_items = []
    entries = [entry for entry in map(_entry, raw_items) if entry is not None]
    if len(entries) < len(raw_items):
        bozo_reasons.append(f"{len(raw_items) - len(entries)} invalid item(s) skipped")
    return ParsedFeed(
        entries=tuple(entries),
        format="json11" if version == _VERSION_PREFIX + "1.1" else "json1",
        title=_str(doc.get("title")),
        link=_str(doc.get("home_page_url")),
        bozo=bool(bozo_reasons),
        bozo_reason="; ".join(bozo_reasons) or None,
        parser="json",
    )


def _load(body: bytes) -> Any:
    try:
        text = body.decode(json.detect_encoding(body), errors="replace").lstrip("\ufeff")
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=lambda _name: None,  # NaN, Infinity, -Infinity
        )
    except RecursionError as exc:  # deep nesting: not a ValueError, caught on its own
        raise ParseError("JSON nested too deeply", kind="invalid_json", permanent=True) from exc
    except (ValueError, LookupError) as exc:  # JSONDecodeError, truncated, bad codec
        raise ParseError(f"invalid JSON: {exc}"[:200], kind="invalid_json") from exc


def _parse_int(text: str) -> int | None:
    return int(text) if len(text.lstrip("-")) <= _MAX_INT_DIGITS else None


def _parse_float(text: str) -> float | None:
    value = float(text)
    return value if math.isfinite(value) else None


def _entry(item: object) -> RawEntry | None:
    if not isinstance(item, dict):
        return None
    if any(
        item.get(name) is not None and not isinstance(item[name], str) for name in _STRING_FIELDS
    ):
        return None
    guid = _id(item.get("id"))
    if guid is None and item.get("id") is not None:
        return None
    title, link = _str(item.get("title")), _str(item.get("url")) or _str(item.get("external_url"))
    content = _str(item.get("content_html"))
    if content is None and (text := _str(item.get("content_text"))) is not None:
        content = html.escape(text, quote=False)  # declared plain text: keep `<` literal
    if not (guid or title or link or content):
        return None
    published_raw = _str(item.get("date_published"))
    modified_raw = _str(item.get("date_modified"))
    return RawEntry(
        title=title,
        link=link,
        guid=guid,
        summary=_str(item.get("summary")),
        content=content,
        published=to_utc(published_raw) if published_raw else None,
        published_raw=published_raw,
        updated=to_utc(modified_raw) if modified_raw else None,
        author=_author(item),
    )


def _id(value: object) -> str | None:
    """JSON Feed 1.0: an id given as a number must be coerced to a string."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return None


def _author(item: dict[str, Any]) -> str | None:
    authors = item.get("authors")
    candidates = authors if isinstance(authors, list) else []
    candidates = [*candidates, item.get("author")]  # 1.0's single `author`
    for author in candidates:
        if isinstance(author, dict) and (name := _str(author.get("name"))):
            return name
    return None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
