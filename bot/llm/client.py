"""The `openai` client for OpenAI, Azure OpenAI and compatible servers; its errors become
`ModelError` (transient: time-outs, connection errors, 429 and 503 with their Retry-After
(seconds or an HTTP date), 5xx;
permanent: other 4xx such as a bad key or an unknown model). Imported only when a rule or
destination asks for model summaries (the `llm` extra)."""

from __future__ import annotations

import email.utils
import math
from datetime import UTC, datetime
from typing import Any

from bot.config.llm import LlmSettings
from bot.errors import BotError


class ModelError(BotError):
    """A model call failed; `.retry_after` in seconds when the server said so."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message, permanent=permanent)
        self.retry_after = retry_after


def make_client(settings: LlmSettings) -> Any:
    """An `AsyncOpenAI` (or `AsyncAzureOpenAI`) with the settings' time-out and retries."""
    try:
        import openai
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ModelError("model summaries need the `openai` package: pip install 'newsbot[llm]'",
                         permanent=True) from None
    key = settings.api_key.get_secret_value() if settings.api_key else "unused"
    common: dict[str, Any] = {
        "api_key": key, "timeout": settings.timeout.total_seconds(), "max_retries": settings.max_retries,
        "http_client": openai.DefaultAsyncHttpxClient(event_hooks={"response": [_no_retry_when_told_to_wait]}),
    }
    if settings.provider == "azure":
        return openai.AsyncAzureOpenAI(azure_endpoint=str(settings.azure_endpoint),
                                       api_version=settings.api_version, **common)
    return openai.AsyncOpenAI(base_url=settings.base_url, **common)


async def _no_retry_when_told_to_wait(response: Any) -> None:
    """A 429 or 503 with Retry-After reaches us at once (the client would otherwise sleep and
    retry while other stories keep calling): our per-endpoint cool-down takes it from there."""
    if response.status_code in (429, 503) and response.headers.get("retry-after"):
        response.headers["x-should-retry"] = "false"


async def complete(client: Any, settings: LlmSettings, messages: list[dict[str, str]]) -> tuple[str, int]:
    """One chat completion asking for a JSON object: (its text, tokens used)."""
    import openai

    try:
        response = await client.chat.completions.create(
            model=settings.model, messages=messages, temperature=0,
            max_tokens=settings.max_output_tokens, response_format={"type": "json_object"},
        )
    except openai.APITimeoutError:
        raise ModelError("model call timed out") from None
    except openai.RateLimitError as error:
        raise ModelError("model rate limited (429)", retry_after=_retry_after(error)) from None
    except openai.APIStatusError as error:
        status = error.status_code
        raise ModelError(f"model answered HTTP {status}", permanent=400 <= status < 500,
                         retry_after=_retry_after(error) if status == 503 else None) from None
    except openai.APIConnectionError as error:
        raise ModelError(f"model unreachable: {error}") from None
    except openai.OpenAIError as error:
        raise ModelError(f"model call failed: {error}") from None
    choice = response.choices[0] if response.choices else None
    text = (choice.message.content or "") if choice is not None else ""
    usage = getattr(response, "usage", None)
    return text, int(getattr(usage, "total_tokens", 0) or 0)


def _retry_after(error: Any) -> float | None:
    """The response's Retry-After in seconds from now (delta-seconds or an HTTP date)."""
    try:
        value = str(error.response.headers.get("retry-after") or "").strip()
    except AttributeError:
        return None
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)
