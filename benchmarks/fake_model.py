"""One fake model for every benchmark: it answers every call the pipeline makes, validly.

Why: the benchmarks went stale when the pipeline gained a call their fake did not answer; each
review then spent two repair attempts and the figures measured retries, not orchestration. The
role of a call is read from the prompt by the first line of each prompt constant (one source of
truth), and an unrecognised prompt raises, so a new call the fake cannot answer fails loudly.
"""

from __future__ import annotations

import json
import re
import time
from types import SimpleNamespace
from typing import Any

from agents.prompts import CROSS_EXAMINE_SYSTEM, DONE_SYSTEM, SYNTHESIS_SYSTEM

_CANDIDATE_ID = re.compile(r"^- id: (\S+) \|", re.MULTILINE)
_QUESTION_ID = re.compile(r"^- question_id: (\S+) \|", re.MULTILINE)
_PROPOSAL = re.compile(r"<proposal[^>]*>\n(.*?)\n</proposal>", re.DOTALL)


def _first_line(template: str) -> str:
    return template.split("\n", 1)[0][:60]


def role_of(prompt: str) -> str:
    """it | business | done | synthesis | cross: which call of the pipeline this prompt is."""
    for role, marker in (
        ("done", _first_line(DONE_SYSTEM)),
        ("synthesis", _first_line(SYNTHESIS_SYSTEM)),
        ("cross", _first_line(CROSS_EXAMINE_SYSTEM)),
        ("it", "from the IT perspective"),
        ("business", "from the business perspective"),
    ):
        if marker in prompt:
            return role
    raise ValueError("the fake model does not know this prompt: a pipeline call it cannot answer")


def prompt_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("content", "")) for m in messages)


def answer_for(prompt: str) -> str:
    """A valid answer for the call: one grounded finding per side, and every later step answered."""
    role = role_of(prompt)
    if role == "done":
        return json.dumps({"it": ["Runs stable and supported after go-live"], "business": ["People work unhindered"]})
    if role == "synthesis":
        keep = [
            {"id": cid, "reason": "kept", "importance": 0.7, "specificity": 0.7}
            for cid in _CANDIDATE_ID.findall(prompt)
        ]
        return json.dumps({"keep": keep, "drop": []})
    if role == "cross":
        answers = [
            {"question_id": qid, "status": "answerable_now", "answer": "We would decide that this week."}
            for qid in _QUESTION_ID.findall(prompt)
        ]
        return json.dumps({"exchanges": answers})
    match = _PROPOSAL.search(prompt)
    sentence = next((s.strip() for s in (match.group(1) if match else "").splitlines() if len(s.strip()) > 20), "")
    finding = {
        "kind": "hidden_dependency" if role == "it" else "unasked_question",
        "title": f"{role} gap about the plan",
        "detail": "Who owns this after go-live?",
        "severity": "high",
        "quote": sentence.lstrip("#-* ").strip()[:120],
    }
    return json.dumps({"findings": [finding]})


class SleepingModel:
    """A litellm.completion stand-in taking `delay` seconds per call, like a remote model; it keeps
    the busy intervals so a benchmark can subtract the model's own time from the wall time."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.intervals: list[tuple[float, float]] = []
        self.roles: list[str] = []

    def __call__(self, **kwargs: Any) -> Any:
        start = time.perf_counter()
        prompt = prompt_of(kwargs["messages"])
        self.roles.append(role_of(prompt))
        content = answer_for(prompt)
        time.sleep(self.delay)
        self.intervals.append((start, time.perf_counter()))
        message = SimpleNamespace(content=content)
        usage = SimpleNamespace(prompt_tokens=500, completion_tokens=60)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)], usage=usage)

    def busy_seconds(self) -> float:
        """Time with at least one call in flight: the model's share of the wall time."""
        total, end = 0.0, float("-inf")
        for start, stop in sorted(self.intervals):
            if stop <= end:
                continue
            total += stop - max(start, end)
            end = stop
        return total
