"""Feed text is hostile (DESIGN invariant 4): one test per attack kind, on real hostile feeds.

The feeds in tests/data/hostile are synthetic copies from the project's hostile corpus. They
are parsed with feedparser directly (the rawest text a parser can hand us), so these tests
check that the notifiers' own escaping holds even when nothing upstream cleaned the text.
"""

from __future__ import annotations

import re
import unicodedata
from email import message_from_bytes, policy
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from bot.config.destinations import EmailDestination, SlackDestination, SmtpSettings
from bot.delivery.messages import Alert, DigestEntry, DigestMessage
from bot.notifiers import slack_blocks as slackfmt
from bot.notifiers.email import SUBJECT_LIMIT, EmailNotifier
from bot.notifiers.render import render_digest_html
from bot.notifiers.slack import SlackNotifier
from tests.support.slack_standin import VALID_TOKEN, SlackStandin
from tests.support.slack_standin import slack_standin as slack_standin
from tests.support.smtp import SmtpServer
from tests.support.smtp import smtp_server as smtp_server

DATA = Path(__file__).parent / "data" / "hostile"


def slack_dest(**changes: object) -> SlackDestination:
    return SlackDestination.model_validate({"channel": "C0NEWS", "token": VALID_TOKEN, **changes})


def smtp_settings(**changes: object) -> SmtpSettings:
    fields = {"host": "127.0.0.1", "port": 25, "security": "none", "from": "newsbot@alerts.example.org"}
    return SmtpSettings.model_validate({**fields, **changes})


def mail_dest() -> EmailDestination:
    return EmailDestination(to=["team@example.com"], subject_prefix="[news]")


def entries(name: str) -> list[Any]:
    return list(feedparser.parse((DATA / name).read_bytes()).entries)


def alert_of(entry: Any, n: int = 0) -> Alert:
    """Every feed-controlled field of the entry goes somewhere in the alert."""
    return Alert(
        story_id=f"s{n}",
        headline=entry.get("title", ""),
        url=entry.get("link"),
        outlet=entry.get("author") or (entry.get("source") or {}).get("title"),
        summary=entry.get("summary", ""),
        rules=["hostile"],
        terms=[t.get("term", "") for t in entry.get("tags", [])] or [entry.get("title", "")[:40]],
        also_covered=[((entry.get("source") or {}).get("title", "x"), (entry.get("source") or {}).get("href", ""))],
        dedupe_key=f"s{n}:slack",
    )


def mrkdwn_strings(payload: dict[str, Any]) -> list[str]:
    """Every string Slack will parse as mrkdwn: the fallback text and each block's text."""
    out = [payload["text"]]
    for block in payload["blocks"]:
        if "text" in block:
            out.append(block["text"]["text"])
        # (buttons' plain_text labels are never parsed as mrkdwn)
        out += [e["text"] for e in block.get("elements", []) if e.get("type") == "mrkdwn"]
    return out


def assert_slack_safe(payload: dict[str, Any], allowed_links: set[str]) -> None:
    """No control sequence but our own links and date tokens; no raw '&'; one line each."""
    for text in mrkdwn_strings(payload):
        for inner in re.findall(r"<([^>]*)>", text):
            if inner.startswith("!date^"):
                continue
            target = inner.split("|", 1)[0]
            assert target in allowed_links, f"unexpected control sequence <{inner}> in {text!r}"
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), text
        assert "\n" not in text and "\r" not in text
    assert payload["unfurl_links"] is False and payload["unfurl_media"] is False


def links_of(alert: Alert) -> set[str]:
    links = {slackfmt.link_url(alert.url)} | {slackfmt.link_url(u) for _, u in alert.also_covered}
    return {link for link in links if link}


# -- Slack mentions --------------------------------------------------------------------------
def test_slack_mentions_in_feed_text_never_ping_anyone() -> None:
    slack = SlackNotifier(slack_dest(), pace_seconds=0)
    for n, entry in enumerate(entries("inject_slack_mentions.xml") + entries("gnews_shaped_hostile.xml")):
        alert = alert_of(entry, n)
        payload = slack.build_payload(alert)
        assert_slack_safe(payload, links_of(alert))
    first = slack.build_payload(alert_of(entries("inject_slack_mentions.xml")[0]))
    assert "&lt;!channel&gt; Breaking: markets crash" in first["blocks"][0]["text"]["text"]


