"""Syntax tree -> resolved tree -> one fast boolean function per rule.

Resolving expands `@lists`, pushes field scopes down to the terms and registers every term's
patterns in the shared TermIndex. The resolved tree is what both the fast evaluator (closures
built here) and the explainer (explain.py) walk, so they cannot disagree on the semantics.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.errors import RuleSyntaxError
from bot.rules import ast
from bot.rules.index import FieldHits, Span, TermIndex, bits, term_patterns
from bot.rules.parser import parse_term

Hits = Mapping[str, FieldHits]  # field -> pattern id -> spans in the folded field text
Evaluator = Callable[[Hits], bool]
Present = Mapping[str, int]  # field -> bit mask of the patterns present (bit = pattern id)
Bound = Callable[[Present, Present], bool]  # (surely present, maybe present) -> bool


@dataclass(frozen=True, slots=True)
class RTerm:
    label: str  # `partner*`, `"health system"`, `@ai:=AI`
    pids: frozenset[int]
    fields: tuple[str, ...]
    span: ast.Span


@dataclass(frozen=True, slots=True)
class RBool:
    op: str  # "and" | "or" | "list"
    children: tuple[RNode, ...]
    label: str
    span: ast.Span
    # A list's term positions by pattern id (derived, set by the Resolver): explaining a match
    # looks at the few terms that hit, not at all of a list's thousands.
    by_pid: Mapping[int, tuple[int, ...]] = dataclasses.field(
        default_factory=dict, compare=False, hash=False
    )


@dataclass(frozen=True, slots=True)
class RNot:
    child: RNode
    span: ast.Span


@dataclass(frozen=True, slots=True)
class RNear:
    left: RNode
    right: RNode
    distance: int
    span: ast.Span
    ordered: bool = False  # PRE/n
    # Each side's pattern ids per field (derived, set by the Resolver): a field holds a few
    # hits and a side (an @list) thousands of patterns, so a NEAR walks the hits.
    sides: tuple[Mapping[str, frozenset[int]], ...] = dataclasses.field(
        default=(), compare=False, hash=False
    )


RNode = RTerm | RBool | RNot | RNear


class Resolver:
    """Resolves syntax trees of many rules against one term table and one index."""

    def __init__(self, terms: Mapping[str, Sequence[str]], index: TermIndex) -> None:
        self.terms, self.index = terms, index
        self.used_lists: set[str] = set()

    def resolve(self, node: ast.Node, fields: tuple[str, ...], query: str) -> RNode:
        if isinstance(node, ast.Term):
            return self.term(node, node.raw, fields)
        if isinstance(node, ast.ListRef):
            return self.list_ref(node, fields, query)
        if isinstance(node, ast.Field):
            return self.resolve(node.child, (node.field,), query)
        if isinstance(node, ast.Not):
            return RNot(self.resolve(node.child, fields, query), node.span)
        if isinstance(node, ast.Near):
            left, right = (self.resolve(n, fields, query) for n in (node.left, node.right))
            sides = tuple(
                {f: frozenset(p) for f, p in _pids_by_field(n).items()} for n in (left, right)
            )
            return RNear(left, right, node.distance, node.span, node.ordered, sides)
        op = "and" if isinstance(node, ast.And) else "or"
        kids = tuple(self.resolve(child, fields, query) for child in node.children)
        return RBool(op, kids, query[node.span[0] : node.span[1]], node.span)

    def term(self, node: ast.Term, label: str, fields: tuple[str, ...]) -> RTerm:
        pids = [self.index.add(p) for p in term_patterns(node)]
        return RTerm(label, frozenset(pids), fields, node.span)

    def list_ref(self, node: ast.ListRef, fields: tuple[str, ...], query: str) -> RNode:
        entries = self.terms.get(node.name)
        if entries is None:
            known = ", ".join(f"@{k}" for k in sorted(self.terms)) or "none defined"
            raise RuleSyntaxError(
                f"unknown term list '@{node.name}'",
                query=query,
                column=node.span[0] + 1,
                hint=f"define it under terms: (known: {known})",
            )
        self.used_lists.add(node.name)
        kids = []
        for entry in entries:
            try:
                term = parse_term(entry, node.span)
            except RuleSyntaxError as exc:
                raise RuleSyntaxError(
                    f"terms.{node.name}: {exc.message} in {entry!r}",
                    query=query,
                    column=node.span[0] + 1,
                    hint=exc.hint,
                ) from None
            kids.append(self.term(term, f"@{node.name}:{term.raw}", fields))
        by_pid: dict[int, list[int]] = {}
        for i, kid in enumerate(kids):
            for pid in kid.pids:
                by_pid.setdefault(pid, []).append(i)
        index = {pid: tuple(at) for pid, at in by_pid.items()}
        return RBool("list", tuple(kids), f"@{node.name}", node.span, index)


def build(node: RNode) -> Evaluator:
    """A closure that decides `node` for one item's hits."""
    if isinstance(node, RTerm) or (isinstance(node, RBool) and _flat(node)):
        return _any_of(node)
    if isinstance(node, RNot):
        inner = build(node.child)
        return lambda hits: not inner(hits)
    if isinstance(node, RNear):
        return lambda hits: near_holds(node, hits)
    kids = tuple(build(child) for child in node.children)
    return _all(kids) if node.op == "and" else _any(kids)


