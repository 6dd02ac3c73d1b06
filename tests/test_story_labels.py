"""Headline words that look like names but name nobody in the news: tickers and exchange tags,
fiscal periods, places, and an owner described before the company it owns.

Every organisation here is invented; the places are real (they come from a general list).
"""

from __future__ import annotations

from bot.stories.labels import drop_tickers, is_fiscal
from bot.stories.names import names, parties
from bot.stories.signature import MinHasher, sign_item
from tests.support.stories import first_and_second


def test_tickers_and_exchange_tags_are_no_part_of_a_name() -> None:
    assert parties("Qubrix (QBX) and Brintella sign imaging pact") == [("qubrix",), ("brintella",)]
    assert parties("Qubrix (NASDAQ: QBX) and Brintella sign imaging pact") == [("qubrix",), ("brintella",)]
    assert parties("Vostrel (NYSE:VST; TSX: VST) taps Qubrix") == [("vostrel",), ("qubrix",)]
    assert parties("Nasdaq-listed Vostrel taps Qubrix for scribes") == [("vostrel",), ("qubrix",)]
    # An abbreviation spelled from the words before it is that name's other name, and stays.
    assert drop_tickers("Halvora Imaging Network (HIN) taps Qubrix")[1] == ""
    assert drop_tickers("Qubrix (QBX) rises")[1] == "QBX"


def test_currency_codes_are_no_names() -> None:
    # ISO 4217 codes before a figure: "USD" is no third name that makes a multi-deal headline
    title = "Qubrix makes USD 180 million equity investment in Brintella and starts AI collaboration"
    assert names(title) == [("qubrix",), ("brintella",)]
    assert names("Vostrel buys Brintella for CHF 90 million") == [("vostrel",), ("brintella",)]
    lead, ref = first_and_second(title, "Qubrix to invest $180 million in AI firm Brintella", hours=1)
    assert ref.story_id == lead.story_id, ref.reason


def test_an_item_with_a_ticker_joins_the_story_without_one() -> None:
    lead, ref = first_and_second(
        "Qubrix and Brintella sign AI pact for cardiac imaging",
        "Qubrix (NASDAQ: QBX) and Brintella sign AI pact for cardiac imaging reads",
        hours=3,
    )
    assert ref.story_id == lead.story_id, ref.reason


def test_fiscal_periods_are_labels_not_names() -> None:
    assert all(map(is_fiscal, ["Q2", "H1", "FY2024", "FY25", "3Q25", "Q3FY25"]))
    assert not any(map(is_fiscal, ["Q5", "H3", "FYI", "Qubrix"]))
    assert parties("Qubrix Q2 2025 revenue beats on imaging demand") == [("qubrix",)]
    lead, ref = first_and_second(
        "Qubrix revenue beats on imaging demand, lifts outlook",
        "Qubrix Q2 revenue beats on imaging demand, lifts outlook",
        hours=2,
    )
    assert ref.story_id == lead.story_id, ref.reason


def test_a_place_is_never_a_party_and_does_not_block_a_join() -> None:
    assert parties("Texas hospital system taps Qubrix for ambient notes") == [("qubrix",)]
    assert parties("Europe's largest clinic group taps Qubrix") == [("qubrix",)]
    assert ("bank", "america") in parties("Bank of America and Qubrix sign pact")  # a bank, not a place
    lead, ref = first_and_second(
        "Qubrix signs ambient notes pact with Halvora Health",
        "America's Qubrix signs ambient notes pact with Halvora Health",
        hours=4,
    )
    assert ref.story_id == lead.story_id, ref.reason


def test_headlines_naming_different_places_stay_apart() -> None:
    first, second = first_and_second(
        "Texas hospital system taps Qubrix for ambient notes",
        "Ohio hospital system taps Qubrix for ambient notes",
        hours=3,
    )
    assert second.is_new and second.story_id != first.story_id
    assert "places differ" in second.reason


