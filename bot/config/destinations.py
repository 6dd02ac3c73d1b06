"""Destination and SMTP settings: one model per destination type (`type:` picks it), each
with `disabled_reason()` naming the environment variable to set when a secret is empty.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from bot.config.types import (
    Cron,
    HttpUrl,
    Invalid,
    Recipients,
    Secret,
    SecretHolder,
    TimeZone,
    check_address,
    check_http_url,
)
from bot.fetch import netguard


class SmtpSettings(SecretHolder):
    """The mail server for `email` and `email_digest`; disabled while `host` is empty."""

    host: str = ""
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str = ""
    password: SecretStr = SecretStr("")
    from_: str = Field(default="", alias="from")
    """Sender, e.g. 'newsbot <newsbot@example.org>'."""
    timeout: float = Field(default=30.0, gt=0)

    @field_validator("from_")
    @classmethod
    def _check_from(cls, value: str) -> str:
        return check_address(value) if value else value

    def disabled_reason(self) -> str | None:
        if not self.host:
            return self._unset("host", "SMTP_HOST")
        if self.username and not self.password.get_secret_value():
            return self._unset("password", "SMTP_PASSWORD")
        if not self.from_:
            return self._unset("from", "SMTP_FROM")
        return None


class DestinationBase(SecretHolder):
    name: SkipJsonSchema[str] = ""
    """Filled in from the key under `destinations:`."""
    summary: Literal["extractive", "model"] | None = None
    """`model`: summaries from the `llm:` endpoint here (None: as the rule says)."""
    prompt: str | None = None
    """Replaces the `llm:` instructions for alerts to this destination."""

    def disabled_reason(self) -> str | None:
        """Why this destination cannot send (the variable to set), or None when it can."""
        return None


class SlackDestination(DestinationBase):
    type: Literal["slack"] = "slack"
    channel: str = Field(min_length=1)
    """Channel name ('#health-ai') or id."""
    token: Secret = None
    """Bot token (xoxb-...), normally ${SLACK_BOT_TOKEN}."""
    base_url: HttpUrl = Field(default="https://slack.com/api/", min_length=1)
    thread_followups: bool = True
    """Post later coverage of a story as a thread reply instead of a new message."""

    def disabled_reason(self) -> str | None:
        return None if self.token else self._unset("token", "SLACK_BOT_TOKEN")


class SlackWebhookDestination(DestinationBase):
    type: Literal["slack_webhook"] = "slack_webhook"
    url: Secret = None
    """Incoming-webhook URL, normally ${SLACK_WEBHOOK_URL}."""

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_http_url(value.get_secret_value())
        return value

    def disabled_reason(self) -> str | None:
        return None if self.url else self._unset("url", "SLACK_WEBHOOK_URL")


class EmailBase(DestinationBase):
    to: Recipients = []
    """Recipients: a list, or one comma-separated string (handy with ${VAR})."""
    smtp: SkipJsonSchema[SmtpSettings | None] = Field(default=None, exclude=True)
    """The top-level `smtp:` section, attached by `Settings`."""

    def disabled_reason(self) -> str | None:
        if not self.to:
            return self._unset("to", "EMAIL_TO")
        if self.smtp is None:
            return "add an `smtp:` section"
        reason = self.smtp.disabled_reason()
        return f"smtp: {reason}" if reason else None


class EmailDestination(EmailBase):
    type: Literal["email"] = "email"
    subject_prefix: str = "[newsbot]"


class EmailDigestDestination(EmailBase):
    type: Literal["email_digest"] = "email_digest"
    schedule: Cron = "0 8 * * mon-fri"
    """When to send, as cron (minute hour day month weekday) in `timezone`."""
    timezone: TimeZone | None = None
    """Time zone of `schedule`; the top-level `timezone` when unset."""
    send_empty: bool = False
    subject: str = "[newsbot] digest"


class WebhookDestination(DestinationBase):
    type: Literal["webhook"] = "webhook"
    url: HttpUrl = ""
    secret: Secret = None
    """Signs each request body (HMAC-SHA256) when set."""
    allow_private: bool = False
    """Allow a receiver on a loopback or private address (never link-local: cloud metadata)."""

    @model_validator(mode="after")
    def _check_address(self) -> WebhookDestination:
        why = netguard.url_problem(self.url, allow_private=self.allow_private) if self.url else None
        if why is None and self.url and not self.allow_private and netguard.is_localhost(self.url):
            why = "localhost is a loopback address"
        if why:
            fix = "" if self.allow_private else " (a receiver on this network? allow_private: true)"
            raise Invalid(f"will be refused: {why}{fix}", "url")
        return self

    def disabled_reason(self) -> str | None:
        return None if self.url else self._unset("url", "WEBHOOK_URL")


class ConsoleDestination(DestinationBase):
    """Prints alerts on stdout and writes digests as HTML files; always enabled."""

    type: Literal["console"] = "console"
    digest_dir: str = "data/digests"


Destination = Annotated[
    SlackDestination
    | SlackWebhookDestination
    | EmailDestination
    | EmailDigestDestination
    | WebhookDestination
    | ConsoleDestination,
    Field(discriminator="type"),
]
DESTINATION_TYPES: tuple[str, ...] = tuple(
    cls.model_fields["type"].default for cls in get_args(get_args(Destination)[0])
)