def may_hold(node: RNode) -> Bound:
    """A closure telling whether `node` can hold when the patterns in `sure` occur, those
    outside `maybe` do not, and the rest are unknown (Kleene's three-valued logic, as an
    upper bound: False means false whatever the unknown patterns turn out to be)."""
    return _bound(node, upper=True)


def _bound(node: RNode, upper: bool) -> Bound:
    # upper: "can it hold?" (unknown patterns count as present); lower: "must it hold?"
    # (unknown patterns count as absent). NOT swaps the two.
    if isinstance(node, RTerm) or (isinstance(node, RBool) and _flat(node)):
        test = _any_bit(node)
        return (lambda sure, maybe: test(maybe)) if upper else (lambda sure, maybe: test(sure))
    if isinstance(node, RNot):
        inner = _bound(node.child, not upper)
        return lambda sure, maybe: not inner(sure, maybe)
    if isinstance(node, RNear):  # distances need spans: can hold when both sides can
        if not upper:
            return lambda sure, maybe: False
        left, right = _bound(node.left, True), _bound(node.right, True)
        return lambda sure, maybe: left(sure, maybe) and right(sure, maybe)
    kids = tuple(_bound(child, upper) for child in node.children)
    want = node.op != "and"  # AND ends at the first false child, OR at the first true one

    def holds(sure: Present, maybe: Present) -> bool:
        for kid in kids:
            if kid(sure, maybe) is want:
                return want
        return not want

    return holds


def _all(kids: tuple[Evaluator, ...]) -> Evaluator:
    def holds(hits: Hits) -> bool:
        for kid in kids:  # noqa: SIM110 (a plain loop: no generator on the hot path)
            if not kid(hits):
                return False
        return True

    return holds


def _any(kids: tuple[Evaluator, ...]) -> Evaluator:
    def holds(hits: Hits) -> bool:
        for kid in kids:  # noqa: SIM110 (a plain loop: no generator on the hot path)
            if kid(hits):
                return True
        return False

    return holds


def _flat(node: RBool) -> bool:
    return node.op != "and" and all(isinstance(c, RTerm) for c in node.children)


def _any_of(node: RNode) -> Evaluator:
    """An OR of plain terms: per field, one set-disjointness test over all their patterns."""
    checks = tuple((field, frozenset(pids)) for field, pids in _pids_by_field(node).items())
    if len(checks) == 1:
        ((f1, p1),) = checks
        return lambda hits: not p1.isdisjoint(hits[f1])
    if len(checks) == 2:
        (f1, p1), (f2, p2) = checks
        return lambda hits: not p1.isdisjoint(hits[f1]) or not p2.isdisjoint(hits[f2])

    def holds(hits: Hits) -> bool:
        for field, pids in checks:  # noqa: SIM110 (a plain loop: no generator on the hot path)
            if not pids.isdisjoint(hits[field]):
                return True
        return False

    return holds


def _pids_by_field(node: RNode) -> dict[str, set[int]]:
    """The pattern ids of the terms under `node`, per field they are looked for in."""
    per_field: dict[str, set[int]] = {}
    for term in terms_of(node):
        for field in term.fields:
            per_field.setdefault(field, set()).update(term.pids)
    return per_field


def _any_bit(node: RNode) -> Callable[[Present], bool]:
    """`_any_of` on bit masks: per field, one AND of the present mask with the terms' mask."""
    checks = tuple((field, bits(pids)) for field, pids in _pids_by_field(node).items())
    if len(checks) == 1:
        ((f1, m1),) = checks
        return lambda present: bool(present[f1] & m1)
    if len(checks) == 2:
        (f1, m1), (f2, m2) = checks
        return lambda present: bool(present[f1] & m1 or present[f2] & m2)
    return lambda present: any(present[field] & mask for field, mask in checks)


def terms_of(node: RNode) -> list[RTerm]:
    """The terms under `node` (all of them, whatever their polarity)."""
    if isinstance(node, RTerm):
        return [node]
    if isinstance(node, RNot):
        return terms_of(node.child)
    if isinstance(node, RNear):
        return terms_of(node.left) + terms_of(node.right)
    return [t for child in node.children for t in terms_of(child)]


def nodes_of(node: RNode) -> list[RNode]:
    """`node` and every node under it."""
    if isinstance(node, RTerm):
        return [node]
    if isinstance(node, RNot):
        return [node, *nodes_of(node.child)]
    if isinstance(node, RNear):
        return [node, *nodes_of(node.left), *nodes_of(node.right)]
    return [node, *(n for child in node.children for n in nodes_of(child))]


def _spans_in(pids: Mapping[str, frozenset[int]], field: str, hits: Hits) -> list[Span]:
    """Spans of the hits in one field of the patterns `pids` has for it."""
    wanted, found = pids.get(field), hits[field]
    if not wanted or not found:
        return []
    return [span for pid, spans in found.items() if pid in wanted for span in spans]


def near_holds(node: RNear, hits: Hits) -> bool:
    """Some hit of each side lie in one field with at most `distance` words between them
    (for PRE/n, with the left side's hit first)."""
    mine, theirs = node.sides
    for field in mine.keys() & theirs.keys():  # a field one side is not looked for in: no pair
        left, right = _spans_in(mine, field, hits), _spans_in(theirs, field, hits)
        text = hits[field].folded
        for a0, a1 in left:
            for b0, b1 in right:
                if node.ordered and a1 > b0:
                    continue
                gap = text[a1:b0] if a1 <= b0 else text[b1:a0] if b1 <= a0 else ""
                if len(gap.split()) <= node.distance:
                    return True
    return False
