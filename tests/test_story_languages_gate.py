"""The set gate before `languages.local_language` (fewer than two words any language counts:
none) changes no answer: it equals the word-by-word reading on any headline's words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.stories import languages
from bot.stories.lexicon import FREQUENT

_LOCAL = sorted(languages.LOCAL_BITS)
_FREQUENT = sorted(FREQUENT)[:5000]


def _cased(word: str, how: int) -> str:
    return (word, word.capitalize(), word.upper())[how]


# the languages' words, frequent words of the main languages and anything else, in any case
_WORD = st.builds(_cased, st.one_of(st.sampled_from(_LOCAL), st.sampled_from(_FREQUENT),
                                    st.text(alphabet="aeikmnorstuİıßé1-'", max_size=6)),
                  st.integers(0, 2))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_WORD, max_size=12))
def test_the_gate_keeps_every_answer(words: list[str]) -> None:
    assert languages.local_language(words) == languages._counted_language(words)


def test_known_headlines_keep_their_language() -> None:
    indonesian = ["Halodoc", "Kantongi", "Pendanaan", "Seri", "D", "Senilai", "US$100", "Juta"]
    assert languages.local_language(indonesian) == languages._counted_language(indonesian) != 0
    english = ["Mayo", "Clinic", "partners", "with", "Nvidia", "on", "pathology", "AI"]
    assert languages.local_language(english) == languages._counted_language(english) == 0
