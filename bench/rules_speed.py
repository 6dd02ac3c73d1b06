"""Rule matching speed: compiled RuleSet vs a naive loop of one regex search per term.

Usage:
    python bench/rules_speed.py [--config config/newsbot.yaml] [--items 100000] [--naive-items 3000]

Builds the config's rules (when given) plus 20 synthetic rules of ~30 terms each, generates
items of ~700 characters, and prints items/s for `RuleSet.held` (the decision),
`RuleSet.match` (decision + hits + score), both for the boolean stage alone and, when the
config's rules have a learned stage, with it, and the naive loop (one word-bounded,
case-insensitive `re.search` per term, then the same boolean structure). It checks that the
naive loop and the RuleSet make identical decisions on every item the naive loop sees.
One process, one core; rates are per CPU second (time.process_time), so a busy machine skews them less.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.models import Item
from bot.rules import RuleSet, compile_rules
from bot.rules.compiler import RNear, RNode, RNot, RTerm, terms_of
from bot.rules.index import Pattern
from bot.rules.ruleset import item_fields
from bot.rules.text import ONE_CHAR_RANGES, SIMPLIFIED

# the scripts matched one character a token (CJK, and Thai, Lao, Myanmar and Khmer, which write
# no spaces): their words need no separator
ONE_CHAR = re.compile(f"[{ONE_CHAR_RANGES}]")


@dataclass
class Rule:
    name: str
    query: str
    min_score: float = 0.0
    fields: list[str] = field(default_factory=lambda: ["title", "summary"])


def synthetic(rng: random.Random, pool: list[str]) -> tuple[list[Rule], dict[str, list[str]]]:
    """20 rules of ~30 terms: two required groups of 12, an exclusion group of 6."""
    rules, terms = [], {}
    for i in range(20):
        words = rng.sample(pool, 30)
        mk = [w + "*" if k % 5 == 1 else w for k, w in enumerate(words)]
        for k in range(2, 30, 6):  # some phrases
            mk[k] = f"{words[k]} {words[(k + 7) % 30]}"
        terms[f"s{i}a"], terms[f"s{i}b"], excl = mk[:12], mk[12:24], mk[24:]
        excl_q = " OR ".join(f'"{t}"' if " " in t else t for t in excl)
        rules.append(Rule(f"synthetic-{i}", f"@s{i}a AND @s{i}b AND NOT ({excl_q})"))
    return rules, terms


def make_items(rng: random.Random, n: int, pool: list[str], filler: list[str]) -> list[Item]:
    items = []
    for k in range(n):
        def text(chars: int) -> str:
            out: list[str] = []
            size = 0
            while size < chars:
                w = rng.choice(pool) if rng.random() < 0.015 else rng.choice(filler)
                if rng.random() < 0.1:
                    w = w.capitalize() + rng.choice([",", ".", "'s", "-based"])
                out.append(w)
                size += len(w) + 1
            return " ".join(out)
        items.append(Item(f"fp{k}", "bench", text(90), summary=text(610), url=f"https://example.org/{k}"))
    return items


def pattern_core(pattern: Pattern) -> str:
    """Words joined by non-word characters; characters of the one-character scripts are words that need no separator."""
    out = ""
    for k, word in enumerate(pattern):
        body = re.escape(plain(word.text)) + (r"\w*" if word.prefix else "")
        if word.suffix:  # '*Health': a longer word ending so (a compound), not the word alone
            body = r"\w+" + body
        if k:
            out += r"\W*" if ONE_CHAR.match(word.text) or ONE_CHAR.match(pattern[k - 1].text) else r"\W+"
        out += f"(?-i:{body})" if word.case_sensitive else body
    return out


def pattern_regex(pattern: Pattern) -> str:
    before = "" if ONE_CHAR.match(pattern[0].text) else r"(?<!\w)"
    after = "" if ONE_CHAR.match(pattern[-1].text) else r"(?!\w)"
    return before + pattern_core(pattern) + after


_SIMPLIFY = str.maketrans(SIMPLIFIED)


def plain(text: str) -> str:
    """Accents dropped, case kept, Traditional Chinese characters in their Simplified form: the
    RuleSet matches accent-insensitively and either script of Chinese alike (rules/text.py)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).translate(_SIMPLIFY)


def near_regex(left: list[Pattern], right: list[Pattern], distance: int, ordered: bool = False) -> str:
    """Either order (NEAR/n) or the left side first (PRE/n), at most `distance` words between."""
    lhs = "(?:" + "|".join(pattern_core(p) for p in left) + ")"
    rhs = "(?:" + "|".join(pattern_core(p) for p in right) + ")"
    gap = rf"(?:\W+\w+){{0,{distance}}}\W+"
    either = "" if ordered else rf"|{rhs}{gap}{lhs}"
    return rf"(?<!\w)(?:{lhs}{gap}{rhs}{either})(?!\w)"


