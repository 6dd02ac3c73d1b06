"""The HTML digest, opened in headless Chromium: every story's headline, outlet and link shows.

The screenshot is kept in test-artifacts/digest.png for a human to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.delivery.messages import DigestEntry, DigestMessage
from bot.notifiers.render import render_digest_html, render_digest_text
from tests.conftest import skip_or_fail

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
T0 = datetime(2024, 6, 3, 16, 0, tzinfo=UTC)


def digest() -> DigestMessage:
    def entry(i: int, headline: str, outlet: str, **kw: object) -> DigestEntry:
        return DigestEntry(
            headline=headline, url=f"https://news.example/story-{i}", outlet=outlet,
            published_at=T0 - timedelta(hours=i), **kw,  # type: ignore[arg-type]
        )

    return DigestMessage(
        name="Health-AI partnerships",
        period="Mon 3 Jun 2024",
        timezone="America/New_York",
        groups=[
            ("health-ai-partnerships", [
                entry(1, "Duke Health and Microsoft launch a generative AI partnership", "Fierce Healthcare",
                      summary="Duke Health will pilot Azure OpenAI tools for clinical notes. The rollout starts in July.",
                      also_covered=[("STAT", "https://stat.example/duke"), ("Axios", "https://axios.example/duke")]),
                entry(2, "Mayo Clinic teams up with Google Cloud on search", "Healthcare IT News",
                      summary="A multi-year alliance on generative search across clinical records."),
                entry(3, "<script>alert(1)</script> Hospital & payer sign AI deal", "Modern <b>Healthcare</b>"),
            ]),
            ("payer-ai", [
                entry(4, "UnitedHealth expands its AI claims review program", "Reuters",
                      summary="The insurer says automation cut review times in half."),
            ]),
        ],
        dedupe_key="digest:health-ai:2024-06-03",
    )


class Stories(HTMLParser):
    """Collects (href, headline text) of story links and the outlet texts from a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.outlets: list[str] = []
        self._in: str | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "headline" in classes:
            self._in, self._href = "headline", dict(attrs).get("href") or ""
            self.links.append((self._href, ""))
        elif "outlet" in classes:
            self._in = "outlet"
            self.outlets.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "span"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "headline":
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)
        elif self._in == "outlet":
            self.outlets[-1] += data


def chromium(*args: str, user_data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={user_data}", *args],
        capture_output=True, text=True, timeout=90, check=False,
    )


def test_the_text_digest_lists_rules_then_stories_newest_first() -> None:
    text = render_digest_text(digest())

    order = ["health-ai-partnerships", "Duke Health", "Mayo Clinic", "Hospital & payer", "payer-ai", "UnitedHealth"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    assert "Also covered by: STAT, Axios" in text
    assert "2024-06-03 11:00 EDT" in text  # shown in the digest's time zone


@pytest.mark.browser
def test_every_story_is_visible_in_a_real_browser(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        skip_or_fail("Chromium not installed")
    message = digest()
    page = tmp_path / "digest.html"
    page.write_text(render_digest_html(message), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "digest.png"
    shot.unlink(missing_ok=True)

    dom = chromium("--dump-dom", page.as_uri(), user_data=tmp_path / "profile-dom")
    taken = chromium(f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri(), user_data=tmp_path / "profile-shot")

    assert dom.returncode == 0, dom.stderr[-2000:]
    stories = Stories()
    stories.feed(dom.stdout)
    expected = [e for _, entries in message.groups for e in entries]
    assert [(href, " ".join(text.split())) for href, text in stories.links] == [(e.url, e.headline) for e in expected]
    assert [o.strip() for o in stories.outlets] == [e.outlet for e in expected]
    assert "<script>alert(1)</script>" not in dom.stdout.replace("&lt;script&gt;", "")
    assert taken.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000, taken.stderr[-2000:]
