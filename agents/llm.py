"""The only module that talks to language models (through litellm).

Why one module: retries, fallbacks, budgets, structured-output validation, usage accounting and
secret redaction are easy to get subtly wrong, so they live in one place that every LLM-backed
node shares. litellm is imported lazily so builtin mode (no model configured) never pays for it:
in a background thread of this process (web page, batch, evals), or, for a fresh `gapreview review`,
in a worker process that stands in for the litellm module (`agents.llm_worker`, passed as `litellm=`).

One `LLMClient` per review: its budget (max calls, max tokens) and its `usage` cover that review.
The client is safe to share between the parallel IT and business branches. It implements
`agents.model.ModelClient`, the protocol nodes type against (fakes implement it too).
"""

from __future__ import annotations

import atexit
import logging
import os
import random
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from agents.litellm_import import import_litellm
from agents.llm_output import LLMUsage, answer_content, parse_answer, short_error, token_counts
from agents.prompts import REPAIR_USER, fold_system, render, with_schema_instruction
from core.errors import BudgetExhausted, ModelError
from core.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
Completion = Callable[..., Any]

REPAIR_ATTEMPTS = 2  # invalid output is sent back at most this many times per model
MAX_COMPLETION_TOKENS = 1500
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 20.0
_SECRET_ENV_MARKERS = ("API_KEY", "_TOKEN", "SECRET", "PASSWORD")
_RETRIABLE = {
    "Timeout",
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "BadGatewayError",
    "APIConnectionError",
}


class _ModelFailed(Exception):
    """One model gave up (after retries/repairs); the next fallback model may be tried."""


_import_litellm = import_litellm  # the one way this module imports litellm (offline, quiet, GC paused)


_preload_lock = threading.Lock()
_preload_thread: threading.Thread | None = None


def preload_litellm() -> None:
    """Start importing litellm in a background thread, once per process.

    Why: the import takes seconds. Started when a review's client is made, it overlaps with reading
    and embedding the proposal, so the two perspective threads find it loaded instead of both
    waiting on the import lock at their first call.
    """
    global _preload_thread
    with _preload_lock:
        if _preload_thread is not None or "litellm" in sys.modules:
            return
        _preload_thread = threading.Thread(target=_quiet_import, name="litellm-preload", daemon=True)
        _preload_thread.start()
        # an interpreter that exits mid-import (a review that failed fast) can crash at shutdown
        atexit.register(_preload_thread.join, 30.0)


def _quiet_import() -> None:
    try:
        _import_litellm()
    except Exception as exc:  # the first real call reports the problem with context
        log.info("background import of litellm failed: %s", exc)


def _class_names(exc: BaseException) -> set[str]:
    """litellm's exception classes by name, so the check works without importing litellm (and for an
    error re-raised from the CLI's litellm worker process, which carries the names it had there)."""
    return {cls.__name__ for cls in type(exc).__mro__} | set(getattr(exc, "class_names", ()))


def _kind(exc: BaseException) -> str:
    """The exception's class name; a worker process's error says the name it had in the worker."""
    return str(getattr(exc, "kind", "") or type(exc).__name__)


ErrorAction = Literal["retry", "drop_response_format", "give_up"]


def classify_error(exc: BaseException, *, with_response_format: bool) -> ErrorAction:
    """The one rule for what a failed call means.

    - a bad request while a response_format was sent: some servers reject the format, and prompt-only
      JSON still works there, so try once more without it (a too-long context is not that case);
    - timeouts, connection errors, 429 and 5xx: transient, worth retrying on the same model;
    - anything else (authentication, a bad request without a format, unknown errors): give up on
      this model, so the next fallback model is tried.
    """
    names = _class_names(exc)
    if with_response_format and "BadRequestError" in names and "ContextWindowExceededError" not in names:
        return "drop_response_format"
    status = getattr(exc, "status_code", None)
    if names & _RETRIABLE or (isinstance(status, int) and (status == 429 or status >= 500)):
        return "retry"
    return "give_up"


