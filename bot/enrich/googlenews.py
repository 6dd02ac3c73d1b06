"""Google News article links -> the publisher's URL, offline, when the link holds it.

A Google News feed links each item to `news.google.com/rss/articles/<id>` (or `/articles/`,
`/read/`). The id is URL-safe base64 of a small protobuf message. Until mid-2024 its field 4
was the publisher URL in clear (`CBMi...` ids): decoded here from the link alone, no request.
Ids minted since then hold an opaque token instead (the decoded field starts `AU_yqL`): the
publisher URL is then only had by loading Google's page and posting its signature to an
internal endpoint (two requests, one of them to an undocumented API that changes), and a plain
GET answers a script page, not a redirect. We do not do that: such an item keeps its feed text
(`resolve` returns None and the stage says why in its log).

Pure: no I/O.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlsplit

from bot.fetch import netguard

HOSTS = frozenset({"news.google.com"})
_PREFIXES = ("/rss/articles/", "/articles/", "/read/")


def is_google_news(url: str | None) -> bool:
    return bool(url) and (urlsplit(url or "").hostname or "").lower() in HOSTS


def article_id(url: str) -> str | None:
    """The `<id>` of a Google News article link, else None."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in HOSTS:
        return None
    for prefix in _PREFIXES:
        if parts.path.startswith(prefix):
            found = parts.path[len(prefix) :].split("/")[0]
            return found or None
    return None


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while at < len(data):
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7
        if shift > 35:
            break
    raise ValueError("bad varint")


def decode_id(token: str) -> str | None:
    """The publisher URL inside a Google News article id (old format), else None."""
    try:
        data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    at = 0
    try:
        while at < len(data):
            key, at = _varint(data, at)
            field, wire = key >> 3, key & 7
            if wire == 0:
                _, at = _varint(data, at)
            elif wire == 2:
                size, at = _varint(data, at)
                value, at = data[at : at + size], at + size
                if field == 4:
                    return _url(value)
            else:
                return None
    except ValueError:
        return None
    return None


def _url(value: bytes) -> str | None:
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if netguard.url_problem(text, allow_private=False) is not None:
        return None  # an opaque token (new format), or an address no article lives at
    return text


def resolve(url: str) -> str | None:
    """The publisher URL of a Google News article link when the link itself holds it."""
    token = article_id(url)
    return decode_id(token) if token else None