async def test_a_mention_posted_through_slack_arrives_as_literal_text(slack_standin: SlackStandin) -> None:
    slack = SlackNotifier(slack_dest(base_url=slack_standin.base_url), pace_seconds=0)
    for n, entry in enumerate(entries("inject_slack_mentions.xml")[:6]):
        await slack.send(alert_of(entry, n))

    for message in slack_standin.posted():
        assert "<!" not in message["text"] and "<@" not in message["text"]
        assert "<!channel>" not in str(message["blocks"]) and "<!here>" not in str(message["blocks"])


# -- disguised links ---------------------------------------------------------------------------
def test_a_title_cannot_disguise_a_link() -> None:
    slack = SlackNotifier(slack_dest(), pace_seconds=0)
    disguised = [e for e in entries("inject_slack_mentions.xml") if "evil.example" in e.title]
    disguised += [e for e in entries("inject_mrkdwn_formatting.xml") if "evil.example" in e.title]
    assert disguised
    for entry in disguised:
        alert = alert_of(entry)
        headline = slack.build_payload(alert)["blocks"][0]["text"]["text"]
        targets = re.findall(r"<([^|>]*)\|", headline)
        assert targets == [entry.link], headline  # the one link is the item's own, never evil.example


# -- mrkdwn formatting -------------------------------------------------------------------------
def test_mrkdwn_formatting_in_feed_text_changes_nothing() -> None:
    slack = SlackNotifier(slack_dest(), pace_seconds=0)
    for entry in entries("inject_mrkdwn_formatting.xml"):
        payload = slack.build_payload(alert_of(entry))
        headline = payload["blocks"][0]["text"]["text"]
        inner = headline[1:-1]  # our own bold markers wrap the link
        assert not set("*_~`") & set(inner.split("|", 1)[1]), headline
        assert_slack_safe(payload, {slackfmt.link_url(entry.link) or ""})
    flood = slack.build_payload(alert_of(entries("inject_mrkdwn_formatting.xml")[6]))
    assert "Lots of newlines" in flood["blocks"][0]["text"]["text"]


# -- e-mail header injection ---------------------------------------------------------------------
EXPECTED_HEADERS = ["Subject", "From", "To", "Message-ID", "Auto-Submitted", "Date", "MIME-Version", "Content-Type"]


async def test_no_title_can_add_a_mail_header_or_recipient(smtp_server: SmtpServer) -> None:
    mailer = EmailNotifier(mail_dest(), smtp=smtp_settings(port=smtp_server.port))
    hostile = entries("inject_email_headers.xml") + entries("gnews_shaped_hostile.xml")
    for n, entry in enumerate(hostile):
        await mailer.send(alert_of(entry, n))

    assert len(smtp_server.received) == len(hostile)
    for received in smtp_server.received:
        assert received.rcpt_tos == ["team@example.com"]
        head = received.data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
        names = [line.split(b":", 1)[0].decode() for line in head.splitlines() if line and line[:1] not in b" \t"]
        assert sorted(names) == sorted(EXPECTED_HEADERS), names
        mail = message_from_bytes(received.data, policy=policy.default)
        subject = str(mail["Subject"])
        assert not re.search(r"[\r\n\x85\u2028\u2029]", subject)
        assert len(subject) <= SUBJECT_LIMIT


@pytest.mark.parametrize("index", [9, 10])
def test_rfc2047_encoded_words_cannot_smuggle_a_line_break(index: int) -> None:
    entry = entries("inject_email_headers.xml")[index]
    assert entry.title.startswith("=?UTF-8?")

    mail = EmailNotifier(mail_dest(), smtp=smtp_settings()).build_payload(alert_of(entry))
    raw = mail.as_bytes()
    reparsed = message_from_bytes(raw, policy=policy.default)

    assert "Bcc" not in reparsed and reparsed["Subject"] == "[news] Hello Bcc: victim@example.com"


# -- HTML / script in HTML e-mail -------------------------------------------------------------
class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


OUR_TAGS = {"html", "head", "meta", "title", "body", "table", "tr", "td", "h1", "h2", "p", "a", "span", "strong"}


