"""Recursive-descent parser: query text -> syntax tree, or a RuleSyntaxError with a caret.

Grammar (loosest binding first; juxtaposition is an implicit AND):

    query  := or EOF
    or     := and ("OR" and)*
    and    := near (["AND"] near)*
    near   := unary (("NEAR/n" | "PRE/n") unary)*
    unary  := "NOT" unary | FIELD ":" unary | primary
    primary:= WORD | PHRASE | @LIST | "(" or ")"

Nesting is capped so that no input can exhaust the stack: every input either parses or
raises RuleSyntaxError.
"""

from __future__ import annotations

from bot.errors import RuleSyntaxError
from bot.rules.ast import And, Field, ListRef, Near, Node, Not, Or, Term, walk
from bot.rules.lexer import Token, syntax_error, tokenize

MAX_DEPTH = 64
_STARTS = frozenset({"WORD", "PHRASE", "LIST", "LPAREN", "NOT", "FIELD"})


def parse_query(query: str) -> Node:
    """Parse one query; raises RuleSyntaxError (1-based column, hint)."""
    if not query.strip():
        raise RuleSyntaxError("empty query", query=query, column=1, hint="write at least one term")
    return _Parser(query, tokenize(query)).parse()


def parse_term(text: str, span: tuple[int, int] = (0, 0)) -> Term:
    """One entry of a term list (`=AI`, `partner*`, `health system`): a word or a phrase."""
    raw = text.strip()
    body = raw[1:] if raw.startswith("=") else raw
    body = body.strip().strip("\"'").strip()
    words = body.split()
    for word in words:
        if not _wildcard_ok(word, alone=len(words) == 1):
            raise RuleSyntaxError(
                "a wildcard may only end a word, or start a one-word term",
                query=raw, column=1, hint="write a prefix such as partner*, or a suffix such as *Health",
            )
    if not body:
        raise RuleSyntaxError("empty term", query=raw, column=1, hint="remove it or write a word")
    return Term(text=body, raw=raw, case_sensitive=raw.startswith("="), span=span)


def _wildcard_ok(word: str, alone: bool) -> bool:
    """`partner*` (a prefix) anywhere; `*Health` (a suffix) only as a whole one-word term."""
    inner = word[1:] if alone and word.startswith("*") else word
    star = inner.find("*")
    if word.startswith("*") and inner.endswith("*"):
        return False  # "*x*" (infix) is not supported: it would match inside any word
    return bool(inner.strip("*")) and (star < 0 or star == len(inner) - 1)


class _Parser:
    def __init__(self, query: str, tokens: list[Token]) -> None:
        self.query, self.tokens, self.i, self.depth = query, tokens, 0, 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def error(self, tok: Token, message: str, hint: str | None = None) -> RuleSyntaxError:
        return syntax_error(self.query, tok.pos, message, hint)

    def parse(self) -> Node:
        node = self.parse_or()
        if self.tok.kind == "RPAREN":
            raise self.error(self.tok, "unexpected ')'", "remove it or add a matching '(' before it")
        if self.tok.kind != "EOF":
            raise self.error(self.tok, f"unexpected {self.tok.value!r}")
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.tok.kind == "OR":
            self.advance()
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children), _cover(children))

    def parse_and(self) -> Node:
        children = [self.parse_near()]
        while self.tok.kind == "AND" or self.tok.kind in _STARTS:
            if self.tok.kind == "AND":
                self.advance()
            children.append(self.parse_near())
        return children[0] if len(children) == 1 else And(tuple(children), _cover(children))

    def parse_near(self) -> Node:
        left = self.parse_unary()
        while self.tok.kind == "NEAR":
            op = self.advance()
            right = self.parse_unary()
            for side in (left, right):
                self.check_near_operand(op, side)
            left = Near(left, right, op.distance, (left.span[0], right.span[1]), op.ordered)
        return left

    def check_near_operand(self, op: Token, node: Node) -> None:
        for sub in walk(node):
            if not isinstance(sub, (Term, ListRef, Or)):
                raise self.error(
                    op, "NEAR joins words, phrases, @lists or (a OR b) groups",
                    "move NOT, AND and field scopes outside: title:(a NEAR/3 b) AND NOT c",
                )

    def parse_unary(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(self.tok, "query nested too deeply", f"use at most {MAX_DEPTH} levels")
        try:
            return self._unary()
        finally:
            self.depth -= 1

    def _unary(self) -> Node:
        tok = self.tok
        if tok.kind == "NOT":
            self.advance()
            child = self.parse_unary()
            return Not(child, (tok.pos, child.span[1]))
        if tok.kind == "FIELD":
            self.advance()
            child = self.parse_unary()
            if any(isinstance(sub, Field) for sub in walk(child)):
                raise self.error(tok, "nested field scopes", "scope each term or group once")
            return Field(tok.value, child, (tok.pos, child.span[1]))
        return self.parse_primary()

    def parse_primary(self) -> Node:
        tok = self.advance()
        if tok.kind == "WORD":
            return Term(tok.value.lstrip("="), tok.value, tok.value.startswith("="), (tok.pos, tok.end))
        if tok.kind == "PHRASE":
            return self.phrase(tok)
        if tok.kind == "LIST":
            return ListRef(tok.value, (tok.pos, tok.end))
        if tok.kind == "LPAREN":
            node = self.parse_or()
            close = self.advance()
            if close.kind != "RPAREN":
                raise self.error(close, "missing ')'", f"close the '(' at column {tok.pos + 1}")
            return _respan(node, (tok.pos, close.end))
        return self.unexpected(tok)

    def phrase(self, tok: Token) -> Term:
        try:
            term = parse_term(tok.value, (tok.pos, tok.end))
        except RuleSyntaxError as exc:
            raise self.error(tok, exc.message, exc.hint) from None
        return term

    def unexpected(self, tok: Token) -> Node:
        if tok.kind == "EOF":
            raise self.error(tok, "query ends too early", "add a term after the last operator")
        if tok.kind == "RPAREN":
            raise self.error(tok, "unexpected ')'", "remove it or add a matching '(' before it")
        raise self.error(tok, f"unexpected {tok.value}", f"put a term before {tok.value}")


def _cover(nodes: list[Node]) -> tuple[int, int]:
    return (nodes[0].span[0], nodes[-1].span[1])


def _respan(node: Node, span: tuple[int, int]) -> Node:
    """A parenthesized node keeps its parentheses in its span (for quoting in explanations)."""
    from dataclasses import replace

    return replace(node, span=span)
