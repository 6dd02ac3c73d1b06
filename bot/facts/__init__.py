"""Partnership facts of a story, offline: parties, deal type, headline amount, area.

    FactsExtractor(terms, spec).extract(item) -> Facts     pure, no network, no model
    Facts.as_dict()                                         the `newsbot facts` line

The vocabulary is the config's: health organisations are told from partners by kinds (the
`health_org`, `company`, `ai` and `health_vendor` term lists), the deal type is one written
procedure (`deal`) over cue queries on the facts term lists (read by `cues`), areas a term
list (see `FactsSpec`); names come from the stories' name finder, and in Japanese, Chinese
and Korean headlines from their grammar (`cjk`). One vocabulary, kept once.
"""

from __future__ import annotations

from bot.facts.deal import DEAL_TYPES
from bot.facts.extract import Facts, FactsExtractor, FactsSpec

__all__ = ["DEAL_TYPES", "Facts", "FactsExtractor", "FactsSpec"]
