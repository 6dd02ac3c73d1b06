"""Message dataclasses round-trip through the outbox's payload JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.delivery.messages import (
    Alert,
    DigestEntry,
    DigestMessage,
    OpsMessage,
    alert_from_payload,
    message_from_payload,
    to_payload,
)


def roundtrip(message: Alert | DigestMessage | OpsMessage) -> object:
    return message_from_payload(json.loads(json.dumps(to_payload(message))))


def test_an_alert_survives_the_json_round_trip() -> None:
    alert = Alert(
        story_id="s1", headline="H", url="https://a.example", outlet="O",
        published_at=datetime(2024, 6, 3, 9, 30, tzinfo=UTC), summary="S", rules=["r"], terms=["t"],
        also_covered=[("STAT", "https://stat.example")], followup_of="1.2", dedupe_key="k",
    )

    assert roundtrip(alert) == alert
    assert alert_from_payload(to_payload(alert)) == alert


def test_a_digest_and_an_ops_notice_survive_the_round_trip() -> None:
    digest = DigestMessage(
        name="d", period="p", timezone="Europe/Paris",
        groups=[("r", [DigestEntry(headline="H", published_at=datetime(2024, 1, 1, tzinfo=UTC), also_covered=[("A", "u")])])],
        dedupe_key="k",
    )

    assert roundtrip(digest) == digest
    assert roundtrip(OpsMessage(text="down", dedupe_key="o")) == OpsMessage(text="down", dedupe_key="o")


def test_an_unknown_payload_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown message type"):
        message_from_payload({"type": "fax"})
