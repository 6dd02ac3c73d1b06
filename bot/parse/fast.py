"""A fast path for the common feed: well-formed UTF-8 RSS 2.0 or Atom 1.0, parsed with lxml.

Promise: `parse` returns exactly the ParsedFeed that the feedparser path would return (same
RawEntry fields, format, title, link, ttl and bozo flag), or None to decline so feedparser
handles the document. It declines anything unusual: a DOCTYPE, a BOM other than UTF-8's, a
charset other than UTF-8 (in the XML declaration or the Content-Type), a non-XML Content-Type,
`xml:base`, a parse error, an element or namespace whose meaning to feedparser it does not
reproduce, markup inside text elements, duplicated fields. `bench/parity.py` checks the
promise over the corpora; where a difference shows up, the fix is to decline.

What it reproduces of feedparser 6.0.x (feedparser/mixin.py `pop` and the `_start_*`/`_end_*`
handlers): whitespace stripping, URI clean-up of `link` and permalink `guid`, the latin-1/UTF-8
double-decoding repair, the cp1252 C1 mapping, the `&amp;` repair of links, a permalink guid
standing in for a missing link, description/content:encoded/summary precedence.

The lxml parser is hardened: no entity resolution, no DTD, no network, no huge trees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from lxml import etree

from bot.models import ParsedFeed, RawEntry
from bot.parse.compat import repair, resolve, rfc822

DateParser = Callable[[str], datetime | None]

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
_IGNORED_NS = {
    "http://purl.org/rss/1.0/modules/syndication/",
    "http://purl.org/rss/1.0/modules/slash/",
    "http://wellformedweb.org/CommentAPI/",
    "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "http://creativecommons.org/ns#",
}
_XML_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}
_XML_DECL_RE = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_LINK_ENTITY_RE = re.compile(r"&([A-Za-z0-9_]+);")

# RSS item children feedparser stores nowhere we read (it keeps them as tags, enclosures...).
CONTENT_ENCODED, DC_CREATOR, DC_DATE = f"{{{CONTENT}}}encoded", f"{{{DC}}}creator", f"{{{DC}}}date"
MEDIA_CONTENT, MEDIA_CREDIT = f"{{{MEDIA}}}content", f"{{{MEDIA}}}credit"
ATOM_LINK = f"{{{ATOM}}}link"
_RSS_ITEM_FIELDS = frozenset(
    {"title", "link", "guid", "description", "pubDate", "author", "source"}
)
_RSS_ITEM_IGNORED = {
    "category",
    "comments",
    "enclosure",
    f"{{{DC}}}subject",
    f"{{{MEDIA}}}thumbnail",
}
_RSS_CHANNEL_IGNORED = {
    "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
    "lastBuildDate", "category", "generator", "docs", "cloud", "image", "rating", "textInput",
    "skipHours", "skipDays", f"{{{DC}}}language", f"{{{DC}}}rights", f"{{{DC}}}date",
    f"{{{DC}}}creator", f"{{{DC}}}publisher",
}  # fmt: skip
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# feedparser maps these onto fields we read (summary, author), unlike the rest of iTunes.
_ITUNES_MAPPED = {f"{{{ITUNES}}}summary", f"{{{ITUNES}}}author"}
# Ignored channel elements whose child elements feedparser keeps in their own context; under
# any other ignored element a child <title> or <link> lands on the feed itself.
_CONTEXT_ELEMENTS = {"image", "textInput", "skipHours", "skipDays"}
_TEXT_TYPES = {"text", "text/plain", "html", "text/html"}
_LINK_ATTRS = {"href", "url", "uri"}  # feedparser takes an RSS <link>'s value from these
_ATOM_ENTRY_IGNORED = {f"{{{ATOM}}}{n}" for n in ("category", "contributor", "rights")}
_ATOM_FEED_IGNORED = {
    f"{{{ATOM}}}{n}" for n in ("updated", "author", "subtitle", "rights", "generator",
                              "icon", "logo", "category", "contributor")
}  # fmt: skip


class Decline(Exception):
    """The document is not one this fast path reproduces exactly; feedparser takes it."""


class TooDeep(Exception):
    """Elements nest deeper than libxml2's default limit (256): no real feed does that."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
        dtd_validation=False, remove_comments=True, remove_pis=True, recover=False,
    )  # fmt: skip


def parse(body: bytes, *, content_type: str | None, parse_date: DateParser) -> ParsedFeed | None:
    """The ParsedFeed feedparser would produce, or None (declined). Raises TooDeep."""
    try:
        _check_encoding(body, content_type)
        root = etree.fromstring(body, _parser())
        if root.getroottree().docinfo.doctype:
            raise Decline("doctype")
        if root.tag == "rss":
            return _rss(root, parse_date)
        if root.tag == f"{{{ATOM}}}feed":
            return _atom(root, parse_date)
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            raise TooDeep(str(exc)) from exc
        return None
    except (Decline, ValueError, UnicodeError):
        return None
    return None


