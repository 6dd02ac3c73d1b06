"""Which items get article text, and what the article adds to an item. Pure: no I/O.

Light on purpose: the parse workers import it (close queries), never the fetcher.

Promises:
- a candidate is an item a rule matched, or that a rule's "close" query holds for (its
  `enrich_when`, else its learned stage's gate; none while article text is off), whose
  source is not `fulltext: never` and whose feed text is short (`auto`), or any such item
  (`always`);
- `merge`: the article text becomes the item's `content` (when longer than what the feed
  gave), its lede the `summary` when the feed's summary adds nothing to the title, its date
  the `published_at` when the feed gave none, its canonical URL (or the page's own URL) the
  item's when that was a Google News link; the fingerprint never changes;
- `enrich_item`: extraction (for a fetched page), merge and, given the rules, the rules on
  the merged item, in one step: a parse worker runs it, so the event loop's process only
  receives the outcome.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from bot.enrich import googlenews
from bot.enrich.extract import Article, extract, lede
from bot.models import Item, Match
from bot.rules import RuleSet, compile_rules


def close_query(rule: Any) -> str | None:
    """The query that makes an item "close" to `rule` (a `RuleSpec` or its worker dict)."""
    get = rule.get if isinstance(rule, dict) else lambda k: getattr(rule, k, None)
    if get("enrich") is False:  # article text is off: no item is close to anything
        return None
    when = get("enrich_when")
    if when:
        return str(when)
    learned = get("learned")
    gate = learned.get("gate") if isinstance(learned, dict) else getattr(learned, "gate", None)
    return str(gate) if gate else None


def compile_close(rules: Iterable[Any], terms: Mapping[str, list[str]]) -> RuleSet | None:
    """The rules' close queries as one RuleSet (rule names kept), or None when none has one."""
    specs = []
    for rule in rules:
        query = close_query(rule)
        if query:
            get = rule.get if isinstance(rule, dict) else lambda k, r=rule: getattr(r, k)
            specs.append(
                SimpleNamespace(name=get("name"), query=query, min_score=0.0, fields=get("fields"))
            )
    return compile_rules(specs, dict(terms)) if specs else None


def feed_text_short(item: Item, short_text: int) -> bool:
    summary = item.summary if item.summary.strip() != item.title.strip() else ""
    return len(summary) + len(item.content) < short_text


def wanted(item: Item, mode: str, short_text: int) -> bool:
    """Does the source's `fulltext` mode ask for this item's article (if it is a candidate)?"""
    if mode == "never" or not (item.url or item.canonical_url):
        return False
    return mode == "always" or feed_text_short(item, short_text)


def merge(item: Item, article: Article) -> Item:
    """`item` with what the article adds (see the module docstring)."""
    if not article.text:
        return item
    changes: dict[str, Any] = {}
    if len(article.text) > len(item.content):
        changes["content"] = article.text
    summary = item.summary.strip()
    if not summary or summary == item.title.strip() or len(summary) < 40:
        head = lede(article.text)
        if head and head.strip() != item.title.strip():
            changes["summary"] = head
    if item.published_at is None and article.date:
        with contextlib.suppress(ValueError):
            changes["published_at"] = datetime.fromisoformat(article.date).replace(tzinfo=UTC)
    publisher = article.canonical_url or article.url  # the page's own URL when it names none
    if googlenews.is_google_news(item.canonical_url) and publisher and not googlenews.is_google_news(publisher):
        changes["canonical_url"] = publisher
    return replace(item, **changes) if changes else item


@dataclass(frozen=True, slots=True)
class Enriched:
    """One candidate after the stage: its article, the item with what the article adds (the
    same object when it adds nothing), and the rules' matches on that item when they ran."""

    article: Article
    item: Item
    matches: list[Match] | None = None  # None: not matched here (the item is unchanged, or
    # no rules were given); the caller matches where it needs to


def enrich_item(
    item: Item, page: bytes | Article, url: str, max_text: int, rules: RuleSet | None = None
) -> Enriched:
    """`item` with the article of `page` (fetched HTML, extracted here, or an article already
    extracted), and the `rules` on the result when it changed. The page's date is looked for
    only when the item has none (`Article.dated`)."""
    if isinstance(page, Article):
        article = page
    else:  # the page's date only counts when the feed gave none (`merge`)
        article = extract(page, url, max_text, date=item.published_at is None)
    new = merge(item, article)
    matches = rules.match(new) if rules is not None and new is not item else None
    return Enriched(article, new, matches)
