"""The term index: every distinct term of every rule, found in a text in one C-level pass.

A term compiles to one or more patterns, each a sequence of word matchers (folded word,
folded prefix, folded suffix, or case-sensitive word). A one-word term may start with `*`
(`=*Health`): it then finds the LONGER words that end with it, the compound names of a kind
("SingHealth", "UCHealth") that no list of names can keep up with; the word itself is not a
compound ("Health" alone is the term `=Health`). A hyphenated word also gets its joined form, so
"co-develop*" finds "co-developed", "co developed" and "codeveloped".

Scanning folds a field once (`text.folded`: words separated by spaces) and runs ONE
Aho-Corasick automaton (pyahocorasick) over it, whose keys are the first words of all
patterns padded with spaces (" partner" for `partner*`, " ai " for `AI`), so every automaton
hit is already word-bounded. Python code runs only per hit: multi-word patterns are verified
in place and case-sensitive words are compared with the original text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

import ahocorasick

from bot.rules.ast import Term
from bot.rules.text import folded, folded_tokens, original_tokens, prepare

Span = tuple[int, int]  # [start, end) of a hit in the folded text


class FieldHits(dict[int, list[Span]]):
    """Pattern id -> spans of its hits in `folded` (the folded text of one field)."""

    __slots__ = ("folded", "prepared")

    def __init__(self, prepared: str = "", text: str = "  ") -> None:
        super().__init__()
        self.prepared, self.folded = prepared, text


_second = itemgetter(1)
NO_HITS = FieldHits()  # shared result for a text without hits; never mutated


@dataclass(frozen=True, slots=True)
class Word:
    key: str  # folded form, how it is found
    text: str  # what must be equal: folded, or the original case when case_sensitive
    prefix: bool
    case_sensitive: bool
    suffix: bool = False

    def accepts(self, folded_token: str) -> bool:
        """Whether a folded token can be this word (case is checked apart, on the original)."""
        if self.suffix:
            return len(folded_token) > len(self.key) and folded_token.endswith(self.key)
        return folded_token.startswith(self.key) if self.prefix else folded_token == self.key


Pattern = tuple[Word, ...]


def term_patterns(term: Term) -> list[Pattern]:
    """The patterns of a term; empty when the term holds no word at all (can never match)."""
    pieces = term.text.split()
    if len(pieces) == 1 and pieces[0].startswith("*") and not pieces[0].endswith("*"):
        return _suffix_patterns(term, pieces[0][1:])
    variants: list[list[Word]] = [[]]
    for piece in pieces:
        prefix = piece.endswith("*")
        body = prepare(piece.rstrip("*"))
        keys, originals = folded_tokens(body), original_tokens(body)
        if not keys or len(keys) != len(originals):
            continue
        last = len(keys) - 1
        cs = term.case_sensitive
        options = [
            [
                _word(k, o, cs, prefix and n == last)
                for n, (k, o) in enumerate(zip(keys, originals, strict=True))
            ]
        ]
        if last and "-" in body:  # hyphenated: also the joined spelling
            options.append([_word("".join(keys), "".join(originals), cs, prefix)])
        variants = [v + o for v in variants for o in options]
    return [tuple(v) for v in variants if v]


def _suffix_patterns(term: Term, piece: str) -> list[Pattern]:
    body = prepare(piece)
    keys, originals = folded_tokens(body), original_tokens(body)
    if len(keys) != 1 or len(originals) != 1:
        return []  # a suffix is one word: "*Health", not "*Health Care"
    text = originals[0] if term.case_sensitive else keys[0]
    return [(Word(keys[0], text, False, term.case_sensitive, suffix=True),)]


def _word(key: str, original: str, case_sensitive: bool, prefix: bool) -> Word:
    return Word(key, original if case_sensitive else key, prefix, case_sensitive)


class TermIndex:
    """Finds all registered patterns in texts. Register (add) first, then scan."""

    def __init__(self) -> None:
        self.patterns: list[Pattern] = []
        self._ids: dict[Pattern, int] = {}
        self._automaton: ahocorasick.Automaton | None = None
        # Per automaton key (the automaton's value is its number): what `scan` needs, and
        # the patterns a hit proves and those it may start (bit masks), for `presence`.
        self._values: list[
            tuple[tuple[int, ...], tuple[tuple[Word, int], ...], tuple[int, ...], int, bool]
        ] = []
        self._key_masks: list[tuple[int, int]] = []

    def add(self, pattern: Pattern) -> int:
        """The id of `pattern`, registering it once."""
        pid = self._ids.get(pattern)
        if pid is None:
            pid = self._ids[pattern] = len(self.patterns)
            self.patterns.append(pattern)
            self._automaton = None
        return pid

    def length(self, pid: int) -> int:
        return len(self.patterns[pid])

    def scan(self, prepared: str) -> FieldHits:
        """Every pattern found in a prepared text (see `text.prepare`), with its spans."""
        text = folded(prepared)
        automaton = self._automaton or self._build()
        found = None
        values = self._values
        for end, kid in automaton.iter(text):
            plain, phrases, checked, size, whole = values[kid]
            if found is None:
                found = FieldHits(prepared, text)
            # The key is " word" (prefix) or " word " (whole word) and ends at `end`, so the
            # word starts `size - 2` characters before it: no search backwards. A suffix key
            # ("word ") has no leading space: its word starts after the space before it.
            first = end - size + 1
            start = first + 1 if text[first] == " " else text.rfind(" ", 0, first) + 1
            stop = end if whole else text.find(" ", end)
            span = (start, stop)
            for pid in plain:
                spans = found.get(pid)
                if spans is None:
                    found[pid] = [span]
                else:
                    spans.append(span)
            if phrases:
                _phrases(phrases, found, text, span)
            for pid in checked:
                hit = self._verify(self.patterns[pid], found, start, stop)
                if hit:
                    found.setdefault(pid, []).append(hit)
        return NO_HITS if found is None else found

    def presence(self, prepared: str) -> tuple[int, int]:
        """Which patterns surely occur in the text, and which may, as bit masks (bit `pid`):
        one automaton pass, no spans, no Python code per hit.

        A one-word, case-insensitive pattern occurs exactly when its key hits; a phrase or a
        case-sensitive word may occur when its first word's key hits (`scan` verifies it).
        """
        automaton = self._automaton or self._build()
        sure = maybe = 0
        key_masks = self._key_masks
        for kid in set(map(_second, automaton.iter(folded(prepared)))):
            proven, unsure = key_masks[kid]
            sure |= proven
            maybe |= unsure
        return sure, maybe | sure

    def _build(self) -> ahocorasick.Automaton:
        keys: dict[str, tuple[list[int], list[tuple[Word, int]], list[int]]] = {}
        for pid, pattern in enumerate(self.patterns):
            first = pattern[0]
            if first.suffix:
                key = f"{first.key} "
            else:
                key = f" {first.key}" if first.prefix else f" {first.key} "
            plain, phrases, checked = keys.setdefault(key, ([], [], []))
            if len(pattern) == 1 and not (first.case_sensitive or first.suffix):
                plain.append(pid)
            elif len(pattern) == 2 and not (first.case_sensitive or pattern[1].case_sensitive):
                phrases.append((pattern[1], pid))  # two folded words: one test of the next
            else:
                checked.append(pid)
        automaton = ahocorasick.Automaton()
        self._values, self._key_masks = [], []
        for kid, (key, (plain, phrases, checked)) in enumerate(keys.items()):
            automaton.add_word(key, kid)
            self._values.append(
                (tuple(plain), tuple(phrases), tuple(checked), len(key), key.endswith(" "))
            )
            unsure = [pid for _, pid in phrases] + checked
            self._key_masks.append((bits(plain), bits(unsure)))
        if not keys:
            automaton.add_word("\0", 0)  # an automaton needs one key
            self._values.append(((), (), (), 1, True))
            self._key_masks.append((0, 0))
        automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def _verify(self, pattern: Pattern, found: FieldHits, start: int, stop: int) -> Span | None:
        """The span of `pattern` starting with the word at [start, stop), or None."""
        text = found.folded
        first = start
        for k, word in enumerate(pattern):
            if k:
                start, stop = _next_word(text, stop)
            if (k or word.suffix) and not word.accepts(text[start:stop]):
                return None
            if word.case_sensitive and not _same_case(word, found, start, stop):
                return None
        return (first, stop)


def _phrases(
    phrases: tuple[tuple[Word, int], ...], found: FieldHits, text: str, span: Span
) -> None:
    """Two-word phrases starting with the word at `span`: each is one test of the next word."""
    start, stop = _next_word(text, span[1])
    following = text[start:stop]
    for second, pid in phrases:
        if second.accepts(following):
            found.setdefault(pid, []).append((span[0], stop))


def bits(pids: Iterable[int]) -> int:
    """The bit mask with bit `pid` set for each pattern id."""
    mask = 0
    for pid in pids:
        mask |= 1 << pid
    return mask


def _next_word(folded_text: str, stop: int) -> Span:
    """The span of the word after position `stop` (empty at the end of the text)."""
    start, last = stop, len(folded_text) - 1
    while start < last and folded_text[start] == " ":
        start += 1
    return start, folded_text.find(" ", start)


def _same_case(word: Word, found: FieldHits, start: int, stop: int) -> bool:
    """Compare a case-sensitive word with the original text at the same place."""
    if len(found.folded) == len(found.prepared) + 2:  # offsets line up (no expanded character)
        original = found.prepared[start - 1 : stop - 1]
    else:
        index = len(found.folded[:start].split())
        tokens = original_tokens(found.prepared)
        original = tokens[index] if index < len(tokens) else ""
    if word.suffix:
        return suffix_case(word.text, original)
    return original.startswith(word.text) if word.prefix else original == word.text


def suffix_case(suffix: str, original: str) -> bool:
    """A case-sensitive suffix ends the word; a capitals suffix only ends a mixed-case word
    ("OpenAI"): in an all-capitals word ("DUBAI") it is just the word's last letters."""
    return original.endswith(suffix) and not (suffix.isupper() and original.isupper())


def token_index(found: FieldHits, span: Span) -> tuple[int, int]:
    """The [first, last+1) token numbers of a span of the folded text."""
    first = len(found.folded[: span[0]].split())
    return first, first + len(found.folded[span[0] : span[1]].split())
