"""netguard: which hosts and URLs the fetcher may contact. Table tests, no I/O."""

from __future__ import annotations

import ipaddress

import pytest

from bot.fetch.netguard import address_problem, parse_ip_literal, url_problem


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7F000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("10.1.258", "10.1.1.2"),
        ("[::1]", "::1"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("fe80::1%eth0", "fe80::1"),
        ("example.org", None),
        ("1.2.3.4.5", None),
        ("256.1.1.1", None),
        ("0x", "0.0.0.0"),
        ("feeds.0x7f.example", None),
        ("4294967296", None),
    ],
)
def test_it_reads_ip_literals_in_every_spelling(host: str, expected: str | None) -> None:
    parsed = parse_ip_literal(host)
    assert parsed == (ipaddress.ip_address(expected) if expected else None)


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("93.184.216.34", None),
        ("2606:4700::6810:85e5", None),
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "shared (CGNAT)"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "private"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback (embedded in ::ffff:7f00:1)"),
        ("::ffff:169.254.169.254", "link-local (embedded in ::ffff:a9fe:a9fe)"),
        ("64:ff9b::a00:1", "private (embedded in 64:ff9b::a00:1)"),
        ("2002:7f00:1::", "loopback (embedded in 2002:7f00:1::)"),
        ("::ffff:93.184.216.34", None),
        ("not-an-ip", "not an IP address"),
    ],
)
def test_it_names_why_an_address_is_refused(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


@pytest.mark.parametrize(
    ("url", "allow_private", "refused"),
    [
        ("https://feeds.example.org/rss", False, False),
        ("http://93.184.216.34/feed", False, False),
        ("http://127.0.0.1:8080/feed", False, True),
        ("http://[::ffff:127.0.0.1]/", False, True),
        ("http://0x7f.1/", False, True),
        ("http://2130706433/", False, True),
        ("http://169.254.169.254/latest/meta-data/", False, True),
        ("http://user:pw@10.0.0.1/", False, True),
        ("file:///etc/passwd", False, True),
        ("ftp://example.org/feed", False, True),
        ("javascript:alert(1)", False, True),
        ("http:///nohost", False, True),
        ("http://[::1/", False, True),
        ("http://127.0.0.1:8080/feed", True, False),
        ("http://localhost/feed", True, False),
        ("file:///etc/passwd", True, True),
    ],
)
def test_it_checks_urls(url: str, allow_private: bool, refused: bool) -> None:
    assert (url_problem(url, allow_private=allow_private) is not None) == refused


def test_it_leaves_host_names_to_the_resolver() -> None:
    assert url_problem("http://localhost/feed") is None


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        pytest.param("http://127.0.0.1:8080/feed", False, id="loopback-allowed"),
        pytest.param("http://10.1.2.3/feed", False, id="private-allowed"),
        pytest.param("http://169.254.169.254/latest/meta-data/", True, id="metadata-still-refused"),
        pytest.param("http://[fe80::1]/", True, id="ipv6-link-local-still-refused"),
        pytest.param("http://0.0.0.0/", True, id="unspecified-still-refused"),
        pytest.param("http://224.0.0.1/", True, id="multicast-still-refused"),
    ],
)
def test_allow_private_never_reaches_link_local_or_multicast(url: str, refused: bool) -> None:
    assert (url_problem(url, allow_private=True) is not None) is refused
