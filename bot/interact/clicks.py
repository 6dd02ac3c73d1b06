"""Feedback buttons: a click becomes a labeled example, confirmed to the clicker.

Promises, per click (`Interactions.decide`, then `Interactions.respond`):
- refused unless the gate admits the person (`gate`), the message is one of our alerts (its
  ts is a sent alert delivery's) and the button names that alert's story: refusals are logged
  with a stable `reason` and never stored;
- stored through `Store.record_feedback`, so a second identical click changes nothing and a
  different choice by the same person replaces the first, whatever the arrival order;
- answered with an ephemeral confirmation to the clicker and the alert's small context line
  (who marked what, rebuilt from the store, so it is the same however many clicks raced);
- "Same story as..." first answers with a menu of recent stories (nothing stored); the pick
  stores `same_story` with the other story as target.
`decide` does only local work (the store, the cached member list), so it fits Slack's 3 s
acknowledgement; `respond` makes the Web API calls and may run after the acknowledgement.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from slack_sdk.web.async_client import AsyncWebClient

from bot.config.settings import Settings
from bot.interact.gate import Gate
from bot.interact.payloads import Click, Refused
from bot.logs import get_logger
from bot.models import Clock
from bot.notifiers import slack_blocks as sb
from bot.rules import RuleSet
from bot.store import Store
from bot.store.feedback import Feedback, Label, Outcome, mute_subject, story_subject

log = get_logger(__name__)

_LABEL_OF: dict[str, Label] = {
    sb.ACTION_RELEVANT: "relevant",
    sb.ACTION_NOT_RELEVANT: "not_relevant",
    sb.ACTION_MUTE_OUTLET: "mute",
    sb.ACTION_SAME_STORY_PICK: "same_story",
}
_SHOWN = {"relevant": "relevant", "not_relevant": "not relevant", "same_story": "the same story"}


class Runtime(Protocol):
    """What the handlers read from the running service (an `App`; replaced on reload)."""

    settings: Settings
    store: Store
    rules: RuleSet


@dataclass(frozen=True, slots=True)
class Decision:
    click: Click
    outcome: Outcome | None  # None: a menu to show, nothing stored
    feedback: Feedback | None = None
    menu: list[tuple[str, str]] | None = None  # (story id, title) for "Same story as..."


class Interactions:
    """Answers clicks and `/newsbot` (see `commands`) for one running service."""

    def __init__(self, runtime: Any, client: AsyncWebClient, gate: Gate, clock: Clock) -> None:
        self._runtime = runtime  # Callable[[], Runtime]
        self.client = client
        self.gate = gate
        self.clock = clock

    def now(self) -> datetime:
        return self.clock()

    @property
    def rt(self) -> Runtime:
        runtime: Runtime = self._runtime()
        return runtime

    async def decide(self, click: Click) -> Decision:
        """Check, then store (see the module's promises); raises `Refused`."""
        try:
            await self.gate.check(click.team_id, click.user_id)
            return await asyncio.to_thread(self._decide, click)
        except Refused as exc:
            log.warning("slack_interaction_refused", reason=exc.reason, detail=str(exc),
                        user=click.user_id, team=click.team_id, action=click.action_id)
            raise

    def _decide(self, click: Click) -> Decision:
        store = self.rt.store
        story_id, other = click.value, None
        if click.action_id == sb.ACTION_SAME_STORY_PICK:
            story_id, _, rest = click.value.partition("|")
            other, _, message_ts = rest.partition("|")
            click = _with_ts(click, message_ts)
        if store.message_story(click.message_ts) != story_id or not story_id:
            raise Refused("unknown_message", click.message_ts)
        story = store.get_story(story_id)
        lead = store.get_item(story.lead_fingerprint) if story is not None else None
        if story is None or lead is None:
            raise Refused("unknown_message", f"story {story_id} is gone")
        if click.action_id == sb.ACTION_SAME_STORY:
            recent = [(s, t) for s, t in store.recent_alerted(limit=26) if s != story_id]
            return Decision(click, None, menu=recent[:25])
        if other is not None and (other == story_id or store.get_story(other) is None):
            raise Refused("unknown_story", other)
        rules = store.story_rules(story_id)
        item = lead.item
        label = _LABEL_OF[click.action_id]
        rule = rules[0] if rules else None
        subject = story_subject(story_id)
        if label == "mute":
            subject = mute_subject(rule or "*", item.outlet or item.source)
        fb = Feedback(
            subject=subject, user_id=click.user_id, label=label, at=self.now(),
            user_name=click.user_name or None, team_id=click.team_id,
            target=other if label == "same_story" else (item.outlet or item.source) if label == "mute" else None,
            rule=rule, story_id=story_id, item_fingerprint=item.fingerprint, title=item.title,
            summary=item.summary, url=item.url, outlet=item.outlet, source=item.source,
            channel=click.channel_id, message_ts=click.message_ts,
        )  # fmt: skip
        outcome = store.record_feedback(fb)
        log.info("slack_feedback", outcome=outcome, label=label, story=story_id, user=click.user_id, rule=rule)
        return Decision(click, outcome, fb)

    async def respond(self, decision: Decision) -> None:
        """The ephemeral answer and the alert's context line; Slack errors are logged only
        (the example is stored whatever happens to the courtesy messages)."""
        try:
            if decision.menu is not None:
                await self._menu(decision)
                return
            fb = decision.feedback
            assert fb is not None
            await self.client.chat_postEphemeral(
                channel=decision.click.channel_id, user=decision.click.user_id,
                text=_confirmation(fb, decision.outcome),
            )  # fmt: skip
            if fb.label != "mute" and decision.click.blocks and not decision.click.ephemeral:
                await self._mark(decision.click, fb)
        except Exception as exc:
            log.warning("slack_answer_failed", error=f"{type(exc).__name__}: {exc}")

    async def _mark(self, click: Click, fb: Feedback) -> None:
        marks = await asyncio.to_thread(self.rt.store.subject_feedback, fb.subject)
        line = context_line(marks)
        blocks = [b for b in click.blocks if b.get("block_id") != sb.FEEDBACK_BLOCK_ID]
        at = next((i for i, b in enumerate(blocks) if b.get("block_id") == sb.ACTIONS_BLOCK_ID), len(blocks))
        blocks.insert(at, sb.feedback_context(line).to_dict())
        await self.client.chat_update(channel=click.channel_id, ts=click.message_ts, blocks=blocks,
                                      text=click.text or "newsbot alert")

    async def _menu(self, decision: Decision) -> None:
        click = decision.click
        options = [
            {"text": {"type": "plain_text", "text": sb.plain(title, 75) or story},
             "value": f"{click.value}|{story}|{click.message_ts}"}
            for story, title in decision.menu or []
        ]  # fmt: skip
        if not options:
            await self.client.chat_postEphemeral(channel=click.channel_id, user=click.user_id,
                                                 text="No other recent story to choose from.")
            return
        block = {
            "type": "section", "text": {"type": "mrkdwn", "text": "Same story as which one?"},
            "accessory": {"type": "static_select", "action_id": sb.ACTION_SAME_STORY_PICK,
                          "placeholder": {"type": "plain_text", "text": "Pick a story"},
                          "options": options},
        }  # fmt: skip
        await self.client.chat_postEphemeral(channel=click.channel_id, user=click.user_id,
                                             text="Same story as which one?", blocks=[block])


def _with_ts(click: Click, ts: str) -> Click:
    from dataclasses import replace

    return replace(click, message_ts=ts, ephemeral=True, blocks=[])


def context_line(marks: list[Feedback]) -> str:
    """"marked not relevant by <@U1>, <@U2> · relevant by <@U3>" (ids checked by `payloads`)."""
    groups: dict[str, list[str]] = {}
    for fb in marks:
        groups.setdefault(fb.label, []).append(f"<@{fb.user_id}>")
    parts = [f"marked {_SHOWN.get(label, label)} by {', '.join(users[:10])}"
             + (f" and {len(users) - 10} more" if len(users) > 10 else "")
             for label, users in groups.items()]  # fmt: skip
    return " · ".join(parts)


def _confirmation(fb: Feedback, outcome: Outcome | None) -> str:
    if fb.label == "mute":
        what = f"Muted {sb.text(fb.target, 200)} for {sb.text(fb.rule or 'every rule', 100)}"
        what += ": `newsbot suggest` will propose the exclusion"
    else:
        what = f"Marked {sb.text(fb.title, 200)} as {_SHOWN[fb.label]}"
    tail = {"stored": "", "unchanged": " (already recorded)", "replaced": " (your earlier choice is replaced)"}
    return what + tail.get(outcome or "", "") + "."
