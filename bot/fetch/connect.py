"""The connection layer under `bot.fetch.client`: where addresses are checked and TLS set up.

Promises:
- `guarded_session(guarded, limit, per_host)`: an aiohttp session whose resolver checks every
  address a host name resolves to (`bot.fetch.netguard`) and connects to exactly those, so
  nothing changes between the check and the connect (no DNS rebinding); a refused address
  raises `BlockedAddress`;
- `check_resolved(host)`: the same check for the plain httpx backend, which resolves again to
  connect (a known gap of that fallback only);
- `tls_context()`: one verifying TLS context for the process.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import ssl
from typing import Any

import aiohttp
import httpx

from bot.errors import FetchError
from bot.fetch import netguard


class BlockedAddress(Exception):
    """A host name resolved to an address `netguard` refuses (not an OSError on purpose:
    aiohttp would wrap an OSError into a generic DNS error and hide the reason)."""


def guarded_session(guarded: bool, limit: int, per_host: int) -> Any:
    """An aiohttp session whose resolver checks every address with netguard (when not
    `guarded`, as for `allow_private` sources, only link-local and the like are refused)."""

    class GuardedResolver(aiohttp.ThreadedResolver):
        async def resolve(self, host: str, port: int = 0, family: Any = socket.AF_INET) -> Any:
            infos = await super().resolve(host, port, family)
            for info in infos:
                why = netguard.address_problem(info["host"], allow_private=not guarded)
                if why:
                    raise BlockedAddress(f"{host} resolves to {info['host']}, a {why} address")
            return infos

    connector = aiohttp.TCPConnector(
        limit=limit,
        limit_per_host=per_host,
        resolver=GuardedResolver(),
    )
    return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying TLS context for the process (httpx's defaults: certifi's CA bundle).
    Loading the CA bundle costs tens of milliseconds of CPU; without this every client (feeds,
    article pages, each cycle of `newsbot once`) loaded it again. An SSLContext is meant to
    be shared by many connections (Python `ssl` docs, "SSL Contexts")."""
    return httpx.create_ssl_context()


async def check_resolved(host: str) -> None:
    """Fallback guard for the plain httpx backend: resolve and check every address."""
    if netguard.parse_ip_literal(host) is not None:
        return  # literals were checked by netguard.url_problem
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchError(f"cannot resolve {host}: {exc}", kind="connect") from exc
    for *_, sockaddr in infos:
        why = netguard.address_problem(str(sockaddr[0]))
        if why:
            raise BlockedAddress(f"{host} resolves to {sockaddr[0]}, a {why} address")
