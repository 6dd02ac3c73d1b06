"""Story assignment: identity, cross-outlet stories, guards, roundups, window, persistence, CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.models import Item
from bot.stories.index import StoryIndex

T0 = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


def item(
    fp: str,
    title: str,
    summary: str = "",
    *,
    url: str | None = None,
    guid: str | None = None,
    at: datetime = T0,
    outlet: str | None = None,
) -> Item:
    return Item(fingerprint=fp, source="feed", title=title, summary=summary, url=url, guid=guid,
                published_at=at, outlet=outlet)


def test_url_variants_of_one_page_are_the_same_item() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Mercy picks Microsoft for AI", url="https://www.example.com/news/mercy/"))
    ref = index.assign(item("b", "Unrelated words entirely", url="http://example.com/news/mercy?utm_source=x#top"))
    assert ref.story_id == first.story_id and not ref.is_new
    assert ref.reason == "same canonical URL as item a"


def test_a_guid_seen_before_is_the_same_item_even_with_another_link() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Live: the keynote", url="https://ex.com/live", guid="2115581"))
    ref = index.assign(item("b", "Live: Epic to launch AI charting", url="https://ex.com/live?v=2", guid="2115581"))
    assert ref.story_id == first.story_id and "GUID" in ref.reason


def test_an_edited_title_stays_in_its_story() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Live: Epic user group meeting", url="https://ex.com/ugm"))
    ref = index.assign(item("b", "Epic to launch its own AI scribe", url="https://ex.com/ugm", at=T0 + timedelta(hours=3)))
    assert ref.story_id == first.story_id and not ref.is_new


def test_google_news_links_are_matched_by_title_and_outlet() -> None:
    index = StoryIndex()
    gn = "https://news.google.com/rss/articles/{}?oc=5"
    first = index.assign(item("a", "OpenEvidence valued at $12 billion - STAT", url=gn.format("CBMiAAA"), outlet="STAT"))
    ref = index.assign(item("b", "OpenEvidence valued at $12 billion - STAT", url=gn.format("CBMiBBB"), outlet="STAT"))
    assert ref.story_id == first.story_id and "title and outlet" in ref.reason


def test_the_same_headline_from_another_outlet_matches_after_suffix_removal() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Commure agrees to acquire Augmedix for $139 million", outlet="Wire"))
    ref = index.assign(item("b", "Commure agrees to acquire Augmedix for $139 million - Fierce Healthcare",
                            outlet="Fierce Healthcare", at=T0 + timedelta(hours=2)))
    assert ref.story_id == first.story_id and ref.reason == f"title matches story {first.story_id}"


def test_different_outlets_wording_one_deal_differently_join_one_story() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Duke Health and Microsoft announce five-year generative AI partnership"))
    ref = index.assign(item("b", "Microsoft alliance gives Duke Health an AI lab and a cloud build-out",
                            at=T0 + timedelta(hours=20)))
    assert ref.story_id == first.story_id
    assert "shared orgs" in ref.reason and "Duke" in ref.reason


def test_mayo_and_microsoft_never_joins_mayo_and_google() -> None:
    index = StoryIndex()
    index.assign(item("a", "Mayo Clinic and Microsoft partner on generative AI for radiology"))
    ref = index.assign(item("b", "Mayo Clinic and Google partner on generative AI for radiology",
                            at=T0 + timedelta(hours=1)))
    assert ref.is_new
    assert "orgs differ (Google vs Microsoft)" in ref.reason


def test_a_new_deal_between_the_same_partners_a_year_later_is_a_new_story() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Mayo Clinic and Microsoft sign AI research deal"))
    ref = index.assign(item("b", "Mayo Clinic and Microsoft sign AI research deal", at=T0 + timedelta(days=365)))
    assert ref.is_new and ref.story_id != first.story_id


def test_a_deal_closing_is_not_the_deal_announcement() -> None:
    index = StoryIndex(follow_up=timedelta(days=120))
    index.assign(item("a", "Commure agrees to acquire Augmedix in $139 million deal"))
    ref = index.assign(item("b", "Commure completes acquisition of Augmedix", at=T0 + timedelta(days=2)))
    assert ref.is_new and "phases differ" in ref.reason


def test_the_next_funding_round_is_a_new_story() -> None:
    index = StoryIndex()
    index.assign(item("a", "OpenEvidence raises $200 million at a $6 billion valuation"))
    ref = index.assign(item("b", "OpenEvidence raises $250 million at a $12 billion valuation", at=T0 + timedelta(days=1)))
    assert ref.is_new and "amounts differ" in ref.reason


def test_an_earlier_round_recalled_beside_the_stories_figure_is_background() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Quorvo Health raises $243 million Series C to scale its AI platform",
                              "Two venture firms co-led the round."))
    ref = index.assign(item("b", "Quorvo becomes health AI's newest unicorn with $243M raise",
                            "The round more than doubles what it had raised before. Its Series B closed in early 2024.",
                            at=T0 + timedelta(hours=5)))
    assert ref.story_id == first.story_id, ref.reason
    # without the story's figure, the other round label still tells the next round apart
    other = index.assign(item("c", "Quorvo Health raises more in a Series D", at=T0 + timedelta(hours=6)))
    assert other.is_new and "funding rounds differ" in other.reason


def test_roundups_stay_their_own_story_and_absorb_nothing() -> None:
    index = StoryIndex()
    deal = index.assign(item("a", "Mayo Clinic and Microsoft team up on radiology AI"))
    roundup = index.assign(item("b", "Weekly health tech reads: Mayo Clinic and Microsoft team up, and more",
                                at=T0 + timedelta(hours=5)))
    later = index.assign(item("c", "Microsoft and Mayo Clinic bring generative AI to radiology reports",
                              at=T0 + timedelta(hours=8)))
    assert roundup.is_new and "roundup" in roundup.reason
    assert later.story_id == deal.story_id


def test_stories_leave_the_index_when_the_window_slides_past_them() -> None:
    index = StoryIndex(timedelta(days=3), follow_up=timedelta(days=10))
    old = index.assign(item("a", "Mayo Clinic and Microsoft team up on radiology AI"))
    for n in range(5):
        index.assign(item(f"n{n}", f"Company{n} Health deploys scribe model {n}", at=T0 + timedelta(days=11 + n)))
    assert index.story(old.story_id) is None
    assert len(index) == 5
    assert not any(old.story_id == p or (isinstance(p, dict) and old.story_id in p) for p in index._by_name.values())
    assert not index._bands.holds(old.story_id)
    assert all(index._bands.holds(story_id) for story_id in index.story_ids())


def test_an_exported_story_still_matches_after_a_restart() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Duke Health and Microsoft announce five-year generative AI partnership",
                              url="https://ex.com/duke"))
    records = json.loads(json.dumps([index.export_story(first.story_id)]))
    restarted = StoryIndex()
    assert restarted.load(records) == 1
    same_url = restarted.assign(item("b", "Other title", url="https://ex.com/duke/", at=T0 + timedelta(hours=1)))
    coverage = restarted.assign(item("c", "Microsoft gives Duke Health an AI lab and a cloud build-out",
                                     at=T0 + timedelta(hours=2)))
    assert same_url.story_id == coverage.story_id == first.story_id


def test_an_undated_item_takes_the_clock_time() -> None:
    index = StoryIndex(now=lambda: T0)
    ref = index.assign(Item(fingerprint="a", source="feed", title="Undated AI news from Mercy"))
    story = index.story(ref.story_id)
    assert story is not None and story.first_seen == T0


def _jsonl(*records: dict[str, object]) -> str:
    return "\n".join(json.dumps(r) for r in records) + "\n"


def test_cluster_command_prints_one_story_line_per_input_line_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no default config here: clustering uses its defaults
    monkeypatch.delenv("NEWSBOT_CONFIG", raising=False)
    lines = _jsonl(
        {"id": "1", "title": "Mayo Clinic and Microsoft team up on radiology AI", "summary": "",
         "url": "https://a.example/mayo", "source": "A", "published": "2025-03-03T08:00:00-05:00",
         "guid": None, "feed": "a"},
        {"id": "2", "title": "Mayo Clinic and Microsoft team up on radiology AI - B News",
         "summary": '<a href="https://news.google.com/rss/articles/X">Mayo Clinic and Microsoft team up on '
                    'radiology AI</a>&nbsp;&nbsp;<font color="#6f6f6f">B News</font>',
         "url": "https://news.google.com/rss/articles/X?oc=5", "source": "B News",
         "published": "2025-03-03T15:00:00Z", "guid": "X", "feed": "google-news:mayo"},
        {"id": "3", "title": "Mayo Clinic and Google partner on radiology AI", "summary": "",
         "url": "https://c.example/g", "source": "C", "published": "2025-03-03T16:00:00Z", "guid": None,
         "feed": "c"},
    )
    result = CliRunner().invoke(cli, ["cluster", "--input", "-"], input=lines)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["1", "2", "3"]
    assert out[0]["story"] == out[1]["story"] != out[2]["story"]


def test_cluster_command_with_a_missing_config_file_fails_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["cluster", "--input", "-", "--config", "nope.yaml"], input="")
    assert result.exit_code == 2
    assert "nope.yaml" in result.output and "Traceback" not in result.output


def test_the_same_template_with_another_health_system_is_another_story() -> None:
    index = StoryIndex()
    index.assign(item("a", "Mercy rolls out Abridge ambient AI scribe across 40 hospitals"))
    ref = index.assign(item("b", "Sutter Health rolls out Abridge ambient AI scribe across 24 hospitals",
                            at=T0 + timedelta(hours=3)))
    assert ref.is_new and "orgs differ" in ref.reason


def test_acquisitions_of_different_targets_are_different_stories() -> None:
    index = StoryIndex()
    index.assign(item("a", "GE HealthCare completes acquisition of Intelligent Ultrasound"))
    ref = index.assign(item("b", "GE HealthCare completes acquisition of Caption Health", at=T0 + timedelta(hours=5)))
    assert ref.is_new and "orgs differ" in ref.reason


def test_a_late_explainer_naming_the_party_and_its_product_joins_the_launch() -> None:
    index = StoryIndex()
    launch = index.assign(item("a", "Veridia Labs unveils CareScribe, a generative AI service for clinical notes",
                               "Veridia Labs is previewing CareScribe, which turns visit audio into draft notes."))
    ref = index.assign(item("b", "What Veridia CareScribe does for developers of clinical apps",
                            "Explainer on the new service and the first builders using it.",
                            at=T0 + timedelta(days=8)))
    assert ref.story_id == launch.story_id and ref.reason.startswith("follow-up to")


def test_a_late_item_that_is_not_commentary_needs_more_than_the_names() -> None:
    index = StoryIndex()
    index.assign(item("a", "Veridia Labs unveils CareScribe, a generative AI service for clinical notes"))
    ref = index.assign(item("b", "Veridia sues former staff over CareScribe trade secrets", at=T0 + timedelta(days=8)))
    assert ref.is_new


def test_a_foreign_language_analysis_with_the_same_figure_joins_weeks_later() -> None:
    index = StoryIndex()
    round_ = index.assign(item("a", "NuvoCare raises $300 million at a $9 billion valuation",
                               "The round values the clinical search company at $9 billion."))
    ref = index.assign(item("b", "Por qué los inversores pagan 9.000 millones por NuvoCare",
                            "Análisis de la ronda de 300 millones.", at=T0 + timedelta(days=20)))
    assert ref.story_id == round_.story_id


def test_a_later_round_with_other_figures_stays_apart_even_as_commentary() -> None:
    index = StoryIndex()
    index.assign(item("a", "NuvoCare raises $300 million at a $9 billion valuation"))
    ref = index.assign(item("b", "Why investors now value NuvoCare at $15 billion", at=T0 + timedelta(days=20)))
    assert ref.is_new


def test_an_analysis_naming_the_story_party_and_product_joins_within_the_window() -> None:
    index = StoryIndex()
    launch = index.assign(item("a", "Quorix unveils Helix for Healthcare with HIPAA-ready tools and data connectors",
                               "Quorix is adding connectors to coverage databases and skills for prior authorization."))
    ref = index.assign(item("b", "Health tech efforts have failed before; Quorix thinks models change that",
                            "Quorix's head of life sciences argues Helix can now do the integration work.",
                            at=T0 + timedelta(days=2)))
    assert ref.story_id == launch.story_id


def test_a_restart_reloads_the_stories_of_the_follow_up_horizon(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from bot.config.settings import Settings
    from bot.pipeline.poll import reload_stories
    from bot.store import PollBatch, Store, StoryUpsert

    index = StoryIndex()
    first = index.assign(item("a", "Veridia Labs unveils CareScribe, a generative AI service for clinical notes",
                              "Veridia Labs is previewing CareScribe, which turns visit audio into draft notes."))
    story = index.story(first.story_id)
    assert story is not None
    upsert = StoryUpsert.from_story(story, signature=index.export_story(first.story_id))
    with Store(f"sqlite:///{tmp_path}/newsbot.db") as store:
        store.migrate()
        store.commit_poll(PollBatch(source="feed", now=T0, stories=(upsert,)))
        ctx = SimpleNamespace(settings=Settings(), store=store, clock=lambda: T0 + timedelta(days=8), stories=None)
        assert reload_stories(ctx) == 1  # type: ignore[arg-type]
    ref = ctx.stories.assign(item("b", "What Veridia CareScribe does for developers of clinical apps",
                                  at=T0 + timedelta(days=8)))
    assert ref.story_id == first.story_id
