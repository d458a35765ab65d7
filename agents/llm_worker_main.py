"""The litellm worker process itself: `python -m agents.llm_worker_main`, started by `agents.llm_worker`.

Why a module of its own: the child must import nothing but litellm (and the answer helpers), and
the parent's handle must not import litellm; one module each keeps both import lists obvious.
The protocol is described in `agents.llm_worker`.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

log = logging.getLogger(__name__)


def serve(stdin: IO[bytes], out: IO[bytes]) -> None:
    """The child: import litellm and warm its first call's lazy imports (GC paused), then answer
    requests, several at once, until stdin closes."""
    import gc
    from concurrent.futures import ThreadPoolExecutor

    from agents.litellm_import import import_litellm

    gc.disable()
    try:
        litellm = import_litellm()
        _warm_up(litellm)
    finally:
        gc.freeze()  # the import's objects live as long as the child: later collections skip them
        gc.enable()
    write_lock = threading.Lock()

    def send(message: dict[str, Any]) -> None:
        with write_lock:
            out.write(json.dumps(message).encode() + b"\n")
            out.flush()

    send({"ready": True})
    ops: dict[str, Callable[..., Any]] = {
        "completion": lambda **kw: _completion(litellm, kw),
        "supports_response_schema": lambda model: litellm.supports_response_schema(model=model),
        "get_supported_openai_params": lambda model: litellm.get_supported_openai_params(model=model),
    }

    def answer(request: dict[str, Any]) -> None:
        try:
            send({"id": request["id"], "ok": ops[request["op"]](**request["args"])})
        except Exception as exc:
            status = getattr(exc, "status_code", None)
            send(
                {
                    "id": request["id"],
                    "error": {
                        "kind": type(exc).__name__,
                        "names": [cls.__name__ for cls in type(exc).__mro__],
                        "status_code": status if isinstance(status, int) else None,
                        "message": str(exc),
                    },
                }
            )

    with ThreadPoolExecutor(max_workers=8, thread_name_prefix="litellm-call") as pool:
        for raw in stdin:
            try:
                pool.submit(answer, json.loads(raw))
            except ValueError:
                continue
    out.flush()


def _completion(litellm: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    from agents.llm_output import answer_content, token_counts  # imported by the warm-up

    response = litellm.completion(**kwargs)
    prompt_tokens, completion_tokens = token_counts(response)
    try:
        cost = litellm.completion_cost(completion_response=response, model=kwargs["model"])
    except Exception:  # local or unmapped model: no price
        cost = None
    return {
        "content": answer_content(response),
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "cost": float(cost) if cost else None,
    }


def _warm_up(litellm: Any) -> None:
    """litellm loads ~40 more modules at its first completion; a mock call (no network) loads them now."""
    import agents.llm_output  # noqa: F401 - read by every answer

    try:
        litellm.completion(
            model="openai/warm-up", messages=[{"role": "user", "content": "-"}], mock_response="-", max_retries=0
        )
    except Exception as exc:  # warming is an optimisation only
        log.info("litellm warm-up failed: %s", exc)


def main() -> None:
    """Entry point of the child: keep fd 1 for the protocol, send everything printed to stderr."""
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, protocol)
    sys.stderr.flush()
    os._exit(0)  # every answer is sent; tearing down litellm's ~3,000 modules would only delay the parent


if __name__ == "__main__":
    main()
