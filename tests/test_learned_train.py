"""Training a learned stage, `newsbot train`, and term files in the config."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.config import load
from bot.errors import ConfigError
from bot.learned import Combine
from bot.learned.dataset import examples, label_of
from bot.learned.train import cross_validated, fit, folds
from bot.rules import compile_rules

CONFIG = """\
terms:
  org: [{file: lexicon/orgs.txt}, 'health system*']
  ai: ['=AI']
  deal: [partner*]
rules:
  - name: r
    query: '@org AND @ai AND @deal'
"""
LEARNED = """\
    learned:
      model: models/r.json
      combine: 'rule OR model >= 0.5'
      gate: '@org AND @ai'
"""


def labeled(n: int = 60, seed: int = 1) -> list[dict[str, object]]:
    """Invented items: relevant ones roll out an AI 'scribe' at a hospital, often without
    a @deal word (the rule misses them); the others are AI dashboards."""
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for i in range(n):
        town = rng.choice(["Avalon", "Brook", "Cedar", "Dale", "Elm", "Fern"])
        if i % 2:
            verb = rng.choice(["partners on", "rolls out", "deploys", "adopts"])
            out.append({"id": f"p{i}", "title": f"{town} Hospital {verb} AI scribe for clinicians", "label": 1})
        else:
            verb = rng.choice(["reviews", "shows", "tests", "upgrades"])
            out.append({"id": f"n{i}", "title": f"{town} Hospital {verb} AI dashboard results", "label": 0})
    return out


def setup(tmp_path: Path, learned: bool = False) -> Path:
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "orgs.txt").write_text("# source: invented\nhospital*\n\nclinic  # a kind\n")
    path = tmp_path / "newsbot.yaml"
    path.write_text(CONFIG + (LEARNED if learned else ""))
    return path


def test_term_files_expand_in_place_with_comments_skipped(tmp_path: Path) -> None:
    settings = load(setup(tmp_path), environ={})
    assert settings.terms["org"] == ["hospital*", "clinic", "health system*"]


def test_a_term_file_name_also_matches_as_cjk_headlines_write_it(tmp_path: Path) -> None:
    path = setup(tmp_path)
    (tmp_path / "lexicon" / "orgs.txt").write_text("# source: the largest drugmakers\nSanofi\n=GE HealthCare\n")
    settings = load(path, environ={})
    assert settings.terms["org"][:2] == ["Sanofi", "=GE HealthCare"]
    assert {"赛诺菲", "사노피", "サノフィ", "=GE医疗"} <= set(settings.terms["org"])
    rules = compile_rules(settings.rules, settings.terms)
    from bot.models import Item

    [match] = rules.match(Item(fingerprint="x", source="s", title="赛诺菲与AI公司达成partnership合作"))
    assert match.rule == "r"


def test_a_missing_term_file_names_the_key_and_line(tmp_path: Path) -> None:
    path = setup(tmp_path)
    (tmp_path / "lexicon" / "orgs.txt").unlink()
    with pytest.raises(ConfigError) as err:
        load(path, environ={})
    assert str(err.value).startswith(f"{path}:2: terms.org[0]: term file lexicon/orgs.txt not found")


def test_a_config_naming_a_missing_model_fails_at_load_with_the_key(tmp_path: Path) -> None:
    path = setup(tmp_path, learned=True)
    with pytest.raises(ConfigError, match=r"rules\[0\]\.learned\.model: model file .* not found .*newsbot train"):
        load(path, environ={})


def test_labels_must_be_zero_or_one() -> None:
    assert label_of({"label": True}, "x") == 1
    for bad in (None, 7, "yes", 0.5):
        with pytest.raises(ValueError, match="line 3"):
            label_of({"label": bad}, "line 3")


def test_fit_learns_a_pattern_the_rule_misses_and_cross_validation_is_out_of_fold(tmp_path: Path) -> None:
    settings = load(setup(tmp_path), environ={})
    data, lists = examples(labeled(), settings.rules[0], settings.terms, gate="@org AND @ai")
    combine = Combine.parse("rule OR model >= 0.5")
    model = fit(data, lists, combine, k=5)
    verdicts = cross_validated(data, lists, combine, k=5)

    assert lists == ["org", "ai", "deal"]
    assert sum(ex.rule for ex in data) < sum(ex.label for ex in data)  # the rule misses some
    assert all(v == bool(ex.label) for (v, _, _), ex in zip(verdicts, data, strict=True))
    assert model.score(data[1].ids) > 0.5 > model.score(data[0].ids)
    assert sorted(i for f in folds(60, 5) for i in f) == list(range(60))


def test_newsbot_train_writes_a_model_the_config_then_runs(tmp_path: Path) -> None:
    path = setup(tmp_path)
    data = tmp_path / "labeled.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in labeled()))
    out = tmp_path / "models" / "r.json"

    result = CliRunner().invoke(cli, ["train", "r", "--input", str(data), "--config", str(path),
                                      "--gate", "@org AND @ai", "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert "nested cross-validation over 60 labeled items" in result.output
    assert out.is_file()
    path.write_text(CONFIG + LEARNED)
    settings = load(path, environ={})
    rules = compile_rules(settings.rules, settings.terms)
    from bot.models import Item

    [match] = rules.match(Item(fingerprint="x", source="s", title="Gale Hospital deploys AI scribe"))
    assert match.via == "model"
    shown = CliRunner().invoke(cli, ["test-rule", "r", "--text", "Gale Hospital deploys AI scribe",
                                     "--config", str(path)])
    assert "learned stage: model" in shown.output and "nearest labeled" in shown.output


def test_newsbot_train_refuses_one_class_data(tmp_path: Path) -> None:
    path = setup(tmp_path)
    data = tmp_path / "labeled.jsonl"
    data.write_text("".join(json.dumps({**r, "label": 1}) + "\n" for r in labeled()))
    result = CliRunner().invoke(cli, ["train", "r", "--input", str(data), "--config", str(path)])
    assert result.exit_code != 0 and "both classes" in result.output
