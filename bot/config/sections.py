"""The settings of the config's plain blocks: `fetch`, `fulltext`, `stories`, `ops`, `service`
and `slack` (options with defaults and bounds, no cross-checks). `bot.config.settings`
re-exports them; `Settings` there assembles the whole config and checks what spans blocks.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field, field_validator

from bot import USER_AGENT
from bot.config.types import Cron, HttpUrl, Interval, Invalid, Model, Secret


class FetchSettings(Model):
    user_agent: str = USER_AGENT
    """User-Agent header: say who you are and how to reach you."""
    concurrency: int = Field(default=50, ge=1)
    """Fetches in flight at once, across all hosts."""
    per_host: int = Field(default=4, ge=1)
    """Fetches in flight at once to one host."""
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=20.0, gt=0)
    total_timeout: float = Field(default=45.0, gt=0)
    """Seconds for the whole request, body included."""
    max_bytes: int = Field(default=10_000_000, ge=1)
    """Largest response body accepted, as received on the wire."""
    max_decompressed_bytes: int = Field(default=30_000_000, ge=1)
    max_redirects: int = Field(default=5, ge=0)
    max_items: int = Field(default=500, ge=1)
    """Entries taken from one fetch (the newest first)."""

    @field_validator("user_agent")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if not value.strip() or "\r" in value or "\n" in value:
            raise Invalid("must be one non-empty line")
        return value


class FulltextSettings(Model):
    """Article text for headline-only items (the `enrich` stage, `newsbot fetch-article`)."""

    enabled: bool = True
    contact_url: HttpUrl = "https://github.com/newsbot-dev/newsbot"
    """Named in the User-Agent of article and robots.txt requests (how a publisher reaches you)."""
    short_text: int = Field(default=400, ge=0)
    """Feed text (summary + content) shorter than this many characters is "short" (`auto`)."""
    concurrency: int = Field(default=32, ge=1)
    """Article pages fetched at once, all hosts: pages wait on publishers' latency, not CPU."""
    per_host: int = Field(default=2, ge=1)
    """Article pages fetched at once from one publisher (politeness)."""
    total_timeout: float = Field(default=15.0, gt=0)
    """Seconds for one page, redirects and body included."""
    max_bytes: int = Field(default=3_000_000, ge=1)
    max_decompressed_bytes: int = Field(default=8_000_000, ge=1)
    max_text: int = Field(default=20_000, ge=100)
    """Characters of article text kept."""
    cache_size: int = Field(default=5_000, ge=0)
    """Pages remembered by canonical URL (in memory; revalidated with conditional GET)."""
    cache_ttl: Interval = timedelta(hours=6)
    robots_ttl: Interval = timedelta(hours=24)
    google_news_decode: bool = True
    """Resolve Google News links that do not hold the publisher URL (those minted since
    mid-2024) with the two requests Google's article page makes (`bot.enrich.googlenews`),
    when news.google.com's robots.txt allows them; false: such items keep their feed text."""
    google_news_url: HttpUrl = "https://news.google.com"
    """Where those two requests go (a local stand-in in tests)."""


class StorySettings(Model):
    window: Interval = timedelta(days=3)
    """How long a story stays open for later coverage of the same event."""


class OpsSettings(Model):
    destination: str | None = None
    """Where source-health alerts go (a key of `destinations`)."""
    source_failing_after: Interval = timedelta(hours=6)
    """Alert when a source has failed for this long."""
    silent_factor: float = Field(default=10.0, ge=1)
    """Alert when a source has had no new items for this many times its usual gap."""


class ServiceSettings(Model):
    poll_interval: Interval = timedelta(seconds=30)
    """How often the service looks for due sources."""
    outbox_interval: Interval = timedelta(seconds=10)
    maintenance_cron: Cron = "30 3 * * *"
    retention: Interval = timedelta(days=90)
    """Items, matches and deliveries older than this are deleted."""
    shutdown_grace: Interval = timedelta(seconds=20)
    single_instance: bool = True
    """Refuse a second `run`/`once` on the same database. PostgreSQL only: false lets several
    instances run on one database (each polls every due source; stories are still posted once)."""


class SlackAppSettings(Model):
    """Slack interactivity: feedback buttons on alerts and the `/newsbot` command (bot.interact).

    Off until a signing secret (HTTP request URL on `newsbot run --http`) or an app-level
    token (Socket Mode) is set. Who may act: members of `channels` (default: the channels of
    the Slack destinations) or of `user_group`; other workspaces are refused.
    """

    signing_secret: Secret = None
    """Signing secret of the Slack app, normally ${SLACK_SIGNING_SECRET} (HTTP request URL)."""
    app_token: Secret = None
    """App-level token (xapp-..., scope connections:write), normally ${SLACK_APP_TOKEN}:
    receive interactions over Socket Mode instead of a public URL."""
    bot_token: Secret = None
    """Bot token for answers and membership look-ups; default: the first Slack destination's."""
    base_url: HttpUrl = Field(default="https://slack.com/api/", min_length=1)
    team_id: str | None = None
    """The workspace (T...) whose people may act; default: the bot token's workspace."""
    channels: list[str] = []
    """Channel ids (or names) whose members may act; default: the Slack destinations' channels."""
    user_group: str | None = None
    """A user group id (S...) whose members may act too."""
    signature_max_age: Interval = timedelta(minutes=5)
    """Requests signed longer ago than this are refused (Slack's recommended window)."""

    @property
    def enabled(self) -> bool:
        return self.signing_secret is not None or self.app_token is not None
