"""The parties of a headline as it writes them, from the stories' name finder.

Promise: `parties(title, summary)` maps each name key the stories find (`stories.names.names`:
folded key words, org suffixes dropped; a deal's partner is often an object, "X rolls out
Y", so every name counts, not only those in party positions) back to the headline's own words, extended over the
org-suffix words that follow it ("mayo" -> "Mayo Clinic"), in headline order, without
duplicates. A key the headline does not spell out word by word is left out.
"""

from __future__ import annotations

import re

from bot.stories import names as story_names
from bot.stories.headline import fold
from bot.stories.lexicon import ORG_SUFFIXES

_WORD = re.compile(r"[^\W_][\w.&'’:-]*", re.UNICODE)


def parties(title: str, summary: str = "") -> list[str]:
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(title)]
    folded = [fold(w).strip(".'’:-").removesuffix("'s").removesuffix("’s") for w, _, _ in words]
    out: dict[str, None] = {}
    for key in story_names.names(title, summary):
        span = _find(folded, list(key))
        if span is None:
            continue
        start, end = span
        while (
            end < len(words)
            and folded[end] in ORG_SUFFIXES
            and words[end][0][:1].isupper()
            and not re.search(r"['’]s$", words[end - 1][0])  # "Corvant's AI": the name ends
        ):
            end += 1
        text = title[words[start][1] : words[end - 1][2]].rstrip(".,:;'’")
        out.setdefault(re.sub(r"['’]s$", "", text), None)
    return list(out)


def _find(folded: list[str], key: list[str]) -> tuple[int, int] | None:
    """The span of `key`'s words in order, allowing org suffixes between them."""
    for i, word in enumerate(folded):
        if word != key[0]:
            continue
        j, k = i + 1, 1
        while k < len(key) and j < len(folded):
            if folded[j] == key[k]:
                k += 1
            elif folded[j] not in ORG_SUFFIXES:
                break
            j += 1
        if k == len(key):
            return i, j
    return None
