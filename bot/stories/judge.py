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
figure is evidence too, for a report naming nobody ("Paris AI start-up joins unicorn club") or
no party (only the round's investor: "... lands $70m led by HV Capital") and for one naming only
some of the story's parties; so is its one-off development (a breach, a
round, a purchase, a ruling) told in enough of its words, for a report naming nobody ("Irish
health service hit by ransomware attack"), and within a news cycle one naming nobody that tells
the development of the story's first items at a place they name ("Kansas health system brings
AI documentation to 140 locations"); within two, a report naming all its parties and
stating its one-off development joins whatever its words ("Grupo X sofre ataque hacker" and
"Brazilian diagnostics company X hit by ransomware attack"); across scripts, where no words
compare, the same place named on both sides stands for the words ("Osaka hospital ..." and
"大阪の病院 ...").
Beyond the window (`gap` > `window`) only late commentary joins: no interview, no new headline
figure, no later stage of a breach, and shared words, the story's money figure, or (for
analyses and explainers) one of its names; such commentary does not reopen the story's window
(`StoryIndex`). A candidate with
nothing in common is rejected before any guard runs, and one sharing a name meets the guards
before its words are compared (a blocked one needs neither overlap nor Jaccard), so most
candidates cost a few set operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.stories.cues import kinds_conflict
from bot.stories.figures import (
    areas_differ,
    areas_shared,
    dollars,
    fmt,
    parts_and_sum,
    same_figure,
    upfront_and_total,
)
from bot.stories.headline import given_and_surname
from bot.stories.labels import places_apart
from bot.stories.minhash import best_jaccard, word_hash
from bot.stories.parties import (
    cross_orgs,
    named_leads,
    native_shared,
    natives_apart,
    objects,
    orgs_differ,
    orgs_reason,
    partial_names,
    shared_names,
)
from bot.stories.profile import StoryProfile
from bot.stories.signature import (
    EXCLUSIVE_PHASES,
    ItemSignature,
    Name,
    display,
)
from bot.stories.told import (
    ONE_OFF_KINDS,
    describes,
    one_off,
    one_party_event,
    placed_alike,
    placed_in,
)

