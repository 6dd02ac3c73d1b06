"""RawEntry to Item: clean text, a validated link, its canonical form, a UTC date, the outlet
and a stable fingerprint. Pure: no I/O, no clock (the caller passes `fetched_at`).

Promises:
- `normalize` returns None only when the entry has neither a usable title nor a usable link
  or guid; it never raises on feed content.
- Titles are one clean line of at most 500 code points, summaries at most 5,000, content at
  most 20,000; HTML bigger than 40x those limits is cut before cleaning so a 50 MB
  description costs no more than a normal one.
- `url` is an absolute http(s) link (`urls.safe_http_url`), else None.
- `published_at` is aware UTC, or None when absent, unparseable, more than a day after
  `fetched_at` or before 1990 (`dates` policy): a bad date never pins an item to the top.
- `fingerprint` (20 hex characters of a SHA-256) comes from the first usable of: the guid,
  the canonical URL, the title. It is scoped by source (guids are only unique per feed) and
  never uses the title when a guid or URL exists, so an item whose title is edited later
  keeps its fingerprint.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.models import Item, RawEntry
from bot.normalize.text import clean_line, html_to_text, truncate
from bot.normalize.urls import canonical_url, safe_http_url
from bot.parse.dates import to_utc

MAX_TITLE = 500
MAX_SUMMARY = 5_000
MAX_CONTENT = 20_000
_HTML_FACTOR = 40  # markup-to-text ratio we tolerate before cutting the input
_PLACEHOLDER_GUIDS = frozenset({"null", "none", "undefined", "nan", "0", "-1", "guid", "id"})
_MAX_GUID = 2_000


def normalize(
    entry: RawEntry, *, source: str, fetched_at: datetime, outlet: str | None = None
) -> Item | None:
    """One entry as an Item, or None when nothing identifies it (see the module promises)."""
    title = truncate(clean_line(entry.title), MAX_TITLE)
    guid = _usable_guid(entry.guid)
    url = safe_http_url(entry.link) or (safe_http_url(guid) if guid else None)
    if not title and not url and not guid:
        return None
    canonical = canonical_url(url) if url else None
    summary = truncate(html_to_text(_cap(entry.summary, MAX_SUMMARY)), MAX_SUMMARY)
    content = ""
    if entry.content and entry.content != entry.summary:
        content = truncate(html_to_text(_cap(entry.content, MAX_CONTENT)), MAX_CONTENT)
    title, split_outlet = split_outlet_suffix(title, clean_line(entry.source_title), url)
    if not title:  # keep something a person can read in an alert
        title = truncate(summary.split("\n", 1)[0], 120) if summary else (url or "")
    return Item(
        fingerprint=fingerprint(source, guid=guid, canonical=canonical, title=title),
        source=source,
        title=title,
        summary=summary,
        url=url,
        canonical_url=canonical,
        guid=guid,
        published_at=_published(entry, fetched_at),
        fetched_at=fetched_at,
        outlet=split_outlet or outlet,
        content=content,
    )


def split_outlet_suffix(title: str, source_title: str, url: str | None) -> tuple[str, str | None]:
    """Google News titles read "Headline - Outlet": split them into (headline, outlet).

    Applies to items from news.google.com or carrying an RSS `<source>`. With a `<source>`
    name, only that exact suffix is removed and the name is the outlet; without one, the LAST
    " - " splits only when what follows looks like an outlet name (a headline can hold " - "
    itself: "Mayo Clinic - Google deal expands - Axios").
    """
    if source_title:
        suffix = f" - {source_title}"
        head = title[: -len(suffix)].rstrip() if title.endswith(suffix) else title
        return (head or title), source_title
    # The substring test first: it spares almost every URL a parse, and a URL whose host is
    # news.google.com always holds that text (hosts are not percent-decoded by urlsplit).
    if not url or "news.google.com" not in url.lower() or _host(url) != "news.google.com":
        return title, None
    head, sep, tail = title.rpartition(" - ")
    if sep and head.strip() and _looks_like_outlet(tail):
        return head.rstrip(), tail.strip()
    return title, None


def fingerprint(source: str, *, guid: str | None, canonical: str | None, title: str) -> str:
    """Stable item id: SHA-256 of the first usable key, scoped by source, 20 hex digits."""
    if guid:
        key = f"guid\x00{source}\x00{guid}"
    elif canonical:
        key = f"url\x00{source}\x00{canonical}"
    else:
        key = f"title\x00{source}\x00{' '.join(title.lower().split())}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def record_to_item(record: dict[str, Any]) -> Item:
    """An Item from one JSON-lines record (fields id, title, summary, url, source, published,
    guid, feed) as `newsbot match` and `newsbot cluster` read them. The record's `id` is the
    fingerprint, so output lines can refer back to their input."""
    url = safe_http_url(_field(record, "url"))
    source = _field(record, "feed") or _field(record, "source")
    guid = _usable_guid(_field(record, "guid"))
    outlet = clean_line(_field(record, "source")) or None
    title = truncate(clean_line(_field(record, "title")), MAX_TITLE)
    if outlet:
        # "Headline - Outlet" naming the record's own outlet: split off as the live path
        # splits a Google News title against its <source> (normalize), so rules see the headline
        title = split_outlet_suffix(title, outlet, url)[0]
    canonical = canonical_url(url) if url else None
    return Item(
        fingerprint=_field(record, "id")
        or fingerprint(source, guid=guid, canonical=canonical, title=title),
        source=source,
        title=title,
        summary=truncate(html_to_text(_cap(_field(record, "summary"), MAX_SUMMARY)), MAX_SUMMARY),
        url=url,
        canonical_url=canonical,
        guid=guid,
        published_at=to_utc(record.get("published")),
        outlet=outlet,
    )


def _published(entry: RawEntry, fetched_at: datetime) -> datetime | None:
    for value in (entry.published, entry.published_raw, entry.updated):
        if value is not None and (when := to_utc(value, now=fetched_at)) is not None:
            return when
    return None


def _usable_guid(guid: str | None) -> str | None:
    """The guid when it can identify an item: not empty, not a placeholder, not huge, and
    not a bare site root (feeds that put their homepage in every guid exist)."""
    guid = " ".join(guid.split()) if isinstance(guid, str) else ""
    if len(guid) < 2 or len(guid) > _MAX_GUID or guid.lower() in _PLACEHOLDER_GUIDS:
        return None
    if guid.startswith(("http://", "https://")):
        try:
            if urlsplit(guid).path in ("", "/") and not urlsplit(guid).query:
                return None
        except ValueError:
            return None
    return guid


def _looks_like_outlet(text: str) -> bool:
    """A publisher name: short, few words, capitalised or a domain, not a sentence."""
    text = text.strip()
    words = text.split()
    if not words or len(text) > 60 or len(words) > 6 or text[-1] in ".?!:;,":
        return False
    first = text[0]
    return first.isupper() or first.isdigit() or ("." in text and " " not in text)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _cap(html: str | None, limit: int) -> str:
    return html[: limit * _HTML_FACTOR] if html else ""


def _field(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)
