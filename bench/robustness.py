"""Fetch, parse and normalize every corpus file through a real local HTTP server.

    python bench/robustness.py CORPORA_DIR [--timeout 10] [--no-big] [--only SUBSTRING]
    python bench/robustness.py --pages      # hostile article pages through the enrich path

CORPORA_DIR holds `feedparser-tests/`, `real-feeds/` and `hostile/` (with `headers.json` and
`make_hostile.py`). Each file is served from 127.0.0.1 with its status and headers (hostile:
`headers.json`, including its header-only variants; feedparser-tests: the file's `Header:`
comments), then a worker process runs `bot.fetcher.Fetcher` (or, until it exists, a capped
httpx fallback), `parser.parse` and `normalize.normalize` on it under a watchdog. The big
on-demand cases (50 MB description, 1M-deep nesting, 200k items) are streamed from
`make_hostile.stream`. Reports: files, crashes (exceptions other than FetchError/ParseError:
must be 0), hangs (must be 0), peak worker RSS, per hostile file what came out, danger residue
(file contents, requests the server did not expect, sockets opened to other hosts).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_HEADER_RE = re.compile(rb"^Header:\s*([\w-]+):\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_TYPES = {
    ".json": "application/feed+json",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
}
BIG = ("size_big_description_50MB.xml", "xml_deep_nesting_1M.xml", "size_many_items_200k.xml")
MEMORY_LIMIT = 2_000_000_000  # the worker's address space: a runaway parse fails, not the host


@dataclass
class Case:
    name: str
    group: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    big: str | None = None


def collect(corpora: Path, big: bool) -> list[Case]:
    cases: list[Case] = []
    for group in ("feedparser-tests", "real-feeds"):
        for path in sorted((corpora / group).rglob("*")):
            if (
                path.is_file()
                and path.suffix not in (".md", ".py")
                and not path.name.startswith("LICENSE")
            ):
                body = path.read_bytes()[:3000]
                headers = {k.decode(): v.decode("latin-1") for k, v in _HEADER_RE.findall(body)}
                headers.setdefault("Content-Type", _TYPES.get(path.suffix, "application/xml"))
                cases.append(Case(str(path.relative_to(corpora)), group, 200, headers, path))
    spec = json.loads((corpora / "hostile/headers.json").read_text())
    for name, meta in spec["files"].items():
        if meta.get("on_demand"):
            if big and name in BIG:
                cases.append(Case(name, "big", meta["status"], meta["headers"], big=name))
            continue
        cases.append(
            Case(name, "hostile", meta["status"], meta["headers"], corpora / "hostile" / name)
        )
    for i, variant in enumerate(spec["variants"]):
        body = corpora / "hostile" / variant["body"] if variant["body"] else None
        cases.append(
            Case(
                f"variant{i}:{variant['status']}:{json.dumps(variant['headers'])[:60]}",
                "variant",
                variant["status"],
                variant["headers"],
                body,
            )
        )
    return cases


def load_generator(corpora: Path) -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_hostile", corpora / "hostile/make_hostile.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Server:
    """Serves case i at /c/<i>; logs every request so unexpected ones can be reported."""

    def __init__(self, cases: list[Case], generator: Any) -> None:
        self.cases, self.generator, self.log = cases, generator, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = (
                "HTTP/1.0"  # close-delimited bodies: big cases stream without a length
            )

            def do_GET(self) -> None:
                outer.log.append(self.path)
                match = re.fullmatch(r"/c/(\d+)", self.path)
                if self.path == "/same-url":
                    self.send_response(302)
                    self.send_header("Location", "/same-url")
                    self.end_headers()
                    return
                if not match or int(match.group(1)) >= len(outer.cases):
                    self.send_error(404)
                    return
                case = outer.cases[int(match.group(1))]
                self.send_response(case.status)
                for key, value in case.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    if case.big:
                        for chunk in outer.generator.stream(case.big):
                            self.wfile.write(chunk)
                    elif case.path is not None:
                        self.wfile.write(case.path.read_bytes())
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: a size cap doing its job

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


class Worker:
    """A child process running one case at a time, killed and replaced when it hangs."""

    def __init__(self) -> None:
        self.proc = self._start()

    def _start(self) -> subprocess.Popen[str]:
        import resource

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

        return subprocess.Popen(
            [sys.executable, __file__, "--worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, preexec_fn=limit, cwd=ROOT,
        )  # fmt: skip

    def run(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if line:
            return dict(json.loads(line))
        hung = not ready
        self.proc.kill()
        self.proc.wait()
        self.proc = self._start()
        return {
            "outcome": "hang" if hung else "crash",
            "detail": "worker killed" if hung else "worker died",
        }

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", type=Path, nargs="?")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--no-big", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--pages", action="store_true", help="hostile article pages (bench/hostile_pages.py)")
    args = ap.parse_args()
    if args.pages:  # the enrich path: its own process, an audit hook counts every connect
        return subprocess.call([sys.executable, str(ROOT / "bench" / "hostile_pages.py")])
    if args.corpora is None:
        ap.error("CORPORA_DIR is required (or --pages)")
    cases = [c for c in collect(args.corpora, not args.no_big) if args.only in c.name]
    server = Server(cases, load_generator(args.corpora))
    worker = Worker()
    counts: dict[str, int] = {}
    peak, lines, started = 0, [], time.perf_counter()
    for i, case in enumerate(cases):
        url = f"http://127.0.0.1:{server.port}/c/{i}"
        result = worker.run({"url": url, "allowed_port": server.port}, args.timeout)
        counts[result["outcome"]] = counts.get(result["outcome"], 0) + 1
        peak = max(peak, int(result.get("rss_kb", 0)))
        if case.group in ("hostile", "variant", "big") or result["outcome"] in ("crash", "hang"):
            lines.append(
                f"  {case.name[:58]:58} {result['outcome']:9} {result.get('detail', '')}"[:200]
            )
    worker.close()
    expected = {f"/c/{i}" for i in range(len(cases))} | {"/same-url"}
    unexpected = [p for p in server.log if p not in expected]
    print(
        f"files: {len(cases)}  outcomes: {json.dumps(counts, sort_keys=True)}  "
        f"peak worker RSS: {peak / 1024:.0f} MB  wall: {time.perf_counter() - started:.0f} s"
    )
    print(
        f"crashes: {counts.get('crash', 0)}  hangs: {counts.get('hang', 0)}  "
        f"danger: {counts.get('danger', 0)}  unexpected server requests: {len(unexpected)} {unexpected[:5]}"
    )
    print("per hostile file (outcome, items or error kind, residue):")
    print("\n".join(lines))
    bad = counts.get("crash", 0) + counts.get("hang", 0) + counts.get("danger", 0) + len(unexpected)
    return 1 if bad else 0


# --- worker side --------------------------------------------------------------------------

DANGER_MARKERS = ("root:x:0:0", "daemon:x:1:1")  # /etc/passwd lines
SENSITIVE_FILES = ("/etc/passwd", "/etc/shadow", "/etc/hostname")


def serve() -> None:
    """Worker loop: one JSON request a line on stdin, one JSON result a line on stdout."""
    import asyncio
    import resource
    import traceback

    from bot import logs
    from bot.errors import FetchError, ParseError

    logs.configure("console", "WARNING")  # stdout carries the results, logs go to stderr
    events: list[str] = []
    allowed: set[int] = set()

    def audit(event: str, args: tuple[Any, ...]) -> None:
        # Every socket the process opens and every file it reads goes through here (PEP 578).
        if event == "socket.connect" and isinstance(args[1], tuple):
            host, port = args[1][0], args[1][1]
            if not (host in ("127.0.0.1", "::1", "localhost") and port in allowed):
                events.append(f"connect {host}:{port}")
        elif event == "open" and isinstance(args[0], str) and args[0].startswith(SENSITIVE_FILES):
            events.append(f"open {args[0]}")

    sys.addaudithook(audit)
    for line in sys.stdin:
        request = json.loads(line)
        allowed.add(int(request["allowed_port"]))
        events.clear()
        started = time.perf_counter()
        try:
            result = asyncio.run(_one(request["url"]))
        except (FetchError, ParseError) as exc:
            result = {
                "outcome": "error",
                "detail": f"{type(exc).__name__}({exc.kind}): {exc}"[:120],
            }
        except Exception as exc:
            tb = traceback.format_exc().strip().splitlines()
            result = {
                "outcome": "crash",
                "detail": f"{type(exc).__name__}: {exc} at {tb[-3:]}"[:400],
            }
        if events:
            result = {"outcome": "danger", "detail": "; ".join(events)[:200]}
        result["seconds"] = round(time.perf_counter() - started, 3)
        result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps(result), flush=True)


async def _one(url: str) -> dict[str, Any]:
    from datetime import UTC, datetime

    from bot.normalize import item as normalize
    from bot.parse import feed as parser

    fetched = await _fetch(url)
    if fetched.body is None:
        return {"outcome": "ok", "detail": f"status {fetched.status}, no body"}
    feed = parser.parse(fetched.body, content_type=fetched.content_type, url=fetched.url)
    now = datetime.now(UTC)
    items = [normalize.normalize(e, source="bench", fetched_at=now) for e in feed.entries[:500]]
    kept = [i for i in items if i is not None]
    text = " ".join(f"{i.title} {i.summary} {i.content} {i.url} {i.outlet}" for i in kept)
    residue = [m for m in DANGER_MARKERS if m in text]
    notes = [f"{mark!r}" for mark in ("<!channel>", "\x1b", "\u202e", "\x00") if mark in text]
    detail = f"{feed.parser}/{feed.format or '-'} entries={len(feed.entries)} items={len(kept)}"
    detail += " bozo" if feed.bozo else ""
    detail += f" residue={notes}" if notes else ""
    if residue:
        return {"outcome": "danger", "detail": f"file contents in output: {residue}"}
    return {"outcome": "ok", "detail": detail}


async def _fetch(url: str) -> Any:
    from types import SimpleNamespace

    limits = SimpleNamespace(
        user_agent="newsbot-bench/1", concurrency=4, per_host=4, connect_timeout=5.0,
        read_timeout=5.0, total_timeout=8.0, max_bytes=10_000_000,
        max_decompressed_bytes=30_000_000, max_redirects=5, max_items=500,
    )  # fmt: skip
    try:
        from bot.fetch.client import Fetcher  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return _fallback_fetch(url, limits)
    async with Fetcher(limits) as fetcher:
        return await fetcher.fetch(url, etag=None, last_modified=None, allow_private=True)


def _fallback_fetch(url: str, limits: Any) -> Any:
    """Until bot.fetcher lands: no redirects, raw bytes capped, gzip decoded with a cap."""
    import httpx

    from bot.errors import FetchError

    try:
        return _fallback_get(url, limits)
    except httpx.HTTPError as exc:  # translated once, as the real fetcher does
        raise FetchError(f"{type(exc).__name__}: {exc}", kind="transport") from exc


def _fallback_get(url: str, limits: Any) -> Any:
    import zlib

    import httpx

    from bot.errors import FetchError
    from bot.models import FetchResult

    with httpx.Client(timeout=limits.read_timeout) as client, client.stream("GET", url) as response:
        if response.status_code == 304:
            return FetchResult(url=url, status=304, body=None)
        if response.status_code != 200:
            raise FetchError(
                f"HTTP {response.status_code}", kind="http_status", status=response.status_code
            )
        encoding = response.headers.get("content-encoding", "identity").lower()
        if encoding not in ("identity", "gzip"):
            raise FetchError(f"content-encoding {encoding}", kind="encoding")
        raw = bytearray()
        for chunk in response.iter_raw():
            raw += chunk
            if len(raw) > limits.max_bytes:
                raise FetchError("body too large", kind="too_large")
        body = bytes(raw)
        if encoding == "gzip":
            try:
                inflater = zlib.decompressobj(wbits=31)
                body = inflater.decompress(body, limits.max_decompressed_bytes)
            except zlib.error as exc:
                raise FetchError(f"bad gzip: {exc}", kind="decode") from exc
            if inflater.unconsumed_tail:
                raise FetchError("decompressed body too large", kind="too_large")
        return FetchResult(
            url=url, status=200, body=body, content_type=response.headers.get("content-type")
        )


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        sys.path.insert(0, str(ROOT))
        serve()
    else:
        sys.exit(main())
