"""Rules that learn: the team's labeled examples turned into concrete, backtested proposals.

Pure: a rule, its term lists and labeled items in; `Proposal`s out, best first. Three kinds:
- an exclusion `AND NOT "word"`: words of the false alerts (labeled not relevant, matched)
  that no true alert carries;
- a term added to one of the rule's lists (`@list`): words of the missed stories (labeled
  relevant, not matched);
- `AND NOT source:"Outlet"` for every outlet someone muted for the rule.
Candidate words are real vocabulary: alphabetic, not a stop word, and found in at least
`MIN_EXAMPLES` labeled examples (a one-off name or number fits the examples, not the news).
An exclusion is added to the query's top-level AND chain (brackets only around a top-level OR,
nothing added when the query already excludes the word), so proposals applied one after the
other do not nest.
Each candidate is compiled and backtested on ALL the labeled items before it is shown:
`removed` false alerts, `lost` true ones, `recovered` missed ones, `added` false ones. A
proposal is kept only when it fixes more than it breaks; mutes are kept whatever the score.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.models import Item
from bot.rules import compile_rules
from bot.rules.ast import Or
from bot.rules.backtest import backtest
from bot.rules.parser import parse_query

_WORD = re.compile(r"[a-z][a-z0-9'-]{3,}")
_STOP = frozenset(
    ["this", "that", "with", "from", "have", "will", "their", "they", "said", "says", "more", "than", "into", "about", "after", "over", "also", "been", "were", "which", "when", "what", "your", "just", "like", "make", "made", "most", "some", "only", "other", "could", "would", "news", "report", "reports", "week", "year", "years", "today", "new"]
)  # fmt: skip
MAX_CANDIDATES = 40
MIN_EXAMPLES = 2  # a candidate word appears in at least this many labeled examples


@dataclass(frozen=True, slots=True)
class Proposal:
    kind: str  # "exclude" | "add_term" | "mute"
    summary: str  # what to change, as the user would write it
    query: str  # the rule's query after the change
    terms: dict[str, list[str]] = field(default_factory=dict)  # lists after the change
    removed: int = 0
    lost: int = 0
    recovered: int = 0
    added: int = 0
    term_list: str | None = None
    term: str | None = None

    @property
    def gain(self) -> int:
        return self.removed + self.recovered - self.lost - self.added

    def effect(self) -> str:
        if self.kind == "add_term":
            return f"recovers {self.recovered} missed stories, adds {self.added} false ones"
        return f"removes {self.removed} false alerts, loses {self.lost} true ones"


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    query: str
    min_score: float = 0.0
    fields: tuple[str, ...] = ("title", "summary")
    learned: None = None


def _words(item: Item) -> set[str]:
    return {w.strip("'-") for w in _WORD.findall(f"{item.title} {item.summary}".lower())} - _STOP


def vocabulary(data: Sequence[tuple[Item, bool]], min_examples: int = MIN_EXAMPLES) -> set[str]:
    """Words that may be proposed: alphabetic, not stop words, in >= `min_examples` examples."""
    seen = Counter(w for item, _ in data for w in _words(item) if w.isalpha())
    return {w for w, n in seen.items() if n >= min_examples}


def and_not(query: str, clause: str) -> str:
    """`query AND NOT clause`, bracketing `query` only when its top level is an OR (or it does
    not parse); unchanged when it already ends a chain with that exclusion."""
    if f"AND NOT {clause}" in query:
        return query
    try:
        top = parse_query(query)
    except Exception:  # the compiler reports a broken query; just do not make it worse
        return f"({query}) AND NOT {clause}"
    return f"({query}) AND NOT {clause}" if isinstance(top, Or) else f"{query} AND NOT {clause}"


def _verdicts(rule: _Rule, terms: Mapping[str, Sequence[str]], data: Sequence[tuple[Item, bool]]) -> list[bool]:
    ruleset = compile_rules([rule], terms)
    return [bool(ruleset.match(item)) for item, _ in data]


def suggest(
    name: str,
    query: str,
    terms: Mapping[str, Sequence[str]],
    data: Sequence[tuple[Item, bool]],
    *,
    muted: Sequence[str] = (),
    min_score: float = 0.0,
    fields: Sequence[str] = ("title", "summary"),
) -> list[Proposal]:
    """Proposals for rule `name` (see the module docstring), best first."""
    rule = _Rule(name, query, min_score, tuple(fields))
    before = _verdicts(rule, terms, data)
    labels = [label for _, label in data]
    false_alerts = [item for (item, label), hit in zip(data, before, strict=True) if hit and not label]
    true_alerts = [item for (item, label), hit in zip(data, before, strict=True) if hit and label]
    missed = [item for (item, label), hit in zip(data, before, strict=True) if not hit and label]
    kept_words: set[str] = set().union(*(_words(i) for i in true_alerts)) if true_alerts else set()
    vocab = vocabulary(data)
    bad = Counter(w for item in false_alerts for w in _words(item) & vocab if w not in kept_words)
    out: list[Proposal] = []

    def score(kind: str, summary: str, new_query: str, new_terms: Mapping[str, Sequence[str]],
              **extra: str) -> Proposal:  # fmt: skip
        after = _verdicts(_Rule(name, new_query, min_score, tuple(fields)), new_terms, data)
        pairs = list(zip(before, after, labels, strict=True))
        return Proposal(
            kind, summary, new_query, {k: list(v) for k, v in new_terms.items()},
            removed=sum(1 for b, a, y in pairs if b and not a and not y),
            lost=sum(1 for b, a, y in pairs if b and not a and y),
            recovered=sum(1 for b, a, y in pairs if not b and a and y),
            added=sum(1 for b, a, y in pairs if not b and a and not y),
            **extra,
        )  # fmt: skip

    for word, _ in bad.most_common(MAX_CANDIDATES):
        p = score("exclude", f'add NOT "{word}"', and_not(query, f'"{word}"'), terms)
        if p.gain > 0:
            out.append(p)
    for outlet in dict.fromkeys(muted):
        clean = outlet.replace('"', "")
        out.append(score("mute", f'add NOT source:"{clean}"', and_not(query, f'source:"{clean}"'), terms))
    lists = [n for n in re.findall(r"@([A-Za-z0-9_]+)", query) if n in terms]
    good = Counter(w for item in missed for w in _words(item) & vocab)
    for word, _ in good.most_common(MAX_CANDIDATES):
        for list_name in lists:
            if word in (t.lower() for t in terms[list_name]):
                continue
            grown = {**{k: list(v) for k, v in terms.items()}, list_name: [*terms[list_name], word]}
            p = score("add_term", f"add `{word}` to @{list_name}", query, grown, term_list=list_name, term=word)
            if p.gain > 0:
                out.append(p)
    return sorted(out, key=lambda p: (p.kind != "mute", -p.gain, p.lost + p.added, p.summary))


def f1(predicted: Sequence[bool], labels: Sequence[bool]) -> float:
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if not p and y)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


__all__ = ["Proposal", "and_not", "backtest", "f1", "suggest", "vocabulary"]
