"""Literal gates (bot.stories.gates): every match starts a word with an indexed start or contains
an indexed literal, so the patterns found through the index are exactly those that match."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.stories import cues
from bot.stories.gates import WordStarts, _parsed_gates


def literal_gate(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings one of which every match of `pattern` contains; () if unknown: the gates
    `WordStarts` indexes, a word start or a literal, read as strings (what these tests check)."""
    return tuple(sorted({text for _, text in _parsed_gates(pattern) or ()}))


def test_a_gate_is_the_word_start_of_every_alternative_or_a_literal_it_holds() -> None:
    start, literal = "start", "literal"
    # "acquir(?:e|es)" starts with "acq"; a short word ends where the literal's word does
    assert _parsed_gates(re.compile(r"\b(?:buys?|acquir(?:e|es)|take over|de novo|ce-marked)\b")) == {
        (start, "buy"), (start, "acq"), (start, "tak"), (start, "de"), (start, "ce")}
    # "^" is no word boundary: "preview" is held, not indexed by its start
    assert _parsed_gates(re.compile(r"^preview\b|\bwhat to expect\b")) == {(literal, "preview"), (start, "wha")}
    # nested groups, and a lookaround before a word, which is where its match starts
    assert _parsed_gates(re.compile(r"\b(?:(?:pilot|trial) results|(?<!prior )authori[sz]ed)\b")) == {
        (start, "pil"), (start, "tri"), (start, "aut")}
    # an alternative starting with a class or a repeat: the longest literal it holds
    assert _parsed_gates(re.compile(r"\w*partnerschaft\w*|\b\w+-led round\b|\b\d+ deals")) == {
        (literal, "partnerschaft"), (literal, "-led round"), (literal, " deals")}


def test_no_gate_when_a_match_may_start_with_anything_and_holds_no_literal() -> None:
    for pattern in (r"[ab]cd", r"(?:x|)yz", r"a?bc", r"\b\w+s", r"(?i)merger", r"(?i:merger)|deal"):
        assert literal_gate(re.compile(pattern)) == (), pattern
    assert literal_gate(re.compile(r"\bbuys?", re.ASCII)) == ()


def _texts(rng: random.Random, starts: tuple[str, ...]) -> list[str]:
    words = ["the", "acme", "deal", "health", "ai", "with", "x", "-", "s", "results", "partners", "ü", "_", "'", "2"]
    out = []
    for _ in range(300):
        parts = [rng.choice(words + list(starts)) for _ in range(rng.randint(0, 8))]
        out.append(" ".join(parts))
        out.append("".join(parts))  # words run together: a start inside another word
    return out


def test_every_match_of_a_cue_contains_its_gate() -> None:
    rng = random.Random(3)
    patterns = [p for _, p in cues.KIND_PATTERNS] + [p for _, p in cues.PHASE_PATTERNS]
    patterns += [cues._INTERVIEW_RE, cues._DEAL_WORD_RE, cues._ROUNDUP_SUMMARY_RE, cues._COMMENTARY_TITLE_RE]
    for pattern in patterns:
        gate = literal_gate(pattern)
        for text in _texts(rng, gate):
            found = pattern.search(text)
            assert found is None or not gate or any(start in text for start in gate), (pattern.pattern, text)


def test_word_starts_find_the_patterns_that_match_and_no_others() -> None:
    rng = random.Random(4)
    patterns = [p for _, p in cues.KIND_PATTERNS] + [p for _, p in cues.PHASE_PATTERNS]
    patterns += [re.compile(r"\bfinds\b|^preview"), re.compile(r"\bq&a\b"), re.compile(r"(?a:\bbuy)"),
                 re.compile(r"\b(?:de novo|(?<!prior )authori[sz]ed|\w*partnerschaft\w*)\b")]
    starts = WordStarts(patterns)
    gates = tuple(g for p in patterns for g in literal_gate(p))
    for text in [*_texts(rng, gates), "übuy", "_buy", "2buy", "rebuys", "buy", "preview x", "a q&a", "de novo",
                 "prior authorized", "the authorized x", "forschungspartnerschaften", "denovo"]:
        assert starts.which(text) == [i for i, p in enumerate(patterns) if p.search(text)], text


_PIECES = ["pilot results", "partners with", "acquires", "de novo", "prior authorized", "authorized", "finds",
           "series b", "raises", "ransomware", "expands", "trial", "buy", "rebuy", "x", "-", "_", "'", "ü", "2",
           "partnerschaft", "q&a", "preview", ": ", ", ", "  "]


_CUE_PATTERNS = [p for _, p in cues.KIND_PATTERNS] + [p for _, p in cues.PHASE_PATTERNS]
_CUE_STARTS = WordStarts(_CUE_PATTERNS)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10), st.lists(st.booleans(), min_size=10, max_size=10))
def test_word_starts_answer_as_a_search_of_every_pattern(pieces: list[str], spaced: list[bool]) -> None:
    # pieces run together or spaced: a gated word start inside another word, or standing alone
    text = "".join(p + (" " if gap else "") for p, gap in zip(pieces, spaced, strict=False))
    assert _CUE_STARTS.which(text) == [i for i, p in enumerate(_CUE_PATTERNS) if p.search(text)]
