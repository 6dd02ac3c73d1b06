"""Compatibility path: the settings models live in `bot.config.settings`.

Kept only while the story modules' tests still import `bot.settings`; removed with the
move of those modules into `bot/stories/`.
"""

from bot.config.settings import *  # noqa: F403
from bot.config.settings import Settings

__all__ = ["Settings"]
