"""The parse worker's side of a poll: bytes in, normalized and matched items out.

`parse_items` runs in a worker process (it is CPU-bound: parsing must never block the event
loop), so it takes and returns only plain picklable values; `parse_batch` runs several bodies
of one task, each failing alone. `init_worker` compiles the rules once per worker.

Promise: this module's import closure is parse, normalize, rules and the models: never the
store, the story index, a notifier or a template engine (`tests/test_boundaries.py`).
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import operator
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from bot.enrich.candidates import Enriched, compile_close, enrich_item, wanted
from bot.enrich.extract import Article
from bot.errors import ParseError
from bot.models import Item, Match
from bot.normalize import item as normalize
from bot.parse import feed as parser
from bot.rules import RuleSet, compile_rules


@dataclass(frozen=True, slots=True)
class ParsedItems:
    """A parsed feed reduced to what the pipeline needs."""

    items: tuple[Item, ...]
    entries: int
    ttl_minutes: int | None
    bozo: bool
    format: str
    matches: dict[str, list[Match]] | None = None  # by fingerprint, when a worker matched
    # Unmatched items some rule's close query holds for (the enrich stage's candidates),
    # when a worker matched.
    close: tuple[str, ...] | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Workers send this back to the event loop's process, where unpickling 50 Items
        # field by field (dataclasses' slots __setstate__) costs twice building them anew.
        items = tuple(map(_item_values, self.items))
        return _parsed_items, (items, self.entries, self.ttl_minutes, self.bozo, self.format,
                               self.matches, self.close)  # fmt: skip


_item_values = operator.attrgetter(*(f.name for f in dataclasses.fields(Item)))


def _parsed_items(items: tuple[tuple[Any, ...], ...], *rest: Any) -> ParsedItems:
    return ParsedItems(tuple(Item(*values) for values in items), *rest)


# A worker process's compiled rules, set once by `init_worker` (the pool's initializer), so
# matching runs in the workers next to parsing instead of on the event loop's core.
_worker_rules: RuleSet | None = None
_worker_close: RuleSet | None = None  # the rules' close queries (bot.enrich.stage)
# Which items could have their article fetched: `fulltext.short_text` and each source's
# `fulltext` mode; None: every item (the close query alone decides).
_worker_fetchable: tuple[int, dict[str, str]] | None = None


def init_worker(
    rules: list[dict[str, Any]],
    terms: dict[str, list[str]],
    fetchable: tuple[int, dict[str, str]] | None = None,
) -> None:
    """Pool initializer: compile the rules once per worker process, and end the worker
    when its parent is gone."""
    global _worker_rules, _worker_close, _worker_fetchable
    _worker_fetchable = fetchable
    specs = [SimpleNamespace(**r) for r in rules]
    _worker_rules = compile_rules(specs, terms)
    _worker_close = compile_close(rules, terms)
    if multiprocessing.parent_process() is not None:  # a pool worker, not a direct call
        # A forked worker inherits every object of the parent; without this, each full
        # collection walks them all (and copies their pages, which the walk writes to).
        # Frozen objects are never collected: they are the parent's, not garbage of ours.
        gc.freeze()
        threading.Thread(
            target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True
        ).start()


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    # A SIGKILLed `newsbot run` cannot shut its pool down, and a forked worker never sees
    # EOF on its task queue (it inherited the queue's write end too): without this it
    # waits forever, holding its memory. Orphans are re-parented, so the ppid changes.
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


def _fetchable(source: str, item: Item) -> bool:
    """Could the enrich stage fetch this item's article? (Only those need the close query.)"""
    if _worker_fetchable is None:
        return True
    short, modes = _worker_fetchable
    return wanted(item, modes.get(source, "auto"), short)


def worker_args(
    settings: Any,
) -> tuple[list[dict[str, Any]], dict[str, list[str]], tuple[int, dict[str, str]]]:
    """What `init_worker` needs, as plain picklable values."""
    rules = [
        {
            "name": r.name,
            "query": r.query,
            "min_score": r.min_score,
            "fields": list(r.fields),
            "learned": r.learned.model_dump() if getattr(r, "learned", None) else None,
            "enrich_when": getattr(r, "enrich_when", None),
            # With article text off, the workers skip the close queries on every item.
            "enrich": settings.fulltext.enabled,
        }
        for r in settings.rules
    ]
    modes = {spec.name: spec.fulltext for spec in settings.sources}
    terms = {k: list(v) for k, v in settings.terms.items()}
    return rules, terms, (settings.fulltext.short_text, modes)


def parse_items(
    body: bytes,
    content_type: str | None,
    url: str | None,
    source: str,
    outlet: str | None,
    fetched_at: datetime,
    max_items: int,
) -> ParsedItems:
    """Parse and normalize one fetched body; at most `max_items` entries, duplicates dropped."""
    feed = parser.parse(body, content_type=content_type, url=url)
    items: dict[str, Item] = {}
    for entry in feed.entries[:max_items]:
        item = normalize.normalize(entry, source=source, fetched_at=fetched_at, outlet=outlet)
        if item is not None:
            items.setdefault(item.fingerprint, item)
    matches = close = None
    if _worker_rules is not None:
        matches = {fp: found for fp, item in items.items() if (found := _worker_rules.match(item))}
        near = _worker_close
        close = tuple(
            fp
            for fp, item in items.items()
            if fp not in matches and near and _fetchable(source, item) and near.held(item)
        )
    return ParsedItems(
        items=tuple(items.values()),
        entries=len(feed.entries),
        ttl_minutes=feed.ttl_minutes,
        bozo=feed.bozo,
        format=feed.format,
        matches=matches,
        close=close,
    )


def enrich_in_worker(item: Item, page: bytes | Article, url: str, max_text: int) -> Enriched:
    """The enrich stage's whole CPU-bound part for one candidate: extraction (of a fetched
    page), merge, and the worker's compiled rules on the merged item."""
    return enrich_item(item, page, url, max_text, _worker_rules)


def call_batch(batch: Sequence[tuple[Any, tuple[Any, ...]]]) -> list[Any]:
    """`fn(*args)` for each `(fn, args)` of one worker task, in order; what a call raises
    takes its place (the pool raises it to that caller alone)."""
    out: list[Any] = []
    for fn, args in batch:
        try:
            out.append(fn(*args))
        except Exception as error:
            out.append(error)
    return out


def parse_batch(batch: Sequence[tuple[Any, ...]]) -> list[ParsedItems | ParseError]:
    """`parse_items(*args)` for each body of one worker task, in order; a body that fails
    fails alone: its error takes its place. An unexpected exception (a bug) becomes a
    ParseError naming it, so it costs that source's poll, not the cycle."""
    out: list[ParsedItems | ParseError] = []
    for args in batch:
        try:
            out.append(parse_items(*args))
        except ParseError as error:
            out.append(error)
        except Exception as error:
            message = f"parser failed: {type(error).__name__}: {error}"[:500]
            out.append(ParseError(message, kind="parser_crash"))
    return out
