"""A destination's notifier, asking the model first where the config says `summary: model`.

`with_model_summaries(notifiers, settings, store)` wraps the notifiers of destinations that
may carry model summaries (the destination says `summary: model`, or it leaves `summary`
unset and a rule routed to it says so); nothing is wrapped, and `openai` is not imported,
when nothing asks or no `llm:` block can call. The wrapper changes only first alerts
(never follow-ups, digests or ops notices), waits at most `llm.wait`, then sends.
"""

from __future__ import annotations

from typing import Any

from bot.delivery.messages import Alert, Message
from bot.llm.summaries import ModelSummaries
from bot.logs import get_logger
from bot.models import Clock, utcnow

log = get_logger(__name__)


class ModelSummaryNotifier:
    def __init__(self, inner: Any, summaries: ModelSummaries, destination: Any,
                 rules: dict[str, Any]) -> None:
        self.inner = inner
        self.summaries = summaries
        self.destination = destination
        self.rules = rules

    def __getattr__(self, name: str) -> Any:  # kind, reconcile, aclose ...: the inner's
        return getattr(self.inner, name)

    def build_payload(self, message: Message) -> dict[str, Any]:
        return self.inner.build_payload(message)

    def wants(self, alert: Alert) -> tuple[bool, str | None]:
        """Whether this alert gets a model summary, and the prompt override that applies."""
        rules = [self.rules[r] for r in alert.rules if r in self.rules]
        chosen = getattr(self.destination, "summary", None)
        wanted = chosen == "model" if chosen else any(r.summary == "model" for r in rules)
        prompt = getattr(self.destination, "prompt", None) or next(
            (r.prompt for r in rules if r.summary == "model" and r.prompt), None)
        return wanted, prompt

    async def send(self, message: Message) -> Any:
        if isinstance(message, Alert) and not message.followup_of:
            wanted, prompt = self.wants(message)
            if wanted:
                message = await self.summaries.for_alert(message, prompt)
        return await self.inner.send(message)


def _asks(settings: Any, name: str, dest: Any) -> bool:
    if getattr(dest, "summary", None):
        return bool(dest.summary == "model")
    return any(r.summary == "model" and name in r.notify for r in settings.rules)


def with_model_summaries(notifiers: dict[str, Any], settings: Any, store: Any, *,
                         clock: Clock = utcnow, client: Any = None) -> dict[str, Any]:
    """The notifiers, those that may carry model summaries wrapped (see the module doc)."""
    asking = [n for n in notifiers if n in settings.destinations
              and _asks(settings, n, settings.destinations[n])]
    if not asking:
        return notifiers
    llm = settings.llm
    reason = "no `llm:` block" if llm is None else llm.disabled_reason()
    if reason is not None:
        log.warning("model_summaries_disabled", destinations=asking, reason=reason)
        return notifiers
    summaries = ModelSummaries(llm, store, clock=clock, client=client)
    rules = {r.name: r for r in settings.rules}
    out = dict(notifiers)
    for name in asking:
        out[name] = ModelSummaryNotifier(notifiers[name], summaries, settings.destinations[name], rules)
    return out
