"""The full `newsbot once` cycle as a pluggable cycle for `bench/speed.py`:
fetch + parse (worker processes) + normalize + rules + stories + one-transaction store writes,
through `bot.app.App`, exactly as `newsbot once` runs it (minus the terminal output).

    python bench/speed.py                      # this is its default cycle

The first call creates a fresh SQLite database in a temporary folder and one source per feed
URL; later calls in the same process reuse it, so the second cycle sends the stored ETags and
gets 304s. Rules (`terms` and `rules`) come from `$NEWSBOT_BENCH_RULES` (a config file;
default `config/newsbot.yaml`); no destination is configured, so matches are stored but
nothing is sent.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from bench.speed import CycleStats
from bot import config
from bot.app import App
from bot.config.settings import Settings

_STATE: dict[str, Any] = {}


def _settings(urls: list[str]) -> Settings:
    return bench_settings(urls, os.environ.get("NEWSBOT_BENCH_RULES", "config/newsbot.yaml"))


def bench_settings(urls: list[str], rules_path: str = "config/newsbot.yaml", **extra: Any) -> Settings:
    """One source per feed URL, the rules of `rules_path`, a fresh SQLite file, the console as
    the only destination; `extra` sets other top-level keys (`fulltext=...`)."""
    rules_from = config.load(rules_path)
    folder = Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    # A rule must notify someone (check refuses `notify: []`); the console is never drained
    # here, so its deliveries are only planned and stored, as a poll does in production.
    rules = [r.model_copy(update={"notify": ["console"]}) for r in rules_from.rules]
    return Settings(
        database=f"sqlite:///{folder / 'bench.db'}",
        sources=[
            {"name": f"feed-{i:05d}", "url": url, "every": "1m", "allow_private": True}
            for i, url in enumerate(urls)
        ],
        terms=rules_from.terms,
        rules=rules,
        destinations={"console": {"type": "console"}},
        backfill="3650d",  # present everything: the cycle should do all the work once
        **extra,
    )


async def cycle(urls: list[str], etags: dict[str, str]) -> CycleStats:
    """One poll of every feed; `etags` is ignored (the database keeps the validators)."""
    settings = _STATE.get("settings") or _STATE.setdefault("settings", _settings(urls))
    names = [s.name for s in settings.sources]
    stats = CycleStats()
    async with App(settings) as app:
        reports = await app.poll(names=names)
    for report in reports:
        stats.wire_bytes += report.bytes_read
        stats.entries += report.entries
        if report.outcome == "updated":
            stats.fetched += 1
        elif report.outcome == "not_modified":
            stats.not_modified += 1
        else:
            stats.failed += 1
    stats.etags = {u: "db" for u in urls}
    return stats
