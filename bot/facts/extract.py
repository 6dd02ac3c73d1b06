"""Facts of one item (a story's lead item): see the package doc.

Promise: `FactsExtractor(terms, spec)` compiles, once, the spec's queries over the config's
term lists; `extract(item)` gives the item's parties (the stories' name finder, shown as the
headline writes them), which of them are healthcare organisations (the `health_org` query
holds on the name, or on the name with its org suffix), the deal type (the first of
`spec.deal_types` whose query holds, else `partnership`), the headline amount in US dollars
(`money`) and the area (the first hit of the area query, title before summary). A query
naming a term list the config lacks is left out, never an error: facts degrade, matching
does not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from bot.errors import RuleSyntaxError
from bot.facts import money, names
from bot.models import Item
from bot.rules import RuleSet, compile_rules

DEAL_TYPES = ("partnership", "deployment", "co_development", "licensing_rd", "investment")


@dataclass(frozen=True)
class FactsSpec:
    """Which queries say what; the defaults name the shipped config's term lists."""

    health_org: str = "@health_org"
    area: str = "@area"
    # a name that is an AI product rather than an organisation (GPT-4, Copilot): not a party
    product: str = "@ai_product AND NOT (@health_org OR @company)"
    # first that holds wins; `partnership` when none does
    deal_types: tuple[tuple[str, str], ...] = (
        ("licensing_rd", "@licensing"),
        ("co_development", "@co_development OR (joint NEAR/2 (lab OR labs OR center OR centre))"),
        ("investment", "@investment AND NOT @acquisition"),
        ("deployment", "@adoption AND NOT @co_development"),
    )


    def lists(self) -> set[str]:
        """The term lists the queries name (for `lint`: they are used, by the facts)."""
        queries = [self.health_org, self.area, self.product, *(q for _, q in self.deal_types)]
        return {name for q in queries for name in re.findall(r"@(\w+)", q)}


@dataclass(frozen=True)
class Facts:
    parties: tuple[str, ...] = ()
    health_orgs: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    deal_type: str | None = None
    amount_usd: float | None = None
    area: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "parties": list(self.parties),
            "health_orgs": list(self.health_orgs),
            "partners": list(self.partners),
            "deal_type": self.deal_type,
            "amount_usd": self.amount_usd,
            "area": self.area,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Facts:
        return cls(
            tuple(data.get("parties") or ()), tuple(data.get("health_orgs") or ()),
            tuple(data.get("partners") or ()), data.get("deal_type"), data.get("amount_usd"),
            data.get("area"),
        )


class FactsExtractor:
    def __init__(self, terms: Mapping[str, Sequence[str]], spec: FactsSpec | None = None) -> None:
        spec = spec or FactsSpec()
        queries = [("health_org", spec.health_org), ("area", spec.area), ("product", spec.product),
                   *spec.deal_types]
        self.rules = _compile_available(queries, terms)
        self.deal_types = [name for name, _ in spec.deal_types if name in self.rules.names]

    def extract(self, item: Item) -> Facts:
        title, summary = item.title or "", item.summary or ""
        held = set(self.rules.held(item))
        deal = next((d for d in self.deal_types if d in held), None) or "partnership"
        parties = tuple(p for p in names.parties(title, summary) if not self._held(p, "product"))
        health = tuple(p for p in parties if self._held(p, "health_org"))
        partners = tuple(p for p in parties if p not in health)
        if not partners and len(health) > 1:  # a health system and a health-IT vendor
            health, partners = health[:1], health[1:]
        return Facts(
            parties=parties,
            health_orgs=health,
            partners=partners,
            deal_type=deal,
            amount_usd=money.headline_amount(title, summary),
            area=self._area(item) if "area" in held else None,
        )

    def _held(self, name: str, query: str) -> bool:
        """The query holds on the name alone (a party, read as a one-line headline)."""
        return query in self.rules.held(Item(fingerprint="party", source="", title=name))

    def _area(self, item: Item) -> str | None:
        explanation = self.rules.explain("area", item)
        hits = sorted(explanation.hits, key=lambda h: (h.field != "title", h.start))
        return hits[0].text.lower() if hits else None


def _compile_available(queries: list[tuple[str, str]], terms: Mapping[str, Sequence[str]]) -> RuleSet:
    """The queries whose term lists all exist, compiled together (one scan per item)."""
    specs = []
    for name, query in queries:
        spec = SimpleNamespace(name=name, query=query, min_score=0.0, fields=["title", "summary"])
        try:
            compile_rules([spec], terms)
        except RuleSyntaxError:
            continue  # a list this config does not have: that fact is left out
        specs.append(spec)
    return compile_rules(specs, terms)