_NO_JACCARD = 0.4  # word containment under which a shingle Jaccard of 0.5 is out of reach


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Acceptance thresholds of `judge` (bench/dedup_quality.py --sweep shows their margins)."""

    contain: float = 0.2  # share of the item's words the story has, with a shared party
    title_overlap: float = 2.0  # headline words shared with the story's headlines, with a party
    jaccard: float = 0.5  # MinHash Jaccard that alone makes a near-duplicate
    contain_alone: float = 0.4  # word containment that alone makes a near-duplicate
    late_contain_alone: float = 0.6  # the same for a late follow-up (beyond the window)
    follow_contain: float = 0.2  # containment for a late follow-up (beyond the window)
    rival: float = 0.9  # a second story scoring this share of the best makes the item ambiguous
    partial: float = 0.35  # containment for an item naming only some of the story's parties
    described: float = 0.25  # containment for an item naming nobody, stating the story's one-off kind


# An expansion of a deal, or a company's second deal, comes months after the first; reports
# within a day (one news cycle) that name two or more of the story's parties, or its headline
# figure, and call the news an expansion ("widens its tie-up") or a repeat ("a second deal
# this month, this time with Mayo") where others do not are one announcement told two ways;
# within two news cycles, so are reports naming two of its parties and its headline figure
# ("Another Bayer-backed round: Ada raises $90m" the day after "Ada raises $90M as Bayer leads").
SAME_ANNOUNCEMENT = timedelta(hours=24)
_TOLD_AS = frozenset({"expansion", "repeat", "results"})
# A study's or pilot's results come months after its start: within one news cycle of the
# whole story, a report naming one of its parties that calls the news results where the
# story's first items did not ("Quorvane's eye AI matches specialists, study finds" the day
# of "Oswin and Quorvane AI matches experts on referrals") tells the same announcement.
_RESULTS = frozenset({"results"})
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


def guards(sig: ItemSignature, story: StoryProfile, shared: tuple[Name, ...], *, explain: bool = True,
           young: bool = False, bare: bool = False, recent: bool = False) -> str:
    """The first reason the item cannot be this story, or "" (`shared`: names it mentions).

    Without `explain` the reason is only its label ("orgs differ"): most rejected candidates
    are never explained, and formatting names and figures costs more than the checks.
    `young`: the item and all of the story fall within `SAME_ANNOUNCEMENT`. `bare`: the item
    names nobody and states the story's figure within that time; it is not asked to name the
    story's parties (it names no one else either). `recent`: within `DESCRIBED_WITHIN`.
    """
    if sig.years and story.years and not sig.years & story.years:
        return f"years differ ({fmt(sig.years)} vs {fmt(story.years)})" if explain else "years differ"
    if (sig.rounds and story.rounds and not sig.rounds & story.rounds
            and not any(a >= 1_000_000 for a in sig.title_amounts & story.title_amounts)):
        # a round named beside the headline figure the story states is background ("Its Series
        # B closed in 2024" under "X raises $243M"): one company's two rounds are two figures
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
        same_figure_named = len(shared) >= 2 and not sig.title_amounts.isdisjoint(story.title_amounts)
        if (young and (len(shared) >= 2 or not sig.title_amounts.isdisjoint(story.title_amounts)
                       or not (mine & theirs).isdisjoint(ONE_OFF_KINDS))) or (recent and same_figure_named):
            # one announcement, which one outlet calls an expansion or a second deal ("Nabla
            # raises another $24 million" the day of "Nabla lève 24 millions de dollars"; a
            # company's round or purchase, told the same day as its second of the year)
            mine, theirs = mine - _TOLD_AS, theirs - _TOLD_AS
        elif young and shared:
            mine, theirs = mine - _RESULTS, theirs - _RESULTS
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
            and not upfront_and_total(sig, story) and not parts_and_sum(sig, story)):
        if not explain:
            return "amounts differ"
        return f"amounts differ ({dollars(sig.title_amounts)} vs {dollars(story.title_amounts)})"
    if bare:
        return ""
    if sig.foreign is not story.foreign:
        return cross_orgs(sig, story, shared, explain=explain)
    if not shared and sig.names and story.identity_names and not objects(sig, story):
        # "Start-up X raises $1B" vs "start-up Y raises $1B": the same template about other
        # names is another story, however alike the words (both name someone, nobody in common).
        return "names differ (no name in common)" if explain else "names differ"
    if not explain:
        return "orgs differ" if orgs_differ(sig, story, young) else ""
    return orgs_reason(sig, story, young)


def story_age(story: StoryProfile, gap: timedelta) -> timedelta:
    """How long after the story's first item an item comes, `gap` after the story's latest:
    what `SAME_ANNOUNCEMENT` and `DESCRIBED_WITHIN` are measured on."""
    return gap + (story.last_seen - story.first_seen)


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
    shared = shared_names(sig, story.core_words)
    native = native_shared(sig, story, shared)
    shared += native
    # Guards before anything else they do not need: a blocked candidate scores 0 whatever its
    # words or Jaccard, and most candidates sharing a name are blocked (another party).
    checked = bool(shared) and not explain
    age = story_age(story, gap)
    young = age <= SAME_ANNOUNCEMENT
    recent = age <= DESCRIBED_WITHIN
    # A report naming nobody, or no party and only names the story knows ("Paris AI start-up
    # lands $70m led by HV Capital", the round's investor), within a news cycle of a story
    # stating its figure: the figure is the evidence (`StoryIndex` keeps it apart when two live
    # stories state it). A name the story does not know may be the party ("... for Tessaly").
    bare = (young and not sig.parties and not sig.foreign and not story.foreign and same_figure(sig, story)
            and all(n in shared or given_and_surname(n) for n in sig.names))
    blocked = guards(sig, story, shared, explain=False, young=young, bare=bare, recent=recent) if checked else ""
    if blocked:
        return Verdict(False, 0.0, 0.0, shared, blocked)
    contain = len(sig.tokens.intersection(story.tokens)) / len(sig.tokens) if sig.tokens else 0.0
    title_overlap = len(sig.title_tokens.intersection(story.title_tokens))
    money = (bool(sig.title_amounts) and any(a >= 1_000_000 for a in sig.title_amounts & story.amounts)) or (
        bool(sig.title_other) and not sig.title_other.isdisjoint(story.other_money))
    score = len(shared) + 2.0 * contain + 0.25 * title_overlap + money
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
    # A headline naming nobody but a place whose summary names others than the story does
    # ("..., Swedish study finds"; the summary names the product the trial used) is such a
    # report too: the place stands in for the names (without one, the summary's names decide).
    placed = (not bare and not described and young and (not sig.names or (sig.lede_named and not shared and bool(sig.places)))
              and not sig.foreign and not story.foreign and bool(sig.kinds) and sig.kinds <= story.kinds and placed_in(sig, story))
    bare = bare or described or placed
    if not shared and contain < _NO_JACCARD and not explain and not bare:
        # Nothing in common: shingle Jaccard >= 0.5 needs well over a third of the words shared.
        return Verdict(False, score)
    if not checked:
        blocked = guards(sig, story, shared, explain=explain, young=young, bare=bare, recent=recent)
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
        # So is a one-party story's round, listing, breach or approval, stated on both sides: a company
        # has one of those a news cycle ("뷰노 코스닥 상장" and "Vuno lists on Kosdaq"). Not a
        # purchase: its other party, spelled by sound, may be another target.
        ok = gap <= window and not sig.interview and (not native or len(shared) >= 2 or same_figure(sig, story)
                                                      or (age <= DESCRIBED_WITHIN and one_party_event(sig, story)))
        return Verdict(ok, score, jac, shared, partial=True)
    if sig.interview and gap > window:
        # An interview or talk weeks later brings new remarks: a development of its own, even
        # when it repeats the deal's words.
        return Verdict(False, 0.0, jac, shared, "a late interview (new remarks)")
    alone = th.contain_alone if gap <= window else th.late_contain_alone
    if bare and jac < th.jaccard and contain < alone:
        if placed:
            ok = not sig.interview and (contain >= th.described or areas_shared(sig, story))
        else:
            ok = not sig.interview and (not described or contain >= th.described
                                        or not sig.places.isdisjoint(story.places))
        return Verdict(ok, score, jac, bare=True)
    if not shared and jac < th.jaccard and contain < alone:
        return Verdict(False, score, jac)  # no names in common and no copy
    partial = bool(shared) and partial_names(sig, story)
    if (jac >= th.jaccard or contain >= alone) and sig.foreign and story.foreign and natives_apart(sig, story):
        # one CJK template ("의료 AI 기업 X, 코스닥 상장"), written for two companies the native
        # table names: its characters are most of the words, the names are the story
        return Verdict(False, 0.0, jac, shared, "names differ (each names another organisation in its own script)")
    if jac >= th.jaccard or contain >= alone:
        # A copy or a light rewrite, whatever the names say (`StoryIndex` keeps a partial one
        # apart when another live story shares a name with it). A rewrite sharing no name and
        # half its words, not a copy's share, is judged like a report naming nobody: apart
        # when another live story accepts it too or states its figure (`StoryIndex`).
        loose = not shared and jac < th.jaccard and contain < th.late_contain_alone
        return Verdict(True, score, jac, shared, partial=partial, bare=loose)
    if partial:
        # Only some of the story's parties: the same development only if the words say so, or
        # if within one news cycle of the whole story it states the development the story's
        # first items stated ("Volpara backs Lunit's takeover" the morning of "Lunit to buy
        # Volpara"), within two if that is a one-off development ("X's ultrasound arm buys
        # Paris start-up" the day after "X to acquire Y"); a report of another deal of the
        # same party says "another", "a second".
        ok = gap <= window and (contain >= th.partial or money or named_leads(sig, story) >= 2
                                or (young and bool(sig.kinds) and sig.kinds <= story.kinds)
                                or (age <= DESCRIBED_WITHIN and one_off(sig, story)))
        if gap > window and sig.commentary and not sig.interview and not sig.title_amounts - story.amounts:
            # late commentary naming one of the story's parties in its headline and another in
            # its summary ("What Germany's first DiGA listings tell founders"; "... the
            # regulator's first two approvals"): two of the story's names anywhere, as a late
            # report naming them in its headline needs (`_late`)
            ok = objects(sig, story) >= 2
        return Verdict(ok, score, jac, shared, partial=True)
    # The guards passed: the item names nobody the story's first items did not, and names all
    # of the story's parties. What is left is whether it is the same development.
    if gap <= window:
        lexical = contain >= th.contain or title_overlap >= th.title_overlap
        ok = len(shared) >= 2 or lexical or money or objects(sig, story) >= 2 or (
            age <= DESCRIBED_WITHIN and one_off(sig, story))
    else:
        # Late: commentary on the story, never an interview (new remarks) or a new figure.
        ok = not sig.interview and not sig.title_amounts - story.amounts and _late(sig, story, shared, th, money)
    return Verdict(ok, score, jac, shared)


def _late(sig: ItemSignature, story: StoryProfile, shared: tuple[Name, ...], th: Thresholds, money: bool) -> bool:
    """A late follow-up: commentary on the story, not a new development."""
    if sig.commentary and (money or objects(sig, story) >= 1):
        # an analysis naming the story's names (the guards passed: no other party), or its
        # figure: commentary is no deal of its own, and another live story sharing its names
        # keeps it apart (`StoryIndex`)
        return True
    if not any(n in shared for n in sig.parties) or "breach" in sig.kinds:
        # a breach unfolds in stages reported weeks apart (the attack, the ransom demand, the
        # data published, the regulator's case): a late report of one ("hackers publish the
        # hospital's patient data" a month after "hospital hit by ransomware") is a stage of
        # its own, where a deal's late report is commentary on the deal
        return False
    # Words beyond the shared names: a later development by the same party shares those only.
    parts = {word_hash(p) for n in shared for p in n}
    words = sig.tokens - parts
    contain = len(words.intersection(story.tokens)) / len(words) if words else 0.0
    plain = len(sig.title_tokens.intersection(story.title_tokens) - parts)
    return money or contain >= th.follow_contain or plain >= th.title_overlap


