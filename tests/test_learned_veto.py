"""The veto form `(rule AND model >= V) OR model >= T`: reading it, deciding with it, choosing
V at training time, and showing it wherever the combination is shown."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.config import load
from bot.errors import ConfigError
from bot.learned import Combine, LinearModel
from bot.learned.features import DIM
from bot.learned.train import Labeled, veto_threshold
from bot.models import Item
from bot.rules import compile_rules
from bot.rules.backtest import backtest

from .test_learned_train import labeled, setup

VETO = "(rule AND model >= 0.2) OR model >= 0.5"
TERMS = {"org": ["hospital*"], "ai": ["=AI"], "deal": ["partner*"], "noise": ["webinar*"]}
QUERY = "@org AND @ai AND @deal AND NOT @noise"
CONFIG = """\
terms:
  org: ['hospital*']
  ai: ['=AI']
  deal: ['partner*']
rules:
  - name: r
    query: '@org AND @ai AND @deal'
    learned:
      model: m.json
      combine: '{combine}'
      gate: '@org AND @ai'
"""


def item(title: str) -> Item:
    return Item(fingerprint=title[:20], source="s", title=title, summary="")


def model_file(path: Path, **weights: float) -> Path:
    """A model scoring 0.05 on an item without the named features (bias -3), more with them."""
    ids = {zlib.crc32(name.encode()) & (DIM - 1): w for name, w in weights.items()}
    LinearModel(ids, -3.0, ("org", "ai", "deal"), 0.5).save(path)
    return path


def ruleset(tmp_path: Path, combine: str = VETO):  # type: ignore[no-untyped-def]
    learned = {"model": str(model_file(tmp_path / "m.json", **{"w:pilot": 2.0, "w:scribe": 6.0})),
               "combine": combine, "gate": "@org AND @ai"}
    spec = SimpleNamespace(name="r", query=QUERY, min_score=0.0, fields=["title", "summary"], learned=learned)
    return compile_rules([spec], TERMS)


def test_the_veto_form_reads_and_writes_back() -> None:
    combine = Combine.parse(" ( Rule and MODEL>=.15 ) or model >= 0.4 ")
    assert (combine.use_rule, combine.op, combine.threshold, combine.veto) == (True, "or", 0.4, 0.15)
    assert str(combine) == "(rule AND model >= 0.15) OR model >= 0.4"
    assert Combine.parse(str(combine)) == combine
    assert combine.with_thresholds(0.3, 0.1) == Combine.parse("(rule AND model >= 0.1) OR model >= 0.3")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("(rule AND model >= 0.5) OR model >= 0.3", "must be below"),
        ("(rule AND model >= 0.3) OR model >= 0.3", "must be below"),
        ("(rule AND model >= 1.5) OR model >= 0.3", "between 0 and 1"),
        ("rule AND model >= 0.1 OR model >= 0.3", "with its brackets"),
        ("(rule OR model >= 0.1) AND model >= 0.3", "with its brackets"),
    ],
)
def test_the_veto_form_refuses_what_it_cannot_mean(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        Combine.parse(text)


def test_the_veto_form_refuses_low_rule_hits_and_still_recovers() -> None:
    veto = Combine.parse(VETO)
    cases = [(True, 0.1), (True, 0.2), (True, 0.45), (False, 0.45), (False, 0.5), (True, None), (False, None)]
    assert [veto.decide(r, s) for r, s in cases] == [False, True, True, False, True, True, False]
    assert [veto.settled(True), veto.settled(False)] == [None, None]  # the model scores either way


def test_a_config_with_a_bad_veto_form_names_the_key_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.yaml"
    model_file(tmp_path / "m.json")
    path.write_text(CONFIG.format(combine="(rule AND model >= 0.6) OR model >= 0.4"))
    with pytest.raises(ConfigError) as err:
        load(path, environ={})
    message = str(err.value)
    assert "rules[0].learned.combine" in message and "(rule AND model >= 0.1) OR model >= 0.35" in message
    path.write_text(CONFIG.format(combine=VETO))
    assert load(path, environ={}).rules[0].learned.combine == VETO


def test_matching_with_the_veto_form(tmp_path: Path) -> None:
    rules = ruleset(tmp_path)

    assert rules.match(item("Hospital partners on AI")) == []  # a rule hit scored 0.05: refused
    [kept] = rules.match(item("Hospital partners on AI pilot"))  # a rule hit scored 0.27: kept
    assert (kept.via, round(kept.model or 0, 2)) == ("rule", 0.27)
    [recovered] = rules.match(item("Hospital rolls out AI scribe"))  # no @deal: the model's 0.95
    assert recovered.via == "model"
    assert rules.match(item("Hospital rolls out AI pilot")) == []  # 0.27 recovers nothing
    assert rules.held(item("Hospital partners on AI")) == []


def test_veto_threshold_is_half_the_highest_that_refuses_no_admitted_positive() -> None:
    def ex(label: int, rule: bool, gated: bool = True) -> Labeled:
        return Labeled("x", "t", label, [], rule, gated)

    data = [ex(1, True), ex(1, True), ex(1, True), ex(0, True), ex(0, True),
            ex(1, True),  # scored above T: recovered whatever V is
            ex(1, False),  # the rule missed it: a veto cannot lose it
            ex(1, True, gated=False)]  # the model never scores it: a veto cannot lose it
    scores = [0.3, 0.5, 0.9, 0.05, 0.25, 0.8, 0.01, 0.01]
    assert veto_threshold(data, scores, 0.6) == 0.15
    assert veto_threshold(data[3:], scores[3:], 0.6) == 0.29  # no positive below T: just under T, halved
    assert veto_threshold(data, [0.0, *scores[1:]], 0.6) == 0.0


def test_newsbot_train_chooses_the_veto_and_says_what_to_set(tmp_path: Path) -> None:
    path = setup(tmp_path)
    data = tmp_path / "labeled.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in labeled()))
    out = tmp_path / "models" / "r.json"

    result = CliRunner().invoke(cli, ["train", "r", "--input", str(data), "--config", str(path), "--gate",
                                      "@org AND @ai", "--combine", "(rule AND model >= 0.1) OR model >= 0.5",
                                      "--out", str(out)])

    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text())
    veto, threshold = written["veto"], written["threshold"]
    assert 0.0 < veto < threshold
    line = f"(rule AND model >= {veto:g}) OR model >= {threshold:g}"
    assert written["meta"]["combine"] == line
    assert f"combine: '{line}'" in result.output
    assert "(rule AND model >= fold's veto) OR model >= fold's threshold" in result.output
    assert LinearModel.load(out).veto == veto


def test_a_model_file_without_a_veto_still_loads(tmp_path: Path) -> None:
    path = model_file(tmp_path / "m.json")
    assert "veto" not in json.loads(path.read_text()) and LinearModel.load(path).veto is None


def test_test_rule_and_backtest_show_the_veto_form(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.yaml"
    model_file(tmp_path / "m.json", **{"w:pilot": 2.0})
    path.write_text(CONFIG.format(combine=VETO))

    shown = CliRunner().invoke(cli, ["test-rule", "r", "--text", "Hospital partners on AI", "--config", str(path)])

    assert shown.exit_code == 0, shown.output
    assert "model 0.05 · (rule AND model >= 0.2) OR model >= 0.5 → reject" in shown.output
    assert "below the veto 0.2" in shown.output
    settings = load(path, environ={})
    [score] = backtest(compile_rules(settings.rules, settings.terms), [(item("Hospital partners on AI"), True)])
    assert score.fn == 1 and VETO in score.false_negatives[0].reason
