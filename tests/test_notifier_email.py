"""E-mail notifier against a real aiosmtpd server on loopback (plain, AUTH, STARTTLS, TLS)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config.destinations import EmailDestination, SmtpSettings
from bot.delivery.messages import Alert, DigestEntry, DigestMessage
from bot.errors import DeliveryError
from bot.notifiers.email import EmailNotifier, message_id
from tests.support.smtp import (
    SmtpServer,
    free_port,
    start_smtp,
)
from tests.support.smtp import smtp_cert as smtp_cert
from tests.support.smtp import smtp_server as smtp_server

NOW = datetime(2024, 6, 3, 15, 0, tzinfo=UTC)


def smtp_settings(**changes: object) -> SmtpSettings:
    fields = {"host": "127.0.0.1", "port": 25, "security": "none", "from": "newsbot@alerts.example.org", "timeout": 10}
    return SmtpSettings.model_validate({**fields, **changes})


def mail_dest(**changes: object) -> EmailDestination:
    return EmailDestination.model_validate({"to": ["team@example.com"], "subject_prefix": "[newsbot]", **changes})


ALERT = Alert(
    story_id="s1",
    headline="Mayo Clinic and Google Cloud expand their AI alliance",
    url="https://news.example/mayo-google",
    outlet="STAT",
    published_at=datetime(2024, 6, 3, 9, 30, tzinfo=UTC),
    summary="The two will build clinical search tools.",
    rules=["health-ai-partnerships"],
    terms=["mayo clinic", "google", "alliance"],
    also_covered=[("Fierce Healthcare", "https://fierce.example/mayo")],
    dedupe_key="s1:email-team",
)


def mailer(server: SmtpServer, **smtp: object) -> EmailNotifier:
    settings = smtp_settings(host=server.host, port=server.port, **smtp)
    return EmailNotifier(mail_dest(), smtp=settings, clock=lambda: NOW, ssl_context=server.client_context())


async def test_it_sends_multipart_alternative_text_and_html(smtp_server: SmtpServer) -> None:
    result = await mailer(smtp_server).send(ALERT)

    [received] = smtp_server.received
    mail = received.message
    assert received.rcpt_tos == ["team@example.com"]
    assert mail.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in mail.iter_parts()}
    assert "Mayo Clinic and Google Cloud" in parts["text/plain"]
    assert '<a href="https://news.example/mayo-google"' in parts["text/html"]
    assert "Fierce Healthcare" in parts["text/html"] and "<script" not in parts["text/html"]
    assert mail["Subject"] == "[newsbot] Mayo Clinic and Google Cloud expand their AI alliance"
    assert mail["Message-ID"] == result.external_id == message_id("s1:email-team", "newsbot@alerts.example.org")
    assert mail["Date"] == "Mon, 03 Jun 2024 15:00:00 +0000"


def test_the_message_id_is_stable_for_a_dedupe_key() -> None:
    first = message_id("s1:email", "bot@example.org")

    assert first == message_id("s1:email", "bot@example.org")
    assert first != message_id("s2:email", "bot@example.org")
    assert first.endswith("@example.org>")


async def test_it_logs_in_when_a_username_is_set() -> None:
    server = start_smtp(users={"bot": "s3cret"})
    try:
        await mailer(server, username="bot", password="s3cret").send(ALERT)
        with pytest.raises(DeliveryError) as caught:
            await mailer(server, username="bot", password="wrong").send(ALERT)
    finally:
        server.stop()

    assert len(server.received) == 1
    assert caught.value.permanent and caught.value.kind == "auth_failed"


async def test_it_upgrades_with_starttls(smtp_cert: tuple[Path, Path]) -> None:
    server = start_smtp(tls="starttls", cert=smtp_cert)
    try:
        await mailer(server, security="starttls").send(ALERT)
    finally:
        server.stop()

    assert len(server.received) == 1


async def test_it_speaks_implicit_tls(smtp_cert: tuple[Path, Path]) -> None:
    server = start_smtp(tls="implicit", cert=smtp_cert)
    try:
        await mailer(server, security="tls").send(ALERT)
    finally:
        server.stop()

    assert len(server.received) == 1


async def test_an_untrusted_certificate_is_not_accepted(smtp_cert: tuple[Path, Path]) -> None:
    server = start_smtp(tls="starttls", cert=smtp_cert)
    settings = smtp_settings(host=server.host, port=server.port, security="starttls")
    try:
        with pytest.raises(DeliveryError) as caught:
            await EmailNotifier(mail_dest(), smtp=settings).send(ALERT)  # default trust store
    finally:
        server.stop()

    assert caught.value.kind == "tls" and not server.received


async def test_a_refused_recipient_is_permanent_and_a_deferred_one_transient(smtp_server: SmtpServer) -> None:
    smtp_server.recorder.refuse.add("gone@example.com")
    smtp_server.recorder.defer.add("busy@example.com")
    settings = smtp_settings(host=smtp_server.host, port=smtp_server.port)

    with pytest.raises(DeliveryError) as refused:
        await EmailNotifier(mail_dest(to=["gone@example.com"]), smtp=settings).send(ALERT)
    with pytest.raises(DeliveryError) as deferred:
        await EmailNotifier(mail_dest(to=["busy@example.com"]), smtp=settings).send(ALERT)

    assert refused.value.permanent and not deferred.value.permanent


async def test_it_still_delivers_when_only_some_recipients_are_refused(smtp_server: SmtpServer) -> None:
    smtp_server.recorder.refuse.add("gone@example.com")
    settings = smtp_settings(host=smtp_server.host, port=smtp_server.port)

    await EmailNotifier(mail_dest(to=["gone@example.com", "team@example.com"]), smtp=settings).send(ALERT)

    assert smtp_server.received[0].rcpt_tos == ["team@example.com"]


async def test_a_closed_port_is_transient() -> None:
    settings = smtp_settings(port=free_port())

    with pytest.raises(DeliveryError) as caught:
        await EmailNotifier(mail_dest(), smtp=settings).send(ALERT)

    assert not caught.value.permanent and caught.value.kind == "connection"


async def test_without_smtp_settings_it_fails_permanently() -> None:
    with pytest.raises(DeliveryError) as caught:
        await EmailNotifier(mail_dest(), smtp=None).send(ALERT)

    assert caught.value.permanent


async def test_it_sends_a_digest_grouped_by_rule(smtp_server: SmtpServer) -> None:
    digest = DigestMessage(
        name="Weekday digest",
        period="Mon 3 Jun 2024",
        timezone="Europe/Paris",
        groups=[
            ("health-ai", [DigestEntry(headline="Newest", url="https://a.example/1"), DigestEntry(headline="Older")]),
            ("payers", [DigestEntry(headline="Payer story", outlet="Axios")]),
        ],
        dedupe_key="digest:weekday:2024-06-03",
    )

    await mailer(smtp_server).send(digest)

    mail = smtp_server.received[0].message
    assert mail["Subject"] == "[newsbot] Weekday digest: Mon 3 Jun 2024 (3 stories)"
    text = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert text.index("health-ai") < text.index("Newest") < text.index("Older") < text.index("payers")
