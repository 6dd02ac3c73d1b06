"""Facts of one item (a story's lead item): see the package doc.

Promise: `FactsExtractor(terms, spec)` compiles, once, the spec's queries over the config's
term lists; `extract(item)` gives
- the parties: the stories' name finder's names in the headline (its outlet suffix removed),
  joined with the organisations the named term lists find there and, in Japanese, Chinese
  and Korean headlines, the names their grammar places (`cjk`), as the headline writes them
  (`names`); minus AI products, deal nouns (MoU), and names whose place says they are no
  party (a place "in X", a topic "on X", a quoted programme, a thing built, a possessive
  place), unless a named list knows the organisation;
- which are healthcare organisations and which partners (`sides`: kinds, then the deal's
  need of both sides);
- the deal type (`deal.decide` over the cue kinds of `spec.cues` in the headline and in
  the summary; a named AI product in the headline, a choosing verb whose object is a
  named party or product, or a deal "for" one (its purchase), is a deployment cue, and
  then launching a thing is no joint build; the summary's choosing verb before a name the
  headline gives ("will use X") a deployment cue of the summary; a headline amount "up
  to", or one of a deal
  about drug discovery, a licensing one);
- the headline amount in US dollars (`money`) and the area (the first hit of the area query,
  title before summary).
A query naming a term list the config lacks is left out, never an error: facts degrade,
matching does not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

from bot.errors import RuleSyntaxError
from bot.facts import cjk, deal, money, names, sides
from bot.facts.names import Span
from bot.models import Item
from bot.rules import RuleSet, compile_rules
from bot.stories.headline import strip_outlet

_DEAL_NOUNS = {"mou", "mous", "loi", "moa"}
_UP_TO = re.compile(r"\bup[ -]to[ -]", re.IGNORECASE)
# a choosing verb's object: the next words ("picks Microsoft's DAX Copilot", "taps Google Cloud")
_OBJECT_GAP = re.compile(r"\s+(?:(?:the|its|their|an?)\s+)?$")
# a deal "for" a named party or product is its purchase ("inks agreement for X's AI scribe",
# "signs contract for X"): procurement words, where "with X" names a partner
_FOR_GAP = re.compile(r"\s+(?:for|für|pour|para|per)\s+(?:(?:the|its|their|an?)\s+)?$", re.IGNORECASE)
_AS_ROLE = re.compile(r"^\S*(?:\s+\S+){0,1}\s+as\s", re.IGNORECASE)  # "picks X as partner"


@dataclass(frozen=True)
class FactsSpec:
    """Which queries say what; the defaults name the shipped config's term lists."""

    health_org: str = "@health_org"
    partner: str = "@company OR @ai"
    # a healthcare organisation that supplies technology (medtech, health IT): the partner
    # of a deal between healthcare organisations
    vendor: str = "@health_vendor"
    org_name: str = "@org_name"
    area: str = "@area"
    # a name that is an AI product rather than an organisation (GPT-4, Copilot): not a party
    product: str = "@ai_product AND NOT (@health_org OR @company)"
    # the cue kinds of `deal.decide`, each a query
    cues: tuple[tuple[str, str], ...] = (
        ("licensing_rd", "@licensing"),
        ("investment", "@investment AND NOT @acquisition"),
        # "joint AI research", "joint imaging lab": the label rule's joint work, with its modifiers
        ("co_development",
         "@co_development OR (joint NEAR/2 (lab OR labs OR center OR centre OR hub OR research))"),
        # a headline's verb of making ("X and Y build ...") or a deal about a thing built
        # ("partner on AI tools"); in a summary these words tell the work ("builds on",
        # "will build tools"), not the deal
        ("making", "@making OR ((@partnership PRE/4 on) AND (on PRE/3 @artifact))"),
        # opening a thing ("launch a lab"): a joint build, unless a named partner's product
        ("opening", "@opening NEAR/6 @artifact"),
        ("deployment", "@deployment"),
        ("choice", "@deployment_choice"),  # deployment only with a named object
        ("agreement", "@partnership"),
        ("formal", "@deal_name"),  # a partnership, pact, MoU, deal: named, not joint work
        ("rd_subject", "@rd_subject"),  # drug discovery or design: with an amount, licensing
    )

    def lists(self) -> set[str]:
        """The term lists the queries name (for `lint`: they are used, by the facts)."""
        queries = [self.health_org, self.partner, self.vendor, self.org_name, self.area, self.product,
                   *(q for _, q in self.cues)]
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
        # What is asked of a name alone, and what of the headline and summary: two rule sets,
        # so that a name is scanned only for the terms that can say what it is.
        of_names = [("health_org", spec.health_org), ("partner", spec.partner),
                    ("vendor", spec.vendor), ("org_name", spec.org_name), ("product", spec.product)]
        self.name_rules = _compile_available(of_names, terms)
        self.rules = _compile_available([("org_name", spec.org_name), ("area", spec.area), *spec.cues], terms)

    def extract(self, item: Item) -> Facts:
        title = strip_outlet(item.title or "", item.outlet)
        summary = item.summary or ""
        amount = money.headline_amount(title, summary)
        parties, said, products = self._parties(title, summary)
        health, partners = sides.split([title[a:b] for a, b in parties], said, title)
        return Facts(
            parties=tuple(title[a:b] for a, b in parties),
            health_orgs=health,
            partners=partners,
            deal_type=self._deal(title, summary, parties, products),
            amount_usd=amount,
            area=self._area(title, summary),
        )

    def _deal(self, title: str, summary: str, parties: list[Span], products: list[Span]) -> str:
        headline = set(self.rules.held(_item(title)))
        named = [*parties, *products]
        chosen = "choice" in headline and self._names_after("choice", title, named, _OBJECT_GAP)
        bought = "formal" in headline and self._names_after("formal", title, named, _FOR_GAP)
        if "making" in headline or ("opening" in headline and not chosen):
            headline.add("co_development")
        if products or chosen or bought:
            headline.add("deployment")  # a named AI product, or a named partner's, put to work
        if "agreement" in headline and "formal" not in self.rules.names:
            headline.add("formal")  # a config without the formal names: every deal word is one
        below = set(self.rules.held(_item("", summary))) if summary else set()
        if "choice" in below and self._names_after("choice", summary, _spans_in(summary, title, named),
                                                   _OBJECT_GAP):
            below.add("deployment")  # "the system will use Quillon": the summary's own choice
        if headline.isdisjoint(deal.SPECIFIC) and _payments_told(title, headline | below):
            headline.add("licensing_rd")
        elif _UP_TO.search(summary) and money.amounts(summary):
            below.add("licensing_rd")
        return deal.decide(headline, below)

    def _names_after(self, cue: str, text: str, named: list[Span], gap: re.Pattern[str]) -> bool:
        """A hit of the cue right before (across `gap`) a named party or product, not cast
        "as" a partner: a choosing verb's object ("picks X", "taps X"), a deal's purchase
        ("agreement for X")."""
        for hit in self.rules.explain(cue, _item(text)).hits:
            for start, end in named:
                if start >= hit.end and gap.fullmatch(text[hit.end : start]) and not _AS_ROLE.match(text[end:]):
                    return True
        return False

    def _parties(self, title: str, summary: str) -> tuple[list[Span], dict[str, set[str]], list[Span]]:
        """The parties' spans, per party the queries that hold on its name alone (read as a
        one-line headline), and the spans of AI products named."""
        known = []
        if "org_name" in self.rules.names:
            hits = self.rules.explain("org_name", _item(title)).hits
            known = [(h.start, h.end) for h in hits if title[h.start : h.start + 1].isupper()]
        found = _split_known(names.spans(title, summary, known + cjk.spans(title)), known, title)
        kept: list[Span] = []
        said: dict[str, set[str]] = {}
        products: list[Span] = []
        for i, span in enumerate(found):
            name = title[span[0] : span[1]]
            if name.lower() in _DEAL_NOUNS:
                continue
            held = said.setdefault(name, set(self.name_rules.held(_item(name))))
            if "product" in held:
                products.append(span)
                continue
            role = names.role(title, span, found[i + 1][0] if i + 1 < len(found) else None)
            if role is None or "org_name" in held or (role in names.PLACES and _org_kind(held)):
                kept.append(span)
        return kept, said, products

    def _area(self, title: str, summary: str) -> str | None:
        if "area" not in self.rules.names:
            return None
        explanation = self.rules.explain("area", _item(title, summary))
        hits = sorted(explanation.hits, key=lambda h: (h.field != "title", h.start))
        return hits[0].text.lower() if hits else None


