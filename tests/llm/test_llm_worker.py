"""The CLI's litellm worker process: calls go through litellm in the child and come back with the
answer, tokens and the error classes the client's retry rule reads; a worker that cannot run falls
back to litellm in-process; a worker still importing is stopped at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from agents.llm import LLMClient, classify_error
from agents.llm_worker import LiteLLMWorker, WorkerCallError, WorkerResponse
from agents.schemas import ReviewReport
from core.errors import ModelError
from core.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from openai_stub import OpenAIStub  # noqa: E402

pytestmark = pytest.mark.slow  # each worker imports litellm in a new process


class Verdict(BaseModel):
    verdict: str


def _answer(body: dict[str, Any]) -> tuple[int, str]:
    text = str(body["messages"][-1]["content"])
    if "fail-500" in text:
        return 500, "the server fell over"
    if "fail-400" in text:
        return 400, "response_format is not supported"
    if "slow" in text:
        time.sleep(0.5)
    return 200, json.dumps({"verdict": f"seen {len(body['messages'])} messages"})


@pytest.fixture(scope="module")
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(_answer) as server:
        yield server


@pytest.fixture(scope="module")
def worker() -> Iterator[LiteLLMWorker]:
    started = LiteLLMWorker().start()
    yield started
    started.close()


def _kwargs(stub: OpenAIStub, text: str) -> dict[str, Any]:
    return {
        "model": "openai/stub",
        "api_base": stub.base_url,
        "api_key": "sk-local-no-key",
        "messages": [{"role": "user", "content": text}],
        "max_retries": 0,
        "timeout": 30,
    }


def test_a_call_goes_through_litellm_in_the_child(stub: OpenAIStub, worker: LiteLLMWorker) -> None:
    response = worker.completion(**_kwargs(stub, "hello"))
    assert isinstance(response, WorkerResponse)
    assert json.loads(response.choices[0].message.content) == {"verdict": "seen 1 messages"}
    assert response.usage.prompt_tokens >= 1 and response.usage.completion_tokens >= 1
    assert stub.requests[-1]["model"] == "stub"  # litellm stripped its provider prefix, as in-process
    assert worker.ready.is_set()


def test_parallel_calls_are_answered_concurrently(stub: OpenAIStub, worker: LiteLLMWorker) -> None:
    worker.completion(**_kwargs(stub, "warm"))
    results: list[str] = []
    started = time.perf_counter()
    threads = [
        threading.Thread(target=lambda: results.append(worker.completion(**_kwargs(stub, "slow")).content))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert time.perf_counter() - started < 0.95  # two 0.5 s answers overlapped


def test_a_prompt_longer_than_a_pipe_buffer_goes_through(stub: OpenAIStub, worker: LiteLLMWorker) -> None:
    long_text = "proposal line with Ünïcode\n" * 20_000  # ~0.5 MB, far above the 64 KiB pipe buffer
    response = worker.completion(**_kwargs(stub, long_text))
    assert json.loads(response.content) == {"verdict": "seen 1 messages"}
    assert stub.requests[-1]["messages"][-1]["content"] == long_text


@pytest.mark.parametrize(
    ("text", "with_format", "action"),
    [("fail-500", False, "retry"), ("fail-400", True, "drop_response_format"), ("fail-400", False, "give_up")],
)
def test_errors_keep_the_classes_the_retry_rule_reads(
    stub: OpenAIStub, worker: LiteLLMWorker, text: str, with_format: bool, action: str
) -> None:
    with pytest.raises(WorkerCallError) as caught:
        worker.completion(**_kwargs(stub, text))
    assert classify_error(caught.value, with_response_format=with_format) == action
    assert caught.value.kind in {"InternalServerError", "BadRequestError"}


def test_the_client_uses_the_worker_for_structured_answers(stub: OpenAIStub, worker: LiteLLMWorker) -> None:
    settings = Settings(model="openai/stub", api_base=stub.base_url, llm_retries=0)
    client = LLMClient(settings, litellm=worker)
    answer = client.structured("it", [{"role": "user", "content": "judge this"}], Verdict)
    assert answer.verdict.startswith("seen")
    assert client.usage.calls == 1 and client.usage.prompt_tokens > 0
    assert client.usage.cost_usd is None  # a local model has no price


def test_the_client_reports_a_failing_model_with_its_litellm_class(stub: OpenAIStub, worker: LiteLLMWorker) -> None:
    settings = Settings(model="openai/stub", api_base=stub.base_url, llm_retries=0)
    client = LLMClient(settings, litellm=worker)
    with pytest.raises(ModelError, match="InternalServerError: .*the server fell over"):
        client.structured("it", [{"role": "user", "content": "fail-500"}], Verdict)


def test_a_worker_that_stops_falls_back_to_litellm_in_process(stub: OpenAIStub) -> None:
    dead = LiteLLMWorker([sys.executable, "-c", "pass"]).start()  # exits at once, answers nothing
    try:
        response = dead.completion(**_kwargs(stub, "hello"))
    finally:
        dead.close()
    assert not isinstance(response, WorkerResponse)  # litellm's own response object, made here
    assert json.loads(response.choices[0].message.content)["verdict"] == "seen 1 messages"


def test_a_worker_still_importing_is_stopped_at_once() -> None:
    worker = LiteLLMWorker().start()
    started = time.perf_counter()
    worker.close()
    assert time.perf_counter() - started < 2.0
    assert not worker.ready.is_set()


REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "proposals" / "2fa-warehouse.md"


def test_the_cli_reviews_through_the_worker_without_importing_litellm_itself(tmp_path: Path) -> None:
    from fake_model import answer_for, prompt_of

    code = (
        "import sys\nfrom app.cli import app\nfrom typer.testing import CliRunner\n"
        "r = CliRunner().invoke(app, sys.argv[1:])\n"
        "assert r.exit_code == 0, r.output\n"
        "sys.stderr.write(r.stdout)\n"
        "print('litellm' in sys.modules)\n"
    )
    env = {**os.environ, "GAPREVIEW_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    with OpenAIStub(lambda body: (200, answer_for(prompt_of(body["messages"])))) as endpoint:
        args = ["review", str(SAMPLE), "--no-kb", "--format", "json", "--model", "openai/stub"]
        done = subprocess.run(
            [sys.executable, "-c", code, *args, "--api-base", endpoint.base_url],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert len(endpoint.requests) == 5  # it, business, done, cross-examination, synthesis
    assert done.stdout.strip().splitlines()[-1] == "False"  # litellm ran in the worker only
    report = ReviewReport.model_validate_json(done.stderr[done.stderr.index("{") :])
    assert report.meta.synthesis == "model" and report.meta.llm_calls == 5


def test_a_cli_review_that_fails_early_stops_its_worker(tmp_path: Path) -> None:
    env = {**os.environ, "GAPREVIEW_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "app.cli", "review", str(tmp_path / "missing.md"), "--model", "openai/x"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
