"""Explanations and lint warnings: what held, what failed, and what looks like a mistake."""

from __future__ import annotations

from bot.config.settings import RuleSpec
from bot.models import Item
from bot.rules import compile_rules, lint

TERMS = {"org": ["hospital*", "health system*"], "ai": ["=AI"], "deal": ["partner*", "=MoU"]}
QUERY = "@org AND @ai AND @deal AND NOT (webinar OR podcast)"


def explain(title: str, summary: str = "", query: str = QUERY):  # type: ignore[no-untyped-def]
    rules = compile_rules([RuleSpec(name="r", query=query)], TERMS)
    return rules.explain("r", Item(fingerprint="fp", source="s", title=title, summary=summary))


def test_a_near_miss_names_the_clause_that_failed() -> None:
    exp = explain("Hospital launches AI tool")

    assert not exp.matched
    assert [c.text for c in exp.failed] == ["@deal"]
    assert exp.reason() == "@deal failed"


def test_an_exclusion_that_fired_shows_the_term_it_hit() -> None:
    exp = explain("Hospital partners on AI", "Register for the webinar")

    assert [c.text for c in exp.failed] == ["NOT (webinar OR podcast)"]
    assert "hit: webinar" in exp.reason()


def test_every_clause_reports_its_hits_with_offsets() -> None:
    title = "Hospital partners on AI"
    exp = explain(title)

    assert exp.matched and exp.held
    org, ai, deal, _ = exp.clauses
    assert [(h.field, h.text) for h in org.hits] == [("title", "Hospital")]
    assert [h.text for h in ai.hits] == ["AI"] and [h.text for h in deal.hits] == ["partners"]
    assert all(title[h.start : h.end] == h.text for h in exp.hits)


def test_explain_and_match_agree() -> None:
    rules = compile_rules([RuleSpec(name="r", query=QUERY)], TERMS)
    for title in ["Hospital partners on AI", "Hospital partners on ai", "AI MoU with health systems"]:
        item = Item(fingerprint="fp", source="s", title=title)
        exp = rules.explain("r", item)
        found = rules.match(item)
        assert exp.matched == bool(found)
        if found:
            assert found[0].score == exp.score and found[0].hits == exp.hits


def test_a_score_below_min_score_is_the_reason() -> None:
    rules = compile_rules([RuleSpec(name="r", query="partner*", min_score=5)], {})
    exp = rules.explain("r", Item(fingerprint="fp", source="s", title="Partners"))

    assert exp.held and not exp.matched
    assert exp.reason() == "score 2.0 below min_score 5.0"


def test_lint_warns_about_likely_mistakes() -> None:
    rules = [RuleSpec(name="r", query='@org AND AI and "---" AND x*')]
    terms = {"org": ["hospital*", "EHR"], "spare": ["unused"], "empty": []}

    warnings = lint(rules, terms)

    assert "rules[0] (r): 'AI' is matched in any case (also 'ai', 'Ai'); write '=AI' to match only the capitals" in warnings
    assert "rules[0] (r): 'and' is a plain word; write AND for the operator" in warnings
    assert "rules[0] (r): '\"---\"' has no letters or digits and can never match" in warnings
    assert "rules[0] (r): 'x*': prefix 'x*' is so short it matches most words" in warnings
    assert any(w.startswith("terms.org: 'EHR' is matched in any case") for w in warnings)
    assert "terms.spare: never used by any rule (refer to it as @spare)" in warnings
    assert "terms.empty: the list is empty, so @references to it can never match" in warnings


def test_lint_warns_about_a_short_suffix_matched_in_any_case() -> None:
    warnings = lint([RuleSpec(name="r", query="@x")], {"x": ["*ai", "=*AI", "*klinik"]})

    assert warnings == ["terms.x: '*ai': suffix '*ai' is so short it ends many words; write it case-sensitive (=*ai)"]


def test_lint_finds_a_term_both_required_and_excluded() -> None:
    warnings = lint([RuleSpec(name="r", query="partner AND NOT partner")], {})

    assert warnings == ["rules[0] (r): 'partner' is both required and excluded, so this AND can never match"]


def test_lint_is_quiet_for_a_clean_rule() -> None:
    assert lint([RuleSpec(name="r", query=QUERY)], TERMS) == []


def test_a_list_only_the_learned_gate_uses_is_not_reported_unused() -> None:
    from bot.config.settings import LearnedSettings

    learned = LearnedSettings(model="m.json", gate="@org AND (@ai OR @ai_context)")
    rules = [RuleSpec(name="r", query="@org AND @ai", learned=learned)]
    terms = {"org": ["hospital*"], "ai": ["=AI"], "ai_context": ["model*"], "spare": ["x"]}

    warnings = lint(rules, terms)

    assert not any(w.startswith("terms.ai_context:") for w in warnings)
    assert "terms.spare: never used by any rule (refer to it as @spare)" in warnings
