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
    # The story's partnership facts (`bot.facts.Facts.as_dict()`), None for follow-ups and
    # for alerts queued before facts existed; shown with `facts_parts`.
    facts: dict[str, Any] | None = None

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
    facts: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class DigestMessage:
    """A digest: stories grouped by rule, each group newest first (the builder sorts)."""

    name: str
    period: str  # human label of the period, e.g. "Mon 3 Jun 2024"
    timezone: str = "UTC"
    groups: list[tuple[str, list[DigestEntry]]] = field(default_factory=list)
    dedupe_key: str = ""
    # The period's overview (`bot.delivery.overview.Overview.as_dict()`), None before it existed.
    overview: dict[str, Any] | None = None

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


def _facts(value: Any) -> dict[str, Any] | None:
    return dict(value) if isinstance(value, dict) else None


DEAL_LABELS = {
    "partnership": "partnership",
    "deployment": "deployment",
    "co_development": "co-development",
    "licensing_rd": "licensing / R&D deal",
    "investment": "investment",
}


def money_text(amount: Any) -> str:
    """`$1.2B`, `$250M`, `$40K`, `$900`: the headline amount as a reader scans it."""
    if not isinstance(amount, (int, float)) or isinstance(amount, bool) or amount <= 0:
        return ""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= size:
            shown = f"{amount / size:.1f}".removesuffix(".0")
            return f"${shown}{suffix}"
    return f"${amount:.0f}"


def parties_text(facts: dict[str, Any]) -> str:
    """"Mayo Clinic + Microsoft": health organisations first, then partners, else all parties."""
    health = [str(p) for p in facts.get("health_orgs") or []]
    partners = [str(p) for p in facts.get("partners") or []]
    named = health + [p for p in partners if p not in health]
    named += [str(p) for p in facts.get("parties") or [] if str(p) not in named]
    return " + ".join(named[:4])


def facts_parts(facts: dict[str, Any] | None) -> list[str]:
    """The compact facts line's parts, in order: parties · deal type · amount · area.

    Plain text, built from feed-derived (or model-derived) values: every notifier escapes
    each part for its own medium, exactly like feed text. Empty parts are left out.
    """
    if not facts:
        return []
    deal = facts.get("deal_type")
    parts = [
        parties_text(facts),
        DEAL_LABELS.get(str(deal), "") if deal else "",
        money_text(facts.get("amount_usd")),
        str(facts.get("area") or ""),
    ]
    return [p for p in parts if p]


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
        "facts": entry.facts,
    }


def _entry_from(data: dict[str, Any]) -> DigestEntry:
    return DigestEntry(
        headline=str(data.get("headline", "")),
        url=data.get("url"),
        outlet=data.get("outlet"),
        published_at=_parse_dt(data.get("published_at")),
        summary=str(data.get("summary") or ""),
        also_covered=_pairs(data.get("also_covered")),
        facts=_facts(data.get("facts")),
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
            "facts": message.facts,
        }
    if isinstance(message, DigestMessage):
        return head | {
            "name": message.name,
            "period": message.period,
            "timezone": message.timezone,
            "groups": [[rule, [_entry_payload(e) for e in entries]] for rule, entries in message.groups],
            "dedupe_key": message.dedupe_key,
            "overview": message.overview,
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
        facts=_facts(data.get("facts")),
    )


def digest_from_payload(data: dict[str, Any]) -> DigestMessage:
    """Rebuild a `DigestMessage` from `to_payload()` output."""
    return DigestMessage(
        name=str(data["name"]),
        period=str(data.get("period", "")),
        timezone=str(data.get("timezone") or "UTC"),
        groups=[(str(rule), [_entry_from(e) for e in entries]) for rule, entries in data.get("groups") or []],
        dedupe_key=str(data.get("dedupe_key") or ""),
        overview=data.get("overview") if isinstance(data.get("overview"), dict) else None,
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
