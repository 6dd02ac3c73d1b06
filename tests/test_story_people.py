"""People are never parties, and punctuated brand spellings keep their distinctive word.

Every person, organisation and product here is invented. People are told from organisations by
the words around them (a title, a verb of statement, a surname used alone), never by a list.
"""

from __future__ import annotations

from bot.stories.index import StoryIndex
from bot.stories.names import NAME, OWNER, name_runs, parties
from tests.support.stories import first_and_second
from tests.support.stories import story_item as item


def test_a_person_is_told_by_a_title_a_verb_of_statement_or_a_surname_used_alone() -> None:
    assert parties("Zentora CEO Jane Roe says AI scribes cut burnout") == [("zentora",)]
    assert dict(name_runs("Orvin Tallis defends AI agents after awkward demo"))[("orvin", "tallis")] == NAME
    runs = dict(name_runs("Vantor's Orvin Tallis on launching Qoraview with $1B",
                          "Tallis says Vantor is putting in $200 million."))
    assert runs[("orvin", "tallis")] == NAME and runs[("vantor",)] == OWNER
    # A company quoted by its own name stays a party: companies are called by their first word.
    assert parties("Qubrix launches Scribeline for nurses", "Qubrix says Scribeline drafts notes.") == [("qubrix",)]
    # A double-barrelled name owning a company is its owner, not two parties; a pair stays a pair.
    assert dict(name_runs("Orvin Tallis-Marr's Qoraview launches with $1 billion"))[("orvin", "tallis", "marr")] == OWNER
    assert parties("Vantor-Qubrix deal") == [("vantor",), ("qubrix",)]


def test_a_story_opened_by_a_person_joins_coverage_that_does_not_name_them() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Orvin Tallis says Qoraview raises $1 billion for AI drug discovery",
                             "Qoraview will design proteins with AI."))
    later = index.assign(item("b", "AI drug discovery start-up Qoraview raises $1 billion", hours=6))
    assert later.story_id == lead.story_id, later.reason
    # The look-alike: another company's raise the same day stays apart.
    other = index.assign(item("c", "AI drug discovery start-up Brintella raises $1 billion", hours=7))
    assert other.is_new


def test_punctuated_brand_spellings_keep_their_distinctive_word() -> None:
    assert parties("Render:Therapeutics and Vantor sign AI pact") == [("render",), ("vantor",)]
    assert parties("Qoraview.ai and Halcyon Health sign AI pact") == [("qoraview",), ("halcyon",)]
    index = StoryIndex()
    lead = index.assign(item("a", "Render:Therapeutics lands Vantor pact for AI protein design"))
    later = index.assign(item("b", "AI firm Render signs protein design pact with Vantor", hours=5))
    assert later.story_id == lead.story_id, later.reason
    # The look-alike: another company sharing the suffix word stays apart.
    other = index.assign(item("c", "Zentora Therapeutics signs protein design pact with Vantor", hours=6))
    assert other.is_new


def test_an_office_of_the_state_is_who_acted_and_the_name_after_it_opens_the_news() -> None:
    assert dict(name_runs("King Orvald switches on Denmark's AI supercomputer Qubrix"))[("king", "orvald")] == NAME
    assert parties("Prime Minister rolls out Qoraview Digital Mission nationwide") == [("qoraview", "digital", "mission")]
    runs = dict(name_runs("Australian Information Commissioner takes action against Zentora Health"))
    assert runs[("information", "commissioner")] == NAME
    # an organisation named with such a word is still one ("Court Health" carries its kind)
    assert ("court",) in parties("Court Health and Qubrix sign AI pact")
    # so a later report naming the deal's parties without the office joins the story
    index = StoryIndex()
    first = index.assign(item("a", "King Orvald switches on Denmark's AI supercomputer Qubrix"))
    later = index.assign(item("b", "Qubrix supercomputer goes live for Danish researchers", hours=5))
    assert later.story_id == first.story_id


def test_a_first_and_last_name_opening_an_interview_headline_is_a_person() -> None:
    runs = dict(name_runs("Orvald Tennick on why Qubrix Health is betting on hospital financing"))
    assert runs[("orvald", "tennick")] == NAME and runs[("qubrix",)] != NAME
    # a company answering the question stays a party
    assert parties("Qubrix Health on why it bets on hospital financing") == [("qubrix",)]


def test_a_surname_the_summary_uses_with_a_verb_of_statement_in_the_past_is_a_person() -> None:
    runs = dict(name_runs("Orvald Tennick and Vantoria's king plug in the Qubrix system",
                          "Tennick called the machine a factory of intelligence."))
    assert runs[("orvald", "tennick")] == NAME


def test_a_listed_organisation_named_for_its_founder_is_no_person() -> None:
    # "Eli" is a given name, but "Lilly" is a listed organisation's name: the company, a party
    # (a collaboration announced weeks after the same start-up's round is another story)
    first, second = first_and_second("Telmira raises $130M Series B co-led by two funds",
                                     "Telmira announces strategic collaboration with Eli Lilly", hours=24 * 27)
    assert second.story_id != first.story_id
    assert ("eli", "lilly") in parties("Telmira announces strategic collaboration with Eli Lilly")
