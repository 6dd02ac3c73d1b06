"""Feed dates to aware UTC datetimes, or None. Never raises.

Accepts `time.struct_time` (feedparser's `*_parsed`, always UTC), aware or naive datetimes
(naive means UTC), RFC 822/2822 strings (RSS), ISO 8601 / RFC 3339 strings (Atom, JSON Feed)
and RFC 822 with Portuguese, Spanish, French, German or Italian day and month names.

Policy, so that a bad date never pins an item to the top or bottom of a list forever:
- more than one day after `now` (a 2038 or 9999 date, a wrong time zone is less than a day)
  -> None: the caller keeps the raw text and falls back to the time it saw the item;
- before 1990-01-01 (a zero or epoch placeholder such as "Thu, 01 Jan 1970") -> None;
- strings longer than 120 characters -> None without looking further (real dates are short;
  this keeps 33,000-character garbage instant, and no regex here can backtrack).
"""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime, timedelta

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
MAX_DATE_TEXT = 120

_MONTHS = {
    # pt, es, fr, de, it abbreviations and names that differ from English
    "fev": "Feb", "abr": "Apr", "mai": "May", "ago": "Aug", "set": "Sep", "out": "Oct",
    "dez": "Dec", "ene": "Jan", "dic": "Dec", "janv": "Jan", "févr": "Feb", "fevr": "Feb",
    "mars": "Mar", "avr": "Apr", "juin": "Jun", "juil": "Jul", "août": "Aug", "aout": "Aug",
    "déc": "Dec", "mär": "Mar", "mrz": "Mar", "okt": "Oct", "gen": "Jan", "mag": "May",
    "giu": "Jun", "lug": "Jul", "ott": "Oct",
}  # fmt: skip


def to_utc(value: object, *, now: datetime | None = None) -> datetime | None:
    """`value` as an aware UTC datetime, or None when unusable (see the module policy).

    `now` is the caller's clock reading; without it the far-future check is skipped.
    """
    try:
        result = _convert(value)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None
    if result is None or result < EARLIEST:
        return None
    if now is not None and result > now + FUTURE_SLACK:
        return None
    return result


def _convert(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, time.struct_time):
        # feedparser can hand out years -1 or 10000; datetime() raises on them (caught above).
        return datetime(*value[:6], tzinfo=UTC)
    if isinstance(value, str):
        return parse_text(value)
    return None


def parse_text(text: str) -> datetime | None:
    """Parse an RFC 822 or ISO 8601 date string; None when it is neither."""
    text = text.strip()
    if not text or len(text) > MAX_DATE_TEXT:
        return None
    parsed = _iso8601(text) or _rfc822(text) or _rfc822(_translate_names(text))
    return _convert(parsed) if parsed else None


def _iso8601(text: str) -> datetime | None:
    if not text[:4].isdigit():
        return None
    candidate = text.replace(" ", "T", 1) if len(text) > 10 and text[10] == " " else text
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def _translate_names(text: str) -> str:
    """Drop a leading day name and map foreign month names to English ones."""
    head, sep, rest = text.partition(",")
    if sep and len(head) <= 12 and not any(ch.isdigit() for ch in head):
        text = rest
    words = []
    for word in text.split():
        key = word.lower().rstrip(".")
        words.append(_MONTHS.get(key, _MONTHS.get(key[:3], word) if len(key) > 3 else word))
    return " ".join(words)
