"""URL checks and canonical forms.

`safe_http_url` says whether a feed-supplied link may be shown or stored as a link at all.
`canonical_url` maps the many spellings of one article URL (tracking parameters, `www.`/`m.`,
AMP variants, redirect wrappers, fragments, percent-encoding) onto one string, the first
layer of cross-outlet dedup. Both are pure and never raise.
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from urllib.parse import SplitResult, parse_qs, quote, urlsplit

MAX_URL_LENGTH = 2_000
_FORBIDDEN_IN_URL = re.compile(r"[\s|<>\"\\^`{}\x00-\x1f\x7f]")
_LABEL_RE = re.compile(r"[\w-]{1,63}")  # word characters (IDN allowed) and '-'
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_PREFIXES = ("www.", "m.", "amp.")

# Tracking parameters dropped from every URL (compared lower-case). Each one only identifies a
# campaign, click or share, never the page. Deliberately KEPT: `sc` (some sites use it for a
# section or search scope, so dropping it could merge two different pages, which costs a missed
# alert; a missed merge only costs a duplicate that layers 2-3 of dedup still catch), `source`,
# `s`, `id`, `p` and `page` (real content selectors).
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",  # ad click ids
        "mc_cid",
        "mc_eid",  # Mailchimp
        "_hsenc",
        "_hsmi",
        "hslang",  # HubSpot (hsLang only picks the UI language)
        "mkt_tok",  # Marketo
        "igshid",
        "sr_share",
        "spm",
        "smid",  # share ids (Instagram, Alibaba, NYT...)
        "ref",
        "ref_src",
        "feedref",
        "cmpid",
        "ocid",
        "_ga",
        "_gl",
        "wt.mc_id",
        "at_medium",
        "at_campaign",  # AT Internet
    }
)
_AMP_PARAMS = {"amp": {"", "1", "true"}, "outputtype": {"amp"}}

# Redirect wrappers whose target sits in a query parameter: (host suffix, path) -> parameters.
_WRAPPERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("google.com", "/url", ("q", "url")),
    ("news.google.com", "/news/url", ("url",)),  # pre-2020 Google News RSS links
    ("facebook.com", "/l.php", ("u",)),
    ("instagram.com", "/", ("u",)),
    ("youtube.com", "/redirect", ("q",)),
    ("linkedin.com", "/redir/redirect", ("url",)),
    ("safelinks.protection.outlook.com", "/", ("url",)),
    ("out.reddit.com", "/", ("url",)),
    ("duckduckgo.com", "/l/", ("uddg",)),
    ("slack-redir.net", "/link", ("url",)),
    ("href.li", "/", ("url", "")),
    ("t.umblr.com", "/redirect", ("z",)),
    ("away.vk.com", "/away.php", ("to",)),
)

_ALWAYS_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"  # quote's
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PCT_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_BAD_PCT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = "/?:@!$'()*+,;=-._~"  # '&' separates pairs, so it stays encoded inside one
_WRAPPER_SUFFIXES = tuple(suffix for suffix, _, _ in _WRAPPERS)


def safe_http_url(url: str | None) -> str | None:
    """The URL, stripped, if it is an absolute http(s) URL we may show; else None.

    Refused: other schemes (`javascript:`, `file:`, `data:`), userinfo (`http://good@evil`,
    a classic spoof), whitespace, CR/LF, `|`, `<`, `>`, quotes, backslashes (browsers read
    `\\` as `/`, WHATWG URL spec "special" schemes), invisible format characters, bad ports,
    a missing host and anything over 2,000 characters.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH or _FORBIDDEN_IN_URL.search(url):
        return None
    if not url.isascii() and any(
        unicodedata.category(ch) in ("Cf", "Cs", "Co", "Cn") for ch in url if ord(ch) > 127
    ):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    info = _netloc_info(parts.netloc)
    if info is None:  # the port is out of range or not numeric
        return None
    hostname, port = info
    if parts.scheme.lower() not in _DEFAULT_PORTS or "@" in parts.netloc or port == 0:
        return None
    return url if _valid_host(hostname or "") else None


@functools.lru_cache(maxsize=4096)
def _netloc_info(netloc: str) -> tuple[str | None, int | None] | None:
    """`(hostname, port)` of a netloc exactly as `urlsplit` reads them, or None when its
    `port` raises. Cached: the items of one feed share a few hosts, and each property call
    re-parses the netloc."""
    parts = SplitResult("", netloc, "", "", "")
    try:
        port = parts.port
    except ValueError:
        return None
    return parts.hostname, port


@functools.lru_cache(maxsize=4096)
def _valid_host(host: str) -> bool:
    if not host:
        return False
    if ":" in host:  # an IPv6 literal: urlsplit already unbracketed it
        return bool(re.fullmatch(r"[0-9a-fA-F:.]+", host))
    labels = host.rstrip(".").split(".")
    return len(host) <= 253 and all(
        _LABEL_RE.fullmatch(label) and not label.startswith("-") for label in labels
    )


