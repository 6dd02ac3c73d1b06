"""Main text, title, date and canonical URL of an article page (trafilatura).

Pure and CPU-bound: it runs in a parse worker (`pipeline.worker.enrich_in_worker`) or, without
a worker pool, in a thread (`enrich.stage.in_thread`), never in the event loop. Promises:
- never raises on page content: anything trafilatura or lxml refuses is an empty `Article`;
- `text` is at most `max_text` characters, cut at a paragraph or sentence end when one is near;
- pages over `MAX_HTML` characters or nested deeper than `MAX_DEPTH` elements are refused
  before parsing (lxml's own depth limit is far above what a real article needs, and a deep
  tree costs memory in every pass trafilatura makes);
- script (except JSON data), style and nav elements are cut from the bytes before parsing
  (`strip_raw`, `strip_nav`): nothing reads them, and they are most of a page's parse;
- script-only and paywalled pages give an empty or short text: callers keep the feed text.

Trafilatura because it leads the published extraction benchmarks (its own 750-document set:
F1 0.909, readability-lxml 0.801, newspaper3k 0.713); `bench/extraction.py` measures it here.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import re
import time
from dataclasses import dataclass
from typing import Any

MAX_HTML = 4_000_000  # characters after decoding
MAX_DEPTH = 400  # nested elements, counted from the tags before parsing
# Greedy attributes, self-closing told by their last byte: a lazy `[^>]*?(/?)>` retries at
# every byte of every tag (a third slower on a 100 KB page).
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_JSON_SCRIPTS = frozenset({"application/ld+json", "application/settings+json"})
_JSON_TYPES = tuple(t.encode() for t in _JSON_SCRIPTS)
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
    dated: bool = True  # the page's date was looked for (else `date` is empty unread)

    @property
    def ok(self) -> bool:
        return bool(self.text)


def preload() -> bool:
    """Import trafilatura and htmldate now (False when they are not installed).

    For the process that forks the parse workers: a forked worker inherits the modules, so
    the import (about 0.16 s of CPU) is paid once, here, instead of once in every worker on
    its first page."""
    try:
        import htmldate  # noqa: F401
        import trafilatura.metadata
        import trafilatura.utils  # noqa: F401
    except ImportError:
        return False
    return True


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Do the page's open tags nest deeper than `limit`? (A cheap scan, no tree built.)"""
    depth = 0
    nests = _NESTS
    for closing, name, attributes in _TAG.findall(body):
        if closing:
            if depth:
                depth -= 1
        elif not attributes.endswith(b"/"):
            counts = nests.get(name)
            if counts is None:
                counts = name.lower() not in _VOID
                if len(nests) < 1024:  # tag names as written; a hostile page's made-up ones stay out
                    nests[name] = counts
            if counts:
                depth += 1
                if depth > limit:
                    return True
    return False


_NESTS: dict[bytes, bool] = {}  # tag name as written -> opens a level (not a void element)


def extract(body: bytes, url: str, max_text: int = 20_000, *, date: bool = True) -> Article:
    """The article in `body` (HTML bytes as fetched); see the module docstring. `date=False`
    skips the search for the page's date (`dated` is then False): the caller has one."""
    started = time.perf_counter()
    if len(body) > MAX_HTML:
        return Article(url, problem=f"page over {MAX_HTML} bytes")
    body = strip_nav(strip_raw(body))
    if too_deep(body):
        return Article(url, problem=f"page nested deeper than {MAX_DEPTH} elements")
    try:
        from trafilatura import bare_extraction  # the `fulltext` extra
    except ImportError:
        return Article(url, problem="trafilatura is not installed (pip install newsbot[fulltext])")
    try:
        tree = _tree(body)
        if tree is None:
            return Article(url, seconds=time.perf_counter() - started, problem="no main text found")
        title, found, canonical = _metadata(tree, url, date)
        # parsed once here; trafilatura works on its own copy
        doc = bare_extraction(tree, url=url, options=_options(url))
    except Exception as exc:  # trafilatura and lxml raise many kinds on hostile markup
        return Article(url, problem=f"extraction failed: {type(exc).__name__}")
    elapsed = time.perf_counter() - started
    if doc is None:
        return Article(url, seconds=elapsed, problem="no main text found")
    text = _cut(_clean(getattr(doc, "text", "") or ""), max_text)
    return Article(
        url=url,
        text=text,
        title=title,
        date=found,
        dated=date or not text,  # an empty article has nothing to add, a date included
        canonical_url=canonical,
        seconds=elapsed,
        problem="" if text else "no main text found",
    )


_TAG_END = frozenset(b" \t\r\n\f/>")
# A script or style start tag ("<script>", not "<scripts>"): its name and its attributes.
_RAW_OPEN = re.compile(rb"<(script|style)(?=[ \t\r\n\f/>])([^>]*)>")


