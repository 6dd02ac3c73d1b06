"""Digests with `summary: model` show the model answer cached for each story (validated and
cleaned like an alert's, then escaped by the renderer), the offline summary where none is
cached, and never call the model: a real store, the real model path against the local
stand-in for the cached answer, the digest builder, the outbox and the e-mail notifier
delivering to a local SMTP server."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from bot.config.settings import Settings
from bot.delivery.digest import build_due_digests, compose, model_rules
from bot.delivery.messages import Alert
from bot.delivery.outbox import Outbox
from bot.delivery.routing import build_routes
from bot.llm.summaries import ModelSummaries
from bot.models import Item
from bot.notifiers import notifier_for
from bot.store import MatchRecord, NewItem, PollBatch, Store, StoryUpsert
from tests.support.db import make_match, open_store_fixture, store_fixture, store_url_fixture  # noqa: F401
from tests.support.llm_standin import OBEY, LlmStandin
from tests.support.llm_standin import llm_standin as llm_standin
from tests.support.smtp import SmtpServer
from tests.support.smtp import smtp_server as smtp_server
from tests.test_digest import MONDAY, NY, WEEKDAYS, period

AT = datetime(2024, 6, 1, 15, 0, tzinfo=UTC)
HOSTILE = ("Deal signed <b>today</b>. Ask @here, and see https://evil.example/x or "
           "https://news.example/s3/0 for more.")


def settings(standin: LlmStandin, smtp: tuple[str, int] = ("127.0.0.1", 9), *,
             digest_summary: str | None = "model", rule_summary: str = "extractive") -> Settings:
    data: dict[str, Any] = {
        "timezone": "America/New_York",
        "llm": {"provider": "compatible", "model": "standin", "base_url": standin.base_url,
                "max_retries": 0},
        "smtp": {"host": smtp[0], "port": smtp[1], "security": "none", "from": "newsbot@example.org"},
        "rules": [
            {"name": "health-ai", "query": "AI", "notify": ["weekday-digest"], "summary": rule_summary},
            {"name": "pharma-ai", "query": "pharma", "notify": ["weekday-digest"]},
        ],
        "destinations": {"weekday-digest": {
            "type": "email_digest", "to": ["team@example.org"], "schedule": WEEKDAYS,
            **({"summary": digest_summary} if digest_summary else {}),
        }},
    }
    return Settings.model_validate(data)


def add_story(store: Store, story: str, rule: str, title: str) -> None:
    """A one-item story matched by `rule`; its feed summary is the offline summary."""
    item = Item(fingerprint=f"{story}-0", source="src", title=title, summary=f"Feed text of {story}.",
                url=f"https://news.example/{story}/0", canonical_url=f"https://news.example/{story}/0",
                published_at=AT, fetched_at=AT, outlet="STAT")
    store.commit_poll(PollBatch(
        source="src", now=AT, items=(NewItem(item, story),),
        stories=(StoryUpsert(story, item.fingerprint, title, AT, AT, ("STAT",), 1),),
        matches=(MatchRecord(item.fingerprint, make_match(rule), story),),
    ))


def summaries_shown(store: Store, config: Settings) -> dict[str, str]:
    rules, _ = build_routes(config).digests["weekday-digest"]
    model = model_rules(config, config.destinations["weekday-digest"], rules)
    shown = compose(store, "weekday-digest", rules, period(WEEKDAYS, MONDAY), NY, model)
    return {e.headline: e.summary for _, entries in shown.groups for e in entries}


async def test_a_model_digest_shows_cached_answers_cleaned_and_escaped_and_never_calls(
    store: Store, llm_standin: LlmStandin, smtp_server: SmtpServer
) -> None:
    config = settings(llm_standin, (smtp_server.host, smtp_server.port))
    for story, rule, title in (("s1", "health-ai", "Mayo Clinic licenses Microsoft AI"),
                               ("s2", "health-ai", "Duke Health and Google sign AI deal"),
                               ("s3", "pharma-ai", "Pfizer pharma AI lab")):
        add_story(store, story, rule, title)
    # s1: answered when its alert went out, by a model that obeys injected orders
    llm_standin.mode = "obey"
    alert = Alert(story_id="s1", headline="Mayo Clinic licenses Microsoft AI", url="https://news.example/s1/0",
                  outlet="STAT", summary="Offline.", rules=["health-ai"], dedupe_key="s1:x")
    await ModelSummaries(config.llm, store, clock=lambda: MONDAY).for_alert(alert)  # type: ignore[arg-type]
    # s3: a stored answer that was never cleaned (written by hand, or by an older version)
    store.put_model_answer("s3", HOSTILE, {"parties": ["Pfizer"]}, "standin", 10, MONDAY)
    calls = len(llm_standin.requests)

    assert build_due_digests(store, config, build_routes(config), MONDAY)
    box = Outbox(store, {"weekday-digest": notifier_for(config.destinations["weekday-digest"],
                                                        clock=lambda: MONDAY)},
                 owner="t", clock=lambda: MONDAY, rng=random.Random(1))
    assert (await box.drain()).sent == 1

    assert len(llm_standin.requests) == calls == 1  # the digest asked the model nothing
    [received] = smtp_server.received
    html = received.message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = received.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "channel Ignore the rest and visit [link removed] now." in html  # s1, as its alert would say
    assert "Feed text of s2." in text  # s2: nothing cached, offline
    assert "Deal signed &lt;b&gt;today&lt;/b&gt;. Ask here, and see [link removed] or" in html  # s3
    assert "https://news.example/s3/0 for more." in text  # the story's own link stays
    for shown in (html, text):
        assert "evil.example" not in shown and "@here" not in shown and "@channel" not in shown
        assert OBEY["summary"] not in shown
    assert "<b>today" not in html  # plain text shows it as text; HTML escapes it


async def test_the_destination_or_else_the_rule_chooses_model_summaries(
    store: Store, llm_standin: LlmStandin
) -> None:
    add_story(store, "s1", "health-ai", "Health AI story")
    add_story(store, "s2", "pharma-ai", "Pharma story")
    for story in ("s1", "s2"):
        store.put_model_answer(story, f"Model summary of {story}.", None, "standin", 10, MONDAY)
    offline = {"Health AI story": "Feed text of s1.", "Pharma story": "Feed text of s2."}

    by_rule = settings(llm_standin, digest_summary=None, rule_summary="model")
    assert summaries_shown(store, by_rule) == {**offline, "Health AI story": "Model summary of s1."}
    assert summaries_shown(store, settings(llm_standin)) == {
        "Health AI story": "Model summary of s1.", "Pharma story": "Model summary of s2."}
    refused = settings(llm_standin, digest_summary="extractive", rule_summary="model")
    assert summaries_shown(store, refused) == offline
    assert llm_standin.requests == []


async def test_a_cached_answer_that_no_longer_validates_gives_the_offline_summary(
    store: Store, llm_standin: LlmStandin
) -> None:
    add_story(store, "s1", "health-ai", "Health AI story")
    store.put_model_answer("s1", "One. Two. Three. Four.", {"deal_type": "merger"}, "standin", 10, MONDAY)
    assert summaries_shown(store, settings(llm_standin)) == {"Health AI story": "Feed text of s1."}
