"""E-mail alerts and digests over SMTP: multipart/alternative text + HTML from templates.

SMTP runs on the stdlib `smtplib` in a worker thread (`asyncio.to_thread`): one message per
`send`, a few a minute at most, so a thread costs nothing and avoids a dependency. Security is
`starttls` (RFC 3207), `tls` (implicit TLS, RFC 8314) or `none`; LOGIN/PLAIN auth when a
username is set.

Headers never carry feed line breaks: the Subject is built from one clean line
(`render.display_line` removes CR, LF, U+0085, U+2028, U+2029 and every control character) and
capped at `SUBJECT_LIMIT` code points, and `EmailMessage` with the default policy refuses any
header value that still holds CR/LF. (Older CPython patch releases did not refuse them,
CVE-2024-6923, hence our own clean-up first.) Recipients come from config only.

The Message-ID is derived from the dedupe key (`<sha256-prefix@domain>`), so a retried send
carries the same id and clients that thread by Message-ID show one message; it is returned as
the external id. Errors: 5xx replies (recipient refused, auth failed) are permanent; 4xx,
refused connections, disconnects and time-outs are transient.
"""

from __future__ import annotations

import asyncio
import hashlib
import smtplib
import ssl
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from bot.config.destinations import EmailDestination, EmailDigestDestination, SmtpSettings
from bot.delivery.messages import Alert, DigestMessage, Message
from bot.errors import DeliveryError
from bot.logs import get_logger
from bot.models import Clock, utcnow
from bot.notifiers.base import SendResult, secret
from bot.notifiers.render import (
    display_line,
    render_alert_email,
    render_digest_html,
    render_digest_text,
)

log = get_logger(__name__)

SUBJECT_LIMIT = 150
DEFAULT_DOMAIN = "newsbot.invalid"  # RFC 2606 reserved: never a real host


