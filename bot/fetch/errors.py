"""How a fetch failure becomes a `FetchError`: the one place where HTTP statuses and
third-party network errors (httpx, aiohttp, OSError) are classified, each with a stable
`kind` and whether retrying can help."""

from __future__ import annotations

from datetime import datetime

import aiohttp
import httpx

from bot.errors import FetchError
from bot.fetch.nextcheck import parse_retry_after

# 401/403 are not permanent: CDNs answer 403 to bot challenges and bursts, and these often clear
# up; schedule.next_check gives "forbidden" a one-hour floor instead.
_STATUS_KINDS = {
    404: ("not_found", True), 410: ("gone", True), 401: ("forbidden", False),
    403: ("forbidden", False), 429: ("rate_limited", False),
}  # fmt: skip


def status_error(status: int, headers: httpx.Headers, now: datetime) -> FetchError:
    """The FetchError for a final status that is not 2xx, 304 or a followed redirect."""
    kind, permanent = _STATUS_KINDS.get(status) or (
        ("server_error", False) if 500 <= status <= 599
        else ("client_error", True) if 400 <= status <= 499
        else ("unexpected_status", False)
    )  # fmt: skip
    # Retry-After is defined for 429 (RFC 6585 section 4) and 503 (RFC 9110 section 15.6.4).
    after = parse_retry_after(headers.get("retry-after"), now) if status in (429, 503) else None
    message = f"HTTP {status} ({kind})"
    return FetchError(message, kind=kind, permanent=permanent, status=status, retry_after=after)


def network_error(exc: BaseException, url: str) -> FetchError:
    """The FetchError for a third-party network error (one of `NETWORK_ERRORS`)."""
    cause: BaseException = exc
    # httpx-aiohttp re-raises aiohttp errors as httpx ones, mapping every ClientConnectionError
    # (a dropped connection too) to ConnectTimeout; the original is kept as __cause__.
    while cause.__cause__ is not None:
        cause = cause.__cause__
    if isinstance(cause, TimeoutError | httpx.TimeoutException):
        return FetchError(f"timed out fetching {url}", kind="timeout")
    detail = str(cause) or type(cause).__name__
    return FetchError(f"connection failed for {url}: {detail}", kind="connect")


NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, EOFError, UnicodeError,
    aiohttp.ClientError,
)  # fmt: skip
