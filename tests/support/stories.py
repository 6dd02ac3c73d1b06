"""Items for story-matching tests: one invented outlet, a fixed start time, hours after it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Item

T0 = datetime(2025, 5, 5, 9, 0, tzinfo=UTC)


def story_item(fp: str, title: str, summary: str = "", *, hours: float = 0, outlet: str | None = None) -> Item:
    """An item with its own URL, published `hours` after T0."""
    return Item(fingerprint=fp, source="feed", title=title, summary=summary, url=f"https://news.example/{fp}",
                published_at=T0 + timedelta(hours=hours), outlet=outlet)
