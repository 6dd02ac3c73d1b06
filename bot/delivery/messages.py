"""What a notifier sends: plain dataclasses with lossless JSON round trips.

The outbox stores each delivery's message as payload JSON (`to_payload()`); the sender rebuilds
it with `message_from_payload()` and hands it to a notifier. Everything here is pure: no I/O,
no clock. Text fields hold feed text as the pipeline cleaned it; every notifier escapes it
again for its own medium (Slack mrkdwn, HTML, mail headers), so nothing here is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PAYLOAD_VERSION = 1


@dataclass(frozen=True, slots=True)
class Alert:
    """One story for one destination. `followup_of` makes it a thread reply "also covered by".

    `followup_of` is the external id (Slack ts) of the first post about the story; a follow-up
    names the new coverage in `outlet`/`url`/`headline`. `dedupe_key` is the outbox's natural key,
    carried into Slack message metadata so an interrupted send can be reconciled.
    """

    story_id: str
    headline: str
    url: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    summary: str = ""
    rules: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    also_covered: list[tuple[str, str]] = field(default_factory=list)  # (outlet, url)
    followup_of: str | None = None
    dedupe_key: str = ""

    kind = "alert"


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One story line in a digest."""

    headline: str
    url: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    summary: str = ""
    also_covered: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DigestMessage:
    """A digest: stories grouped by rule, each group newest first (the builder sorts)."""

    name: str
    period: str  # human label of the period, e.g. "Mon 3 Jun 2024"
    timezone: str = "UTC"
    groups: list[tuple[str, list[DigestEntry]]] = field(default_factory=list)
    dedupe_key: str = ""

    kind = "digest"

    @property
    def story_count(self) -> int:
        return sum(len(entries) for _, entries in self.groups)


@dataclass(frozen=True, slots=True)
class OpsMessage:
    """An operational notice: a source failing or recovered."""

    text: str
    dedupe_key: str = ""

    kind = "ops"


Message = Alert | DigestMessage | OpsMessage


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _pairs(value: Any) -> list[tuple[str, str]]:
    return [(str(a), str(b)) for a, b in (value or [])]


def _entry_payload(entry: DigestEntry) -> dict[str, Any]:
    return {
        "headline": entry.headline,
        "url": entry.url,
        "outlet": entry.outlet,
        "published_at": _dt(entry.published_at),
        "summary": entry.summary,
        "also_covered": [list(p) for p in entry.also_covered],
    }


def _entry_from(data: dict[str, Any]) -> DigestEntry:
    return DigestEntry(
        headline=str(data.get("headline", "")),
        url=data.get("url"),
        outlet=data.get("outlet"),
        published_at=_parse_dt(data.get("published_at")),
        summary=str(data.get("summary") or ""),
        also_covered=_pairs(data.get("also_covered")),
    )


def to_payload(message: Message) -> dict[str, Any]:
    """A JSON-ready dict; `message_from_payload(to_payload(m)) == m`."""
    head = {"type": message.kind, "v": PAYLOAD_VERSION}
    if isinstance(message, Alert):
        return head | {
            "story_id": message.story_id,
            "headline": message.headline,
            "url": message.url,
            "outlet": message.outlet,
            "published_at": _dt(message.published_at),
            "summary": message.summary,
            "rules": list(message.rules),
            "terms": list(message.terms),
            "also_covered": [list(p) for p in message.also_covered],
            "followup_of": message.followup_of,
            "dedupe_key": message.dedupe_key,
        }
    if isinstance(message, DigestMessage):
        return head | {
            "name": message.name,
            "period": message.period,
            "timezone": message.timezone,
            "groups": [[rule, [_entry_payload(e) for e in entries]] for rule, entries in message.groups],
            "dedupe_key": message.dedupe_key,
        }
    return head | {"text": message.text, "dedupe_key": message.dedupe_key}


def alert_from_payload(data: dict[str, Any]) -> Alert:
    """Rebuild an `Alert` from `to_payload()` output (unknown keys are ignored)."""
    return Alert(
        story_id=str(data["story_id"]),
        headline=str(data.get("headline", "")),
        url=data.get("url"),
        outlet=data.get("outlet"),
        published_at=_parse_dt(data.get("published_at")),
        summary=str(data.get("summary") or ""),
        rules=[str(r) for r in data.get("rules") or []],
        terms=[str(t) for t in data.get("terms") or []],
        also_covered=_pairs(data.get("also_covered")),
        followup_of=data.get("followup_of"),
        dedupe_key=str(data.get("dedupe_key") or ""),
    )


def digest_from_payload(data: dict[str, Any]) -> DigestMessage:
    """Rebuild a `DigestMessage` from `to_payload()` output."""
    return DigestMessage(
        name=str(data["name"]),
        period=str(data.get("period", "")),
        timezone=str(data.get("timezone") or "UTC"),
        groups=[(str(rule), [_entry_from(e) for e in entries]) for rule, entries in data.get("groups") or []],
        dedupe_key=str(data.get("dedupe_key") or ""),
    )


def message_from_payload(data: dict[str, Any]) -> Message:
    """Dispatch on the payload's `type` ("alert" when absent, for bare alert dicts)."""
    kind = data.get("type", "alert")
    if kind == "alert":
        return alert_from_payload(data)
    if kind == "digest":
        return digest_from_payload(data)
    if kind == "ops":
        return OpsMessage(text=str(data.get("text", "")), dedupe_key=str(data.get("dedupe_key") or ""))
    raise ValueError(f"unknown message type {kind!r}")
