"""What a live story remembers to match future items: `StoryProfile`, the union of its
members' signatures (`signature.ItemSignature`), compact for 100,000 live stories.

Promise: `absorb(sig)` adds a member; the first `CORE_ITEMS` members make the story's
identity (`core_words`, `identity_names`, `lead_names`), frozen from then on, so later
coverage never widens what future items are judged against; `signatures()` gives the members'
MinHash values (up to `MAX_SIGS`) for Jaccard estimates.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from bot.stories.columns import grown, union
from bot.stories.cues import LATER_KINDS
from bot.stories.minhash import Signature
from bot.stories.signature import (
    CORE_ITEMS,
    MAX_SIGS,
    ItemSignature,
    Name,
    lead_hashes,
    names_hashes,
)

_MAX_WORDS, _MAX_TOKENS, _MAX_NAMES = 800, 300, 24  # per story: bounded memory


@dataclass(slots=True, eq=False)
class StoryProfile:
    """What a live story remembers to match future items: the union of its members' signatures.

    Compact on purpose (100,000 live stories is the design load): word columns are sorted
    `array('I')` of word hashes, `sigs` the members' MinHash values packed in one bytes
    object. The short fields (names, identity and headline keys as 64-bit numbers, outlets,
    members) are tuples, replaced when they grow: a tuple of strings or numbers drops out of
    the garbage collector's sight, and every collection walks every object it tracks. For the
    same reason the word columns grow in place and the small sets are shared where they can be.
    """

    id: str
    lead: str
    title: str
    first_seen: datetime
    last_seen: datetime
    roundup: bool = False
    foreign: bool = False  # its lead headline is in another script (`ItemSignature.foreign`)
    lead_names: tuple[Name, ...] = ()
    # word hashes of `lead_names`, with a head word a name's key dropped ("Kaiser" of "Kaiser
    # Permanente": `ItemSignature.party_hashes`); derived from the names unless there is one
    lead_hashes: tuple[tuple[int, ...], ...] = ()
    names: tuple[Name, ...] = ()
    words: array[int] = field(default_factory=lambda: array("I"))
    tokens: array[int] = field(default_factory=lambda: array("I"))
    title_tokens: array[int] = field(default_factory=lambda: array("I"))
    # Small and usually empty: frozensets, so every story shares the one empty instance.
    amounts: frozenset[int] = frozenset()
    title_amounts: frozenset[int] = frozenset()
    title_upfront: frozenset[int] = frozenset()
    other_money: frozenset[int] = frozenset()  # figures in other currencies (`money.foreign_key`)
    years: frozenset[str] = frozenset()
    rounds: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()  # development kinds of its first items' headlines (frozen)
    places: frozenset[str] = frozenset()  # places its first items' headlines name (frozen)
    sigs: bytes = b""  # up to MAX_SIGS uint32 MinHash signatures, back to back
    width: int = 0  # values in one signature (the index's num_perm)
    keys: tuple[int, ...] = ()  # identity key hashes (`key_hash`)
    key_members: tuple[str, ...] = ()  # the member that brought each key
    title_keys: tuple[int, ...] = ()
    outlets: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    # The story's identity, frozen once it has CORE_ITEMS members (None: still `words`/`names`).
    core: array[int] | None = None
    core_names: tuple[Name, ...] | None = None
    # name-index keys across scripts: the English name words its CJK members wrote in their
    # own script (Latin-script coverage finds it by them), and the sounds of a Latin-script
    # story's first parties ("~PLPL": a Korean or Japanese report spelling them finds it)
    posts: tuple[str, ...] = ()

    @property
    def core_words(self) -> array[int]:
        """Word hashes of the story's first items: what names are looked up in."""
        return self.words if self.core is None else self.core

    @property
    def identity_names(self) -> tuple[Name, ...]:
        """Names of the story's first items."""
        return self.names if self.core_names is None else self.core_names

    def __post_init__(self) -> None:
        # Every candidate judged asks whether the item mentions the story's parties: hash their
        # words once per story, not once per question (too many to stay in a cache).
        if self.lead_names and not self.lead_hashes:
            self.lead_hashes = names_hashes(self.lead_names)

    def absorb(self, sig: ItemSignature) -> None:
        """Add a member's text to what future items are compared with (bounded).

        The first CORE_ITEMS members make the story's identity; from then on the identity is
        frozen (it keeps the words column of that moment, and the story grows a new one) and
        later members add similarity evidence only. Columns otherwise grow in place: a new
        array for every member would be one more object for the garbage collector to promote
        and walk, and its full collections would come sooner and take longer.
        """
        if self.core is None and len(self.members) > CORE_ITEMS:
            self.core, self.core_names = self.words, self.names
        elif self.core is None and sig.kinds:
            # A later stage (an expansion, a second deal, results) only the first member may
            # give: a report that tells the announcement as an expansion joins (`judge`,
            # SAME_ANNOUNCEMENT) without making the next real expansion this story's own.
            kinds = sig.kinds if len(self.members) <= 1 else sig.kinds.difference(LATER_KINDS)
            if kinds:
                self.kinds = union(self.kinds, kinds)
        if self.core is None and sig.places:
            self.places = union(self.places, sig.places)
        if self.core is None and not self.lead_names and sig.parties:
            # A lead without named parties (a headline in another script): the first member
            # naming some gives them, once.
            self.lead_names = sig.parties
            self.lead_hashes = lead_hashes(sig)
        for name in sig.names:
            if name not in self.names and len(self.names) < _MAX_NAMES:
                self.names += (name,)
        words = grown(self.words, sig.words, _MAX_WORDS)
        if words is not None and self.words is self.core:
            self.words = words  # the frozen identity keeps the old column
        elif words is not None:
            self.words[:] = words
        if len(self.tokens) < _MAX_TOKENS:
            for column, more in ((self.tokens, sig.tokens), (self.title_tokens, sig.title_tokens)):
                merged = grown(column, more, _MAX_TOKENS)
                if merged is not None:
                    column[:] = merged
        if sig.amounts:
            self.amounts = union(self.amounts, sig.amounts)
            self.title_amounts = union(self.title_amounts, sig.title_amounts)
            if sig.title_upfront:
                self.title_upfront = union(self.title_upfront, sig.title_upfront)
        if sig.other_money:
            self.other_money = union(self.other_money, sig.other_money)
        if sig.years:
            self.years = union(self.years, sig.years)
        if sig.rounds:
            self.rounds = union(self.rounds, sig.rounds)
        if sig.phases:
            self.phases = union(self.phases, sig.phases)

    def add_sig(self, minhash: Signature) -> bool:
        """Keep a member's MinHash (up to `MAX_SIGS`); False when the story has enough."""
        if len(self.sigs) >= MAX_SIGS * minhash.nbytes:
            return False
        self.sigs += minhash.astype(np.uint32, copy=False).tobytes()
        self.width = minhash.size
        return True

    def signatures(self) -> Signature:
        """The kept MinHash signatures as a (members x width) array (a view, no copy)."""
        return np.frombuffer(self.sigs, dtype=np.uint32).reshape(-1, self.width or 1)
