"""Partnership facts of a story, offline: parties, deal type, headline amount, area.

    FactsExtractor(terms, spec).extract(item) -> Facts     pure, no network, no model
    Facts.as_dict()                                         the `newsbot facts` line

The vocabulary is the rules' own: health organisations are told from partners by the
config's `health_org` term list, deal types are queries over term lists, areas a term list
(see `FactsSpec`); names come from the stories' name finder. One vocabulary, kept once.
"""

from __future__ import annotations

from bot.facts.deal import DEAL_TYPES
from bot.facts.extract import Facts, FactsExtractor, FactsSpec

__all__ = ["DEAL_TYPES", "Facts", "FactsExtractor", "FactsSpec"]
