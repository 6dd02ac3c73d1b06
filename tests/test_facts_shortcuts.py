"""Facts: the shortcuts that skip work on text that cannot hold an answer give the plain answers."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.facts import cues, money, names

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


def _role_searching_everything(title: str, span: tuple[int, int], next_start: int | None = None) -> str | None:
    """`names.role` as it was written before its searches were bounded: every pattern read
    from the headline's start, every headline searched for quotations."""
    start, end = span
    before = title[:start]
    if any(m.start() < start and end < m.end() for m in names.story_names.QUOTED_RE.finditer(title)):
        return "quoted"
    owns = re.match(r"['’]s\s+", title[end:])
    if start and names._VENTURE_BEFORE.search(before):
        return "venture"
    if names._KIND_BEFORE.search(before):
        return None
    for name, pattern in names.ROLES.items():
        if start and pattern.search(before) and not (name == "made" and owns):
            return name
    if owns and next_start == end + owns.end():
        return "owner"
    return None


# the words the roles read, their near misses, blanks of every kind and quotation marks
_ROLE_PIECES = ["in", "In", "IN", "across", "throughout", "at", "as", "on", "for", "with", "from", "by", "invest",
                "invests", "stake", "$5M", "series B", "round", "firm", "biotech", "startup", "start-up",
                "Biotech", "Startups", "subsidiary", "build", "launch", "set up", "form", "joint venture", "JV", "called",
                "a", "new", "company", "the", "Acme's", "'", '"',
                "‘", "’", "“", "”", "X", "ſ", "\n", "\t", "\u00a0", "\x1c", "\u2003", ",", ":", "-", "_", "é"]
_BLANKS = st.sampled_from([" ", " ", "", "  ", "\n", " \n", "\t", "\u00a0", "\x1c"])
_ROLE_WORD = st.sampled_from(_ROLE_PIECES) | st.sampled_from(sorted(names.ORG_NOUNS)) | st.text(max_size=3)
_ROLE_TEXT = st.lists(st.tuples(_ROLE_WORD, _BLANKS).map("".join), max_size=10).map("".join)


@settings(max_examples=600, deadline=None)
@given(_ROLE_TEXT, _ROLE_TEXT, _ROLE_TEXT, st.booleans())
def test_a_names_role_is_the_one_every_pattern_searched_from_the_start_gives(
        before: str, name: str, after: str, next_name: bool) -> None:
    title = before + name + after
    span = (len(before), len(before) + len(name))
    next_start = span[1] + (len(after) - len(after.lstrip(" 's’")) if next_name else 0)
    assert names.role(title, span, next_start) == _role_searching_everything(title, span, next_start)


@settings(max_examples=1500, deadline=None)
@given(_ROLE_TEXT)
def test_a_pattern_ending_in_a_short_word_and_blanks_is_found_from_its_reach(before: str) -> None:
    words_end = len(before.rstrip())
    bounded = [(names._KIND_BEFORE, names._KIND_LONGEST),
               *((names.ROLES[name], reach) for name, reach in names._ROLE_REACH.items())]
    for pattern, reach in bounded:
        assert bool(pattern.search(before, max(0, words_end - reach))) == bool(pattern.search(before))


@settings(max_examples=600, deadline=None)
@given(_ROLE_TEXT, _ROLE_TEXT, _ROLE_TEXT)
@example("Launches \"", "Ana", "\" tool")
@example("Launches ‘", "Ana", "’ tool")
@example("Launches “", "Ana", "” tool")
@example("Launches '", "Ana", "' tool")
def test_a_name_is_quoted_as_a_search_for_quotations_says(before: str, name: str, after: str) -> None:
    title, start, end = before + name + after, len(before), len(before) + len(name)
    found = names.story_names.QUOTED_RE.finditer(title)
    assert names._quoted(title, start, end) == any(m.start() < start and end < m.end() for m in found)
