"""Warnings about rules that compile but probably do not do what their author meant.

- a short all-caps term matched case-insensitively (`AI` also finds "Ai", "ai"): suggest `=AI`;
- a term that can never match (no letters or digits in it, an empty list, `x AND NOT x`);
- a prefix so short it matches most words (`a*`);
- a lower-case `and`/`or`/`not`/`near`, which is a plain word, not an operator;
- a term list never used by any rule.
Each warning is one line starting with where it is: `rules[0] (name): ...` or `terms.name: ...`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from bot.errors import RuleSyntaxError
from bot.rules import ast
from bot.rules.index import term_patterns
from bot.rules.parser import parse_query, parse_term
from bot.rules.ruleset import RuleLike

SHORT_CAPS = 4  # "AI", "ML", "LLM", "EHR" ...
MIN_PREFIX = 3
_OPERATOR_WORDS = {"and": "AND", "or": "OR", "not": "NOT", "near": "NEAR/5"}


def lint(
    rules: Sequence[RuleLike], terms: Mapping[str, Sequence[str]], also_used: Iterable[str] = ()
) -> list[str]:
    """All warnings for a config's rules and term lists, in a stable order. `also_used`:
    lists other parts of the config refer to (the facts queries), so not "never used"."""
    warnings: list[str] = []
    used: set[str] = set(also_used)
    for n, rule in enumerate(rules):
        where = f"rules[{n}] ({rule.name})"
        try:
            tree = parse_query(rule.query)
        except RuleSyntaxError as exc:
            warnings.append(f"{where}.query: {exc.message} at column {exc.column}")
            continue
        nodes = ast.walk(tree)
        used.update(node.name for node in nodes if isinstance(node, ast.ListRef))
        used.update(_gate_lists(rule))
        for node in nodes:
            if isinstance(node, ast.Term):
                warnings.extend(f"{where}: {w}" for w in term_warnings(node))
                if node.raw in _OPERATOR_WORDS:
                    warnings.append(
                        f"{where}: '{node.raw}' is a plain word; write {_OPERATOR_WORDS[node.raw]} for the operator"
                    )
            elif isinstance(node, ast.And):
                warnings.extend(f"{where}: {w}" for w in contradictions(node))
    for name, entries in terms.items():
        warnings.extend(f"terms.{name}: {w}" for w in list_warnings(entries))
        if name not in used:
            warnings.append(f"terms.{name}: never used by any rule (refer to it as @{name})")
    return warnings


def _gate_lists(rule: RuleLike) -> set[str]:
    """The lists a rule's learned-stage gate refers to: they are used, by the gate."""
    gate = getattr(getattr(rule, "learned", None), "gate", None)
    if not gate:
        return set()
    try:
        return {n.name for n in ast.walk(parse_query(gate)) if isinstance(n, ast.ListRef)}
    except RuleSyntaxError:
        return set()  # the gate's own error is reported where the config is validated


def term_warnings(term: ast.Term) -> Iterator[str]:
    if not term_patterns(term):
        yield f"{term.raw!r} has no letters or digits and can never match"
        return
    bare = term.text.rstrip("*")
    if not term.case_sensitive and bare.isalpha() and bare.isupper() and len(bare) <= SHORT_CAPS:
        yield (
            f"{term.raw!r} is matched in any case (also '{bare.lower()}', '{bare.title()}'); "
            f"write '={bare}' to match only the capitals"
        )
    for word in term.text.split():
        if word.endswith("*") and len(word) - 1 < MIN_PREFIX:
            yield f"{term.raw!r}: prefix '{word}' is so short it matches most words"
        elif word.startswith("*") and len(word) - 1 < MIN_PREFIX and not term.case_sensitive:
            yield f"{term.raw!r}: suffix '{word}' is so short it ends many words; write it case-sensitive (={word})"


def list_warnings(entries: Sequence[str]) -> Iterator[str]:
    if not entries:
        yield "the list is empty, so @references to it can never match"
    for entry in entries:
        try:
            term = parse_term(entry)
        except RuleSyntaxError as exc:
            yield f"{entry!r}: {exc.message}"
            continue
        yield from term_warnings(term)


def contradictions(node: ast.And) -> Iterator[str]:
    """`x AND NOT x` in one AND can never hold."""
    positive = {_key(c) for c in node.children if not isinstance(c, ast.Not)}
    for child in node.children:
        if isinstance(child, ast.Not) and _key(child.child) in positive:
            yield f"'{_key(child.child)}' is both required and excluded, so this AND can never match"


def _key(node: ast.Node) -> str:
    if isinstance(node, ast.Term):
        return node.raw
    if isinstance(node, ast.ListRef):
        return f"@{node.name}"
    return repr(type(node).__name__) + str(node.span)
