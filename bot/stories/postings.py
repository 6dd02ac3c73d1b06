"""The name index of live stories: which stories a key finds, and the keys a story is found by.

Promises (no I/O; `StoryIndex` owns one):
- `Postings.post(key, story_id)` / `unpost` keep, per key, the story ids in order of their
  last posting (one id as a plain string: most keys name one story; the keys naming several
  are held in a second, small dict, so the big one holds only strings and the garbage
  collector never tracks it); `find(keys, ids)` adds
  to `ids` the most recent `NAME_POSTINGS` stories of each key, and `candidates(sig, ...)`
  those of an item's keys.
- `lookup_keys(sig)`: the keys an item looks stories up by: its names' words (and their pinyin
  spellings, for Chinese stories, and their consonant skeletons, for stories in another script
  spelling names by sound); across scripts its native names and the sounds it spells; naming nobody (or no party), its figures, its one-off
  development kinds (`KIND`) and its places (`PLACED`).
- `join(story, sig)`: files a story under the keys its new member brings: the names' words,
  and (bounded by `MAX_POSTS`, kept in `StoryProfile.posts` for eviction and reload) native
  names, the sounds (and pinyin spellings) of a Latin-script story's first parties, a Chinese
  story's pinyin spellings and the sounds a Korean, Japanese, Hindi, Arabic or Hebrew story's
  first item spells (`HEARD`), figures, the first item's places, the story's one-off
  development kinds and, a first headline naming nobody, its opening word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice

from bot.stories.figures import figure_keys
from bot.stories.headline import fold
from bot.stories.pinyin import PINYIN, latin_keys
from bot.stories.profile import StoryProfile
from bot.stories.scripts import SOUND, skeletons, sound_keys
from bot.stories.signature import ItemSignature, Name
from bot.stories.told import ONE_OFF_KINDS

NAME_POSTINGS = 48  # per shared name, only the most recent stories are candidates
MAX_POSTS = 24  # per story, keys beyond its names (`StoryProfile.posts`)
KIND = "%"  # key prefix of a story's one-off development kinds
PLACED = "@"  # key prefix of the places its first item's headline names

_PINYIN_KEY = SOUND + PINYIN
# The mark of a sound a story in another script spells, filed apart from the sounds of a
# Latin-script story's names (`SOUND`), so a Latin-script report finds only the former by it.
HEARD = SOUND + SOUND
Posting = str | dict[str, None]  # one story id, or an ordered set of them (oldest first)


class Postings:
    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}  # key -> its one story id, or `_SHARED`
        self._shared: dict[str, dict[str, None]] = {}  # key -> its story ids, when two or more
        self.pinyin = 0  # Chinese stories filed under their pinyin spellings: Latin items look them up if any
        self.heard = 0  # stories filed under the sounds their script spells: Latin items look them up if any

    def values(self) -> Iterable[Posting]:
        return [self._shared[key] if posting is _SHARED else posting for key, posting in self._by_name.items()]

    def candidates(self, sig: ItemSignature, stories: Mapping[str, StoryProfile], ids: set[str]) -> None:
        """Add to `ids` the stories an item's keys find (`lookup_keys`; Chinese stories' pinyin
        spellings only while one is filed) and, for a Chinese item, `spelled` ones."""
        self.find(lookup_keys(sig, pinyin=self.pinyin > 0, heard=self.heard > 0), ids)
        if sig.foreign and sig.sound_keys:
            self.spelled(sig, stories, ids)

    def find(self, keys: Iterable[Name], ids: set[str]) -> None:
        """Add to `ids` the most recent stories filed under each key word of `keys`."""
        for name in keys:
            for part in name:
                ids.update(self._recent(part))

    def spelled(self, sig: ItemSignature, stories: Mapping[str, StoryProfile], ids: set[str]) -> None:
        """Add to `ids` the Latin-script stories whose first parties a Chinese item spells in
        pinyin by one of their words ("医渡": "yidu"), looked up as those stories' own name
        words and kept when the word is a first party's (no key of their own to hold)."""
        for key in sig.sound_keys:
            if not key.startswith(PINYIN):
                continue
            for story_id in self._recent(key[1:]):
                story = stories.get(story_id)
                if story is not None and not story.foreign and any(
                        key in latin_keys(name) for name in story.lead_names):
                    ids.add(story_id)

    def _recent(self, part: str) -> Iterable[str]:
        """The most recent `NAME_POSTINGS` stories filed under `part`."""
        posting = self._by_name.get(part)
        if posting is None:
            return ()
        if posting is not _SHARED:
            return (posting,)
        return islice(reversed(self._shared[part]), NAME_POSTINGS)

    def post(self, part: str, story_id: str) -> None:
        posting = self._by_name.get(part)
        if posting is None:
            self._by_name[part] = story_id
        elif posting is _SHARED:
            ids = self._shared[part]
            ids.pop(story_id, None)  # re-inserted last: postings are ordered by recency
            ids[story_id] = None
        elif posting != story_id:
            self._by_name[part] = _SHARED
            self._shared[part] = {posting: None, story_id: None}

    def unpost(self, part: str, story_id: str) -> None:
        posting = self._by_name.get(part)
        if posting is _SHARED:
            ids = self._shared[part]
            ids.pop(story_id, None)
            if not ids:
                del self._by_name[part], self._shared[part]
        elif posting == story_id:
            del self._by_name[part]

    def file(self, story: StoryProfile) -> None:
        """File a loaded story under every key it holds."""
        for name in (*story.names, story.posts):
            for part in name:
                self.post(part, story.id)
        self.pinyin += _filed(story, _PINYIN_KEY)
        self.heard += _filed(story, HEARD)

    def remove(self, story: StoryProfile) -> None:
        """Take an evicted story out of every key it holds."""
        for name in (*story.names, story.posts):
            for part in name:
                self.unpost(part, story.id)
        self.pinyin -= _filed(story, _PINYIN_KEY)
        self.heard -= _filed(story, HEARD)

    def join(self, story: StoryProfile, sig: ItemSignature) -> None:
        """File `story` under the keys its new member `sig` brings (see the module doc)."""
        for name in sig.names:
            for part in name:
                self.post(part, story.id)
        first = len(story.members) == 1
        extra = [part for name in sig.native_names for part in name]
        if first and not sig.foreign:
            # a Latin-script story is found by the sound of its parties' names too, so a Korean
            # or Japanese report that spells them (볼파라), or a Chinese one writing them in
            # characters read as their pinyin (医渡), finds it
            extra += sound_keys(story.lead_names)[:MAX_POSTS]
        # and by its figures, so a report naming nobody ("Paris AI start-up lands $180M") finds
        # the story of that figure (`judge`: only within a news cycle)
        extra += figure_keys(sig)
        if first and (not sig.names or sig.lede_named) and not sig.foreign:
            # and, its headline naming nobody, by the headline's first word: a brand that is a
            # common word ("Notable raises ...") opens a headline unread as a name, and a report
            # naming it mid-sentence ("startup Notable banks ...") looks it up by that word
            opening = sig.title.split(None, 1)[0] if sig.title else ""
            if opening[:1].isupper() and opening.isalpha():
                extra.append(fold(opening))
        if first:
            # and by its first item's places, so a report naming nobody finds the story of its
            # place ("Osaka hospital ..."; `judge`: only within a news cycle), under keys of
            # their own: a place is no name of the story, no party
            extra += [PLACED + w for place in sig.places for w in place.split()]
        # and by its one-off development, so a report naming nobody ("Irish health service hit
        # by ransomware") finds the story of that development (`judge`: a news cycle)
        extra += [KIND + kind for kind in story.kinds & ONE_OFF_KINDS]
        if first and sig.foreign:
            # and a Chinese story by its pinyin spellings, last (what room is left), so a
            # Latin-script report of the company ("Yidu") finds it (those nearest the start first)
            extra += [SOUND + key for key in sig.sound_keys if key.startswith(PINYIN)]
        if first and sig.foreign:
            # and a Korean, Japanese, Hindi, Arabic or Hebrew story by the sounds of the names it
            # spells ("볼파라": "~~PLPL"), under keys of their own, so a Latin-script report of
            # the company ("Volpara") finds it (`judge` compares them by `scripts.cross_keys`)
            extra += [HEARD + key for key in sig.sound_keys if not key.startswith(PINYIN)]
        spelled, heard = _filed(story, _PINYIN_KEY), _filed(story, HEARD)
        for key in extra:
            if key not in story.posts and len(story.posts) < MAX_POSTS:
                story.posts += (key,)
                self.post(key, story.id)
        self.pinyin += _filed(story, _PINYIN_KEY) - spelled
        self.heard += _filed(story, HEARD) - heard