class LLMClient:
    """Structured completions with repair, retries, fallbacks, a budget and usage accounting."""

    def __init__(
        self,
        settings: Settings,
        completion: Completion | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        backoff_base_s: float = BACKOFF_BASE_S,
        litellm: Any = None,
    ) -> None:
        """`litellm`: a stand-in for the litellm module (the CLI's `agents.llm_worker.LiteLLMWorker`,
        which runs litellm in a child process); None = litellm imported here, in the background."""
        self.settings = settings
        self._completion = completion
        self._litellm = litellm
        self._sleep = sleep
        self._backoff_base_s = backoff_base_s
        self.usage = LLMUsage()
        self.warnings: list[str] = []
        self._warn_lock = threading.Lock()
        if litellm is None:
            preload_litellm()

    def structured(self, role: str, messages: list[dict[str, Any]], schema: type[T]) -> T:
        """Ask the role's model (then each fallback) for an answer that validates against `schema`.

        Raises ModelError with a key-free message when the budget is spent or every model failed.
        """
        primary = self.settings.model_for(role)
        if not primary:
            raise ModelError(f"no model configured for role '{role}'")
        models = list(dict.fromkeys([primary, *self.settings.fallback_models]))
        failures: list[str] = []
        for model in models:
            try:
                return self._structured_with(model, messages, schema)
            except _ModelFailed as exc:
                failures.append(f"{model}: {exc}")
                self._warn(f"model {model} failed for the {role} view: {exc}")
        raise ModelError(self.redact(f"all models failed ({'; '.join(failures)})"))

    def redact(self, text: str) -> str:
        """Remove every secret we know of (configured key, provider keys in env) from text."""
        for secret in self._secrets():
            text = text.replace(secret, "[REDACTED]")
        return text

    def _structured_with(self, model: str, messages: list[dict[str, Any]], schema: type[T]) -> T:
        """Call one model, sending validation errors back up to REPAIR_ATTEMPTS times."""
        convo = with_schema_instruction([dict(m) for m in messages], schema)
        if self._is_local_server(model):
            convo = fold_system(convo)
        response_format = self._response_format(model, schema)
        last_error = ""
        for attempt in range(REPAIR_ATTEMPTS + 1):
            content = self._call_with_retries(model, convo, response_format)
            try:
                return parse_answer(content, schema)
            except (ValueError, ValidationError) as exc:
                last_error = short_error(exc)
                log.info(
                    "invalid structured output from %s (attempt %d): %s", model, attempt + 1, self.redact(last_error)
                )
                convo = [
                    *convo,
                    {"role": "assistant", "content": content or ""},
                    {"role": "user", "content": render(REPAIR_USER, error=last_error)},
                ]
        raise _ModelFailed(f"invalid output after {REPAIR_ATTEMPTS} repair attempts ({last_error})")

    def _call_with_retries(
        self, model: str, messages: list[dict[str, Any]], response_format: dict[str, Any] | None
    ) -> str:
        """One logical completion: retry transient errors with exponential backoff and jitter."""
        attempts = max(0, self.settings.llm_retries) + 1
        attempt = 0
        while True:
            try:
                return self._call_once(model, messages, response_format)
            except BudgetExhausted:
                raise
            except Exception as exc:
                kind = _kind(exc)
                action = classify_error(exc, with_response_format=response_format is not None)
                if action == "drop_response_format":
                    log.info("%s rejected response_format (%s); retrying without it", model, kind)
                    response_format = None
                    continue
                attempt += 1
                if action == "give_up" or attempt >= attempts:
                    raise _ModelFailed(f"{kind}: {self.redact(_describe(exc))[:300]}") from None
                delay = min(BACKOFF_CAP_S, self._backoff_base_s * 2 ** (attempt - 1))
                delay *= 0.5 + random.random() / 2
                log.info("%s on %s, retry %d in %.1fs", kind, model, attempt, delay)
                self._sleep(delay)

    def _call_once(self, model: str, messages: list[dict[str, Any]], response_format: dict[str, Any] | None) -> str:
        """A single billed call: reserve budget, call, record tokens and cost, return content."""
        remaining = self.usage.reserve_call(self.settings.max_llm_calls, self.settings.max_llm_tokens)
        kwargs: dict[str, Any] = {
            "model": model,
            "messages": messages,
            "timeout": self.settings.llm_timeout_s,
            "max_tokens": max(1, min(MAX_COMPLETION_TOKENS, remaining)),
            "temperature": 0.2,
            "max_retries": 0,
        }
        if response_format is not None:
            kwargs["response_format"] = response_format
        kwargs.update(self._endpoint(model))
        response = self._get_completion()(**kwargs)
        prompt_tokens, completion_tokens = token_counts(response)
        self.usage.record(prompt_tokens, completion_tokens, self._cost(response, model))
        return answer_content(response)

    def _get_completion(self) -> Completion:
        if self._completion is None:
            self._completion = self._lib().completion
        return self._completion

    def _lib(self) -> Any:
        return self._litellm if self._litellm is not None else _import_litellm()

    def _endpoint(self, model: str) -> dict[str, Any]:
        """api_base/api_key for the call; a dummy key for keyless OpenAI-compatible local servers."""
        out: dict[str, Any] = {}
        api_base = self.settings.api_base_for(model)
        if api_base:
            out["api_base"] = api_base
        if self.settings.api_key is not None:
            out["api_key"] = self.settings.api_key.get_secret_value()
        elif api_base and model.startswith("openai/") and not os.environ.get("OPENAI_API_KEY"):
            out["api_key"] = "sk-local-no-key"
        return out

    def _is_local_server(self, model: str) -> bool:
        """An OpenAI-compatible server (llama.cpp, vLLM, LM Studio) reached through api_base."""
        return model.startswith("openai/") and bool(self.settings.api_base_for(model))

    def _response_format(self, model: str, schema: type[BaseModel]) -> dict[str, Any] | None:
        """The strongest structured-output mode the provider supports."""
        json_schema = schema.model_json_schema()
        if self._is_local_server(model):
            # OpenAI-compatible local servers (llama.cpp, vLLM) take a schema in json_object mode.
            return {"type": "json_object", "schema": json_schema}
        try:
            litellm = self._lib()
            if litellm.supports_response_schema(model=model):
                return {
                    "type": "json_schema",
                    "json_schema": {"name": schema.__name__, "schema": json_schema, "strict": False},
                }
            if "response_format" in (litellm.get_supported_openai_params(model=model) or []):
                return {"type": "json_object"}
        except Exception:  # unknown model/provider: fall back to prompt-only JSON
            return None
        return None

    def _cost(self, response: Any, model: str) -> float | None:
        """Price of one call when litellm knows the model; None for local or unmapped models."""
        try:
            cost = self._lib().completion_cost(completion_response=response, model=model)
        except Exception:
            return None
        return float(cost) if cost else None

    def _secrets(self) -> list[str]:
        found = []
        if self.settings.api_key is not None:
            found.append(self.settings.api_key.get_secret_value())
        for name, value in os.environ.items():
            if any(marker in name.upper() for marker in _SECRET_ENV_MARKERS):
                found.append(value)
        return sorted({s for s in found if len(s) >= 6}, key=len, reverse=True)

    def _warn(self, message: str) -> None:
        with self._warn_lock:
            self.warnings.append(self.redact(message))
        log.warning("%s", self.redact(message))


def _describe(exc: BaseException) -> str:
    """The provider's message without litellm's repeated 'litellm.X: X:' prefixes."""
    text = str(exc)
    for prefix in (f"litellm.{_kind(exc)}: ", f"{_kind(exc)}: "):
        text = text.removeprefix(prefix)
    return text
