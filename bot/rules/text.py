"""Word tokens and folding, shared by queries and item text so both sides agree.

Promises:
- A token is a run of Unicode letters/digits/underscore (`\\w`) and the marks inside a word,
  or ONE character of a script written without spaces between words (Han, kana, Hangul;
  Thai, Lao, Myanmar, Khmer): a term such as "人工智能" or "โรงพยาบาล" is matched as a
  phrase of single characters (word-bounded matching elsewhere).
- Marks (Unicode category M) never split a word: the vowel signs and viramas of the Brahmic
  scripts written with spaces (Devanagari to Sinhala) are letters of their word and kept
  ("स्वास्थ्य" is one token); every other mark (Arabic and Hebrew vowel points, a stray
  accent) is dropped, as accents are.
- Hyphens, apostrophes and other punctuation separate tokens, so "AI-powered" holds the word
  "AI", and "Microsoft's" holds "Microsoft" (possessives need no special case).
- Folding is case- and accent-insensitive, character by character: NFKD decomposition,
  combining marks dropped, then `str.casefold` (Unicode Standard 3.13, default caseless
  matching). `folded_tokens(text)` has exactly as many tokens as `TOKEN_RE` finds in
  `prepare(text)`, in the same order, so positions from the fast path index the spans.
- Speed: folding and punctuation are one `str.translate` (a C pass over the text).
"""

from __future__ import annotations

import re
import unicodedata

# Hiragana, Katakana, CJK Extension A, CJK Unified Ideographs, Compatibility Ideographs, Hangul.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# With Thai, Lao, Myanmar and Khmer, the scripts that write no spaces between words: one
# character a token (their marks too).
ONE_CHAR_RANGES = CJK_RANGES + "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_ONE_CHAR_RE = re.compile(f"[{ONE_CHAR_RANGES}]")
_BRAHMIC = ("\u0900", "\u0dff")  # Devanagari to Sinhala: their marks are letters of the word


def _class_body(codes: list[int]) -> str:
    """A character class body of code points (ascending), as ranges."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b != a else "") for a, b in runs)


# The marks (category M) outside the one-character scripts, found once: the kept Brahmic ones,
# and all of them.
_MARK_CODES = [c for c in range(0x300, 0x10000)
               if unicodedata.category(chr(c))[0] == "M" and not _ONE_CHAR_RE.match(chr(c))]
_KEPT_MARKS = _class_body([c for c in _MARK_CODES if _BRAHMIC[0] <= chr(c) <= _BRAHMIC[1]])
_MARKS = _class_body(_MARK_CODES)
# A run of word characters with the marks inside it (the common case first: a plain run, then
# only at its end a test for a mark), a word opening with a kept mark, or one character.
TOKEN_RE = re.compile(
    rf"[^\W{ONE_CHAR_RANGES}]+(?:[{_MARKS}]+[^\W{ONE_CHAR_RANGES}]*)*"
    rf"|[{_KEPT_MARKS}](?:[^\W{ONE_CHAR_RANGES}]|[{_MARKS}])*|[{ONE_CHAR_RANGES}]"
)


def _fold_char(ch: str) -> str:
    if _ONE_CHAR_RE.match(ch):
        return f" {ch} "  # a token on its own
    if unicodedata.category(ch)[0] == "M":
        return ch if _BRAHMIC[0] <= ch <= _BRAHMIC[1] else ""  # part of the word, or dropped
    if not (ch.isalnum() or ch == "_"):
        return " "  # punctuation, space: a token boundary, like \W
    decomposed = unicodedata.normalize("NFKD", ch)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = "".join(c for c in folded if c.isalnum() or c == "_")
    return folded or ch.lower()


class _FoldTable(dict[int, str]):
    """Code point -> folded text, filled on first sight (str.translate calls __missing__)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()
for _code in range(128):
    _TABLE[_code]  # prefill ASCII so the common case never calls Python code


def prepare(text: str) -> str:
    """Compose text to NFC so a decomposed accent does not split a word in two."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def folded(prepared: str) -> str:
    """The folded text: tokens separated by spaces, with a space at each end.

    Same length as the prepared text plus two when no character expands or is dropped (all
    ASCII text and most Latin text); one-character tokens are padded with spaces, some
    letters fold to two and marks outside the Brahmic scripts to none.
    """
    return f" {prepared.translate(_TABLE)} "


def folded_tokens(prepared: str) -> list[str]:
    """The folded tokens of an already prepared text."""
    return prepared.translate(_TABLE).split()


def fold(word: str) -> str:
    """Folded form of a term word (its tokens joined by single spaces)."""
    return " ".join(folded_tokens(prepare(word)))


def token_spans(prepared: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of a prepared text, for explanations."""
    return [m.span() for m in TOKEN_RE.finditer(prepared)]


def original_tokens(prepared: str) -> list[str]:
    """The tokens in their original case, for case-sensitive terms."""
    return TOKEN_RE.findall(prepared)
