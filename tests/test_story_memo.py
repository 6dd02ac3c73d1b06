"""Memo tables (bot.stories.memo): the function's own answers, in bounded memory."""

from __future__ import annotations

from bot.stories.memo import memo


def test_a_memo_answers_as_its_function_and_computes_each_answer_once() -> None:
    calls: list[str] = []

    def length(word: str) -> int:
        calls.append(word)
        return len(word)

    fast = memo(length, 100)
    assert [fast(w) for w in ("mayo", "epic", "mayo", "", "epic")] == [4, 4, 4, 0, 4]
    assert calls == ["mayo", "epic", ""]


def test_a_full_memo_starts_over_and_still_answers_right() -> None:
    calls: list[int] = []

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    fast = memo(square, 3)
    assert [fast(n) for n in (1, 2, 3, 4, 1, 4)] == [1, 4, 9, 16, 1, 16]
    # 4 found the table full: it was emptied, so 1 was computed again, and 4 was still there.
    assert calls == [1, 2, 3, 4, 1]


def test_a_memo_keeps_none_and_false_answers() -> None:
    calls: list[str] = []

    def nothing(word: str) -> None:
        calls.append(word)

    fast = memo(nothing, 10)
    assert fast("the") is None and fast("the") is None
    assert calls == ["the"]
