"""Items for story-matching tests: one invented outlet, a fixed start time, hours after it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Item
from bot.stories.index import StoryIndex, StoryRef

T0 = datetime(2025, 5, 5, 9, 0, tzinfo=UTC)


def story_item(fp: str, title: str, summary: str = "", *, hours: float = 0, outlet: str | None = None) -> Item:
    """An item with its own URL, published `hours` after T0."""
    return Item(fingerprint=fp, source="feed", title=title, summary=summary, url=f"https://news.example/{fp}",
                published_at=T0 + timedelta(hours=hours), outlet=outlet)


def first_and_second(title: str, later: str, *, hours: float = 4, summary: str = "") -> tuple[StoryRef, StoryRef]:
    """Two items into a fresh index: the first (with `summary`), then `later` `hours` after."""
    index = StoryIndex()
    return index.assign(story_item("a", title, summary)), index.assign(story_item("b", later, hours=hours))
