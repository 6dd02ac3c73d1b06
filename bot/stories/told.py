"""What a report tells of a story beyond its names: a one-off development, a place.

Promise (pure): predicates `judge` asks of an item and a live story when the names alone do
not decide: whether the item states the story's one-off development (`one_off`: a round, a
purchase, a ruling, a breach, an approval; `one_party_event`: a one-party story's round,
breach or approval), whether its headline names nobody (`describes`), and whether it names the story's
places (`placed_in`: in the story's places or its first items' words; `placed_alike`: one
place on both sides).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left

from bot.stories.labels import PLACE_WITHIN_ALL, places_apart
from bot.stories.minhash import word_hash
from bot.stories.profile import StoryProfile
from bot.stories.signature import ItemSignature


def has_word(column: array[int], h: int) -> bool:
    """Whether a sorted word column holds the word hash `h`."""
    i = bisect_left(column, h)
    return i < len(column) and column[i] == h


# Developments a company has once in a news cycle: its round or listing, its purchase or sale,
# a lawsuit or ruling, a breach. (A company announces several partnerships, results or
# expansions in one day, at a conference: those need more than the kind in common.)
ONE_OFF_KINDS = frozenset({"funding", "acquisition", "legal", "breach", "approval"})


def one_off(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the item states the story's one-off development, and only kinds its first items
    stated ("Omada Health becomes a public company" the day of "Omada Health prices IPO")."""
    kinds = sig.kinds
    return bool(kinds) and not kinds.isdisjoint(ONE_OFF_KINDS) and kinds <= story.kinds


# One-off developments of one company alone: its round or listing, a breach of its systems, a
# regulator's approval of its product.
_ONE_PARTY_KINDS = frozenset({"funding", "breach", "approval"})


def one_party_event(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the item states the round, listing, breach or approval of a story with one party."""
    return (len(story.lead_names) <= 1 and not sig.kinds.isdisjoint(_ONE_PARTY_KINDS)
            and sig.kinds <= story.kinds)


def describes(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the item's headline names nobody: no names at all or, against a story in
    another script (whose names it cannot compare), names only in its summary."""
    return not sig.names or (sig.lede_named and sig.foreign is not story.foreign)


def placed_in(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the story's first items name every place the item's headline names: as a
    place of theirs, a place within one of theirs (a city of their country or continent), or
    in the words of their names and summaries ("Kansas" of "University of Kansas Health
    System")."""
    for place in sig.places:
        if place in story.places or not story.places.isdisjoint(PLACE_WITHIN_ALL.get(place, ())):
            continue
        if not all(has_word(story.core_words, word_hash(w)) for w in place.split()):
            return False
    return True


def placed_alike(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the item's headline and the story's first ones name one place ("Osaka" and
    "大阪"; "Canadian" and "Toronto", a city and its country)."""
    return bool(sig.places) and bool(story.places) and not places_apart(sig.places, story.places)
