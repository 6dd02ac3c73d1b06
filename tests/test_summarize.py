"""Extractive summaries: sentence boundaries, limits, boilerplate."""

from __future__ import annotations

from bot.delivery.summarize import sentences, summarize

TEXT = (
    "Dr. Jane Smith of Duke Health Inc. said costs fell 3.5 percent in the U.S. last year. "
    "The partnership with Microsoft Corp. starts in July! Will it scale? Nobody knows yet."
)


def test_abbreviations_and_decimals_do_not_end_sentences() -> None:
    assert sentences(TEXT) == [
        "Dr. Jane Smith of Duke Health Inc. said costs fell 3.5 percent in the U.S. last year.",
        "The partnership with Microsoft Corp. starts in July!",
        "Will it scale?",
        "Nobody knows yet.",
    ]


def test_initials_do_not_end_sentences() -> None:
    assert sentences("Led by J. R. Smith. Then more.") == ["Led by J. R. Smith.", "Then more."]


def test_it_keeps_at_most_the_asked_number_of_sentences() -> None:
    assert summarize([TEXT], max_sentences=2) == (
        "Dr. Jane Smith of Duke Health Inc. said costs fell 3.5 percent in the U.S. last year. "
        "The partnership with Microsoft Corp. starts in July!"
    )


def test_it_stops_before_the_sentence_that_would_pass_the_character_limit() -> None:
    assert summarize([TEXT], max_chars=100).endswith("last year.")


def test_a_single_overlong_sentence_is_cut_at_a_word_boundary() -> None:
    result = summarize(["alpha beta gamma delta " * 40], max_chars=50)

    assert len(result) <= 50 and result.endswith("…")
    assert result[:-1].split(" ")[-1] in {"alpha", "beta", "gamma", "delta"}


def test_it_picks_the_longest_text_and_drops_boilerplate() -> None:
    texts = [
        "Short teaser.",
        "A much longer body that explains the deal. It has two sentences. "
        "The post Duke and Microsoft team up appeared first on Health News.",
    ]

    assert summarize(texts) == "A much longer body that explains the deal. It has two sentences."


def test_a_text_that_only_repeats_the_title_is_skipped() -> None:
    texts = ["Duke and Microsoft team up  Fierce Healthcare", "Short real summary."]

    assert summarize(texts, title="Duke and Microsoft team up") == "Short real summary."


def test_nothing_usable_gives_an_empty_summary() -> None:
    assert summarize(["", "   ", "Continue reading"]) == ""
