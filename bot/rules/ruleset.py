"""Compile rules once per config; match and explain many items.

`compile_rules(rules, terms)` parses every query, expands the term lists and builds one shared
TermIndex over all terms of all rules. `RuleSet.match(item)` scans each field of the item once
and evaluates only the rules that can hold: a rule whose query is false when none of its terms
hit (the usual case) is skipped unless one of its terms hit. Hits, offsets and the score are
computed only for rules whose query held. Pure: no I/O, no clock, no globals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.errors import RuleSyntaxError
from bot.models import Item, Match
from bot.rules import explain as ex
from bot.rules.ast import FIELDS, Node
from bot.rules.compiler import Evaluator, Hits, Resolver, RNode, build, terms_of
from bot.rules.index import Positions, TermIndex
from bot.rules.parser import parse_query
from bot.rules.text import prepare, token_spans

DEFAULT_FIELDS = ("title", "summary")
_NO_HITS: Hits = {field: {} for field in FIELDS}


class RuleLike(Protocol):
    """What a rule needs from its config entry (config.RuleSpec has these)."""

    name: str
    query: str
    min_score: float
    fields: list[str]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    name: str
    query: str
    min_score: float
    fields: tuple[str, ...]
    syntax: Node
    tree: RNode
    holds: Evaluator
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
                query=exc.query, column=exc.column, hint=exc.hint,
            ) from None
    return RuleSet(tuple(compiled), index)


def _compile_one(rule: RuleLike, resolver: Resolver) -> CompiledRule:
    fields = tuple(rule.fields or DEFAULT_FIELDS)
    for field in fields:
        if field not in FIELDS:
            raise RuleSyntaxError(
                f"unknown field '{field}' in fields", query=rule.query, column=1,
                hint=f"fields are {', '.join(FIELDS)}",
            )
    syntax = parse_query(rule.query)
    tree = resolver.resolve(syntax, fields, rule.query)
    holds = build(tree)
    pids = frozenset(pid for term in terms_of(tree) for pid in term.pids)
    return CompiledRule(
        rule.name, rule.query, float(rule.min_score or 0.0), fields, syntax, tree, holds, pids,
        always=holds(_NO_HITS),
    )


def item_fields(item: Item) -> dict[str, str]:
    """The text of each field a query can scope to."""
    source = " ".join(dict.fromkeys(s for s in (item.outlet, item.source) if s))
    return {
        "title": item.title or "",
        "summary": item.summary or "",
        "source": source,
        "url": item.url or item.canonical_url or "",
    }


class RuleSet:
    """The compiled rules of one config."""

    def __init__(self, rules: tuple[CompiledRule, ...], index: TermIndex) -> None:
        self.rules, self.index = rules, index
        self._by_name = {rule.name: rule for rule in rules}
        self._fields = tuple(f for f in FIELDS if any(f in t.fields for r in rules for t in terms_of(r.tree)))
        self._always = tuple(rule for rule in rules if rule.always)
        self._by_pid: dict[int, list[CompiledRule]] = {}
        for rule in rules:
            for pid in rule.pids:
                self._by_pid.setdefault(pid, []).append(rule)

    @property
    def names(self) -> list[str]:
        return [rule.name for rule in self.rules]

    def scan(self, item: Item) -> dict[str, Positions]:
        """Per field, the patterns found in the item and where."""
        texts = item_fields(item)
        hits: dict[str, Positions] = {field: {} for field in FIELDS}
        for field in self._fields:
            if texts[field]:
                hits[field] = self.index.scan(texts[field])[1]
        return hits

    def held(self, item: Item) -> list[str]:
        """Names of the rules whose query holds (no scores, no min_score): the fast decision."""
        hits = self.scan(item)
        return [rule.name for rule in self._candidates(hits) if rule.holds(hits)]

    def match(self, item: Item) -> list[Match]:
        """The rules that match `item` and reach their min_score, in config order."""
        hits = self.scan(item)
        out = []
        for rule in self._candidates(hits):
            if rule.holds(hits):
                explanation = self._explain(rule, item, hits)
                if explanation.matched:
                    out.append(Match(rule.name, explanation.score, explanation.hits))
        return out

    def explain(self, rule_name: str, item: Item) -> ex.Explanation:
        """Which clauses of the rule held or failed for `item`, with the hits."""
        rule = self._by_name.get(rule_name)
        if rule is None:
            raise KeyError(f"no rule named {rule_name!r} (rules: {', '.join(self.names)})")
        return self._explain(rule, item, self.scan(item))

    def _candidates(self, hits: Hits) -> list[CompiledRule]:
        found = {pid for field in self._fields for pid in hits[field]}
        chosen = {id(r) for pid in found for r in self._by_pid.get(pid, ())}
        chosen.update(id(r) for r in self._always)
        return [rule for rule in self.rules if id(rule) in chosen]

    def _explain(self, rule: CompiledRule, item: Item, hits: Hits) -> ex.Explanation:
        texts = {}
        for field, text in item_fields(item).items():
            prepared = prepare(text)
            texts[field] = (prepared, token_spans(prepared))
        clauses = tuple(ex.clause(g, hits, texts, rule.query) for g in ex.groups(rule.tree))
        held = rule.holds(hits)
        score = ex.score(clauses) if held else 0.0
        positive = tuple(h for c in clauses for h in ex.positive_hits(c)) if held else ()
        return ex.Explanation(
            rule.name, held and score >= rule.min_score, held, score, rule.min_score, positive, clauses
        )
