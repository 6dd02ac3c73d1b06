"""Story columns (bot.stories.columns): merged columns are the sorted union, whatever the size."""

from __future__ import annotations

import random
from array import array

from bot.stories.columns import grown, union


def _reference(column: array[int], more: frozenset[int], cap: int) -> array[int] | None:
    if len(column) >= cap or not more or more.issubset(column):
        return None
    return array("I", sorted(more.union(column)))


def test_a_grown_column_is_the_sorted_union_small_or_large() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        size = rng.choice([0, 1, 5, 149, 150, 151, 400, 799, 800])
        column = array("I", sorted({rng.getrandbits(rng.choice([3, 31])) for _ in range(size)}))
        pool = [*column, *(rng.getrandbits(31) for _ in range(40))]
        more = frozenset(rng.sample(pool, min(len(pool), rng.choice([0, 1, 3, 30]))))
        cap = rng.choice([300, 800])
        assert grown(column, more, cap) == _reference(column, more, cap), (size, len(more))


def test_a_union_shares_a_set_that_is_the_whole_answer() -> None:
    a, b = frozenset({"agreed"}), frozenset({"agreed", "closed"})
    assert union(frozenset(), b) is b
    assert union(b, a) is b
    assert union(a, b) == b and union(a, frozenset({"pilot"})) == {"agreed", "pilot"}
