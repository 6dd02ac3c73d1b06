"""Literal gates for regular expressions: cheap tests that let most texts skip a search.

Promises (pure), all read from the parsed patterns, never written by hand, so a gate cannot
drift from its pattern:

- `_parsed_gates(pattern)` gives one gate for each way a match may begin: the word start of
  an alternative's literal start (after zero-width assertions such as `\\b` and lookarounds;
  `_START` characters, or a shorter word the literal ends: "de novo" is the word "de"), or,
  for an alternative starting with a class or a repeat ("\\w*partnerschaft\\w*"), the
  longest literal it holds at its top level; None when some alternative has neither, or the
  pattern ignores case or reads ASCII words only;
- `WordStarts(patterns)` indexes patterns by those gates: `which(text)` gives, in order, the
  indexes of the patterns matching `text`, searching only those whose word starts or
  literals the text has (and those it could not index). One pass over the words of a text
  and a few substring tests instead of one search a pattern; a pattern found by word starts
  alone is tried only where those words begin (`match`), not searched through the text.

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
_ZERO_WIDTH = (_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT)


class WordStarts:
    """Patterns indexed by the word starts their matches begin with, or by a literal their
    matches contain (see the module)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._patterns = tuple(patterns)
        self._by_start: dict[str, list[int]] = {}
        self._by_literal: list[tuple[str, int]] = []
        always: list[int] = []
        for i, pattern in enumerate(self._patterns):
            gates = _parsed_gates(pattern)
            if gates is None:
                always.append(i)  # a match may start elsewhere: searched in every text
                continue
            for kind, text in gates:
                if kind == _START_GATE:
                    self._by_start.setdefault(text, []).append(i)
                else:
                    self._by_literal.append((text, i))
        self._always = frozenset(always)

    def which(self, text: str) -> list[int]:
        """The indexes of the patterns that match `text`, in order."""
        at: dict[int, list[int]] = {}  # pattern -> where the words it is indexed by begin
        get = self._by_start.get
        end = 0
        for run in _RUN_RE.findall(text):
            # runs are maximal and in order, with no word character between them: the first
            # occurrence after the previous run is this one
            start = text.find(run, end)
            end = start + len(run)
            found = get(run[:_START])
            if found is not None:
                for i in found:
                    at.setdefault(i, []).append(start)
        anywhere = set(self._always)  # patterns a match of which may begin anywhere
        for literal, i in self._by_literal:
            if literal in text:
                anywhere.add(i)
        patterns = self._patterns
        return [i for i in sorted(anywhere.union(at)) if _matches(patterns[i], text, at.get(i, ()), i in anywhere)]


def _matches(pattern: re.Pattern[str], text: str, starts: Sequence[int], anywhere: bool) -> bool:
    """Whether `pattern` matches `text`: searched through it when a match may begin anywhere,
    else tried only at `starts`, the words its indexed word starts begin, where alone a match
    can begin (`match` at a position sees the text before it, as `\\b` and a lookbehind need;
    a search would try every alternative at every word of the text)."""
    if anywhere:
        return pattern.search(text) is not None
    return any(pattern.match(text, pos) is not None for pos in starts)


_START_GATE, _LITERAL_GATE = "start", "literal"
Gate = tuple[str, str]  # (_START_GATE, a word start) or (_LITERAL_GATE, a literal every match holds)


def _head(literal: str) -> str | None:
    """The key of the word a literal starts: its first `_START` characters, or a shorter word
    the literal ends with a non-word character ("de novo", "ce-marked": the word "de", "ce"),
    as `which` keys the words of a text; None when the word's start cannot be told."""
    n = 0
    while n < len(literal) and n < _START and _word_char(literal[n]):
        n += 1
    if n == _START or (0 < n < len(literal)):
        return literal[:n]
    return None


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # `\w` as `re` reads it


def _parsed_gates(pattern: re.Pattern[str]) -> set[Gate] | None:
    if pattern.flags & _OTHER_READING:
        return None
    try:
        return _gates(list(_parser.parse(pattern.pattern, pattern.flags)), bounded=False)
    except Exception:  # a parser this version does not have: no gate, and no error
        return None


def _gates(items: list[tuple[Any, Any]], *, bounded: bool) -> set[Gate] | None:
    """One gate for each way a parsed sequence's matches may begin: the word start of its
    literal start when a `\b` comes right before it, else a literal the sequence holds at its
    top level; None when some way has neither."""
    i = 0
    # zero width: \b, ^, and lookarounds ("(?<!prior )authori..." starts where "authori" does)
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
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
        head = _head("".join(chars)) if bounded else None
        return {(_START_GATE, head)} if head is not None else _required(items)
    if op is _parser.BRANCH:
        out: set[Gate] = set()
        for alternative in arg[1]:
            found = _gates(list(alternative), bounded=bounded)
            if found is None:
                return None
            out |= found
        return out
    if op is _parser.SUBPATTERN and not arg[1] & _OTHER_READING:  # (group, add flags, del flags, body)
        found = _gates(list(arg[3]), bounded=bounded)
        return found if found is not None else _required(items)
    return _required(items)


def _required(items: list[tuple[Any, Any]]) -> set[Gate] | None:
    """The longest run of literals at a sequence's top level, of `_START` characters or more:
    every match holds it ("\\w*partnerschaft\\w*" holds "partnerschaft")."""
    best, run = "", []
    for op, arg in [*items, (None, None)]:
        if op is _parser.LITERAL:
            run.append(chr(arg))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return {(_LITERAL_GATE, best)} if len(best) >= _START else None
