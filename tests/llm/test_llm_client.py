"""LLMClient behaviour with a scripted fake: parsing, repair, retries, fallbacks, budget, secrets."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import pytest
from llm_fakes import (
    SECRET,
    ScriptedCompletion,
    auth_error,
    bad_request,
    rate_limited,
    response,
    server_error,
    timed_out,
)
from pydantic import BaseModel

from agents.llm import LLMClient
from core.errors import ModelError
from core.settings import Settings

MESSAGES = [{"role": "system", "content": "be helpful"}, {"role": "user", "content": "answer"}]
GOOD = json.dumps({"answer": "yes", "confidence": 3})


class Answer(BaseModel):
    answer: str
    confidence: int


def make(settings: Settings, steps: list[Any]) -> tuple[LLMClient, ScriptedCompletion, list[float]]:
    fake = ScriptedCompletion(steps)
    sleeps: list[float] = []
    return LLMClient(settings, completion=fake, sleep=sleeps.append), fake, sleeps


def test_structured_output_parsed_and_usage_counted(settings: Settings) -> None:
    client, fake, _ = make(settings, [GOOD])
    assert client.structured("it", MESSAGES, Answer) == Answer(answer="yes", confidence=3)
    call = fake.history[0]
    assert call["response_format"] == {"type": "json_object", "schema": Answer.model_json_schema()}
    assert call["timeout"] == 7.0
    assert call["api_base"] == "http://127.0.0.1:9/v1"
    # a local server may drop system messages: rules, schema and question travel as one user turn
    assert [m["role"] for m in call["messages"]] == ["user"]
    assert call["messages"][0]["content"].startswith("be helpful")
    assert "JSON schema" in call["messages"][0]["content"] and "answer" in call["messages"][0]["content"]
    assert (client.usage.calls, client.usage.prompt_tokens, client.usage.completion_tokens) == (1, 100, 20)
    assert client.usage.cost_usd is None  # a local model has no known price


def test_hosted_model_gets_json_schema_and_cost(settings: Settings) -> None:
    hosted = settings.model_copy(update={"model": "gpt-4o-mini", "api_base": None})
    client, fake, _ = make(hosted, [GOOD])
    client.structured("business", MESSAGES, Answer)
    fmt = fake.history[0]["response_format"]
    assert [m["role"] for m in fake.history[0]["messages"]] == ["system", "user"]
    assert "JSON schema" in fake.history[0]["messages"][0]["content"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"] == Answer.model_json_schema()
    assert client.usage.cost_usd is not None and client.usage.cost_usd > 0


def test_markdown_fenced_json_is_accepted(settings: Settings) -> None:
    client, _, _ = make(settings, [f"Here you go:\n```json\n{GOOD}\n```"])
    assert client.structured("it", MESSAGES, Answer).answer == "yes"


def test_invalid_json_is_repaired_with_the_error_sent_back(settings: Settings) -> None:
    client, fake, _ = make(settings, ['{"answer": "yes", "confidence": "very"}', GOOD])
    assert client.structured("it", MESSAGES, Answer).confidence == 3
    assert len(fake.history) == 2
    repair = fake.history[1]["messages"]
    assert repair[-2] == {"role": "assistant", "content": '{"answer": "yes", "confidence": "very"}'}
    assert "confidence" in repair[-1]["content"] and "valid integer" in repair[-1]["content"]
    assert client.usage.calls == 2


def test_empty_answer_is_repaired(settings: Settings) -> None:
    client, fake, _ = make(settings, ["", None, GOOD])
    assert client.structured("it", MESSAGES, Answer).answer == "yes"
    assert "empty" in fake.history[1]["messages"][-1]["content"]


def test_repair_is_bounded_then_fallback_model_is_tried(settings: Settings) -> None:
    with_fallback = settings.model_copy(update={"fallback_models": ["openai/backup"]})
    client, fake, _ = make(with_fallback, ["nope", "still nope", "{}", GOOD])
    assert client.structured("it", MESSAGES, Answer).answer == "yes"
    assert fake.models == ["openai/test"] * 3 + ["openai/backup"]
    assert any("openai/test" in w and "invalid output" in w for w in client.warnings)


def test_rate_limit_then_success_backs_off(settings: Settings) -> None:
    client, fake, sleeps = make(settings, [rate_limited(), GOOD])
    assert client.structured("it", MESSAGES, Answer).answer == "yes"
    assert len(fake.history) == 2 and len(sleeps) == 1 and sleeps[0] > 0
    assert client.warnings == []


def test_backoff_grows_exponentially(settings: Settings) -> None:
    client, _, sleeps = make(settings, [server_error(), server_error(), GOOD])
    client.structured("it", MESSAGES, Answer)
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0] * 1.0  # base*1*(0.5..1) then base*2*(0.5..1)


def test_timeouts_exhaust_retries_then_model_error(settings: Settings) -> None:
    client, fake, sleeps = make(settings, [timed_out(), timed_out(), timed_out()])
    with pytest.raises(ModelError, match="Timeout"):
        client.structured("it", MESSAGES, Answer)
    assert len(fake.history) == 3 and len(sleeps) == 2  # llm_retries=2


def test_fallback_model_used_after_server_errors(settings: Settings) -> None:
    with_fallback = settings.model_copy(update={"fallback_models": ["openai/backup", "openai/third"]})
    client, fake, _ = make(with_fallback, [server_error()] * 3 + [GOOD])
    assert client.structured("it", MESSAGES, Answer).answer == "yes"
    assert fake.models == ["openai/test"] * 3 + ["openai/backup"]
    assert len(client.warnings) == 1 and "InternalServerError" in client.warnings[0]


def test_hosted_fallback_is_not_sent_to_the_local_server(settings: Settings) -> None:
    local = settings.model_copy(
        update={
            "api_base": "http://127.0.0.1:8080/v1",
            "fallback_models": ["openai/gpt-4o-mini"],
            "api_bases": {"openai/gpt-4o-mini": ""},
        }
    )
    client, fake, _ = make(local, [auth_error(), GOOD])
    client.structured("it", MESSAGES, Answer)
    primary, fallback = fake.history
    assert primary["api_base"] == "http://127.0.0.1:8080/v1"
    assert "api_base" not in fallback


def test_non_retriable_error_skips_straight_to_fallback(settings: Settings) -> None:
    with_fallback = settings.model_copy(update={"fallback_models": ["openai/backup"]})
    client, fake, sleeps = make(with_fallback, [auth_error(), GOOD])
    client.structured("it", MESSAGES, Answer)
    assert fake.models == ["openai/test", "openai/backup"] and sleeps == []


def test_all_models_failing_raise_key_free_model_error(
    settings: Settings, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider_key = "sk-ant-PROVIDERKEY-987654"
    monkeypatch.setenv("ANTHROPIC_API_KEY", provider_key)
    leaky = settings.model_copy(update={"fallback_models": ["anthropic/claude-x"]})
    provider_error = auth_error()
    provider_error.message = f"bad key {provider_key}"  # type: ignore[attr-defined]
    provider_error.args = (f"bad key {provider_key}",)
    client, _, _ = make(leaky, [auth_error(), provider_error])
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ModelError) as info:
        client.structured("it", MESSAGES, Answer)
    shown = [str(info.value), *client.warnings, caplog.text]
    assert "AuthenticationError" in str(info.value)
    for text in shown:
        assert SECRET not in text and provider_key not in text
    assert "[REDACTED]" in str(info.value)


def test_rejected_response_format_retried_without_it(settings: Settings) -> None:
    client, fake, _ = make(settings, [bad_request(), GOOD])
    assert client.structured("it", MESSAGES, Answer).answer == "yes"
    assert "response_format" in fake.history[0] and "response_format" not in fake.history[1]


def test_call_budget_exhausted_stops_without_fallback(settings: Settings) -> None:
    tight = settings.model_copy(update={"max_llm_calls": 2, "fallback_models": ["openai/backup"]})
    client, fake, _ = make(tight, ["bad", "bad", GOOD])
    with pytest.raises(ModelError, match="budget exhausted: 2 of 2 calls"):
        client.structured("it", MESSAGES, Answer)
    assert fake.models == ["openai/test", "openai/test"]


def test_token_budget_exhausted_on_next_call(settings: Settings) -> None:
    tight = settings.model_copy(update={"max_llm_tokens": 150})
    big = lambda kwargs: response(GOOD, prompt_tokens=140, completion_tokens=20)  # noqa: E731
    client, fake, _ = make(tight, [big, GOOD])
    client.structured("it", MESSAGES, Answer)
    with pytest.raises(ModelError, match="160 of 150 tokens"):
        client.structured("business", MESSAGES, Answer)
    assert len(fake.history) == 1


def test_completion_tokens_capped_by_remaining_budget(settings: Settings) -> None:
    tight = settings.model_copy(update={"max_llm_tokens": 300})
    client, fake, _ = make(tight, [GOOD])
    client.structured("it", MESSAGES, Answer)
    assert fake.history[0]["max_tokens"] == 300


def test_role_specific_model_and_missing_model(settings: Settings) -> None:
    roles = settings.model_copy(update={"it_model": "openai/it-special"})
    client, fake, _ = make(roles, [GOOD, GOOD])
    client.structured("it", MESSAGES, Answer)
    client.structured("business", MESSAGES, Answer)
    assert fake.models == ["openai/it-special", "openai/test"]
    unset = settings.model_copy(update={"model": None})
    with pytest.raises(ModelError, match="no model configured"):
        LLMClient(unset, completion=ScriptedCompletion()).structured("it", MESSAGES, Answer)


def test_dummy_key_for_keyless_local_server(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    keyless = settings.model_copy(update={"api_key": None})
    client, fake, _ = make(keyless, [GOOD])
    client.structured("it", MESSAGES, Answer)
    assert fake.history[0]["api_key"] == "sk-local-no-key"


def test_usage_accounting_is_thread_safe(settings: Settings) -> None:
    many = settings.model_copy(update={"max_llm_calls": 1000, "max_llm_tokens": 10**9})
    client, _, _ = make(many, [GOOD] * 200)
    threads = [
        threading.Thread(target=lambda: [client.structured("it", MESSAGES, Answer) for _ in range(25)])
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert client.usage.calls == 200
    assert client.usage.prompt_tokens == 200 * 100 and client.usage.completion_tokens == 200 * 20


def test_messages_passed_in_are_not_mutated(settings: Settings) -> None:
    original = [dict(m) for m in MESSAGES]
    client, _, _ = make(settings, ["bad", GOOD])
    client.structured("it", MESSAGES, Answer)
    assert original == MESSAGES


@pytest.mark.parametrize(
    ("error", "with_format", "action"),
    [
        (rate_limited(), True, "retry"),
        (timed_out(), False, "retry"),
        (server_error(), False, "retry"),
        (auth_error(), True, "give_up"),
        (bad_request(), True, "drop_response_format"),
        (bad_request(), False, "give_up"),
        (ValueError("unknown"), False, "give_up"),
    ],
    ids=["429", "timeout", "500", "auth", "format-rejected", "bad-request", "unknown"],
)
def test_one_rule_classifies_every_failed_call(error: BaseException, with_format: bool, action: str) -> None:
    from agents.llm import classify_error

    assert classify_error(error, with_response_format=with_format) == action


def test_a_status_code_alone_is_enough_to_retry() -> None:
    from agents.llm import classify_error

    class ProxyError(Exception):
        status_code = 503

    assert classify_error(ProxyError("upstream busy"), with_response_format=False) == "retry"


def test_the_client_satisfies_the_model_protocol(settings: Settings) -> None:
    from agents.model import ModelClient

    client: ModelClient = LLMClient(settings, completion=ScriptedCompletion([GOOD]))
    assert client.usage.calls == 0 and client.warnings == []
