"""The table-driven reading of a Latin word's consonant skeletons (`sounds.latin_skeletons`: one
regular-expression scan and one translation) gives what reading the word letter by letter
gives, the plain statement of the rules kept here as the reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.stories import sounds
from bot.stories.sounds import MIN_CLASSES

_DIGRAPHS = {"ph": "P", "th": "T", "sh": "S", "ck": "K", "ng": "N", "gh": "", "qu": "K", "ts": "TS", "tz": "TS"}
_LETTERS = {
    **dict.fromkeys("bpfv", "P"), **dict.fromkeys("kgq", "K"), **dict.fromkeys("td", "T"),
    **dict.fromkeys("szj", "S"), **dict.fromkeys("lr", "L"), "m": "M", "n": "N", "x": "KS",
}
_VOWELS = frozenset("aeiouy")


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for part in classes:
        for c in part:
            if not out or out[-1] != c:
                out.append(c)
    return "".join(out)


def _step(word: str, i: int, drop_r: bool) -> tuple[str, int]:
    """The classes of the letters read at `i`, and how many letters were read."""
    pair, after = word[i : i + 2], word[i + 2 : i + 3]
    if pair == "ch":
        return ("K" if after in ("r", "l") else "S"), 2
    if pair in _DIGRAPHS and not (pair == "ng" and after in _VOWELS):
        return _DIGRAPHS[pair], 2
    if pair == "dg" and after in ("e", "i", "y"):
        return "S", 2
    ch, nxt = word[i], word[i + 1 : i + 2]
    if ch == "c":
        return ("S" if nxt in ("e", "i", "y") else "K"), 1
    if ch == "r" and drop_r and i > 0 and word[i - 1] in _VOWELS and nxt not in _VOWELS:
        return "", 1
    return _LETTERS.get(ch, ""), 1


def _letter_by_letter(word: str, *, drop_r: bool) -> str:
    classes: list[str] = []
    i = 0
    while i < len(word):
        found, read = _step(word, i, drop_r)
        classes.append(found)
        i += read
    return _collapse(classes)


def _reference(word: str) -> tuple[str, ...]:
    if len(word) < 4 or not word.isascii() or not word.isalpha():
        return ()
    found = dict.fromkeys((_letter_by_letter(word, drop_r=False), _letter_by_letter(word, drop_r=True)))
    return tuple(s for s in found if len(s) >= MIN_CLASSES)


# the letters the rules single out, often enough to meet in every combination, and others
_WORDS = st.text(alphabet="chrlgdeiyntspqukzaoxbCR0é-", max_size=14)


@settings(max_examples=3000, deadline=None)
@given(_WORDS)
def test_the_table_reading_equals_the_letter_by_letter_one(word: str) -> None:
    for drop_r in (False, True):
        if word.isascii() and word.isalpha():
            assert sounds._latin(word, drop_r=drop_r) == _letter_by_letter(word, drop_r=drop_r)
    assert sounds._latin_skeletons(word) == _reference(word)


def test_known_words_read_alike() -> None:
    for word in ("volpara", "novartis", "medtronic", "abridge", "tempus", "krambo", "christ",
                 "chloe", "change", "singapore", "hinge", "cybersecurity", "schnitzer", "quantum"):
        assert sounds._latin_skeletons(word) == _reference(word)
