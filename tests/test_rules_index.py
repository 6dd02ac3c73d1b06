"""TermIndex.scan against a plain reference: every pattern tried at every token position.

The index finds hits with one Aho-Corasick pass and computes spans from key lengths; the
reference below walks the tokens one by one. Both must give the same spans for any text,
including punctuation runs, case-sensitive words, prefixes, phrases and non-ASCII letters.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config.settings import RuleSpec
from bot.models import Item
from bot.rules import RuleSet, compile_rules
from bot.rules.ast import Term
from bot.rules.index import TermIndex, Word, bits, term_patterns
from bot.rules.text import folded, original_tokens, prepare


def _term(text: str, case_sensitive: bool) -> Term:
    return Term(text, text, case_sensitive, (0, len(text)))


TERMS = [
    _term("health system*", False), _term("health", False), _term("Health", True),
    _term("AI", True), _term("ai", False), _term("partner*", False), _term("co-develop*", False),
    _term("mount sinai health", False), _term("Mayo Clinic", True), _term("café", False),
    _term("人工智能", False), _term("health care", False), _term("care", False),
    _term("*Health", True), _term("*care", False), _term("*AI", True),
]  # fmt: skip
WORDS = ["health", "Health", "HEALTH", "system", "systems", "AI", "ai", "Ai", "partner",
         "partners", "co", "develop", "co-developed", "codevelop", "mount", "Sinai", "Mayo",
         "Clinic", "clinic", "café", "CAFÉ", "cafe", "人工智能", "人工", "care", "x", "ß", "İ",
         "SingHealth", "UCHEALTH", "telehealth", "ChristianaCare", "healthcare", "OpenAI", "DUBAI"]  # fmt: skip
SEPARATORS = [" ", "  ", "-", ", ", "’s ", ". ", "\n", "/"]


def build_index() -> TermIndex:
    index = TermIndex()
    for term in TERMS:
        for pattern in term_patterns(term):
            index.add(pattern)
    return index


def reference(index: TermIndex, prepared: str) -> dict[int, list[tuple[int, int]]]:
    text = folded(prepared)
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    tokens = [text[a:b] for a, b in spans]
    originals = original_tokens(prepared)
    found: dict[int, list[tuple[int, int]]] = {}
    for at in range(len(tokens)):
        for pid, pattern in enumerate(index.patterns):
            if at + len(pattern) > len(tokens):
                continue
            ok = all(
                word.accepts(tokens[at + k])
                and (not word.case_sensitive or _same(word, originals[at + k]))
                for k, word in enumerate(pattern)
            )
            if ok:
                found.setdefault(pid, []).append((spans[at][0], spans[at + len(pattern) - 1][1]))
    return found


def _same(word: Word, original: str) -> bool:
    if word.suffix:  # in an all-capitals word a capitals suffix is just its last letters
        return original.endswith(word.text) and not (word.text.isupper() and original.isupper())
    return original.startswith(word.text) if word.prefix else original == word.text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=14))
def test_scan_finds_what_the_token_walk_finds(parts: list[tuple[str, str]]) -> None:
    index = build_index()
    prepared = prepare("".join(word + sep for word, sep in parts))
    found = index.scan(prepared)
    assert {pid: sorted(spans) for pid, spans in found.items()} == {
        pid: sorted(spans) for pid, spans in reference(index, prepared).items()
    }


def test_a_phrase_and_its_first_word_are_both_found() -> None:
    index = build_index()
    found = index.scan(prepare("Mount Sinai Health partners with health systems"))
    labels = {" ".join(w.key for w in index.patterns[pid]) for pid in found}
    assert {"mount sinai health", "health", "partner", "health system"} <= labels
    assert "ai" not in labels  # "Sinai" holds no word "ai"


QUERIES = [
    '"health system*" AND =AI AND NOT partner*',
    '(=Health OR "mount sinai health") AND (ai NEAR/2 partner*)',
    'NOT ("health care" OR =AI)',
    'title:(=Health AND NOT café) OR summary:"co-develop*"',
    "NOT (=AI NEAR/1 partner*) AND health",
    '"Mayo Clinic" AND NOT (NOT 人工智能)',
    "@compound AND NOT partner*",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=10),
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=10),
)
def test_the_presence_prefilter_never_changes_a_decision(
    title: list[tuple[str, str]], summary: list[tuple[str, str]]
) -> None:
    terms = {"compound": ["=*Health", "*care"]}
    rules = compile_rules([RuleSpec(name=f"r{n}", query=q) for n, q in enumerate(QUERIES)], terms)
    item = Item(
        fingerprint="fp", source="feed",
        title="".join(w + s for w, s in title), summary="".join(w + s for w, s in summary),
    )  # fmt: skip
    hits = rules.scan(item)
    exact = [rule.name for rule in rules.rules if rule.holds(hits)]
    assert rules.held(item) == exact
    assert [m.rule for m in rules.match(item)] == [
        name for name in exact if rules.explain(name, item).matched
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=14))
def test_presence_brackets_the_exact_hits(parts: list[tuple[str, str]]) -> None:
    index = build_index()
    prepared = prepare("".join(word + sep for word, sep in parts))
    sure, maybe = index.presence(prepared)
    exact = bits(index.scan(prepared))
    single = bits(
        pid
        for pid, pattern in enumerate(index.patterns)
        if len(pattern) == 1 and not (pattern[0].case_sensitive or pattern[0].suffix)
    )
    assert sure == exact & single  # one-word patterns: known exactly
    assert exact & ~maybe == 0  # nothing that occurs is ever ruled out


def test_registering_a_pattern_rebuilds_the_automaton() -> None:
    index = build_index()
    assert index.presence("zebra crossing") == (0, 0)
    pid = index.add(term_patterns(_term("zebra", False))[0])
    assert index.presence("zebra crossing") == (1 << pid, 1 << pid)


def test_a_suffix_term_finds_compound_names_and_keeps_its_case() -> None:
    index = TermIndex()
    pid = index.add(term_patterns(_term("*Health", True))[0])
    assert pid in index.scan(prepare("SingHealth and UCHealth sign a deal"))
    assert pid not in index.scan(prepare("Duke Health partners"))  # the word alone: no compound
    assert pid not in index.scan(prepare("a telehealth visit"))  # lower case: not a name
    spans = index.scan(prepare("with SingHealth"))[pid]
    assert spans == [(6, 16)]  # the span covers the whole compound, not only "Health"
    ai = index.add(term_patterns(_term("*AI", True))[0])
    assert ai in index.scan(prepare("OpenAI and BenevolentAI"))
    assert ai not in index.scan(prepare("DUBAI HEALTH AUTHORITY"))  # capitals: not a compound


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=8), max_size=12))
def test_remembered_scans_decide_as_fresh_ones(texts: list[list[tuple[str, str]]]) -> None:
    # more texts than the memo holds, some of them repeated: every answer as without it
    fresh, remembering = _fresh_and_remembering(3)
    items = [Item(fingerprint="fp", source="feed", title="".join(w + s for w, s in t)) for t in texts]
    for item in items + items[::-1]:
        assert remembering.scan(item) == fresh.scan(item)
        assert remembering.match(item) == fresh.match(item)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=8), max_size=8))
def test_rules_hold_on_remembered_scans_as_on_fresh_ones(texts: list[list[tuple[str, str]]]) -> None:
    # a text read again is decided from its remembered scan, with no presence pass
    fresh, remembering = _fresh_and_remembering(4)
    items = [Item(fingerprint="fp", source="feed", title="".join(w + s for w, s in t),
                  summary="".join(w + s for w, s in t[::2])) for t in texts]
    for item in items + items[::-1]:
        remembering.scan(item)
        assert remembering.held(item) == fresh.held(item)
        assert remembering.held(item) == fresh.held(item)


def _fresh_and_remembering(texts: int) -> tuple[RuleSet, RuleSet]:
    """The same rules twice: one scanning every text afresh, one remembering `texts` scans."""
    terms = {"compound": ["=*Health", "*care"]}
    specs = [RuleSpec(name=f"r{n}", query=q) for n, q in enumerate(QUERIES)]
    fresh, remembering = compile_rules(specs, terms), compile_rules(specs, terms)
    remembering.remember(texts)
    return fresh, remembering
