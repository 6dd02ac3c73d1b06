"""Is this item the same real-world story as that live story? Evidence, guards, verdict.

Promises (pure): `judge(sig, story, gap, window, thresholds)` accepts an item into a story when
the texts agree enough (MinHash Jaccard or word containment alone, for copies and rewrites), or
when they name the same parties with some lexical or money evidence; it never accepts one that a
guard rejects: other headline amounts, years, funding rounds or development phases, or other
parties. The party guard compares the item with the story's IDENTITY, the words and parties of
its first items (`StoryProfile.core_words`, `lead_names`), never with what later coverage added:
every name in the item's headline (a possible party, known company or not) must appear in the
story's first items, and every party of the story must be named by the item ("Mayo Clinic and
Google" is not "Mayo Clinic and Microsoft"; "Acme picks VendorX" is not "VendorX launches Y").
Similarity may support a join, never override a guard. Within one news cycle the story's money
figure is evidence too, for a report naming nobody ("Paris AI start-up joins unicorn club") and
for one naming only some of the story's parties; so is its one-off development (a breach, a
round, a purchase, a ruling) told in enough of its words, for a report naming nobody ("Irish
health service hit by ransomware attack"), and within a news cycle one naming nobody that tells
the development of the story's first items at a place they name ("Kansas health system brings
AI documentation to 140 locations"); within two, a report naming all its parties and
stating its one-off development joins whatever its words ("Grupo X sofre ataque hacker" and
"Brazilian diagnostics company X hit by ransomware attack"); across scripts, where no words
compare, the same place named on both sides stands for the words ("Osaka hospital ..." and
"大阪の病院 ...").
Beyond the window (`gap` > `window`) only late commentary joins: no interview, no new headline
figure, and shared words, the story's money figure, or (for analyses and explainers) one of its
names; such commentary does not reopen the story's window (`StoryIndex`). A candidate with
nothing in common is rejected before any guard runs, and one sharing a name meets the guards
before its words are compared (a blocked one needs neither overlap nor Jaccard), so most
candidates cost a few set operations.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.stories.cues import kinds_conflict
from bot.stories.figures import (
    areas_differ,
    areas_shared,
    dollars,
    fmt,
    same_figure,
    upfront_and_total,
)
from bot.stories.labels import places_apart
from bot.stories.lexicon import ALIASES
from bot.stories.minhash import best_jaccard, word_hash
from bot.stories.scripts import cross_keys, name_sounds
from bot.stories.signature import (
    EXCLUSIVE_PHASES,
    ItemSignature,
    Name,
    StoryProfile,
    display,
    distinct_hashes,
    name_hashes,
)
from bot.stories.told import (
    ONE_OFF_KINDS,
    describes,
    has_word,
    one_off,
    one_party_event,
    placed_alike,
    placed_in,
)

_ALIAS_HASHES = {word_hash(a): word_hash(b) for a, b in ALIASES.items()}
_NO_JACCARD = 0.4  # word containment under which a shingle Jaccard of 0.5 is out of reach


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Acceptance thresholds of `judge` (bench/dedup_quality.py --sweep shows their margins)."""

    contain: float = 0.2  # share of the item's words the story has, with a shared party
    title_overlap: float = 2.0  # headline words shared with the story's headlines, with a party
    jaccard: float = 0.5  # MinHash Jaccard that alone makes a near-duplicate
    contain_alone: float = 0.6  # word containment that alone makes a near-duplicate
    follow_contain: float = 0.2  # containment for a late follow-up (beyond the window)
    rival: float = 0.9  # a second story scoring this share of the best makes the item ambiguous
    partial: float = 0.35  # containment for an item naming only some of the story's parties
    described: float = 0.25  # containment for an item naming nobody, stating the story's one-off kind


# An expansion of a deal, or a company's second deal, comes months after the first; reports
# within a day (one news cycle) that name two or more of the story's parties, or its headline
# figure, and call the news an expansion ("widens its tie-up") or a repeat ("a second deal
# this month, this time with Mayo") where others do not are one announcement told two ways.
SAME_ANNOUNCEMENT = timedelta(hours=24)
_TOLD_AS = frozenset({"expansion", "repeat"})
# A report tells a one-off development within two news cycles of its first report, naming
# the story's parties or nobody: a foreign-language or regional outlet often writes a day later.
DESCRIBED_WITHIN = 2 * SAME_ANNOUNCEMENT


