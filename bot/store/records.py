"""Row types the store reads and writes: frozen dataclasses, no SQLAlchemy objects.

Everything that crosses the store boundary is one of these or a core type from `bot.models`.
Times are aware UTC datetimes (DESIGN invariant 6). `PollBatch` is the unit of the
one-transaction ingest (DESIGN invariant 1): whatever one poll of one source produced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bot.models import Item, Match, Story, TermHit

SourceHealth = Literal["ok", "failing", "dead"]
DeliveryStatus = Literal["pending", "sending", "sent", "dead"]
DeliveryKind = Literal["alert", "followup", "digest", "ops"]

DELIVERY_STATUSES: tuple[DeliveryStatus, ...] = ("pending", "sending", "sent", "dead")


def alert_key(story_id: str, destination: str) -> str:
    """Dedupe key of the one alert a story gets per destination (DESIGN invariant 2)."""
    return f"story:{story_id}:{destination}"


def followup_key(story_id: str, fingerprint: str, destination: str) -> str:
    """Dedupe key of an "also covered by" follow-up for one more item of a story."""
    return f"followup:{story_id}:{fingerprint}:{destination}"


def digest_key(digest: str, period: str) -> str:
    """Dedupe key of the one delivery a digest gets per period."""
    return f"digest:{digest}:{period}"


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the store knows about one source: validators, schedule, health."""

    name: str
    url: str  # the URL to fetch: config URL, or where a permanent redirect pointed
    config_url: str  # the URL the config last gave; a change here overrides `url`
    next_check_at: datetime
    etag: str | None = None  # sent back verbatim in If-None-Match
    last_modified: str | None = None  # sent back verbatim in If-Modified-Since
    last_fetch_at: datetime | None = None
    last_success_at: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None
    error_kind: str | None = None
    error_streak: int = 0
    first_failure_at: datetime | None = None
    item_count: int = 0
    last_new_item_at: datetime | None = None
    initialized: bool = False  # the first poll is done (later polls may alert)
    health: SourceHealth = "ok"
    health_alerted_at: datetime | None = None
    health_alerted_state: str | None = None  # the health last reported to ops
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SourceSuccess:
    """A fetch that worked (200 or 304). Resets the error streak and marks health 'ok'.

    On a 304, a validator left as None keeps the stored one: RFC 9110 §15.4.5 lets a 304
    omit validators the client already holds. On a 200 the given values replace them.
    """

    at: datetime
    status: int
    next_check_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    permanent_url: str | None = None  # set after 301/308 hops: becomes the source's url
    new_items: int = 0  # ignored by commit_poll, which counts what it really inserted


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """A fetch or parse that failed: streak + 1, `first_failure_at` set on the first one."""

    at: datetime
    kind: str
    message: str
    next_check_at: datetime
    status: int | None = None
    health: SourceHealth = "failing"


@dataclass(frozen=True, slots=True)
class NewItem:
    """An item to insert, with the story the clustering put it in."""

    item: Item
    story_id: str | None = None
    story_reason: str | None = None  # StoryRef.reason, kept for `newsbot why`


@dataclass(frozen=True, slots=True)
class StoryUpsert:
    """The state of a story after this poll; fields replace the stored ones, except
    `first_seen` (kept from the first insert) and `alerted` (never goes back to False)."""

    id: str
    lead_fingerprint: str
    title: str
    first_seen: datetime
    last_seen: datetime
    outlets: tuple[str, ...] = ()
    item_count: int = 1
    signature: Any = None  # opaque JSON-serializable data exported by the clustering
    alerted: bool = False
    facts: dict[str, Any] | None = None  # set when the story starts; None keeps the stored

    @classmethod
    def from_story(
        cls,
        story: Story,
        *,
        signature: Any = None,
        alerted: bool = False,
        facts: dict[str, Any] | None = None,
    ) -> StoryUpsert:
        return cls(
            id=story.id,
            lead_fingerprint=story.lead_fingerprint,
            title=story.title,
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            outlets=tuple(story.outlets),
            item_count=max(1, len(story.members)),
            signature=signature,
            alerted=alerted,
            facts=facts,
        )


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """A rule matched an item; unique on (fingerprint, rule)."""

    fingerprint: str
    match: Match
    story_id: str | None = None


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """An outbox row to create; unique on `dedupe_key` (see `alert_key` and friends)."""

    dedupe_key: str
    destination: str
    kind: DeliveryKind
    payload: Mapping[str, Any] = field(default_factory=dict)
    story_id: str | None = None
    next_attempt_at: datetime | None = None  # None: due at once (the batch's `now`)
    thread_ts: str | None = None


@dataclass(frozen=True, slots=True)
class PollBatch:
    """Everything one poll of one source produced, written by `Store.commit_poll` in ONE
    transaction. At most one of `success` / `failure`; neither leaves the source row as is."""

    source: str
    now: datetime
    success: SourceSuccess | None = None
    failure: SourceFailure | None = None
    items: tuple[NewItem, ...] = ()
    stories: tuple[StoryUpsert, ...] = ()
    matches: tuple[MatchRecord, ...] = ()
    deliveries: tuple[NewDelivery, ...] = ()

    def __post_init__(self) -> None:
        if self.success is not None and self.failure is not None:
            raise ValueError("a PollBatch holds a success or a failure, not both")


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What `commit_poll` really inserted (empty on a replay of the same batch)."""

    inserted_items: frozenset[str] = frozenset()  # fingerprints
    inserted_deliveries: Mapping[str, int] = field(default_factory=dict)  # dedupe_key -> id


@dataclass(frozen=True, slots=True)
class ItemRow:
    """A stored item plus where it landed."""

    item: Item
    story_id: str | None = None
    title_updated_at: datetime | None = None
    story_reason: str | None = None


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    lead_fingerprint: str
    title: str
    first_seen: datetime
    last_seen: datetime
    outlets: tuple[str, ...] = ()
    item_count: int = 0
    signature: Any = None
    alerted: bool = False
    facts: dict[str, Any] | None = None  # None on stories stored before facts existed


@dataclass(frozen=True, slots=True)
class MatchRow:
    fingerprint: str
    rule: str
    score: float
    created_at: datetime
    story_id: str | None = None
    terms: tuple[str, ...] = ()
    hits: tuple[TermHit, ...] = ()


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """An outbox row. `needs_reconcile` is set by `claim_due` on a row whose earlier lease
    expired while 'sending': the send may have happened, so check before sending again."""

    id: int
    dedupe_key: str
    destination: str
    kind: DeliveryKind
    status: DeliveryStatus
    payload: Mapping[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    story_id: str | None = None
    attempts: int = 0
    lease_until: datetime | None = None
    lease_owner: str | None = None
    last_error: str | None = None
    external_id: str | None = None
    thread_ts: str | None = None
    sent_at: datetime | None = None
    needs_reconcile: bool = False


@dataclass(frozen=True, slots=True)
class DigestRun:
    """One digest period that was claimed (at most one per (digest, period))."""

    digest: str
    period: str
    created_at: datetime
    period_end: datetime | None = None
    delivery_id: int | None = None
    story_count: int = 0


@dataclass(frozen=True, slots=True)
class DigestStory:
    """A story that matched some of the digest's rules in the period, ready to render."""

    story: StoryRow
    lead: ItemRow | None
    rules: tuple[str, ...]
    terms: tuple[str, ...]
    score: float  # the best score among its matches
    first_matched_at: datetime


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    items: int = 0
    matches: int = 0
    stories: int = 0
    deliveries: int = 0
