"""Feed HTML to clean, safe, plain text.

Promises: `html_to_text` and `clean_line` never raise, never recurse (a 100k-deep nesting is
one flat loop), run in time linear in the input, and return text with no markup, no
scripts/styles/comments, no control or escape sequences, no bidi overrides or isolates, no
invisible zero-width or TAG characters and no lone surrogates. Entities are decoded exactly
ONE level (HTML semantics): the XML parser already undid the feed's own escaping, so
`&amp;amp;` in the document reaches us as `&amp;` and comes out as `&`; a third level would
corrupt articles that really talk about `&amp;`. Escaping for Slack/email happens at delivery.
"""

from __future__ import annotations

import html
import re
import unicodedata

_TOKEN_RE = re.compile(r"<(?:(!--)|(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>?|(!\[CDATA\[)|[!?][^<>]*>?)")
# Elements whose content is never text.
_RAW_TEXT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}
)
# Elements that end a line of text (HTML Living Standard "block-level" rendering, roughly).
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
_CELL = frozenset({"td", "th"})

# ECMA-48 escape sequences (CSI, OSC, two-byte): terminal codes smuggled in text.
_ESCAPE_SEQ_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]"
)
# Removed wherever they are: C0 (except \t \n \r, which fold to spaces), DEL, C1, soft hyphen,
# Mongolian vowel separator, zero-width space, word joiner and invisible operators, bidi
# embeddings/overrides (U+202A-E) and isolates (U+2066-9) (Unicode TR9; the "Trojan Source"
# CVE-2021-42574 trick), BOM, non-characters, TAG characters (U+E0000-E007F, invisible
# "ASCII smuggling"), and lone surrogates (unencodable; they crash UTF-8 writers later).
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b\u2060-\u2064\u202a-\u202e"
    "\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff\U000e0000-\U000e007f\ud800-\udfff]+"
)
# Joiners and direction marks are legitimate inside non-Latin scripts and emoji sequences, but
# next to ASCII they only serve to break words apart ("Micro\u200dsoft" spoofs a keyword).
_JOINER_NEAR_ASCII_RE = re.compile(
    "(?:(?<=[\x00-\x7f])|^)[\u200c-\u200f\u061c]+|[\u200c-\u200f\u061c]+(?=[\x00-\x7f]|$)"
)
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_ZALGO_RE = re.compile(f"([{_COMBINING}]{{3}})[{_COMBINING}]+")  # no script needs more than 3