# The mark of a key several stories are filed under (told by identity: no story id is this object).
_SHARED = "".join(["<", "shared", ">"])


def _filed(story: StoryProfile, mark: str) -> int:
    """1 for a story in another script filed under a key of `mark` (`_PINYIN_KEY`: its pinyin
    spellings; `HEARD`: the sounds it spells), else 0."""
    return int(story.foreign and any(key.startswith(mark) for key in story.posts))


def lookup_keys(sig: ItemSignature, *, pinyin: bool = True, heard: bool = True) -> tuple[Name, ...]:
    """The keys an item looks its candidate stories up by (see the module doc); `pinyin`:
    whether any Chinese story is filed under its spellings, `heard`: whether any story is filed
    under the sounds its script spells (else a Latin item skips those keys)."""
    names = sig.names
    if sig.foreign:
        # a CJK item also looks up its native names and the sounds it spells ("~PLPL", and the
        # pinyin of a Latin-script party of several words, "~^pingan"; `spelled` finds those
        # of one word)
        names = (*names, *sig.native_names, tuple(SOUND + key for key in sig.sound_keys))
    elif not names:
        names = (tuple(figure_keys(sig)),)  # a report naming nobody: the stories of its figures
    else:
        if not sig.parties:  # or no party ("... led by HV Capital"): those of its figures too
            names = (*names, tuple(figure_keys(sig)))
        if pinyin:  # and a Chinese story writing its names in characters, by their pinyin ("~^yidu")
            names = (*names, tuple(SOUND + key for name in sig.names for key in latin_keys(name)))
        if heard:  # and a story in another script spelling its names by sound, by their skeletons ("~~PLPL")
            names = (*names, tuple(HEARD + s for name in sig.names for s in skeletons(name)))
    if (not sig.names or sig.lede_named) and sig.kinds:
        # and, naming nobody, those of its one-off development (`judge`: within a news cycle)
        names = (*names, tuple(KIND + k for k in sig.kinds & ONE_OFF_KINDS))
    if (not sig.names or sig.lede_named) and sig.places and sig.kinds:
        # and those naming its places, in their names or as places (`judge`: a news cycle), its
        # headline naming nobody (its summary's names are no parties)
        words = [w for place in sig.places for w in place.split()]
        names = (*names, tuple(words), tuple(PLACED + w for w in words))
    return names