def test_a_place_opening_a_headline_is_a_place_in_any_of_its_forms() -> None:
    hasher = MinHasher(64)

    def places(title: str) -> frozenset[str]:
        return sign_item(title, "", None, hasher).places

    # a common word opening a headline is no name, but a place there still says where
    assert places("Irish hospital group taps Qubrix for scribes") == places("Ireland's Halvora taps Qubrix")
    assert places("Swedish screening trial finds more cancers") == {"sweden"}
    # one key for a place however the headline's words run into it
    assert places("New Zealand hospitals hit by outage") == places("Outage hits hospitals in New Zealand")
    assert places("A Los Angeles hospital taps Qubrix") == places("Los Angeles hospital taps Qubrix")
    assert places("Irish hospital taps Qubrix") != places("Ohio hospital taps Qubrix")


def test_an_owner_described_before_its_company_is_no_blocking_party() -> None:
    assert parties("Vantor's AI company Qubrix inks pact with Brintella")[1:] == [("qubrix",), ("brintella",)]
    lead, ref = first_and_second(
        "Qubrix inks drug discovery pact with Brintella",
        "Vantor's AI company Qubrix inks drug discovery pact with Brintella",
        hours=5,
        summary="Qubrix will design small molecules for Brintella.",
    )
    assert ref.story_id == lead.story_id, ref.reason
    # The other way round: the story names the owner as who stands behind its company.
    lead, ref = first_and_second(
        "Vantor's AI company Qubrix inks drug discovery pact with Brintella",
        "Qubrix inks drug discovery pact with Brintella",
        hours=5,
    )
    assert ref.story_id == lead.story_id, ref.reason


def test_an_owners_other_company_is_another_story() -> None:
    lead, ref = first_and_second(
        "Vantor's AI company Qubrix inks drug discovery pact with Brintella",
        "Vantor's AI company Halvora inks drug discovery pact with Brintella",
        hours=5,
    )
    assert ref.is_new and ref.story_id != lead.story_id


def test_a_brand_written_with_a_colon_space_or_hyphen_is_one_party() -> None:
    for variant in ("Qubrix:Biomedica", "Qubrix-Biomedica"):
        lead, ref = first_and_second(
            "Qubrix Biomedica signs protein design pact with Brintella",
            f"{variant} signs protein design pact with Brintella",
            hours=2,
        )
        assert ref.story_id == lead.story_id, (variant, ref.reason)
        lead, ref = first_and_second(
            f"{variant} signs protein design pact with Brintella",
            "Qubrix Biomedica signs protein design pact with Brintella",
            hours=2,
        )
        assert ref.story_id == lead.story_id, (variant, ref.reason)


def test_a_word_stating_the_development_is_no_name_however_rare() -> None:
    # "Ransomware" opening two headlines is what happened to both, not a party they share
    assert names("Ransomware attack takes Halvora hospitals offline") == [("halvora",)]
    assert names("Cyberattack hits Brintella clinics") == [("brintella",)]
    lead, ref = first_and_second(
        "Ransomware attack takes regional Halvora hospitals offline",
        "Ransomware forces West Brintella hospital system to turn away new patients",
        hours=4,
    )
    assert ref.story_id != lead.story_id, ref.reason
    # in a name's place it is still part of the name: "Accord Healthcare" is a company
    assert names("Accord Healthcare partners with Qubrix on AI") == [("accord",), ("qubrix",)]


def test_a_brand_that_opens_with_its_number_is_a_name_a_figure_is_not() -> None:
    assert names("54vostrel picks up $25M Series B as it adds sequencing") == [("54vostrel",)]
    assert names("23andQubrix and Brintella sign AI pact") == [("23andqubrix",), ("brintella",)]
    assert names("Brintella raises $10million for 10mg doses in the 1990s style") == [("brintella",)]
    lead, ref = first_and_second(
        "54vostrel picks up $25M Series B as it adds sequencing in Lagos",
        "54Vostrel closes Series B round at $25 million",
        hours=20,
    )
    assert ref.story_id == lead.story_id, ref.reason


def test_a_question_or_exclamation_mark_ends_a_name() -> None:
    # a headline of two sentences: the words either side of the mark are no one name
    assert names("What went wrong at Quorvane? Lessons from a Columbus health tech collapse") == [("quorvane",), ("lessons",)]
    assert ("quorvane", "lessons") not in names("Quorvane! Lessons from a collapse")
    assert names("Is this the end for Quorvane? Telmira buys its Canadian arm") == [("quorvane",), ("telmira",)]
