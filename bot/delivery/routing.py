"""Where a rule's matches go: which destinations get immediate alerts, which get digests.

Pure functions over `Settings`. The console fallback follows DESIGN 8b: a `console`
destination listed in a rule's `notify` receives that rule's alerts (and digests, as HTML
files) only when no other destination of the same kind can send, so a fresh machine with no
Slack token and no mail server still shows every alert, and setting `SLACK_BOT_TOKEN` moves
them to Slack with no other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

IMMEDIATE_TYPES = frozenset({"slack", "slack_webhook", "email", "webhook"})
DIGEST_TYPES = frozenset({"email_digest"})


def is_enabled(destination: Any) -> bool:
    """A destination can send when its secrets are set (`disabled_reason()` is None)."""
    reason = getattr(destination, "disabled_reason", None)
    return reason is None or reason() is None


@dataclass(frozen=True, slots=True)
class Routes:
    """Per rule: destination names for immediate alerts; per digest: the rules it collects
    and the destination that will actually receive it (itself, or a console fallback)."""

    alerts: dict[str, tuple[str, ...]]
    digests: dict[str, tuple[tuple[str, ...], str]]

    def alert_destinations(self, rule: str) -> tuple[str, ...]:
        return self.alerts.get(rule, ())


def _consoles(names: list[str], destinations: dict[str, Any]) -> list[str]:
    return [n for n in names if getattr(destinations.get(n), "type", None) == "console"]


def build_routes(settings: Any) -> Routes:
    """Resolve every rule's `notify` list against the destinations' types and secrets."""
    dests: dict[str, Any] = dict(settings.destinations)
    alerts: dict[str, tuple[str, ...]] = {}
    digest_rules: dict[str, list[str]] = {}
    digest_fallback: dict[str, str | None] = {}
    for rule in settings.rules:
        names = [n for n in rule.notify if n in dests]
        live = [n for n in names if dests[n].type in IMMEDIATE_TYPES and is_enabled(dests[n])]
        consoles = _consoles(names, dests)
        alerts[rule.name] = tuple(live or consoles[:1])
        for name in names:
            if dests[name].type in DIGEST_TYPES:
                digest_rules.setdefault(name, []).append(rule.name)
                if consoles and not digest_fallback.get(name):
                    digest_fallback[name] = consoles[0]
    digests: dict[str, tuple[tuple[str, ...], str]] = {}
    for name, rules in digest_rules.items():
        target = name if is_enabled(dests[name]) else digest_fallback.get(name)
        if target:
            digests[name] = (tuple(rules), target)
    return Routes(alerts=alerts, digests=digests)


def disabled_destinations(settings: Any) -> dict[str, str]:
    """{name: reason} for destinations that cannot send, to report once at start."""
    out: dict[str, str] = {}
    for name, dest in settings.destinations.items():
        reason = dest.disabled_reason() if hasattr(dest, "disabled_reason") else None
        if reason:
            out[name] = reason
    return out
