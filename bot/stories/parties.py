"""The party guard's evidence: which names a report shares with a story, and whether it
names someone the story's first items never did.

Promises (pure): every test compares the item with the story's identity, the words and
parties of its first items (`StoryProfile.core_words`, `lead_names`), never with what later
coverage added.
- `present(name, words)` / `mentioned(hashes, words)`: a name (or its alias: AWS for Amazon)
  is among a text's words; `shared_names(sig, column)`: the item's names a story's sorted word
  column mentions; `native_shared`: those shared across scripts (the native-name table, the
  sounds of a name).
- `orgs_differ(sig, story)`: the item names someone the story's first items never wrote, or
  leaves out the story's first party without naming a strict subset of its parties and the
  same development; `cross_orgs`: the same guard across scripts, with its reason.
- `partial_names`, `named_leads`, `objects`, `knows_parties`, `headline_names_known`: how
  much of a story's cast an item or another story names.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Collection, Sequence

from bot.stories.figures import same_figure
from bot.stories.lexicon import ALIASES
from bot.stories.minhash import word_hash
from bot.stories.profile import StoryProfile
from bot.stories.scripts import NATIVE, cross_keys, name_sounds, native_names
from bot.stories.signature import (
    ItemSignature,
    Name,
    display,
    distinct_hashes,
    name_hashes,
)
from bot.stories.told import has_word, one_off, placed_alike

_ALIAS_HASHES = {word_hash(a): word_hash(b) for a, b in ALIASES.items()}


def present(name: Name, words: Collection[int]) -> bool:
    """Whether any key word of `name` (or its alias: AWS for Amazon) is among `words`."""
    return mentioned(name_hashes(name), words)


def mentioned(hashes: tuple[int, ...], words: Collection[int]) -> bool:
    """`present` for a name's word hashes (a story keeps those of its parties)."""
    for h in hashes:  # noqa: SIM110 - a loop: any() over a generator costs a frame per call
        if h in words or _ALIAS_HASHES.get(h, -1) in words:
            return True
    return False


def shared_names(sig: ItemSignature, column: array[int]) -> tuple[Name, ...]:
    """The item's names that a story's sorted word column mentions."""
    return _named_in(sig.names, sig.name_hashes, column)


def _named_in(names: Sequence[Name], hashes: Sequence[tuple[int, ...]], column: array[int]) -> tuple[Name, ...]:
    """The `names` (with their word `hashes`) that a sorted word column mentions (`present` for
    each name: a binary search a word, no set built; one function for all names, the candidate
    loop's hottest step)."""
    size = len(column)
    out: list[Name] = []
    for name, name_words in zip(names, hashes, strict=True):
        for h in name_words:
            i = bisect_left(column, h)
            if i < size and column[i] == h:
                out.append(name)
                break
            alias = _ALIAS_HASHES.get(h)  # most words have none: no second search
            if alias is not None:
                i = bisect_left(column, alias)
                if i < size and column[i] == alias:
                    out.append(name)
                    break
    return tuple(out)


def knows_parties(story: StoryProfile, other: StoryProfile) -> bool:
    """Whether the first items of `story` wrote every party of `other`'s first items."""
    return len(_named_in(other.lead_names, other.lead_hashes, story.core_words)) == len(other.lead_names)


def native_shared(sig: ItemSignature, story: StoryProfile, shared: tuple[Name, ...]) -> tuple[Name, ...]:
    """Names shared across scripts beyond those `shared` holds: the names a CJK headline
    writes in its own script, by the native-name table (`ItemSignature.native_names`) or by
    their sound (`ItemSignature.sounds`), that a Latin-script story's first items name; or
    the names of a Latin-script item that a CJK story's first items wrote so."""
    if sig.foreign is story.foreign:
        if not sig.foreign or not sig.native_names:
            return ()
        # two CJK reports: the names both write in their own script, by the native-name table
        # ("石藥與阿斯利康" and "石药集团与阿斯利康" both name AstraZeneca)
        names = [name for name in sig.native_names if name not in shared]
        return _named_in(names, [tuple(word_hash(NATIVE + w) for w in name) for name in names], story.core_words)
    if not sig.foreign:
        names = [name for name in sig.names if name not in shared]
        return _named_in(names, [cross_keys(name) for name in names], story.core_words)
    names = [name for name in sig.native_names if name not in shared]
    found = _named_in(names, [name_hashes(name) for name in names], story.core_words)
    if sig.sound_keys:
        heard: set[str] = set()
        for name in story.identity_names:
            heard.update(name_sounds(name))
        found += tuple(n for n, key in zip(sig.sounds, sig.sound_keys, strict=True) if key in heard)
    return found


