"""litellm in a helper process, so a fresh `gapreview review` does not wait for its import.

Why: importing litellm costs about 2-3 s of pure-Python CPU. In the CLI's single process that time
cannot overlap the pipeline's own imports and nodes, which hold the GIL too (the proposal's
embeddings usually come from the cache, so there is no GIL-free embedder work to hide it behind): a
background-thread import added its whole CPU time to the review, and more in lock hand-offs. A child
process imports litellm on the machine's other core while this one reads and analyses the proposal.

Every call still goes through litellm: the child runs `litellm.completion` with the exact arguments
`agents.llm.LLMClient` built (retries, repairs, budgets and redaction stay in the client), and
returns the answer text, token counts and cost. `LiteLLMWorker` stands in for the litellm module in
the client (`LLMClient(settings, litellm=worker)`); if the child cannot start or dies, it falls back
to importing litellm in-process. Warm processes (web page, batch, evals) keep litellm in-process.

The child is `agents.llm_worker_main`. Protocol, one JSON object per line: parent -> child
{"id", "op", "args"}; child -> parent {"id", "ok"} or {"id", "error": {"kind", "names",
"status_code", "message"}}, and {"ready": true} once litellm is imported and warmed. The child
exits when its stdin closes.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import IO, Any

log = logging.getLogger(__name__)

READY_TIMEOUT_S = 120.0  # the child's import and warm-up, on a very busy machine
CALL_GRACE_S = 30.0  # waited beyond the call's own timeout before the parent gives up on the child


class WorkerCallError(Exception):
    """A litellm exception raised in the child, re-raised here with what `classify_error` reads."""

    def __init__(self, kind: str, names: list[str], status_code: int | None, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.class_names = frozenset(names)
        self.status_code = status_code


class WorkerGone(Exception):
    """The child could not start or stopped: the caller falls back to litellm in-process."""


@dataclass
class _Message:
    content: str


@dataclass
class _Choice:
    message: _Message


@dataclass
class _Usage:
    prompt_tokens: int
    completion_tokens: int


@dataclass
class WorkerResponse:
    """The parts of a litellm ModelResponse the client reads (`agents.llm_output`), plus its cost."""

    content: str
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    choices: list[_Choice] = field(init=False)
    usage: _Usage = field(init=False)

    def __post_init__(self) -> None:
        self.choices = [_Choice(_Message(self.content))]
        self.usage = _Usage(self.prompt_tokens, self.completion_tokens)


class LiteLLMWorker:
    """The parent's handle on the child: the litellm functions `LLMClient` uses, answered remotely."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or [sys.executable, "-m", "agents.llm_worker_main"]
        self._lock = threading.Lock()  # the pending calls and the child's state
        self._write_lock = threading.Lock()  # one request line at a time on the child's stdin
        self._pending: dict[int, Future[Any]] = {}
        self._next_id = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._gone: str | None = None
        self.ready = threading.Event()

    def start(self) -> LiteLLMWorker:
        """Start the child now; its import runs while the caller goes on."""
        try:
            self._proc = subprocess.Popen(
                self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ}
            )
        except OSError as exc:
            self._gone = f"could not start: {exc}"
            log.info("litellm worker %s; using litellm in-process", self._gone)
            return self
        assert self._proc.stdout is not None
        threading.Thread(
            target=self._read, args=(self._proc.stdout,), name="litellm-worker-reader", daemon=True
        ).start()
        atexit.register(self.close)
        return self

    def close(self) -> None:
        """Stop the child: closing its stdin ends it once ready; one still importing is killed, so a
        command that failed early (a bad path, a bad flag) exits at once."""
        with self._lock:
            proc, self._proc = self._proc, None
            self._gone = self._gone or "closed"
        if proc is None:
            return
        try:
            if not self.ready.is_set():
                proc.kill()
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()

    # the litellm functions agents.llm.LLMClient calls
    def completion(self, **kwargs: Any) -> Any:
        timeout = float(kwargs.get("timeout") or 600)
        try:
            return WorkerResponse(**self._call("completion", kwargs, timeout + CALL_GRACE_S))
        except WorkerGone:
            return self._in_process().completion(**kwargs)

    def completion_cost(self, completion_response: Any, model: str) -> float | None:
        if isinstance(completion_response, WorkerResponse):
            return completion_response.cost
        return float(self._in_process().completion_cost(completion_response=completion_response, model=model))

    def supports_response_schema(self, model: str) -> bool:
        return bool(self._remote_or_local("supports_response_schema", model))

    def get_supported_openai_params(self, model: str) -> list[str] | None:
        params = self._remote_or_local("get_supported_openai_params", model)
        return list(params) if params else None

    def _remote_or_local(self, op: str, model: str) -> Any:
        try:
            return self._call(op, {"model": model}, CALL_GRACE_S)
        except WorkerGone:
            return getattr(self._in_process(), op)(model=model)

    def _in_process(self) -> Any:
        from agents.litellm_import import import_litellm

        return import_litellm()

    def _call(self, op: str, args: dict[str, Any], timeout_s: float) -> Any:
        future: Future[Any] = Future()
        with self._lock:
            proc = self._proc
            if self._gone is not None or proc is None or proc.stdin is None:
                raise WorkerGone(self._gone or "not started")
            self._next_id += 1
            request_id = self._next_id
            self._pending[request_id] = future
        line = json.dumps({"id": request_id, "op": op, "args": args}).encode() + b"\n"
        try:
            with self._write_lock:  # blocks while a child still importing has a full pipe; close() kills it
                proc.stdin.write(line)
                proc.stdin.flush()
        except (OSError, ValueError) as exc:  # a closed pipe, or stdin closed by close()
            with self._lock:
                self._pending.pop(request_id, None)
            raise WorkerGone(f"stdin closed: {exc}") from None
        if not self.ready.is_set():
            timeout_s += READY_TIMEOUT_S
        try:
            return future.result(timeout=timeout_s)
        except TimeoutError:
            with self._lock:
                self._pending.pop(request_id, None)
            raise WorkerCallError(
                "Timeout", ["Timeout"], None, f"no answer from the litellm worker in {timeout_s:.0f}s"
            ) from None

    def _read(self, stream: IO[bytes]) -> None:
        """Route each answer line to the call waiting for it; on EOF fail what is still pending."""
        for raw in stream:
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            if message.get("ready"):
                self.ready.set()
                continue
            with self._lock:
                future = self._pending.pop(message.get("id"), None)
            if future is None:
                continue
            if "error" in message:
                err = message["error"]
                future.set_exception(WorkerCallError(err["kind"], err["names"], err["status_code"], err["message"]))
            else:
                future.set_result(message.get("ok"))
        with self._lock:
            self._gone = self._gone or "the litellm worker stopped"
            pending, self._pending = self._pending, {}
        for future in pending.values():
            future.set_exception(WorkerGone(self._gone))
