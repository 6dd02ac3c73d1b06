"""Compile rules once per config; match and explain many items.

`compile_rules(rules, terms)` parses every query, expands the term lists and builds one shared
TermIndex over all terms of all rules. `RuleSet.match(item)` first finds which patterns occur
in each field (one pass, no spans) and keeps the rules that may hold: a rule none of whose
terms occur is skipped unless it holds with no hit at all, and a rule false whatever its
unverified phrases turn out to be is skipped too. Only when some rule may hold are the fields
scanned with spans and the rules evaluated exactly; hits, offsets and the score are computed
only for rules whose query held. Pure: no I/O, no clock, no globals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.errors import RuleSyntaxError
from bot.models import Item, Match
from bot.rules import explain as ex
from bot.rules.ast import FIELDS, Node
from bot.rules.compiler import (
    Bound,
    Evaluator,
    Hits,
    Present,
    Resolver,
    RNode,
    build,
    may_hold,
    terms_of,
)
from bot.rules.index import NO_HITS, FieldHits, TermIndex, bits
from bot.rules.parser import parse_query
from bot.rules.text import prepare

DEFAULT_FIELDS = ("title", "summary")
_NO_HITS: dict[str, FieldHits] = {field: NO_HITS for field in FIELDS}
_NONE_PRESENT: dict[str, int] = dict.fromkeys(FIELDS, 0)


class RuleLike(Protocol):
    """What a rule needs from its config entry (config.RuleSpec has these)."""

    @property
    def name(self) -> str: ...
    @property
    def query(self) -> str: ...
    @property
    def min_score(self) -> float: ...
    @property
    def fields(self) -> Sequence[str]: ...


@dataclass(frozen=True, slots=True)
class CompiledRule:
    name: str
    query: str
    min_score: float
    fields: tuple[str, ...]
    syntax: Node
    tree: RNode
    holds: Evaluator
    may_hold: Bound  # the cheap upper bound of `holds` from pattern presence alone
    pids: frozenset[int]
    always: bool  # the query holds with no term hit (e.g. `NOT x`): always evaluate it


def compile_rules(rules: Sequence[RuleLike], terms: Mapping[str, Sequence[str]]) -> RuleSet:
    """Compile all rules; a RuleSyntaxError names the rule: `rules[0] (name).query: ...`."""
    index = TermIndex()
    resolver = Resolver(terms, index)
    compiled = []
    for n, rule in enumerate(rules):
        try:
            compiled.append(_compile_one(rule, resolver))
        except RuleSyntaxError as exc:
            raise RuleSyntaxError(
                f"rules[{n}] ({rule.name}).query: {exc.message}",
                query=exc.query,
                column=exc.column,
                hint=exc.hint,
            ) from None
    return RuleSet(tuple(compiled), index)


def _compile_one(rule: RuleLike, resolver: Resolver) -> CompiledRule:
    fields = tuple(rule.fields or DEFAULT_FIELDS)
    for field in fields:
        if field not in FIELDS:
            raise RuleSyntaxError(
                f"unknown field '{field}' in fields",
                query=rule.query,
                column=1,
                hint=f"fields are {', '.join(FIELDS)}",
            )
    syntax = parse_query(rule.query)
    tree = resolver.resolve(syntax, fields, rule.query)
    holds = build(tree)
    pids = frozenset(pid for term in terms_of(tree) for pid in term.pids)
    return CompiledRule(
        rule.name,
        rule.query,
        float(rule.min_score or 0.0),
        fields,
        syntax,
        tree,
        holds,
        may_hold(tree),
        pids,
        always=holds(_NO_HITS),
    )


def item_fields(item: Item) -> dict[str, str]:
    """The text of each field a query can scope to."""
    return {field: get(item) or "" for field, get in _GETTERS.items()}


def _source_text(item: Item) -> str:
    return " ".join(dict.fromkeys(s for s in (item.outlet, item.source) if s))


_GETTERS: dict[str, Callable[[Item], str]] = {
    "title": lambda item: item.title,
    "summary": lambda item: item.summary,
    "source": _source_text,
    "url": lambda item: item.url or item.canonical_url or "",
}


class RuleSet:
    """The compiled rules of one config."""

    def __init__(self, rules: tuple[CompiledRule, ...], index: TermIndex) -> None:
        self.rules, self.index = rules, index
        self._by_name = {rule.name: rule for rule in rules}
        self._fields = tuple(
            f for f in FIELDS if any(f in t.fields for r in rules for t in terms_of(r.tree))
        )
        # Per rule, the bit mask of its patterns: a rule none of whose patterns is present
        # (and that needs one to hold) is no candidate.
        self._masks = tuple((rule, bits(rule.pids)) for rule in rules)
        self._getters = tuple((f, _GETTERS[f]) for f in self._fields)

    @property
    def names(self) -> list[str]:
        return [rule.name for rule in self.rules]

    def scan(self, item: Item) -> dict[str, FieldHits]:
        """Per field, the patterns found in the item and where."""
        hits = dict(_NO_HITS)
        for field, get in self._getters:
            text = get(item)
            if text:
                hits[field] = self.index.scan(prepare(text))
        return hits

    def possible(self, item: Item) -> list[CompiledRule]:
        """The rules that may hold for `item`, from one pass per field without spans.

        Most items hold no rule, and most can be told so from which patterns occur: a full
        `scan` (spans, phrase and case checks) is then only done for the few that may.
        """
        sure, maybe = dict(_NONE_PRESENT), dict(_NONE_PRESENT)
        for field, get in self._getters:
            text = get(item)
            if text:
                sure[field], maybe[field] = self.index.presence(prepare(text))
        return [rule for rule in self._candidates(maybe) if rule.may_hold(sure, maybe)]

    def held(self, item: Item) -> list[str]:
        """Names of the rules whose query holds (no scores, no min_score): the fast decision."""
        return [rule.name for rule in self._holding(item)[0]]

    def match(self, item: Item) -> list[Match]:
        """The rules that match `item` and reach their min_score, in config order."""
        holding, hits = self._holding(item)
        out = []
        for rule in holding:
            explanation = self._explain(rule, item, hits)
            if explanation.matched:
                out.append(Match(rule.name, explanation.score, explanation.hits))
        return out

    def _holding(self, item: Item) -> tuple[list[CompiledRule], Hits]:
        """The rules whose query holds, and the hits; the spanned scan only if one may."""
        possible = self.possible(item)
        if not possible:
            return [], _NO_HITS
        hits = self.scan(item)
        return [rule for rule in possible if rule.holds(hits)], hits

    def explain(self, rule_name: str, item: Item) -> ex.Explanation:
        """Which clauses of the rule held or failed for `item`, with the hits."""
        rule = self._by_name.get(rule_name)
        if rule is None:
            raise KeyError(f"no rule named {rule_name!r} (rules: {', '.join(self.names)})")
        return self._explain(rule, item, self.scan(item))

    def _candidates(self, present: Present) -> list[CompiledRule]:
        """The rules that hold with no hit, or have a pattern in `present`, in config order."""
        found = 0
        for field, _ in self._getters:
            found |= present[field]
        return [rule for rule, mask in self._masks if rule.always or mask & found]

    def _explain(self, rule: CompiledRule, item: Item, hits: Hits) -> ex.Explanation:
        clauses = tuple(ex.clause(g, hits, rule.query) for g in ex.groups(rule.tree))
        held = rule.holds(hits)
        score = ex.score(clauses) if held else 0.0
        positive = tuple(h for c in clauses for h in ex.positive_hits(c)) if held else ()
        return ex.Explanation(
            rule.name,
            held and score >= rule.min_score,
            held,
            score,
            rule.min_score,
            positive,
            clauses,
        )
