"""Word tokens and folding, shared by queries and item text so both sides agree.

Promises:
- A token is a run of Unicode letters/digits/underscore (`\\w`) outside CJK, or ONE CJK/Hangul
  character: Chinese and Japanese do not separate words with spaces, so a CJK term such as
  "人工智能" is matched as a phrase of single characters (word-bounded matching elsewhere).
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
_CJK_RE = re.compile(f"[{CJK_RANGES}]")
TOKEN_RE = re.compile(rf"[^\W{CJK_RANGES}]+|[{CJK_RANGES}]")


def _fold_char(ch: str) -> str:
    if _CJK_RE.match(ch):
        return f" {ch} "  # a token on its own
    if not (ch.isalnum() or ch == "_"):
        return " "  # punctuation, space, combining mark: a token boundary, like \W
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

    Same length as the prepared text plus two when no character expands (all ASCII text and
    most Latin text); CJK characters are padded with spaces and some letters fold to two.
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
