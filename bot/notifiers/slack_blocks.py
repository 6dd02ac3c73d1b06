"""Slack mrkdwn escaping and Block Kit building. Pure: data in, JSON-ready dicts out.

Every feed-controlled string that goes into mrkdwn goes through `text()`: it is cleaned with
`render.display_line` (one line, no control/bidi/zero-width/tag characters), its `&`, `<`, `>`
are escaped as Slack asks ("Escaping text",
https://api.slack.com/reference/surfaces/formatting#escaping), so a title cannot form
`<!channel>`, `<!here>`, `<@U..>`, `<!subteam^..>` or a disguised `<url|text>` link, and the
mrkdwn formatting characters `* _ ~ `` ` are swapped for look-alikes so feed text cannot bold,
strike, quote or code-block the message around it (Slack has no backslash escape for them).
Links are built only here, from `render.display_url` (absolute http/https), with `&` escaped.

Slack limits (https://api.slack.com/reference/block-kit/blocks): section text 3,000 chars,
header text 150, context elements 10, blocks per message 50; the top-level `text` fallback is
kept under 3,000 chars (chat.postMessage truncates past 40,000). Cuts are by code point, made
before escaping so an entity such as `&amp;` is never split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.delivery.messages import facts_parts
from bot.notifiers.render import display_line, display_url

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
CONTEXT_ELEMENTS = 10
MAX_BLOCKS = 50
FALLBACK_LIMIT = 3000
HEADLINE_LIMIT = 300  # a sane headline; a 100k-char title is cut here
SUMMARY_LIMIT = 1200

# Look-alikes for mrkdwn formatting characters in feed text (no escape exists for these).
_NEUTRAL = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})


def escape(value: str) -> str:
    """Escape Slack's three control characters; `&` first so entities are not doubled."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: str | None, limit: int = SECTION_LIMIT) -> str:
    """Feed text made safe for mrkdwn: cleaned, formatting neutralised, escaped, <= `limit`."""
    line = display_line(value).translate(_NEUTRAL)
    budget = limit
    while True:
        out = escape(display_line(line, budget))
        if len(out) <= limit:
            return out
        if budget <= 1:
            return ""
        # escaping lengthened it (up to 5x for "&"): cut the clean text shorter and retry
        budget = max(1, min(budget - 1, budget * limit // len(out)))


def plain(value: str | None, limit: int) -> str:
    """Feed text for a plain_text field (not parsed as mrkdwn, so only cleaned and cut)."""
    return display_line(value, limit)


def link_url(url: str | None) -> str | None:
    """A link target for `<url|text>`: http(s) only, `&` escaped; `|`, `<`, `>` are refused."""
    safe = display_url(url)
    return escape(safe) if safe else None


def link(url: str | None, label: str | None, limit: int = HEADLINE_LIMIT) -> str:
    """`<url|label>` with an escaped label, or just the escaped label when the URL is unsafe."""
    target = link_url(url)
    shown = text(label, limit) or (text(display_url(url), limit) if target else "")
    return f"<{target}|{shown}>" if target else shown


def date_token(when: datetime | None) -> str:
    """Slack's `<!date^...>` token (shown in each reader's own time zone), UTC fallback text."""
    if when is None:
        return ""
    fallback = when.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(when.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def section(mrkdwn: str) -> SectionBlock:
    # verbatim: Slack must not auto-link URLs or channel names inside feed text
    return SectionBlock(text=MarkdownTextObject(text=mrkdwn[:SECTION_LIMIT], verbatim=True))


def _context(parts: Sequence[str]) -> ContextBlock:
    elements = [MarkdownTextObject(text=p[:SECTION_LIMIT], verbatim=True) for p in parts if p]
    return ContextBlock(elements=elements[:CONTEXT_ELEMENTS])


def byline(outlet: str | None, when: datetime | None) -> str:
    return " · ".join(p for p in (text(outlet, 200), date_token(when)) if p)


def covered_by(pairs: Sequence[tuple[str, str]], limit: int = 10) -> str:
    """"Also covered by <url|A>, <url|B> and 3 more"."""
    shown = [link(url, outlet, 120) for outlet, url in pairs[:limit]]
    more = len(pairs) - limit
    tail = f" and {more} more" if more > 0 else ""
    return f"Also covered by {', '.join(shown)}{tail}" if shown else ""


def alert_blocks(
    *,
    headline: str,
    url: str | None,
    outlet: str | None,
    published_at: datetime | None,
    summary: str,
    rules: Sequence[str],
    terms: Sequence[str],
    also_covered: Sequence[tuple[str, str]] = (),
    facts: Mapping[str, Any] | None = None,
) -> list[Block]:
    """The first post about a story: linked headline, its facts line, byline, summary, why it
    matched."""
    blocks: list[Block] = [section(f"*{link(url, headline)}*")]
    blocks += facts_blocks(facts)
    if outlet or published_at:
        blocks.append(_context([byline(outlet, published_at)]))
    if summary:
        blocks.append(section(text(summary, SUMMARY_LIMIT)))
    blocks.append(_context([matched_on(rules, terms)]))
    if also_covered:
        blocks.append(_context([covered_by(also_covered)]))
    return blocks


# --- the facts line (issue 13): kept apart so other sections can grow beside it ---------

FACTS_PART_LIMIT = 200


def facts_line(facts: Mapping[str, Any] | None) -> str:
    """"Mayo Clinic + Microsoft · partnership · $50M · radiology": each part is feed- or
    model-derived text, so each goes through `text()` like any feed text."""
    return " · ".join(text(part, FACTS_PART_LIMIT) for part in facts_parts(dict(facts or {})))


def facts_blocks(facts: Mapping[str, Any] | None) -> list[Block]:
    """A context block with the facts line under the headline, or nothing without facts."""
    line = facts_line(facts)
    return [_context([line])] if line else []


def matched_on(rules: Sequence[str], terms: Sequence[str]) -> str:
    rule_text = ", ".join(f"*{text(r, 100)}*" for r in rules[:5]) or "a rule"
    term_text = ", ".join(text(t, 80) for t in terms[:15])
    return f"Matched {rule_text}" + (f" on: {term_text}" if term_text else "")


def followup_blocks(*, headline: str, url: str | None, outlet: str | None) -> list[Block]:
    """A thread reply naming later coverage of the same story."""
    source = link(url, outlet or headline, 200)
    title = text(headline, HEADLINE_LIMIT) if outlet else ""
    return [section(f"Also covered by {source}" + (f": {title}" if title else ""))]


def digest_blocks(name: str, period: str, groups: Sequence[tuple[str, Sequence[Any]]]) -> list[Block]:
    """A digest as blocks, one line per story, stopping before Slack's 50-block limit."""
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=plain(f"{name}: {period}", HEADER_LIMIT) or "Digest", emoji=False))]
    total = sum(len(entries) for _, entries in groups)
    shown = 0
    for rule, entries in groups:
        if len(blocks) >= MAX_BLOCKS - 3:
            break
        blocks += [DividerBlock(), section(f"*{text(rule, 200)}* ({len(entries)})")]
        for entry in entries:
            if len(blocks) >= MAX_BLOCKS - 1:
                break
            line = f"• {link(entry.url, entry.headline)}"
            blocks.append(section(" · ".join(p for p in (line, text(entry.outlet, 200)) if p)))
            shown += 1
    if shown < total:
        blocks.append(_context([f"and {total - shown} more stories"]))
    elif total == 0:
        blocks.append(section("No new stories in this period."))
    return blocks


