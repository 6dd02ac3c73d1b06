"""Which URLs and addresses the fetcher may contact (SSRF guard), and credentials in URLs.
Pure: no I/O.

A feed URL comes from a config file, but every redirect target comes from a remote server, so
each hop is checked before it is requested:

- the scheme must be `http` or `https`;
- a host written as an IP address, in any spelling that a resolver would accept
  (`127.0.0.1`, `127.1`, `0x7f.1`, `0177.0.0.1`, `2130706433`, `[::1]`, `[::ffff:127.0.0.1]`),
  must be a public unicast address;
- a host name is resolved at connect time and every address it resolves to must be public
  (`address_problem` is what the fetcher's resolver calls).

"Public" excludes loopback, private (RFC 1918, RFC 4193), shared CGNAT space (RFC 6598),
link-local (cloud metadata lives at 169.254.169.254), multicast, reserved, documentation and
unspecified addresses. IPv6 forms that embed an IPv4 address (IPv4-mapped, 6to4, NAT64
`64:ff9b::/96`, Teredo) are judged by the embedded address too.

A source configured with `allow_private` (tests, the demo, an intranet feed) may reach
loopback and private addresses, but never link-local (cloud metadata: 169.254.169.254,
fe80::/10), multicast or unspecified ones: no feed lives there, and a redirect to them is an
attack whatever the source.
"""

from __future__ import annotations

import functools
import ipaddress
from urllib.parse import unquote, urlsplit, urlunsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _parse_ipv4_number(part: str) -> int | None:
    """One dotted part as inet_aton reads it: `0x` hex, leading-zero octal, else decimal."""
    if not part:
        return None
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part[0] == "0":
            return int(part[1:], 8)
        return int(part, 10) if part.isdigit() else None
    except ValueError:
        return None


def parse_legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """An IPv4 address in any inet_aton spelling (`127.1`, `0x7f.1`, `2130706433`), else None.

    The WHATWG URL standard (section 3.5, IPv4 parser) and glibc's inet_aton both accept these,
    so a guard that only knows dotted-quad decimal can be walked around.
    """
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()  # a trailing dot is allowed: "127.0.0.1."
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_parse_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    nums = [n for n in numbers if n is not None]
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(nums)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a URL host denotes when it is an IP literal in any spelling, else None."""
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])  # drop a zone id: fe80::1%eth0
        except ValueError:
            return None
    return parse_legacy_ipv4(host)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _v4_problem(ip: ipaddress.IPv4Address) -> str | None:
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip in _CGNAT, "shared (CGNAT)"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
        (not ip.is_global, "not globally routable"),
    )
    return next((why for hit, why in checks if hit), None)


# Refused even for sources that may reach private addresses.
NEVER_ALLOWED = ("unspecified", "link-local", "multicast")


def address_problem(ip: IPAddress | str, *, allow_private: bool = False) -> str | None:
    """Why this address must not be contacted (e.g. "loopback"), or None when it is allowed:
    public, or with `allow_private` anything but link-local, multicast and unspecified."""
    why = _problem(ip)
    if why and allow_private and not why.startswith(NEVER_ALLOWED):
        return None
    return why


@functools.lru_cache(maxsize=4096)
def _problem(ip: IPAddress | str) -> str | None:
    # Cached: every request asks about its host's address, and ipaddress's is_private and
    # friends scan a dozen networks each time. Addresses and their answers never change.
    if isinstance(ip, str):
        parsed = parse_ip_literal(ip)
        if parsed is None:
            return "not an IP address"
        ip = parsed
    if isinstance(ip, ipaddress.IPv4Address):
        return _v4_problem(ip)
    embedded = _embedded_ipv4(ip)
    for inner in embedded:
        why = _v4_problem(inner)
        if why:
            return f"{why} (embedded in {ip})"
    if ip.ipv4_mapped is not None:
        return None  # ::ffff:a.b.c.d is that IPv4 address, judged above
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_site_local, "site-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_private and not embedded, "private"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global and not embedded, "not globally routable"),
    )
    return next((why for hit, why in checks if hit), None)


def url_problem(url: str, *, allow_private: bool = False) -> str | None:
    """Why this URL must not be requested, or None. Host names are left to `address_problem`.

    With `allow_private` loopback and private literals pass: the source was configured to
    reach them (tests, the demo, an intranet feed); link-local and the like never do.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        return f"malformed URL ({exc})"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return f"scheme {parts.scheme or '(none)'!r} is not http or https"
    if not host:
        return "URL has no host"
    ip = parse_ip_literal(host)
    if ip is None:
        return None
    why = address_problem(ip, allow_private=allow_private)
    return f"{host} is a {why} address" if why else None


# -- credentials in a URL ---------------------------------------------------------------------


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """`https://user:pw@host/feed` -> (`https://host/feed`, (user, pw)), else (url, None).

    The userinfo is percent-decoded (RFC 3986 section 3.2.1). The URL without it is what may
    be stored, shown and logged; the pair goes out only as HTTP Basic credentials.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, None
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=hostport)), (unquote(user), unquote(password))


def same_origin(a: str, b: str) -> bool:
    """Same scheme, host and port (RFC 6454): where credentials given for `a` may go."""
    try:
        x, y = urlsplit(a), urlsplit(b)
        ports = (x.port or _DEFAULT_PORTS.get(x.scheme), y.port or _DEFAULT_PORTS.get(y.scheme))
    except ValueError:
        return False
    return (x.scheme.lower(), x.hostname) == (y.scheme.lower(), y.hostname) and ports[0] == ports[1]


def is_localhost(url: str) -> bool:
    """Is the host `localhost` or a name under it (RFC 6761 section 6.3: always loopback)?"""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    return host == "localhost" or host.endswith(".localhost")
