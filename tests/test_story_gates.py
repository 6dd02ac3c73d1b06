"""Literal gates (bot.stories.gates): every match contains a gate string and starts a word with
an indexed start, so the patterns found through the index are exactly those that match."""

from __future__ import annotations

import random
import re

from bot.stories import cues
from bot.stories.gates import WordStarts, _parsed_starts


def literal_gate(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings one of which every match of `pattern` contains, shortest first; () if unknown:
    the parsed starts `WordStarts` indexes, read as a gate (what these tests check them by)."""
    out: list[str] = []
    for start in sorted({text for text, _ in _parsed_starts(pattern) or ()}, key=lambda s: (len(s), s)):
        if not any(shorter in start for shorter in out):
            out.append(start)  # a start containing a shorter one adds nothing
    return tuple(out)


def test_the_gate_is_the_literal_start_of_every_alternative() -> None:
    # "acquir(?:e|es)" reads as "acquire" and an optional "s".
    assert literal_gate(re.compile(r"\b(?:buys?|acquir(?:e|es)|take over)\b")) == ("buy", "acquire", "take over")
    assert literal_gate(re.compile(r"^preview\b|\bwhat to expect\b")) == ("preview", "what to expect")
    # A start containing a shorter one adds nothing: "partnership" contains "partner".
    assert literal_gate(re.compile(r"\b(?:partner|partnership)\b")) == ("partner",)
    # Nested groups: the starts of the inner alternatives.
    assert literal_gate(re.compile(r"\b(?:(?:pilot|trial) results|finds)\b")) == ("finds", "pilot", "trial")


def test_no_gate_when_a_match_may_start_with_anything_else() -> None:
    for pattern in (r"\b\d+ deals", r"[ab]cd", r"(?:x|)y", r"a?bc", r"(?=ab)abc", r"(?i)merger", r"(?i:merger)|deal"):
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
    patterns += [re.compile(r"\bfinds\b|^preview"), re.compile(r"\bq&a\b"), re.compile(r"(?a:\bbuy)")]
    starts = WordStarts(patterns)
    gates = tuple(g for p in patterns for g in literal_gate(p))
    for text in [*_texts(rng, gates), "übuy", "_buy", "2buy", "rebuys", "buy", "preview x", "a q&a"]:
        assert starts.which(text) == [i for i, p in enumerate(patterns) if p.search(text)], text
