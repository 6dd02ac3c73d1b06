"""Bring an in-memory story index up to date with stories another process wrote.

`refresh_stories(index, records)`: each record (a `StoryIndex.export_story` record read back
from the database) replaces the index's own profile of that story, or adds it if the index
does not hold it. Another instance may have added items (names, words, keys, outlets) to a
story this index also holds; keeping the stale profile would let a later item of that story
miss it and start a copy, so the stale one is evicted before the stored one is loaded.

Pure: no I/O. It reaches into `StoryIndex` for the eviction, which the index has no public
method for; `tests/test_storysync.py` holds that the result equals a fresh load.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.stories.index import StoryIndex


def refresh_stories(index: StoryIndex, records: Sequence[dict[str, Any]]) -> int:
    """Replace or add `records` in `index`; returns how many stories are live afterwards."""
    live = index._stories  # see the module docstring
    for record in records:
        stale = live.get(record["id"])
        if stale is not None:
            index._evict(stale)
    return index.load(records)
