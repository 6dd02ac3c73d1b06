"""The optional `llm:` block: an OpenAI-compatible endpoint for model summaries and facts.

    llm:
      provider: openai            # openai | azure | compatible (Ollama, vLLM, LM Studio ...)
      model: gpt-4o-mini          # azure: the deployment name
      api_key: ${OPENAI_API_KEY}  # from the environment; a local server may need none
      base_url: http://127.0.0.1:11434/v1/   # compatible servers (and OpenAI proxies)
      azure_endpoint: https://NAME.openai.azure.com/   # azure only
      api_version: 2024-10-21     # azure only
      wait: 10s                   # an alert never waits longer; it goes out extractive
      timeout: 30s                # one call's own limit (it may finish after `wait`: cached)
      daily_calls: 500            # the budget per UTC day; past it, extractive
      daily_tokens: 500000
      prompt: ...                 # optional: replaces the default instructions

A rule or destination chooses `summary: model` (default `extractive`) and may set `prompt`.
Without this block `summary: model` falls back to extractive, with one warning at start.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field, model_validator

from bot.config.types import HttpUrl, Interval, Secret, SecretHolder

SummaryKind = Literal["extractive", "model"]


class LlmSettings(SecretHolder):
    provider: Literal["openai", "azure", "compatible"] = "openai"
    model: str = Field(min_length=1)
    """The model name (Azure: the deployment name)."""
    api_key: Secret = None
    base_url: HttpUrl | None = None
    azure_endpoint: HttpUrl | None = None
    api_version: str | None = None
    wait: Interval = timedelta(seconds=10)
    """How long an alert may wait for the model; after that it goes out with the offline
    summary and the answer, when it comes, is cached for later uses (digests)."""
    timeout: Interval = timedelta(seconds=30)
    max_retries: int = Field(default=1, ge=0, le=5)
    """The client's own retries (time-outs, 5xx); a 429 or 503 with Retry-After is never
    retried: no call goes to the endpoint until that time (for the process)."""
    daily_calls: int = Field(default=500, ge=0)
    daily_tokens: int = Field(default=500_000, ge=0)
    max_output_tokens: int = Field(default=400, ge=50)
    prompt: str | None = None

    @model_validator(mode="after")
    def _check_provider(self) -> LlmSettings:
        if self.provider == "azure" and not (self.azure_endpoint and self.api_version):
            raise ValueError(
                "azure needs `azure_endpoint` (https://NAME.openai.azure.com/) and `api_version`"
                " (e.g. 2024-10-21); `model` is the deployment name"
            )
        if self.provider == "compatible" and not self.base_url:
            raise ValueError("a compatible server needs `base_url` (e.g. http://127.0.0.1:11434/v1/)")
        return self

    def disabled_reason(self) -> str | None:
        """Why no call can be made (the variable to set), or None."""
        if self.provider != "compatible" and self.api_key is None:
            return self._unset("api_key", "OPENAI_API_KEY")
        return None
