"""Hashed features of one item for the learned stage: pure, deterministic across processes.

Promise: `extract(title, summary, lists)` returns the sorted distinct feature ids of an item.
The features are its folded words (the same tokens the rules see: case- and accent-folded,
CJK one character a token), word pairs, title words apart, character 4-grams of long words
(German compounds, morphology the word features miss), which of the rule's term lists hit
in the title and anywhere, alone and in pairs, and the headline's shape around its names
(`_name_shapes`). `model.FEATURES` names this set: a model file records it, and one
trained on another set is refused. The lists carry what generalizes (kinds of
organisation, deal verbs, AI terms); the words let labeled examples refine them.

Ids are CRC-32 of the feature's text modulo 2**20 (zlib.crc32 is stable across runs and
platforms, unlike `hash`); a collision merges two rare features, which a linear model
tolerates.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from itertools import combinations, pairwise

from bot.rules.text import prepare, word_tokens
from bot.stories import names as headline_names

DIM = 1 << 20
LONG_WORD = 8  # words at least this long also give character 4-grams


def _ids(names: Iterable[str]) -> list[int]:
    return sorted({zlib.crc32(name.encode("utf-8")) & (DIM - 1) for name in names})


def names(title: str, summary: str, lists: Iterable[str] = (), title_lists: Iterable[str] = ()) -> set[str]:
    """The feature names (before hashing); for tests and for explaining a score."""
    t = word_tokens(prepare(title)) if title else []
    s = word_tokens(prepare(summary)) if summary else []
    out = {f"t:{w}" for w in t}
    for words in (t, s):
        out.update(f"w:{w}" for w in words)
        out.update(f"b:{a} {b}" for a, b in pairwise(words))
        for w in words:
            if len(w) >= LONG_WORD:
                out.update(f"c:{w[i:i + 4]}" for i in range(len(w) - 3))
    out.update(_name_shapes(title, summary, t))
    hit = sorted(set(lists))
    out.update(f"l:{name}" for name in hit)
    out.update(f"lt:{name}" for name in set(title_lists))
    out.update(f"l2:{a}&{b}" for a, b in combinations(hit, 2))
    out.add("bias")
    return out


def extract(title: str, summary: str, lists: Iterable[str] = (), title_lists: Iterable[str] = ()) -> list[int]:
    """The hashed feature ids of an item (see the module doc)."""
    return _ids(names(title, summary, lists, title_lists))


def _name_shapes(title: str, summary: str, words: list[str]) -> set[str]:
    """How many names and parties the headline has, and its word pairs with each name run
    replaced by NAME ("with NAME", "NAME agents"): what a deal looks like whoever made it.
    Names come from the stories' name finder (capitalized words that are not common words)."""
    if not title:
        return set()
    found = headline_names.names(title, summary)
    out = {f"nn:{min(len(found), 4)}", f"np:{min(len(headline_names.parties(title, summary)), 3)}"}
    in_names = {w for name in found for w in name}
    masked: list[str] = []
    for w in words:
        token = "NAME" if w in in_names else w
        if not (token == "NAME" and masked and masked[-1] == "NAME"):
            masked.append(token)
    out.update(f"m:{a} {b}" for a, b in pairwise(masked) if "NAME" in (a, b))
    return out