@dataclass(slots=True)
class Verdict:
    """How one candidate story compares with an item: accepted or not, a score, and why."""

    accept: bool
    score: float
    jaccard: float = 0.0
    shared: tuple[Name, ...] = ()
    rejected_by: str = ""
    partial: bool = False  # accepted naming only some of the story's parties (its first among them)
    bare: bool = False  # accepted naming nobody, on the story's figure within a news cycle

    @property
    def detail(self) -> str:
        """The evidence, as reasons print it (built only when a reason is wanted)."""
        names = ", ".join(display(n) for n in self.shared)
        return f"jaccard {self.jaccard:.2f}, shared orgs: {names or 'none'}"


def present(name: Name, words: Collection[int]) -> bool:
    """Whether any key word of `name` (or its alias: AWS for Amazon) is among `words`."""
    return _mentioned(name_hashes(name), words)


def _mentioned(hashes: tuple[int, ...], words: Collection[int]) -> bool:
    """`present` for a name's word hashes (a story keeps those of its parties)."""
    for h in hashes:  # noqa: SIM110 - a loop: any() over a generator costs a frame per call
        if h in words or _ALIAS_HASHES.get(h, -1) in words:
            return True
    return False


def _shared(sig: ItemSignature, column: array[int]) -> tuple[Name, ...]:
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


def _native_shared(sig: ItemSignature, story: StoryProfile, shared: tuple[Name, ...]) -> tuple[Name, ...]:
    """Names shared across scripts beyond those `shared` holds: the names a CJK headline
    writes in its own script, by the native-name table (`ItemSignature.native_names`) or by
    their sound (`ItemSignature.sounds`), that a Latin-script story's first items name; or
    the names of a Latin-script item that a CJK story's first items wrote so."""
    if sig.foreign is story.foreign:
        return ()
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


def guards(sig: ItemSignature, story: StoryProfile, shared: tuple[Name, ...], *, explain: bool = True,
           young: bool = False, bare: bool = False) -> str:
    """The first reason the item cannot be this story, or "" (`shared`: names it mentions).

    Without `explain` the reason is only its label ("orgs differ"): most rejected candidates
    are never explained, and formatting names and figures costs more than the checks.
    `young`: the item and all of the story fall within `SAME_ANNOUNCEMENT`. `bare`: the item
    names nobody and states the story's figure within that time; it is not asked to name the
    story's parties (it names no one else either).
    """
    if sig.years and story.years and not sig.years & story.years:
        return f"years differ ({fmt(sig.years)} vs {fmt(story.years)})" if explain else "years differ"
    if sig.rounds and story.rounds and not sig.rounds & story.rounds:
        return f"funding rounds differ ({fmt(sig.rounds)} vs {fmt(story.rounds)})" if explain else "rounds differ"
    if sig.phases or story.phases:
        for a, b in EXCLUSIVE_PHASES:
            if not b:
                if (a in sig.phases) != (a in story.phases):
                    return f"phases differ ({a} vs not {a})"
                continue
            for x, y in ((a, b), (b, a)):
                if x in sig.phases and y in story.phases and x not in story.phases and y not in sig.phases:
                    return f"phases differ ({x} vs {y})"
    if sig.kinds or story.kinds:
        mine, theirs = sig.kinds, story.kinds
        if young and (len(shared) >= 2 or not sig.title_amounts.isdisjoint(story.title_amounts)
                      or not (mine & theirs).isdisjoint(ONE_OFF_KINDS)):
            # one announcement, which one outlet calls an expansion or a second deal ("Nabla
            # raises another $24 million" the day of "Nabla lève 24 millions de dollars"; a
            # company's round or purchase, told the same day as its second of the year)
            mine, theirs = mine - _TOLD_AS, theirs - _TOLD_AS
        conflict = kinds_conflict(mine, theirs)
        if conflict:
            return f"developments differ ({conflict})" if explain else "developments differ"
    if sig.places and story.places and places_apart(sig.places, story.places):
        # "Texas hospital taps X" vs "Ohio hospital taps X": a place is no party, but two
        # headlines saying the news happens in different places report two developments.
        return f"places differ ({fmt(sig.places)} vs {fmt(story.places)})" if explain else "places differ"
    areas = areas_differ(sig, story)
    if areas:
        # "X and Y sign AI pact for oncology" vs "... for cardiology": the same parties' next
        # deal, however much else the short headline repeats. Two reports stressing different
        # areas of one deal split: an extra alert, where a merge would be a missed deal.
        return f"clinical areas differ ({areas})" if explain else "clinical areas differ"
    if (sig.title_amounts and story.title_amounts and not sig.title_amounts & story.amounts
            and not upfront_and_total(sig, story)):
        if not explain:
            return "amounts differ"
        return f"amounts differ ({dollars(sig.title_amounts)} vs {dollars(story.title_amounts)})"
    if bare:
        return ""
    if sig.foreign is not story.foreign:
        return _cross_orgs(sig, story, shared, explain=explain)
    if not shared and sig.names and story.identity_names and not _objects(sig, story):
        # "Start-up X raises $1B" vs "start-up Y raises $1B": the same template about other
        # names is another story, however alike the words (both name someone, nobody in common).
        return "names differ (no name in common)" if explain else "names differ"
    if not explain:
        return "orgs differ" if _orgs_differ(sig, story, young) else ""
    new = _unknown(sig, story.core_words, first=False)
    missing = [n for n, hs in zip(story.lead_names, story.lead_hashes, strict=True) if not _mentioned(hs, sig.words)]
    if missing and not new and (missing[0] != story.lead_names[0] or _subset(sig, story, young)):
        missing = []  # a partial naming: judged on its words (`_subset`)
    if new and missing:
        return f"orgs differ ({_names(new)} vs {_names(missing)})"
    if new:
        return f"orgs differ ({_names(new)} new to the story)"
    if missing:
        return f"orgs differ (the item does not name {_names(missing)})"
    return ""


