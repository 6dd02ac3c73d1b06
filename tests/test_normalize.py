"""normalize: RawEntry to Item, the Google News outlet split, fingerprints, JSON-lines records."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from bot.models import RawEntry
from bot.normalize.item import normalize, record_to_item, split_outlet_suffix

FETCHED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
P = pytest.param


def make_entry(**fields: object) -> RawEntry:
    base: dict[str, object] = {
        "title": "Mayo Clinic and Microsoft partner on AI",
        "link": "https://www.example.com/a?utm_source=rss",
        "guid": "urn:example:1",
    }
    base.update(fields)
    return RawEntry(**base)  # type: ignore[arg-type]


def test_it_builds_a_clean_item() -> None:
    entry = make_entry(
        title="  Mayo&nbsp;Clinic <b>and</b> Microsoft\npartner ",
        summary="<p>They partner.</p><p>The post X appeared first on Y.</p>",
        content="<p>They partner.</p><p>Longer body.</p>",
        published_raw="Mon, 02 Jan 2024 03:04:05 GMT",
    )
    item = normalize(entry, source="feed-a", fetched_at=FETCHED, outlet="Example News")
    assert item is not None
    assert item.title == "Mayo Clinic and Microsoft partner"
    assert item.summary == "They partner."
    assert item.content == "They partner.\nLonger body."
    assert item.url == "https://www.example.com/a?utm_source=rss"
    assert item.canonical_url == "https://example.com/a"
    assert item.published_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert (item.source, item.outlet, item.fetched_at) == ("feed-a", "Example News", FETCHED)
    assert len(item.fingerprint) == 20


def test_it_skips_entries_with_nothing_to_identify_them() -> None:
    assert normalize(RawEntry(summary="just text"), source="s", fetched_at=FETCHED) is None
    assert (
        normalize(RawEntry(title="  ", link="javascript:alert(1)"), source="s", fetched_at=FETCHED)
        is None
    )


def test_an_unsafe_link_is_dropped_but_the_item_kept() -> None:
    item = normalize(
        make_entry(link="javascript:alert(1)", guid="x-1"), source="s", fetched_at=FETCHED
    )
    assert item is not None
    assert item.url is None


def test_a_url_guid_stands_in_for_a_missing_link() -> None:
    item = normalize(
        make_entry(link=None, guid="https://example.com/story/9"), source="s", fetched_at=FETCHED
    )
    assert item is not None and item.url == "https://example.com/story/9"


def test_an_edited_title_keeps_the_fingerprint() -> None:
    first = normalize(make_entry(), source="s", fetched_at=FETCHED)
    edited = normalize(
        make_entry(title="Mayo Clinic, Microsoft expand AI deal"), source="s", fetched_at=FETCHED
    )
    assert first is not None and edited is not None
    assert first.fingerprint == edited.fingerprint


def test_without_guid_the_canonical_url_is_the_key() -> None:
    a = normalize(
        make_entry(guid=None, link="https://example.com/a?utm_source=x"),
        source="s",
        fetched_at=FETCHED,
    )
    b = normalize(
        make_entry(guid=None, link="https://www.example.com/a/#top", title="new"),
        source="s",
        fetched_at=FETCHED,
    )
    assert a is not None and b is not None and a.fingerprint == b.fingerprint


GUIDS_NOT_UNIQUE = [
    P("", id="empty"),
    P("0", id="placeholder"),
    P("https://example.com/", id="site-root"),
]


@pytest.mark.parametrize("guid", GUIDS_NOT_UNIQUE)
def test_non_unique_guids_do_not_collapse_items(guid: str) -> None:
    items = [
        normalize(
            make_entry(guid=guid, link=f"https://example.com/{i}"), source="s", fetched_at=FETCHED
        )
        for i in range(3)
    ]
    assert len({i.fingerprint for i in items if i}) == 3


def test_titles_only_items_are_keyed_by_title_and_source() -> None:
    a = normalize(RawEntry(title="Same"), source="s1", fetched_at=FETCHED)
    b = normalize(RawEntry(title="Same"), source="s2", fetched_at=FETCHED)
    assert a is not None and b is not None and a.fingerprint != b.fingerprint


def test_absurd_lengths_are_truncated() -> None:
    item = normalize(
        make_entry(title="x" * 100_000, summary="y " * 3_000_000), source="s", fetched_at=FETCHED
    )
    assert item is not None
    assert len(item.title) <= 500 and len(item.summary) <= 5_000


DATES = [
    P(
        {"published": datetime(2024, 1, 1, tzinfo=UTC)},
        datetime(2024, 1, 1, tzinfo=UTC),
        id="parsed",
    ),
    P(
        {"published_raw": "Seg, 24 Set 2018 19:20:00 -0300"},
        datetime(2018, 9, 24, 22, 20, tzinfo=UTC),
        id="raw-fallback",
    ),
    P({"published": datetime(9999, 1, 1, tzinfo=UTC)}, None, id="far-future"),
    P(
        {"published_raw": "garbage", "updated": datetime(2024, 2, 1, tzinfo=UTC)},
        datetime(2024, 2, 1, tzinfo=UTC),
        id="updated-fallback",
    ),
    P({}, None, id="no-date"),
]


@pytest.mark.parametrize(("fields", "expected"), DATES)
def test_published_at_is_utc_or_none(fields: dict[str, object], expected: datetime | None) -> None:
    item = normalize(make_entry(**fields), source="s", fetched_at=FETCHED)
    assert item is not None and item.published_at == expected


GNEWS = "https://news.google.com/rss/articles/CBMiabc?oc=5"
SPLITS = [
    P(
        "Mayo Clinic taps Microsoft - Axios",
        "",
        GNEWS,
        ("Mayo Clinic taps Microsoft", "Axios"),
        id="simple",
    ),
    P(
        "A - B deal expands - Fierce Healthcare",
        "",
        GNEWS,
        ("A - B deal expands", "Fierce Healthcare"),
        id="last-dash-only",
    ),
    P("Deal - statnews.com", "", GNEWS, ("Deal", "statnews.com"), id="domain-outlet"),
    P(
        "Why AI matters - and why it doesn't.",
        "",
        GNEWS,
        ("Why AI matters - and why it doesn't.", None),
        id="sentence-suffix-kept",
    ),
    P(
        "Hospitals adopt AI - what it means for patients and doctors in rural America",
        "",
        GNEWS,
        ("Hospitals adopt AI - what it means for patients and doctors in rural America", None),
        id="long-suffix-kept",
    ),
    P(
        "Headline - Becker's Hospital Review",
        "Becker's Hospital Review",
        None,
        ("Headline", "Becker's Hospital Review"),
        id="source-element",
    ),
    P(
        "Headline - Something Else",
        "Axios",
        None,
        ("Headline - Something Else", "Axios"),
        id="source-element-mismatch",
    ),
    P(
        "Headline - Axios",
        "",
        "https://example.com/a",
        ("Headline - Axios", None),
        id="not-google-news",
    ),
    P(
        "Headline - Axios",
        "",
        "https://NEWS.Google.COM/rss/articles/CBMi?oc=5",
        ("Headline", "Axios"),
        id="google-news-host-in-capitals",
    ),
]


@pytest.mark.parametrize(("title", "source_title", "url", "expected"), SPLITS)
def test_google_news_titles_are_split_into_headline_and_outlet(
    title: str, source_title: str, url: str | None, expected: tuple[str, str | None]
) -> None:
    assert split_outlet_suffix(title, source_title, url) == expected


def test_google_news_item_keeps_its_article_link_and_outlet() -> None:
    entry = make_entry(
        title="Duke Health, Microsoft launch AI pact - STAT",
        link=GNEWS,
        guid="CBMiabc",
        source_title="STAT",
    )
    item = normalize(entry, source="gnews", fetched_at=FETCHED, outlet="Google News")
    assert item is not None
    assert (item.title, item.outlet) == ("Duke Health, Microsoft launch AI pact", "STAT")
    assert item.canonical_url == "https://news.google.com/rss/articles/CBMiabc"


def test_record_to_item_reads_json_lines_fields() -> None:
    item = record_to_item(
        {
            "id": "r1",
            "title": "T &amp; U",
            "summary": "<p>S</p>",
            "url": "http://www.example.com/x?fbclid=1",
            "source": "Axios",
            "published": "2024-01-02T03:04:05Z",
            "guid": "g",
            "feed": "feed-a",
        }
    )
    assert (item.fingerprint, item.title, item.summary, item.source, item.outlet) == (
        "r1",
        "T & U",
        "S",
        "feed-a",
        "Axios",
    )
    assert item.canonical_url == "https://example.com/x"
    assert item.published_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_record_to_item_tolerates_missing_and_odd_fields() -> None:
    item = record_to_item({"title": ["not", "a", "string"], "url": 5, "published": {"x": 1}})
    assert item.title == "" and item.url is None and item.published_at is None
    assert len(item.fingerprint) == 20


def test_entries_are_frozen_inputs() -> None:
    entry = make_entry()
    normalize(entry, source="s", fetched_at=FETCHED)
    assert entry == dataclasses.replace(entry)


def test_a_record_title_ending_in_its_own_outlet_reads_as_the_live_path_reads_it() -> None:
    from bot.normalize.item import record_to_item

    item = record_to_item({"id": "a", "title": "Qubrix builds its own LLM assistant - Healthcare IT News",
                           "source": "Healthcare IT News", "url": "https://news.example/a"})
    assert item.title == "Qubrix builds its own LLM assistant" and item.outlet == "Healthcare IT News"
    other = record_to_item({"id": "b", "title": "Mayo Clinic - Google deal expands", "source": "Axios"})
    assert other.title == "Mayo Clinic - Google deal expands"  # no suffix naming the outlet: kept
