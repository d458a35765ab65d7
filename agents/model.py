"""The seam between the pipeline and a language model: what a node may ask of a model client.

Why a Protocol: nodes (and the fakes tests pass them) depend on three things only: a structured
call that returns a validated pydantic object, the review's usage, and the warnings the client
collected. `agents.llm.LLMClient` is the real implementation; scripted fakes implement the same
shape without litellm, so only the client's own tests need litellm responses.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


class Usage(Protocol):
    """Calls and tokens spent in one review (cost is None when the provider's price is unknown)."""

    calls: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None


class ModelClient(Protocol):
    """A model client for one review: its budget, usage and warnings cover that review."""

    usage: Usage
    warnings: list[str]

    def structured(self, role: str, messages: list[dict[str, Any]], schema: type[T]) -> T:
        """The role's answer validated against `schema`; ModelError when no model produced one."""
        ...
