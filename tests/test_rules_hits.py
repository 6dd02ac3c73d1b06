"""`RuleSet.hits`: the hits an explanation gives, without building it, for any query and text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config.settings import RuleSpec
from bot.models import Item
from bot.rules import compile_rules
from bot.rules.compiler import RBool
from bot.rules.explain import list_hits, term_hits

TERMS = {
    "org": ["hospital*", "health system*", "=*Health", "Mayo Clinic", "=UCLH", "Children's", "Ärzte"],
    "ai": ["=AI", "machine learning", "co-develop*", "人工智能"],
    "deal": ["partner*", "=MoU", "deal", "Health"],
}
QUERIES = {
    "org": "@org",
    "ai": "@ai",
    "deal": "@deal",
    "title_org": "title:@org",
    "both": "@org AND @ai",
    "either": "@org OR @deal",
    "near": "@ai NEAR/3 @deal",
    "not": "@org AND NOT @deal",
}
_RULES = compile_rules(
    [RuleSpec(name=name, query=query, min_score=3.0 if name == "either" else 0.0) for name, query in QUERIES.items()]
    + [RuleSpec(name="summary_org", query="@org", fields=["summary"])],
    TERMS,
)
_WORDS = ["Hospital", "hospitals", "health", "system", "systems", "UCHealth", "Health", "Mayo", "Clinic", "UCLH",
          "uclh", "Children's", "children’s", "Ärzte", "Arzte", "AI", "ai", "machine", "learning", "co-developed",
          "codevelops", "人工智能", "partners", "MoU", "deal", "Deal", "and", ",", "-", "the", "ﬁ", "İ", "e\u0301"]
_TEXT = st.lists(st.sampled_from(_WORDS) | st.text(max_size=4), max_size=10).map(" ".join)


def _old_list_hits(node: RBool, hits):  # type: ignore[no-untyped-def]
    """The list clause's hits as explanations gathered them before `list_hits`."""
    hit = sorted({i for field in hits for pid in hits[field] for i in node.by_pid.get(pid, ())})
    return tuple(h for i in hit for h in term_hits(node.children[i], hits))  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT, st.sampled_from([*QUERIES, "summary_org"]))
def test_the_hits_of_a_rule_are_its_explanations(title: str, summary: str, name: str) -> None:
    item = Item(fingerprint="fp", source="s", title=title, summary=summary)
    assert _RULES.hits(name, item) == _RULES.explain(name, item).hits


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT, st.sampled_from(["org", "ai", "deal", "title_org", "summary_org"]))
def test_a_lists_hits_are_those_of_every_term_that_hit(title: str, summary: str, name: str) -> None:
    item = Item(fingerprint="fp", source="s", title=title, summary=summary)
    node = next(r.tree for r in _RULES.rules if r.name == name)
    assert isinstance(node, RBool) and node.op == "list"
    found = _RULES.scan(item)
    assert list_hits(node, found) == _old_list_hits(node, found)


def test_a_list_that_did_not_hold_has_no_hits() -> None:
    item = Item(fingerprint="fp", source="s", title="Nothing here", summary="Hospital partners")
    assert _RULES.hits("title_org", item) == ()
    assert [h.text for h in _RULES.hits("org", item)] == ["Hospital"]
