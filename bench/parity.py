"""Fast path vs feedparser path: identical results where the fast path accepts, and speed.

    python bench/parity.py CORPUS_DIR [CORPUS_DIR ...] [--show N]

Walks every file under the given folders (feed bodies; README/LICENSE/*.md/*.py skipped),
sends each through `bot.fastparse` and through the feedparser path with the same defused bytes
and the Content-Type of the file's `Header:` comment when it has one (feedparser's test-suite
convention), and reports: files, files the fast path accepted, identical results, differences
(must be 0), and items/s of each path on the accepted files and on a synthetic 50-item feed.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import logs
from bot.errors import ParseError
from bot.models import ParsedFeed
from bot.parse import fast as fastparse
from bot.parse import feed as parser

_SKIP_SUFFIXES = {".md", ".py", ".json.gz", ".gz", ".bin"}
_HEADER_RE = re.compile(rb"^Header:\s*Content-type:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def feed_files(dirs: list[str]) -> list[Path]:
    files = []
    for d in dirs:
        for path in sorted(Path(d).rglob("*")):
            if (
                not path.is_file()
                or path.suffix in _SKIP_SUFFIXES
                or path.name.startswith(("LICENSE", "."))
            ):
                continue
            if path.name in ("headers.json",) or path.stat().st_size > 2_000_000:
                continue
            files.append(path)
    return files


def content_type_of(body: bytes) -> str | None:
    match = _HEADER_RE.search(body[:2000])
    return match.group(1).decode("latin-1") if match else None


def comparable(feed: ParsedFeed) -> ParsedFeed:
    return dataclasses.replace(feed, parser="", bozo_reason=None)


def both(body: bytes, content_type: str | None) -> tuple[ParsedFeed | None, ParsedFeed | str]:
    body = parser.defuse(body)
    try:
        fast = fastparse.parse(body, content_type=content_type, parse_date=parser._date)
    except fastparse.TooDeep:
        fast = None  # declined: the feedparser path (or a refusal) takes it
    try:
        slow: ParsedFeed | str = parser._feedparser(body, content_type)
    except ParseError as exc:
        slow = f"ParseError({exc.kind})"
    return fast, slow


def first_difference(a: ParsedFeed, b: ParsedFeed) -> str:
    for f in dataclasses.fields(ParsedFeed):
        if f.name == "entries":
            continue
        if getattr(a, f.name) != getattr(b, f.name):
            return (
                f"{f.name}: fast={getattr(a, f.name)!r:.120} feedparser={getattr(b, f.name)!r:.120}"
            )
    if len(a.entries) != len(b.entries):
        return f"entries: {len(a.entries)} vs {len(b.entries)}"
    for i, (x, y) in enumerate(zip(a.entries, b.entries, strict=True)):
        for f in dataclasses.fields(x):
            if getattr(x, f.name) != getattr(y, f.name):
                return f"entry {i} {f.name}: fast={getattr(x, f.name)!r:.120} feedparser={getattr(y, f.name)!r:.120}"
    return "?"


def synthetic_feed(items: int = 50) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Synthetic</title>'
        "<link>https://example.com/</link><description>bench</description>"
    ]
    for i in range(items):
        parts.append(
            f"<item><title>Health system {i} and AI company announce a partnership</title>"
            f"<link>https://example.com/news/{i}?utm_source=rss</link>"
            f'<guid isPermaLink="false">item-{i}</guid>'
            f"<description><![CDATA[<p>Paragraph {i} about a <b>partnership</b> &amp; AI. "
            + "Lorem ipsum dolor sit amet. "
            * 8
            + "</p>]]></description>"
            f"<pubDate>Mon, 0{1 + i % 9} Jan 2024 10:00:00 GMT</pubDate>"
            f"<dc:creator>Reporter {i}</dc:creator></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def speed(bodies: list[tuple[bytes, str | None]], repeat: int) -> tuple[float, float]:
    """Items per second of the fast path and of the feedparser path over the same bodies."""
    rates = []
    for run in (
        lambda b, ct: fastparse.parse(b, content_type=ct, parse_date=parser._date),
        lambda b, ct: parser._feedparser(b, ct),
    ):
        items, start = 0, time.perf_counter()
        for _ in range(repeat):
            for body, ct in bodies:
                result = run(body, ct)
                items += len(result.entries) if result else 0
        rates.append(items / (time.perf_counter() - start))
    return rates[0], rates[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--show", type=int, default=20, help="differences to print")
    args = ap.parse_args()
    logs.configure("console", "WARNING")
    files = feed_files(args.dirs)
    accepted, identical, diffs = [], 0, []
    for path in files:
        body = path.read_bytes()
        ct = content_type_of(body)
        fast, slow = both(body, ct)
        if fast is None:
            continue
        accepted.append((parser.defuse(body), ct))
        if isinstance(slow, ParsedFeed) and comparable(fast) == comparable(slow):
            identical += 1
        else:
            reason = (
                slow
                if isinstance(slow, str)
                else first_difference(comparable(fast), comparable(slow))
            )
            diffs.append(f"{path}: {reason}")
    print(
        f"files: {len(files)}  fast accepted: {len(accepted)}  identical: {identical}  differences: {len(diffs)}"
    )
    for line in diffs[: args.show]:
        print("  DIFF", line)
    real = [a for a in accepted if "real" in str(a)] or accepted
    fast_rate, slow_rate = speed(accepted, 3)
    print(
        f"accepted corpus files: fast {fast_rate:,.0f} items/s, feedparser {slow_rate:,.0f} items/s"
    )
    synth = [(synthetic_feed(), "application/rss+xml; charset=utf-8")]
    assert (
        fastparse.parse(synth[0][0], content_type=synth[0][1], parse_date=parser._date) is not None
    )
    fast_rate, slow_rate = speed(synth, 20)
    print(
        f"synthetic 50-item feed: fast {fast_rate:,.0f} items/s ({50 / fast_rate * 1e3:.2f} ms/feed), "
        f"feedparser {slow_rate:,.0f} items/s ({50 / slow_rate * 1e3:.2f} ms/feed)"
    )
    del real
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
