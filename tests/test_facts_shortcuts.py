"""Facts: the shortcuts that skip work on text that cannot hold an answer give the plain answers."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.facts import cues, money

# figures, currencies and the words around them, in and out of ASCII
_PIECES = ["$", "US$", "€", "£", "¥", "5", "40", "1.2", "1,5", "M", "m", "million", "billion", "Mrd.", "Euro",
           "crore", "Rs", "CHF", "100億円", "１００", "²", "①", "½", "㏠", "🄁", "٣", "up to", "upfront", "deal",
           "worth", "Millionen", "€", "’", " ", "-", "."]
_TEXT = st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=12).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_the_amounts_of_any_text_are_those_every_figure_pattern_finds(text: str) -> None:
    assert money._located(text) == money._read_located(text)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_the_amounts_of_a_text_are_those_every_figure_pattern_finds(text: str) -> None:
    assert money._located(text) == money._read_located(text)


def test_a_text_without_a_digit_states_no_amount() -> None:
    assert money.headline_amount("Harlow signs a deal worth millions", "Up to a billion dollars.") is None
    assert money.headline_amount("Klinikum schließt Millionen-Deal", "Ein Vertrag über Millionen Euro.") is None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab .'", max_size=8), st.text(alphabet="ab .'", max_size=30))
def test_a_names_occurrences_are_those_a_search_for_it_finds(name: str, text: str) -> None:
    expected = [m.span() for m in re.finditer(re.escape(name), text)]
    assert cues._occurrences(name, text) == expected
