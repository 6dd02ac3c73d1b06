"""Fetch: one source's bytes, safely and politely.

    client      Fetcher.fetch(url, etag=, last_modified=, ...) -> FetchResult (httpx over
                httpx-aiohttp; conditional GET, limits, deadline, caps, manual redirects)
    errors      httpx/aiohttp failures and HTTP statuses -> FetchError with a stable kind
    decompress  bounded gzip/deflate/brotli decoding of the raw stream
    netguard    which addresses and URLs may be fetched or posted to
    nextcheck   when to poll a source again (interval, Retry-After, max-age, ttl, backoff)

Nothing here parses, stores or sends.
"""