def fallback(*parts: str | None) -> str:
    """The top-level `text` (notifications, screen readers): escaped, one line, capped."""
    joined = " · ".join(display_line(p) for p in parts if p)
    return text(joined, FALLBACK_LIMIT) or "newsbot"


def to_dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """JSON-ready blocks (slack-sdk validates limits in `to_dict()`)."""
    return [block.to_dict() for block in blocks]


# -- feedback buttons (answered by `bot.interact`; the action ids are the contract) ----------
ACTION_RELEVANT = "newsbot_relevant"
ACTION_NOT_RELEVANT = "newsbot_not_relevant"
ACTION_SAME_STORY = "newsbot_same_story"
ACTION_MUTE_OUTLET = "newsbot_mute_outlet"
ACTION_SAME_STORY_PICK = "newsbot_same_story_pick"  # the menu "Same story as..." opens
ACTIONS_BLOCK_ID = "newsbot_feedback_actions"
FEEDBACK_BLOCK_ID = "newsbot_feedback"  # the context line naming who marked what


def actions_block(story_id: str) -> ActionsBlock:
    """Relevant / Not relevant / Same story as... / Mute this outlet, each valued with the
    story id (the handler trusts nothing else in the click: it looks the story up)."""
    buttons = [
        ("Relevant", ACTION_RELEVANT, "primary"),
        ("Not relevant", ACTION_NOT_RELEVANT, "danger"),
        ("Same story as...", ACTION_SAME_STORY, None),
        ("Mute this outlet for this rule", ACTION_MUTE_OUTLET, None),
    ]
    return ActionsBlock(
        block_id=ACTIONS_BLOCK_ID,
        elements=[
            ButtonElement(text=label, action_id=action, value=story_id[:2000], style=style)
            for label, action, style in buttons
        ],
    )


def feedback_context(line: str) -> ContextBlock:
    """The small line under an alert ("marked not relevant by <@U1>"); `line` is built by
    the caller from user ids it checked, never from free text."""
    return ContextBlock(
        block_id=FEEDBACK_BLOCK_ID,
        elements=[MarkdownTextObject(text=line[:SECTION_LIMIT], verbatim=False)],
    )
