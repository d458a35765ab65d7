"""With a model configured: what IT and the business would each count as done (the synthesis role).

The builtin templates say it in general terms; a model can say it about this proposal's systems and
people. Findings stay with the deterministic comparison; only the two lists come from the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, field_validator

from agents.prompts import DONE_SYSTEM, DONE_USER, fence_data, language_name, render
from agents.state import Proposal

if TYPE_CHECKING:
    from agents.model import ModelClient

MAX_STATEMENT_CHARS = 300


class DoneViews(BaseModel):
    """The model's answer: a few statements per side."""

    it: list[str] = Field(min_length=1, max_length=4)
    business: list[str] = Field(min_length=1, max_length=4)

    @field_validator("it", "business")
    @classmethod
    def _clean(cls, items: list[str]) -> list[str]:
        cleaned = [" ".join(item.split())[:MAX_STATEMENT_CHARS] for item in items if item.strip()]
        if not cleaned:
            raise ValueError("at least one non-empty statement is required")
        return cleaned


def build_done_messages(proposal: Proposal, criteria: list[str]) -> list[dict[str, str]]:
    system = render(DONE_SYSTEM, language=language_name(proposal.language))
    user = render(
        DONE_USER,
        title=fence_data(proposal.title).replace('"', "'"),
        proposal=fence_data(proposal.text),
        criteria=fence_data("\n".join(f"- {c}" for c in criteria)) if criteria else "(none stated)",
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def llm_done_views(proposal: Proposal, criteria: list[str], client: ModelClient) -> DoneViews:
    """Raises ModelError when the synthesis model (and its fallbacks) fail."""
    return client.structured("synthesis", build_done_messages(proposal, criteria), DoneViews)
