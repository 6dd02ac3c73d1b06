"""Compile rules once per config; match and explain many items.

`compile_rules(rules, terms)` parses every query, expands the term lists and builds one shared
TermIndex over all terms of all rules. `RuleSet.match(item)` first finds which patterns occur
in each field (one pass, no spans) and keeps the rules that may hold: a rule none of whose
terms occur is skipped unless it holds with no hit at all, and a rule false whatever its
unverified phrases turn out to be is skipped too. Only when some rule may hold are the fields
scanned with spans and the rules evaluated exactly; hits, offsets and the score are computed
only for rules whose query held. `hits(name, item)` is `explain(name, item).hits`, with no
clauses or score built for a query that is one term list. Pure: no I/O, no clock, no globals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from bot.errors import RuleSyntaxError
from bot.models import Item, Match, TermHit
from bot.rules import explain as ex
from bot.rules.ast import FIELDS, Node
from bot.rules.compiler import (
    Bound,
    Evaluator,
    Hits,
    Present,
    RBool,
    Resolver,
    RNode,
    build,
    may_hold,
    terms_of,
)
from bot.rules.index import NO_HITS, FieldHits, TermIndex, bits
from bot.rules.learned import LearnedSpec, LearnedStage, Opinion, build_stage
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


@dataclass(frozen=True, slots=True, eq=False)  # one object per compiled rule: identity is its equality
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
    learned: LearnedStage | None = None  # the rule's learned second opinion, if configured


def compile_rules(rules: Sequence[RuleLike], terms: Mapping[str, Sequence[str]]) -> RuleSet:
    """Compile all rules; a RuleSyntaxError names the rule: `rules[0] (name).query: ...`."""
    index = TermIndex()
    resolver = Resolver(terms, index)
    compiled = []
    for n, rule in enumerate(rules):
        try:
            one = _compile_one(rule, resolver)
            spec = LearnedSpec.of(getattr(rule, "learned", None))
            if spec is not None:
                stage = build_stage(rule, spec, lambda sub: _compile_one(sub, resolver), one.tree)
                one = replace(one, learned=stage)
            compiled.append(one)
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
    "body": lambda item: item.content,  # the feed's content, or the article text once enriched
}


class RuleSet:
    """The compiled rules of one config."""

    def __init__(self, rules: tuple[CompiledRule, ...], index: TermIndex) -> None:
        self.rules, self.index = rules, index
        self._by_name = {rule.name: rule for rule in rules}
        # A learned stage's gate and list queries are evaluated beside the rules, on the same
        # scan; a rule whose model may admit what the rule misses is a candidate whenever its
        # gate may hold (or always, with no gate).
        helpers = [q for r in rules if r.learned for q in _stage_queries(r.learned)]
        self._fields = tuple(
            f
            for f in FIELDS
            if any(f in t.fields for r in (*rules, *helpers) for t in terms_of(r.tree))
        )
        # Per rule, the bit mask of its patterns: a rule none of whose patterns is present
        # (and that needs one to hold) is no candidate.
        self._masks = tuple((rule, bits(rule.pids)) for rule in rules)
        self._gates = tuple(
            (r.learned.gate, bits(r.learned.gate.pids))
            for r in rules
            if r.learned and r.learned.combine.needs_model and r.learned.gate is not None
        )
        self._ungated = any(
            r.learned and r.learned.combine.needs_model and r.learned.gate is None for r in rules
        )
        self._getters = tuple((f, _GETTERS[f]) for f in self._fields)
        self._memo: dict[str, FieldHits] | None = None  # see `remember`
        self._memo_size = 0

    @property
    def names(self) -> list[str]:
        return [rule.name for rule in self.rules]

    def remember(self, texts: int) -> None:
        """Keep the scans of the last `texts` texts read: for a caller that asks several
        questions of one text (facts asks a headline four), each text is scanned once, and
        `held` on texts all remembered reads which patterns occur off their scans, with no
        presence pass. A scan is never mutated once made, so a remembered one is as good as a
        new one."""
        self._memo, self._memo_size = {}, texts

    def scan(self, item: Item) -> dict[str, FieldHits]:
        """Per field, the patterns found in the item and where."""
        hits = dict(_NO_HITS)
        for field, get in self._getters:
            text = get(item)
            if text:
                hits[field] = self._scan_text(text)
        return hits

    def _scan_text(self, text: str) -> FieldHits:
        memo = self._memo
        if memo is None:
            return self.index.scan(prepare(text))
        found = memo.get(text)
        if found is None:
            if len(memo) >= self._memo_size:
                memo.clear()  # a few texts at a time: clearing is cheaper than tracking age
            found = memo[text] = self.index.scan(prepare(text))
        return found

    def _remembered(self, item: Item) -> dict[str, FieldHits] | None:
        """The item's scan when every text of it is remembered (see `remember`), else None."""
        memo = self._memo or {}
        hits = dict(_NO_HITS)
        for field, get in self._getters:
            text = get(item)
            if text:
                found = memo.get(text)
                if found is None:
                    return None
                hits[field] = found
        return hits

    def possible(self, item: Item) -> list[CompiledRule]:
        """The rules that may hold for `item`, from one pass per field without spans.

        Most items hold no rule, and most can be told so from which patterns occur: a full
        `scan` (spans, phrase and case checks) is then only done for the few that may.
        """
        return self._presence(item)[0]

    def _presence(self, item: Item) -> tuple[list[CompiledRule], bool]:
        """The rules that may hold, and whether some learned stage may run (its gate may hold)."""
        sure, maybe = dict(_NONE_PRESENT), dict(_NONE_PRESENT)
        for field, get in self._getters:
            text = get(item)
            if text:
                sure[field], maybe[field] = self.index.presence(prepare(text))
        return self._possible(sure, maybe)

    def _possible(self, sure: Present, maybe: Present) -> tuple[list[CompiledRule], bool]:
        """`_presence` from the patterns that surely occur and those that may."""
        found = [rule for rule in self._candidates(maybe) if rule.may_hold(sure, maybe)]
        present = _any(maybe)
        models = self._ungated or any(
            mask & present and gate.may_hold(sure, maybe) for gate, mask in self._gates
        )
        return found, models

    def held(self, item: Item) -> list[str]:
        """Names of the rules that admit the item (no scores, no min_score): the fast decision,
        the learned stage included where a rule has one."""
        return [rule.name for rule, _, _ in self._verdicts(item)]

    def match(self, item: Item) -> list[Match]:
        """The rules that match `item` and reach their min_score, in config order."""
        out = []
        for rule, hits, score in self._verdicts(item):
            explanation = self._explain(rule, item, hits)
            stage = rule.learned
            if stage is None:
                if explanation.matched:
                    out.append(Match(rule.name, explanation.score, explanation.hits))
            elif stage.combine.decide(explanation.matched, score):
                if explanation.matched:
                    out.append(Match(rule.name, explanation.score, explanation.hits, score))
                else:  # admitted by the model alone: the gate's terms say what it saw
                    seen = self._explain(stage.gate, item, hits).hits if stage.gate else ()
                    out.append(Match(rule.name, round(score or 0.0, 3), seen, score, "model"))
        return out

    def opinion(self, rule_name: str, item: Item, k: int = 3) -> Opinion | None:
        """The learned stage's score and nearest labeled examples, or None without one."""
        stage = self._rule(rule_name).learned
        return stage.opinion(item, self.scan(item), k) if stage else None

    def _verdicts(self, item: Item) -> list[tuple[CompiledRule, Hits, float | None]]:
        """Rules that may admit the item, with the hits and the model's score where it ran.

        Without a learned stage that means the query holds. With one, the query's verdict
        (before min_score) or the model's, as `combine` says; `match` settles min_score.
        """
        remembered = self._remembered(item) if self._memo else None
        if remembered is None:
            possible, models = self._presence(item)
        else:  # scanned already: the patterns present are those the scan found, no presence pass
            present = {field: bits(found) for field, found in remembered.items()}
            possible, models = self._possible(present, present)
        if not possible and not models:
            return []
        hits = self.scan(item) if remembered is None else remembered
        out: list[tuple[CompiledRule, Hits, float | None]] = []
        for rule in self.rules:
            stage = rule.learned
            held = rule in possible and rule.holds(hits)
            if stage is None or stage.combine.settled(held) is not None:
                # No model, or one whose score cannot change the verdict (`rule OR model` on
                # an item the rule admits): it does not run, and the match carries no score
                if held:
                    out.append((rule, hits, None))
                continue
            score = stage.score(item, hits) if stage.gate_holds(hits) else None
            if stage.combine.decide(held, score):
                out.append((rule, hits, score))
        return out

    def explain(self, rule_name: str, item: Item) -> ex.Explanation:
        """Which clauses of the rule held or failed for `item`, with the hits."""
        return self._explain(self._rule(rule_name), item, self.scan(item))

    def hits(self, rule_name: str, item: Item) -> tuple[TermHit, ...]:
        """`explain(rule_name, item).hits`, built without clauses or a score where the query
        is one term list (`@x`, what a caller asking where a list hit writes): its terms that
        hit, in the list's order, when it held."""
        rule = self._rule(rule_name)
        root = rule.tree
        if not (isinstance(root, RBool) and root.op == "list"):
            return self.explain(rule_name, item).hits
        found = self.scan(item)
        # a list is one clause: explain's positive hits are that clause's hits when it held
        return ex.list_hits(root, found) if rule.holds(found) else ()

    def _rule(self, rule_name: str) -> CompiledRule:
        rule = self._by_name.get(rule_name)
        if rule is None:
            raise KeyError(f"no rule named {rule_name!r} (rules: {', '.join(self.names)})")
        return rule

    def _candidates(self, present: Present) -> list[CompiledRule]:
        """The rules that hold with no hit, or have a pattern in `present`, in config order."""
        found = _any(present)
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


def _any(present: Present) -> int:
    found = 0
    for mask in present.values():
        found |= mask
    return found


def _stage_queries(stage: LearnedStage) -> list[CompiledRule]:
    gate = [stage.gate] if stage.gate is not None else []
    return [*gate, *(q for _, a, t in stage.lists for q in (a, t))]
