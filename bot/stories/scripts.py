"""Names across scripts: how a Korean, Japanese, Chinese, Hindi, Arabic or Hebrew headline and
Latin-script coverage of one story meet (the native-name table is CJK only; sounds are all).

Promises (pure; memoized lookups):

- `native_names(headline)`: the name keys of the organisations a CJK headline writes in its own
  script, by the table of native names (`labels.cjk_names`: "루닛" -> ("lunit",)).
- `native_sounds(headline)`: the other Hangul and katakana words of such a headline by their
  consonant skeletons (`sounds.native_skeletons`), and a Chinese headline's stretches of
  characters by their Hanyu Pinyin spelling (`pinyin.pinyin_keys`: "^yidu"), the table's
  names and places left out.
- The marks `NATIVE` and `SOUND`: a CJK item keeps "=lunit" and "~PLPL" among its words, so a
  Latin-script item's names are looked up in a CJK story by `cross_keys(name)`, and a CJK
  item's sounds in a Latin-script story by `name_sounds` of the story's names.
- `skeletons(name)`: the consonant skeletons of a Latin-script name's words, once each (the
  name index looks up stories in another script by them).
- `sound_keys(names)`: the name-index keys ("~PLPL") a Latin-script story is filed under, by
  which a CJK item spelling its parties finds it (a pinyin spelling finds it by its name word).
"""

from __future__ import annotations

import sys

from bot.stories.labels import cjk_names, cjk_unknown
from bot.stories.memo import memo
from bot.stories.minhash import word_hash
from bot.stories.names import names
from bot.stories.pinyin import joined_key, latin_keys, pinyin_keys
from bot.stories.sounds import latin_skeletons, native_skeletons

Name = tuple[str, ...]

# Marks of the words a CJK headline names across scripts, kept in `words` beside the text's own
# words (no word of a text starts with either): "=lunit", a name it writes in its own script
# (루닛), by its English key; "~PLPL", the consonant skeleton of a word it spells by sound.
NATIVE, SOUND = "=", "~"


def _cross_keys_of(name: Name) -> tuple[int, ...]:
    keys = [word_hash(NATIVE + w) for w in name]
    keys.extend(word_hash(SOUND + s) for w in name for s in latin_skeletons(w))
    keys.extend(word_hash(SOUND + k) for k in latin_keys(name))
    return tuple(keys)


# The hashes by which a Latin-script name is looked up among a CJK headline's words: its words
# as that headline's native names, their consonant skeletons and their pinyin spellings.
cross_keys = memo(_cross_keys_of, 8192)


def _skeletons_of(name: Name) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for w in name for s in latin_skeletons(w)))


# The consonant skeletons of a Latin-script name's words, once each (a tuple of strings: the
# garbage collector stops tracking it, where a kept set would be walked by every collection).
skeletons = memo(_skeletons_of, 8192)


def _name_sounds_of(name: Name) -> frozenset[str]:
    return frozenset(skeletons(name)).union(latin_keys(name))


# The consonant skeletons of a Latin-script name's words, and their pinyin spellings.
name_sounds = memo(_name_sounds_of, 8192)


def sound_keys(names: tuple[Name, ...]) -> list[str]:
    """The name-index keys of the sounds of `names` ("~PLPL"), as CJK items look them up (a
    Chinese item looks a one-word pinyin spelling up as the name word itself: "yidu")."""
    # interned: many stories' parties sound alike, one key string serves them all. Read by
    # word, not by name: a story's first parties are mostly names no other story had, whose
    # own memo entry would be one more miss to compute and to keep.
    keys = {sys.intern(SOUND + s) for name in names for w in name for s in latin_skeletons(w)}
    # a name of several words also by its words run together ("Ping An": "~^pingan"), which
    # is no name word of the story to look up
    keys.update(SOUND + key for key in map(joined_key, names) if key)
    return sorted(keys)


def _keys_of(english: str) -> tuple[Name, ...]:
    return tuple(names(english))


_english_keys = memo(_keys_of, 4096)  # the table's names: a few hundred at most


def native_names(headline: str) -> tuple[Name, ...]:
    """The name keys of the organisations a CJK headline writes in its own script."""
    keys: list[Name] = []
    for english in cjk_names(headline):
        keys.extend(k for k in _english_keys(english) if k not in keys)
    return tuple(keys)


def native_sounds(headline: str) -> dict[str, str]:
    """The skeletons of a CJK headline's sound-spelled words (`{skeleton: word}`), the names and
    places the native tables know left out (they are matched by the table)."""
    rest = cjk_unknown(headline)
    return native_skeletons(rest) | pinyin_keys(rest)

