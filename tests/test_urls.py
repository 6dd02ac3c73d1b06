"""Canonical URLs and the safe-link check, as tables of named cases."""

from __future__ import annotations

import pytest

from bot.normalize.urls import canonical_url, safe_http_url

P = pytest.param

CANONICAL = [
    P("http://example.com/a", "https://example.com/a", id="http-becomes-https"),
    P(
        "HTTPS://EXAMPLE.COM/Path",
        "https://example.com/Path",
        id="scheme-and-host-lowered-path-kept",
    ),
    P("https://example.com:443/a", "https://example.com/a", id="default-https-port-dropped"),
    P("http://example.com:80/a", "https://example.com/a", id="default-http-port-dropped"),
    P("https://example.com:8443/a", "https://example.com:8443/a", id="other-port-kept"),
    P("https://www.example.com/a", "https://example.com/a", id="www-folded"),
    P("https://m.example.com/a", "https://example.com/a", id="mobile-host-folded"),
    P("https://amp.example.com/a", "https://example.com/a", id="amp-host-folded"),
    P("https://www.com/a", "https://www.com/a", id="www-kept-when-it-is-the-name"),
    P("https://example.com/news/amp/story", "https://example.com/news/story", id="amp-segment"),
    P("https://example.com/story/amp", "https://example.com/story", id="trailing-amp"),
    P("https://example.com/story/amp/", "https://example.com/story", id="trailing-amp-slash"),
    P("https://example.com/story?amp=1", "https://example.com/story", id="amp-query"),
    P("https://example.com/story?amp", "https://example.com/story", id="amp-bare-query"),
    P("https://example.com/s?outputType=amp", "https://example.com/s", id="output-type-amp"),
    P(
        "https://example.com/s?outputType=print",
        "https://example.com/s?outputType=print",
        id="output-type-other-kept",
    ),
    P("https://example.com/a#section-2", "https://example.com/a", id="fragment-dropped"),
    P("https://example.com/a/", "https://example.com/a", id="trailing-slash-folded"),
    P("https://example.com", "https://example.com/", id="empty-path-is-root"),
    P("https://example.com/?", "https://example.com/", id="empty-query-dropped"),
    P(
        "https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x",
        "https://example.com/a",
        id="utm-any-case",
    ),
    P(
        "https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4",
        "https://example.com/a",
        id="click-ids",
    ),
    P("https://example.com/a?mc_cid=1&mc_eid=2", "https://example.com/a", id="mailchimp"),
    P("https://example.com/a?_hsenc=1&_hsmi=2&hsLang=en", "https://example.com/a", id="hubspot"),
    P("https://example.com/a?ref=feed&ref_src=twsrc", "https://example.com/a", id="ref"),
    P(
        "https://example.com/a?feedref=1&cmpid=2&ocid=3",
        "https://example.com/a",
        id="feed-campaign-ids",
    ),
    P(
        "https://example.com/a?sr_share=tw&spm=a.b&igshid=z",
        "https://example.com/a",
        id="share-ids",
    ),
    P("https://example.com/a?sc=news", "https://example.com/a?sc=news", id="sc-is-kept"),
    P(
        "https://example.com/a?id=7&page=2",
        "https://example.com/a?id=7&page=2",
        id="content-params-kept",
    ),
    P("https://example.com/a?b=2&a=1&c=0", "https://example.com/a?a=1&b=2&c=0", id="params-sorted"),
    P("https://example.com/a?b=2&&a=1", "https://example.com/a?a=1&b=2", id="empty-pairs-dropped"),
    P("https://example.com/a?q=x+y", "https://example.com/a?q=x+y", id="plus-kept"),
    P(
        "https://example.com/a?x=%7e&y=%2f",
        "https://example.com/a?x=~&y=%2F",
        id="query-escapes-normalised",
    ),
    P("https://example.com/%7euser/%41", "https://example.com/~user/A", id="unreserved-decoded"),
    P("https://example.com/a%2fb", "https://example.com/a%2Fb", id="reserved-escape-uppercased"),
    P("https://example.com/café", "https://example.com/caf%C3%A9", id="non-ascii-path-encoded"),
    P("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9", id="same-as-encoded"),
    P("https://example.com/100%", "https://example.com/100%25", id="stray-percent-escaped"),
    P("https://example.com/a/./b/../c", "https://example.com/a/c", id="dot-segments"),
    P("https://user:pw@example.com/a", "https://example.com/a", id="userinfo-dropped"),
    P("https://bücher.example/a", "https://xn--bcher-kva.example/a", id="idn-host-punycode"),
    P("https://EXAMPLE.com./a", "https://example.com/a", id="trailing-dot-host"),
    P(
        "https://www.google.com/url?sa=t&url=https%3A%2F%2Fwww.example.com%2Fa%3Futm_source%3Dg&q=",
        "https://example.com/a",
        id="google-url-wrapper",
    ),
    P(
        "https://www.google.com/url?q=https://example.com/b&sa=D",
        "https://example.com/b",
        id="google-q-wrapper",
    ),
    P(
        "https://www.google.com/url?q=javascript:alert(1)",
        "https://google.com/url?q=javascript:alert(1)",
        id="unsafe-target-not-unwrapped",
    ),
    P(
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fp&h=AT0",
        "https://example.com/p",
        id="facebook-l-php",
    ),
    P(
        "https://news.google.com/news/url?sa=t&fd=R&url=https://www.example.com/s",
        "https://example.com/s",
        id="old-google-news-wrapper",
    ),
    P(
        "https://www.google.com/amp/s/www.example.com/a/amp/",
        "https://example.com/a",
        id="google-amp-viewer",
    ),
    P(
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a",
        "https://example.com/a",
        id="amp-cache",
    ),
    P(
        "https://nam01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.com%2Fz&data=1",
        "https://example.com/z",
        id="outlook-safelinks",
    ),
    P(
        "https://news.google.com/rss/articles/CBMiK2h0dHBz?oc=5&hl=en-US&gl=US",
        "https://news.google.com/rss/articles/CBMiK2h0dHBz?gl=US&hl=en-US",
        id="google-news-article-kept-minus-oc",
    ),
    P("https://example.com/a?oc=5", "https://example.com/a?oc=5", id="oc-kept-elsewhere"),
    P("ftp://example.com/a", "ftp://example.com/a", id="other-scheme-unchanged"),
    P("  https://example.com/a  ", "https://example.com/a", id="surrounding-space"),
    P("not a url", "not a url", id="garbage-unchanged"),
    P("https://example.com:99999/a", "https://example.com:99999/a", id="bad-port-unchanged"),
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL)
def test_canonical_url_folds_variants_of_one_article(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent() -> None:
    for case in CANONICAL:
        once = canonical_url(case.values[0])
        assert canonical_url(once) == once


SAFE = [
    P("https://example.com/a?b=1", "https://example.com/a?b=1", id="plain-https"),
    P("http://example.com", "http://example.com", id="plain-http"),
    P("  https://example.com/a\n", "https://example.com/a", id="stripped"),
    P("http://[2001:db8::1]:8080/x", "http://[2001:db8::1]:8080/x", id="ipv6-literal"),
    P("https://bücher.example/a", "https://bücher.example/a", id="idn-host"),
    P("javascript:alert(1)", None, id="javascript"),
    P("file:///etc/passwd", None, id="file"),
    P("data:text/html,<b>x</b>", None, id="data"),
    P("//example.com/a", None, id="scheme-relative"),
    P("/relative/path", None, id="relative"),
    P("https://good.example@evil.example/", None, id="userinfo-spoof"),
    P("https://example.com/a\r\nX-Injected: 1", None, id="crlf"),
    P("https://example.com/a b", None, id="inner-space"),
    P("https://example.com/a|b", None, id="pipe"),
    P("https://example.com/<script>", None, id="angle-brackets"),
    P("https://example.com\\@evil.example/", None, id="backslash"),
    P("https://exa\u202emple.com/", None, id="bidi-override"),
    P("https://exa\u200bmple.com/", None, id="zero-width"),
    P("https://example.com:99999/", None, id="port-out-of-range"),
    P("https://example.com:abc/", None, id="port-not-numeric"),
    P("https://example.com:0/", None, id="port-zero"),
    P("https:///path", None, id="no-host"),
    P("https://-bad-.example/", None, id="label-starts-with-dash"),
    P("https://exa_mple..com/", None, id="empty-label"),
    P("https://example.com/" + "a" * 2_000, None, id="too-long"),
    P("", None, id="empty"),
    P(None, None, id="none"),
]


@pytest.mark.parametrize(("url", "expected"), SAFE)
def test_safe_http_url_accepts_only_clean_absolute_links(
    url: str | None, expected: str | None
) -> None:
    assert safe_http_url(url) == expected


def test_safe_http_url_is_fast_on_a_long_hostile_host() -> None:
    # A catastrophic-backtracking host pattern would never finish on this.
    assert safe_http_url("https://" + "a" * 60 + "-" * 60 + "!.example/") is None


@pytest.mark.parametrize(
    ("plain", "escaped"),
    [
        ("https://example.org/a~b/c-d_e.f", "https://example.org/a%7Eb/c%2dd%5Fe%2Ef"),
        ("https://example.org/p?x=1&y=a~b", "https://example.org/p?x=%31&y=a%7eb"),
        ("https://example.org/caf%C3%A9", "https://example.org/café"),
    ],
)
def test_plain_and_percent_escaped_spellings_agree(plain: str, escaped: str) -> None:
    # Plain paths and queries skip the escape normalization; both spellings must still meet.
    assert canonical_url(plain) == canonical_url(escaped)


def test_host_checks_are_per_netloc() -> None:
    assert safe_http_url("http://example.org:8080/a") == "http://example.org:8080/a"
    assert safe_http_url("http://example.org:99999/a") is None
    assert canonical_url("http://example.org:99999/a") == "http://example.org:99999/a"
    assert canonical_url("http://WWW.Example.org:443/a") == "https://example.org:443/a"
