"""The query syntax tree.

Every node keeps `span`, its 0-based [start, end) slice of the query text, so errors,
lint warnings and explanations can quote the clause exactly as the user wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

FIELDS = ("title", "summary", "source", "url", "body")  # body: feed content or article text

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Term:
    """A word, prefix (`partner*`) or "exact phrase"; `=` makes it case-sensitive."""

    text: str  # the words without quotes or the leading "=" ("team* up", "AI")
    raw: str  # as written in the query or the term list (`"team* up"`, `=AI`)
    case_sensitive: bool
    span: Span


@dataclass(frozen=True, slots=True)
class ListRef:
    """`@name`: any term of the named list under `terms:`."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Field:
    """`title:x`: the child is only looked for in that field."""

    field: str
    child: Node
    span: Span


@dataclass(frozen=True, slots=True)
class Not:
    child: Node
    span: Span


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Near:
    """`a NEAR/n b`: both in one field with at most `distance` other words between them.
    `a PRE/n b` (`ordered`) also needs `a` to come first."""

    left: Node
    right: Node
    distance: int
    span: Span
    ordered: bool = False


Node = Union[Term, ListRef, Field, Not, And, Or, Near]  # noqa: UP007 (runtime alias under py311)


def walk(node: Node) -> list[Node]:
    """The node and all its descendants, depth first."""
    out: list[Node] = [node]
    if isinstance(node, (And, Or)):
        for child in node.children:
            out.extend(walk(child))
    elif isinstance(node, (Not, Field)):
        out.extend(walk(node.child))
    elif isinstance(node, Near):
        out.extend(walk(node.left))
        out.extend(walk(node.right))
    return out
