"""A scripted judge model behind the real LLMClient: it reads the neutral ids and titles from the
prompt and answers by rules the test chooses, so the whole structured-call path runs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from agents.llm import LLMClient
from core.settings import Settings

ITEM = re.compile(r"^\[(F\d+)\] (.+)$", re.MULTILINE)
Rule = Callable[[str, str], list[dict[str, str]]]  # (neutral id, title) -> verdicts


def by_keyword(neutral_id: str, title: str) -> list[dict[str, str]]:
    """'budget' findings are generic, 'unrelated' ones wrong, everything else specific."""
    label = "generic" if "budget" in title else "wrong" if "unrelated" in title else "specific"
    return [{"id": neutral_id, "label": label, "reason": "test"}]


class ScriptedJudge:
    """Stands in for litellm.completion; records every prompt it was sent."""

    def __init__(self, rule: Rule = by_keyword, extra: list[dict[str, str]] | None = None) -> None:
        self.rule = rule
        self.extra = extra or []
        self.prompts: list[str] = []

    def __call__(self, **kwargs: Any) -> SimpleNamespace:
        prompt = "\n".join(m["content"] for m in kwargs["messages"])
        self.prompts.append(prompt)
        findings = prompt.split("<findings>")[-1]
        verdicts = [v for neutral, title in ITEM.findall(findings) for v in self.rule(neutral, title)]
        content = json.dumps({"labels": [*verdicts, *self.extra]})
        return SimpleNamespace(
            choices=[SimpleNamespace(message=SimpleNamespace(content=content))],
            usage=SimpleNamespace(prompt_tokens=10, completion_tokens=5),
        )

    def factory(self, settings: Settings | None = None) -> Callable[[], LLMClient]:
        base = settings or Settings()
        judge_settings = base.model_copy(
            update={"model": "openai/judge", "api_base": "http://127.0.0.1:9", "fallback_models": []}
        )
        return lambda: LLMClient(judge_settings, completion=self)