def _check_encoding(body: bytes, content_type: str | None) -> None:
    if body.startswith((b"\xfe\xff", b"\xff\xfe", b"\x00")) or b"<!DOCTYPE" in body[:65_536]:
        raise Decline("utf-16/32 or doctype")
    head = body[3:] if body.startswith(b"\xef\xbb\xbf") else body
    declared = _XML_DECL_RE.match(head)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise Decline("declared charset")
    if not head.startswith(b"<"):
        raise Decline("leading junk")
    body.decode("utf-8")  # UnicodeDecodeError: feedparser would fall back to another charset
    if content_type is not None:
        media, _, params = content_type.partition(";")
        charset = re.search(r"charset\s*=\s*\"?([\w.-]+)", params, re.IGNORECASE)
        if media.strip().lower() not in _XML_TYPES:
            raise Decline("content type")
        if charset is None and media.strip().lower().startswith("text/"):
            raise Decline("text/* without charset means us-ascii (RFC 3023)")
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            raise Decline("http charset")
    if b"xml:base" in body:
        raise Decline("xml:base")


def _rss(root: etree._Element, parse_date: DateParser) -> ParsedFeed:
    if root.get("version") != "2.0" or len(root) != 1 or root[0].tag != "channel":
        raise Decline("rss shape")
    channel = root[0]
    fields: dict[str, str] = {}
    entries = []
    for child in channel:
        tag = child.tag
        if tag == "item":
            entries.append(_rss_item(child, parse_date))
        elif tag in ("title", "link", "ttl"):
            _put(fields, tag, _rss_text(child))
        elif tag == ATOM_LINK:
            if (_attr(child, "rel") or "alternate").lower() not in ("self", "hub", "next", "previous"):
                raise Decline("atom:link in channel")
        elif tag in _ITUNES_MAPPED or (
            tag not in _RSS_CHANNEL_IGNORED and _namespace(tag) not in _IGNORED_NS
        ):
            raise Decline(f"channel child {tag}")
        elif len(child) and tag not in _CONTEXT_ELEMENTS:
            raise Decline(f"children under channel {tag}")
    link = fields.get("link")
    return ParsedFeed(
        entries=tuple(entries),
        format="rss20",
        title=fields.get("title") or None,
        link=_LINK_ENTITY_RE.sub(r"&\1", resolve(link)) if link else None,
        ttl_minutes=ttl_minutes(fields.get("ttl")),
        parser="fast",
    )


def _rss_item(item: etree._Element, parse_date: DateParser) -> RawEntry:
    fields: dict[str, str] = {}
    source_url = None
    permalink = True
    for child in item:
        tag = child.tag
        if tag in _RSS_ITEM_FIELDS:
            _put(fields, tag, _rss_text(child))
            if tag == "guid":
                permalink = (_attr(child, "ispermalink") or "true") == "true"
            elif tag == "source":
                source_url = child.get("url")
        elif tag == CONTENT_ENCODED:
            _put(fields, "content", _rss_text(child))
        elif tag in _ITUNES_MAPPED:
            raise Decline(f"item child {tag}")
        elif tag == DC_CREATOR:
            _put(fields, "author", _text(child))
        elif tag == DC_DATE:
            _put(fields, "updated", _text(child))
        elif tag == MEDIA_CONTENT:
            if any(grandchild.tag != MEDIA_CREDIT for grandchild in child):
                raise Decline("media:content children")
        elif not (tag in _RSS_ITEM_IGNORED or _namespace(tag) in _IGNORED_NS) or len(child):
            raise Decline(f"item child {tag}")
    guid = fields.get("guid")
    if guid is not None and permalink:
        guid = resolve(guid)
    link = fields.get("link")
    if link is not None:
        link = resolve(link)
        if "&" in link:
            link = _LINK_ENTITY_RE.sub(r"&\1", link.replace("&amp;", "&"))
    elif permalink:
        link = guid
    summary = fields.get("description", fields.get("content"))
    return _entry(fields, parse_date, link=link, guid=guid, summary=summary, source_url=source_url)


def _atom(root: etree._Element, parse_date: DateParser) -> ParsedFeed:
    fields: dict[str, str] = {}
    links: list[str] = []
    entries = []
    for child in root:
        tag = child.tag
        if tag == f"{{{ATOM}}}entry":
            entries.append(_atom_entry(child, parse_date))
        elif tag == f"{{{ATOM}}}title":
            _put(fields, "title", _atom_text(child))
        elif tag == f"{{{ATOM}}}link":
            _atom_link(child, links)
        elif tag == f"{{{ATOM}}}id":
            _put(fields, "id", resolve(_text(child)))
        elif tag not in _ATOM_FEED_IGNORED:
            raise Decline(f"feed child {tag}")
    return ParsedFeed(
        entries=tuple(entries),
        format="atom10",
        title=fields.get("title") or None,
        link=(links[-1] if links else fields.get("id")) or None,
        parser="fast",
    )


