"""The learned stage: combination, features, model files, and how the rule set runs it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.errors import RuleSyntaxError
from bot.learned import Combine, LinearModel, ModelError
from bot.learned.features import names
from bot.learned.model import FEATURES, Example
from bot.models import Item
from bot.rules import compile_rules

TERMS = {
    "org": ["hospital*", "health system*"],
    "ai": ["=AI", "machine learning"],
    "deal": ["partner*", "collaborat*"],
    "noise": ["webinar*"],
}
QUERY = "@org AND @ai AND @deal AND NOT @noise"


def item(title: str, summary: str = "") -> Item:
    return Item(fingerprint=title[:20], source="s", title=title, summary=summary)


def model_file(tmp_path: Path, weights: dict[str, float], bias: float = -3.0) -> str:
    """A model that scores high exactly when the named features are present."""
    ids = {i: w for name, w in weights.items() for i in _ids_of(name)}
    path = tmp_path / "m.json"
    LinearModel(ids, bias, ("org", "ai", "deal"), 0.5).save(path)
    return str(path)


def _ids_of(name: str) -> list[int]:
    import zlib

    from bot.learned.features import DIM

    return [zlib.crc32(name.encode()) & (DIM - 1)]


def ruleset(tmp_path: Path, combine: str, gate: str | None = "@org AND @ai", **weights: float):  # type: ignore[no-untyped-def]
    learned = {"model": model_file(tmp_path, weights), "combine": combine, "gate": gate}
    spec = SimpleNamespace(name="r", query=QUERY, min_score=0.0, fields=["title", "summary"], learned=learned)
    return compile_rules([spec], TERMS)


@pytest.mark.parametrize(
    ("text", "use_rule", "op", "threshold"),
    [
        ("rule", True, None, None),
        ("model >= 0.7", False, None, 0.7),
        ("rule OR model >= 0.6", True, "or", 0.6),
        ("Rule and Model>=.9", True, "and", 0.9),
    ],
)
def test_combine_reads_each_form(text: str, use_rule: bool, op: str | None, threshold: float | None) -> None:
    assert Combine.parse(text) == Combine(use_rule, op, threshold)


@pytest.mark.parametrize("text", ["", "rule OR", "model", "rule OR model >= 1.5", "rule XOR model >= 0.5", "model >= 0.5 OR rule"])
def test_combine_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(ValueError):
        Combine.parse(text)


def test_combine_decides_as_written() -> None:
    either, both = Combine.parse("rule OR model >= 0.5"), Combine.parse("rule AND model >= 0.5")
    assert [either.decide(r, s) for r, s in [(True, None), (False, 0.6), (False, 0.4), (False, None)]] == [True, True, False, False]
    assert [both.decide(r, s) for r, s in [(True, 0.6), (True, 0.4), (True, None), (False, 0.9)]] == [True, False, False, False]


def test_the_rule_alone_settles_what_no_score_could_change() -> None:
    either, both = Combine.parse("rule OR model >= 0.5"), Combine.parse("rule AND model >= 0.5")
    assert [either.settled(True), either.settled(False)] == [True, None]
    assert [both.settled(True), both.settled(False)] == [None, False]
    assert [Combine.parse("model >= 0.5").settled(h) for h in (True, False)] == [None, None]
    assert [Combine.parse("rule").settled(h) for h in (True, False)] == [True, False]
    # and so every verdict `settled` gives is the one `decide` gives for any score
    for combine in (either, both, Combine.parse("rule")):
        for held in (True, False):
            if (verdict := combine.settled(held)) is not None:
                assert all(combine.decide(held, s) is verdict for s in (None, 0.0, 0.49, 0.5, 1.0))


def test_the_model_runs_only_where_its_score_can_change_the_verdict(tmp_path: Path) -> None:
    admitted = item("Hospital partners on AI scribe")  # the rule holds
    [either] = ruleset(tmp_path, "rule OR model >= 0.5", **{"w:scribe": 6.0}).match(admitted)
    assert (either.via, either.model) == ("rule", None)  # the model would not change it
    [both] = ruleset(tmp_path, "rule AND model >= 0.5", **{"w:scribe": 6.0}).match(admitted)
    assert both.model is not None and both.model > 0.9  # here it decides: it ran


def test_features_fold_case_and_accents_and_mark_title_words_and_lists() -> None:
    def words(title: str) -> set[str]:
        return {n for n in names(title, "") if not n.startswith(("m:", "nn:", "np:"))}

    assert words("Clinique Générale SIGNS") == words("clinique generale signs")
    shapes = names("Ridgeway Hospital taps Quillon for AI notes", "")
    assert {"m:taps NAME", "m:NAME for", "nn:2"} <= shapes  # the shape, whoever the parties are
    found = names("Hospital partners", "on machine learning", ["org", "deal"], ["org"])
    assert {"t:hospital", "w:learning", "b:machine learning", "l:org", "lt:org", "l2:deal&org"} <= found
    assert "t:learning" not in found


def test_a_model_file_round_trips_and_bad_files_say_why(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    ex = Example("a-1", "Hospital partners on AI", 1, frozenset({1, 2, 3}))
    LinearModel({1: 0.5, 7: -0.25}, -0.1, ("org",), 0.6, (ex,), {"rule": "r"}).save(path)
    loaded = LinearModel.load(path)
    assert (loaded.weights, loaded.bias, loaded.lists, loaded.threshold, loaded.examples) == (
        {1: 0.5, 7: -0.25}, -0.1, ("org",), 0.6, (ex,)
    )
    assert loaded.score([1]) > loaded.score([]) > loaded.score([7])
    assert loaded.nearest([1, 2], k=1)[0][1].id == "a-1"
    for text, reason in [("{", "cannot be read"), ('{"format": "other"}', "not a newsbot-linear/1"),
                         ('{"format": "newsbot-linear/1", "features": "old/0"}', "trained on features 'old/0'"),
                         (f'{{"format": "newsbot-linear/1", "features": "{FEATURES}"}}', "damaged")]:
        path.write_text(text)
        with pytest.raises(ModelError, match=reason):
            LinearModel.load(path)
    with pytest.raises(ModelError, match="not found"):
        LinearModel.load(tmp_path / "missing.json")


def test_rule_or_model_admits_what_the_rule_misses_and_says_so(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, "rule OR model >= 0.5", **{"w:scribe": 6.0})
    missed = item("Hospital rolls out an AI scribe")  # no @deal term: the rule fails

    [match] = rules.match(missed)
    assert (match.via, match.model is not None and match.model > 0.9) == ("model", True)
    assert {h.text for h in match.hits} == {"Hospital", "AI"}  # the gate's terms
    assert match.terms[0].startswith("learned model 0.9")  # what an alert shows as the reason
    assert rules.held(missed) == ["r"]
    assert rules.match(item("Hospital rolls out an AI dashboard")) == []


def test_the_model_never_runs_past_the_gate_or_an_exclusion(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, "rule OR model >= 0.5", **{"w:scribe": 6.0})

    assert rules.match(item("Bank rolls out an AI scribe")) == []  # the gate needs @org
    assert rules.match(item("Hospital AI scribe webinar")) == []  # NOT @noise tripped
    vetoed, gated = rules.opinion("r", item("Hospital AI scribe webinar")), rules.opinion("r", item("Bank AI scribe"))
    assert vetoed is not None and gated is not None
    assert (vetoed.score, vetoed.vetoed) == (None, True)  # `why` says an exclusion held
    assert (gated.score, gated.vetoed) == (None, False)  # ... or that the gate did not


def test_rule_and_model_lets_the_model_veto(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, "rule AND model >= 0.5", **{"w:pilot": 6.0})

    assert [m.via for m in rules.match(item("Hospital pilot partners on AI"))] == ["rule"]
    assert rules.match(item("Hospital partners on AI")) == []


def test_an_ungated_model_runs_on_items_without_any_rule_term(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, "model >= 0.5", gate=None, **{"w:zebra": 6.0})

    assert [m.via for m in rules.match(item("zebra"))] == ["model"]


def test_a_rule_naming_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    spec = SimpleNamespace(name="r", query=QUERY, min_score=0.0, fields=["title"],
                           learned={"model": str(tmp_path / "nope.json"), "combine": "rule OR model >= 0.5"})
    with pytest.raises(RuleSyntaxError, match=r"rules\[0\] \(r\)\.query: learned.model: .*not found"):
        compile_rules([spec], TERMS)
