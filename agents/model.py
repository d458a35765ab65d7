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

    @property
    def calls(self) -> int: ...

    @property
    def prompt_tokens(self) -> int: ...

    @property
    def completion_tokens(self) -> int: ...

    @property
    def cost_usd(self) -> float | None: ...

    @property
    def total_tokens(self) -> int: ...


class ModelClient(Protocol):
    """A model client for one review: its budget, usage and warnings cover that review."""

    @property
    def usage(self) -> Usage: ...

    @property
    def warnings(self) -> list[str]: ...

    def structured(self, role: str, messages: list[dict[str, Any]], schema: type[T]) -> T:
        """The role's answer validated against `schema`; ModelError when no model produced one."""
        ...
