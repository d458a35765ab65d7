"""LLM-mode overhead per review: wall time minus the builtin review minus the model's own time.

A local OpenAI-compatible endpoint answers every call instantly (`openai_stub.py`, answers from
`fake_model.py`), reached through litellm's real HTTP path. Two figures:
  cli        `gapreview review` in a fresh process, as a user runs it, LLM mode vs builtin mode
             (includes importing litellm, which the CLI does in a worker process started before its
             own imports, so on a multi-core machine it overlaps the pipeline's first nodes);
  in-process a warm process (web page, batch), where litellm is already imported.
Both subtract the time the endpoint was busy. Target: overhead <= 2 s per review.
The cli line also prints the CPU seconds of each mode (the CLI and its worker together): the worker
moves litellm's import off the critical path, it does not make it cheaper, and on a machine whose
cores are all busy the wall figure approaches the CPU difference.

    .venv/bin/python benchmarks/llm_latency.py [--runs 2] [proposal.md]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from fake_model import answer_for, prompt_of  # noqa: E402
from openai_stub import OpenAIStub  # noqa: E402

from agents.review import build_context, run_review  # noqa: E402
from core.settings import Settings  # noqa: E402

TARGET_S = 2.0
REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "samples" / "proposals" / "2fa-warehouse.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("proposal", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--skip-cli", action="store_true", help="only the in-process figure")
    args = parser.parse_args(argv)
    text = args.proposal.read_text(encoding="utf-8")
    base = Settings(home=Path(os.environ.get("GAPREVIEW_HOME", "/tmp/gapreview-bench")))
    started = time.perf_counter()
    run_review(text, base)  # warm-up: embedder load, catalogue and proposal embeddings cached
    print(f"warm-up builtin review (embedder load): {time.perf_counter() - started:.2f}s")
    builtin = min(_timed(lambda: run_review(text, base)) for _ in range(args.runs))
    with OpenAIStub(lambda body: (200, answer_for(prompt_of(body["messages"])))) as stub:
        settings = base.model_copy(update={"model": "openai/stub", "api_base": stub.base_url})
        overheads = []
        for run in range(args.runs):
            stub.busy.clear()
            started = time.perf_counter()
            report = run_review(text, settings, context=build_context(settings))
            wall = time.perf_counter() - started
            if report.meta.synthesis != "model":
                raise RuntimeError(f"synthesis path {report.meta.synthesis}: {report.meta.warnings}")
            model_s = stub.busy_seconds()
            overheads.append(wall - builtin - model_s)
            first = " (first: includes importing litellm)" if run == 0 else ""
            print(
                f"LLM review {wall:.2f}s = builtin {builtin:.2f}s + model {model_s:.3f}s"
                f" + overhead {overheads[-1]:.2f}s; {report.meta.llm_calls} calls{first}"
            )
        warm = max(overheads[1:] or overheads)
        cli = 0.0 if args.skip_cli else cli_overhead(args.proposal, stub, args.runs)
    print(f"LLM-mode overhead per review: cli {cli:.2f}s, in-process (warm) {warm:.2f}s (target <= {TARGET_S:.0f}s)")
    return 0 if max(cli, warm) <= TARGET_S else 1


def cli_overhead(proposal: Path, stub: OpenAIStub, runs: int) -> float:
    """Fresh `gapreview review` processes: best LLM-mode wall - best builtin wall - endpoint time."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GAPREVIEW_MODEL", None)
    base_cmd = [sys.executable, "-m", "app.cli", "review", str(proposal), "--no-kb", "--format", "json"]
    builtin_runs = [_run(base_cmd, env) for _ in range(runs)]
    builtin = min(wall for wall, _ in builtin_runs)
    llm_cmd = [*base_cmd, "--model", "openai/stub", "--api-base", stub.base_url]
    walls, cpus = [], []
    for _ in range(runs):
        stub.busy.clear()
        wall, cpu = _run(llm_cmd, env)
        walls.append(wall - stub.busy_seconds())
        cpus.append(cpu)
    best = min(walls)
    print(f"cli: builtin {builtin:.2f}s, LLM mode minus endpoint time {best:.2f}s, overhead {best - builtin:.2f}s")
    print(
        f"cli CPU (process and its children): builtin {min(cpu for _, cpu in builtin_runs):.2f}s,"
        f" LLM mode {min(cpus):.2f}s; walls builtin {_list(w for w, _ in builtin_runs)}, LLM {_list(walls)}"
    )
    return best - builtin


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and the children it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _list(values: Iterable[float]) -> str:
    return "/".join(f"{v:.2f}" for v in values)


def _timed(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
