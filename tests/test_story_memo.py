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


def test_a_headline_analyzed_again_gives_its_own_answer_whatever_the_last_caller_did() -> None:
    from bot.stories import names

    # the relevance model, the stories and the facts read one item's headline in turn: the
    # latest answers are kept, each caller gets lists of its own
    title, summary = "Quorra and Varnel Health sign an AI pact", "Quorra will build tools for Varnel."
    first = names.name_runs(title, summary)
    first.append((("changed",), names.PARTY))
    names.analyze(title, summary)[1].clear()
    assert names.name_runs(title, summary) == [(("quorra",), names.PARTY), (("varnel",), names.PARTY)]
    assert names.analyze(title, summary)[1] == ["quorra", "and", "varnel", "health", "sign", "an", "ai", "pact"]
    # another summary is another question
    assert names.name_runs(title, "") == names.name_runs(title)
