"""The learned second opinion on deal types: where it is asked, how it is stored, how it trains."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import load
from bot.facts import FactsExtractor, dealmodel
from bot.models import Item

SHIPPED = Path(__file__).resolve().parents[1] / "config" / "newsbot.yaml"


def _item(title: str, summary: str = "") -> Item:
    return Item(fingerprint="x", source="s", title=title, summary=summary)


def _examples() -> list[tuple[list[int], str]]:
    rows = [("Harlow Clinic and Quillon team up", "The two will co-develop a sepsis model.", "co_development"),
            ("Ostra Health and Lumen sign AI pact", "The two will build a triage model together.", "co_development"),
            ("Brell Health and Vantis form alliance", "They will jointly develop imaging tools.", "co_development"),
            ("Harlow Clinic and Quillon team up", "The clinic will use Quillon's scribe.", "deployment"),
            ("Ostra Health and Lumen sign AI pact", "Ostra will roll out Lumen's assistant.", "deployment"),
            ("Brell Health and Vantis form alliance", "Brell will use Vantis's triage software.", "deployment")]
    return [(dealmodel.features(t, s, {"agreement"}, set(), "partnership"), kind) for t, s, kind in rows] * 3


class _Always:
    """A stand-in model that always answers the same: shows where the extractor asks it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def predict(self, ids: list[int]) -> str:
        return self.kind


def test_the_model_is_asked_unless_the_headline_tells_how_the_money_is_structured() -> None:
    terms = load(SHIPPED, environ={}, check_models=False).terms
    asked = FactsExtractor(terms, deal_model=_Always("partnership"))  # type: ignore[arg-type]
    # the headline tells the money (milestones: licensing; a stake: investment): the procedure decides
    assert asked.extract(_item("Quillon and Harlow Pharma sign $40M upfront AI licensing deal with milestones")
                         ).deal_type == "licensing_rd"
    assert asked.extract(_item("Harlow Health takes equity stake in AI start-up Quillon")).deal_type == "investment"
    asked = FactsExtractor(terms, deal_model=_Always("investment"))  # type: ignore[arg-type]
    # a headline's work (rolls out a named product) is read differently from deal to deal: the model decides
    assert asked.extract(_item("Harlow Clinic rolls out Quillon's AI scribe")).deal_type == "investment"
    # a deal named only as a partnership: the second opinion decides
    assert asked.extract(_item("Harlow Clinic and Quillon form AI alliance")).deal_type == "investment"
    alone = FactsExtractor(terms, deal_model=None)
    assert alone.extract(_item("Harlow Clinic and Quillon form AI alliance")).deal_type == "partnership"


def test_a_model_learns_the_summarys_work_and_survives_its_file(tmp_path: Path) -> None:
    model = dealmodel.train(_examples())
    build = dealmodel.features("Harlow Clinic and Quillon team up", "They will co-develop a model.",
                               {"agreement"}, set(), "partnership")
    use = dealmodel.features("Harlow Clinic and Quillon team up", "The clinic will use Quillon's scribe.",
                             {"agreement"}, set(), "partnership")
    assert (model.predict(build), model.predict(use)) == ("co_development", "deployment")
    path = tmp_path / "deal.json"
    model.dump(path)
    again = dealmodel.load(path)
    assert (again.predict(build), again.predict(use)) == ("co_development", "deployment")


def test_a_model_of_another_feature_set_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"features": "deal-v0", "classes": [], "bias": {}, "weights": {}}))
    with pytest.raises(ValueError, match="retrain"):
        dealmodel.load(path)


def test_the_shipped_model_loads_and_names_deal_types() -> None:
    model = dealmodel.load(dealmodel.DEFAULT_PATH)
    assert set(model.classes) <= {"partnership", "deployment", "co_development", "licensing_rd", "investment"}
    assert len(model.classes) >= 4
