"""An item's identity keys: two items sharing one are the same item.

Promise (pure): `exact_keys(item, sig)` gives the item's keys as strings, each led by its kind
(`KEY_KINDS`): its canonical URL, or its Google News article id for a Google News link; its
GUID (a URL GUID as a URL, any other scoped by the link's host); and its outlet with its
normalized headline, for headlines of three words or more. No duplicates, in that order.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from bot.models import Item
from bot.normalize.urls import canonical_url
from bot.stories.signature import ItemSignature

_GOOGLE_NEWS = "news.google.com"
# What each key's first letter stands for, as reasons name it.
KEY_KINDS = {"u": "canonical URL", "g": "GUID", "n": "Google News article", "t": "title and outlet"}


def exact_keys(item: Item, sig: ItemSignature) -> list[str]:
    """Identity keys of an item; two items sharing one are the same item.

    Google News links (`news.google.com/rss/articles/<id>`) hide the publisher URL, so they
    are keyed by their article id and, like every item, by outlet plus headline. A GUID that
    is not a URL (a node or post number) only means something on its own site, so it is scoped
    by the link's host.
    """
    keys: list[str] = []
    url = (item.url or "").strip()
    news_id = _google_news_id(url)
    canonical = item.canonical_url or (canonical_url(url) if url else "")
    if news_id:
        keys.append("n" + news_id)
    elif canonical:
        keys.append("u" + canonical)
    guid = (item.guid or "").strip()
    if guid and guid != news_id:
        if guid.startswith(("http://", "https://")):
            guid_news = _google_news_id(guid)
            keys.append("n" + guid_news if guid_news else "u" + canonical_url(guid))
        else:
            host = urlsplit(canonical).hostname or item.source
            keys.append(f"g{host}:{guid}")
    outlet = item.outlet or item.source
    if outlet and sig.title_words >= 3:
        keys.append(f"t{outlet.casefold()}|{sig.title_key}")
    return list(dict.fromkeys(keys))


def _google_news_id(url: str) -> str:
    if _GOOGLE_NEWS not in url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.hostname != _GOOGLE_NEWS or "/articles/" not in parts.path:
        return ""
    return parts.path.rstrip("/").rsplit("/", 1)[-1]
