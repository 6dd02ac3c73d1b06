"""HTML to text, one-line cleaning and truncation, as tables of named cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.normalize.text import _LINE_BREAKS, clean_line, html_to_text, strip_boilerplate, truncate

P = pytest.param

HTML_CASES = [
    P("<p>Hello <b>world</b></p>", "Hello world", id="inline-tags-dropped"),
    P("<p>One</p><p>Two</p>", "One\nTwo", id="paragraphs-become-lines"),
    P("a<br>b<br/>c", "a\nb\nc", id="br-breaks"),
    P("<ul><li>x</li><li>y</li></ul>", "x\ny", id="list-items"),
    P("<table><tr><td>a</td><td>b</td></tr></table>", "a b", id="cells-spaced"),
    P("a   \n\t b", "a b", id="whitespace-folded"),
    P("AT&amp;T &lt;b&gt; &#39;q&#x27; &hellip;", "AT&T <b> 'q' …", id="entities-one-level"),
    P("&amp;amp; stays", "&amp; stays", id="double-escaped-decoded-once"),
    P("caf&eacute; &nbsp;x", "café x", id="named-entities-and-nbsp"),
    P("bad &#xD800; &#1114112; ref", "bad \ufffd \ufffd ref", id="invalid-refs-replaced"),
    P("x<script>alert('<p>')</script>y", "xy", id="script-dropped"),
    P("x<STYLE type='text/css'>p{}</STYLE>y", "xy", id="style-dropped-any-case"),
    P("x<script>never closed", "x", id="unclosed-script-drops-rest"),
    P("x<!-- <p>hidden</p> -->y", "xy", id="comment-dropped"),
    P("x<!-- never closed", "x", id="unclosed-comment-drops-rest"),
    P("x<![CDATA[kept]]>y", "xkepty", id="cdata-kept"),
    P("<?xml version='1.0'?><!DOCTYPE html>ok", "ok", id="declarations-dropped"),
    P("if a < b and c > d", "if a < b and c > d", id="lone-angle-brackets-kept"),
    P("nul\x00 bel\x07 del\x7f c1\x85x", "nul bel del c1 x", id="control-chars"),
    P("red \x1b[31mtext\x1b[0m \x1b]0;title\x07done", "red text done", id="escape-sequences"),
    P("evil\u202egnp.exe \u2066iso\u2069", "evilgnp.exe iso", id="bidi-overrides-and-isolates"),
    P("Micro\u200bsoft Micro\u200dsoft", "Microsoft Microsoft", id="zero-width-in-ascii"),
    P("x\U000e0041\U000e0042y", "xy", id="tag-characters"),
    P("lone \ud800surrogate", "lone surrogate", id="lone-surrogate"),
    P("\ufeffbom and soft\u00adhyphen", "bom and softhyphen", id="bom-and-soft-hyphen"),
    P("می\u200cخواهم", "می\u200cخواهم", id="zwnj-kept-inside-persian"),
    P("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧", id="zwj-emoji-kept"),
    P("Z\u0301\u0302\u0303\u0304\u0305\u0306algo", "Z\u0301\u0302\u0303algo", id="zalgo-capped"),
    P("e\u0301t\u00e9", "e\u0301t\u00e9", id="normal-accents-kept"),
    P(
        "Body.<p>The post <a href='x'>Title</a> appeared first on <a>Site</a>.</p>",
        "Body.",
        id="wordpress-footer",
    ),
    P("Body text. Continue reading...", "Body text.", id="continue-reading"),
    P("Body <a>Continue reading <span>Title</span> →</a>", "Body", id="continue-reading-title"),
    P("Body text [&#8230;]", "Body text", id="bracket-ellipsis"),
    P("Body text [...]", "Body text", id="bracket-dots"),
    P("Body. <a>Read more »</a>", "Body.", id="read-more"),
    P("You should read more books", "You should read more books", id="read-more-in-prose-kept"),
    P("", "", id="empty"),
    P(None, "", id="none"),
]


@pytest.mark.parametrize(("html", "expected"), HTML_CASES)
def test_html_to_text_returns_clean_visible_text(html: str | None, expected: str) -> None:
    assert html_to_text(html) == expected


def test_html_to_text_survives_100k_deep_nesting() -> None:
    deep = "<div>" * 100_000 + "core" + "</div>" * 100_000
    assert html_to_text(deep) == "core"


def test_html_to_text_is_linear_on_many_unclosed_comments() -> None:
    # A lazy `<!--.*?-->` regex is quadratic here; 200k openers must still be instant.
    assert html_to_text("a" + "<!--" * 200_000) == "a"


def test_boilerplate_removal_is_bounded_on_hostile_tails() -> None:
    text = "The post " * 5_000 + "x"
    assert strip_boilerplate(text) == text


LINES = [
    P("Breaking:\nnews\r\nhere", "Breaking: news here", id="newlines"),
    P("a\u2028b\u2029c\x85d\x0be\x0cf", "a b c d e f", id="unicode-line-breaks"),
    P("  <b>Bold</b> title  ", "Bold title", id="tags-and-padding"),
    P("AT&amp;T buys X", "AT&T buys X", id="entity"),
    P("One<br>Two", "One Two", id="br-in-title"),
    P("Read more about AI", "Read more about AI", id="no-boilerplate-removal"),
]


@pytest.mark.parametrize(("text", "expected"), LINES)
def test_clean_line_gives_one_clean_line(text: str, expected: str) -> None:
    assert clean_line(text) == expected


TRUNCATE = [
    P("short", 10, "short", id="short-unchanged"),
    P("exactly10!", 10, "exactly10!", id="exact-length"),
    P("hello wonderful world", 16, "hello wonderful…", id="cut-at-word"),
    P("abcdefghijklmnop", 5, "abcd…", id="cut-mid-word-when-no-space"),
    P("e\u0301e\u0301e\u0301", 4, "e\u0301…", id="combining-not-split"),
    P("ab👍\U0001f3fbcd", 4, "ab…", id="skin-tone-not-split"),
    P("abc", 1, "…", id="tiny-limit"),
]


@pytest.mark.parametrize(("text", "limit", "expected"), TRUNCATE)
def test_truncate_cuts_by_code_points_with_an_ellipsis(
    text: str, limit: int, expected: str
) -> None:
    out = truncate(text, limit)
    assert out == expected
    assert len(out) <= limit


@pytest.mark.parametrize(
    "text",
    [
        "Plain words, no markup at all",
        "  spaced\tout\r\nacross lines  ",
        "Ünïcödé with\u200b a zero-width space and \u202e an override",
        "ends in boilerplate Read more",
        "The post Hello appeared first on Example.",
        "brackets [1] and (more…)",
        "",
    ],
)
def test_plain_text_comes_out_as_it_would_through_the_markup_path(text: str) -> None:
    # An inline tag sends the same text through the tokenizer: the shortcut for text without
    # '<' or '&' must give the very same result.
    marked = f"<span></span>{text}"
    assert html_to_text(text) == html_to_text(marked)
    assert clean_line(text) == clean_line(marked)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_the_plain_ascii_title_path_gives_what_the_general_path_gives(text: str) -> None:
    general = " ".join(html_to_text(text, drop_boilerplate=False).translate(_LINE_BREAKS).split())
    assert clean_line(text) == general
