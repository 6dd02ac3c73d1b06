"""Word tokens and folding, shared by queries and item text so both sides agree.

Promises:
- A token is a run of Unicode letters/digits (`\\w` minus CJK), or ONE CJK/Hangul character:
  Chinese and Japanese do not separate words with spaces, so a CJK term such as "人工智能" is
  matched as a phrase of single characters, which keeps matching word-bounded elsewhere.
- Hyphens, apostrophes and other punctuation separate tokens, so "AI-powered" holds the word
  "AI", and "Microsoft's" holds "Microsoft" (possessives need no special case).
- `fold` is case- and accent-insensitive: NFKD decomposition, combining marks dropped, then
  `str.casefold` (Unicode default caseless matching, Unicode Standard section 3.13).
"""

from __future__ import annotations

import re
import unicodedata

# Hiragana, Katakana, CJK Extension A, CJK Unified Ideographs, Compatibility Ideographs, Hangul.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
TOKEN_RE = re.compile(rf"[^\W{_CJK}]+|[{_CJK}]")


def prepare(text: str) -> str:
    """Compose text to NFC so a decomposed accent does not split a word in two."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def tokens(text: str) -> list[str]:
    """The word tokens of `text`, in order, original case."""
    return TOKEN_RE.findall(prepare(text))


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` (already prepared), for explanations."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def fold(word: str) -> str:
    """Case- and accent-folded form of one word."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
