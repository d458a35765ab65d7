"""A small hierarchy of user-facing errors. CLI and UI turn these into one clear message."""

from __future__ import annotations


class GapreviewError(Exception):
    """Base class: the message is meant for the user, no traceback needed."""


class InputError(GapreviewError):
    """The proposal (or another user-supplied file) cannot be reviewed as given."""


class ConfigError(GapreviewError):
    """Settings are inconsistent or point at something that does not exist."""


class KnowledgeBaseError(GapreviewError):
    """The knowledge base cannot be opened, read or written."""


class ModelError(GapreviewError):
    """Every configured model failed; callers fall back to builtin findings."""


class BudgetExhausted(ModelError):
    """The review's LLM budget is spent; no fallback model may be tried either."""
