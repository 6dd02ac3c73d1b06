"""`refresh_stories`: an index brought up to date with stories another process wrote holds
exactly what that process holds, as a fresh load would (not a merge, not a second copy)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Item
from bot.pipeline.storysync import refresh_stories
from bot.stories.index import StoryIndex

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def item(fp: str, title: str, outlet: str, minutes: int = 0) -> Item:
    at = NOW + timedelta(minutes=minutes)
    return Item(
        fingerprint=fp,
        source=outlet.lower(),
        title=title,
        summary=f"{title}. The health system said the work starts this year.",
        url=f"https://{outlet.lower()}.example/{fp}",
        canonical_url=f"https://{outlet.lower()}.example/{fp}",
        guid=fp,
        published_at=at,
        fetched_at=at,
        outlet=outlet,
    )


def test_a_story_another_index_extended_replaces_ours_and_a_new_one_is_added() -> None:
    theirs, ours = StoryIndex(), StoryIndex()
    first = theirs.assign(item("a1", "Mayo Clinic and Microsoft announce AI partnership", "Alpha"))
    ours.load([theirs.export_story(first.story_id)])
    theirs.assign(item("b1", "Mayo Clinic, Microsoft team up on generative AI", "Beta", 5))
    other = theirs.assign(item("b2", "Duke Health partners with Abridge on notes", "Beta", 6))
    assert len(theirs.story(first.story_id).members) == 2  # type: ignore[union-attr]

    live = refresh_stories(ours, [theirs.export_story(s) for s in theirs.story_ids()])

    assert live == 2 and other.is_new
    assert ours.export() == theirs.export()
    fresh = StoryIndex()
    fresh.load(theirs.export())
    again = item("c1", "Mayo Clinic, Microsoft team up on generative AI tools", "Gamma", 9)
    assert ours.assign(again).story_id == fresh.assign(again).story_id == first.story_id