def recipients(value: Any) -> list[str]:
    """`to` as a list; a comma-separated string is split. CR/LF never reach a header."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return [display_line(str(v)) for v in items if display_line(str(v))]


def message_id(dedupe_key: str, sender: str) -> str:
    """A stable Message-ID for a dedupe key (RFC 5322 section 3.6.4)."""
    domain = sender.rpartition("@")[2].strip("<> ") or DEFAULT_DOMAIN
    if not dedupe_key:
        return make_msgid(domain=domain)
    digest = hashlib.sha256(dedupe_key.encode("utf-8")).hexdigest()[:32]
    return f"<newsbot.{digest}@{domain}>"


def header_text(value: str | None, limit: int = SUBJECT_LIMIT) -> str:
    """Feed text fit for a header: one clean line, no live RFC 2047 encoded-words.

    The default email policy DECODES an encoded-word in a value we set, so a title such as
    `=?UTF-8?Q?Hello=0D=0ABcc:_victim@example.com?=` becomes a CR LF and a new `Bcc:` header
    when serialised (observed on CPython 3.11.7). So: decode them ourselves, clean the result
    like any feed text, and break any `=?` left over so the policy sees plain text.
    """
    text = display_line(value)
    for _ in range(3):  # encoded-words can hide further encoded-words
        if "=?" not in text:
            break
        try:
            text = display_line(str(make_header(decode_header(text))))
        except (HeaderParseError, LookupError, UnicodeError, ValueError):
            break
    return display_line(text.replace("=?", "= ?"), limit)


def subject_for(message: Message, prefix: str = "") -> str:
    if isinstance(message, Alert):
        core = ("Also covered: " if message.followup_of else "") + message.headline
    elif isinstance(message, DigestMessage):
        core = f"{message.name}: {message.period} ({message.story_count} stories)"
    else:
        core = message.text
    return header_text(" ".join(p for p in (display_line(prefix), display_line(core)) if p)) or "newsbot"


def bodies(message: Message) -> tuple[str, str | None]:
    if isinstance(message, Alert):
        return render_alert_email(message)
    if isinstance(message, DigestMessage):
        return render_digest_text(message), render_digest_html(message)
    return display_line(message.text) + "\n", None


class EmailNotifier:
    """Sends one e-mail per message to the destination's `to` list."""

    kind = "email"

    def __init__(
        self,
        destination: EmailDestination | EmailDigestDestination,
        *,
        smtp: SmtpSettings | None = None,
        clock: Clock | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._to = recipients(destination.to)
        self._prefix, self._subject = "", None
        if isinstance(destination, EmailDestination):
            self._prefix = destination.subject_prefix
        else:
            self._subject = destination.subject  # a digest has a fixed subject
        self._smtp = smtp if smtp is not None else destination.smtp
        self._sender = display_line((self._smtp.from_ if self._smtp else "") or "newsbot@localhost")
        self._clock = clock or utcnow
        self._ssl = ssl_context

    def build_payload(self, message: Message) -> EmailMessage:
        """The complete message, without the Date header (added at send time). Pure."""
        mail = EmailMessage()
        subject = subject_for(message, self._prefix)
        if self._subject and isinstance(message, DigestMessage):
            subject = header_text(f"{self._subject}: {message.period}")
        mail["Subject"] = subject
        mail["From"] = self._sender
        mail["To"] = ", ".join(self._to)
        mail["Message-ID"] = message_id(message.dedupe_key, self._sender)
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to us
        text, html = bodies(message)
        mail.set_content(text)
        if html is not None:
            mail.add_alternative(html, subtype="html")
        check_headers(mail)
        return mail

    async def send(self, message: Message) -> SendResult:
        if self._smtp is None or not self._smtp.host:
            raise DeliveryError("email: no SMTP server configured", permanent=True, kind="not_configured")
        if not self._to:
            raise DeliveryError("email: no recipients", permanent=True, kind="no_recipients")
        mail = self.build_payload(message)
        mail["Date"] = format_datetime(self._clock())
        try:
            refused = await asyncio.to_thread(self._deliver, mail)
        except (smtplib.SMTPException, OSError) as exc:
            error = translate(exc)
            log.warning("email_send_failed", delivery=message.dedupe_key, error=str(error), permanent=error.permanent)
            raise error from exc
        if refused:
            log.warning("email_recipients_refused", delivery=message.dedupe_key, refused=sorted(refused))
        return SendResult(external_id=str(mail["Message-ID"]))

    def _deliver(self, mail: EmailMessage) -> dict[str, Any]:
        """Blocking SMTP conversation (runs in a worker thread)."""
        smtp = self._smtp
        assert smtp is not None  # send() checked it
        host, security, timeout = smtp.host, smtp.security, smtp.timeout
        context = self._ssl or ssl.create_default_context()
        port = smtp.port or {"tls": 465, "starttls": 587}.get(security, 25)
        client: smtplib.SMTP
        if security == "tls":
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if security == "starttls":
                client.starttls(context=context)
            username = smtp.username
            if username:
                client.login(username, secret(smtp.password) or "")
            return dict(client.send_message(mail))


def check_headers(mail: EmailMessage) -> None:
    """Last line of defence: no header value may hold a line break once parsed."""
    for name, value in mail.items():
        if any(ch in str(value) for ch in "\r\n\x85\u2028\u2029"):
            raise DeliveryError(f"email: refusing a line break in the {name} header", permanent=True, kind="bad_header")


def translate(exc: BaseException) -> DeliveryError:
    """Map smtplib/socket failures onto `DeliveryError` (5xx permanent, the rest transient)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return DeliveryError(f"email: all recipients refused ({codes})", permanent=permanent, kind="recipients_refused")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(f"email: authentication failed ({exc.smtp_code})", permanent=exc.smtp_code >= 500, kind="auth_failed")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryError(f"email: server does not support {exc}", permanent=True, kind="not_supported")
    if isinstance(exc, smtplib.SMTPResponseException):
        return DeliveryError(f"email: SMTP {exc.smtp_code} {exc.smtp_error!r}", permanent=exc.smtp_code >= 500, kind=f"smtp_{exc.smtp_code}")
    if isinstance(exc, ssl.SSLError):  # a certificate problem is config, but it can be fixed live
        return DeliveryError(f"email: TLS failed: {exc}", kind="tls")
    if isinstance(exc, TimeoutError):
        return DeliveryError("email: SMTP timed out", kind="timeout")
    return DeliveryError(f"email: {type(exc).__name__}: {exc}", kind="connection")