def _cross_orgs(sig: ItemSignature, story: StoryProfile, shared: tuple[Name, ...], *, explain: bool) -> str:
    """The party guard across scripts: only names written in Latin letters can be compared.

    An item in another script names the story's parties in its own script, so it is not asked
    to name them all, but every Latin-script party it names must be known to the story; a
    Latin-script item is not asked whether the story (written in another script) knows its
    parties, but it must name the story's Latin-script parties. Either way it shares a name.
    """
    if not shared:
        return "orgs differ (no name in common across scripts)"
    if sig.foreign:
        new = _unknown(sig, story.core_words, first=not explain)
        if new:
            return f"orgs differ ({_names(new)} new to the story)" if explain else "orgs differ"
        return ""
    for name, hashes in zip(story.lead_names, story.lead_hashes, strict=True):
        if not _mentioned(hashes, sig.words):
            return f"orgs differ (the item does not name {display(name)})" if explain else "orgs differ"
    return ""


def _names(names: list[Name]) -> str:
    return ", ".join(display(n) for n in names[:3])


def _unknown(sig: ItemSignature, core: array[int], *, first: bool) -> list[Name]:
    """The item's names the story's first items never wrote (all of a name's distinctive
    words, or an alias, must be there): an unknown name is a possible other party."""
    out: list[Name] = []
    for name in sig.guard_names:
        if not _known(name, core):
            out.append(name)
            if first:
                return out
    return out


def _orgs_differ(sig: ItemSignature, story: StoryProfile, young: bool = False) -> bool:
    """The "orgs differ" guard without its explanation (the check most candidates end on):
    the item names someone the story's first items never did, or the story's parties are not
    all named by the item. Either is another deal as far as the evidence goes."""
    if sig.guard_names and _unknown(sig, story.core_words, first=True):
        return True
    leads = story.lead_hashes
    return bool(leads) and not _mentioned(leads[0], sig.words) and not _subset(sig, story, young)


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
    if not all(name in leads or _known(name, story.core_words) for name in sig.guard_names):
        return False
    if any(name in leads for name in sig.guard_names):
        return True
    # An item naming none of the story's parties, only those its first items named beside them
    # (the lead investor of a round), describes the party by where it is from and tells the
    # story's figure or one-off development: "Bayer's fund leads $130M bet on London start-up"
    # the day of "Huma raises $130m led by Bayer". Naming no place, it may be the other
    # name's own news ("Bayer raises $130M"): apart.
    return (figure or one_off(sig, story)) and bool(sig.places) and (not story.places or placed_alike(sig, story))


def _known(name: Name, core: array[int]) -> bool:
    """Whether the story's first items wrote all of a name's distinctive words (or aliases)."""
    for h in distinct_hashes(name):
        if not has_word(core, h):
            alias = _ALIAS_HASHES.get(h)
            if alias is None or not has_word(core, alias):
                return False
    return True


def _named_leads(sig: ItemSignature, story: StoryProfile) -> int:
    """How many of the story's parties the item names."""
    words = sig.words
    return sum(1 for hashes in story.lead_hashes if _mentioned(hashes, words))


