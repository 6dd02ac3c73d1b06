"""The fast path returns exactly what the feedparser path returns, or declines."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.models import ParsedFeed
from bot.parse import compat
from bot.parse import fast as fastparse
from bot.parse import feed as parser

DATA = Path(__file__).parent / "data"
SAMPLES = sorted(
    p for p in (DATA / "feeds").rglob("*") if p.suffix in (".xml", ".rss", ".atom", ".rdf")
) + sorted((DATA / "hostile").glob("*.xml"))
P = pytest.param


def both(body: bytes, content_type: str | None = None) -> tuple[ParsedFeed | None, ParsedFeed]:
    body = parser.defuse(body)
    try:
        fast = fastparse.parse(body, content_type=content_type, parse_date=parser._date)
    except fastparse.TooDeep:
        fast = None
    return fast, parser._feedparser(body, content_type)


def same(a: ParsedFeed, b: ParsedFeed) -> bool:
    return dataclasses.replace(a, parser="", bozo_reason=None) == dataclasses.replace(
        b, parser="", bozo_reason=None
    )


@pytest.mark.parametrize("path", [P(p, id=p.name) for p in SAMPLES])
def test_fast_path_matches_feedparser_wherever_it_accepts(path: Path) -> None:
    fast, slow = both(path.read_bytes())
    assert fast is None or same(fast, slow)


def test_fast_path_accepts_the_common_real_feeds() -> None:
    accepted = [p.name for p in SAMPLES if both(p.read_bytes())[0] is not None]
    assert {
        "rss-parser__guardian.rss",
        "rss-parser__heise.atom",
        "feed-rs__rss_2.0_nbcny.xml",
    } <= set(accepted)


INLINE = [
    P(
        b'<rss version="2.0"><channel><item><title> x </title><guid>https://e.com/1</guid></item></channel></rss>',
        id="guid-as-link",
    ),
    P(
        b'<rss version="2.0"><channel><item><guid isPermaLink="false">abc</guid><link>https://e.com/?a=1&amp;amp;b=2</link></item></channel></rss>',
        id="amp-repair",
    ),
    P(
        b'<rss version="2.0"><channel><item><title>\xc3\x83\xc2\xa9t\xc3\xa9</title><description>\xc2\x93q\xc2\x94</description></item></channel></rss>',
        id="mojibake-and-c1",
    ),
    P(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>https://e.com/</id><entry><id>https:///e.com/x</id><title>t</title><content type="html">&lt;b&gt;c&lt;/b&gt;</content></entry></feed>',
        id="atom-id-as-link",
    ),
    P(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><link rel="ALTERNATE" type="TEXT/HTML" href="https://e.com/a"/><link href="https://e.com/b"/></entry></feed>',
        id="atom-last-alternate-link",
    ),
    P(
        b'<rss version="2.0"><channel><item><title>t</title><description></description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">c</content:encoded></item></channel></rss>',
        id="empty-description",
    ),
]


@pytest.mark.parametrize("body", INLINE)
def test_fast_path_reproduces_feedparser_quirks(body: bytes) -> None:
    fast, slow = both(body)
    assert fast is not None
    assert same(fast, slow)


DECLINED = [
    P(
        b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel/></rss>',
        None,
        id="latin1",
    ),
    P(b'<rss version="2.0"><channel/></rss>', "text/html", id="html-content-type"),
    P(b'<rss version="2.0"><channel/></rss>', "text/xml", id="text-xml-without-charset"),
    P(b'<rss version="0.91"><channel/></rss>', None, id="old-rss"),
    P(
        b'<rss version="2.0"><channel><item><description>a<b>naked</b></description></item></channel></rss>',
        None,
        id="naked-markup",
    ),
    P(
        b'<rss version="2.0"><channel><item><title>a</title><title>b</title></item></channel></rss>',
        None,
        id="duplicate-title",
    ),
    P(b'<rss version="2.0" xml:base="https://e.com/"><channel/></rss>', None, id="xml-base"),
    P(
        b'<rss version="2.0"><channel><item><x:y xmlns:x="urn:x">1</x:y></item></channel></rss>',
        None,
        id="unknown-namespace",
    ),
    P(b'<rss version="2.0"><channel><item><title>x</title>', None, id="truncated"),
    P(b'<!DOCTYPE rss><rss version="2.0"><channel/></rss>', None, id="doctype"),
    P(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">x</div></title></entry></feed>',
        None,
        id="xhtml",
    ),
]


IT = b'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'


def _rss(channel: bytes = b"", item: bytes = b"<title>I</title><link>http://a.example/1</link>") -> bytes:
    return b'<rss version="2.0" ' + IT + b"><channel><title>T</title>" + channel + b"<item>" + item + b"</item></channel></rss>"


# Each of these the fast path once read differently from feedparser (found by running other
# feed parsers' and validators' test suites through both paths): it must decline them.
FEEDPARSER_READS_OTHERWISE = [
    P(_rss(item=b"<title>I</title><itunes:summary>S</itunes:summary>"), id="itunes-summary"),
    P(_rss(item=b"<title>I</title><itunes:author>A</itunes:author>"), id="itunes-author"),
    P(_rss(channel=b"<itunes:author>A</itunes:author>"), id="channel-itunes-author"),
    P(_rss(item=b'<link href="http://b.example/">http://a.example/1</link>'), id="link-href"),
    P(_rss(item=b'<link url="http://b.example/">http://a.example/1</link>'), id="link-url"),
    P(_rss(channel=b'<link uri="http://b.example/">http://a.example/</link>'), id="channel-link-uri"),
    P(_rss(item=b'<title>I</title><description mode="base64">RA==</description>'), id="mode-base64"),
    P(_rss(item=b'<title>I</title><description type="application/xhtml+xml">D</description>'), id="xhtml-type"),
    P(_rss(channel=b"<category><title>X</title></category>"), id="child-under-category"),
    P(_rss(channel=b"<docs><link>http://d.example/</link></docs>"), id="child-under-docs"),
]


@pytest.mark.parametrize("body", FEEDPARSER_READS_OTHERWISE)
def test_fast_path_declines_what_feedparser_reads_otherwise(body: bytes) -> None:
    fast, _ = both(body)
    assert fast is None


@pytest.mark.parametrize(
    "channel",
    [b"<image><url>u</url><title>IMG</title><link>http://a.example/z</link></image>",
     b"<textInput><title>TI</title><link>http://a.example/s</link></textInput>",
     b"<skipHours><hour>1</hour></skipHours>"],
)
def test_elements_feedparser_keeps_in_their_own_context_stay_on_the_fast_path(channel: bytes) -> None:
    fast, slow = both(_rss(channel=channel))
    assert fast is not None and same(fast, slow)


@pytest.mark.parametrize(("body", "content_type"), DECLINED)
def test_fast_path_declines_anything_unusual(body: bytes, content_type: str | None) -> None:
    assert fastparse.parse(body, content_type=content_type, parse_date=parser._date) is None


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 01 Jan 2026 10:00:00 +0000",
        "Mon, 6 Jul 2026 23:59:59 -0500",  # a weekday that is wrong: feedparser ignores it
        "01 Jan 2026 00:30:00 +0530",  # before midnight UTC: the day changes
        "Sat, 31 Dec 2039 22:00:00 -0400",
        "Fri, 15 Mar 2024 12:00:00 GMT",
        "Fri, 15 Mar 2024 12:00:00 UTC",
        "Fri, 15 Mar 2024 12:00:00 Z",
        "Thu, 01 Jan 1970 00:00:00 +0000",  # an epoch placeholder: no date
        "Tue, 01 Jan 1990 04:00:00 +0500",  # 1989 in UTC: no date
        "Mon, 01 Jan 9999 23:00:00 -0200",  # past datetime.max: feedparser's own answer
    ],
)
def test_strict_rfc_822_dates_get_feedparsers_answer_directly(text: str) -> None:
    known, value = compat.rfc822(text)
    expected = parser._date(text)
    assert known
    assert value == expected
    assert value is None or (expected is not None and value.tzinfo is expected.tzinfo)


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 31 Feb 2026 10:00:00 +0000",  # no such day: feedparser's other handlers decide
        "Thu, 01 Jan 26 10:00:00 +0000",  # two-digit year
        "Thu, 01 Jan 2026 10:00 +0000",  # no seconds
        "Thu, 01 Jan 2026 10:00:00 EST",  # a zone name
        "2026-01-01T10:00:00Z",
        "thu, 01 jan 2026 10:00:00 +0000",
    ],
)
def test_other_dates_are_left_to_feedparsers_chain(text: str) -> None:
    assert compat.rfc822(text) == (False, None)
