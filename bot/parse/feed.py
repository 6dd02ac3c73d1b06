"""Feed bytes to a ParsedFeed: RSS 0.9x/1.0/2.0, Atom 0.3/1.0, RDF, CDF and JSON Feed.

The only module that imports feedparser. Promises:
- raises only ParseError, and only when nothing is a feed: kind "empty" (empty, whitespace or
  BOM only), "not_a_feed" (HTML page, JSON error object, binary), "invalid_json", "crash"
  (feedparser raised twice), "too_deep" (over 1 MB with elements nested past 256 levels);
  malformed-but-salvageable documents come back with `bozo=True`;
- never lets a document expand entities, read a file or make a request: the DOCTYPE internal
  subset is removed before any XML parser sees the bytes (a 110 KB quadratic-blowup document
  otherwise costs feedparser's loose parser a minute and 2.9 GB), feedparser gets a byte
  stream (given `str` or even `bytes` it tries them as a path or URL first), and the fast path
  runs lxml with entity resolution, DTD loading and network access off;
- every RawEntry field is a plain str or datetime. Text fields may hold HTML: feedparser runs
  with `sanitize_html=False, resolve_relative_uris=False` (4x faster; normalize.text does the
  cleaning), and plain-text fields are not escaped, so the cleaner decodes one entity level
  in every field alike (what publishers who double-escape titles mean).

Well-formed RSS 2.0 / Atom 1.0 / RSS 1.0 goes through `parse.fast`, which returns exactly what
the feedparser path returns or declines; `bench/parity.py` checks that claim on the corpora.
"""

from __future__ import annotations

import dataclasses
import io
import re
import warnings
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.datetimes import _parse_date

from bot.errors import ParseError
from bot.logs import get_logger
from bot.models import ParsedFeed, RawEntry
from bot.parse import fast, jsonfeed
from bot.parse.dates import to_utc

log = get_logger(__name__)

_LEADING_JUNK = b" \t\r\n\x00\x0b\x0c"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_DOCTYPE_RE = re.compile(rb"<!DOCTYPE\b", re.IGNORECASE)
_ENTITY_DECL_RE = re.compile(rb"<!ENTITY[^>]*>?", re.IGNORECASE)
_CHARREF_RE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,24}));")
_SRSNAME_RE = re.compile(rb"\ssrsName\s*=\s*(?:\"[^\"]*\"|'[^']*')")
MAX_DEEP_BODY = 1_000_000
_COMMENT_RE = re.compile(rb"<!--.*?(?:-->|$)", re.DOTALL)
_FIRST_TAG_RE = re.compile(rb"<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)[\s>/]")


def _root_element(head: bytes) -> bytes | None:
    """The local name of the first element (lower-cased head): what the document is. Not the
    DOCTYPE: real Atom feeds open with `<!DOCTYPE html><feed xmlns=...>`, and HTML pages
    with a bare `<html>`. Comments, the XML declaration and the DOCTYPE are skipped."""
    match = _FIRST_TAG_RE.search(_COMMENT_RE.sub(b"", head))
    return match.group(1) if match else None


def parse(body: bytes, *, content_type: str | None = None, url: str | None = None) -> ParsedFeed:
    """Parse a fetched body. `content_type` is the response header (for its charset); `url`
    is the final URL, used to resolve relative item links."""
    body = bytes(body)
    start = _content_start(body)
    if start >= len(body):
        raise ParseError("empty document", kind="empty")
    if body[start : start + 1] in (b"{", b"["):
        return _resolve_links(jsonfeed.parse(body), url)
    if _root_element(body[start : start + 4096].lower()) == b"html":
        raise ParseError("an HTML page, not a feed", kind="not_a_feed", permanent=True)
    body = defuse(body)
    # The fast path gets feedparser's own date parser, so both paths agree on every date
    # format feedparser knows (RFC 822 variants, W3DTF, Korean, Greek, Hungarian...).
    try:
        feed = fast.parse(body, content_type=content_type, parse_date=_date)
    except fast.TooDeep as exc:
        # feedparser copes with a 100k-deep item in 700 KB (2.4 s, neighbours kept) but needs
        # ~27 s and 410 MB for 1M levels in 7 MB: past 1 MB such a document is refused.
        if len(body) > MAX_DEEP_BODY:
            raise ParseError("elements nested too deeply", kind="too_deep", permanent=True) from exc
        feed = None
    return _resolve_links(feed or _feedparser(body, content_type), url)


def defuse(body: bytes) -> bytes:
    """Remove what makes XML dangerous or crashes feedparser, keep the rest byte for byte:
    the DOCTYPE internal subset (entity bombs, XXE, backslash entity values), stray `<!ENTITY`
    declarations, and character references XML 1.0 forbids (section 2.2: surrogates, beyond
    U+10FFFF, C0 controls), which make feedparser raise (kurtmckee/feedparser#591, #599)."""
    if (match := _DOCTYPE_RE.search(body, 0, 65_536)) is not None:
        body = body[: match.start()] + _doctype_without_subset(body, match.start())
    if b"<!ENTITY" in body or b"<!entity" in body:
        body = _ENTITY_DECL_RE.sub(b"", body)
    if b"&#" in body:
        body = _CHARREF_RE.sub(_fix_charref, body)
    return body


