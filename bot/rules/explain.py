"""Why a rule matched or missed an item: clause verdicts, term hits and the score.

Evaluates the same resolved tree as the fast evaluator (compiler.py), node by node, and
attaches to each clause the terms that hit in which field, with character offsets into the
field's text. The score is computed here because it needs the hits:

    score = sum over the rule's groups that hold and have hits of
            best field weight of its hits (title 2, summary 1, source/url 0.5)
            + 0.25 per further distinct term of the group (at most +1)

A rule's groups are the clauses of its top-level AND (or the alternatives of a top-level OR),
so title hits weigh more than summary hits and more distinct groups hit score higher.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import TermHit
from bot.rules.compiler import Hits, RBool, RNear, RNode, RNot, RTerm, near_holds
from bot.rules.index import FieldHits, token_index
from bot.rules.text import token_spans

FIELD_WEIGHT = {"title": 2.0, "summary": 1.0, "source": 0.5, "url": 0.5}
EXTRA_TERM_WEIGHT, EXTRA_TERM_CAP = 0.25, 1.0



@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a query and whether it held for the item."""

    text: str  # as written in the query, e.g. `@ai` or `NOT (webinar OR podcast)`
    held: bool
    kind: str  # "term" | "list" | "and" | "or" | "not" | "near"
    hits: tuple[TermHit, ...] = ()  # the terms under it that hit (also under a NOT)
    children: tuple[Clause, ...] = ()


@dataclass(frozen=True, slots=True)
class Explanation:
    """A rule's verdict on one item."""

    rule: str
    matched: bool  # the query held AND the score reached min_score
    held: bool  # the query held
    score: float
    min_score: float
    hits: tuple[TermHit, ...]  # terms that count toward the match (not those under NOT)
    clauses: tuple[Clause, ...]  # the rule's top-level groups

    @property
    def failed(self) -> list[Clause]:
        """Top-level clauses that did not hold: what a near miss lacked (or tripped on)."""
        return [c for c in self.clauses if not c.held]

    def reason(self) -> str:
        """One line: the terms that hit, or the clauses that failed."""
        if self.matched:
            return "matched on " + ", ".join(sorted({f"{h.field}:{h.text}" for h in self.hits if h.telling}))
        if self.held:
            return f"score {self.score} below min_score {self.min_score}"
        parts = []
        for clause in self.failed:
            tripped = ", ".join(sorted({h.text for h in clause.hits}))
            parts.append(f"{clause.text} failed" + (f" (hit: {tripped})" if tripped else ""))
        return "; ".join(parts)


def groups(root: RNode) -> tuple[RNode, ...]:
    """The clauses a score is made of."""
    if isinstance(root, RBool) and root.op in ("and", "or"):
        return root.children
    return (root,)


def clause(node: RNode, hits: Hits, query: str) -> Clause:
    """Evaluate `node` with its sub-clauses and term hits."""
    label = node.label if isinstance(node, (RTerm, RBool)) else query[node.span[0] : node.span[1]]
    if isinstance(node, RTerm):
        found = term_hits(node, hits)
        return Clause(label, bool(found), "term", found)
    if isinstance(node, RNot):
        inner = clause(node.child, hits, query)
        return Clause(label, not inner.held, "not", inner.hits, (inner,))
    kids: tuple[Clause, ...]
    kind = "near" if isinstance(node, RNear) else node.op
    if isinstance(node, RBool) and kind == "list":
        found = list_hits(node, hits)
        return Clause(label, bool(found), kind, found)
    if isinstance(node, RNear):
        kids = (clause(node.left, hits, query), clause(node.right, hits, query))
        held = near_holds(node, hits)
    else:
        kids = tuple(clause(child, hits, query) for child in node.children)
        held = all(k.held for k in kids) if node.op == "and" else any(k.held for k in kids)
    return Clause(label, held, kind, tuple(h for k in kids for h in k.hits), kids)


def list_hits(node: RBool, hits: Hits) -> tuple[TermHit, ...]:
    """The hits of a term list's terms, in the list's order: only the terms that hit are
    looked at (a field holds a few hits, a list thousands of terms)."""
    by_pid, at = node.by_pid, set()
    for field in hits:
        found = hits[field]
        if found:  # a set intersection in C: the smaller side is walked
            for pid in by_pid.keys() & found.keys():
                at.update(by_pid[pid])
    return tuple(h for i in sorted(at) for h in term_hits(node.children[i], hits))  # type: ignore[arg-type]


def term_hits(term: RTerm, hits: Hits) -> tuple[TermHit, ...]:
    """The hits of one term, with offsets into the field's (NFC) text."""
    out: list[TermHit] = []
    for field in term.fields:
        found = hits[field]
        if term.pids.isdisjoint(found):
            continue
        for pid in sorted(term.pids):
            for span in found.get(pid, ()):
                start, end = original_span(found, span)
                out.append(TermHit(term.label, field, found.prepared[start:end], start, end))
    return tuple(out)


def original_span(found: FieldHits, span: tuple[int, int]) -> tuple[int, int]:
    """Map a span of the folded text back to the prepared text."""
    if len(found.folded) == len(found.prepared) + 2:  # no character expanded: offsets line up
        return span[0] - 1, span[1] - 1
    spans = token_spans(found.prepared)
    first, last = token_index(found, span)
    if not first < last <= len(spans):
        return 0, 0  # cannot happen while text.py keeps its token-count promise
    return spans[first][0], spans[last - 1][1]


def positive_hits(c: Clause) -> list[TermHit]:
    """Hits that support a verdict: those of clauses that held, outside any NOT."""
    if c.kind == "not" or not c.held:
        return []
    if not c.children:
        return list(c.hits)
    return [h for k in c.children for h in positive_hits(k)]


def score(clauses: tuple[Clause, ...]) -> float:
    total = 0.0
    for c in clauses:
        found = positive_hits(c) if c.held else []
        if not found:
            continue
        best = max(FIELD_WEIGHT.get(h.field, 0.5) for h in found)
        extra = len({h.term for h in found}) - 1
        total += best + min(EXTRA_TERM_CAP, EXTRA_TERM_WEIGHT * extra)
    return round(total, 2)