def strip_raw(body: bytes) -> bytes:
    """`body` without its script (except JSON data) and style elements, cut at the bytes.

    Nothing after them reads their contents, and on a script-heavy page parsing them is most
    of the work (a 100 KB page of inline scripts: 3.1 -> 1.8 ms an extraction). An element
    ends at the first `</script` or `</style`, as in HTML's raw-text parsing (WHATWG HTML
    13.2.5.4 "script data state"); one left open is left as it is, for the parser."""
    low = body.lower()
    out: list[bytes] = []
    keep_from = at = 0
    while (tag := _RAW_OPEN.search(low, at)) is not None:
        name, attributes = tag.groups()
        close = low.find(b"</" + name, tag.end())
        if close < 0:
            break  # an element left open: the parser sees the rest as it is
        close_end = low.find(b">", close)
        at = len(low) if close_end < 0 else close_end + 1
        if not (name == b"script" and any(t in attributes for t in _JSON_TYPES)):
            out.append(body[keep_from : tag.start()])
            keep_from = at
    out.append(body[keep_from:])
    return b"".join(out)


def strip_nav(body: bytes) -> bytes:
    """`body` without its `<nav>` elements (HTML's navigation sections: no article text),
    cut at the bytes as `_tree` would drop them after parsing, at a fraction of the cost (a
    menu of 200 links was half of an extraction). Scripts must be cut first (`strip_raw`):
    a `</nav>` inside one would end the cut early. A nav holding another nav, or left open,
    is left to the parser."""
    low = body.lower()
    out: list[bytes] = []
    keep_from = at = 0
    while (start := low.find(b"<nav", at)) >= 0:
        after = start + 4
        if after >= len(low) or low[after] not in _TAG_END:  # "<navbar>" is no nav
            at = after
            continue
        close = low.find(b"</nav", after)
        if close < 0:
            break
        if low.find(b"<nav", after, close) >= 0:
            at = close + 5  # nested navs: the parser pairs them
            continue
        end = low.find(b">", close)
        at = len(low) if end < 0 else end + 1
        out.append(body[keep_from:start])
        keep_from = at
    out.append(body[keep_from:])
    return b"".join(out)


@functools.cache
def _base_options() -> Any:
    """Trafilatura's extraction settings, built once per process (building them reads its
    config file entries anew, a tenth of an extraction)."""
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="python",
        with_metadata=False,  # only title, date and URL are used: `_metadata`
        comments=False,
        tables=False,
        precision=False,
        dedup=False,
        # No readability / jusText comparison: a third of an extraction, and on
        # bench/extraction's pages it only ever added the ad block (3 of 91 pages)
        fast=True,
    )


def _options(url: str) -> Any:
    """The settings for one page: a copy, as extractions in threads set their own URL."""
    options = copy.copy(_base_options())
    options.url = options.source = url
    return options


def _tree(body: bytes) -> Any:
    """The page parsed once, without the scripts, styles and navigation no later step reads.

    Trafilatura and htmldate drop them anyway, but only after copying, serializing and
    walking them several times (on a 100 KB page of inline scripts that is a third of an
    extraction; a menu of 200 links is two thirds of what remains). The JSON scripts stay:
    the title, date and canonical URL are read there."""
    from trafilatura.utils import load_html

    tree = load_html(body)
    if tree is None:
        return None
    doomed = [
        element
        for element in tree.iter("script", "style", "noscript", "nav")
        if element.tag == "nav"  # navigation links by definition (HTML's <nav>)
        or (element.get("type") or "").strip().lower() not in _JSON_SCRIPTS
    ]
    for element in doomed:
        element.drop_tree()  # keeps the element's tail text
    return tree


def _metadata(tree: Any, url: str, dated: bool = True) -> tuple[str, str, str]:
    """Title, date and canonical URL, as trafilatura's `extract_metadata` finds them
    (meta tags, then JSON-LD, then the headline or <title>; the canonical link; htmldate
    on the markup), without the author, site name, tags, categories and license it also
    looks for (two thirds of its time, and nothing here reads them)."""
    from htmldate import find_date
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url

    meta = examine_meta(tree)
    with contextlib.suppress(Exception):  # as trafilatura does: its JSON-LD reader has bugs
        meta = extract_meta_json(tree, meta)
    title = meta.title or extract_title(tree) or ""
    canonical = meta.url or extract_url(tree, url) or ""
    # The date only from the page's markup (meta tags, <time>, JSON-LD): htmldate's
    # extensive search regex-scans the whole page, costs 3/4 of an extraction on a
    # 100 KB page and takes a footer's "(c) 2025" for the publication date.
    # When the page's markup states no date, htmldate copies, cleans and serializes the
    # whole tree looking for one: a fifth of an extraction, wasted when the feed gave one.
    date: str | None = None
    if dated:
        date = find_date(tree, extensive_search=False, original_date=True, url=canonical or None)
    return title.strip(), (date or "").strip(), canonical.strip()


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
