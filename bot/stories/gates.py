"""Literal gates for regular expressions: a few substring tests before a search.

Promise (pure): `literal_gate(pattern)` gives strings one of which every match of `pattern`
contains, or () when it cannot tell. The strings are the literal text each alternative of the
pattern starts with (after zero-width assertions such as `\\b` or `^`), read from the parsed
pattern, never written by hand, so a gate cannot drift from its pattern. An alternative that
starts with anything else (a class, a repeat, a lookahead, an empty branch) or a pattern that
ignores case gives (): such a pattern is always searched. `gated(pattern)` wraps both in one
test with the pattern's own answer.

Why: the cue patterns are alternations of words, and `re` tries every alternative at every
word boundary of a headline; testing a dozen substrings with `in` is cheaper, and most
headlines contain none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _parser  # type: ignore[attr-defined]  # the parser `re` compiles with; no public one
from typing import Any


def literal_gate(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings one of which every match of `pattern` contains, shortest first; () if unknown."""
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        starts = _starts(list(_parser.parse(pattern.pattern, pattern.flags)))
    except Exception:  # a parser this version does not have: no gate, and no error
        return ()
    out: list[str] = []
    for start in sorted(starts or (), key=lambda s: (len(s), s)):
        if not any(shorter in start for shorter in out):
            out.append(start)  # a start containing a shorter one adds nothing
    return tuple(out)


def gated(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """A test of whether `pattern` matches a text, its literal gate first."""
    gate = literal_gate(pattern)
    search = pattern.search
    if not gate:
        return lambda text: search(text) is not None

    def test(text: str) -> bool:
        for start in gate:  # a plain loop: any() over a generator costs a frame a call
            if start in text:
                return search(text) is not None
        return False

    return test


def _starts(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The literal starts of a parsed sequence, or None when one of its matches may start
    with something else."""
    i = 0
    while i < len(items) and items[i][0] is _parser.AT:  # zero width: \b, ^
        i += 1
    if i == len(items):
        return None
    op, arg = items[i]
    if op is _parser.LITERAL:
        chars = []
        while i < len(items) and items[i][0] is _parser.LITERAL:
            chars.append(chr(items[i][1]))
            i += 1
        return {"".join(chars)}
    if op is _parser.BRANCH:
        out: set[str] = set()
        for alternative in arg[1]:
            found = _starts(list(alternative))
            if found is None:
                return None
            out |= found
        return out
    if op is _parser.SUBPATTERN and not arg[1] & re.IGNORECASE:  # (group, add flags, del flags, body)
        return _starts(list(arg[3]))
    return None
