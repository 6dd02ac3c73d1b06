"""Clicks under load: 100 feedback clicks in 10 s against the Slack stand-ins, over the HTTP
request URL (signed posts to the `--http` server) and over Socket Mode (envelopes on the
stand-in's WebSocket). Slack wants every interaction acknowledged within 3 s; a click repeated
(double clicks, Slack's resends) must be stored once.

    .venv/bin/python bench/interact_load.py [--clicks 100] [--seconds 10] [--alerts 20]

Prints, per path: acknowledged, within 3 s, ack latency p50 / p95 / max, examples stored,
stored twice, confirmations sent. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from slack_sdk.web.async_client import AsyncWebClient

from bot.config.destinations import SlackDestination
from bot.delivery.messages import Alert
from bot.devservers.slack import VALID_TOKEN, SlackStandin
from bot.devservers.slack_socket import VALID_APP_TOKEN, SocketModeStandin
from bot.interact.clicks import Interactions
from bot.interact.gate import Gate
from bot.interact.receiver import Receiver
from bot.interact.socketmode import SocketMode
from bot.interact.verify import RequestVerifier
from bot.logs import configure
from bot.notifiers import slack_blocks as sb
from bot.notifiers.slack import SlackNotifier
from bot.rules import compile_rules
from bot.service.httpapi import HttpApi
from bot.service.metrics import Metrics
from bot.store import Store
from tests.support.db import NOW, make_batch
from tests.support.slack_signing import SECRET, click_body, click_payload, sign

WINDOW = 3.0  # Slack's acknowledgement window, seconds
USERS = [f"U{n:03d}" for n in range(10)]
ACTIONS = [sb.ACTION_RELEVANT, sb.ACTION_NOT_RELEVANT]


class _Rule:
    name, query, min_score, fields, learned = "health-ai", "partnership", 0.0, ["title", "summary"], None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def setup(folder: Path, standin: SlackStandin, alerts: int) -> SimpleNamespace:
    """A store with `alerts` alerts really sent to the stand-in, and a receiver."""
    store = Store(f"sqlite:///{folder}/news.db")
    store.migrate()
    store.ensure_sources([("src", "https://feeds.example/src.xml")], NOW)
    notifier = SlackNotifier(SlackDestination(name="slack", channel="C0NEWS", token=VALID_TOKEN,
                                              base_url=standin.base_url), pace_seconds=0)  # fmt: skip
    sent: list[tuple[str, str]] = []  # (story, ts)
    for n in range(alerts):
        story = f"story-{n}"
        store.commit_poll(make_batch([f"fp{n}"], story=story, destinations=("slack",)))
        [row] = store.claim_due(NOW + timedelta(hours=1), timedelta(minutes=2), owner="bench")
        out = await notifier.send(Alert(story_id=story, headline=f"Title of fp{n}", rules=["health-ai"],
                                        dedupe_key=row.dedupe_key))  # fmt: skip
        store.mark_sent(row.id, out.external_id, NOW, thread_ts=out.thread_ts)
        sent.append((story, out.external_id))
    standin.members["C0NEWS"] = list(USERS)
    runtime = SimpleNamespace(store=store, rules=compile_rules([_Rule()], {}))
    client = AsyncWebClient(token=VALID_TOKEN, base_url=standin.base_url)
    gate = Gate(client, team_id=None, channels=["C0NEWS"])
    receiver = Receiver(Interactions(lambda: runtime, client, gate, lambda: NOW), RequestVerifier(SECRET))
    return SimpleNamespace(store=store, receiver=receiver, sent=sent)


def plan(sent: list[tuple[str, str]], clicks: int, seed: int = 7) -> list[dict[str, Any]]:
    """`clicks` payloads; about one in five repeats an earlier (story, person) pair exactly."""
    rng = random.Random(seed)
    payloads: list[dict[str, Any]] = []
    for n in range(clicks):
        if payloads and rng.random() < 0.2:
            payload = json.loads(json.dumps(rng.choice(payloads)))  # a double click / a resend
        else:
            story, ts = rng.choice(sent)
            payload = click_payload(rng.choice(ACTIONS), story, ts=ts, user=rng.choice(USERS))
        payload["trigger_id"] = f"{n}.{rng.randrange(10**9)}"  # every click is its own request
        payload["actions"][0]["action_ts"] = f"{time.time():.6f}"
        payloads.append(payload)
    return payloads


def report(path: str, latencies: list[float], clicks: int, store: Store, confirmations: int) -> bool:
    rows = store.feedback()
    per_pair = Counter((fb.subject, fb.user_id) for fb in rows)
    twice = sum(1 for n in per_pair.values() if n > 1)
    within = sum(1 for s in latencies if s <= WINDOW)
    q = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    print(f"{path}: {len(latencies)}/{clicks} acknowledged, {within} within {WINDOW:.0f} s; "
          f"ack p50 {statistics.median(latencies) * 1000:.1f} ms, p95 {q[18] * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms; {len(rows)} examples stored "
          f"({len(per_pair)} (story, person) pairs), {twice} stored twice; "
          f"{confirmations} confirmations")  # fmt: skip
    return within == clicks and twice == 0 and len(rows) == len(per_pair)


async def run_http(args: argparse.Namespace, folder: Path) -> bool:
    standin = SlackStandin().start()
    try:
        s = await setup(folder, standin, args.alerts)
        api = HttpApi(f"127.0.0.1:{free_port()}", lambda: None, lambda: Metrics(s.store, since=NOW), s.receiver)  # type: ignore[arg-type, return-value]
        await api.start()
        latencies: list[float] = []
        async with httpx.AsyncClient(timeout=10, base_url=f"http://127.0.0.1:{api.port}") as http:

            async def one(payload: dict[str, Any]) -> None:
                body = click_body(payload)
                started = time.monotonic()
                answer = await http.post("/slack/interactions", content=body, headers=sign(body))
                if answer.status_code == 200:
                    latencies.append(time.monotonic() - started)
                else:
                    print(f"  refused: {answer.status_code} {answer.text}")

            tasks = []
            for payload in plan(s.sent, args.clicks):
                tasks.append(asyncio.ensure_future(one(payload)))
                await asyncio.sleep(args.seconds / args.clicks)
            await asyncio.gather(*tasks)
        await s.receiver.drain(30)
        await api.stop()
        ok = report("http", latencies, args.clicks, s.store, len(standin.ephemerals))
        s.store.close()
        return ok
    finally:
        standin.stop()


async def run_socket(args: argparse.Namespace, folder: Path) -> bool:
    standin = SlackStandin().start()
    ws = SocketModeStandin().start().attach(standin)
    try:
        s = await setup(folder, standin, args.alerts)
        mode = SocketMode(s.receiver, VALID_APP_TOKEN, standin.base_url)
        await mode.start()
        if not await asyncio.to_thread(ws.wait_connected, 1, 10.0):
            raise SystemExit("socket mode: never connected")
        ids = []
        for payload in plan(s.sent, args.clicks):
            ids.append(await asyncio.to_thread(ws.send, "interactive", payload))
            await asyncio.sleep(args.seconds / args.clicks)
        acks = [await asyncio.to_thread(ws.wait_ack, envelope, 10.0) for envelope in ids]
        await s.receiver.drain(30)
        await mode.stop()
        latencies = [a.seconds for a in acks if a is not None]
        ok = report("socket mode", latencies, args.clicks, s.store, len(standin.ephemerals))
        s.store.close()
        return ok
    finally:
        ws.stop()
        standin.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--alerts", type=int, default=20)
    args = parser.parse_args()
    configure(level="WARNING")  # refusals and late acknowledgements still show
    print(f"{args.clicks} clicks in {args.seconds:.0f} s on {args.alerts} alerts by {len(USERS)} people")
    ok = True
    for name, run in (("http", run_http), ("socket", run_socket)):
        with tempfile.TemporaryDirectory(prefix=f"interact-{name}-") as folder:
            ok = asyncio.run(run(args, Path(folder))) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
