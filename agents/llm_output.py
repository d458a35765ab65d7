"""What comes back from a model: the answer parsed against its schema, and usage accounting.

Kept apart from `agents.llm` (which owns the calls) so parsing and budgets can be read and tested
without litellm.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.errors import BudgetExhausted

T = TypeVar("T", bound=BaseModel)


@dataclass
class LLMUsage:
    """Per-review usage, updated under a lock because the two perspectives run in parallel."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def reserve_call(self, max_calls: int, max_tokens: int) -> int:
        """Count a call before making it; return the completion tokens still allowed."""
        with self._lock:
            if self.calls >= max_calls:
                raise BudgetExhausted(f"LLM budget exhausted: {self.calls} of {max_calls} calls used")
            if self.total_tokens >= max_tokens:
                raise BudgetExhausted(f"LLM budget exhausted: {self.total_tokens} of {max_tokens} tokens used")
            self.calls += 1
            return max_tokens - self.total_tokens

    def record(self, prompt_tokens: int, completion_tokens: int, cost: float | None) -> None:
        with self._lock:
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens
            if cost is not None:
                self.cost_usd = (self.cost_usd or 0.0) + cost


def parse_answer(content: str | None, schema: type[T]) -> T:
    """Validate the answer; tolerate Markdown fences or prose around one JSON object."""
    if not content or not content.strip():
        raise ValueError("the answer was empty")
    try:
        return schema.model_validate_json(content)
    except ValidationError as exc:
        start = content.find("{")
        if start < 0:
            raise ValueError("the answer contained no JSON object") from None
        try:
            obj, _ = json.JSONDecoder().raw_decode(content[start:])
        except json.JSONDecodeError:
            raise exc from None
        return schema.model_validate(obj)


def short_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        parts = [
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors(include_url=False)[:8]
        ]
        return "; ".join(parts)[:800]
    return str(exc)[:800]


def answer_content(response: Any) -> str:
    try:
        return response.choices[0].message.content or ""
    except (AttributeError, IndexError, KeyError, TypeError):  # no choices: treated as an empty answer
        return ""


def token_counts(response: Any) -> tuple[int, int]:
    usage = getattr(response, "usage", None)
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(getattr(usage, "completion_tokens", 0) or 0)


def normalise_choice(value: object, aliases: dict[str, str]) -> object:
    """'High', 'Answered by proposal', 'question' -> the schema's own literal: casing, spacing and a
    model's usual synonyms are not worth a repair round trip. Anything else is left for validation."""
    if isinstance(value, str):
        value = value.strip().lower().replace(" ", "_")
        return aliases.get(value, value)
    return value
