"""`newsbot feedback` and `newsbot suggest RULE [--apply]` on a real config file and store:
a 'Not relevant' example becomes a backtested exclusion, written with the file's comments kept,
after which the rule no longer matches the item; `train --feedback` reads the same examples."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from bot import config
from bot.cli.main import cli
from bot.interact.suggest import and_not, suggest, vocabulary
from bot.normalize.item import record_to_item
from bot.rules import compile_rules
from bot.store import Store
from bot.store.feedback import Feedback, story_subject

CONFIG = """\
# team config: this comment must survive
database: sqlite:///{db}
rules:
  - name: health-ai   # the partnership watch
    query: hospital AND (partnership OR @deal)
terms:
  deal: [agreement]   # deal words
"""
NOW = datetime(2025, 5, 1, 12, tzinfo=UTC)


def example(store: Store, n: int, title: str, label: str, user: str = "U1") -> None:
    store.record_feedback(Feedback(story_subject(f"s{n}"), user, label, NOW, rule="health-ai",  # type: ignore[arg-type]
                                   item_fingerprint=f"f{n}", title=title, source="src"))  # fmt: skip


def test_suggest_proposes_a_backtested_exclusion_and_apply_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.yaml"
    path.write_text(CONFIG.format(db=tmp_path / "news.db"))
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    store.migrate()
    example(store, 1, "Hospital partnership opens new stadium", "not_relevant")
    example(store, 1, "Hospital partnership opens new stadium", "not_relevant")  # stored once
    example(store, 2, "Hospital AI partnership with Microsoft", "relevant")
    example(store, 3, "Hospital agreement on stadium parking", "not_relevant")
    assert len(store.feedback()) == 3
    store.close()
    runner = CliRunner()
    listed = runner.invoke(cli, ["feedback", "--config", str(path)])
    assert listed.exit_code == 0 and "3 example(s)" in listed.output
    shown = runner.invoke(cli, ["suggest", "health-ai", "--config", str(path)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == '1. add NOT "stadium": removes 2 false alerts, loses 0 true ones'
    assert "opens" not in shown.output  # a one-off word is not proposed
    applied = runner.invoke(cli, ["suggest", "health-ai", "--apply", "--config", str(path),
                                  "--pid-file", str(tmp_path / "none.pid")])  # fmt: skip
    assert applied.exit_code == 0, applied.output
    assert "not reloaded" in applied.output  # no service running here
    text = path.read_text()
    assert "# team config: this comment must survive" in text and "# the partnership watch" in text
    assert "# deal words" in text
    assert """    query: 'hospital AND (partnership OR @deal) AND NOT "stadium"'\n""" in text
    again = runner.invoke(cli, ["suggest", "health-ai", "--apply", "--config", str(path),
                                "--pid-file", str(tmp_path / "none.pid")])  # fmt: skip
    assert "no proposal improves it" in again.output and path.read_text() == text
    settings = config.load(str(path))
    rules = compile_rules(settings.rules, settings.terms)
    assert not rules.match(record_to_item({"id": "x", "title": "Hospital partnership opens new stadium"}))
    assert rules.match(record_to_item({"id": "y", "title": "Hospital AI partnership with Microsoft"}))


def test_term_proposals_recover_missed_stories_without_adding_false_ones() -> None:
    data = [(record_to_item({"id": "1", "title": "Hospital signs collaboration with Google"}), True),
            (record_to_item({"id": "2", "title": "Hospital AI partnership"}), True),
            (record_to_item({"id": "4", "title": "Hospital collaboration with Amazon"}), True),
            (record_to_item({"id": "3", "title": "Hospital parking agreement"}), False)]  # fmt: skip
    proposals = suggest("r", "hospital AND (partnership OR @deal)", {"deal": ["agreement"]}, data)
    best = next(p for p in proposals if p.kind == "add_term")
    assert best.summary == "add `collaboration` to @deal" and (best.recovered, best.added) == (2, 0)
    assert best.effect() == "recovers 2 missed stories, adds 0 false ones"


def test_exclusions_join_the_top_level_and_chain_instead_of_nesting() -> None:
    query = "hospital AND (partnership OR @deal)"
    once = and_not(query, '"stadium"')
    assert once == 'hospital AND (partnership OR @deal) AND NOT "stadium"'
    assert and_not(once, '"stadium"') == once  # the same proposal twice changes nothing
    assert and_not(once, '"parking"') == f'{once} AND NOT "parking"'
    assert and_not("a OR b", '"x"') == '(a OR b) AND NOT "x"'  # brackets only where needed


def test_candidates_are_real_vocabulary() -> None:
    titles = ["Hospital partnership opens stadium 2025", "Hospital agreement on stadium parking x-ray",
              "Hospital partnership x-ray 2025"]  # fmt: skip
    data = [(record_to_item({"id": str(n), "title": t}), False) for n, t in enumerate(titles)]
    assert vocabulary(data) == {"hospital", "partnership", "stadium"}  # no one-off, number or x-ray
