"""Facts of one item (a story's lead item): see the package doc.

Promise: `FactsExtractor(terms, spec)` compiles, once, the spec's queries over the config's
term lists; `extract(item)` gives
- the parties: the stories' name finder's names in the headline (its outlet suffix removed),
  joined with the organisations the named term lists find there and, in Japanese, Chinese
  and Korean headlines (`cjk`) and in Hindi, Arabic, Hebrew and Thai ones (`joiners`), the
  names their grammar places, as the headline writes them (`names`), a list of places one
  organisation's name holds kept as one (`compound`), a Nordic health region named in full
  (`regions`); minus AI products, deal nouns (MoU), and names whose place says they are no
  party (a place "in X", a topic "on X", a quoted programme, a thing built, a possessive
  place, a kind of technology alone: "AI", "ICT", `technology`), unless a named list knows the organisation;
- which are healthcare organisations and which partners (`sides`: kinds, then the deal's
  need of both sides);
- the deal type (`deal.decide` over the cue kinds that `cues.read` finds with the queries
  of `spec.cues` and the named parties and products);
- the headline amount in US dollars (`money`) and the area (the first hit of the area query,
  title before summary).
A query naming a term list the config lacks is left out, never an error: facts degrade,
matching does not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

from bot.errors import RuleSyntaxError
from bot.facts import acronyms, cjk, cues, deal, dealmodel, joiners, makers, money, names, sides
from bot.facts.compound import joined as _listed_as_one
from bot.facts.cues import item as _item
from bot.facts.names import Span
from bot.facts.regions import placed as _region_named
from bot.facts.technology import named as _technology
from bot.models import Item
from bot.rules import RuleSet, compile_rules
from bot.stories.headline import strip_outlet
from bot.stories.memo import memo
from bot.stories.names import KEY_DROP

_DEAL_NOUNS = {"mou", "mous", "loi", "moa"}
_NAMES_REMEMBERED = 4096  # names whose queries are kept: a few days of news's organisations


@dataclass(frozen=True)
class FactsSpec:
    """Which queries say what; the defaults name the shipped config's term lists."""

    health_org: str = "@health_org"
    partner: str = "@company OR @ai"
    # a healthcare organisation that supplies technology (medtech, health IT): the partner
    # of a deal between healthcare organisations
    vendor: str = "@health_vendor"
    # a technology company of the named list (not an AI company): the partner beside an AI one
    tech: str = "@tech_company"
    org_name: str = "@org_name"
    area: str = "@area"
    # a name that is an AI product rather than an organisation (GPT-4, Copilot): not a party
    product: str = "@ai_product AND NOT (@health_org OR @company)"
    # the cue kinds of `deal.decide`, each a query
    cues: tuple[tuple[str, str], ...] = (
        ("licensing_rd", "@licensing"),
        # money into the partner: an equity word, or leading or joining its funding round
        ("investment", "(@investment OR ((leads OR led OR co-leads OR co-led OR joins OR joined) NEAR/6 @funding))"
                       " AND NOT @acquisition"),
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
        queries = [self.health_org, self.partner, self.vendor, self.tech, self.org_name, self.area, self.product,
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
    def __init__(self, terms: Mapping[str, Sequence[str]], spec: FactsSpec | None = None,
                 deal_model: dealmodel.DealModel | str | None = "default") -> None:
        """`deal_model`: the learned second opinion on deal types ("default": the packaged
        model when it is there; None: the written procedure alone)."""
        spec = spec or FactsSpec()
        self.deal_model: dealmodel.DealModel | None = _default_model() if isinstance(deal_model, str) else deal_model
        # What is asked of a name alone, and what of the headline and summary: two rule sets,
        # so that a name is scanned only for the terms that can say what it is.
        of_names = [("health_org", spec.health_org), ("partner", spec.partner),
                    ("vendor", spec.vendor), ("tech", spec.tech), ("org_name", spec.org_name),
                    ("product", spec.product)]
        self.name_rules = _compile_available(of_names, terms)
        self.rules = _compile_available([("org_name", spec.org_name), ("area", spec.area), *spec.cues], terms)
        self.rules.remember(8)  # one item's headline and summary are read for several queries
        # What holds on a name alone depends on its text only, and organisations recur from
        # item to item: the latest names' answers are kept (bounded: a long run stays small).
        self._said_of = memo(self._name_queries, _NAMES_REMEMBERED)

    def extract(self, item: Item) -> Facts:
        title = strip_outlet(item.title or "", item.outlet)
        summary = item.summary or ""
        amount = money.headline_amount(title, summary)
        # the area first: it scans the headline and the summary, which the other queries then
        # read from the rule set's memo, with no presence pass of their own
        area = self._area(title, summary)
        parties, said, products = self._parties(title, summary)
        # a party named twice ("Chugai and PFN partner; Chugai to invest") is one party
        named = _once([title[a:b] for a, b in parties])
        if len(named) < 2 and summary:
            # A deal has two sides; a headline naming one ("Sutter Health to pilot a voice
            # assistant", "Midwest health systems launch AI consortium with Nvidia") leaves the
            # other to the summary's first sentence, read for organisations it plainly names.
            named += self._summary_parties(summary, named, said)
        health, partners = sides.split(named, said, title)
        if products and not partners:
            # "Ohio State brings DAX Copilot to its physicians": the product's maker is the partner
            who = makers.maker(title[products[0][0] : products[0][1]])
            if who is not None and not any(_same_name(who, name) for name in named):
                named, partners = [*named, who], (who,)
        # "UCLH (University College London Hospitals)": an acronym the summary spells out
        full = {name: acronyms.spelled(name, summary) for name in named}
        return Facts(
            parties=tuple(full[n] for n in named),
            health_orgs=tuple(full.get(n, n) for n in health),
            partners=tuple(full.get(n, n) for n in partners),
            deal_type=self._deal(title, summary, parties, products),
            amount_usd=amount,
            area=area,
        )

    def _deal(self, title: str, summary: str, parties: list[Span], products: list[Span]) -> str:
        headline, below, procedure = self._cues(title, summary, parties, products)
        if self.deal_model is None or not headline.isdisjoint(deal.MONEY):
            return procedure  # how the headline says the money is structured: the procedure is surest
        return self.deal_model.predict(dealmodel.features(title, summary, headline, below, procedure))

    def deal_cues(self, item: Item) -> tuple[set[str], set[str], str]:
        """The headline's and the summary's cue kinds and the procedure's deal type (training)."""
        title = strip_outlet(item.title or "", item.outlet)
        summary = item.summary or ""
        parties, _, products = self._parties(title, summary)
        return self._cues(title, summary, parties, products)

    def _cues(self, title: str, summary: str, parties: list[Span], products: list[Span]
              ) -> tuple[set[str], set[str], str]:
        headline, below = cues.read(self.rules, title, summary, [*parties, *products], bool(products))
        return headline, below, deal.decide(headline, below)

    def _parties(self, title: str, summary: str) -> tuple[list[Span], dict[str, set[str]], list[Span]]:
        """The parties' spans, per party the queries that hold on its name alone (read as a
        one-line headline), and the spans of AI products named."""
        known = []
        if "org_name" in self.rules.names:
            hits = self.rules.hits("org_name", _item(title))
            known = [(h.start, h.end) for h in hits if title[h.start : h.start + 1].isupper()]
        found = _split_known(names.spans(title, summary, known + cjk.spans(title) + joiners.spans(title)), known, title)
        found = _listed_as_one(title, _region_named(title, found), lambda name: not self._said_of(name))
        kept: list[Span] = []
        said: dict[str, set[str]] = {}
        products: list[Span] = []
        things = [_named_thing(title, span) for span in found]
        for i, span in enumerate(found):
            name = title[span[0] : span[1]]
            owned = _OWNED_EVENT.search(name)
            if owned:  # "Quorvo Health's Lung Screening Initiative": the programme's owner is the party
                span = (span[0], span[0] + owned.start())
                name = title[span[0] : span[1]]
            if name.lower() in _DEAL_NOUNS or _bracketed(title, span) or names.region(name):
                continue
            held = said.setdefault(name, set(self._said_of(name)))
            if "product" in held:
                products.append(span)
                continue
            if "org_name" not in held and (things[i] or _THING_HEAD.search(name) or _technology(name)):
                continue  # a thing or a technology named, not a party; no AI product either (no deployment cue)
            if names.owned(title, span):
                continue
            # "Quillon's K Pro agents": the owner of a product named is its maker, a party
            after = found[i + 1][0] if i + 1 < len(found) and not things[i + 1] else None
            role = names.role(title, span, after)
            if role is None or ("org_name" in held and role != "venture") or (role in names.PLACES and _org_kind(held)):
                kept.append(span)
        return kept, said, products

    def _name_queries(self, name: str) -> frozenset[str]:
        """The name queries that hold on `name` alone, read as a one-line headline, and
        `sides.BRAND` when only a brand's word of health says healthcare ("Kaia Health")."""
        held = frozenset(self.name_rules.held(_item(name)))
        stem = sides.unbranded(name) if "vendor" not in held else None
        if stem is not None and "health_org" not in self.name_rules.held(_item(stem)):
            return held | {sides.BRAND}
        return held

    def _summary_parties(self, summary: str, named: list[str], said: dict[str, set[str]]) -> list[str]:
        """Organisations the summary's first sentence names that the headline did not: only
        those a list or an organisation-type word vouches for (a summary's other capitalised
        words are people, places and products as often)."""
        sentence = _FIRST_SENTENCE.match(summary)
        text = sentence.group(0) if sentence else summary
        spans, heard, _ = self._parties(text, "")
        out: list[str] = []
        for a, b in spans:
            name = text[a:b]
            maker = _MAKER_OF.match(text, b) is not None  # it supplies the product: the partner's side
            if not (maker or heard[name] & _VOUCHED) or any(_same_name(name, other) for other in [*named, *out]):
                continue
            said.setdefault(name, heard[name] | {"partner"} if maker else heard[name])
            out.append(name)
        return out

    def _area(self, title: str, summary: str) -> str | None:
        if "area" not in self.rules.names:
            return None
        hits = sorted(self.rules.hits("area", _item(title, summary)), key=lambda h: (h.field != "title", h.start))
        return hits[0].text.lower() if hits else None


# A name ending in a kind of software or computing product ("Gefion Supercomputer", "Thoracic
# Care Suite", "Foundation Models") names a thing, not a party (general product vocabulary)
_THING_KINDS = (r"(?:supercomputers?|suite|platforms?|software|algorithms?|apps?|models?|tools?|assistants?|agents?"
                r"|scribes?|chatbots?|copilots?)")
# ... or a kind of programme or event ("Lung Cancer Initiative", "Responsible AI Summit"): what
# a party runs, not the party (general vocabulary of programmes and events)
_EVENT_KINDS = r"(?:initiatives?|summits?|programmes?|programs?|projects?|conferences?|awards?)"
_THING_HEAD = re.compile(rf"\b(?:{_THING_KINDS}|{_EVENT_KINDS})$", re.IGNORECASE)
_OWNED_EVENT = re.compile(rf"['’]s\s.*\b{_EVENT_KINDS}$", re.IGNORECASE)
# ... or a name a possessive gives its kind of product after it ("Owkin's K Pro agents", "Aidoc's
# aiOS platform"), or a kind of product names before it ("AI assistant Dora")
_THING_AFTER = re.compile(rf"\s+(?:AI\s+)?{_THING_KINDS}\b", re.IGNORECASE)
_THING_BEFORE = re.compile(rf"\b(?:{_THING_KINDS}|{_EVENT_KINDS})\s+$", re.IGNORECASE)  # and "project BIGPICTURE"
_POSSESSED = re.compile(r"['’]s\s+$")
# ... and a name owning a kind of product a few words on ("Bayesient's sepsis prediction
# model"): the product's maker, an organisation
_MAKER_OF = re.compile(rf"['’]s\s+(?:[\w-]+\s+){{0,3}}?{_THING_KINDS}\b", re.IGNORECASE)


def _named_thing(title: str, span: Span) -> bool:
    """Whether the name at `span` is a product by the words around it (see `_THING_AFTER`)."""
    start, end = span
    before = title[:start]
    return bool(_THING_BEFORE.search(before)) or (bool(_POSSESSED.search(before)) and bool(_THING_AFTER.match(title, end)))


_FIRST_SENTENCE = re.compile(r".+?[.;!?](?=\s+[A-Z\"“]|\s*$)|.+", re.DOTALL)
_VOUCHED = frozenset({"org_name", "health_org", "partner"})


@functools.cache
def _default_model() -> dealmodel.DealModel | None:
    """The packaged deal-type model, read once per process; None where it is not installed."""
    return dealmodel.load(dealmodel.DEFAULT_PATH) if dealmodel.DEFAULT_PATH.exists() else None


def _same_name(one: str, other: str) -> bool:
    """Whether two names share a word ("Microsoft" and "Nuance (Microsoft)"), or one holds the
    other (CJK writes no spaces: "大阪病院" in "JCHO大阪病院"). The words every kind of
    organisation ends in are shared by any two ("Scriba Health", "Harborview Ridge Health"):
    they say nothing."""
    a, b = one.casefold(), other.casefold()
    return a in b or b in a or bool((set(re.findall(r"\w+", a)) & set(re.findall(r"\w+", b))) - KEY_DROP)


def _once(names: list[str]) -> list[str]:
    """Each name once, where it first stands."""
    seen: set[str] = set()
    out = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


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


# Japanese and Chinese headlines put what is made or sold in corner or title brackets
# (「SB TEMPUS」 the joint venture, 「Tokyo-1」 the supercomputer, 《...》 a programme): a thing,
# not a party to the deal.
_OPEN_BRACKETS, _CLOSE_BRACKETS = "「『《〈", "」』》〉"


def _bracketed(title: str, span: tuple[int, int]) -> bool:
    start, end = span
    return start > 0 and end < len(title) and title[start - 1] in _OPEN_BRACKETS and title[end] in _CLOSE_BRACKETS
