"""How long an alert waits for a slow model: never past `llm.wait` (plus scheduling).

    python bench/llm_wait.py [--delay 15] [--wait 10] [--alerts 20]

Starts the tests' OpenAI-compatible stand-in on 127.0.0.1 answering after `--delay` s, sends
`--alerts` alerts (distinct stories, concurrently) through `ModelSummaries.for_alert` with
`llm.wait = --wait`, and prints each alert's delay: max, median, and how many went out with
the model's summary (none when delay > wait).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config.llm import LlmSettings
from bot.delivery.messages import Alert
from bot.llm.summaries import ModelSummaries
from bot.store import Store
from tests.support.llm_standin import LlmStandin


async def main(delay: float, wait: float, alerts: int) -> None:
    standin = LlmStandin()
    await standin.start()
    standin.mode, standin.delay = "slow", delay
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        store.migrate()
        settings = LlmSettings.model_validate({
            "provider": "compatible", "model": "standin", "base_url": standin.base_url,
            "wait": f"{wait:g}s", "timeout": f"{delay + 30:g}s", "max_retries": 0})
        summaries = ModelSummaries(settings, store)
        base = Alert(story_id="s", headline="Mayo Clinic licenses AI", summary="offline")

        async def one(i: int) -> tuple[float, bool]:
            start = time.perf_counter()
            out = await summaries.for_alert(replace(base, story_id=f"s{i}"))
            return time.perf_counter() - start, out.summary != "offline"

        results = await asyncio.gather(*(one(i) for i in range(alerts)))
        delays = [d for d, _ in results]
        print(f"delay {delay:g}s, wait {wait:g}s, {alerts} alerts: max {max(delays):.3f}s, "
              f"median {statistics.median(delays):.3f}s, over wait+0.1s: "
              f"{sum(d > wait + 0.1 for d in delays)}, with model summary: {sum(m for _, m in results)}")
        await summaries.drain()
        print(f"late answers cached: {sum(store.model_answer(f's{i}') is not None for i in range(alerts))}/{alerts}")
        store.close()
    await standin.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=15.0)
    parser.add_argument("--wait", type=float, default=10.0)
    parser.add_argument("--alerts", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.delay, args.wait, args.alerts))