def assert_html_safe(html: str) -> None:
    collector = TagCollector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        assert tag in OUR_TAGS, f"feed markup became a <{tag}> element"
        assert not any(name.startswith("on") for name in attrs), attrs
        if tag == "a":
            assert re.match(r"https?://", attrs.get("href") or ""), attrs
        if tag == "meta":
            assert "http-equiv" not in attrs
    assert "49" not in html.replace("2049", ""), "template syntax in feed text must not be evaluated"


def test_html_and_script_in_feed_text_stay_text_in_html_mail() -> None:
    mailer = EmailNotifier(mail_dest(), smtp=smtp_settings())
    hostile = entries("inject_html_script.xml")
    for n, entry in enumerate(hostile):
        mail = mailer.build_payload(alert_of(entry, n))
        html = mail.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
        assert_html_safe(html)
    digest = DigestMessage(
        name="<script>x</script>", period="{{7*7}}",
        groups=[("<b>rule</b>", [DigestEntry(headline=e.title, url=e.link, outlet=e.title, summary=e.get("summary", "")) for e in hostile])],
    )
    html = render_digest_html(digest)
    assert_html_safe(html)
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in html and "{{7*7}}" in html


# -- SSRF / javascript links ----------------------------------------------------------------
def test_only_clean_absolute_http_links_are_ever_emitted() -> None:
    slack = SlackNotifier(slack_dest(), pace_seconds=0)
    mailer = EmailNotifier(mail_dest(), smtp=smtp_settings())
    emitted: set[str] = set()
    for n, entry in enumerate(entries("inject_links_ssrf.xml") + entries("inject_html_script.xml")):
        alert = alert_of(entry, n)
        for text in mrkdwn_strings(slack.build_payload(alert)):
            emitted |= {inner.split("|", 1)[0] for inner in re.findall(r"<([^!][^>]*)>", text)}
        html = mailer.build_payload(alert).get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
        emitted |= set(re.findall(r'href="([^"]*)"', html))

    assert emitted
    for url in emitted:
        assert re.match(r"https?://[^@\s|<>]+$", url.replace("&amp;", "&")), url
    assert not any(bad in url.lower() for url in emitted for bad in ("javascript", "data:", "file:", "gopher", "bank.example@"))


# -- Unicode spoofing -------------------------------------------------------------------------
def test_bidi_zero_width_tag_and_combining_tricks_are_removed() -> None:
    slack = SlackNotifier(slack_dest(), pace_seconds=0)
    mailer = EmailNotifier(mail_dest(), smtp=smtp_settings())
    for n, entry in enumerate(entries("inject_unicode_spoofing.xml")):
        alert = alert_of(entry, n)
        outputs = mrkdwn_strings(slack.build_payload(alert))
        mail = mailer.build_payload(alert)
        outputs += [str(mail["Subject"]), mail.get_body(preferencelist=("plain",)).get_content()]  # type: ignore[union-attr]
        for text in outputs:
            text.encode("utf-8")  # never a lone surrogate
            bad = [ch for ch in text if unicodedata.category(ch) in ("Cf", "Co", "Cs") or ch in "\u3164\u115f"]
            assert not bad, (entry.title[:40], [hex(ord(c)) for c in bad])
            assert not re.search(r"[\u0300-\u036f]{3,}", text), "combining marks must be capped"
    rlo = slack.build_payload(alert_of(entries("inject_unicode_spoofing.xml")[0]))
    assert "Invoiceˍgpj.exe" in rlo["blocks"][0]["text"]["text"]


# -- 100k titles --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["size_title_100k_chars.xml", "size_title_100k_multibyte.xml"])
def test_a_100k_title_is_cut_to_slack_and_mail_limits(name: str) -> None:
    entry = entries(name)[0]
    assert len(entry.title) >= 100_000
    slack = SlackNotifier(slack_dest(), pace_seconds=0).build_payload(alert_of(entry))
    mail = EmailNotifier(mail_dest(), smtp=smtp_settings()).build_payload(alert_of(entry))

    assert all(len(text) <= slackfmt.SECTION_LIMIT for text in mrkdwn_strings(slack))
    assert len(slack["blocks"][0]["text"]["text"]) <= slackfmt.HEADLINE_LIMIT + 40 + len(entry.link)
    subject = str(mail["Subject"])
    assert len(subject) <= SUBJECT_LIMIT and subject.endswith("…")
    assert not subject[:-1].endswith("\u200d")
    assert len(mail.as_bytes()) < 200_000
