"""The rule language: compile queries once, match and explain many items.

    compile_rules(rules, terms) -> RuleSet      raises RuleSyntaxError naming the rule
    RuleSet.match(item) -> list[Match]          rules that hold and reach min_score
    RuleSet.explain(rule_name, item) -> Explanation
    lint(rules, terms) -> list[str]             warnings; never raises for a valid config
    parse_query(query) -> syntax tree           raises RuleSyntaxError with column and hint
"""

from __future__ import annotations

from bot.rules.explain import Clause, Explanation
from bot.rules.lint import lint
from bot.rules.parser import parse_query
from bot.rules.ruleset import CompiledRule, RuleLike, RuleSet, compile_rules

__all__ = [
    "Clause",
    "CompiledRule",
    "Explanation",
    "RuleLike",
    "RuleSet",
    "compile_rules",
    "lint",
    "parse_query",
]
