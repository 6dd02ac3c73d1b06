"""Compatibility path: URL canonicalization lives in `bot.normalize.urls`.

Kept only while `bot.cluster` still imports `bot.urls`; removed with the move of the story
modules into `bot/stories/`.
"""

from bot.normalize.urls import canonical_url

__all__ = ["canonical_url"]
