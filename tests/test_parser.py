"""parser.parse: formats, salvage, and every hostile input that concerns parsing."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import ParseError
from bot.parse import feed as parser

DATA = Path(__file__).parent / "data"
HOSTILE = DATA / "hostile"
P = pytest.param


def rss(items: str, channel: str = "", version: str = "2.0") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="{version}"><channel>'
        f"<title>T</title><link>https://example.com/</link>{channel}{items}</channel></rss>"
    ).encode()


def test_it_reads_a_minimal_rss_item() -> None:
    feed = parser.parse(
        rss(
            "<item><title>Hello</title><link>https://example.com/a</link><guid>g1</guid>"
            "<description>&lt;p&gt;Body&lt;/p&gt;</description>"
            "<pubDate>Mon, 02 Jan 2024 03:04:05 GMT</pubDate></item>",
            channel="<ttl>30</ttl>",
        )
    )
    (entry,) = feed.entries
    assert (feed.format, feed.title, feed.ttl_minutes, feed.bozo) == ("rss20", "T", 30, False)
    assert (entry.title, entry.link, entry.guid, entry.summary) == (
        "Hello",
        "https://example.com/a",
        "g1",
        "<p>Body</p>",
    )
    assert entry.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert entry.published_raw == "Mon, 02 Jan 2024 03:04:05 GMT"


def test_it_reads_source_element_as_outlet() -> None:
    feed = parser.parse(
        rss('<item><title>H - Axios</title><source url="https://axios.com/">Axios</source></item>')
    )
    assert (feed.entries[0].source_title, feed.entries[0].source_url) == (
        "Axios",
        "https://axios.com/",
    )


def test_content_is_the_longest_body() -> None:
    body = rss(
        '<item xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>x</title>'
        "<description>short</description><content:encoded>a much longer body</content:encoded></item>"
    )
    entry = parser.parse(body).entries[0]
    assert (entry.summary, entry.content) == ("short", "a much longer body")


def test_it_resolves_relative_links_against_the_feed_url() -> None:
    feed = parser.parse(
        rss("<item><title>x</title><link>/news/1</link></item>"), url="https://example.com/feed"
    )
    assert feed.entries[0].link == "https://example.com/news/1"


def test_it_reads_atom() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><title type="html">A &amp;amp; B</title>'
        b'<link href="https://example.com/a"/><id>tag:example.com,2024:1</id>'
        b"<updated>2024-01-01T00:00:00Z</updated><summary>s</summary></entry></feed>"
    )
    feed = parser.parse(body)
    assert feed.format == "atom10"
    assert feed.entries[0].title == "A &amp; B"
    assert feed.entries[0].updated == datetime(2024, 1, 1, tzinfo=UTC)


SAMPLES = sorted(
    p for p in (DATA / "feeds").rglob("*") if p.suffix in (".xml", ".rss", ".atom", ".rdf", ".json")
)


@pytest.mark.parametrize("path", [P(p, id=p.name) for p in SAMPLES])
def test_it_parses_every_sample_feed_with_entries(path: Path) -> None:
    feed = parser.parse(path.read_bytes())
    assert feed.entries
    assert all(e.title or e.link or e.guid for e in feed.entries)


def test_it_reads_an_undeclared_latin1_feed() -> None:
    feed = parser.parse((DATA / "feeds/real/rss-parser__uolNoticias.rss").read_bytes())
    assert len(feed.entries) == 15
    assert any("ç" in (e.title or "") or "ã" in (e.title or "") for e in feed.entries)


EMPTY = [
    P(b"", id="empty"),
    P(b" \r\n\t ", id="whitespace"),
    P(b"\xef\xbb\xbf", id="utf8-bom-only"),
    P(b"\xff\xfe \x00\n\x00", id="utf16-bom-and-whitespace"),
]


@pytest.mark.parametrize("body", EMPTY)
def test_it_refuses_empty_bodies(body: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parser.parse(body)
    assert info.value.kind == "empty"


NOT_FEEDS = [
    P(b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>", id="html-page"),
    P(
        b"<html><body><script>var x='<rss><item><title>fake</title></item></rss>'</script></body></html>",
        id="html-with-fake-rss",
    ),
    P(b'{"error": "rate limited", "code": 429}', id="json-error-object"),
    P(b"[1, 2, 3]", id="json-top-level-array"),
    P(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", id="binary"),
    P(b"just some text", id="plain-text"),
]


@pytest.mark.parametrize("body", NOT_FEEDS)
def test_it_refuses_documents_that_are_not_feeds(body: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parser.parse(body)
    assert info.value.kind == "not_a_feed"


def test_an_atom_feed_behind_an_html_doctype_is_a_feed() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE html><feed xmlns="http://www.w3.org/2005/Atom">'
        b'<title>T</title><entry><title>E</title><id>urn:e</id></entry></feed>'
    )
    assert [e.title for e in parser.parse(body).entries] == ["E"]


@pytest.mark.parametrize(
    "body", [b"<!DOCTYPE html><html><body>x</body></html>", b"<!-- <rss> --><HTML lang=en></HTML>"]
)
def test_the_root_element_not_a_comment_says_html(body: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parser.parse(body)
    assert info.value.kind == "not_a_feed"


def test_it_salvages_items_of_a_truncated_feed() -> None:
    body = rss(
        "<item><title>one</title><link>https://e.com/1</link></item><item><title>two</title>"
    )[:-30]
    feed = parser.parse(body)
    assert feed.bozo
    assert feed.entries[0].title == "one"


def test_it_never_expands_a_billion_laughs() -> None:
    ents = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{ents}]>'.encode()
        + rss("<item><title>&l9;</title><link>https://e.com/</link></item>").split(b"?>", 1)[1]
    )
    feed = parser.parse(body)
    assert all(len(e.title or "") < 100 for e in feed.entries)


def test_it_defuses_the_quadratic_blowup_quickly() -> None:
    start = time.process_time()
    feed = parser.parse((HOSTILE / "xml_quadratic_blowup.xml").read_bytes())
    assert time.process_time() - start < 5  # a minute and 2.9 GB without the defusing
    assert all(len(e.summary or "") < 100_000 for e in feed.entries)


def test_it_never_reads_files_through_xxe() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>Leak: &xxe;</title><item><title>&xxe;</title>'
        b"<link>https://e.com/</link></item></channel></rss>"
    )
    feed = parser.parse(body)
    assert "root:" not in repr(feed)
    assert "root:" not in repr(parser.parse((HOSTILE / "xml_xxe_file.xml").read_bytes()))


@pytest.mark.parametrize(
    "name",
    [
        "xml_doctype_entity_backslash.xml",
        "xml_georss_bad_srsname.xml",
        "inject_invalid_codepoints.xml",
        "xml_undefined_entities.xml",
    ],
)
def test_inputs_that_crash_feedparser_still_give_entries(name: str) -> None:
    feed = parser.parse((HOSTILE / name).read_bytes())
    assert feed.entries


def test_invalid_character_references_become_replacement_characters() -> None:
    feed = parser.parse(
        rss("<item><title>a&#xD800;b&#1114112;c&#0;d</title><link>https://e.com/</link></item>")
    )
    assert feed.entries[0].title == "a\ufffdb\ufffdc\ufffdd"


def test_nul_and_control_bytes_do_not_stop_parsing() -> None:
    feed = parser.parse(
        rss("<item><title>a\x00b\x1b[2Jc</title><link>https://e.com/x</link></item>")
    )
    assert feed.entries


def test_a_charset_lie_does_not_raise() -> None:
    body = rss("<item><title>Pol\xedtica \x96 \x93x\x94</title></item>").replace(b"\xc3", b"")
    latin1 = "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><item><title>Política – “x”</title></item></channel></rss>".encode(
        "cp1252"
    )
    feed = parser.parse(latin1, content_type="application/rss+xml; charset=utf-8")
    assert feed.entries[0].title
    assert parser.parse(body).entries is not None


def test_utf7_declared_feed_does_not_raise() -> None:
    body = b'<?xml version="1.0" encoding="utf-7"?><rss version="2.0"><channel><item><title>+ADw-!channel+AD4-</title></item></channel></rss>'
    feed = parser.parse(body)
    assert len(feed.entries) == 1


def test_odd_dates_never_raise_and_stay_raw() -> None:
    feed = parser.parse((HOSTILE / "dates_odd_rss.xml").read_bytes())
    assert feed.entries
    assert any(e.published is None and e.published_raw for e in feed.entries)


def test_feed_with_a_binary_doctype_subset_and_no_end_is_refused() -> None:
    with pytest.raises(ParseError):
        parser.parse(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "')


def test_defuse_keeps_an_external_doctype_but_drops_the_subset() -> None:
    out = parser.defuse(b'<!DOCTYPE rss PUBLIC "-//x//EN" "http://x" [<!ENTITY a "b">]><rss/>')
    assert out == b'<!DOCTYPE rss PUBLIC "-//x//EN" "http://x" ><rss/>'
