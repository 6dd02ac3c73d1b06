"""Split a query into tokens, each with its 0-based position for error carets.

Operators are upper case only (`AND`, `OR`, `NOT`, `NEAR/n`, `PRE/n`), as in the media-monitoring
tools users know; a lower-case "and" is an ordinary word. A word may start with `=`
(case-sensitive) and end with `*` (prefix); `field:` scopes the next term or group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import RuleSyntaxError
from bot.rules.ast import FIELDS

_NEAR = re.compile(r"(NEAR|PRE)/(\d{1,3})$")
_FIELD = re.compile(r"([A-Za-z_]+):")
_LIST = re.compile(r"@([\w-]+)")
_STOP = frozenset(' \t\r\n\f\v()"')


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # WORD PHRASE LIST FIELD AND OR NOT NEAR LPAREN RPAREN EOF
    value: str
    pos: int  # 0-based offset of the first character
    end: int
    distance: int = 0  # NEAR/n, PRE/n
    ordered: bool = False  # PRE/n: the left side comes first


def syntax_error(query: str, pos: int, message: str, hint: str | None = None) -> RuleSyntaxError:
    """A RuleSyntaxError pointing at the 0-based `pos`."""
    return RuleSyntaxError(message, query=query, column=pos + 1, hint=hint)


def tokenize(query: str) -> list[Token]:
    """All tokens of `query`, ending with EOF; raises RuleSyntaxError on a bad token."""
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(Token("LPAREN" if ch == "(" else "RPAREN", ch, i, i + 1))
            i += 1
        elif ch == '"' or (ch == "=" and query.startswith('"', i + 1)):
            i = _phrase(query, i, out)
        else:
            i = _word(query, i, out)
    out.append(Token("EOF", "", n, n))
    return out


def _phrase(query: str, start: int, out: list[Token]) -> int:
    quote = query.index('"', start)
    close = query.find('"', quote + 1)
    if close < 0:
        raise syntax_error(query, quote, "unclosed phrase", 'close the phrase with a second "')
    if not query[quote + 1 : close].strip():
        raise syntax_error(query, quote, "empty phrase", 'put words between the quotes: "health system"')
    out.append(Token("PHRASE", query[start : close + 1], start, close + 1))
    return close + 1


def _word(query: str, start: int, out: list[Token]) -> int:
    end = start
    while end < len(query) and query[end] not in _STOP:
        end += 1
    word = query[start:end]
    field = _FIELD.match(word)
    if field and field.group(1).lower() in FIELDS:
        out.append(Token("FIELD", field.group(1).lower(), start, start + field.end()))
        return start + field.end()
    if field and not word[field.end() :].startswith("/"):  # "http://..." stays a word
        raise syntax_error(
            query, start, f"unknown field '{field.group(1)}'", f"fields are {', '.join(FIELDS)}"
        )
    out.append(_classify(query, word, start, end))
    return end


def _classify(query: str, word: str, start: int, end: int) -> Token:
    if word in ("AND", "OR", "NOT"):
        return Token(word, word, start, end)
    if word in ("NEAR", "PRE") or word.startswith(("NEAR/", "PRE/")):
        near = _NEAR.match(word)
        if not near:
            op = word.split("/")[0]
            raise syntax_error(query, start, f"{op} needs a distance", f"write {op}/5 (within 5 words)")
        return Token("NEAR", word, start, end, distance=int(near.group(2)), ordered=near.group(1) == "PRE")
    if word.startswith("@"):
        ref = _LIST.fullmatch(word)
        if not ref:
            raise syntax_error(query, start, f"bad list name '{word}'", "write @name, a key under terms:")
        return Token("LIST", ref.group(1), start, end)
    body = word[1:] if word.startswith("=") else word
    star = body.find("*")
    if star >= 0 and (star != len(body) - 1 or star == 0):
        raise syntax_error(
            query, start + (len(word) - len(body)) + star,
            "a wildcard may only end a word", "write a prefix such as partner*",
        )
    if not body:
        raise syntax_error(query, start, "'=' needs a term", "write =AI for a case-sensitive term")
    return Token("WORD", word, start, end)
