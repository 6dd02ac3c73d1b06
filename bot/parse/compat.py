"""feedparser 6.0.x's clean-ups of text, dates and URIs, reproduced for the fast path.

Promise: each function returns what feedparser's own code gives for the same input (cited
per function), so `bot.parse.fast` can build the exact entries feedparser would. Pure.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

_URIFIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")  # feedparser/urls.py
_C1_RE = re.compile("[\x80-\x9f]")
# The RFC 822 date nearly every RSS feed writes ("Thu, 01 Jan 2026 10:00:00 +0000"). For it
# feedparser's date chain ends in `_parse_date_rfc822` (its W3DTF handler, tried first, needs
# a four-digit year up front), so `rfc822` computes that handler's answer directly.
_RFC822_RE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d) "
    r"(?:([+-])(\d\d)(\d\d)|GMT|UT|UTC|Z)"
)
_MONTHS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
    "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # parse.dates.EARLIEST: older dates are placeholders
_CP1252 = {
    i: bytes([i]).decode("cp1252")
    for i in range(0x80, 0xA0)
    if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def rfc822(text: str) -> tuple[bool, datetime | None]:
    """(True, what `parser._date` returns) for a strict RFC 822 date: feedparser's chain, then
    `dates.to_utc`; (False, None) when `text` is not one (the caller then asks the chain)."""
    match = _RFC822_RE.fullmatch(text)
    if match is None:
        return False, None
    day, month, year, hour, minute, second, sign, tz_hours, tz_minutes = match.groups()
    try:
        stamp = datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second))
        if sign:  # feedparser: both parts carry the sign
            offset = timedelta(hours=int(tz_hours), minutes=int(tz_minutes))
            stamp = stamp + offset if sign == "-" else stamp - offset
    except (ValueError, OverflowError):  # e.g. 31 Feb: feedparser tries its other handlers
        return False, None
    when = stamp.replace(tzinfo=UTC)
    return True, (when if when >= _EARLIEST else None)


def repair(text: str) -> str:
    """feedparser's `pop` on stripped text: the latin-1/UTF-8 double-decoding repaired, the
    cp1252 C1 range mapped."""
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeError):  # not mojibake: keep it
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_CP1252) if _C1_RE.search(text) else text


def resolve(uri: str) -> str:
    """feedparser's `_urljoin` with an empty base: fix `scheme:///x`, '' when unparseable."""
    if "://" in uri and (match := _URIFIXER.match(uri)):
        uri = match.group(1) + uri[match.end(2) :]  # same as feedparser's sub(r"\1\3")
    try:
        return urljoin("", uri)
    except ValueError:
        return ""
