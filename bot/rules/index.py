"""The term index: every distinct term of every rule, found in a text in one pass.

A term compiles to one or more patterns, each a sequence of word matchers (exact folded word,
folded prefix, or case-sensitive exact word). A hyphenated word also gets its joined form, so
"co-develop*" finds "co-developed", "co developed" and "codeveloped".

Scanning tokenizes a field once; each distinct token is classified once per RuleSet (memo):
which patterns can start at it. Most tokens start none, so a field costs one regex pass and
one dict lookup per token. Multi-word patterns are verified at the positions where they start.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.rules.ast import Term
from bot.rules.text import TOKEN_RE, fold, prepare, tokens

MEMO_LIMIT = 300_000  # distinct tokens remembered before the memo is reset (bounds memory)

_UNSEEN: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())  # memo miss marker (identity)
Positions = dict[int, list[int]]  # pattern id -> token positions where it starts


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # folded unless case_sensitive
    prefix: bool
    case_sensitive: bool

    def accepts(self, token: str, folded: str) -> bool:
        if self.case_sensitive:
            return token.startswith(self.text) if self.prefix else token == self.text
        return folded.startswith(self.text) if self.prefix else folded == self.text


Pattern = tuple[Word, ...]


def term_patterns(term: Term) -> list[Pattern]:
    """The patterns of a term; empty when the term holds no word at all (can never match)."""
    variants: list[list[Word]] = [[]]
    for piece in term.text.split():
        prefix = piece.endswith("*")
        parts = tokens(piece.rstrip("*"))
        if not parts:
            continue
        split = [_word(p, term.case_sensitive, prefix and k == len(parts) - 1) for k, p in enumerate(parts)]
        options = [split]
        if len(parts) > 1 and piece.rstrip("*")[-1:].isalnum():  # hyphenated: also joined
            options.append([_word("".join(parts), term.case_sensitive, prefix)])
        variants = [v + o for v in variants for o in options]
    return [tuple(v) for v in variants if v]


def _word(text: str, case_sensitive: bool, prefix: bool) -> Word:
    return Word(text if case_sensitive else fold(text), prefix, case_sensitive)


class TermIndex:
    """Finds all registered patterns in texts. Register first, then scan."""

    def __init__(self) -> None:
        self.patterns: list[Pattern] = []
        self._ids: dict[Pattern, int] = {}
        self._memo: dict[str, tuple[tuple[int, ...], tuple[int, ...]] | None] = {}
        # First word of each pattern -> pattern ids, split by how the word compares.
        self._first: dict[tuple[bool, bool], dict[str, list[int]]] = {
            (cs, px): {} for cs in (False, True) for px in (False, True)
        }

    def add(self, pattern: Pattern) -> int:
        """The id of `pattern`, registering it once."""
        pid = self._ids.get(pattern)
        if pid is None:
            pid = self._ids[pattern] = len(self.patterns)
            self.patterns.append(pattern)
            first = pattern[0]
            self._first[first.case_sensitive, first.prefix].setdefault(first.text, []).append(pid)
            self._memo.clear()
        return pid

    def length(self, pid: int) -> int:
        return len(self.patterns[pid])

    def scan(self, text: str) -> tuple[list[str], Positions]:
        """The tokens of `text` and, per pattern found, the positions where it starts."""
        toks = TOKEN_RE.findall(prepare(text))
        found: Positions = {}
        memo = self._memo
        for i, tok in enumerate(toks):
            entry = memo.get(tok, _UNSEEN)
            if entry is None:
                continue
            if entry is _UNSEEN:
                entry = self._classify(tok)
                if entry is None:
                    continue
            singles, multis = entry
            for pid in singles:
                found.setdefault(pid, []).append(i)
            for pid in multis:
                if self._verify(self.patterns[pid], toks, i):
                    found.setdefault(pid, []).append(i)
        return toks, found

    def _classify(self, token: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
        if len(self._memo) >= MEMO_LIMIT:
            self._memo.clear()
        folded = fold(token)
        pids = [
            *self._first[False, False].get(folded, ()),
            *self._first[True, False].get(token, ()),
            *_prefixed(self._first[False, True], folded),
            *_prefixed(self._first[True, True], token),
        ]
        singles = [pid for pid in pids if len(self.patterns[pid]) == 1]
        multis = [pid for pid in pids if len(self.patterns[pid]) > 1]
        entry = (tuple(singles), tuple(multis)) if singles or multis else None
        self._memo[token] = entry
        return entry

    @staticmethod
    def _verify(pattern: Pattern, toks: list[str], start: int) -> bool:
        if start + len(pattern) > len(toks):
            return False
        for k in range(1, len(pattern)):
            tok = toks[start + k]
            if not pattern[k].accepts(tok, fold(tok)):
                return False
        return True


def _prefixed(table: dict[str, list[int]], word: str) -> list[int]:
    """Ids whose prefix starts `word`: one lookup per prefix length, not one per pattern."""
    if not table:
        return []
    return [pid for k in range(1, len(word) + 1) for pid in table.get(word[:k], ())]
