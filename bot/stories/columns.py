"""A story profile's word columns and small sets, grown as members join.

Promises (pure): `grown(column, more, cap)` is the sorted `array('I')` of the column's words
and `more`'s, or None when `more` adds nothing or the column holds `cap` words already (the
caller decides whether to replace the column or fill it in place). `union(mine, more)` is
`mine | more`, returning one of the two sets itself when it is the whole answer, so a story
shares its members' sets instead of holding copies: fewer objects for the garbage collector.
"""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np


def grown(column: array[int], more: frozenset[int], cap: int) -> array[int] | None:
    """The sorted word column with `more` merged in, or None when it has nothing to add (or
    holds `cap` words already)."""
    if len(column) >= cap or not more:
        return None
    if not column:  # a new story: nothing to merge with
        return array("I", sorted(more))
    if len(column) > _NUMPY_MERGE:
        return _grown_large(column, more)
    merged = more.union(column)  # one pass over the column (issubset would build a set of it too)
    return None if len(merged) == len(column) else array("I", sorted(merged))


def _grown_large(column: array[int], more: frozenset[int]) -> array[int] | None:
    """`grown` for a large column, in numpy: sorting a set of Python ints of 31 bits (two
    internal digits, no fast path) costs a story of a few hundred words 30 to 100 us a member,
    numpy's merge a quarter to a tenth of that; for a few dozen words its calls cost more."""
    merged = np.concatenate((np.frombuffer(column, dtype=_COLUMN), np.fromiter(more, dtype=_COLUMN, count=len(more))))
    merged.sort()
    keep = np.empty(len(merged), dtype=bool)
    keep[0] = True
    np.not_equal(merged[1:], merged[:-1], out=keep[1:])  # a word both had: kept once
    merged = merged[keep]
    return None if len(merged) == len(column) else array("I", merged.tobytes())


_COLUMN = np.dtype(f"u{array('I').itemsize}")  # a word column's items, as numpy reads them
_NUMPY_MERGE = 150  # words in a column from which numpy merges faster


def union(mine: frozenset[Any], more: frozenset[Any]) -> frozenset[Any]:
    """`mine | more`, sharing whichever is the whole of it: a set is one more object for the
    garbage collector to walk, and most members add nothing or fill an empty one."""
    if not mine:
        return more
    return mine if more <= mine else mine | more
