"""The cue kinds of a deal, read from its headline and summary for `deal.decide`.

Promise: `read(rules, title, summary, named, product_named)` returns (headline cues, summary
cues), sets of the cue names of `FactsSpec.cues` that hold on each, plus what their
structure says with the named parties and products (`named`: spans in the title):
- a named AI product in the headline, a choosing verb whose object is a named party or
  product ("picks X"), or a formal deal "for" one ("agreement for X": its purchase) is a
  deployment cue, and then launching a thing is no joint build;
- a headline verb of making, or opening an artifact, is a co_development cue;
- in the summary, a choosing verb before a name the headline gives ("will use X") is a
  deployment cue of the summary;
- a headline amount of a deal about drug discovery (a discovery deal's worth is its upfront
  and milestones) is a licensing cue when the headline names no other kind; one "up to"
  (milestones) in a deal about making something is one even over the making verb ("wins up
  to $247M pact to design an antibody"), while "commits up to $1B to an AI pact" is a
  budget's ceiling; an amount "up to" in the summary is a licensing cue of the summary;
- without the `formal` cue list, every agreement counts as formal.
Pure over the compiled rule set.
"""

from __future__ import annotations

import re

from bot.facts import deal, money
from bot.facts.names import Span
from bot.models import Item
from bot.rules import RuleSet

_UP_TO = re.compile(r"\bup[ -]to[ -]", re.IGNORECASE)
# a choosing verb's object: the next words ("picks Microsoft's DAX Copilot", "taps Google Cloud")
_OBJECT_GAP = re.compile(r"\s+(?:(?:the|its|their|an?)\s+)?$")
# a deal "for" a named party or product is its purchase ("inks agreement for X's AI scribe",
# "signs contract for X"): procurement words, where "with X" names a partner
_FOR_GAP = re.compile(r"\s+(?:for|für|pour|para|per)\s+(?:(?:the|its|their|an?)\s+)?$", re.IGNORECASE)
_AS_ROLE = re.compile(r"^\S*(?:\s+\S+){0,1}\s+as\s", re.IGNORECASE)  # "picks X as partner"


def item(title: str, summary: str = "") -> Item:
    """A text as an item the rule set can read."""
    return Item(fingerprint="facts", source="", title=title, summary=summary)


def read(rules: RuleSet, title: str, summary: str, named: list[Span], product_named: bool
         ) -> tuple[set[str], set[str]]:
    """The headline's and the summary's cue kinds (see the module doc)."""
    headline = _headline(rules, title, named, product_named)
    below = set(rules.held(item("", summary))) if summary else set()
    if "choice" in below and _names_after(rules, "choice", summary, _spans_in(summary, title, named),
                                          _OBJECT_GAP):
        below.add("deployment")  # "the system will use Quillon": the summary's own choice
    # Milestones outrank the making verb of the deal they pay for ("wins up to $247M pact to
    # design an antibody"): how the money is structured is step 1's first question.
    milestones = "making" in headline and "investment" not in headline and _ceiling(title)
    if milestones or (headline.isdisjoint(deal.SPECIFIC) and _payments_told(title, headline | below)):
        headline.add("licensing_rd")
    elif _UP_TO.search(summary) and money.amounts(summary):
        below.add("licensing_rd")
    return headline, below


def _headline(rules: RuleSet, title: str, named: list[Span], product_named: bool) -> set[str]:
    headline = set(rules.held(item(title)))
    chosen = "choice" in headline and _names_after(rules, "choice", title, named, _OBJECT_GAP)
    bought = "formal" in headline and _names_after(rules, "formal", title, named, _FOR_GAP)
    if "making" in headline or ("opening" in headline and not chosen):
        headline.add("co_development")
    if product_named or chosen or bought:
        headline.add("deployment")  # a named AI product, or a named partner's, put to work
    if "agreement" in headline and "formal" not in rules.names:
        headline.add("formal")  # a config without the formal names: every deal word is one
    return headline


def _names_after(rules: RuleSet, cue: str, text: str, named: list[Span], gap: re.Pattern[str]) -> bool:
    """A hit of the cue right before (across `gap`) a named party or product, not cast "as"
    a partner: a choosing verb's object ("picks X", "taps X"), a deal's purchase ("agreement
    for X")."""
    for hit in rules.hits(cue, item(text)):
        for start, end in named:
            if start >= hit.end and gap.fullmatch(text[hit.end : start]) and not _AS_ROLE.match(text[end:]):
                return True
    return False


def _spans_in(text: str, title: str, named: list[Span]) -> list[Span]:
    """Where the headline's named parties and products recur in `text` (the summary)."""
    out: list[Span] = []
    for a, b in named:
        out.extend(_occurrences(title[a:b], text))
    return out


def _occurrences(name: str, text: str) -> list[Span]:
    """The spans of `name` in `text`, left to right, none overlapping (as a search for the
    escaped name finds them): a plain string search, no pattern compiled per name."""
    if not name:
        return [(m.start(), m.end()) for m in re.finditer("", text)]
    out, at = [], text.find(name)
    while at >= 0:
        out.append((at, at + len(name)))
        at = text.find(name, at + len(name))
    return out


def _payments_told(title: str, cues: set[str]) -> bool:
    """A headline amount that is a discovery deal's payments (see the module doc): stated
    about drug discovery or design, or "up to" (milestones) in a deal about making
    something; "commits up to $1B to an AI pact" is a budget's ceiling, no milestones."""
    told = "rd_subject" in cues or ("making" in cues and bool(_UP_TO.search(title)))
    return told and bool(money.amounts(title))  # the words first: reading amounts costs more


def _ceiling(title: str) -> bool:
    """The headline states an amount "up to" (a ceiling: milestone payments)."""
    return bool(_UP_TO.search(title)) and bool(money.amounts(title))