_BOILERPLATE_RE = re.compile(
    r"(?:\s|^)(?:The post [^\n]{1,600}? appeared first on [^\n]{1,300}+"
    r"|Continue reading[^\n]{0,160}+"
    r"|Read [Mm]ore(?: (?:at|on) [^\n]{1,80}+)?[^\w\n]{0,6}+"
    r"|\[(?:…|\.\.\.|&hellip;)\]|\(more…\))\s*+\Z"
)
_BOILERPLATE_MARKERS = (" appeared first on ", "Continue reading", "Read ", "[", "(more…)")
_BOILERPLATE_TAIL = 1_200  # the boilerplate regex only ever looks at the end of the text
_LINE_BREAKS = str.maketrans({c: " " for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def html_to_text(html_text: str | None, *, drop_boilerplate: bool = True) -> str:
    """Visible text of an HTML fragment: one line per block element, spaces folded."""
    if not html_text:
        return ""
    if "<" in html_text or "&" in html_text:
        lines = [_clean_chars(line) for line in _blocks(html_text)]
        text = "\n".join(line for line in lines if line)
    else:  # no tag, comment or entity: `_blocks` would return the text as its one block
        text = _clean_chars(html_text)
    return strip_boilerplate(text) if drop_boilerplate else text


def clean_line(text: str | None) -> str:
    """`html_to_text` for one-line fields (titles): every kind of line break becomes a space."""
    if text and text.isascii() and text.isprintable() and "<" not in text and "&" not in text:
        return " ".join(text.split())  # what the general path gives such text, in one step
    return " ".join(html_to_text(text, drop_boilerplate=False).translate(_LINE_BREAKS).split())


def strip_boilerplate(text: str) -> str:
    """Drop trailing "Read more", "Continue reading...", "[…]" and WordPress footers."""
    for _ in range(3):  # e.g. "[…] The post X appeared first on Y."
        head, tail = text[:-_BOILERPLATE_TAIL], text[-_BOILERPLATE_TAIL:]
        # Every alternative of the regex holds one of these literals: a tail without any
        # cannot match, and a substring test costs far less than the regex's scan.
        if not any(marker in tail for marker in _BOILERPLATE_MARKERS):
            break
        match = _BOILERPLATE_RE.search(tail)
        if not match:
            break
        text = (head + tail[: match.start()]).rstrip()
    return text


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """At most `limit` code points, ending in `ellipsis` when cut; never splits a combining
    sequence (accents, ZWJ emoji, variation selectors) and prefers a word boundary."""
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return ellipsis[:limit]
    cut = limit - len(ellipsis)
    while cut > 0 and _continues_grapheme(text[cut]):
        cut -= 1
    space = text.rfind(" ", max(0, cut - 20), cut + 1)  # a word boundary close by, if any
    if space > 0:
        cut = space
    return text[:cut].rstrip() + ellipsis


def _continues_grapheme(char: str) -> bool:
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char in "\u200c\u200d"
        or "\ufe00" <= char <= "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin-tone modifiers
        or "\udc00" <= char <= "\udfff"
    )


def _blocks(src: str) -> list[str]:
    """Split HTML into the raw text of each block, dropping tags, comments and raw-text
    elements. One pass with `re.search` from a moving position: no recursion, no backtracking."""
    blocks: list[str] = []
    parts: list[str] = []
    lowered: str | None = None  # built only if a raw-text element needs its end tag found
    pos, size = 0, len(src)
    while pos < size:
        match = _TOKEN_RE.search(src, pos)
        if match is None:
            parts.append(_decode(src[pos:]))
            break
        if match.start() > pos:
            parts.append(_decode(src[pos : match.start()]))
        comment, closing, name, cdata = match.group(1, 2, 3, 4)
        pos = match.end()
        if comment:
            end = src.find("-->", pos)
            pos = size if end < 0 else end + 3
        elif cdata:
            end = src.find("]]>", pos)
            parts.append(src[pos : size if end < 0 else end])
            pos = size if end < 0 else end + 3
        elif name:
            name = name.lower()
            if name in _RAW_TEXT and not closing and not match.group(0).endswith("/>"):
                lowered = src.lower() if lowered is None else lowered
                end = lowered.find("</" + name, pos)
                pos = size if end < 0 else (lowered.find(">", end) + 1 or size)
            elif name in _BLOCK:
                blocks.append("".join(parts))
                parts = []
            elif name in _CELL:
                parts.append(" ")
    blocks.append("".join(parts))
    return blocks


def _decode(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _clean_chars(text: str) -> str:
    if text.isascii() and text.isprintable():
        # Printable ASCII holds no escape, invisible, joiner or combining character: only
        # the whitespace folding below applies (`isprintable` is false for \t, \n and \r).
        return " ".join(text.split())
    if "\x1b" in text:
        text = _ESCAPE_SEQ_RE.sub("", text)
    # Fold whitespace first (str.split knows U+0085/U+2028/U+2029 and NBSP) so that removing
    # an invisible character never glues two words together.
    text = " ".join(text.split())
    if _INVISIBLE_RE.search(text):
        text = " ".join(_INVISIBLE_RE.sub("", text).split())
    if not text.isascii():
        text = _JOINER_NEAR_ASCII_RE.sub("", text)
        text = _ZALGO_RE.sub(r"\1", text)
    return text.strip()