def _atom_entry(entry: etree._Element, parse_date: DateParser) -> RawEntry:
    fields: dict[str, str] = {}
    links: list[str] = []
    for child in entry:
        tag = child.tag
        name = tag[len(ATOM) + 2 :] if tag.startswith(f"{{{ATOM}}}") else ""
        if name in ("title", "summary", "content"):
            if name == "content" and child.get("src") is not None:
                raise Decline("content@src")
            _put(fields, name, _atom_text(child))
        elif name in ("id", "published", "updated"):
            _put(fields, name, _text(child))
        elif name == "link":
            _atom_link(child, links)
        elif name == "author":
            if [c.tag for c in child] != [f"{{{ATOM}}}name"]:
                raise Decline("author shape")
            _put(fields, "author", _text(child[0]))
        elif tag not in _ATOM_ENTRY_IGNORED:
            raise Decline(f"entry child {tag}")
    summary = fields.get("summary", fields.get("content"))
    # feedparser treats <id> like an RSS permalink guid (mixin.py `_end_id = _end_guid`):
    # URI-cleaned, and the link when no alternate link exists.
    guid = resolve(fields["id"]) if "id" in fields else None
    link = links[-1] if links else guid
    return _entry(fields, parse_date, link=link, guid=guid, summary=summary)


def _atom_link(link: etree._Element, links: list[str]) -> None:
    href = link.get("href")
    if href is None or len(link):
        raise Decline("link without href")
    # feedparser lower-cases `rel` and `type` values and defaults them (mixin.py _start_link).
    rel = (_attr(link, "rel") or "alternate").lower()
    kind = (
        _attr(link, "type") or ("application/atom+xml" if rel == "self" else "text/html")
    ).lower()
    if rel == "alternate" and kind in ("text/html", "application/xhtml+xml", "html", "xhtml"):
        links.append(resolve(href))


def _atom_text(element: etree._Element) -> str:
    if element.get("type", "text") not in _TEXT_TYPES or element.get("mode") is not None:
        raise Decline("xhtml, base64 or other text construct")
    return _text(element)


def _rss_text(element: etree._Element) -> str:
    """An RSS text element's value; declined where feedparser reads it otherwise: a `mode`
    (base64, escaped) or non-text `type`, or a <link> whose value sits in an attribute."""
    attrs = {str(k).lower() for k in element.attrib}
    if "mode" in attrs or (_attr(element, "type") or "text").lower() not in _TEXT_TYPES:
        raise Decline("text element with mode or type")
    if element.tag == "link" and attrs & _LINK_ATTRS:
        raise Decline("link with an href, url or uri attribute")
    return _text(element)


def _entry(
    fields: dict[str, str],
    parse_date: DateParser,
    *,
    link: str | None,
    guid: str | None,
    summary: str | None,
    source_url: str | None = None,
) -> RawEntry:
    published_raw = fields.get("pubDate", fields.get("published"))
    updated_raw = fields.get("updated")
    published = None
    if published_raw:
        known, published = rfc822(published_raw)
        if not known:
            published = parse_date(published_raw)
    texts = [t for t in (fields.get("content"), summary) if t]
    return RawEntry(
        title=fields.get("title") or None,
        link=link or None,
        guid=guid or None,
        summary=summary or None,
        content=max(texts, key=len) if texts else None,
        published=published,
        published_raw=published_raw or None,
        updated=parse_date(updated_raw) if updated_raw else None,
        author=fields.get("author") or None,
        source_title=fields.get("source") or None,
        source_url=source_url or None,
    )


def _text(element: etree._Element) -> str:
    """feedparser's `pop`: stripped text, double-decoding repaired, cp1252 C1 mapped."""
    if len(element):
        raise Decline("markup inside a text element")
    return repair((element.text or "").strip())


def _attr(element: etree._Element, name: str) -> str | None:
    """An attribute by case-insensitive name, as feedparser lower-cases attribute names."""
    for key, value in element.attrib.items():
        if isinstance(key, str) and key.lower() == name:
            return str(value)
    return None


def _put(fields: dict[str, str], key: str, value: str) -> None:
    if key in fields:
        raise Decline(f"duplicate {key}")
    fields[key] = value


def _namespace(tag: object) -> str:
    if not isinstance(tag, str):
        raise Decline("comment or entity node")
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def ttl_minutes(value: object) -> int | None:
    """RSS `<ttl>` as minutes, capped at a week; None when absent or not a number."""
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or len(text) > 7:
        return None
    return min(int(text), 7 * 24 * 60) or None