class Naive:
    """Reference: one compiled word-bounded case-insensitive regex per term, searched per item."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.regex: dict[int, re.Pattern[str]] = {
            pid: re.compile(pattern_regex(p), re.IGNORECASE) for pid, p in enumerate(ruleset.index.patterns)
        }
        self.near: dict[int, re.Pattern[str]] = {}

    def held(self, item: Item) -> list[str]:
        texts = {name: plain(text) for name, text in item_fields(item).items()}
        return [r.name for r in self.ruleset.rules if self.eval(r.tree, texts)]

    def eval(self, node: RNode, texts: dict[str, str]) -> bool:
        if isinstance(node, RTerm):
            return any(self.regex[pid].search(texts[f]) for f in node.fields for pid in node.pids)
        if isinstance(node, RNot):
            return not self.eval(node.child, texts)
        if isinstance(node, RNear):
            regex = self.near.get(id(node))
            if regex is None:
                pats = self.ruleset.index.patterns
                left = [pats[pid] for t in terms_of(node.left) for pid in t.pids]
                right = [pats[pid] for t in terms_of(node.right) for pid in t.pids]
                regex = self.near[id(node)] = re.compile(near_regex(left, right, node.distance, node.ordered), re.I)
            fields = {f for t in terms_of(node) for f in t.fields}
            return any(regex.search(texts[f]) for f in fields)
        results = (self.eval(child, texts) for child in node.children)
        return all(results) if node.op == "and" else any(results)


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} items/s ({seconds:.2f} s for {n:,} items)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", help="config whose rules to include (e.g. config/newsbot.yaml)")
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--naive-items", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    filler = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 10))) for _ in range(20_000)]
    pool = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) for _ in range(400)]
    rules, terms = synthetic(rng, pool)
    if args.config:
        from bot.config import load

        settings = load(args.config)
        full_rules = [*settings.rules, *rules]
        # the boolean stage alone: what the naive loop can be held to
        rules = [*(r.model_copy(update={"learned": None}) for r in settings.rules), *rules]  # type: ignore[list-item]
        terms = {**settings.terms, **terms}
        pool += [w.strip("=*") for ws in settings.terms.values() for t in ws for w in t.split()]
    t0 = time.process_time()
    ruleset = compile_rules(rules, terms)
    compile_s = time.process_time() - t0
    items = make_items(rng, args.items, pool, filler)
    chars = sum(len(i.title) + len(i.summary) for i in items) / len(items)
    print(f"rules: {len(ruleset.rules)}, patterns: {len(ruleset.index.patterns)}, compile: {compile_s * 1000:.1f} ms")
    print(f"items: {len(items):,}, mean {chars:.0f} chars (title + summary)")
    ruleset.held(items[0])
    t0 = time.process_time()
    decisions = [ruleset.held(item) for item in items]
    print(f"RuleSet.held : {rate(len(items), time.process_time() - t0)}")
    t0 = time.process_time()
    matched = sum(1 for item in items if ruleset.match(item))
    print(f"RuleSet.match: {rate(len(items), time.process_time() - t0)}; {matched:,} items matched a rule")
    if args.config and any(getattr(r, "learned", None) for r in full_rules):
        full = compile_rules(full_rules, terms)
        full.held(items[0])
        t0 = time.process_time()
        with_model = [full.held(item) for item in items]
        print(f"held, learned stage included: {rate(len(items), time.process_time() - t0)}; "
              f"the model admitted {sum(a != b for a, b in zip(with_model, decisions, strict=True)):,} more")
        t0 = time.process_time()
        matched = sum(1 for item in items if full.match(item))
        print(f"match, learned stage included: {rate(len(items), time.process_time() - t0)}; {matched:,} items matched")
    naive = Naive(ruleset)
    sample = items[: args.naive_items]
    t0 = time.process_time()
    reference = [naive.held(item) for item in sample]
    print(f"naive        : {rate(len(sample), time.process_time() - t0)}")
    diff = [k for k, ref in enumerate(reference) if ref != decisions[k]]
    print(f"decisions identical on {len(sample) - len(diff):,}/{len(sample):,} items")
    if diff:
        k = diff[0]
        print(f"first difference: item {k}: ruleset={decisions[k]} naive={reference[k]}")
        sys.exit(1)


if __name__ == "__main__":
    main()
