"""Literal gates for regular expressions: cheap tests that let most texts skip a search.

Promises (pure), all read from the parsed patterns, never written by hand, so a gate cannot
drift from its pattern:

- `_parsed_starts(pattern)` gives the literal text each alternative starts with (after
  zero-width assertions such as `\\b`), or None when some alternative starts with anything
  else (a class, a repeat, a lookahead, an empty branch) or the pattern ignores case or reads
  ASCII words only;
- `WordStarts(patterns)` indexes patterns whose every alternative starts a word (`\\b` and
  then at least three word characters): `which(text)` gives, in order, the indexes of the
  patterns matching `text`, searching only those whose word starts the text has (and those
  it could not index). One pass over the words of a text instead of one search a pattern.

Why: the cue patterns are alternations of words, and `re` tries every alternative at every
word boundary of a headline, while most headlines state one cue or none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _parser  # type: ignore[attr-defined]  # the parser `re` compiles with; no public one
from typing import Any

_START = 3  # characters of a word start that `WordStarts` indexes
_RUN_RE = re.compile(r"\w+")  # the words `\b` bounds: maximal runs of word characters
# Flags under which a literal or `\b` means something else than the plain reading above.
_OTHER_READING = re.IGNORECASE | re.ASCII | re.LOCALE


class WordStarts:
    """Patterns indexed by the word starts their matches begin with (see the module)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._patterns = tuple(patterns)
        self._by_start: dict[str, list[int]] = {}
        always: list[int] = []
        for i, pattern in enumerate(self._patterns):
            starts = _parsed_starts(pattern)
            heads = {text[:_START] for text, _ in starts or ()}
            if not starts or not all(bounded and _wordy(text[:_START]) for text, bounded in starts):
                always.append(i)  # a match may start elsewhere: searched in every text
                continue
            for head in heads:
                self._by_start.setdefault(head, []).append(i)
        self._always = frozenset(always)

    def which(self, text: str) -> list[int]:
        """The indexes of the patterns that match `text`, in order."""
        candidates = set(self._always)
        get = self._by_start.get
        for run in _RUN_RE.findall(text):
            found = get(run[:_START])
            if found is not None:
                candidates.update(found)
        patterns = self._patterns
        return [i for i in sorted(candidates) if patterns[i].search(text)]


def _wordy(head: str) -> bool:
    # `\w` as `re` reads it: alphanumeric or an underscore, and a full-length start.
    return len(head) == _START and all(c.isalnum() or c == "_" for c in head)


def _parsed_starts(pattern: re.Pattern[str]) -> set[tuple[str, bool]] | None:
    if pattern.flags & _OTHER_READING:
        return None
    try:
        return _starts(list(_parser.parse(pattern.pattern, pattern.flags)), bounded=False)
    except Exception:  # a parser this version does not have: no gate, and no error
        return None


def _starts(items: list[tuple[Any, Any]], *, bounded: bool) -> set[tuple[str, bool]] | None:
    """The literal starts of a parsed sequence, each with whether a `\\b` comes right before
    it, or None when one of its matches may start with something else."""
    i = 0
    while i < len(items) and items[i][0] is _parser.AT:  # zero width: \b, ^
        bounded = bounded or items[i][1] is _parser.AT_BOUNDARY
        i += 1
    if i == len(items):
        return None
    op, arg = items[i]
    if op is _parser.LITERAL:
        chars = []
        while i < len(items) and items[i][0] is _parser.LITERAL:
            chars.append(chr(items[i][1]))
            i += 1
        return {("".join(chars), bounded)}
    if op is _parser.BRANCH:
        out: set[tuple[str, bool]] = set()
        for alternative in arg[1]:
            found = _starts(list(alternative), bounded=bounded)
            if found is None:
                return None
            out |= found
        return out
    if op is _parser.SUBPATTERN and not arg[1] & _OTHER_READING:  # (group, add flags, del flags, body)
        return _starts(list(arg[3]), bounded=bounded)
    return None
