"""`/newsbot`: `why <url>`, `test <text>`, `recent [rule]`, `mute <outlet> [rule]`, `feedback`.

Promises: every answer is ephemeral (only the person who asked sees it) and every string that
came from a feed, a rule or the person is escaped for mrkdwn (`slack_blocks.text`), so an
answer can neither ping a channel nor fake a link. Only people the gate admits get an answer
other than a refusal. Answers come from the store and the compiled rules only (no network),
so they fit inside Slack's 3 s window and travel back in the acknowledgement itself.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.interact.clicks import Interactions
from bot.interact.payloads import Command, Refused
from bot.logs import get_logger
from bot.normalize.item import record_to_item
from bot.normalize.urls import canonical_url, safe_http_url
from bot.notifiers.slack_blocks import link, text
from bot.store.feedback import Feedback, mute_subject

log = get_logger(__name__)

USAGE = (
    "*/newsbot* `why <url>` · `test <text>` · `recent [rule]` · `mute <outlet> [rule]` · `feedback`"
)


def ephemeral(body: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": body[:3000]}


async def answer(handler: Interactions, command: Command) -> dict[str, Any]:
    """The ephemeral answer to one `/newsbot` (refusals included, logged)."""
    try:
        await handler.gate.check(command.team_id, command.user_id)
    except Refused as exc:
        log.warning("slack_command_refused", reason=exc.reason, user=command.user_id, team=command.team_id)
        return ephemeral("Sorry, only members of newsbot's channels can use /newsbot.")
    verb, _, rest = command.text.strip().partition(" ")
    work = {"why": _why, "test": _test, "recent": _recent, "mute": _mute, "feedback": _counts}
    run = work.get(verb.lower())
    if run is None:
        return ephemeral(USAGE)
    return ephemeral(await asyncio.to_thread(run, handler, command, rest.strip()))


def _why(handler: Interactions, command: Command, arg: str) -> str:
    url = safe_http_url(arg.strip("<>").partition("|")[0])
    if url is None:
        return "Usage: `/newsbot why <url>` (an http or https link)"
    store = handler.rt.store
    row = store.find_by_url(canonical_url(url))
    if row is None:
        return f"newsbot has not seen {text(url, 300)}"
    lines = [f"*{link(row.item.url, row.item.title)}* ({text(row.item.outlet or row.item.source, 100)})"]
    for m in store.item_matches(row.item.fingerprint):
        lines.append(f"matched *{text(m.rule, 100)}* on: {text(', '.join(m.terms), 500)}")
    if row.story_id is None:
        lines.append(f"no story: {text(row.story_reason or 'it matched no rule', 300)}")
    else:
        lines.append(f"story: {text(row.story_reason or row.story_id, 300)}")
    return "\n".join(lines)


def _test(handler: Interactions, command: Command, arg: str) -> str:
    if not arg:
        return "Usage: `/newsbot test <headline text>`"
    item = record_to_item({"id": "slack-test", "title": arg, "source": "slack"})
    rules = handler.rt.rules
    lines = []
    for name in rules.names:
        exp = rules.explain(name, item)
        mark = "matches" if exp.matched else "no match"
        lines.append(f"*{text(name, 100)}*: {mark} ({text(exp.reason(), 400)})")
    return "\n".join(lines) or "No rules are configured."


def _recent(handler: Interactions, command: Command, arg: str) -> str:
    rule = arg or None
    if rule is not None and rule not in handler.rt.rules.names:
        return f"No rule {text(rule, 100)}; rules: {text(', '.join(handler.rt.rules.names), 500)}"
    stories = handler.rt.store.recent_alerted(rule=rule, limit=10)
    if not stories:
        return "No stories yet."
    return "\n".join(f"• {text(title, 200)}" for _, title in stories)


def _mute(handler: Interactions, command: Command, arg: str) -> str:
    words = arg.split()
    names = handler.rt.rules.names
    rule = words[-1] if len(words) > 1 and words[-1] in names else None
    outlet = " ".join(words[:-1] if rule else words).strip("\"'")
    if not outlet:
        return "Usage: `/newsbot mute <outlet> [rule]`"
    fb = Feedback(
        subject=mute_subject(rule or "*", outlet), user_id=command.user_id, label="mute",
        at=handler.now(), user_name=command.user_name or None, team_id=command.team_id,
        target=outlet, rule=rule, title=f"mute {outlet}", channel=command.channel_id,
    )  # fmt: skip
    outcome = handler.rt.store.record_feedback(fb)
    log.info("slack_feedback", outcome=outcome, label="mute", user=command.user_id, rule=rule)
    scope = f"for *{text(rule, 100)}*" if rule else "for every rule"
    return (f"Mute of {text(outlet, 200)} {scope} recorded"
            + (" (already recorded)" if outcome == "unchanged" else "")
            + ": `newsbot suggest` proposes the exclusion.")  # fmt: skip


def _counts(handler: Interactions, command: Command, arg: str) -> str:
    counts = handler.rt.store.feedback_counts()
    shown = ", ".join(f"{label.replace('_', ' ')}: {n}" for label, n in counts.items())
    return f"Feedback so far: {shown}."
