"""Turn a worked-through review into a MADR decision record, and file it in the knowledge base.

Why: the answers people gave while resolving findings are exactly what the next similar proposal
needs to see. Writing them down as a record that the knowledge base ingests closes the loop:
today's resolved gaps become tomorrow's cited precedents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from agents.schemas import Finding, Kind
from app.render import PERSPECTIVE_LABELS
from app.reviews import STATUS_LABELS, Resolution, StoredReview
from core.atomic_files import atomic_write_text
from core.errors import GapreviewError, InputError
from core.settings import Settings

MAX_RECORD_BYTES = 200_000
_CONTEXT_CHARS = 1_500
Ingest = Callable[[Path], object]
KIND_NAMES: dict[Kind, str] = {
    "unasked_question": "unasked question",
    "hidden_dependency": "hidden dependency",
    "done_divergence": "divergent definition of done",
}


@dataclass(frozen=True)
class FiledRecord:
    """Where a record was written and whether the knowledge base took it in."""

    path: Path
    ingested: bool
    message: str


def build_decision_record(
    review: StoredReview,
    resolutions: dict[str, Resolution],
    *,
    deciders: list[str] | None = None,
    today: date | None = None,
) -> str:
    """A MADR draft the user edits: facts from the review, judgement left to the humans."""
    owners = _owners(review.report.findings, resolutions)
    parts = [
        _front_matter(review, deciders or owners, owners, today or date.today()),
        f"# {_one_line(review.title)}",
        "",
        *_context(review),
        *_options_and_outcome(review),
        *_consequences(review.report.findings, resolutions),
        *_consulted(review.report.findings, resolutions),
        *_resolved_findings(review.report.findings, resolutions),
        *_more_information(review),
    ]
    return "\n".join(parts).rstrip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _yaml_value(text: str) -> str:
    """Quote a front-matter scalar so names with colons or quotes stay valid YAML."""
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _owners(findings: list[Finding], resolutions: dict[str, Resolution]) -> list[str]:
    seen: dict[str, None] = {}
    for finding in findings:
        res = resolutions.get(finding.id)
        if res and res.owner:
            seen.setdefault(_one_line(res.owner), None)
    return list(seen)


def _front_matter(review: StoredReview, deciders: list[str], consulted: list[str], day: date) -> str:
    # status stays "proposed": accepting the decision is for the deciders, not for the tool
    lines = [
        "---",
        "status: proposed",
        f"date: {day.isoformat()}",
        f"deciders: {_yaml_value(', '.join(deciders))}",
        f"consulted: {_yaml_value(', '.join(consulted))}",
        f"gapreview-review: {review.id}",
        "---",
        "",
    ]
    return "\n".join(lines)


def _context(review: StoredReview) -> list[str]:
    body = [line for line in review.proposal.strip().splitlines() if not line.lstrip().startswith("#")]
    text = "\n".join(body).strip()
    if len(text) > _CONTEXT_CHARS:
        text = text[:_CONTEXT_CHARS].rsplit(" ", 1)[0] + " …"
    stage = review.report.commitment
    lines = ["## Context and Problem Statement", "", text, ""]
    if stage.stage == "committed":
        signals = "; ".join(f'"{_one_line(s)}"' for s in stage.signals) or "signals in the text"
        lines += [f"At review time the proposal was already committed ({signals}).", ""]
    return lines


def _options_and_outcome(review: StoredReview) -> list[str]:
    title = _one_line(review.title)
    return [
        "## Considered Options",
        "",
        f"* {title}, as proposed",
        "* Keep the current situation",
        "",
        "## Decision Outcome",
        "",
        f'Chosen option: "{title}, as proposed", because [fill in: why, given the resolved findings below].',
        "",
    ]


def _consequences(findings: list[Finding], resolutions: dict[str, Resolution]) -> list[str]:
    """MADR's Good/Bad list: answered gaps are good, accepted risks and open gaps are bad."""
    lines = ["### Consequences", ""]
    for finding in findings:
        res = resolutions.get(finding.id)
        status = res.status if res else "open"
        title = _one_line(finding.title)
        note = f" ({_one_line(res.note)})" if res and res.note else ""
        if status == "answered":
            lines.append(f"* Good, because this is answered: {title}{note}")
        elif status == "accepted_risk":
            lines.append(f"* Bad, because we accept the risk: {title}{note}")
        elif status == "open":
            lines.append(f"* Bad, because this is still open: {title}")
    if len(lines) == 2:
        lines.append("* Neutral, because the review raised no findings in scope")
    return lines + [""]


