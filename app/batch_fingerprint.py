"""What a batch review depends on besides the draft's bytes, as one short hash.

Why: a draft is skipped when its bytes and this fingerprint are unchanged, so everything that can
change its review must be in it: the run settings (model per role, knowledge base on/off,
precedents_k), the gapreview version, the lens catalogue and pre-mortem library (their version and
their data files), and the knowledge base's content. Leave one out and a batch keeps a stale review.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from core.errors import GapreviewError
from core.settings import Settings
from core.version import package_version

AGENT_DATA = Path(__file__).resolve().parent.parent / "agents"
"""Every YAML under agents/ shapes a review: the library, fact patterns, commitment and done rules."""


def settings_fingerprint(settings: Settings, knowledge_state: str | None = None) -> str:
    """The fingerprint of one batch run; `knowledge_state` defaults to the configured knowledge base's."""
    from agents.lenses.rules import rules_version  # a new rule set re-reviews every draft

    payload = json.dumps(
        {
            "settings": settings.public_summary(),
            "version": package_version(),
            "catalogue": catalogue_state(),
            "rules": rules_version(settings),
            "knowledge": knowledge_of(settings) if knowledge_state is None else knowledge_state,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def catalogue_state(data: Path = AGENT_DATA) -> str:
    """The library's version plus a hash of every data file under agents/ (an unbumped version still counts)."""
    from agents.lenses.library import load_library

    try:
        version = str(load_library().version)
    except (GapreviewError, OSError, ValueError):  # no or broken library data: the file hash still tells
        version = "none"
    digest = hashlib.sha256()
    for path in sorted(data.rglob("*.yaml")):
        digest.update(path.relative_to(data).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{version}:{digest.hexdigest()[:16]}"


def knowledge_of(settings: Settings) -> str:
    """'off', 'empty', or a hash of every stored record's source and content hash."""
    if settings.no_kb:
        return "off"
    if not settings.chroma_url and not settings.chroma_path.exists():
        return "empty"
    from agents.context import shared_embedder, shared_knowledge

    embedder = shared_embedder(settings.embedding_model, settings.embedding_api_base, settings.cache_dir / "embeddings")
    return knowledge_state(shared_knowledge(settings, embedder))


def knowledge_state(knowledge: object) -> str:
    """A content hash of a store that can list its records; the class name of any other source."""
    records = getattr(knowledge, "records", None)
    if not callable(records):
        return type(knowledge).__name__
    digest = hashlib.sha256()
    for source, record in sorted(records().items()):
        digest.update(f"{source}\0{record.decision_id}\0{sorted(record.hashes)}\0{record.n_chunks}\n".encode())
    return digest.hexdigest()[:16]
