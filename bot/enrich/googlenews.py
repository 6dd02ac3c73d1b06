"""Google News article links -> the publisher's URL: offline when the link holds it, else
the two requests Google's own article page makes (pure here; `bot.enrich.stage` does the I/O).

A Google News feed links each item to `news.google.com/rss/articles/<id>` (or `/articles/`,
`/read/`). The id is URL-safe base64 of a small protobuf message. Until mid-2024 its field 4
was the publisher URL in clear (`CBMi...` ids): decoded here from the link alone, no request.
Ids minted since then hold an opaque token instead (the decoded field starts `AU_yqL`), and a
plain GET of the link answers a page whose script, not an HTTP redirect, leads on. That script
does two things a client can do without a browser:
1. the article page carries a signature and a timestamp for the id (`data-n-a-sg`,
   `data-n-a-ts` attributes): `signature(page)` reads them;
2. it posts them with the id to Google's batch endpoint (`DECODE_PATH`, RPC `Fbv4je`,
   request `garturlreq`): `decode_request` builds that form, `decoded_url` reads the
   publisher URL from the answer (`garturlres`).
Google documents neither step; the form is the one its page sends (as the MIT-licensed
`googlenewsdecoder` package and the scripts it credits send it). When Google changes them,
the parse fails, `decoded_url` gives None and the item keeps its feed text.

Pure: no I/O.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any
from urllib.parse import urlsplit

from bot.fetch import netguard

HOSTS = frozenset({"news.google.com"})
_PREFIXES = ("/rss/articles/", "/articles/", "/read/")
BASE = "https://news.google.com"
DECODE_PATH = "/_/DotsSplashUi/data/batchexecute?rpcids=Fbv4je"
_RPC = "Fbv4je"
# The client context Google's page sends with the request (placeholders included), as is.
_CONTEXT: list[Any] = [["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1, None, None,
                        None, None, None, 0, 1], "X", "X", 1, [1, 1, 1], 1, 1, None, 0, 0, None, 0]
_ATTRIBUTE = re.compile(rb'\sdata-n-a-(sg|ts)\s*=\s*"([A-Za-z0-9_\-]{1,512})"')


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


def page_url(token: str, base: str = BASE) -> str:
    """The article page that holds the decoding signature of `token`."""
    return f"{base.rstrip('/')}/rss/articles/{token}"


def signature(page: bytes) -> tuple[int, str] | None:
    """(timestamp, signature) from a Google News article page, else None."""
    found: dict[bytes, bytes] = {}
    for name, value in _ATTRIBUTE.findall(page[:2_000_000]):
        found.setdefault(name, value)
    stamp, sign = found.get(b"ts", b""), found.get(b"sg", b"")
    if not stamp.isdigit() or not sign:
        return None
    return int(stamp), sign.decode("ascii")


def decode_request(token: str, timestamp: int, sign: str) -> dict[str, str]:
    """The form to post to `DECODE_PATH` for one article id."""
    request = _compact(["garturlreq", _CONTEXT, token, timestamp, sign])
    return {"f.req": _compact([[[_RPC, request, None, "generic"]]])}


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True)


def decoded_url(answer: bytes, *, allow_private: bool = False) -> str | None:
    """The publisher URL in the batch endpoint's answer, else None (a changed format, an
    error answer, or a URL no article lives at)."""
    text = answer[:1_000_000].decode("utf-8", "replace")
    for chunk in _json_chunks(text):
        for entry in _entries(chunk):
            try:
                inner = json.loads(entry[2])
            except (TypeError, ValueError):
                continue
            if isinstance(inner, list) and len(inner) > 1 and inner[0] == "garturlres":
                url = inner[1]
                if isinstance(url, str) and netguard.url_problem(url, allow_private=allow_private) is None:
                    return url
    return None


def _json_chunks(text: str) -> list[Any]:
    """The JSON arrays of a batch answer: after its `)]}'` guard line, one array, or several
    each on its own line after its length (the chunked form)."""
    out = []
    rest = text.split("\n\n", 1)[-1]
    for block in (rest, *rest.splitlines()):
        block = block.strip()
        if block.startswith("["):
            try:
                out.append(json.loads(block))
            except ValueError:
                continue
    return out


def _entries(chunk: Any) -> list[list[Any]]:
    """The `["wrb.fr", "Fbv4je", "<json>", ...]` entries of a decoded chunk."""
    rows = chunk if isinstance(chunk, list) else []
    return [r for r in rows if isinstance(r, list) and len(r) > 2 and r[:2] == ["wrb.fr", _RPC]]
