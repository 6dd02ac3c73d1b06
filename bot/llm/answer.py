"""The answer a model must give, validated; model text cleaned like hostile feed text.

Promise: `parse_answer(raw, story_url)` returns an `Answer` only for a JSON object with a
`summary` of 1-3 sentences (at most `MAX_SUMMARY` characters) and well-typed fact fields
(`deal_type` one of `DEAL_TYPES` or null); anything else raises `InvalidAnswer`. Its text
keeps no link but the story's own (others become "[link removed]") and no broadcast
mention (`@channel`, `@here`, `@everyone` lose their `@`); the notifiers then escape it
exactly like feed text. `from_cache(record, story_url)` puts a stored answer through the
same validation and clean-up (alerts and digests alike), None when it no longer passes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.facts import DEAL_TYPES

MAX_SUMMARY = 700
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_MENTION = re.compile(r"(?i)[@＠]\s*(channel|here|everyone)\b|<!\w+[^>]*>")

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["summary", "parties", "health_orgs", "partners", "deal_type", "amount_usd", "area"],
    "properties": {
        "summary": {"type": "string", "description": "1-3 sentences, plain text"},
        "parties": {"type": "array", "items": {"type": "string"}},
        "health_orgs": {"type": "array", "items": {"type": "string"}},
        "partners": {"type": "array", "items": {"type": "string"}},
        "deal_type": {"type": ["string", "null"], "enum": [*DEAL_TYPES, None]},
        "amount_usd": {"type": ["number", "null"]},
        "area": {"type": ["string", "null"]},
    },
}


class InvalidAnswer(ValueError):
    """The model's answer is not what the schema asks for."""


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    summary: str = Field(min_length=1, max_length=MAX_SUMMARY)
    parties: list[str] = Field(default=[], max_length=10)
    health_orgs: list[str] = Field(default=[], max_length=10)
    partners: list[str] = Field(default=[], max_length=10)
    deal_type: Literal[DEAL_TYPES] | None = None  # type: ignore[valid-type]
    amount_usd: float | None = Field(default=None, ge=0)
    area: str | None = Field(default=None, max_length=100)

    @field_validator("summary")
    @classmethod
    def _sentences(cls, value: str) -> str:
        count = len(_SENTENCE_END.findall(value.strip() + " "))
        if not 1 <= max(count, 1) <= 3:
            raise ValueError("the summary must be 1-3 sentences")
        return value


@dataclass(frozen=True)
class Answer:
    summary: str
    facts: dict[str, Any]


def clean(text: str, story_url: str | None) -> str:
    """Model text without foreign links or broadcast mentions."""
    def link(m: re.Match[str]) -> str:
        found = m.group(0).rstrip(".,;)")
        return m.group(0) if story_url and found == story_url else "[link removed]"

    out = _URL.sub(link, text)
    return _MENTION.sub(lambda m: m.group(1) or "", out)


def parse_answer(raw: str, story_url: str | None = None) -> Answer:
    """Validate the model's JSON answer (see the module doc)."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError) as error:
        raise InvalidAnswer(f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise InvalidAnswer("not a JSON object")
    try:
        parsed = _Answer.model_validate(data)
    except ValidationError as error:
        raise InvalidAnswer(str(error).splitlines()[0]) from None

    def names(values: list[str]) -> list[str]:
        return [clean(v, None)[:120] for v in values if v.strip()]

    facts = {
        "parties": names(parsed.parties),
        "health_orgs": names(parsed.health_orgs),
        "partners": names(parsed.partners),
        "deal_type": parsed.deal_type,
        "amount_usd": parsed.amount_usd,
        "area": clean(parsed.area, None) if parsed.area else None,
    }
    return Answer(summary=clean(parsed.summary, story_url), facts=facts)


def from_cache(record: dict[str, Any] | None, story_url: str | None = None) -> Answer | None:
    """A cached answer (`store.model_answer`) validated and cleaned again, or None."""
    if not record or not isinstance(record.get("summary"), str):
        return None
    stored = record.get("facts")
    facts: dict[str, Any] = stored if isinstance(stored, dict) else {}
    try:
        return parse_answer(json.dumps({**facts, "summary": record["summary"]}), story_url)
    except InvalidAnswer:
        return None