def _consulted(findings: list[Finding], resolutions: dict[str, Resolution]) -> list[str]:
    owners = _owners(findings, resolutions)
    if not owners:
        return ["## Consulted", "", "* <nobody was named as owner of a finding>", ""]
    lines = ["## Consulted", ""]
    for owner in owners:
        owned = [f for f in findings if (r := resolutions.get(f.id)) and _one_line(r.owner) == owner]
        topics = "; ".join(_one_line(f.title) for f in owned)
        lines.append(f"* {owner}: {topics}")
    return lines + [""]


def _resolved_findings(findings: list[Finding], resolutions: dict[str, Resolution]) -> list[str]:
    lines = ["## Resolved findings", ""]
    resolved = [f for f in findings if (r := resolutions.get(f.id)) and r.resolved]
    if not resolved:
        return lines + ["None of the review's findings has been resolved yet.", ""]
    for finding in resolved:
        res = resolutions[finding.id]
        kind = KIND_NAMES[finding.kind]
        who = PERSPECTIVE_LABELS[finding.perspective]
        owner = f", owner {_one_line(res.owner)}" if res.owner else ""
        lines.append(f"* **{_one_line(finding.title)}** ({who}, {kind}, {finding.severity})")
        lines.append(f"  * Resolution: {STATUS_LABELS[res.status]}{owner}")
        if res.note:
            lines.append(f"  * Note: {_one_line(res.note)}")
    return lines + [""]


def _more_information(review: StoredReview) -> list[str]:
    meta = review.report.meta
    lines = [
        "## More Information",
        "",
        f"Reviewed with gapreview {meta.gapreview_version} "
        f"({'builtin lens engine' if meta.mode == 'builtin' else f'model {meta.model}'}) "
        f"on {review.created_at[:10]}, review `{review.id}`.",
    ]
    for p in review.report.precedents:
        lines.append(f"* Precedent {p.decision_id}: {_one_line(p.title)}")
    return lines + [""]


def record_filename(markdown: str, review_id: str) -> str:
    """`<date>-<slug>-<review id>.md`: sortable, readable, and never overwrites another review's record."""
    title = next((ln[2:] for ln in markdown.splitlines() if ln.startswith("# ")), "decision")
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "decision"
    return f"{date.today().isoformat()}-{slug}-{review_id[:8]}.md"


def check_record(markdown: str) -> str:
    """Refuse a record the knowledge base could not use, before anything is written."""
    if not markdown.strip():
        raise InputError("the decision record is empty")
    if len(markdown.encode("utf-8")) > MAX_RECORD_BYTES:
        raise InputError(f"the decision record is over the limit of {MAX_RECORD_BYTES:,} bytes")
    if not any(line.startswith("# ") for line in markdown.splitlines()):
        raise InputError("the decision record needs a title line starting with '# '")
    return markdown


def file_record(settings: Settings, markdown: str, review_id: str, ingest: Ingest) -> FiledRecord:
    """Write the record under `<home>/records`, then ingest it; the file is kept even if ingest fails.

    `ingest(path)` is injected by the caller (the web page passes its knowledge-base adapter), so this
    module does not depend on how the knowledge base is stored.
    """
    check_record(markdown)
    folder = settings.home / "records"
    path = folder / record_filename(markdown, review_id)
    try:
        atomic_write_text(path, markdown)
    except OSError as exc:
        raise GapreviewError(f"could not write the decision record to {path}: {exc}") from exc
    try:
        ingest(path)
    except GapreviewError as exc:
        return FiledRecord(path, False, f"Saved to {path}, but not added to the knowledge base: {exc}")
    return FiledRecord(path, True, f"Saved to {path} and added to the knowledge base.")