def _doctype_without_subset(body: bytes, pos: int) -> bytes:
    """The DOCTYPE from `pos` on, minus its `[...]` subset: `<!DOCTYPE rss PUBLIC "a" "b">`."""
    end = body.find(b">", pos)
    bracket = body.find(b"[", pos, end if end >= 0 else len(body))
    if bracket < 0:
        return body[pos:] if end >= 0 else b""
    close = body.find(b"]>", bracket)
    if close < 0:
        close = body.find(b"]", bracket)
        after = body.find(b">", close) if close >= 0 else -1
        return b"" if after < 0 else body[pos:bracket] + b">" + body[after + 1 :]
    return body[pos:bracket] + b">" + body[close + 2 :]


def _fix_charref(match: re.Match[bytes]) -> bytes:
    hex_digits, dec_digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(dec_digits)
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF
    return match.group(0) if allowed and code not in (0xFFFE, 0xFFFF) else b"&#xFFFD;"


def _content_start(body: bytes) -> int:
    """Index of the first byte after BOMs, NULs and whitespace (UTF-16 whitespace included)."""
    pos, size = 0, len(body)
    while pos < size:
        for bom in _BOMS:
            if body.startswith(bom, pos):
                pos += len(bom)
                break
        else:
            if body[pos] in _LEADING_JUNK:
                pos += 1
            else:
                break
    return pos


def _feedparser(body: bytes, content_type: str | None) -> ParsedFeed:
    headers = {"content-type": content_type} if content_type else {}
    try:
        result = _call_feedparser(body, headers)
    except Exception as first:  # feedparser raises on some inputs instead of setting bozo
        log.info("feedparser_crash_retry", error=f"{type(first).__name__}: {first}"[:200])
        try:
            result = _call_feedparser(_SRSNAME_RE.sub(b"", body), headers)
        except Exception as exc:
            raise ParseError(f"feedparser failed: {type(exc).__name__}", kind="crash") from exc
    version = result.get("version") or ""
    entries = result.get("entries") or []
    if not version and not entries:
        reason = result.get("bozo_exception")
        raise ParseError(f"not a feed ({reason})"[:200], kind="not_a_feed", permanent=True)
    feed = result.get("feed") or {}
    bozo = bool(result.get("bozo"))
    return ParsedFeed(
        entries=tuple(_entry(e) for e in entries),
        format=version,
        title=_text(feed.get("title")),
        link=_text(feed.get("link")),
        ttl_minutes=fast.ttl_minutes(feed.get("ttl")),
        bozo=bozo,
        bozo_reason=str(result.get("bozo_exception"))[:200] if bozo else None,
        parser="feedparser",
    )


def _call_feedparser(body: bytes, headers: dict[str, str]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its deprecation warnings are not ours to act on
        return feedparser.parse(
            io.BytesIO(body),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )


def _entry(e: Any) -> RawEntry:
    source = e.get("source") or {}
    return RawEntry(
        title=_text(e.get("title")),
        link=_text(e.get("link")),
        guid=_text(e.get("id")),
        summary=_text(e.get("summary")),
        content=_longest([c.get("value") for c in e.get("content") or []] + [e.get("summary")]),
        published=to_utc(dict.get(e, "published_parsed")),
        published_raw=_text(e.get("published")),
        updated=to_utc(dict.get(e, "updated_parsed")),
        author=_text(e.get("author")),
        source_title=_text(source.get("title")) if isinstance(source, dict) else None,
        source_url=_text(source.get("href")) if isinstance(source, dict) else None,
    )


def _date(raw: str) -> datetime | None:
    try:
        return to_utc(_parse_date(raw))
    except Exception:  # feedparser's date handlers have raised on odd input before
        return None


def _resolve_links(feed: ParsedFeed, base: str | None) -> ParsedFeed:
    """Make relative item links absolute against the feed's own URL (what feed readers do)."""
    if not base or _scheme(base) not in ("http", "https"):
        return feed
    if all(not e.link or _scheme(e.link) != "" for e in feed.entries):
        return feed
    entries = tuple(
        dataclasses.replace(e, link=urljoin(base, e.link))
        if e.link and _scheme(e.link) == ""
        else e
        for e in feed.entries
    )
    return dataclasses.replace(feed, entries=entries)


def _scheme(url: str) -> str | None:
    """The URL's scheme ("" for a relative one), None when it does not parse."""
    try:
        return urlsplit(url).scheme
    except ValueError:
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _longest(values: list[object]) -> str | None:
    texts = [v for v in values if isinstance(v, str) and v]
    return max(texts, key=len) if texts else None
