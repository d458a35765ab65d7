"""The CLI's litellm worker process, started before the CLI's own imports when a review will use a model.

Why from the raw command line: the point of the worker (`agents.llm_worker`) is to import litellm on
another core while this process imports typer, pydantic, the graph and the embedder and works through
the proposal; waiting for the settings to be parsed would give most of that head start away. So the
decision is a cheap guess from the flags, the GAPREVIEW_*MODEL variables and gapreview.toml; the
review then asks for the worker with its real settings (`worker_for`), which starts one if the guess
missed and stops it if the review turned out to be builtin. Stdlib only, like `agents.llm_worker`'s
parent side.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from agents.llm_worker import LiteLLMWorker

BUILTIN = "builtin"
_MODEL_FLAGS = ("--model", "--it-model", "--business-model", "--synthesis-model")
_MODEL_ENV = ("GAPREVIEW_MODEL", "GAPREVIEW_IT_MODEL", "GAPREVIEW_BUSINESS_MODEL", "GAPREVIEW_SYNTHESIS_MODEL")
_TOML_MODEL = re.compile(r"^\s*(it_|business_|synthesis_)?model\s*=", re.MULTILINE)

_early: LiteLLMWorker | None = None


def likely_uses_model(argv: Sequence[str], environ: Mapping[str, str], cwd: Path) -> bool:
    """A guess, before the settings are loaded: is this a `review` that will call a model?"""
    if "review" not in argv[:1]:
        return False
    flags = _flag_values(argv[1:])
    if any(flags.get(flag, BUILTIN) != BUILTIN for flag in _MODEL_FLAGS):
        return True
    if flags.get("--model") == BUILTIN:
        return False
    if any(environ.get(name, BUILTIN) not in ("", BUILTIN) for name in _MODEL_ENV):
        return True
    try:
        return bool(_TOML_MODEL.search((cwd / "gapreview.toml").read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


def start_early(argv: Sequence[str]) -> None:
    """Start the worker now if this command will likely use a model."""
    global _early
    if _early is None and likely_uses_model(argv, os.environ, Path.cwd()):
        _early = LiteLLMWorker().start()


def worker_for(llm_enabled: bool) -> LiteLLMWorker | None:
    """The worker for a review whose settings are now known: the early one, a new one, or none."""
    global _early
    worker, _early = _early, None
    if not llm_enabled:
        if worker is not None:
            worker.close()
        return None
    return worker or LiteLLMWorker().start()


def _flag_values(args: Sequence[str]) -> dict[str, str]:
    """`--flag value` and `--flag=value` pairs for the model flags; the last one given wins."""
    found: dict[str, str] = {}
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if name in _MODEL_FLAGS:
            if eq:
                found[name] = value
            elif i + 1 < len(args):
                found[name] = args[i + 1]
    return found
