"""Headline normalization, names and parties, content words."""

from __future__ import annotations

from bot.stories import headline as titles
from bot.stories import names


def test_it_strips_the_outlet_suffix_google_news_appends() -> None:
    title = "Duke Health and Microsoft announce AI partnership - Fierce Healthcare"
    assert titles.strip_outlet(title, "Fierce Healthcare") == "Duke Health and Microsoft announce AI partnership"


def test_it_strips_a_short_name_like_suffix_without_knowing_the_outlet() -> None:
    assert titles.strip_outlet("Epic adds GPT-4 to its EHR - CNBC") == "Epic adds GPT-4 to its EHR"


def test_it_keeps_a_dash_that_continues_the_sentence() -> None:
    title = "Live: Epic's user group meeting - Epic to launch its own AI charting built with Microsoft"
    assert titles.strip_outlet(title, "Newsweek") == title


def test_title_key_ignores_case_accents_and_punctuation() -> None:
    assert titles.title_key("Café  AI: Mercy’s NEW deal!") == titles.title_key("cafe ai mercy's new deal")


def test_it_finds_both_parties_of_a_deal() -> None:
    assert names.parties("Mayo Clinic and Microsoft team up on generative AI") == [("mayo",), ("microsoft",)]


def test_a_product_in_the_headline_is_a_name_but_not_a_party() -> None:
    headline = "Epic to add GPT-4 to its EHR through Microsoft partnership"
    assert ("gpt-4",) in names.names(headline)
    assert names.parties(headline) == [("epic",), ("microsoft",)]


def test_hyphen_joined_partners_are_two_parties() -> None:
    assert names.parties("Joint Commission-CHAI pact targets AI governance gap") == [
        ("joint", "commission"),
        ("chai",),
    ]


def test_title_case_words_the_summary_writes_in_lower_case_are_not_names() -> None:
    headline = "Joint Commission and CHAI Announce Partnership on AI Playbooks and Certification"
    summary = "The two organizations will co-develop AI playbooks and a certification program."
    assert names.names(headline, summary) == [("joint", "commission"), ("chai",)]


def test_a_kicker_before_a_colon_is_not_a_party() -> None:
    assert names.parties("Robbie Pearl: what Nvidia's AI nurse agents mean for patients") == [("nvidia",)]


def test_content_words_drop_stop_and_generic_words_and_fold_plurals() -> None:
    assert titles.tokens("Microsoft, Mercy sign multiyear deal on AI use cases") == [
        "microsoft", "mercy", "multiyear", "case",
    ]


def test_one_tokenization_gives_the_title_key_the_words_and_the_names() -> None:
    for headline in (
        "Lilly-Nvidia pact: Epic's AI charting, built with Microsoft",
        "HIMSS23: Hassabis-led Isomorphic inks $3bn in pharma deals",
        "Café AI: Mercy’s new deal with Zürich Labs",
    ):
        key, folded, runs = names.analyze(headline)
        assert key == titles.title_key(headline)
        assert folded == titles.folded_words(headline)
        assert runs == names.name_runs(headline)


def test_plain_ascii_text_folds_to_the_same_words_as_the_general_path() -> None:
    from bot.stories.headline import folded_words, words

    for text in ("Epic and Microsoft sign $50M deal, 2025.", "Nvidia-backed Quorix's scribe", "A&B+C x.y"):
        assert folded_words(text) == [w.lower() for w in words(text)]
