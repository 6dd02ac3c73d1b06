"""Routing: which destinations get a rule's alerts and digests, with the console fallback of
DESIGN 8b (console only when no destination of the same kind can send)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config.settings import Settings
from bot.delivery.routing import build_routes, disabled_destinations

SLACK_ON = {"type": "slack", "channel": "#health-ai", "token": "xoxb-1"}
SLACK_OFF = {"type": "slack", "channel": "#health-ai"}
MAIL = {"type": "email", "to": ["a@example.org"]}
DIGEST = {"type": "email_digest", "to": ["team@example.org"], "schedule": "0 8 * * mon-fri"}
HOOK = {"type": "webhook", "url": "https://hooks.example/x"}
CONSOLE = {"type": "console"}
SMTP = {"host": "mail.example.org", "from": "newsbot@example.org"}


def config(destinations: dict[str, Any], *rules: list[str], smtp: bool = False) -> Settings:
    return Settings.model_validate({
        "rules": [
            {"name": f"rule-{i}", "query": "AI", "notify": notify} for i, notify in enumerate(rules)
        ],
        "destinations": destinations,
        **({"smtp": SMTP} if smtp else {}),
    })


def test_a_fresh_machine_sends_alerts_and_digests_to_the_console() -> None:
    settings = config({"slack": SLACK_OFF, "digest": DIGEST, "console": CONSOLE},
                      ["slack", "digest", "console"])

    routes = build_routes(settings)

    assert routes.alert_destinations("rule-0") == ("console",)
    assert routes.digests == {"digest": (("rule-0",), "console")}


def test_setting_the_token_moves_alerts_to_slack_and_off_the_console() -> None:
    settings = config({"slack": SLACK_ON, "digest": DIGEST, "console": CONSOLE},
                      ["slack", "digest", "console"])

    routes = build_routes(settings)

    assert routes.alert_destinations("rule-0") == ("slack",)
    assert routes.digests == {"digest": (("rule-0",), "console")}  # no mail server yet


def test_with_a_mail_server_the_digest_goes_by_mail() -> None:
    settings = config({"slack": SLACK_OFF, "digest": DIGEST, "console": CONSOLE},
                      ["slack", "digest", "console"], smtp=True)

    routes = build_routes(settings)

    assert routes.digests == {"digest": (("rule-0",), "digest")}
    # the digest sends digests, not alerts: immediate alerts still fall back to the console
    assert routes.alert_destinations("rule-0") == ("console",)


@pytest.mark.parametrize(
    ("notify", "smtp", "expected"),
    [
        (["mail", "console"], True, ("mail",)),
        (["mail", "console"], False, ("console",)),
        (["hook", "slack-off", "console"], False, ("hook",)),
        (["slack-on", "mail", "hook"], True, ("slack-on", "mail", "hook")),
        (["slack-off", "mail"], False, ()),  # nothing can send and no console: nothing
        (["console"], False, ("console",)),
    ],
)
def test_the_console_gets_alerts_only_when_no_other_alert_destination_can_send(
    notify: list[str], smtp: bool, expected: tuple[str, ...]
) -> None:
    dests = {"slack-on": SLACK_ON, "slack-off": SLACK_OFF, "mail": MAIL, "hook": HOOK,
             "console": CONSOLE}

    assert build_routes(config(dests, notify, smtp=smtp)).alert_destinations("rule-0") == expected


def test_a_digest_collects_every_rule_that_lists_it_in_rule_order() -> None:
    settings = config({"digest": DIGEST, "console": CONSOLE},
                      ["digest"], ["console"], ["digest", "console"], smtp=True)

    routes = build_routes(settings)

    assert routes.digests == {"digest": (("rule-0", "rule-2"), "digest")}
    assert routes.alert_destinations("rule-0") == ()  # a digest-only rule has no alerts
    assert routes.alert_destinations("rule-1") == ("console",)


def test_a_disabled_digest_without_a_console_is_not_built() -> None:
    routes = build_routes(config({"digest": DIGEST}, ["digest"]))

    assert routes.digests == {}


def test_an_unknown_rule_has_no_destinations() -> None:
    assert build_routes(config({"console": CONSOLE}, ["console"])).alert_destinations("x") == ()


def test_disabled_destinations_name_what_to_set() -> None:
    settings = config({"slack": SLACK_OFF, "digest": DIGEST, "console": CONSOLE, "on": SLACK_ON},
                      ["slack", "digest", "console", "on"])

    reasons = disabled_destinations(settings)

    assert set(reasons) == {"slack", "digest"}
    assert "SLACK_BOT_TOKEN" in reasons["slack"] and "smtp" in reasons["digest"]
