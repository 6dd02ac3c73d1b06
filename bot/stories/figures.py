"""How an item's figures and clinical areas compare with a story's (`judge` asks these).

Promises (pure): `same_figure` (one dollar figure of $1M or more in both, or one figure in
another currency), `figure_keys` (those figures as name-index keys), `upfront_and_total`
(two headline figures of one licensing deal: its upfront payment and its total),
`areas_differ` (the headlines' clinical areas, none in common, as "a vs b"), and the short
forms explanations print (`fmt`, `dollars`).
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import combinations

from bot.stories.lexicon import DIAGNOSTIC_AREAS
from bot.stories.profile import StoryProfile
from bot.stories.signature import AREA_OF, ItemSignature

_AREA_HASHES = frozenset(AREA_OF)


def figure_keys(sig: ItemSignature) -> list[str]:
    """The name-index keys of an item's figures: "$180000000" for each dollar figure of $1M or
    more, "¤" and the key of each figure in another currency (`money.foreign_key`)."""
    keys = [f"${a}" for a in sorted(sig.amounts) if a >= 1_000_000]
    keys.extend(f"¤{k}" for k in sorted(sig.other_money))
    return keys


def same_figure(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the item and the story state one dollar figure of $1M or more, or one figure
    of a million or more in another currency ("1790億円" and "179 billion yen")."""
    for a in sig.amounts & story.amounts:  # usually empty: a plain loop, no generator frame
        if a >= 1_000_000:
            return True
    return bool(sig.other_money) and not sig.other_money.isdisjoint(story.other_money)


def upfront_and_total(sig: ItemSignature, story: StoryProfile) -> bool:
    """The headline figures differ only as a deal's upfront payment against its total ("$110M
    upfront" and "worth $5.3B"): two figures of one deal. Two upfront payments, or two
    totals, that differ are two deals."""
    mine_up, their_up = sig.title_upfront, story.title_upfront
    if not (mine_up or their_up):
        return False
    mine_total, their_total = sig.title_amounts - mine_up, story.title_amounts - their_up
    if mine_up and their_up and mine_up.isdisjoint(story.amounts):
        return False
    if mine_total and their_total and mine_total.isdisjoint(story.amounts):
        return False
    return bool((mine_up and their_total) or (mine_total and their_up))


def parts_and_sum(sig: ItemSignature, story: StoryProfile) -> bool:
    """One side's headline figure is the sum of two figures the other states ("a $270M package"
    against "$180M stake, $90M for research"): the same deal counted whole. Within 1%."""
    for whole, parts in ((sig.title_amounts, story.amounts), (story.title_amounts, sig.amounts)):
        if len(parts) < 2:
            continue
        for total in whole:
            if any(abs(total - a - b) <= total / 100 for a, b in combinations(parts, 2)):
                return True
    return False


def areas_shared(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the item's headline names a clinical area the story's headlines name."""
    return bool(sig.areas) and any(AREA_OF[h] in sig.areas for h in _AREA_HASHES.intersection(story.title_tokens))


def areas_differ(sig: ItemSignature, story: StoryProfile) -> str:
    """"oncology vs cardiology" when the item's headline and the story's headlines name
    clinical areas and none in common, else ""."""
    mine = sig.areas  # computed once per item, not once per candidate
    if not mine:
        return ""
    theirs = {AREA_OF[h] for h in _AREA_HASHES.intersection(story.title_tokens)}
    if not theirs or not mine.isdisjoint(theirs):
        return ""
    # Organ areas against organ areas, or a diagnostic discipline against another: imaging
    # of the brain (radiology) is no other development than a neurology headline.
    organs, their_organs = mine - DIAGNOSTIC_AREAS, theirs - DIAGNOSTIC_AREAS
    if (organs and their_organs) or (mine & DIAGNOSTIC_AREAS and theirs & DIAGNOSTIC_AREAS):
        return f"{fmt(mine)} vs {fmt(theirs)}"
    return ""


def fmt(values: Collection[str]) -> str:
    return "/".join(sorted(values))


def dollars(values: Collection[int]) -> str:
    return "/".join(_money_one(v) for v in sorted(values)[:3])


def _money_one(value: int) -> str:
    for unit, size in (("billion", 10**9), ("million", 10**6)):
        if value >= size:
            return f"${value / size:g} {unit}"
    return f"${value:g}"
