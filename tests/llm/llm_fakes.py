"""Scripted fake for litellm.completion: a queue of answers/exceptions and a history of requests."""

from __future__ import annotations

import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import litellm  # noqa: E402  (tests may import it; the product imports it lazily)

from agents.prompts import CROSS_EXAMINE_SYSTEM, DONE_SYSTEM, SYNTHESIS_SYSTEM  # noqa: E402

SECRET = "sk-test-SECRET-abcdef123456"


def response(
    content: str | None, prompt_tokens: int = 100, completion_tokens: int = 20, model: str = "openai/test"
) -> litellm.ModelResponse:
    """A real litellm ModelResponse, so usage and cost code paths run as in production."""
    return litellm.ModelResponse(
        model=model,
        choices=[{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        usage={
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    )


Step = str | BaseException | Callable[[dict[str, Any]], Any] | None


class ScriptedCompletion:
    """Stands in for litellm.completion: pops one scripted step per call and records the kwargs."""

    def __init__(self, steps: Iterable[Step] = ()) -> None:
        self.steps: deque[Step] = deque(steps)
        self.history: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> Any:
        self.history.append(kwargs)
        if not self.steps:
            raise AssertionError("the fake model was called more often than scripted")
        step = self.steps.popleft()
        if isinstance(step, BaseException):
            raise step
        if callable(step):
            return step(kwargs)
        return response(step, model=kwargs["model"])

    @property
    def models(self) -> list[str]:
        return [h["model"] for h in self.history]


def rate_limited() -> BaseException:
    return litellm.RateLimitError(message="429 slow down", llm_provider="openai", model="test")


def timed_out() -> BaseException:
    return litellm.Timeout(message="request timed out", model="test", llm_provider="openai")


def server_error() -> BaseException:
    return litellm.InternalServerError(message="500 boom", llm_provider="openai", model="test")


def auth_error() -> BaseException:
    return litellm.AuthenticationError(
        message=f"Incorrect API key provided: {SECRET}", llm_provider="openai", model="test"
    )


def bad_request(text: str = "response_format not supported") -> BaseException:
    return litellm.BadRequestError(message=text, model="test", llm_provider="openai")


DONE_VIEWS = (
    '{"it": ["Entra ID enforces MFA without open incidents"], '
    '"business": ["Pickers start their shift without extra waiting"]}'
)


def _prompt(kwargs: dict[str, Any]) -> str:
    return " ".join(str(m.get("content", "")) for m in kwargs["messages"])


def keep_all(kwargs: dict[str, Any]) -> Any:
    """A synthesis answer that keeps every candidate, scored in the order given."""
    ids = re.findall(r"- id: (\S+) \|", _prompt(kwargs))
    keep = [{"id": cid, "reason": "kept", "importance": 0.5, "specificity": 0.5} for cid in ids]
    return response(json.dumps({"keep": keep}), model=kwargs["model"])


def all_open(kwargs: dict[str, Any]) -> Any:
    """A cross-examination answer leaving every question open, with both positions."""
    ids = re.findall(r"- question_id: (\S+) \|", _prompt(kwargs))
    answers = [
        {"question_id": q, "status": "open", "it_position": "IT wants it settled", "business_position": "Later"}
        for q in ids
    ]
    return response(json.dumps({"exchanges": answers}), model=kwargs["model"])


ROLE_MARKERS = (
    ("done", DONE_SYSTEM.split("\n", 1)[0][:60]),
    ("select", SYNTHESIS_SYSTEM.split("\n", 1)[0][:60]),
    ("cross", CROSS_EXAMINE_SYSTEM.split("\n", 1)[0][:60]),
    ("it", "from the IT perspective"),
    ("business", "from the business perspective"),
)


def role_of(kwargs: dict[str, Any]) -> str:
    prompt = _prompt(kwargs)
    return next(role for role, marker in ROLE_MARKERS if marker in prompt)


class ByPerspective:
    """A fake for the parallel IT and business branches: one scripted queue per call of the pipeline.

    The two branches call concurrently, so a single queue would hand out answers in a random
    order; the call is read from the prompt instead. `synthesis` answers what each side counts as
    done; `select` is the synthesis step over all candidates (keeps every candidate unless
    scripted otherwise); `cross` is the cross-examination (every question open by default).
    """

    def __init__(
        self,
        it: Iterable[Step],
        business: Iterable[Step],
        synthesis: Iterable[Step] = (DONE_VIEWS,),
        select: Iterable[Step] = (keep_all,),
        cross: Iterable[Step] = (all_open,),
    ) -> None:
        self.sides = {
            "it": ScriptedCompletion(it),
            "business": ScriptedCompletion(business),
            "synthesis": ScriptedCompletion(synthesis),
            "select": ScriptedCompletion(select),
            "cross": ScriptedCompletion(cross),
        }

    def __call__(self, **kwargs: Any) -> Any:
        role = role_of(kwargs)
        return self.sides["synthesis" if role == "done" else role](**kwargs)

    @property
    def calls(self) -> int:
        return sum(len(fake.history) for fake in self.sides.values())
