"""Bounded decompression of a response body read raw from the wire.

httpx decodes each raw chunk in one step with no output limit (a 2 KB body with
`Content-Encoding: gzip, gzip` arrives as one 1 GB chunk), so the fetcher reads raw bytes
and decodes them here, in steps of at most `cap` output bytes, raising `FetchError`
(kind "too_large") the moment the cap is passed and kind "decode" on corrupt data.
Stacked codings and codings we did not ask for (`br`, `zstd`, `compress`) are refused; an
unknown token is read as identity bytes, as httpx does.
"""

from __future__ import annotations

import zlib

from bot.errors import FetchError

UNSUPPORTED_CODINGS = frozenset({"br", "zstd", "compress", "x-compress"})


class Decoder:
    """Decompresses one body in bounded steps; identity when `wbits` is None."""

    def __init__(self, wbits: int | None, cap: int) -> None:
        self._wbits, self.cap, self._out, self._fed = wbits, cap, 0, False
        self._z = zlib.decompressobj(wbits) if wbits is not None else None

    def feed(self, data: bytes) -> list[bytes]:
        if self._z is None:
            self._count(len(data))
            return [data]
        out: list[bytes] = []
        while data:
            try:
                piece = self._z.decompress(data, self.cap - self._out + 1)
            except zlib.error as exc:
                if self._wbits == zlib.MAX_WBITS and not self._fed:
                    # "deflate" must be zlib-wrapped (RFC 9110 8.4.1.2) but some servers send
                    # raw deflate; retry the first block raw, as browsers and httpx do.
                    self._wbits, self._z = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(f"corrupt compressed body: {exc}", kind="decode") from exc
            self._fed = True
            self._count(len(piece))
            out.append(piece)
            data = self._z.unconsumed_tail
            if self._z.eof:
                data = self._z.unused_data
                if not data or self._wbits != 16 + zlib.MAX_WBITS:
                    break  # trailing bytes after a deflate stream are ignored, as httpx does
                self._z = zlib.decompressobj(self._wbits)  # next gzip member (RFC 1952 2.2)
        return out

    def finish(self) -> list[bytes]:
        if self._z is None or not self._fed:
            return []
        if not self._z.eof:
            raise FetchError("truncated compressed body", kind="decode")
        return []

    def _count(self, n: int) -> None:
        self._out += n
        if self._out > self.cap:
            raise FetchError(f"body larger than {self.cap} bytes decompressed", kind="too_large")


def make_decoder(content_encoding: str | None, cap: int) -> Decoder:
    """A decoder for a Content-Encoding header value, or FetchError(kind="decode")."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        raise FetchError(f"stacked content codings refused: {content_encoding}", kind="decode")
    coding = codings[0] if codings else "identity"
    if coding in ("gzip", "x-gzip"):  # x-gzip is an alias (RFC 9110 8.4.1.3)
        return Decoder(16 + zlib.MAX_WBITS, cap)
    if coding == "deflate":
        return Decoder(zlib.MAX_WBITS, cap)
    if coding in UNSUPPORTED_CODINGS:
        raise FetchError(f"content coding {coding!r} was not requested", kind="decode")
    return Decoder(None, cap)
