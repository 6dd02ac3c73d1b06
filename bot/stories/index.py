"""Stories: which items report the same real-world event.

`StoryIndex.assign(item)` puts every item in a story and says why, cheapest evidence first
(DESIGN.md section 7):

1. identity: the same source GUID, canonical URL, Google News article id, or headline from the
   same outlet means the same item (an edited title stays in its story);
2. the same normalized headline within the window;
3. near-duplicate: candidates come from a MinHash band index over title-and-lede shingles and
   from an index of the named parties (and, for a report naming nobody, of the stories'
   money figures and one-off developments); a candidate is accepted when parties and words
   agree enough, and REJECTED by guards that keep look-alikes apart: other named parties ("Mayo
   Clinic and Google" is not "Mayo Clinic and Microsoft"), judged against the story's first
   items only (later coverage never widens who a story is about), other money amounts, years,
   funding rounds or development phases (a deal closing vs being agreed, a preview);
4. late follow-ups (commentary weeks later) join only on the strict form of that evidence, and
   never while another live story shares their names and neither a guard nor the headline's
   figure tells them apart.

Roundups (newsletters, lists, multi-deal headlines) stay stories of their own and are never
candidates: they neither join nor bridge stories. Memory is
bounded: a story whose last item is older than the follow-up horizon is evicted with its index
entries. `export_story`/`load` give JSON-ready records so a restart keeps live stories (load
the stories seen within `follow_up`, not just `window`, or late commentary finds nothing).
Pure: no I/O; time comes from the items or the injected clock. The matching evidence and
guards are `bot.stories.judge`; signatures and story profiles are `bot.stories.signature` and
`bot.stories.profile`; the name index is `bot.stories.postings`; the
identity keys are `bot.stories.keys`.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from bot.logs import get_logger
from bot.models import Clock, Item, Story, StoryRef
from bot.stories.cues import kinds_conflict
from bot.stories.figures import same_figure
from bot.stories.judge import (
    DESCRIBED_WITHIN,
    SAME_ANNOUNCEMENT,
    Thresholds,
    Verdict,
    guards,
    judge,
    story_age,
)
from bot.stories.keys import KEY_KINDS, exact_keys
from bot.stories.parties import headline_names_known, knows_parties
from bot.stories.postings import Postings
from bot.stories.profile import StoryProfile
from bot.stories.records import from_record, to_record
from bot.stories.signature import (
    BandIndex,
    ItemSignature,
    MinHasher,
    key_hash,
    lead_hashes,
    sign_item,
)

__all__ = ["DEFAULT_FOLLOW_UP", "DEFAULT_WINDOW", "StoryIndex", "Thresholds", "Verdict", "exact_keys", "judge"]

log = get_logger(__name__)

DEFAULT_WINDOW = timedelta(days=3)
DEFAULT_FOLLOW_UP = timedelta(days=45)
_MIN_TITLE_WORDS = 4  # shorter headlines ("AI news roundup") are too common to match alone



class StoryIndex:
    """Assigns items to stories; holds the live stories of the last `follow_up` of time.

    `window` bounds near-duplicate and same-headline matching (measured from a story's latest
    item, so a story stays open while coverage continues); `follow_up` bounds how late strict
    follow-ups may join, and is the eviction horizon.
    """

    def __init__(
        self,
        window: timedelta = DEFAULT_WINDOW,
        *,
        now: Clock | None = None,
        follow_up: timedelta | None = None,
        num_perm: int = 64,
        thresholds: Thresholds | None = None,
    ) -> None:
        self.thresholds = thresholds or Thresholds()
        self.window = window
        self.follow_up = max(follow_up if follow_up is not None else DEFAULT_FOLLOW_UP, window)
        self._clock = now
        self._hasher = MinHasher(num_perm)
        self._bands = BandIndex(bands=num_perm // 4, rows=4)
        self._stories: OrderedDict[str, StoryProfile] = OrderedDict()  # by last activity
        self._exact: dict[int, str] = {}  # identity key hash -> story id
        self._titles: dict[int, str] = {}  # normalized headline hash -> story id
        self._by_name = Postings()  # name words, figures, places, kinds -> story ids
        self._high_water: datetime | None = None

    def __len__(self) -> int:
        return len(self._stories)

    # -- assignment ---------------------------------------------------------------------------

    def assign(self, item: Item, *, now: datetime | None = None) -> StoryRef:
        """Put `item` in a story (a new one or a live one) and say why."""
        when = self._item_time(item, now)
        self._advance(when)
        sig = sign_item(item.title, item.summary, item.outlet, self._hasher, self._bands)
        keys = [(key[0], key_hash(key)) for key in exact_keys(item, sig)]
        story, reason = self._match(sig, keys, when)
        if story is None:
            story = self._new_story(item, sig, when)
            ref = StoryRef(story.id, True, reason, item.fingerprint)
        else:
            self._join(story, item, sig, when)
            ref = StoryRef(story.id, False, reason, story.lead)
        for _, key in keys:
            self._exact.setdefault(key, story.id)
            if key not in story.keys:
                story.keys += (key,)
                story.key_members += (item.fingerprint,)
        return ref

    def _match(
        self, sig: ItemSignature, keys: list[tuple[str, int]], when: datetime
    ) -> tuple[StoryProfile | None, str]:
        for kind, key in keys:
            story = self._stories.get(self._exact.get(key, ""))
            if story is not None and (kind != "t" or self._gap(story, when) <= self.window):
                member = story.key_members[story.keys.index(key)] if key in story.keys else story.lead
                return story, f"same {KEY_KINDS[kind]} as item {member}"
        if sig.roundup:
            return None, "new story: roundup or newsletter (kept apart from the stories it lists)"
        story = self._stories.get(self._titles.get(sig.title_hash, ""))
        if (
            story is not None
            and not story.roundup
            and self._gap(story, when) <= self.window
            and sig.title_words >= _MIN_TITLE_WORDS
        ):
            return story, f"title matches story {story.id}"
        best: tuple[StoryProfile, Verdict] | None = None
        nearest: tuple[StoryProfile, Verdict] | None = None
        rival: tuple[StoryProfile, Verdict] | None = None  # the runner-up sharing a name, unblocked
        sharing: list[str] = []  # stories of the window sharing a name, not ruled out by one
        fresh: list[tuple[StoryProfile, Verdict]] = []  # stories of the window accepting the item
        unguarded: list[str] = []  # stories beyond the window sharing a name that no guard rules out
        # for an item naming nobody: stories of the window stating its figure, or accepting it
        # as a report of their one-off development
        figured: list[str] = []
        bare = not sig.parties and not sig.foreign and bool(sig.amounts or sig.other_money)
        for story in self._candidates(sig):
            gap = self._gap(story, when)
            if story.roundup or gap > self.follow_up:
                continue
            verdict = judge(sig, story, gap, self.window, self.thresholds)
            if gap <= self.window and ((bare and same_figure(sig, story)) or (verdict.bare and verdict.accept)):
                figured.append(story.id)
            if verdict.shared and gap <= self.window and verdict.rejected_by != "orgs differ":
                sharing.append(story.id)
            if verdict.shared and not verdict.rejected_by and gap > self.window:
                unguarded.append(story.id)  # no guard tells it apart: a story the item may be about
            # Ties go to the older story id: candidates come out of sets, whose order varies
            # with Python's string hashing, and a reason must not.
            if verdict.accept and gap <= self.window:
                fresh.append((story, verdict))
            if verdict.accept and (best is None or _before(verdict.score, story.id, best[1].score, best[0].id)):
                if best is not None:
                    rival = _better(best, rival)
                best = (story, verdict)
            elif verdict.accept or (verdict.shared and not verdict.rejected_by):
                rival = _better((story, verdict), rival)
            if not verdict.accept and (nearest is None or _before(verdict.score, story.id, nearest[1].score, nearest[0].id)):
                nearest = (story, verdict)
        if best is not None and fresh and self._gap(best[0], when) > self.window and not headline_names_known(sig, best[0]):
            # An older story that knows some of the item's names only from its summaries'
            # background ("weeks after agreeing to buy X") yields to a story of these days that
            # accepts the item: the report continues that coverage.
            fresh.sort(key=lambda c: (-c[1].score, c[0].id))
            best, rival = fresh[0], (fresh[1] if len(fresh) > 1 else None)
        if (
            best is not None
            and rival is not None
            and rival[1].score >= self.thresholds.rival * best[1].score
            and not _one_announcement(best[0], rival[0])
        ):
            # The item fits two live stories about the same names about as well: mixed evidence
            # that they are look-alikes. A split costs an alert, a merge a missed deal.
            first, second = sorted((best[0].id, rival[0].id))
            return None, f"new story: as close to {first} as to {second} (look-alike stories kept apart)"
        if best is not None and best[1].bare:
            other = min((s for s in figured if s != best[0].id), default="")
            if other:
                # It names nobody, and two live stories state its figure (or report its
                # development in its words): which one it reports is not certain. Kept apart.
                fits = "state its figure" if same_figure(sig, best[0]) else "report its development"
                return None, f"new story: names nobody, and {best[0].id} and {other} both {fits}"
        if best is not None and best[1].partial:
            other = min((s for s in sharing if s != best[0].id
                         and not _one_announcement(best[0], self._stories[s])), default="")
            if other:
                # It names only some of the story's parties, and another live story shares a
                # name with it: which deal it reports is not certain. Kept apart.
                return None, f"new story: names only some parties of {best[0].id}, and {other} shares a name with it"
        if best is not None and self._gap(best[0], when) > self.window:
            other = min((s for s in unguarded if s != best[0].id and not self._pinned(sig, best[0], s)
                         and not _one_announcement(best[0], self._stories[s])), default="")
            if other:
                # A late follow-up names the story's parties, and so does another live story:
                # which of them it comments on is not certain. Kept apart.
                return None, f"new story: a late follow-up to {best[0].id}, and {other} shares its names"
        if best is not None:
            story, verdict = best
            kind = "near-duplicate of" if self._gap(story, when) <= self.window else "follow-up to"
            return story, f"{kind} {story.id} ({verdict.detail})"
        if nearest is None:
            return None, "new story: no similar story in the window"
        story, verdict = nearest
        if verdict.rejected_by:
            # Blocked by a guard: explaining it formats that same guard, nothing else is said
            # (a judgement of `judge` itself, such as a late interview, says its own reason).
            # (with the item's age against the story, as `judge` asked them: the reason is the
            # guard that stopped it, not one that would have stopped an older report)
            age = story_age(story, self._gap(story, when))
            why = guards(sig, story, verdict.shared, young=age <= SAME_ANNOUNCEMENT,
                         recent=age <= DESCRIBED_WITHIN) or verdict.rejected_by
        else:
            verdict = judge(sig, story, self._gap(story, when), self.window, self.thresholds, explain=True)
            why = verdict.rejected_by or f"too different ({verdict.detail})"
        return None, f"new story: nearest {story.id} rejected, {why}"

    def _pinned(self, sig: ItemSignature, best: StoryProfile, other: str) -> bool:
        """Whether the item's headline figure is the best story's and not the other's: the
        figure tells which of two stories sharing its names the item is about."""
        figures = sig.title_amounts
        return bool(figures & best.amounts) and not figures & self._stories[other].amounts

    def _candidates(self, sig: ItemSignature) -> list[StoryProfile]:
        ids = self._bands.query(sig.bands)
        self._by_name.candidates(sig, self._stories, ids)
        found = map(self._stories.get, ids)
        return [story for story in found if story is not None]

    def _gap(self, story: StoryProfile, when: datetime) -> timedelta:
        if when >= story.last_seen:
            return when - story.last_seen
        return max(story.first_seen - when, timedelta(0))

    # -- bookkeeping --------------------------------------------------------------------------

    def _new_story(self, item: Item, sig: ItemSignature, when: datetime) -> StoryProfile:
        story_id = f"s-{item.fingerprint}"
        story = StoryProfile(
            story_id, item.fingerprint, sig.title, when, when, roundup=sig.roundup, lead_names=sig.parties,
            lead_hashes=lead_hashes(sig),
            foreign=sig.foreign,
        )
        self._stories[story_id] = story
        self._join(story, item, sig, when)
        return story

    def _join(self, story: StoryProfile, item: Item, sig: ItemSignature, when: datetime) -> None:
        story.members += (item.fingerprint,)
        if item.outlet and item.outlet not in story.outlets:
            story.outlets += (sys.intern(item.outlet),)
        story.first_seen = min(story.first_seen, when)
        if when > story.last_seen and not (sig.commentary and when - story.last_seen > self.window):
            # Late commentary joins without reopening the story's window: the story's news is
            # as old as it was, and the next development of its parties is judged against that.
            story.last_seen = when
            self._stories.move_to_end(story.id)
        if story.roundup:
            return  # a roundup is never a candidate, so it needs no similarity data
        story.absorb(sig)
        if sig.title_words >= _MIN_TITLE_WORDS:
            title = sig.title_hash
            if title not in story.title_keys:
                story.title_keys += (title,)
                self._titles.setdefault(title, story.id)
        if story.add_sig(sig.minhash):
            self._bands.add(story.id, sig.bands or self._bands.band_keys(sig.minhash))
        self._by_name.join(story, sig)

    def _item_time(self, item: Item, now: datetime | None) -> datetime:
        clock_now = now or (self._clock() if self._clock else None)
        when = item.published_at or item.fetched_at or clock_now or self._high_water
        if when is None:
            raise ValueError("item has no date and no clock was given")
        if clock_now is not None and when > clock_now + timedelta(days=1):
            when = clock_now  # a feed dated in the future must not push the window forward
        return when

    def _advance(self, when: datetime) -> None:
        if self._high_water is None or when > self._high_water:
            self._high_water = when
        horizon = self._high_water - self.follow_up
        while self._stories:
            story = next(iter(self._stories.values()))
            if story.last_seen >= horizon:
                break
            self._evict(story)

    def _evict(self, story: StoryProfile) -> None:
        del self._stories[story.id]
        for row in story.signatures():
            self._bands.remove(story.id, self._bands.band_keys(row))
        for key in story.keys:
            if self._exact.get(key) == story.id:
                del self._exact[key]
        self._by_name.remove(story)
        for key in story.title_keys:
            if self._titles.get(key) == story.id:
                del self._titles[key]

    # -- persistence and views ----------------------------------------------------------------

    def export_story(self, story_id: str) -> dict[str, Any]:
        """A JSON-ready record of a live story: all `load` needs to match future items."""
        return to_record(self._stories[story_id])

    def export(self) -> list[dict[str, Any]]:
        """Records of every live story, oldest activity first."""
        return [self.export_story(story_id) for story_id in self._stories]

    def load(self, records: Iterable[dict[str, Any]]) -> int:
        """Restore stories from `export_story` records; returns how many are live afterwards."""
        loaded = 0
        for rec in sorted(records, key=lambda r: str(r["last_seen"])):
            story = from_record(rec)
            if story.id in self._stories:
                continue
            self._stories[story.id] = story
            loaded += 1
            for row in story.signatures():
                self._bands.add(story.id, self._bands.band_keys(row))
            for key in story.keys:
                self._exact.setdefault(key, story.id)
            for key in story.title_keys:
                self._titles.setdefault(key, story.id)
            self._by_name.file(story)
            self._advance(story.last_seen)
        log.info("stories_loaded", loaded=loaded, live=len(self._stories))
        return len(self._stories)

    def story(self, story_id: str) -> Story | None:
        """The public view of a live story, or None once it left the window."""
        s = self._stories.get(story_id)
        if s is None:
            return None
        return Story(s.id, s.lead, s.title, s.first_seen, s.last_seen, list(s.outlets), list(s.members))

    def story_ids(self) -> list[str]:
        """Ids of the live stories, oldest activity first."""
        return list(self._stories)


def _one_announcement(one: StoryProfile, other: StoryProfile) -> bool:
    """Whether two live stories may be one announcement the index split ("Microsoft to buy
    Nuance for $19.7 billion" and "Microsoft bets $16 billion on Nuance", kept apart by their
    figures): first seen within one news cycle of each other, no development kind in conflict,
    and the parties of one's first items all parties of the other's, which names two at least.
    An item fitting both joins the better one: both were alerted already, so no deal is lost
    whichever it joins; "Mayo and Cerebras ..." and "Mayo and Nvidia ..." stay look-alikes."""
    if abs(one.first_seen - other.first_seen) > SAME_ANNOUNCEMENT or kinds_conflict(one.kinds, other.kinds):
        return False
    mine, theirs = set(one.lead_names), set(other.lead_names)
    if theirs < mine:
        one, other, mine, theirs = other, one, theirs, mine
    # a deal's parties, at least two of them, on one side: one party's two announcements of a
    # day ("Regulon proposes a framework ...", "Regulon issues draft guidance ...") stay two;
    # and the story naming fewer knows the other's parties: "X and Y sign a pact" and "X signs
    # deals with Y and Z" are two deals when the first never wrote Z
    return len(theirs) >= 2 and mine <= theirs and knows_parties(one, other)


def _better(
    one: tuple[StoryProfile, Verdict], other: tuple[StoryProfile, Verdict] | None
) -> tuple[StoryProfile, Verdict]:
    """The higher-ranked of two candidates (`other` may be missing)."""
    if other is None or _before(one[1].score, one[0].id, other[1].score, other[0].id):
        return one
    return other


def _before(score: float, story_id: str, other_score: float, other_id: str) -> bool:
    """Whether a candidate ranks before another: higher score, then smaller story id."""
    return score > other_score or (score == other_score and story_id < other_id)
