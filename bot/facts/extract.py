"""Facts of one item (a story's lead item): see the package doc.

Promise: `FactsExtractor(terms, spec)` compiles, once, the spec's queries over the config's
term lists; `extract(item)` gives
- the parties: the stories' name finder's names in the headline (its outlet suffix removed),
  plus organisations the named term lists find there, minus AI products, deal nouns (MoU)
  and places ("in X"), shown as the headline writes them;
- which are healthcare organisations: the `health_org` query holds on the name and the
  `partner` query (technology and AI companies) does not; a name both could be is the
  partner when another party is plainly a healthcare organisation;
- the deal type: the headline decides, the summary only when the headline says nothing: the
  first of `spec.deal_types` whose query holds, else `partnership`; an amount stated "up to"
  is a milestone deal (`licensing_rd`) unless the headline already said what kind it is;
- the headline amount in US dollars (`money`) and the area (the first hit of the area query,
  title before summary).
A query naming a term list the config lacks is left out, never an error: facts degrade,
matching does not.
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
from bot.stories.headline import strip_outlet

DEAL_TYPES = ("partnership", "deployment", "co_development", "licensing_rd", "investment")
_UP_TO = re.compile(r"\bup[ -]to[ -]", re.IGNORECASE)
_DEAL_NOUNS = {"mou", "mous", "loi", "moa"}
# "in India", "across Europe": a place. Not "invests in X", "stake in X": the partner.
_PLACE_BEFORE = re.compile(r"(?<!invest)(?<!invests)(?<!invested)(?<!stake)\s(?:in|across|throughout)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class FactsSpec:
    """Which queries say what; the defaults name the shipped config's term lists."""

    health_org: str = "@health_org"
    partner: str = "@company OR @ai"
    org_name: str = "@org_name"
    area: str = "@area"
    # a name that is an AI product rather than an organisation (GPT-4, Copilot): not a party
    product: str = "@ai_product AND NOT (@health_org OR @company)"
    # first that holds wins; `partnership` when none does
    deal_types: tuple[tuple[str, str], ...] = (
        ("licensing_rd", "@licensing"),
        ("investment", "@investment AND NOT @acquisition"),
        ("co_development", "@co_development OR (joint NEAR/2 (lab OR labs OR center OR centre OR hub))"
                           " OR build OR builds OR building OR develop OR develops OR developing"),
        ("deployment", "@deployment"),
    )

    def lists(self) -> set[str]:
        """The term lists the queries name (for `lint`: they are used, by the facts)."""
        queries = [self.health_org, self.partner, self.org_name, self.area, self.product,
                   *(q for _, q in self.deal_types)]
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
        queries = [("health_org", spec.health_org), ("partner", spec.partner),
                   ("org_name", spec.org_name), ("area", spec.area), ("product", spec.product),
                   *spec.deal_types]
        self.rules = _compile_available(queries, terms)
        self.deal_types = [name for name, _ in spec.deal_types if name in self.rules.names]

    def extract(self, item: Item) -> Facts:
        title = strip_outlet(item.title or "", item.outlet)
        summary = item.summary or ""
        amount = money.headline_amount(title, summary)
        parties, said = self._parties(title, summary)
        health, partners = _sides(parties, said)
        return Facts(
            parties=parties,
            health_orgs=health,
            partners=partners,
            deal_type=self._deal(title, summary, amount),
            amount_usd=amount,
            area=self._area(title, summary),
        )

    def _deal(self, title: str, summary: str, amount: float | None) -> str:
        said = self._first_deal(_item(title))
        if said is None and amount is not None and _UP_TO.search(f"{title} {summary}"):
            return "licensing_rd"
        return said or self._first_deal(_item(title, summary)) or "partnership"

    def _first_deal(self, item: Item) -> str | None:
        held = set(self.rules.held(item))
        return next((d for d in self.deal_types if d in held), None)

    def _parties(self, title: str, summary: str) -> tuple[tuple[str, ...], dict[str, set[str]]]:
        """The parties, and per party the queries that hold on its name alone (read as a
        one-line headline: one scan a name, whatever is asked of it)."""
        found = names.parties(title, summary)
        if "org_name" in self.rules.names:
            named = self.rules.explain("org_name", _item(title)).hits
            for hit in sorted(named, key=lambda h: h.start):
                text = title[hit.start : hit.end]
                if text[:1].isupper() and not any(text in p or p in text for p in found):
                    found.append(text)
        kept, said = [], {}
        for name in found:
            at = title.find(name)
            if name.lower() in _DEAL_NOUNS or (at > 0 and _PLACE_BEFORE.search(title[:at])):
                continue
            said[name] = set(self.rules.held(_item(name)))
            if "product" not in said[name]:
                kept.append(name)
        kept.sort(key=lambda n: (title.find(n) if n in title else len(title)))
        return tuple(kept), said

    def _area(self, title: str, summary: str) -> str | None:
        if "area" not in self.rules.names:
            return None
        explanation = self.rules.explain("area", _item(title, summary))
        hits = sorted(explanation.hits, key=lambda h: (h.field != "title", h.start))
        return hits[0].text.lower() if hits else None


def _sides(parties: tuple[str, ...], said: dict[str, set[str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Health organisations and partners (see the module doc)."""
    health = {p for p in parties if "health_org" in said[p]}
    partner = {p for p in parties if "partner" in said[p]}
    plain_health = health - partner
    sides = [(p, p in plain_health or (p in health and not plain_health)) for p in parties]
    return tuple(p for p, h in sides if h), tuple(p for p, h in sides if not h)


def _item(title: str, summary: str = "") -> Item:
    return Item(fingerprint="facts", source="", title=title, summary=summary)


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
