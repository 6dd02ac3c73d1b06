"""Which parties are healthcare organisations and which are partners, from general kinds.

Promise: `split(parties, said, title)` returns (health_orgs, partners), each in headline
order, every party on exactly one side. `said[name]` holds the facts queries that hold on
the name alone (`health_org`: an organisation-type word of healthcare or a listed
healthcare organisation; `partner`: a technology or AI company, listed or by its kind).
- Evidence from the name's form adds to it: a health kind glued to a brand ("SingHealth",
  "MedTech") is health, and so is a Nordic region, which gives care (`regions`); an AI
  domain or suffix ("Qure.ai", "Tempus AI") is a partner.
- A brand's word of health ending a name ("Kaia Health", "Subtle Medical", "DreaMed"; the
  caller marks such a name `BRAND` in `said` when its name without the word, `unbranded`,
  is of no health kind) is weak evidence: health systems and health-AI makers are named
  alike. Beside a company's kind (listed, or "X Health AI") it is none; where every health
  name is such and another party has no kind at all, the names are read in headline order
  ("Harwick Mutual partners with Quillon Health": Harwick is the health side).
- Between healthcare organisations only, one that supplies technology (`vendor`: medtech,
  health IT) is the partner, else of two, the one no list names and no kind word of a
  carer (hospital, trust, clinic) qualifies, or the one health only by a brand's word
  ("K Health" beside "Cedars-Sinai", "Quillon Health" beside "Harwick Health System"), else
  the one the headline deals with ("signs a deal with Y", "invests in Y"); between
  technology companies only, a listed technology company (`tech`) is the partner and the
  others (AI biotechs, health-AI makers) the health side.
- A name with evidence for one side only goes there. A name with both ("Google Health",
  "IBM Watson Health") supplies the AI, so it is the partner when another party is plainly
  a healthcare organisation, else the healthcare organisation.
- Unknown names (no evidence) complete the deal: a deal has a healthcare organisation (the
  rules require one) and a partner, so the first unknown fills an empty health side, the
  next ones an empty partner side; past that an unknown listed right after another party
  ("X, Y and Z") shares its side (consortium members together), else it is a partner.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.facts.regions import REGION

_HEALTH_GLUED = re.compile(r"[a-z](?:Health|Care|Med|MedTech|Medical|Pharma|Clinic|Bio)$")
# A brand's word of health after a brand's own name, ending it (before a kind word it is
# part of the kind: "Quillon Health System"): the word "health" in the headline
# languages read, "Medical", "Med" glued to a brand ("DreaMed"). Health systems are named so
# ("Quillon Health"), and so are as many health-AI and medtech makers ("Kaia Health", "Subtle
# Medical"): by itself, no evidence of either side. A body's "Ministry of Health" is no brand.
_BRAND_WORD = re.compile(r"(\S+)\s(?:Health(?:\sCare)?|Healthcare|HealthCare|Medical|Santé|Salud|Saúde|Gesundheit|Salute)"
                         r"(?=(?:\sAI)?$)|[a-z](?:Med|MedTech|Medical)$")
BRAND = "brand"  # the marker, in `said[name]`, of a name that is health only by a brand's word


def unbranded(name: str) -> str | None:
    """`name` without its brands' words of health ("Quillon Health AI" -> "Quillon AI",
    "DreaMed" -> "Drea"), or None when it has none."""
    out, at = [], 0
    for m in _BRAND_WORD.finditer(name):
        if m.group(1) is None:  # glued: the brand's own letters stay
            out.append(name[at : m.start() + 1])
        elif m.group(1)[:1].isupper() or m.group(1)[:1].isdigit():
            out.append(name[at : m.end(1)])
        else:
            continue
        at = m.end()
    return "".join(out) + name[at:] if out else None
# the kind words of an organisation that gives care (English, the European languages' hospital
# words, and Japanese, Chinese and Korean "hospital"), not a company's brand word ("Health")
_CARE_KIND = re.compile(r"\b(?:Hospitals?|Trust|Infirmary|Clinic|Medical Cent(?:er|re)|NHS|Spital|Klinikum"
                        r"|Hôpital|Ospedale|Sjukhus|Ziekenhuis)\b|病院|医院|병원")
_AI_FORM = re.compile(r"(?:\.ai|[a-z]AI|\sAI)$")
# "AI startup", "AI-powered care-navigation company", "KI-Anbieter", "startup d'IA": the kind of
# company named right before a party (English, German, French, Spanish)
_AI_DESCRIBED = re.compile(
    r"(?:\b(?:AI|A\.I\.|KI|IA)\b[- ](?:[\w-]+\s+){0,2}(?:start-?up|company|firm|specialist|developer|vendor"
    r"|provider|Anbieter|Spezialist|Firma|Unternehmen|Start-up|empresa|entreprise)"
    r"|(?:start-?up|empresa|entreprise|soci[ée]t[ée])\s+(?:d['’]|de\s+)(?:IA|KI|AI)\b)\s+$")
# the word before the party a deal is made with, or invested in ("with China's Y", "avec Y",
# "com a israelense Y"; English, German, French, Spanish, Portuguese, Italian, Dutch, Nordic):
# a place or a kind may stand between
_DEALT_WITH = re.compile(r"\b(?:with|mit|avec|con|com|met|med|invests?\s+in|investing\s+in)\s+(?:\S+\s+){0,2}$",
                         re.IGNORECASE)
# what joins names in a list; a possessive the name's span left out may come first
_LISTED = re.compile(r"^(?:['’]s)?(?:,\s*|\s+(?:and|&|und|et|y)\s+|,\s*and\s+)$", re.IGNORECASE)


def split(parties: Sequence[str], said: Mapping[str, set[str]], title: str
          ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    health, partner = _evidence(parties, said, title)
    if not partner and len(health) > 1:
        # between healthcare organisations, the one supplying technology is the partner
        partner = {p for p in health if "vendor" in said[p]}
        if not partner and len(parties) == 2:
            # a listed healthcare organisation, or one its kind word says gives care (a
            # hospital, a trust), and one that is health only by a brand's word ("K Health",
            # "Quillon Health"): the latter is the AI company
            carers = {p for p in health if "org_name" in said[p] or _CARE_KIND.search(p) or REGION.match(p)}
            weak = {p for p in health if BRAND in said[p]}
            if len(carers) == 1 or len(weak) == 1:
                partner = health - carers if len(carers) == 1 else weak
            else:
                # nothing in the names tells them apart: the one the deal is made with ("signs
                # a deal with Y", "invests in Y") supplies what the other buys
                partner = {p for p in health if _DEALT_WITH.search(title[: max(title.find(p), 0)])}
                partner = partner if len(partner) == 1 else set()
    if not health and len(partner) > 1 and len(partner) == len(parties):
        # between technology companies only (no unknown party to be the health side), a
        # listed technology company supplies the technology and an AI company (an AI
        # biotech, a pathology-AI maker) is the health side
        tech = {p for p in partner if "tech" in said[p]}
        if tech and partner - tech:
            health, partner = partner - tech, tech
    plain_health = health - partner
    side: dict[str, bool] = {}  # True: healthcare organisation
    for p in parties:
        if p in health or p in partner:
            side[p] = p in plain_health or (p in health and not plain_health)
    for i, p in enumerate(parties):
        if p not in side:
            side[p] = _unknown_side(parties, i, side, title)
    return tuple(p for p in parties if side[p]), tuple(p for p in parties if not side[p])


def _evidence(parties: Sequence[str], said: Mapping[str, set[str]], title: str) -> tuple[set[str], set[str]]:
    health = {p for p in parties if "health_org" in said[p] or _HEALTH_GLUED.search(p) or REGION.match(p)}
    described = {p for p in parties if _described_as_ai(title, p)}
    partner = {p for p in parties if "partner" in said[p] or _AI_FORM.search(p)} | described
    # a brand's word of health is no evidence beside a company's kind ("Quillon Health AI")
    health -= described | {p for p in partner if BRAND in said[p]}
    if health and all(BRAND in said[p] for p in health) and len(health | partner) < len(parties):
        # health only by brand words, beside a name of no kind at all ("Harwick kooperiert mit
        # Quillon Health"): neither is told by its name, so both are read in headline order
        health = set()
    return health, partner


def _described_as_ai(title: str, name: str) -> bool:
    """Whether the headline calls the party an AI company right before its name ("AI startup
    Wayfinder Health", "KI-Anbieter Datavis"): the AI side, whatever its name says."""
    at = title.find(name)
    return at > 0 and bool(_AI_DESCRIBED.search(title[:at]))


def _unknown_side(parties: Sequence[str], i: int, side: Mapping[str, bool], title: str) -> bool:
    sides = set(side.values())
    if True not in sides:
        return True
    if False not in sides:
        return False
    if i > 0 and parties[i - 1] in side and _listed_after(title, parties[i - 1], parties[i]):
        return side[parties[i - 1]]
    return False


def _listed_after(title: str, before: str, name: str) -> bool:
    end = title.find(before) + len(before)
    start = title.find(name, end)
    return start >= end and bool(_LISTED.match(title[end:start]))
