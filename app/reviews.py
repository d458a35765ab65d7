"""Persistence of reviews and their resolutions (SQLite in the data directory).

Why SQLite and not session state: a review is worked through by several people over days, so a
reload, a server restart or a second browser must find the same review with every resolution.
Each call opens its own short-lived connection (Streamlit runs every browser session in its own
thread), every write is one transaction, and WAL lets readers proceed while another session writes.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import ValidationError

from agents.schemas import ReviewReport
from app.revisions import RevisionComparison
from core.errors import GapreviewError

Status = Literal["open", "answered", "accepted_risk", "out_of_scope"]
STATUSES: tuple[str, ...] = get_args(Status)
STATUS_LABELS = {
    "open": "Open",
    "answered": "Answered",
    "accepted_risk": "Accepted risk",
    "out_of_scope": "Out of scope",
}
MAX_OWNER_CHARS = 200
MAX_NOTE_CHARS = 5_000
_SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    title TEXT NOT NULL,
    proposal TEXT NOT NULL,
    report_json TEXT NOT NULL,
    settings_json TEXT NOT NULL DEFAULT '{}',
    parent_id TEXT REFERENCES reviews(id),
    run_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS reviews_created ON reviews(created_at);
CREATE TABLE IF NOT EXISTS resolutions (
    review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    finding_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'accepted_risk', 'out_of_scope')),
    owner TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (review_id, finding_id)
);
"""


class ReviewStoreError(GapreviewError):
    """A review or resolution cannot be stored or found; the message says which and why."""


@dataclass(frozen=True)
class Resolution:
    """What the people working through a review decided about one finding."""

    finding_id: str
    status: str = "open"
    owner: str = ""
    note: str = ""
    updated_at: str = ""

    @property
    def resolved(self) -> bool:
        return self.status != "open"


@dataclass(frozen=True)
class StoredReview:
    """A saved review: the proposal exactly as reviewed and the report it produced."""

    id: str
    created_at: str
    title: str
    proposal: str
    report: ReviewReport
    settings_summary: dict[str, str] = field(default_factory=dict)
    parent_id: str | None = None
    run_settings: dict[str, Any] = field(default_factory=dict)
    """What the review ran with (agents.context.RUN_FIELDS): a revision is re-run with the same."""


@dataclass(frozen=True)
class ReviewSummary:
    """One row of the history list; cheap to compute for many reviews."""

    id: str
    created_at: str
    title: str
    stage: str
    findings: int
    resolved: int
    parent_id: str | None


@dataclass(frozen=True)
class Progress:
    resolved: int
    total: int

    @property
    def label(self) -> str:
        return f"{self.resolved} of {self.total} resolved"

    @property
    def fraction(self) -> float:
        return self.resolved / self.total if self.total else 1.0


