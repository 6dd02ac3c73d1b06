"""Slack mrkdwn escaping and Block Kit building (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.notifiers import slack_blocks as slackfmt
from bot.notifiers.render import display_line, truncate


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("AT&T <b>", "AT&amp;T &lt;b&gt;"),
        ("<!channel>", "&lt;!channel&gt;"),
        ("&lt;already&gt;", "&amp;lt;already&amp;gt;"),
    ],
)
def test_escape_replaces_slacks_three_control_characters(raw: str, escaped: str) -> None:
    assert slackfmt.escape(raw) == escaped


def test_text_neutralises_formatting_and_collapses_newlines() -> None:
    assert slackfmt.text("*bold*\n\n\n_it_ ~s~ `c`") == "∗bold∗ ˍitˍ ∼s∼ ˋcˋ"


def test_text_never_splits_an_entity_when_it_truncates() -> None:
    out = slackfmt.text("&" * 5000, limit=3000)

    assert len(out) <= 3000 and out.endswith("…")
    assert out[:-1].replace("&amp;", "") == ""


def test_a_link_is_built_only_from_an_http_url() -> None:
    assert slackfmt.link("https://a.example/x?a=1&b=2", "Title") == "<https://a.example/x?a=1&amp;b=2|Title>"
    assert slackfmt.link("javascript:alert(1)", "Title") == "Title"
    assert slackfmt.link("https://evil.example/a|b>", "Title") == "Title"


def test_an_idn_host_is_shown_as_punycode() -> None:
    assert slackfmt.link_url("https://аррӏе.com/") == "https://xn--80ak6aa92e.com/"


def test_the_date_token_falls_back_to_utc_text() -> None:
    token = slackfmt.date_token(datetime(2024, 6, 3, 14, 5, tzinfo=UTC))

    assert token == "<!date^1717423500^{date_short_pretty} {time}|2024-06-03 14:05 UTC>"


def test_alert_blocks_stay_within_slack_limits() -> None:
    blocks = slackfmt.to_dicts(
        slackfmt.alert_blocks(
            headline="H" * 100_000, url="https://a.example", outlet="O" * 5000, published_at=None,
            summary="S " * 10_000, rules=["r"] * 50, terms=["t"] * 500,
            also_covered=[(f"outlet {i}", f"https://o{i}.example") for i in range(100)],
        )
    )

    assert len(blocks) <= slackfmt.MAX_BLOCKS
    for block in blocks:
        texts = [block["text"]["text"]] if "text" in block else [e["text"] for e in block.get("elements", [])]
        assert all(len(t) <= slackfmt.SECTION_LIMIT for t in texts)
    assert "and 90 more" in blocks[-1]["elements"][0]["text"]


def test_display_line_strips_invisible_and_reordering_characters() -> None:
    assert display_line("Invoice_\u202egpj.exe\u200b\ufeff\U000e0041") == "Invoice_gpj.exe"
    assert display_line("Z" + "\u0301" * 50) == "Z\u0301\u0301"


def test_truncate_cuts_on_a_word_and_never_leaves_a_dangling_joiner() -> None:
    assert truncate("alpha beta gamma delta epsilon", 25) == "alpha beta gamma delta…"
    assert truncate("👩\u200d👩\u200d👧" * 10, 3) == "👩…"