def natives_apart(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether a CJK item and a CJK story's first headline each name organisations by the
    native-name table and none in common ("루닛" and "뷰노")."""
    mine = sig.native_names
    if not mine:
        return False
    theirs = native_names(story.title)
    return bool(theirs) and set(mine).isdisjoint(theirs)


def cross_orgs(sig: ItemSignature, story: StoryProfile, shared: tuple[Name, ...], *, explain: bool) -> str:
    """The party guard across scripts: only names written in Latin letters can be compared.

    An item in another script names the story's parties in its own script, so it is not asked
    to name them all, but every Latin-script party it names must be known to the story; a
    Latin-script item is not asked whether the story (written in another script) knows its
    parties, but it must name the story's Latin-script parties. Either way it shares a name.
    """
    if not shared:
        return "orgs differ (no name in common across scripts)"
    if sig.foreign:
        new = _unknown(sig, story, first=not explain)
        if new:
            return f"orgs differ ({_listed(new)} new to the story)" if explain else "orgs differ"
        return ""
    for name, hashes in zip(story.lead_names, story.lead_hashes, strict=True):
        if not mentioned(hashes, sig.words):
            return f"orgs differ (the item does not name {display(name)})" if explain else "orgs differ"
    return ""


def _listed(names: list[Name]) -> str:
    return ", ".join(display(n) for n in names[:3])


def _unknown(sig: ItemSignature, story: StoryProfile, *, first: bool) -> list[Name]:
    """The item's names the story's first items never wrote (all of a name's distinctive
    words, or an alias, must be there, or the name is a party's with words before it): an
    unknown name is a possible other party."""
    out: list[Name] = []
    core = story.core_words
    for name in sig.guard_names:
        if not _known(name, core) and not _longer(name, story.lead_names):
            out.append(name)
            if first:
                return out
    return out


def orgs_differ(sig: ItemSignature, story: StoryProfile, young: bool = False) -> bool:
    """The "orgs differ" guard without its explanation (the check most candidates end on):
    the item names someone the story's first items never did, or the story's parties are not
    all named by the item. Either is another deal as far as the evidence goes."""
    if sig.guard_names and _unknown(sig, story, first=True):
        return True
    leads = story.lead_hashes
    return bool(leads) and not mentioned(leads[0], sig.words) and not _subset(sig, story, young)


def _subset(sig: ItemSignature, story: StoryProfile, young: bool = False) -> bool:
    """Whether an item leaving out the story's first party names a strict subset of its
    parties and the same development: every party it names is a party of the story, and it
    states a development kind the story's first items stated too ("Brintella inks AI pact" in
    "Novexa and Brintella sign AI pact"), or (`young`, within one news cycle) the story's
    figure. A vendor's own product news names the vendor of a customer's deal but no deal
    kind: it stays apart. Such an item is partial: it
    joins on strong wording only, and only when no other live story shares a name with it
    (`StoryIndex`)."""
    if not sig.guard_names:
        return False
    figure = young and same_figure(sig, story)
    if not (sig.kinds and sig.kinds <= story.kinds) and not figure:
        return False
    leads = story.lead_names
    # a name the story's first items wrote without casting it as a party ("the Oxford
    # company" in a summary) is no other party either: "Oxford AI drugmaker X agrees to takeover"
    if not all(name in leads or _known(name, story.core_words) or _longer(name, leads) for name in sig.guard_names):
        return False
    if any(name in leads for name in sig.guard_names):
        return True
    # An item naming none of the story's parties, only those its first items named beside them
    # (the lead investor of a round), describes the party by where it is from and tells the
    # story's figure or one-off development: "Bayer's fund leads $130M bet on London start-up"
    # the day of "Huma raises $130m led by Bayer". Naming no place, it may be the other
    # name's own news ("Bayer raises $130M"): apart.
    return (figure or one_off(sig, story)) and bool(sig.places) and (not story.places or placed_alike(sig, story))


def _longer(name: Name, leads: tuple[Name, ...]) -> bool:
    """Whether a name is one of the story's parties with a word or two before it: its owner
    or its kind in another language ("Google DeepMind" for "DeepMind", "La Financière Sun
    Life" for "Sun Life"). A name's last words are its own: a distinctive word after a
    party's name makes another name."""
    size = len(name)
    return any(size - 2 <= len(lead) < size and name[size - len(lead) :] == lead for lead in leads)


def _known(name: Name, core: array[int]) -> bool:
    """Whether the story's first items wrote all of a name's distinctive words (or aliases)."""
    for h in distinct_hashes(name):
        if not has_word(core, h):
            alias = _ALIAS_HASHES.get(h)
            if alias is None or not has_word(core, alias):
                return False
    return True


def named_leads(sig: ItemSignature, story: StoryProfile) -> int:
    """How many of the story's parties the item names."""
    words = sig.words
    return sum(1 for hashes in story.lead_hashes if mentioned(hashes, words))


def partial_names(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the item leaves out some of the story's parties (it names the first one, or the
    guards would have stopped it): one party of a joint announcement, or a vendor's customer
    named without the vendor. It joins on strong wording evidence only."""
    words = sig.words
    for hashes in story.lead_hashes:  # noqa: SIM110 - plain loops, no generator frames
        if not mentioned(hashes, words):
            return True
    return False


def headline_names_known(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether every name of the item's headline is one the story's first headlines gave (not
    one its summaries only recall as background: "weeks after agreeing to buy X")."""
    known = story.identity_names
    return all(name in known for name in sig.names)


def objects(sig: ItemSignature, story: StoryProfile) -> int:
    """How many of the story's names (its parties and named objects) the item mentions anywhere.

    A name counts by its leading key word ("Fortnite's Darth Vader" by "fortnite"), and each
    word once, so "Alphabet's Isomorphic" and "Isomorphic" are one mention, not two.
    """
    words = sig.words
    heads = {name_hashes(n)[0] for n in story.identity_names}
    return sum(1 for h in heads if h in words or _ALIAS_HASHES.get(h, -1) in words)


def orgs_reason(sig: ItemSignature, story: StoryProfile, young: bool = False) -> str:
    """`orgs_differ` with its explanation: who is new to the story, whom the item leaves out."""
    new = _unknown(sig, story, first=False)
    missing = [n for n, hs in zip(story.lead_names, story.lead_hashes, strict=True) if not mentioned(hs, sig.words)]
    if missing and not new and (missing[0] != story.lead_names[0] or _subset(sig, story, young)):
        missing = []  # a partial naming: judged on its words (`_subset`)
    if new and missing:
        return f"orgs differ ({_listed(new)} vs {_listed(missing)})"
    if new:
        return f"orgs differ ({_listed(new)} new to the story)"
    if missing:
        return f"orgs differ (the item does not name {_listed(missing)})"
    return ""