def proposal_title(text: str, limit: int = 90) -> str:
    """A human title for the history list and exports: the proposal's title as the reader finds it
    (its first heading, a memo's subject line, else its first sentence; `parse_proposal`), so a
    memo is not titled by its "**Aan:**" line."""
    from agents.nodes.read import parse_proposal

    title = parse_proposal(text).title.strip() if text.strip() else ""
    title = title or "Untitled proposal"
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def progress_of(report: ReviewReport, resolutions: dict[str, Resolution]) -> Progress:
    """Resolved findings out of all findings in the report (stale resolutions are ignored)."""
    ids = [f.id for f in report.findings]
    done = sum(1 for fid in ids if fid in resolutions and resolutions[fid].resolved)
    return Progress(resolved=done, total=len(ids))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ReviewStore:
    """The review history of one data directory."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
                columns = {row["name"] for row in conn.execute("PRAGMA table_info(reviews)")}
                if "run_json" not in columns:  # a history written before run settings were stored
                    conn.execute("ALTER TABLE reviews ADD COLUMN run_json TEXT NOT NULL DEFAULT '{}'")
                conn.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
        except (OSError, sqlite3.Error) as exc:
            raise ReviewStoreError(f"cannot open the review history at {db_path}: {exc}") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection per operation, committed on success and rolled back on any error."""
        conn = sqlite3.connect(self.db_path, timeout=15)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys=ON")
            with conn:
                yield conn
        finally:
            conn.close()

    def save_review(
        self,
        proposal: str,
        report: ReviewReport,
        *,
        title: str = "",
        settings_summary: dict[str, str] | None = None,
        parent_id: str | None = None,
        run_settings: dict[str, Any] | None = None,
    ) -> str:
        """Store a finished review under a fresh, unguessable id and return the id."""
        review_id = uuid.uuid4().hex[:16]
        row = (
            review_id,
            _now(),
            title.strip() or proposal_title(proposal),
            proposal,
            report.model_dump_json(),
            json.dumps(settings_summary or {}),
            parent_id,
            json.dumps(run_settings or {}),
        )
        try:
            with self._connect() as conn:
                parent = conn.execute("SELECT 1 FROM reviews WHERE id=?", (parent_id,)).fetchone()
                if parent_id and parent is None:
                    raise ReviewStoreError(f"review {parent_id} does not exist, so it cannot be revised")
                conn.execute(
                    "INSERT INTO reviews (id, created_at, title, proposal, report_json, settings_json, parent_id, "
                    "run_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
        except sqlite3.Error as exc:
            raise ReviewStoreError(f"could not save the review: {exc}") from exc
        return review_id

    def get_review(self, review_id: str) -> StoredReview:
        try:
            with self._connect() as conn:
                row = conn.execute("SELECT * FROM reviews WHERE id=?", (review_id,)).fetchone()
        except sqlite3.Error as exc:
            raise ReviewStoreError(f"could not read review {review_id}: {exc}") from exc
        if row is None:
            raise ReviewStoreError(f"review {review_id} was not found in {self.db_path}")
        try:
            report = ReviewReport.model_validate_json(row["report_json"])
        except ValidationError as exc:
            raise ReviewStoreError(
                f"review {review_id} was saved in a format this version cannot read ({exc.error_count()} problems)"
            ) from exc
        return StoredReview(
            id=row["id"],
            created_at=row["created_at"],
            title=row["title"],
            proposal=row["proposal"],
            report=report,
            settings_summary=json.loads(row["settings_json"] or "{}"),
            parent_id=row["parent_id"],
            run_settings=json.loads(row["run_json"] or "{}"),
        )

    def exists(self, review_id: str) -> bool:
        with self._connect() as conn:
            return conn.execute("SELECT 1 FROM reviews WHERE id=?", (review_id,)).fetchone() is not None

    def list_reviews(self, limit: int = 200) -> list[ReviewSummary]:
        """Newest first, with resolution counts, in one query."""
        query = """
            SELECT r.id, r.created_at, r.title, r.parent_id,
                   json_extract(r.report_json, '$.commitment.stage') AS stage,
                   json_array_length(r.report_json, '$.findings') AS findings,
                   (SELECT COUNT(*) FROM resolutions s
                     WHERE s.review_id = r.id AND s.status != 'open') AS resolved
            FROM reviews r ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?"""
        try:
            with self._connect() as conn:
                rows = conn.execute(query, (limit,)).fetchall()
        except sqlite3.Error as exc:
            raise ReviewStoreError(f"could not list reviews: {exc}") from exc
        return [
            ReviewSummary(
                id=r["id"],
                created_at=r["created_at"],
                title=r["title"],
                stage=r["stage"] or "exploring",
                findings=r["findings"] or 0,
                resolved=min(r["resolved"], r["findings"] or 0),
                parent_id=r["parent_id"],
            )
            for r in rows
        ]

    def set_resolution(
        self, review_id: str, finding_id: str, status: str, owner: str = "", note: str = ""
    ) -> Resolution:
        """Record a decision on one finding; validates first so bad input changes nothing."""
        if status not in STATUSES:
            raise ReviewStoreError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        owner, note = owner.strip(), note.strip()
        if len(owner) > MAX_OWNER_CHARS:
            raise ReviewStoreError(f"owner is longer than {MAX_OWNER_CHARS} characters")
        if len(note) > MAX_NOTE_CHARS:
            raise ReviewStoreError(f"note is longer than {MAX_NOTE_CHARS:,} characters; nothing was saved")
        review = self.get_review(review_id)
        if finding_id not in {f.id for f in review.report.findings}:
            raise ReviewStoreError(f"finding {finding_id} is not part of review {review_id}")
        resolution = Resolution(finding_id, status, owner, note, _now())
        try:
            with self._connect() as conn:
                conn.execute(
                    "INSERT INTO resolutions VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(review_id, finding_id) DO UPDATE SET "
                    "status=excluded.status, owner=excluded.owner, note=excluded.note, "
                    "updated_at=excluded.updated_at",
                    (review_id, finding_id, status, owner, note, resolution.updated_at),
                )
        except sqlite3.Error as exc:
            raise ReviewStoreError(f"could not save the resolution: {exc}") from exc
        return resolution

    def get_resolutions(self, review_id: str) -> dict[str, Resolution]:
        """Resolutions by finding id; findings never touched are simply absent (= open)."""
        try:
            with self._connect() as conn:
                rows = conn.execute(
                    "SELECT finding_id, status, owner, note, updated_at FROM resolutions WHERE review_id=?",
                    (review_id,),
                ).fetchall()
        except sqlite3.Error as exc:
            raise ReviewStoreError(f"could not read resolutions of review {review_id}: {exc}") from exc
        return {r["finding_id"]: Resolution(*tuple(r)) for r in rows}

    def progress(self, review_id: str) -> Progress:
        return progress_of(self.get_review(review_id).report, self.get_resolutions(review_id))

    def carry_over_resolutions(self, old_id: str, new_id: str, comparison: RevisionComparison) -> int:
        """Copy decisions on findings the revised draft still raises (also those now lower ranked, in the
        appendix), so nobody redoes their work."""
        old = self.get_resolutions(old_id)
        rows = [
            (new_id, new.id, res.status, res.owner, res.note, _now())
            for prev, new in comparison.carried
            if (res := old.get(prev.id)) is not None
        ]
        try:
            with self._connect() as conn:
                conn.executemany("INSERT OR IGNORE INTO resolutions VALUES (?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            raise ReviewStoreError(f"could not copy resolutions to the revised review: {exc}") from exc
        return len(rows)
