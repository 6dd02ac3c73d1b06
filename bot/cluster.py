"""Stories: which items report the same real-world event.

`StoryIndex.assign(item)` puts every item in a story and says why, cheapest evidence first
(DESIGN.md section 7):

1. identity: the same source GUID, canonical URL, Google News article id, or headline from the
   same outlet means the same item (an edited title stays in its story);
2. the same normalized headline within the window;
3. near-duplicate: candidates come from a MinHash band index over title-and-lede shingles and
   from an index of the named parties; a candidate is accepted when parties and words agree
   enough, and REJECTED by guards that keep look-alikes apart: other named parties ("Mayo
   Clinic and Google" is not "Mayo Clinic and Microsoft"), other money amounts, years, funding
   rounds or development phases (a deal closing vs being agreed, a preview);
4. late follow-ups (commentary weeks later) join only on the strict form of that evidence.

Roundups (newsletters, lists, multi-deal headlines) stay stories of their own. Memory is
bounded: a story whose last item is older than the follow-up horizon is evicted with its index
entries. `export_story`/`load` give JSON-ready records so a restart keeps live stories.
Pure: no I/O; time comes from the items or the injected clock.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from bot.logs import get_logger
from bot.models import Clock, Item, Story, StoryRef
from bot.signature import (
    EXCLUSIVE_PHASES,
    MAX_SIGS,
    BandIndex,
    ItemSignature,
    MinHasher,
    StoryProfile,
    jaccard,
    sign_item,
)
from bot.titles import ALIASES
from bot.urls import canonical_url

log = get_logger(__name__)

DEFAULT_WINDOW = timedelta(days=3)
DEFAULT_FOLLOW_UP = timedelta(days=45)
_NAME_POSTINGS = 48  # per shared name, only the most recent stories are candidates
_GOOGLE_NEWS = "news.google.com"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Acceptance thresholds of `judge` (bench/dedup_quality.py --sweep shows their margins)."""

    contain: float = 0.25  # share of the item's words the story has, with a shared party
    title_overlap: float = 2.0  # headline words shared with the story's headlines, with a party
    jaccard: float = 0.5  # MinHash Jaccard that alone makes a near-duplicate
    contain_alone: float = 0.6  # word containment that alone makes a near-duplicate
    follow_contain: float = 0.2  # containment for a late follow-up (beyond the window)


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one candidate story compares with an item: accepted or not, a score, and why."""

    accept: bool
    score: float
    detail: str
    rejected_by: str = ""


def _present(name: tuple[str, ...], words: set[str] | frozenset[str]) -> bool:
    return any(part in words or ALIASES.get(part, "") in words for part in name)


def _guards(sig: ItemSignature, story: StoryProfile) -> str:
    """The first reason the item cannot be this story, or ""."""
    if sig.years and story.years and not sig.years & story.years:
        return f"years differ ({_fmt(sig.years)} vs {_fmt(story.years)})"
    if sig.rounds and story.rounds and not sig.rounds & story.rounds:
        return f"funding rounds differ ({_fmt(sig.rounds)} vs {_fmt(story.rounds)})"
    for a, b in EXCLUSIVE_PHASES:
        if not b:
            if (a in sig.phases) != (a in story.phases):
                return f"phases differ ({a} vs not {a})"
            continue
        for x, y in ((a, b), (b, a)):
            if x in sig.phases and y in story.phases and x not in story.phases and y not in sig.phases:
                return f"phases differ ({x} vs {y})"
    if sig.title_amounts and story.title_amounts and not sig.title_amounts & story.amounts:
        return f"amounts differ ({_money(sig.title_amounts)} vs {_money(story.title_amounts)})"
    mine_only = [n for n in sig.parties if not _present(n, story.words)]
    theirs_only = [n for n in story.lead_names if not _present(n, sig.words)]
    if mine_only and theirs_only:
        ours = ", ".join(sig.display.get(n, " ".join(n)) for n in mine_only[:3])
        theirs = ", ".join(story.display.get(n, " ".join(n)) for n in theirs_only[:3])
        return f"orgs differ ({ours} vs {theirs})"
    return ""


def judge(
    sig: ItemSignature, story: StoryProfile, gap: timedelta, window: timedelta, th: Thresholds
) -> Verdict:
    """Compare an item with a live story; `gap` is the time between them."""
    jac = max((jaccard(sig.minhash, s) for s in story.sigs), default=0.0)
    shared = [n for n in sig.names if _present(n, story.words)]
    shared_names = ", ".join(story.display.get(n, sig.display.get(n, " ".join(n))) for n in shared)
    contain = len(sig.tokens & story.tokens) / len(sig.tokens) if sig.tokens else 0.0
    title_overlap = len(sig.title_tokens & story.title_tokens)
    detail = f"jaccard {jac:.2f}, shared orgs: {shared_names or 'none'}"
    blocked = _guards(sig, story)
    if blocked:
        return Verdict(False, 0.0, detail, blocked)
    new = [n for n in sig.parties if not _present(n, story.words)]
    shared_parties = [n for n in sig.parties if _present(n, story.words)]
    money = any(a >= 1_000_000 for a in sig.title_amounts & story.amounts)
    score = len(shared) + 2.0 * contain + jac + 0.25 * title_overlap + money
    if jac >= th.jaccard or contain >= th.contain_alone:
        ok = True  # a copy or a light rewrite, whatever the names say
    elif gap <= window:
        lexical = contain >= th.contain or title_overlap >= th.title_overlap
        # A new party is fine when the story's own parties are all named too: the press
        # release of "Color Health builds a copilot" does not say "OpenAI", the news does.
        widens = bool(shared_parties) and all(_present(n, sig.words) for n in story.lead_names)
        ok = (not new and (len(shared) >= 2 or (bool(shared) and (lexical or money)))) or (
            bool(new) and widens and (lexical or money)
        )
    else:
        # A late follow-up (commentary, explainer) names no new party, brings no new figure in
        # its headline, and shares words beyond the names, or the story's money figure.
        plain = len((sig.title_tokens & story.title_tokens) - {p for n in shared for p in n})
        ok = (
            not new
            and bool(shared_parties)
            and not sig.title_amounts - story.amounts
            and (money or contain >= th.follow_contain or plain >= th.title_overlap)
        )
    return Verdict(ok, score, detail)


def _fmt(values: set[str] | frozenset[str]) -> str:
    return "/".join(sorted(values))


def _money(values: set[int] | frozenset[int]) -> str:
    return "/".join(_money_one(v) for v in sorted(values)[:3])


def _money_one(value: int) -> str:
    for unit, size in (("billion", 10**9), ("million", 10**6)):
        if value >= size:
            return f"${value / size:g} {unit}"
    return f"${value:g}"


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
        self._exact: dict[str, str] = {}  # exact key -> story id
        self._titles: dict[str, str] = {}  # normalized headline -> story id
        self._by_name: dict[str, dict[str, None]] = {}  # name word -> story ids (ordered set)
        self._high_water: datetime | None = None

    def __len__(self) -> int:
        return len(self._stories)

    # -- assignment ---------------------------------------------------------------------------

    def assign(self, item: Item, *, now: datetime | None = None) -> StoryRef:
        """Put `item` in a story (a new one or a live one) and say why."""
        when = self._item_time(item, now)
        self._advance(when)
        sig = sign_item(item.title, item.summary, item.outlet, self._hasher)
        keys = exact_keys(item, sig)
        story, reason = self._match(item, sig, keys, when)
        if story is None:
            story = self._new_story(item, sig, when)
            ref = StoryRef(story.id, True, reason, item.fingerprint)
        else:
            self._join(story, item, sig, when)
            ref = StoryRef(story.id, False, reason, story.lead)
        for key in keys:
            self._exact.setdefault(key, story.id)
            story.keys.setdefault(key, item.fingerprint)
        log.debug("story_assigned", item=item.fingerprint, story=story.id, reason=ref.reason)
        return ref

    def _match(
        self, item: Item, sig: ItemSignature, keys: list[str], when: datetime
    ) -> tuple[StoryProfile | None, str]:
        for key in keys:
            story = self._stories.get(self._exact.get(key, ""))
            if story is not None and (key[0] != "t" or self._gap(story, when) <= self.window):
                return story, f"same {_KEY_KINDS[key[0]]} as item {story.keys.get(key, story.lead)}"
        if sig.roundup:
            return None, "new story: roundup or newsletter (kept apart from the stories it lists)"
        story = self._stories.get(self._titles.get(sig.title_key, ""))
        if (
            story is not None
            and not story.roundup
            and self._gap(story, when) <= self.window
            and len(sig.title_key.split()) >= 4
        ):
            return story, f"title matches story {story.id}"
        best: tuple[StoryProfile, Verdict] | None = None
        nearest: tuple[StoryProfile, Verdict] | None = None
        for story in self._candidates(sig):
            gap = self._gap(story, when)
            if story.roundup or gap > self.follow_up:
                continue
            verdict = judge(sig, story, gap, self.window, self.thresholds)
            if verdict.accept and (best is None or verdict.score > best[1].score):
                best = (story, verdict)
            elif not verdict.accept and (nearest is None or verdict.score >= nearest[1].score):
                nearest = (story, verdict)
        if best is not None:
            story, verdict = best
            kind = "near-duplicate of" if self._gap(story, when) <= self.window else "follow-up to"
            return story, f"{kind} {story.id} ({verdict.detail})"
        if nearest is None:
            return None, "new story: no similar story in the window"
        story, verdict = nearest
        why = verdict.rejected_by or f"too different ({verdict.detail})"
        return None, f"new story: nearest {story.id} rejected, {why}"

    def _candidates(self, sig: ItemSignature) -> list[StoryProfile]:
        ids = set(self._bands.query(sig.minhash))
        for name in sig.names:
            for part in name:
                posting = self._by_name.get(part)
                if posting:
                    ids.update(islice(reversed(posting), _NAME_POSTINGS))
        return [self._stories[i] for i in ids if i in self._stories]

    def _gap(self, story: StoryProfile, when: datetime) -> timedelta:
        if when >= story.last_seen:
            return when - story.last_seen
        return max(story.first_seen - when, timedelta(0))

    # -- bookkeeping --------------------------------------------------------------------------

    def _new_story(self, item: Item, sig: ItemSignature, when: datetime) -> StoryProfile:
        story_id = f"s-{item.fingerprint}"
        story = StoryProfile(story_id, item.fingerprint, sig.title, when, when, roundup=sig.roundup)
        story.lead_names = list(sig.parties)
        self._stories[story_id] = story
        self._join(story, item, sig, when)
        return story

    def _join(self, story: StoryProfile, item: Item, sig: ItemSignature, when: datetime) -> None:
        story.members.append(item.fingerprint)
        if item.outlet and item.outlet not in story.outlets:
            story.outlets.append(item.outlet)
        story.first_seen = min(story.first_seen, when)
        if when > story.last_seen:
            story.last_seen = when
            self._stories.move_to_end(story.id)
        if story.roundup:
            return  # a roundup is never a candidate, so it needs no similarity data
        story.absorb(sig)
        if sig.title_key not in story.title_keys:
            story.title_keys.append(sig.title_key)
            self._titles.setdefault(sig.title_key, story.id)
        if len(story.sigs) < MAX_SIGS:
            story.sigs.append(sig.minhash)
            self._bands.add(story.id, sig.minhash)
        for name in sig.names:
            for part in name:
                posting = self._by_name.setdefault(part, {})
                posting.pop(story.id, None)
                posting[story.id] = None

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
        self._bands.remove(story.id)
        for key in story.keys:
            if self._exact.get(key) == story.id:
                del self._exact[key]
        for name in story.names:
            for part in name:
                posting = self._by_name.get(part)
                if posting is not None:
                    posting.pop(story.id, None)
                    if not posting:
                        del self._by_name[part]
        for key in story.title_keys:
            if self._titles.get(key) == story.id:
                del self._titles[key]

    # -- persistence and views ----------------------------------------------------------------

    def export_story(self, story_id: str) -> dict[str, Any]:
        """A JSON-ready record of a live story: all `load` needs to match future items."""
        return self._stories[story_id].to_record()

    def export(self) -> list[dict[str, Any]]:
        """Records of every live story, oldest activity first."""
        return [self.export_story(story_id) for story_id in self._stories]

    def load(self, records: Iterable[dict[str, Any]]) -> int:
        """Restore stories from `export_story` records; returns how many are live afterwards."""
        for rec in sorted(records, key=lambda r: str(r["last_seen"])):
            story = StoryProfile.from_record(rec)
            if story.id in self._stories:
                continue
            self._stories[story.id] = story
            for sig in story.sigs:
                self._bands.add(story.id, sig)
            for key in story.keys:
                self._exact.setdefault(key, story.id)
            for key in story.title_keys:
                self._titles.setdefault(key, story.id)
            for name in story.names:
                for part in name:
                    self._by_name.setdefault(part, {})[story.id] = None
            self._advance(story.last_seen)
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


_KEY_KINDS = {"u": "canonical URL", "g": "GUID", "n": "Google News article", "t": "title and outlet"}


def exact_keys(item: Item, sig: ItemSignature) -> list[str]:
    """Identity keys of an item; two items sharing one are the same item.

    Google News links (`news.google.com/rss/articles/<id>`) hide the publisher URL, so they
    are keyed by their article id and, like every item, by outlet plus headline. A GUID that
    is not a URL (a node or post number) only means something on its own site, so it is scoped
    by the link's host.
    """
    keys: list[str] = []
    url = (item.url or "").strip()
    news_id = _google_news_id(url)
    canonical = item.canonical_url or (canonical_url(url) if url else "")
    if news_id:
        keys.append("n" + news_id)
    elif canonical:
        keys.append("u" + canonical)
    guid = (item.guid or "").strip()
    if guid and guid != news_id:
        if guid.startswith(("http://", "https://")):
            guid_news = _google_news_id(guid)
            keys.append("n" + guid_news if guid_news else "u" + canonical_url(guid))
        else:
            host = urlsplit(canonical).hostname or item.source
            keys.append(f"g{host}:{guid}")
    outlet = item.outlet or item.source
    if outlet and len(sig.title_key.split()) >= 3:
        keys.append(f"t{outlet.casefold()}|{sig.title_key}")
    return list(dict.fromkeys(keys))


def _google_news_id(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.hostname != _GOOGLE_NEWS or "/articles/" not in parts.path:
        return ""
    return parts.path.rstrip("/").rsplit("/", 1)[-1]
