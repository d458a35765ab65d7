"""Review a whole folder of drafts: resumable, atomic, concurrent, and honest about failures.

Why a manifest: a batch over a steering meeting's drafts or a docs repository in CI is re-run
often; drafts whose bytes and review settings are unchanged keep their review. The manifest is
rewritten atomically after each draft, and every output is written to a temporary file and
renamed, so a batch killed midway leaves only complete reviews and re-running finishes the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from agents.schemas import SEVERITY_RANK, ReviewReport, Severity
from app.documents import SUPPORTED_SUFFIXES, decode_document
from core.atomic_files import TMP_PREFIX, atomic_write_text
from core.errors import InputError
from core.settings import Settings

MANIFEST_NAME = ".gapreview-batch.json"
MANIFEST_VERSION = 1
EXIT_OK, EXIT_FAILED, EXIT_GATE = 0, 1, 3

ReviewFn = Callable[[str], ReviewReport]
Status = Literal["reviewed", "skipped", "failed"]


@dataclass
class DraftOutcome:
    """What happened to one draft; `report` is set for reviewed and skipped drafts."""

    name: str
    status: Status
    report: ReviewReport | None = None
    error: str | None = None
    json_path: Path | None = None
    md_path: Path | None = None


@dataclass
class BatchResult:
    outcomes: list[DraftOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[DraftOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def gated(self, fail_on: Severity | None) -> list[DraftOutcome]:
        """Drafts with at least one finding at or above the `fail_on` severity."""
        if fail_on is None:
            return []
        limit = SEVERITY_RANK[fail_on]
        return [
            o for o in self.outcomes if o.report and any(SEVERITY_RANK[f.severity] <= limit for f in o.report.findings)
        ]

    def exit_code(self, fail_on: Severity | None) -> int:
        """1 if any draft failed (results are incomplete), else 3 if the gate tripped, else 0."""
        if self.failures:
            return EXIT_FAILED
        return EXIT_GATE if self.gated(fail_on) else EXIT_OK


class BatchProgress:
    """Hooks for progress display; the default does nothing."""

    def start(self, total: int) -> None: ...

    def advance(self, outcome: DraftOutcome) -> None: ...


def discover(root: Path, out: Path) -> list[Path]:
    """Supported files under `root`, recursively, sorted; hidden paths and `out` are skipped."""
    if not root.is_dir():
        raise InputError(f"{root}: not a directory of drafts")
    out_resolved = out.resolve()
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or path.resolve().is_relative_to(out_resolved):
            continue
        found.append(path)
    return found


def output_base(rel: Path, siblings: Sequence[Path]) -> Path:
    """`q3/plan.md` -> `q3/plan`; keeps the suffix (`q3/plan.md`) when `plan.docx` sits beside it."""
    clash = sum(1 for s in siblings if s.parent == rel.parent and s.stem == rel.stem) > 1
    return rel if clash else rel.with_suffix("")


def settings_fingerprint(settings: Settings) -> str:
    """Everything that changes a review besides the text: settings, version, lens catalogue."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        app_version = version("gapreview")
    except PackageNotFoundError:
        app_version = "0"
    from agents.lenses.rules import rules_version

    lenses = Path(__file__).resolve().parent.parent / "agents" / "lenses"
    catalogue = b"".join(p.read_bytes() for p in sorted(lenses.glob("*.yaml")))
    payload = json.dumps(
        {
            "settings": settings.public_summary(),
            "version": app_version,
            "lenses": hashlib.sha256(catalogue).hexdigest(),
            "rules": rules_version(settings),
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


class Manifest:
    """`out/.gapreview-batch.json`: per draft, the content hash and settings its review used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        self.warning: str | None = None
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == MANIFEST_VERSION and isinstance(data.get("entries"), dict):
                    self.entries = data["entries"]
                else:
                    self.warning = f"{path}: unknown manifest format; every draft is reviewed again"
            except (OSError, ValueError) as exc:
                self.warning = f"{path}: unreadable manifest ({exc}); every draft is reviewed again"

    def is_current(self, name: str, digest: str, fingerprint: str) -> bool:
        entry = self.entries.get(name) or {}
        return entry.get("sha256") == digest and entry.get("settings") == fingerprint

    def record(self, name: str, digest: str, fingerprint: str, json_path: str) -> None:
        self.entries[name] = {"sha256": digest, "settings": fingerprint, "json": json_path}
        self.save()

    def save(self) -> None:
        doc = {"version": MANIFEST_VERSION, "entries": dict(sorted(self.entries.items()))}
        atomic_write_text(self.path, json.dumps(doc, indent=1))


def _load_existing(json_path: Path) -> ReviewReport | None:
    try:
        return ReviewReport.model_validate_json(json_path.read_text(encoding="utf-8"))
    except (OSError, ValidationError):
        return None


def remove_stale_temporaries(out: Path) -> None:
    """Temporary files of a killed run are never outputs; remove them so none linger."""
    if out.is_dir():
        for tmp in out.rglob(f"{TMP_PREFIX}*"):
            tmp.unlink(missing_ok=True)


def pipeline_review(settings: Settings, llm_factory: Callable[[], object] | None = None) -> ReviewFn:
    """The real pipeline; embedder and knowledge base opened once, a fresh context per draft.

    A fresh context (and LLM client) per draft because the client's budget and usage are
    per review (agents/llm.py). `llm_factory` lets the benchmark inject a fake model.
    """
    from agents.review import build_context, run_review

    base = build_context(settings)

    def review(text: str) -> ReviewReport:
        llm = llm_factory() if llm_factory is not None else None
        context = build_context(settings, knowledge=base.knowledge, embedder=base.embedder, llm=llm)
        return run_review(text, settings, context=context)

    return review


def default_workers(settings: Settings, jobs: int) -> int:
    """LLM mode waits on the network: use `jobs`. Builtin mode is CPU-bound: at most one per core."""
    if settings.llm_enabled:
        return max(1, jobs)
    return max(1, min(jobs, os.cpu_count() or 1))


@dataclass
class _Job:
    name: str
    data: bytes
    digest: str
    base: Path

    def paths(self) -> tuple[Path, Path]:
        return self.base.parent / f"{self.base.name}.json", self.base.parent / f"{self.base.name}.md"


def _plan(
    root: Path, out: Path, manifest: Manifest, fingerprint: str
) -> tuple[list[str], dict[str, DraftOutcome], list[_Job]]:
    """Decide per draft: skip (current review on disk), fail (unreadable) or review."""
    rels = [d.relative_to(root) for d in discover(root, out)]
    outcomes: dict[str, DraftOutcome] = {}
    todo: list[_Job] = []
    for rel in rels:
        name = rel.as_posix()
        try:
            data = (root / rel).read_bytes()
        except OSError as exc:
            outcomes[name] = DraftOutcome(name, "failed", error=f"{name}: cannot read file ({exc.strerror or exc})")
            continue
        job = _Job(name, data, hashlib.sha256(data).hexdigest(), out / output_base(rel, rels))
        json_path, md_path = job.paths()
        existing = _load_existing(json_path) if manifest.is_current(name, job.digest, fingerprint) else None
        if existing is not None and md_path.exists():
            outcomes[name] = DraftOutcome(name, "skipped", existing, json_path=json_path, md_path=md_path)
        else:
            todo.append(job)
    return [r.as_posix() for r in rels], outcomes, todo


def _review_one(job: _Job, max_bytes: int, review: ReviewFn) -> tuple[ReviewReport, str]:
    text = decode_document(job.data, job.name, max_bytes)
    return review(text), text


def _write_outputs(job: _Job, report: ReviewReport, text: str) -> DraftOutcome:
    from app.render import render_markdown
    from app.reviews import proposal_title

    json_path, md_path = job.paths()
    atomic_write_text(json_path, report.model_dump_json(indent=2))
    atomic_write_text(md_path, render_markdown(report, proposal_title(text)))
    return DraftOutcome(job.name, "reviewed", report, json_path=json_path, md_path=md_path)


def run_batch(
    root: Path,
    out: Path,
    settings: Settings,
    review: ReviewFn,
    *,
    jobs: int = 4,
    progress: BatchProgress | None = None,
) -> BatchResult:
    """Review every supported draft under `root` into `out`; see the module docstring."""
    progress = progress or BatchProgress()
    if not root.is_dir():
        raise InputError(f"{root}: not a directory of drafts")
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    manifest = Manifest(out / MANIFEST_NAME)
    fingerprint = settings_fingerprint(settings)
    names, outcomes, todo = _plan(root, out, manifest, fingerprint)
    progress.start(len(names))
    for outcome in outcomes.values():
        progress.advance(outcome)
    with ThreadPoolExecutor(max_workers=default_workers(settings, jobs)) as pool:
        futures = {pool.submit(_review_one, job, settings.max_proposal_bytes, review): job for job in todo}
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    report, text = future.result()
                except Exception as exc:  # noqa: BLE001 - one bad draft must not stop the batch
                    outcomes[job.name] = DraftOutcome(job.name, "failed", error=_reason(exc))
                else:
                    outcomes[job.name] = _write_outputs(job, report, text)
                    manifest.record(job.name, job.digest, fingerprint, job.paths()[0].relative_to(out).as_posix())
                progress.advance(outcomes[job.name])
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    warnings = [manifest.warning] if manifest.warning else []
    return BatchResult([outcomes[n] for n in names], warnings)


def _reason(exc: Exception) -> str:
    """A one-line reason: user-facing errors as they are, anything else with its type."""
    if isinstance(exc, InputError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