def canonical_url(url: str) -> str:
    """One spelling per article: see the module docstring. Non-http(s) input comes back stripped."""
    url = url.strip()
    for _ in range(3):  # wrappers can nest (a Google redirect to a Facebook redirect)
        try:
            parts = urlsplit(url)
        except ValueError:
            return url
        target = _unwrap(parts)
        if target is None:
            break
        url = target
    else:
        try:
            parts = urlsplit(url)
        except ValueError:
            return url
    info = _netloc_info(parts.netloc)
    if info is None:
        return url
    hostname, port = info
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not hostname:
        return url
    host = _canonical_host(hostname)
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _canonical_path(parts.path)
    query = _canonical_query(parts.query, host)
    # Fragments never reach the server (RFC 3986 section 3.5), so they never name another page.
    return f"https://{netloc}{path}" + (f"?{query}" if query else "")


def _unwrap(parts: SplitResult) -> str | None:
    """The target of a redirect wrapper or AMP cache URL, when it is in the URL itself."""
    info = _netloc_info(parts.netloc)
    host = ((info[0] if info else parts.hostname) or "").lower()
    path = parts.path
    if _host_is(host, "google.com") and path.startswith("/amp/"):
        # Google AMP viewer: /amp/s/<host>/<path> is https, /amp/<host>/<path> is http.
        rest = path[len("/amp/") :]
        return safe_http_url("https://" + rest[2:] if rest.startswith("s/") else "http://" + rest)
    if host.endswith(".cdn.ampproject.org") and path[:5] in ("/c/s/", "/v/s/"):
        return safe_http_url("https://" + path[5:])
    if not host.endswith(_WRAPPER_SUFFIXES):  # `_host_is` below implies this
        return None
    for suffix, wrapper_path, names in _WRAPPERS:
        if _host_is(host, suffix) and (
            path == wrapper_path or path.rstrip("/") == wrapper_path.rstrip("/")
        ):
            params = parse_qs(parts.query, keep_blank_values=True)
            for name in names:
                if not name:  # href.li puts the target as the whole query string
                    target = safe_http_url(parts.query)
                else:
                    target = safe_http_url((params.get(name) or [""])[0])
                if target:
                    return target
    return None


def _host_is(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)


@functools.lru_cache(maxsize=4096)
def _canonical_host(host: str) -> str:
    host = host.lower().rstrip(".")
    if not host.isascii():
        with contextlib.suppress(UnicodeError):  # not IDNA-encodable: keep it as written
            host = host.encode("idna").decode("ascii")
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            # Only fold when a registrable name remains ("www.com" stays as it is).
            if host.startswith(prefix) and "." in host[len(prefix) :]:
                host = host[len(prefix) :]
                changed = True
    return host


def _canonical_path(path: str) -> str:
    segments = _remove_dot_segments(_normalize_pct(path, _PATH_SAFE)).split("/")
    segments = [s for s in segments if s.lower() != "amp"]  # /amp/ segment and trailing /amp
    path = "/".join(segments).rstrip("/")
    return path if path.startswith("/") else "/" + path


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, on whole segments."""
    if "." not in path:
        return path
    out: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(out) > 1:
                out.pop()
        elif segment != ".":
            out.append(segment)
    return "/".join(out)


def _canonical_query(query: str, host: str) -> str:
    kept: list[tuple[str, str]] = []
    for pair in query.split("&"):
        if not pair:
            continue
        raw_key, _, raw_value = pair.partition("=")
        key = _normalize_pct(raw_key, _QUERY_SAFE)
        value = _normalize_pct(raw_value, _QUERY_SAFE + "=")
        lowered = _PCT_RE.sub(lambda m: chr(int(m.group(1), 16)), key).lower()
        if lowered.startswith("utm_") or lowered in _TRACKING_PARAMS:
            continue
        if lowered in _AMP_PARAMS and value.lower() in _AMP_PARAMS[lowered]:
            continue
        if lowered == "oc" and host == "news.google.com":  # Google News' opaque click counter
            continue
        kept.append((key, f"{key}={value}" if "=" in pair else key))
    kept.sort()
    return "&".join(text for _, text in kept)


def _normalize_pct(text: str, safe: str) -> str:
    """RFC 3986 section 6.2.2: upper-case escapes, decode unreserved ones, encode the rest."""
    if _plain(safe).fullmatch(text):
        return text
    text = _BAD_PCT_RE.sub("%25", text)
    text = quote(text, safe=safe + "%")
    return _PCT_RE.sub(_fix_escape, text)


@functools.cache
def _plain(safe: str) -> re.Pattern[str]:
    """Text made only of characters `quote` keeps (its always-safe set plus `safe`), with no
    '%', comes out of `_normalize_pct` unchanged: the common case skips three passes."""
    return re.compile(f"[{re.escape(_ALWAYS_SAFE + safe)}]*")


def _fix_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()
