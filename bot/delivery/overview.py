"""The digest's overview of its period's deals, above the stories. Pure: facts in, a dict out.

Promise: `overview(facts_of_stories)` counts the stories whose facts name a deal type (the
deals), per deal type (most first, then in `DEAL_ORDER`), sums the stated amounts, and names
the most active organisations (parties counted once per story; names compared case- and
space-insensitively, shown as first written; ties by name). The dict is what a
`DigestMessage` carries (`overview`) and the templates read; its values are feed-derived
text, escaped by each template like feed text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from bot.delivery.messages import DEAL_LABELS, money_text

DEAL_ORDER = tuple(DEAL_LABELS)
TOP_ORGS = 5


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def overview(stories_facts: Iterable[Mapping[str, Any] | None], top: int = TOP_ORGS) -> dict[str, Any]:
    """`{"deals", "by_type": [[label, n]], "top_orgs": [[name, n]], "amount_usd", "amount_text"}`."""
    types: Counter[str] = Counter()
    orgs: Counter[str] = Counter()
    shown: dict[str, str] = {}
    total = 0.0
    deals = 0
    for facts in stories_facts:
        if not facts or not facts.get("deal_type"):
            continue
        deals += 1
        types[str(facts["deal_type"])] += 1
        amount = facts.get("amount_usd")
        if isinstance(amount, (int, float)) and not isinstance(amount, bool) and amount > 0:
            total += float(amount)
        seen: set[str] = set()
        for name in facts.get("parties") or ():
            key = _key(str(name))
            if key and key not in seen:
                seen.add(key)
                shown.setdefault(key, str(name))
                orgs[key] += 1
    order = {t: i for i, t in enumerate(DEAL_ORDER)}
    by_type = sorted(types.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))
    active = sorted(((k, n) for k, n in orgs.items() if n > 1 or deals <= top),
                    key=lambda kv: (-kv[1], kv[0]))[:top]
    return {
        "deals": deals,
        "by_type": [[DEAL_LABELS.get(t, t), n] for t, n in by_type],
        "top_orgs": [[shown[k], n] for k, n in active],
        "amount_usd": total or None,
        "amount_text": money_text(total),
    }
