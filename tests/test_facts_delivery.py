"""Facts stored with the story and shown: a real poll stores the lead item's facts and its
alert carries them; Slack (stand-in), e-mail (aiosmtpd), console and `newsbot why` show the
facts line, escaped like any feed text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from bot.cli.main import cli
from bot.delivery.messages import Alert, DigestEntry, DigestMessage, facts_parts, money_text
from bot.notifiers.console import alert_text
from bot.notifiers.slack_blocks import facts_line
from bot.store import Store
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server
from tests.support.slack_standin import SlackStandin
from tests.support.slack_standin import slack_standin as slack_standin
from tests.support.smtp import SmtpServer
from tests.support.smtp import smtp_server as smtp_server
from tests.test_notifier_email import mailer
from tests.test_notifier_slack import alert, notifier

FACTS = {"parties": ["Mayo Clinic", "Microsoft"], "health_orgs": ["Mayo Clinic"],
         "partners": ["Microsoft"], "deal_type": "licensing_rd", "amount_usd": 52_500_000.0,
         "area": "radiology"}
# Feed-derived facts trying to ping, link and format around the line
HOSTILE = {"parties": ["<!channel> Evil *Health*", "<https://x.example|Click>"],
           "health_orgs": ["<!channel> Evil *Health*"], "partners": ["<https://x.example|Click>"],
           "deal_type": "partnership", "amount_usd": None, "area": "<script>x</script>"}


def test_the_facts_line_reads_parties_deal_amount_area() -> None:
    assert facts_parts(FACTS) == ["Mayo Clinic + Microsoft", "licensing / R&D deal", "$52.5M", "radiology"]
    assert facts_parts(None) == [] and facts_parts({}) == []
    assert [money_text(v) for v in (2e9, 3_000_000, 40_000, 900, None, 0)] == ["$2B", "$3M", "$40K", "$900", "", ""]


def test_the_slack_facts_line_is_escaped_like_feed_text() -> None:
    line = facts_line(HOSTILE)
    assert "<!channel>" not in line and "<https" not in line and "*" not in line
    assert line.startswith("&lt;!channel&gt; Evil ∗Health∗ + &lt;https://x.example|Click&gt;")


async def test_slack_shows_the_facts_line_under_the_headline(slack_standin: SlackStandin) -> None:
    await notifier(slack_standin).send(alert(facts=FACTS))
    await notifier(slack_standin).send(alert(facts=None, dedupe_key="old-payload"))

    with_facts, without = slack_standin.posted()
    headline, line = with_facts["blocks"][:2]
    assert "Duke Health and Microsoft" in headline["text"]["text"]
    assert line["type"] == "context"
    assert line["elements"][0]["text"] == "Mayo Clinic + Microsoft · licensing / R&amp;D deal · $52.5M · radiology"
    assert without["blocks"][1]["type"] == "context" and "Fierce" in without["blocks"][1]["elements"][0]["text"]


async def test_hostile_facts_cannot_mention_or_link_in_slack(slack_standin: SlackStandin) -> None:
    await notifier(slack_standin).send(alert(facts=HOSTILE))
    [posted] = slack_standin.posted()
    everything = json.dumps(posted["blocks"])
    assert "<!channel>" not in everything and "<https://x.example" not in everything


async def test_alert_email_shows_the_facts_escaped(smtp_server: SmtpServer) -> None:
    base = Alert(story_id="s1", headline="Mayo Clinic licenses AI", url="https://news.example/m",
                 rules=["deals"], dedupe_key="s1:mail")
    await mailer(smtp_server).send(replace(base, facts=FACTS))
    await mailer(smtp_server).send(replace(base, facts=HOSTILE, dedupe_key="s2:mail"))

    good, bad = (r.message for r in smtp_server.received)
    parts = {p.get_content_type(): p.get_content() for p in good.iter_parts()}
    assert "Mayo Clinic + Microsoft · licensing / R&D deal · $52.5M · radiology" in parts["text/plain"]
    assert "Mayo Clinic + Microsoft · licensing / R&amp;D deal · $52.5M · radiology" in parts["text/html"]
    html = {p.get_content_type(): p.get_content() for p in bad.iter_parts()}["text/html"]
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


async def test_digest_email_has_the_overview_and_each_story_s_facts(smtp_server: SmtpServer) -> None:
    other = {**FACTS, "parties": ["Mayo Clinic", "Google"], "partners": ["Google"],
             "deal_type": "partnership", "amount_usd": None}
    digest = DigestMessage(
        name="Weekly", period="week 23", dedupe_key="digest:w:23",
        groups=[("deals", [DigestEntry(headline="A", facts=FACTS), DigestEntry(headline="B", facts=other),
                           DigestEntry(headline="Old story without facts")])],
        overview={"deals": 2, "by_type": [["licensing / R&D deal", 1], ["partnership", 1]],
                  "top_orgs": [["Mayo Clinic", 2]], "amount_usd": 52.5e6, "amount_text": "$52.5M"},
    )
    await mailer(smtp_server).send(digest)
    mail = smtp_server.received[0].message
    text = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Overview: 2 deals (1 licensing / R&D deal, 1 partnership), $52.5M stated" in text
    assert "Most active: Mayo Clinic (2)" in text
    assert text.index("Overview") < text.index("Mayo Clinic + Microsoft") < text.index("Mayo Clinic + Google")
    html = mail.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert 'class="overview"' in html and "Most active: Mayo Clinic (2)" in html


def test_the_console_prints_the_facts_line() -> None:
    console = Console(width=200, record=True, color_system=None)
    console.print(alert_text(alert(facts=FACTS)))
    assert "Mayo Clinic + Microsoft · licensing / R&D deal · $52.5M · radiology" in console.export_text()


def _rss(title: str, summary: str) -> bytes:
    when = format_datetime(datetime.now(UTC) - timedelta(minutes=5))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>w</title><item><title>{title}'
            f"</title><description>{summary}</description><link>https://news.example/1</link>"
            f"<guid>g1</guid><pubDate>{when}</pubDate></item></channel></rss>").encode()


def _config(tmp_path: Path, url: str) -> str:
    path = tmp_path / "newsbot.yaml"
    path.write_text(
        f"database: sqlite:///{tmp_path}/news.db\n"
        f"sources: [{{name: wire, url: '{url}', every: 1h, allow_private: true}}]\n"
        "terms: {health_org: ['Mayo Clinic', clinic], company: [Microsoft], area: [radiology],"
        " licensing: [license*, upfront]}\n"
        "rules: [{name: deals, query: 'partner* OR license*', notify: [console]}]\n"
        f"destinations: {{console: {{type: console, digest_dir: '{tmp_path}/digests'}}}}\n"
    )
    return str(path)


def test_a_poll_stores_the_lead_s_facts_and_why_shows_them(tmp_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.add("/w.xml", body=_rss(
        "Mayo Clinic licenses Microsoft radiology AI for $50 million upfront",
        "Mayo Clinic and Microsoft agreed a license; a partnership on radiology."))
    path = _config(tmp_path, url)
    runner = CliRunner()
    done = runner.invoke(cli, ["once", "--config", path])
    assert done.exit_code == 0, done.output
    assert "Mayo Clinic + Microsoft · licensing / R&D deal · $50M · radiology" in done.stdout

    store = Store(f"sqlite:///{tmp_path}/news.db")
    try:
        [story] = store.recent_stories(datetime.now(UTC) - timedelta(days=1))
        assert story.facts is not None and story.facts["deal_type"] == "licensing_rd"
        assert story.facts["health_orgs"] == ["Mayo Clinic"] and story.facts["partners"] == ["Microsoft"]
        [delivery] = store.story_deliveries(story.id)
        assert delivery.payload["facts"] == story.facts
    finally:
        store.close()

    why = runner.invoke(cli, ["why", "https://news.example/1", "--config", path])
    assert why.exit_code == 0, why.output
    assert "facts: Mayo Clinic + Microsoft · licensing / R&D deal · $50M · radiology" in why.stdout
