"""Relevance before/after article text, on the shared labeled sets' headline-only items.

    .venv/bin/python bench/relevance_enrich.py [--config config/newsbot.yaml]
        [--articles bench/data/articles-headline-only.jsonl] [--show]
        CORPUS.jsonl [CORPUS.jsonl ...]

Headline-only items: summary text (HTML stripped; one repeating the title counts as empty)
shorter than `--short` characters (80: a headline and at most a clause). Every item of those
files has feed text under the stage's `fulltext.short_text` (400), so all are "short" by the
stage's own rule; the narrower cut is for the bodies written by hand (their file's header says
how). Each written body is served as a realistic page (navigation, ad, comments, related links;
`bench/extraction.py`'s page) from a loopback article server, every item's link pointing there
(an item without a written body gets a 404, as a page that fails would). Then, per file:

- before: the rule on the items as the feed gives them;
- after: the items through `bot.pipeline.enrich.enrich_parsed` (candidates only, guarded
  fetch, robots.txt, trafilatura, merge), then the rule again.

Four rule variants: the shipped rule (query + learned stage, as configured; the model was
trained on these files, so its figures are in-sample) and the query alone, each with the
shipped `fields` and with `fields: [title, summary, body]`. Reported: recall on the
headline-only positives, precision and recall over the whole file, pages fetched, and (with
`--show`) the items whose verdict changed. The rule and its vocabulary are not changed here.

Caveat printed with the figures: the links of Google News items are opaque in these files
(synthetic ids); in production those items get their article only when Google's decoding
answers (`bot.enrich.googlenews`), else they keep their feed text. The bench serves their pages
as if the publisher URL were known, and counts them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import build_page  # bench/extraction.py: the same realistic page

from bot import config, logs
from bot.devservers.feeds import FeedServer
from bot.enrich import googlenews
from bot.models import Item
from bot.normalize.item import record_to_item
from bot.pipeline.enrich import build_enricher, enrich_parsed
from bot.pipeline.known import KnownItems
from bot.pipeline.worker import ParsedItems
from bot.rules import RuleSet, compile_rules


def read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def headline_only(item: Item, short: int) -> bool:
    summary = item.summary if item.summary.strip() != item.title.strip() else ""
    return len(summary) < short


class NoStore:
    """The stage asks which candidates are already stored: none are, in a cold bench."""

    def known_fingerprints(self, fingerprints: list[str]) -> set[str]:
        return set()


def variants(settings: Any, rule: str) -> dict[str, RuleSet]:
    spec = next(r for r in settings.rules if r.name == rule)
    body = [*spec.fields, "body"] if "body" not in spec.fields else spec.fields
    out = {}
    for name, update in (
        (f"shipped (fields {spec.fields}, learned)", {}),
        ("shipped + body field", {"fields": body}),
        ("query alone", {"learned": None}),
        ("query alone + body field", {"learned": None, "fields": body}),
    ):
        out[name] = compile_rules([spec.model_copy(update=update)], settings.terms)
    return out


async def enrich_all(settings: Any, rules: RuleSet, items: list[Item]) -> list[Item]:
    """The items after the enrich stage (cold cache)."""
    enricher = build_enricher(settings)  # extraction in a thread: no worker pool here
    store = NoStore()
    ctx = SimpleNamespace(rules=rules, store=store, enricher=enricher, known=KnownItems(store))
    spec = SimpleNamespace(name="bench", fulltext="auto", allow_private=True)
    parsed = ParsedItems(tuple(items), len(items), None, False, "rss")
    try:
        out = await enrich_parsed(ctx, spec, parsed)
    finally:
        await enricher.aclose()
    return list(out.items)


def score(rules: RuleSet, items: list[Item], labels: dict[str, int]) -> dict[str, set[str]]:
    hits = {i.fingerprint for i in items if rules.match(i)}
    pos = {fp for fp, y in labels.items() if y}
    return {"tp": hits & pos, "fp": hits - pos, "fn": pos - hits}


def pr(s: dict[str, set[str]]) -> tuple[float, float]:
    tp, fp, fn = len(s["tp"]), len(s["fp"]), len(s["fn"])
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


async def run_file(args: Any, settings: Any, path: Path, bodies: dict[str, str]) -> None:
    records = read(path)
    labels = {str(r["id"]): int(r.get("label") or 0) for r in records}
    items = [record_to_item(r) for r in records]
    heads = {i.fingerprint for i in items if headline_only(i, args.short)}
    written = heads & set(bodies)
    gnews = sum(1 for i in items if i.fingerprint in written and googlenews.is_google_news(i.url))
    head_pos = {fp for fp in heads if labels[fp]}
    server = FeedServer().start()
    titles = [i.title for i in items]
    local = []
    for n, item in enumerate(items):
        route = f"/{item.fingerprint}{urlsplit(item.url or '').path or '/'}"
        if item.fingerprint in bodies:
            paragraphs = [p for p in bodies[item.fingerprint].split("\n\n") if p.strip()]
            related = [t for t in titles if t != item.title][n % 50 : n % 50 + 5]
            page = build_page(item.title, paragraphs, related, n)
            url = server.add(route, body=page, content_type="text/html; charset=utf-8")
        else:
            url = server.url(route)  # no page written: 404, the item keeps its feed text
        local.append(Item(**{**_fields(item), "url": url, "canonical_url": url}))
    print(
        f"\n{path.name}: {len(items)} items, {sum(labels.values())} relevant; headline-only "
        f"(summary < {args.short} chars): {len(heads)} ({len(head_pos)} relevant), bodies "
        f"written for {len(written)}; {gnews} of them have an opaque Google News link "
        "(an article in production only when Google's decoding answers)"
    )
    try:
        for name, rules in variants(settings, args.rule).items():
            server.reset()
            after_items = await enrich_all(settings, rules, local)
            fetched = sum(1 for r in server.requests if r.path != "/robots.txt")
            before, after = score(rules, items, labels), score(rules, after_items, labels)
            enriched = sum(1 for a, b in zip(local, after_items, strict=True) if a is not b)
            (pb, rb), (pa, ra) = pr(before), pr(after)
            hb = len(before["tp"] & head_pos) / max(len(head_pos), 1)
            ha = len(after["tp"] & head_pos) / max(len(head_pos), 1)
            print(f"  {name}")
            print(
                f"    headline-only recall {hb:.3f} -> {ha:.3f}  ({len(before['tp'] & head_pos)}"
                f" -> {len(after['tp'] & head_pos)} of {len(head_pos)})"
            )
            print(
                f"    precision {pb:.3f} -> {pa:.3f}   recall {rb:.3f} -> {ra:.3f}   "
                f"(tp {len(before['tp'])}->{len(after['tp'])}, fp {len(before['fp'])}->"
                f"{len(after['fp'])}); pages asked {fetched}, items enriched {enriched}"
            )
            if args.show:
                for fp in sorted((after["tp"] - before["tp"]) | (after["fp"] - before["fp"])):
                    print(f"      + {fp} label {labels[fp]}")
                for fp in sorted((before["tp"] - after["tp"]) | (before["fp"] - after["fp"])):
                    print(f"      - {fp} label {labels[fp]}")
    finally:
        server.stop()


def _fields(item: Item) -> dict[str, Any]:
    return {f: getattr(item, f) for f in item.__dataclass_fields__}


async def main_async(args: Any) -> int:
    logs.configure(level="WARNING")  # the stage logs every page; the figures are the output
    settings = config.load(args.config, environ={})
    rows = read(args.articles)[1:]  # the first line states how the bodies were written
    bodies = {str(r["id"]): str(r["body"]) for r in rows}
    for path in args.corpus:
        await run_file(args, settings, path, bodies)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, nargs="+")
    ap.add_argument("--config", default="config/newsbot.yaml")
    ap.add_argument("--rule", default="health-ai-partnerships")
    ap.add_argument(
        "--articles", type=Path, default=Path("bench/data/articles-headline-only.jsonl")
    )
    ap.add_argument("--short", type=int, default=80)
    ap.add_argument("--show", action="store_true", help="list the items whose verdict changed")
    return asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