def _spans_in(text: str, title: str, named: list[Span]) -> list[Span]:
    """Where the headline's named parties and products recur in `text` (the summary)."""
    out = []
    for a, b in named:
        name = title[a:b]
        out.extend((m.start(), m.end()) for m in re.finditer(re.escape(name), text))
    return out


def _payments_told(title: str, cues: set[str]) -> bool:
    """A headline amount that is a licensing deal's payments, when the headline names no other
    kind ("to invest up to $4B"): a ceiling ("up to $5.2B": milestones), or the worth of a
    deal about drug discovery (a discovery deal's stated value is its upfront and milestones)."""
    if not money.amounts(title):
        return False
    return bool(_UP_TO.search(title)) or "rd_subject" in cues


def _org_kind(held: set[str]) -> bool:
    """An organisation by its kind ("Emory Healthcare", "Quillon AI"): no place or topic."""
    return "health_org" in held or "partner" in held


def _split_known(found: list[Span], known: list[Span], title: str) -> list[Span]:
    """"Abridge & Epic": a span that joins two listed names with "&" or "and" is both."""
    out = []
    for start, end in found:
        inner = sorted(k for k in known if start <= k[0] and k[1] <= end)
        joined = len(inner) > 1 and all(
            re.fullmatch(r"\s*(?:&|and|,)\s*", title[a[1] : b[0]]) for a, b in pairwise(inner))
        out.extend(inner if joined else [(start, end)])
    return out


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
