"""The maker of an AI product a headline names without naming its maker.

Promise: `maker(product)` gives the maker of a product name as a headline writes it ("DAX
Copilot", "GPT-4", "Gemini-based"): the longest product of the stories' maker table
(`bot/stories/data/makers.txt`, one table for stories and facts) the name starts with, at a
word boundary, case-insensitive; None for a product the table does not know. Pure.
"""

from __future__ import annotations

import re

from bot.stories.lexicon import MAKER_NAMES

_MAKERS = [(product.casefold(), who) for product, who in MAKER_NAMES]  # the longest first
_BOUNDARY = re.compile(r"(?:$|[\W\d_])")  # "GPT-4", "GPT4", "Gemini-based": the name ends there


def maker(product: str) -> str | None:
    """The maker of `product`, or None."""
    name = product.casefold()
    for known, who in _MAKERS:
        if name.startswith(known) and _BOUNDARY.match(name, len(known)):
            return who
    return None
