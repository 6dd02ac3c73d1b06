"""Literal gates (bot.stories.gates): every match contains a gate string, so a gated test
answers exactly as the pattern does."""

from __future__ import annotations

import random
import re

from bot.stories import cues
from bot.stories.gates import gated, literal_gate


def test_the_gate_is_the_literal_start_of_every_alternative() -> None:
    assert literal_gate(re.compile(r"\b(?:buys?|acquir(?:e|es)|take over)\b")) == ("buy", "acquire", "take over")  # "acquir(?:e|es)" reads as "acquire" + "s?"
    assert literal_gate(re.compile(r"^preview\b|\bwhat to expect\b")) == ("preview", "what to expect")
    # A start containing a shorter one adds nothing: "partnership" contains "partner".
    assert literal_gate(re.compile(r"\b(?:partner|partnership)\b")) == ("partner",)
    # Nested groups: the starts of the inner alternatives.
    assert literal_gate(re.compile(r"\b(?:(?:pilot|trial) results|finds)\b")) == ("finds", "pilot", "trial")


def test_no_gate_when_a_match_may_start_with_anything_else() -> None:
    for pattern in (r"\b\d+ deals", r"[ab]cd", r"(?:x|)y", r"a?bc", r"(?=ab)abc", r"(?i)merger", r"(?i:merger)|deal"):
        assert literal_gate(re.compile(pattern)) == (), pattern


def _texts(rng: random.Random, starts: tuple[str, ...]) -> list[str]:
    words = ["the", "acme", "deal", "health", "ai", "with", "x", "-", "s", "results", "partners"]
    out = []
    for _ in range(300):
        parts = [rng.choice(words + list(starts)) for _ in range(rng.randint(0, 8))]
        out.append(" ".join(parts))
        out.append("".join(parts))  # words run together: a start inside another word
    return out


def test_a_gated_test_answers_as_the_pattern_for_every_cue() -> None:
    rng = random.Random(3)
    patterns = [p for _, p in cues.KIND_PATTERNS] + [p for _, p in cues.PHASE_PATTERNS]
    patterns += [cues._INTERVIEW_RE, cues._DEAL_WORD_RE, cues._ROUNDUP_SUMMARY_RE, cues._COMMENTARY_TITLE_RE]
    for pattern in patterns:
        gate, test = literal_gate(pattern), gated(pattern)
        for text in _texts(rng, gate):
            found = pattern.search(text)
            assert test(text) == (found is not None), (pattern.pattern, text)
            assert found is None or not gate or any(start in text for start in gate), (pattern.pattern, text)
