"""Matching semantics: word bounds, folding, punctuation, scopes, lists, NEAR, CJK, scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from bot.config.settings import RuleSpec
from bot.errors import RuleSyntaxError
from bot.models import Item
from bot.rules import RuleSet, compile_rules


def make_item(title: str, summary: str = "", **extra: str) -> Item:
    return Item(fingerprint="fp", source=extra.pop("source", "feed"), title=title, summary=summary, **extra)  # type: ignore[arg-type]


def ruleset(query: str, terms: Mapping[str, Sequence[str]] | None = None, **spec: object) -> RuleSet:
    return compile_rules([RuleSpec(name="r", query=query, **spec)], dict(terms or {}))  # type: ignore[arg-type]


def matches(query: str, title: str, summary: str = "", **kw: object) -> bool:
    return bool(ruleset(query, **kw).match(make_item(title, summary)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "title", "expected"),
    [
        ("=AI", "Mayo adopts AI for notes", True),
        ("=AI", "Mayo adopts ai for notes", False),
        ("=AI", "Officials said the plan works", False),
        ("=AI", "Dubai Health Authority signs MoU", False),
        ("=AI", "An AI-powered scribe", True),
        ("AI", "Mayo adopts ai for notes", True),
        ("Microsoft", "Microsoft's new deal", True),
        ("Microsoft", "Microsoft’s new deal", True),
        ("co-develop*", "They co-developed a model", True),
        ("co-develop*", "They co develop a model", True),
        ("co-develop*", "Codevelopment starts", True),
        ("partner*", "A partnership is born", True),
        ("partner*", "Apartment prices", False),
        ("hospital", "Hospitals merge", False),
        ('"health system"', "The health-system deal", True),
        ('"health system"', "Health, System and more", True),
        ('"health system"', "health and system", False),
        ('"team* up"', "Nvidia and Mayo teamed up", True),
        ("santé", "données de SANTE", True),
        ("Sante", "données de santé", True),
        ("Krankenhaus*", "KI im Krankenhausalltag", True),
        ("人工智能", "成立医学人工智能联合研发中心", True),
        ("人工智能", "人工 only", False),
        ("=AI", "富士通Japanらと生成AIの全院活用", True),
        # Taiwan and Hong Kong write Traditional characters: a Simplified term matches them
        ("签署 AND 协议", "晶泰科技與美國藥企簽署AI藥物研發協議", True),
        ("医院", "臺中榮總醫院導入AI護理機器人", True),
        ("協業", "富士通と病院が生成AIで協業", True),  # a Japanese term in kanji still matches
        ("协议", "双方签署合作意向", False),
        # Thai writes no spaces: matched character by character, like Chinese
        ("ร่วมมือ", "โรงพยาบาลร่วมมือกับสตาร์ทอัพ", True),
        ("ร่วมมือ", "โรงพยาบาลร่วมกับสตาร์ทอัพ", False),
        # a Devanagari vowel sign or virama is part of its word, not a word break
        ("स्वास्थ्य", "स्वास्थ्य सेवा में एआई", True),
        ("स्वास्थ्य", "स व स थ य", False),
        ("एआई", "एआई उत्कृष्टता केंद्र", True),
        # Arabic vowel points are dropped like accents: the pointed word is the word
        ("الذكاء", "الذَّكاء الاصطناعي", True),
    ],
)
def test_terms_match_whole_words_folded_unless_case_sensitive(query: str, title: str, expected: bool) -> None:
    assert matches(query, title) is expected


def test_boolean_operators_combine_as_written() -> None:
    query = "(hospital OR clinic) AND partner* AND NOT webinar"

    assert matches(query, "Clinic partners with Google")
    assert not matches(query, "Clinic partners with Google", "Join our webinar")
    assert not matches(query, "Clinic launches tool")


def test_near_counts_the_words_between_in_either_order() -> None:
    assert matches("Mayo NEAR/2 Nvidia", "Nvidia and the Mayo Clinic")
    assert matches("Mayo NEAR/2 Nvidia", "Mayo, Google and Nvidia")
    assert not matches("Mayo NEAR/2 Nvidia", "Mayo, Google, Apple and Nvidia")
    assert not matches("Mayo NEAR/5 Nvidia", "Mayo news", "Nvidia news")  # different fields


def test_pre_needs_the_left_side_first() -> None:
    query = "(deploys OR adopts) PRE/3 (Acmeon OR Zentrix)"

    assert matches(query, "Clinic deploys Acmeon scribe")
    assert matches(query, "Clinic adopts the new Zentrix tools")
    assert not matches(query, "Acmeon deploys its scribe")  # the vendor acts: no adoption
    assert not matches(query, "Clinic deploys more staff in wards as Acmeon grows")  # too far
    assert not matches("Acmeon PRE/9 Acmeon", "Acmeon")  # one hit is not two in order


def test_field_scopes_restrict_where_a_term_is_looked_for() -> None:
    assert matches("title:partner*", "Partners", "")
    assert not matches("title:partner*", "News", "partners")
    by_outlet = ruleset('source:"Fierce Healthcare"')
    by_name = ruleset("source:fierce")
    by_url = ruleset("url:example")
    item = make_item("x", source="fierce-healthcare", outlet="Fierce Healthcare", url="https://example.org/a")

    assert by_outlet.match(item) and by_name.match(item) and by_url.match(item)
    assert not by_url.match(make_item("example"))


def test_a_rule_looks_only_at_its_fields() -> None:
    assert not matches("partner*", "News", "partners", fields=["title"])
    assert matches("partner*", "News", "partners", fields=["title", "summary"])


def test_named_lists_expand_to_their_terms() -> None:
    terms = {"org": ["health system*", "=NHS", "hospital*"]}

    assert matches("@org AND partner*", "NHS partners with Google", terms=terms)
    assert not matches("@org AND partner*", "nhs partners with Google", terms=terms)
    assert matches("@org AND partner*", "Health systems partner up", terms=terms)


def test_match_carries_the_terms_that_hit_and_where() -> None:
    rules = ruleset("@org AND partner*", {"org": ["hospital*"]})
    item = make_item("Mercy Hospital partners with Microsoft", "The hospitals agree.")

    (match,) = rules.match(item)

    hits = {(h.term, h.field, h.text) for h in match.hits}
    assert ("@org:hospital*", "title", "Hospital") in hits
    assert ("@org:hospital*", "summary", "hospitals") in hits
    assert ("partner*", "title", "partners") in hits
    title_hit = next(h for h in match.hits if h.field == "title" and h.text == "Hospital")
    assert item.title[title_hit.start : title_hit.end] == "Hospital"
    assert match.terms == ["hospital", "hospitals", "partners"]


def test_title_hits_score_higher_than_summary_hits() -> None:
    rules = ruleset("partner*")

    in_title = rules.match(make_item("Partners", "news"))[0].score
    in_summary = rules.match(make_item("News", "partners"))[0].score

    assert in_title > in_summary


def test_more_distinct_groups_score_higher() -> None:
    rules = ruleset("partner* OR alliance OR pact")

    one = rules.match(make_item("A partnership"))[0].score
    two = rules.match(make_item("A partnership and alliance"))[0].score

    assert two > one


def test_min_score_drops_weak_matches() -> None:
    rules = ruleset("partner*", min_score=1.5)

    assert rules.match(make_item("Partners"))
    assert not rules.match(make_item("News", "partners"))


def test_only_rules_that_hold_are_returned_in_config_order() -> None:
    specs = [RuleSpec(name=n, query=q) for n, q in [("a", "alpha"), ("b", "beta"), ("c", "NOT gamma")]]
    rules = compile_rules(specs, {})

    assert [m.rule for m in rules.match(make_item("beta alpha"))] == ["a", "b", "c"]
    assert [m.rule for m in rules.match(make_item("gamma beta"))] == ["b"]


def test_a_syntax_error_names_the_rule_and_keeps_the_column() -> None:
    specs = [RuleSpec(name="ok", query="a"), RuleSpec(name="health-ai-partnerships", query="a AND b)")]

    with pytest.raises(RuleSyntaxError) as info:
        compile_rules(specs, {})

    assert str(info.value) == "rules[1] (health-ai-partnerships).query: unexpected ')'"
    assert info.value.column == 8


def test_an_unknown_list_is_a_syntax_error_at_its_reference() -> None:
    with pytest.raises(RuleSyntaxError, match="unknown term list '@orgs'") as info:
        compile_rules([RuleSpec(name="r", query="partner AND @orgs")], {"org": ["x"]})

    assert info.value.column == 13
    assert "@org" in (info.value.hint or "")


def test_tokens_and_folded_tokens_agree_in_every_script() -> None:
    # positions from the fast path index the spans: one token list, whichever way it is read
    from bot.rules.text import TOKEN_RE, folded_tokens, prepare

    for text in ("स्वास्थ्य सेवा में एआई", "โรงพยาบาลจับมือ AI", "الذَّكاء الاصطناعي", "Café e\u0301cole",
                 "\u0301 lone mark", "\u093e lone sign", "人工智能 and AI"):
        prepared = prepare(text)
        assert len(folded_tokens(prepared)) == len(TOKEN_RE.findall(prepared)), text
    assert folded_tokens(prepare("स्वास्थ्य सेवा")) == ["स्वास्थ्य", "सेवा"]


def test_the_simplified_table_is_generated_from_opencc() -> None:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "make_han_simplified.py"
    spec = importlib.util.spec_from_file_location("make_han_simplified", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.read_text(encoding="utf-8") == module.render(), "run python bench/make_han_simplified.py"

