"""Main text, title, date and canonical URL of an article page (trafilatura).

Pure and CPU-bound: it runs in a parse worker (`pipeline.worker.extract_page`), never in the
event loop. Promises:
- never raises on page content: anything trafilatura or lxml refuses is an empty `Article`;
- `text` is at most `max_text` characters, cut at a paragraph or sentence end when one is near;
- pages over `MAX_HTML` characters or nested deeper than `MAX_DEPTH` elements are refused
  before parsing (lxml's own depth limit is far above what a real article needs, and a deep
  tree costs memory in every pass trafilatura makes);
- script-only and paywalled pages give an empty or short text: callers keep the feed text.

Trafilatura because it leads the published extraction benchmarks (its own 750-document set:
F1 0.909, readability-lxml 0.801, newspaper3k 0.713); `bench/extraction.py` measures it here.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

MAX_HTML = 4_000_000  # characters after decoding
MAX_DEPTH = 400  # nested elements, counted from the tags before parsing
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
DATE_PARAMS = {"extensive_search": False, "original_date": True}
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())


@dataclass(frozen=True, slots=True)
class Article:
    """What extraction found; empty strings where it found nothing."""

    url: str
    text: str = ""
    title: str = ""
    date: str = ""  # ISO date as the page states it
    canonical_url: str = ""
    seconds: float = 0.0
    problem: str = ""  # why the text is empty, when it is

    @property
    def ok(self) -> bool:
        return bool(self.text)


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Do the page's open tags nest deeper than `limit`? (A cheap scan, no tree built.)"""
    depth = 0
    for closing, name, selfclosing in _TAG.findall(body):
        if closing:
            depth = max(0, depth - 1)
        elif not selfclosing and name.lower() not in _VOID:
            depth += 1
            if depth > limit:
                return True
    return False


def extract(body: bytes, url: str, max_text: int = 20_000) -> Article:
    """The article in `body` (HTML bytes as fetched); see the module docstring."""
    started = time.perf_counter()
    if len(body) > MAX_HTML:
        return Article(url, problem=f"page over {MAX_HTML} bytes")
    if too_deep(body):
        return Article(url, problem=f"page nested deeper than {MAX_DEPTH} elements")
    try:
        import trafilatura  # the `fulltext` extra
    except ImportError:
        return Article(url, problem="trafilatura is not installed (pip install newsbot[fulltext])")
    try:
        doc = trafilatura.bare_extraction(
            body,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=False,
            deduplicate=False,
            # The date only from the page's markup (meta tags, <time>, JSON-LD): htmldate's
            # extensive search regex-scans the whole page, costs 3/4 of an extraction on a
            # 100 KB page and takes a footer's "(c) 2025" for the publication date.
            date_extraction_params=DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on hostile markup
        return Article(url, problem=f"extraction failed: {type(exc).__name__}")
    elapsed = time.perf_counter() - started
    if doc is None:
        return Article(url, seconds=elapsed, problem="no main text found")
    text = _cut(_clean(getattr(doc, "text", "") or ""), max_text)
    return Article(
        url=url,
        text=text,
        title=(getattr(doc, "title", "") or "").strip(),
        date=(getattr(doc, "date", "") or "").strip(),
        canonical_url=(getattr(doc, "url", "") or "").strip(),
        seconds=elapsed,
        problem="" if text else "no main text found",
    )


def _clean(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    for mark in ("\n", ". "):
        at = head.rfind(mark)
        if at > limit * 0.8:
            return head[: at + 1].rstrip()
    return head.rstrip()


def lede(text: str, limit: int = 500) -> str:
    """The first paragraph(s) of an article text, up to `limit` characters."""
    out = ""
    for paragraph in text.split("\n"):
        if out and len(out) + len(paragraph) + 1 > limit:
            break
        out = f"{out} {paragraph}".strip()
    return _cut(out, limit)