def _partial(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether the item leaves out some of the story's parties (it names the first one, or the
    guards would have stopped it): one party of a joint announcement, or a vendor's customer
    named without the vendor. It joins on strong wording evidence only."""
    words = sig.words
    for hashes in story.lead_hashes:  # noqa: SIM110 - plain loops, no generator frames
        if not _mentioned(hashes, words):
            return True
    return False


def judge(
    sig: ItemSignature,
    story: StoryProfile,
    gap: timedelta,
    window: timedelta,
    th: Thresholds,
    *,
    explain: bool = False,
) -> Verdict:
    """Compare an item with a live story; `gap` is the time between them.

    Without `explain`, a candidate sharing no name and few words is rejected before its
    Jaccard is estimated (its score then lacks the Jaccard term); `explain` computes it all.
    """
    shared = _shared(sig, story.core_words)
    native = _native_shared(sig, story, shared)
    shared += native
    # Guards before anything else they do not need: a blocked candidate scores 0 whatever its
    # words or Jaccard, and most candidates sharing a name are blocked (another party).
    checked = bool(shared) and not explain
    age = gap + (story.last_seen - story.first_seen)  # from the story's first item to the item
    young = age <= SAME_ANNOUNCEMENT
    blocked = guards(sig, story, shared, explain=False, young=young) if checked else ""
    if blocked:
        return Verdict(False, 0.0, 0.0, shared, blocked)
    contain = len(sig.tokens.intersection(story.tokens)) / len(sig.tokens) if sig.tokens else 0.0
    title_overlap = len(sig.title_tokens.intersection(story.title_tokens))
    money = (bool(sig.title_amounts) and any(a >= 1_000_000 for a in sig.title_amounts & story.amounts)) or (
        bool(sig.title_other) and not sig.title_other.isdisjoint(story.other_money))
    score = len(shared) + 2.0 * contain + 0.25 * title_overlap + money
    # A report naming nobody ("Paris AI start-up joins unicorn club") within a news cycle of a
    # story stating its figure: the figure is the evidence (`StoryIndex` keeps it apart when
    # two live stories state it).
    bare = young and not sig.names and not sig.foreign and not story.foreign and same_figure(sig, story)
    # Or one describing a one-off development of the story's first items ("Irish health
    # service hit by ransomware attack" the morning of "HSE shuts down IT systems after cyber
    # attack"): the development, two news cycles and the words are the evidence.
    described = not bare and describes(sig, story) and age <= DESCRIBED_WITHIN and one_off(sig, story)
    if described and sig.foreign is not story.foreign:
        # across scripts no words compare: the place, named on both sides, is the evidence
        described = not shared and not sig.native_names and placed_alike(sig, story)
    # Or one describing the story's parties by where they are, within a news cycle, telling
    # the development its first items told ("Kansas health system brings AI documentation to
    # 140 locations" the day "University of Kansas Health System rolls out AI note-writing"):
    # the place the story's first items name, the development and the words are the evidence.
    placed = (not bare and not described and young and not sig.names and not sig.foreign
              and not story.foreign and bool(sig.kinds) and sig.kinds <= story.kinds and placed_in(sig, story))
    bare = bare or described or placed
    if not shared and contain < _NO_JACCARD and not explain and not bare:
        # Nothing in common: shingle Jaccard >= 0.5 needs well over a third of the words shared.
        return Verdict(False, score)
    if not checked:
        blocked = guards(sig, story, shared, explain=explain, young=young, bare=bare)
        if blocked and not explain:
            return Verdict(False, 0.0, 0.0, shared, blocked)
    jac = best_jaccard(sig.minhash, story.signatures())
    score += jac
    if blocked:
        return Verdict(False, 0.0, jac, shared, blocked)
    if described and sig.foreign is not story.foreign:
        return Verdict(not sig.interview, score, jac, bare=True)
    if sig.foreign is not story.foreign:
        # Across scripts words and shingles say nothing: a shared Latin-script name (the guards
        # passed), inside the window, and (in `StoryIndex`) no other live story sharing a name.
        # A name read from the other script (by the native-name table or by its sound) counts
        # only with another beside it: "Microsoft" alone in a Korean headline may be any of
        # Microsoft's deals, and a sound may be a coincidence.
        # The same dollar figure (title or summary, $1M or more) is that other evidence too.
        # So is a one-party story's round, listing or breach, stated on both sides: a company
        # has one of those a news cycle ("뷰노 코스닥 상장" and "Vuno lists on Kosdaq"). Not a
        # purchase: its other party, spelled by sound, may be another target.
        ok = gap <= window and not sig.interview and (not native or len(shared) >= 2 or same_figure(sig, story)
                                                      or (age <= DESCRIBED_WITHIN and one_party_event(sig, story)))
        return Verdict(ok, score, jac, shared, partial=True)
    if sig.interview and gap > window:
        # An interview or talk weeks later brings new remarks: a development of its own, even
        # when it repeats the deal's words.
        return Verdict(False, 0.0, jac, shared, "a late interview (new remarks)")
    if bare and jac < th.jaccard and contain < th.contain_alone:
        if placed:
            ok = not sig.interview and (contain >= th.described or areas_shared(sig, story))
        else:
            ok = not sig.interview and (not described or contain >= th.described
                                        or not sig.places.isdisjoint(story.places))
        return Verdict(ok, score, jac, bare=True)
    if not shared and jac < th.jaccard and contain < th.contain_alone:
        return Verdict(False, score, jac)  # no names in common and no copy
    partial = bool(shared) and _partial(sig, story)
    if jac >= th.jaccard or contain >= th.contain_alone:
        # A copy or a light rewrite, whatever the names say (`StoryIndex` keeps a partial one
        # apart when another live story shares a name with it).
        return Verdict(True, score, jac, shared, partial=partial)
    if partial:
        # Only some of the story's parties: the same development only if the words say so, or
        # if within one news cycle of the whole story it states the development the story's
        # first items stated ("Volpara backs Lunit's takeover" the morning of "Lunit to buy
        # Volpara"), within two if that is a one-off development ("X's ultrasound arm buys
        # Paris start-up" the day after "X to acquire Y"); a report of another deal of the
        # same party says "another", "a second".
        ok = gap <= window and (contain >= th.partial or money or _named_leads(sig, story) >= 2
                                or (young and bool(sig.kinds) and sig.kinds <= story.kinds)
                                or (age <= DESCRIBED_WITHIN and one_off(sig, story)))
        return Verdict(ok, score, jac, shared, partial=True)
    # The guards passed: the item names nobody the story's first items did not, and names all
    # of the story's parties. What is left is whether it is the same development.
    if gap <= window:
        lexical = contain >= th.contain or title_overlap >= th.title_overlap
        ok = len(shared) >= 2 or lexical or money or _objects(sig, story) >= 2 or (
            age <= DESCRIBED_WITHIN and one_off(sig, story))
    else:
        # Late: commentary on the story, never an interview (new remarks) or a new figure.
        ok = not sig.interview and not sig.title_amounts - story.amounts and _late(sig, story, shared, th, money)
    return Verdict(ok, score, jac, shared)


def headline_names_known(sig: ItemSignature, story: StoryProfile) -> bool:
    """Whether every name of the item's headline is one the story's first headlines gave (not
    one its summaries only recall as background: "weeks after agreeing to buy X")."""
    known = story.identity_names
    return all(name in known for name in sig.names)


def _objects(sig: ItemSignature, story: StoryProfile) -> int:
    """How many of the story's names (its parties and named objects) the item mentions anywhere.

    A name counts by its leading key word ("Fortnite's Darth Vader" by "fortnite"), and each
    word once, so "Alphabet's Isomorphic" and "Isomorphic" are one mention, not two.
    """
    words = sig.words
    heads = {name_hashes(n)[0] for n in story.identity_names}
    return sum(1 for h in heads if h in words or _ALIAS_HASHES.get(h, -1) in words)


def _late(sig: ItemSignature, story: StoryProfile, shared: tuple[Name, ...], th: Thresholds, money: bool) -> bool:
    """A late follow-up: commentary on the story, not a new development."""
    if sig.commentary and (money or _objects(sig, story) >= 1):
        # an analysis naming the story's names (the guards passed: no other party), or its
        # figure: commentary is no deal of its own, and another live story sharing its names
        # keeps it apart (`StoryIndex`)
        return True
    if not any(n in shared for n in sig.parties):
        return False
    # Words beyond the shared names: a later development by the same party shares those only.
    parts = {word_hash(p) for n in shared for p in n}
    words = sig.tokens - parts
    contain = len(words.intersection(story.tokens)) / len(words) if words else 0.0
    plain = len(sig.title_tokens.intersection(story.title_tokens) - parts)
    return money or contain >= th.follow_contain or plain >= th.title_overlap


