"""A real SMTP server on 127.0.0.1: aiosmtpd's `Controller`, recording messages.

The tests' SMTP fixtures (`tests/support/smtp.py`) and `newsbot demo`'s mail sink.

Options: AUTH (LOGIN/PLAIN, checked against one user; offered without TLS via
`auth_require_tls=False`, not required, so no insecure-config warning is raised), STARTTLS or
implicit TLS with a self-signed certificate for IP 127.0.0.1 made at test time by the
`openssl` command line tool (the stdlib cannot make certificates; tests needing TLS skip when
`openssl` is missing), refused recipients (550) and deferred recipients (450).
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        message = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(message, EmailMessage)
        return message


@dataclass
class Recorder:
    """The aiosmtpd handler: records messages, refuses or defers chosen recipients."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    defer: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.defer:
            return "450 4.2.0 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), data))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed_cert(directory: Path) -> tuple[Path, Path] | None:
    """(cert, key) for IP 127.0.0.1, or None without `openssl`."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


@dataclass
class SmtpServer:
    """A running server: `host`, `port`, `received`; `client_context` trusts its certificate."""

    controller: Controller
    recorder: Recorder
    host: str
    port: int
    cert: Path | None = None

    @property
    def received(self) -> list[Received]:
        return self.recorder.received

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.cert is not None:
            context.load_verify_locations(cafile=str(self.cert))
        return context

    def stop(self) -> None:
        self.controller.stop()


def start_smtp(
    *,
    users: dict[str, str] | None = None,
    tls: str = "none",
    cert: tuple[Path, Path] | None = None,
) -> SmtpServer:
    """Start a server. `tls`: "none", "starttls" or "implicit" (needs `cert`)."""
    recorder = Recorder()
    kwargs: dict[str, Any] = {}
    server_context = None
    if tls != "none":
        assert cert is not None, "TLS needs a certificate"
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_context.load_cert_chain(str(cert[0]), str(cert[1]))
    if tls == "starttls":
        kwargs.update(tls_context=server_context, require_starttls=True)
    if users is not None:
        def authenticator(server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any) -> AuthResult:
            ok = isinstance(auth_data, LoginPassword) and users.get(auth_data.login.decode()) == auth_data.password.decode()
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_require_tls=False)
    port = free_port()
    controller = Controller(
        recorder, hostname="127.0.0.1", port=port,
        ssl_context=server_context if tls == "implicit" else None, **kwargs,
    )
    controller.start()
    return SmtpServer(controller, recorder, "127.0.0.1", port, cert[0] if cert else None)
