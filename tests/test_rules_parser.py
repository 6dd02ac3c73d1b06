"""The query parser: what it accepts, where it points when it does not, and that it never crashes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import RuleSyntaxError
from bot.rules import ast
from bot.rules.parser import parse_query


def test_it_reads_implicit_and_with_lists_phrases_prefixes_and_scopes() -> None:
    tree = parse_query('@org "health system" partner* title:=AI NOT webinar')

    assert isinstance(tree, ast.And)
    kinds = [type(child).__name__ for child in tree.children]
    assert kinds == ["ListRef", "Term", "Term", "Field", "Not"]
    scoped = tree.children[3]
    assert isinstance(scoped, ast.Field) and scoped.field == "title"
    assert isinstance(scoped.child, ast.Term) and scoped.child.case_sensitive


def test_and_binds_tighter_than_or() -> None:
    tree = parse_query("a OR b AND c")

    assert isinstance(tree, ast.Or)
    assert isinstance(tree.children[1], ast.And)


def test_near_takes_its_distance_and_binds_tighter_than_and() -> None:
    tree = parse_query("x AND a NEAR/3 (b OR c)")

    assert isinstance(tree, ast.And)
    near = tree.children[1]
    assert isinstance(near, ast.Near) and near.distance == 3 and not near.ordered


def test_pre_is_an_ordered_near_and_upper_case_words_starting_alike_stay_words() -> None:
    pre = parse_query("a PRE/4 b")
    words = parse_query("PREMIER NEARBY")

    assert isinstance(pre, ast.Near) and pre.distance == 4 and pre.ordered
    assert isinstance(words, ast.And) and all(isinstance(c, ast.Term) for c in words.children)


def test_lower_case_operators_are_plain_words() -> None:
    tree = parse_query("salt and pepper")

    assert isinstance(tree, ast.And)
    assert [c.text for c in tree.children if isinstance(c, ast.Term)] == ["salt", "and", "pepper"]


def test_a_url_is_a_word_not_an_unknown_field() -> None:
    tree = parse_query("url:https://example.org/x")

    assert isinstance(tree, ast.Field) and tree.field == "url"


@pytest.mark.parametrize(
    ("query", "column", "message"),
    [
        ("a)", 2, "unexpected ')'"),
        ("(a OR b", 8, "missing ')'"),
        ("a AND", 6, "query ends too early"),
        ("OR a", 1, "unexpected OR"),
        ('a "health system', 3, "unclosed phrase"),
        ('a ""', 3, "empty phrase"),
        ("a NEAR b", 3, "NEAR needs a distance"),
        ("a NEAR/2 NOT b", 3, "NEAR joins"),
        ("a PRE b", 3, "PRE needs a distance"),
        ("he*lth", 3, "a wildcard may only end a word"),
        ("titel:x", 1, "unknown field 'titel'"),
        ("a @", 3, "bad list name"),
        ("   ", 1, "empty query"),
        ("title:(summary:x)", 1, "nested field scopes"),
    ],
)
def test_a_syntax_error_points_at_the_column(query: str, column: int, message: str) -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse_query(query)

    assert info.value.column == column
    assert message in info.value.message
    assert info.value.hint
    assert info.value.caret().splitlines()[1] == " " * (column - 1) + "^"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(RuleSyntaxError, match="nested too deeply"):
        parse_query("(" * 500 + "a" + ")" * 500)


_ALPHABET = st.sampled_from(list('abAI ()"*=@:/-NEAROTDtitle:summary:09 \t人'))


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=40) | st.text(max_size=40))
def test_any_input_parses_or_raises_a_positioned_syntax_error(query: str) -> None:
    try:
        parse_query(query)
    except RuleSyntaxError as exc:
        assert 1 <= exc.column <= len(query) + 1
        assert exc.caret().startswith(query)


def test_a_term_list_entry_may_be_a_suffix_of_one_word() -> None:
    from bot.rules.parser import parse_term

    assert parse_term("=*Health").text == "*Health"
    assert parse_term("*klinik").case_sensitive is False
    for bad in ("*Health Care", "*heal*", "*", "he*lth"):
        with pytest.raises(RuleSyntaxError, match="a wildcard may only end a word"):
            parse_term(bad)
