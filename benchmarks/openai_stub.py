"""A minimal OpenAI-compatible chat endpoint on 127.0.0.1 (stdlib only), for benchmarks and tests.

Why: litellm's real HTTP path (request building, response parsing, usage) is part of the overhead a
user pays; an in-process fake skips it. `answer(body)` decides each reply: a (status, content)
pair; a status other than 200 is sent as an error body, as a real server would.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[dict[str, Any]], tuple[int, str]]


class OpenAIStub:
    """`with OpenAIStub(answer) as stub: stub.base_url` -> "http://127.0.0.1:PORT/v1"."""

    def __init__(self, answer: Answer, delay_s: float = 0.0) -> None:
        self.answer = answer
        self.delay_s = delay_s
        self.requests: list[dict[str, Any]] = []
        self.busy: list[tuple[float, float]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, name="openai-stub", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> OpenAIStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def busy_seconds(self) -> float:
        total, end = 0.0, float("-inf")
        for start, stop in sorted(self.busy):
            if stop > end:
                total += stop - max(start, end)
                end = stop
        return total

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
                return

            def do_POST(self) -> None:  # noqa: N802 - stdlib name
                started = time.perf_counter()
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                with stub._lock:
                    stub.requests.append(body)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    status, content = 404, f"no route {self.path}"
                else:
                    try:
                        status, content = stub.answer(body)
                    except Exception as exc:  # an unknown request must be noticed, not hang the client
                        status, content = 500, f"stub could not answer: {exc}"
                if stub.delay_s:
                    time.sleep(stub.delay_s)
                payload = _completion(body, content) if status == 200 else {"error": {"message": content}}
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                with stub._lock:
                    stub.busy.append((started, time.perf_counter()))

        return Handler


def _completion(body: dict[str, Any], content: str) -> dict[str, Any]:
    prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(content) // 4,
            "total_tokens": prompt_chars // 4 + len(content) // 4,
        },
    }
