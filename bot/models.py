"""Core data types shared by every stage.

Plain frozen dataclasses, stdlib only, no I/O. Times are aware UTC datetimes everywhere
(DESIGN.md invariant 6); a `Clock` is passed in wherever "now" matters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The default clock: the current time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one conditional GET produced.

    `body` is None when the server answered 304 Not Modified. `url` is the final URL after
    redirects; `permanent_url` is set when every hop to it was permanent (301/308), so the
    stored source URL should be updated.
    """

    url: str
    status: int
    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    permanent_url: str | None = None
    retry_after: float | None = None  # seconds the server asked us to wait
    max_age: float | None = None  # Cache-Control max-age, seconds
    bytes_read: int = 0  # bytes received on the wire (before decompression)
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One feed entry as the parser found it: plain strings, possibly holding HTML.

    No FeedParserDict or parser object ever goes past `parser.py`.
    """

    title: str | None = None
    link: str | None = None
    guid: str | None = None
    summary: str | None = None  # description / summary, may be HTML
    content: str | None = None  # the longest full-content body, may be HTML
    published: datetime | None = None  # aware UTC when the parser could read it
    published_raw: str | None = None  # the date text as given, for our own fallback parse
    updated: datetime | None = None
    author: str | None = None
    source_title: str | None = None  # RSS <source> (Google News: the outlet)
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed document: its entries plus what the feed says about itself."""

    entries: tuple[RawEntry, ...]
    format: str  # e.g. "rss20", "atom10", "rdf", "json1"; "" when not a feed
    title: str | None = None
    link: str | None = None
    ttl_minutes: int | None = None  # RSS <ttl>
    bozo: bool = False  # malformed, but whatever could be salvaged is in `entries`
    bozo_reason: str | None = None
    parser: str = "feedparser"  # which path produced it: "fast", "feedparser" or "json"


@dataclass(frozen=True, slots=True)
class Item:
    """A normalized entry: clean text, UTC dates, canonical URL and a stable fingerprint."""

    fingerprint: str
    source: str  # the source's configured name
    title: str
    summary: str = ""  # clean text, boilerplate removed
    url: str | None = None  # the link as the feed gave it (validated http/https)
    canonical_url: str | None = None
    guid: str | None = None
    published_at: datetime | None = None
    fetched_at: datetime | None = None
    outlet: str | None = None  # the publisher (Google News titles carry it after " - ")
    content: str = ""  # longer clean body text when the feed carries one


@dataclass(frozen=True, slots=True)
class TermHit:
    """One term of a rule that matched: which term, in which field, and where."""

    term: str  # the term as written in the query or list, e.g. "partner*" or "@ai:LLM*"
    field: str  # "title" | "summary" | "source" | "url" | "body"
    text: str  # the text it matched
    start: int = 0
    end: int = 0

    @property
    def telling(self) -> bool:
        """Worth showing a reader: not a one-letter hit of grammar (the possessive "s" of
        "Acme's" the adoption clause matches on says nothing alone)."""
        return len(self.text) > 1 or not self.text.isascii()


@dataclass(frozen=True, slots=True)
class Match:
    """A rule matched an item. `hits` explain why; `score` ranks it."""

    rule: str
    score: float
    hits: tuple[TermHit, ...] = ()
    # the learned stage's probability, when it ran: not when the rule alone settled the
    # verdict (`rule OR model` on an item the rule admits); `newsbot why` shows it anyway
    model: float | None = None
    via: str = "rule"  # "rule", or "model" when only the learned stage admitted the item

    @property
    def terms(self) -> list[str]:
        """The distinct matched texts, in first-seen order (what users see as 'matched on').

        An item the rule missed and its learned stage admitted says so first ("learned model
        0.81"), so an alert never shows a reason that is not the real one."""
        seen: dict[str, None] = {}
        if self.via == "model" and self.model is not None:
            seen[f"learned model {self.model:.2f}"] = None
        for hit in self.hits:
            if not hit.telling:
                continue
            seen.setdefault(hit.text.lower() if not hit.term.startswith("=") else hit.text, None)
        return list(seen)


@dataclass(frozen=True, slots=True)
class StoryRef:
    """Where an item landed: the story id, whether it started that story, and why."""

    story_id: str
    is_new: bool
    reason: str  # human-readable: "same canonical URL as ...", "near-duplicate of ... (0.82)"
    lead_fingerprint: str = ""


@dataclass(slots=True)
class Story:
    """A real-world story: one or more items, from one or more outlets."""

    id: str
    lead_fingerprint: str
    title: str
    first_seen: datetime
    last_seen: datetime
    outlets: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # item fingerprints
