"""The overview of a batch: `summary.csv` for spreadsheets and CI, `summary.md` for people.

One row per draft, failed ones included with their reason, so nobody mistakes a draft that
could not be reviewed for one without gaps.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from agents.schemas import KINDS, SEVERITIES, SEVERITY_RANK, Kind
from app.batch import BatchResult, DraftOutcome
from core.atomic_files import atomic_write_text

TOP_FINDINGS = 3
COLUMNS = ["draft", "status", "stage", "findings", "appendix", *SEVERITIES, *KINDS, "top_findings", "review", "error"]
KIND_COLUMNS: dict[Kind, str] = {
    "unasked_question": "Questions",
    "hidden_dependency": "Dependencies",
    "done_divergence": "Done",
}


def summary_row(outcome: DraftOutcome, out: Path) -> dict[str, str | int]:
    """Counts by kind and severity plus the top findings (highest severity first)."""
    row: dict[str, str | int] = {c: "" for c in COLUMNS}
    row.update({"draft": outcome.name, "status": outcome.status, "error": outcome.error or ""})
    report = outcome.report
    if report is None:
        return row
    findings = sorted(report.findings, key=lambda f: SEVERITY_RANK[f.severity])
    counts: dict[str, int] = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    counts.update({k: sum(f.kind == k for f in findings) for k in KINDS})
    row.update(
        {
            "stage": report.commitment.stage,
            "findings": len(findings),
            "appendix": len(report.appendix),
            **counts,
            "top_findings": " | ".join(f"[{f.severity}] {f.title}" for f in findings[:TOP_FINDINGS]),
            "review": outcome.json_path.relative_to(out).as_posix() if outcome.json_path else "",
        }
    )
    return row


def summary_csv(result: BatchResult, out: Path) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for outcome in result.outcomes:
        writer.writerow(summary_row(outcome, out))
    return buffer.getvalue()


def _md(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def summary_markdown(result: BatchResult, out: Path) -> str:
    counts = {s: sum(o.status == s for o in result.outcomes) for s in ("reviewed", "skipped", "failed")}
    lines = [
        "# Batch review summary",
        "",
        f"{len(result.outcomes)} drafts: {counts['reviewed']} reviewed, {counts['skipped']} unchanged "
        f"(kept), {counts['failed']} failed.",
        "",
        "| Draft | Stage | Findings | Appendix | "
        + " | ".join([*(s.capitalize() for s in SEVERITIES), *(KIND_COLUMNS[k] for k in KINDS)])
        + " | Top findings |",
        "|---" * (4 + len(SEVERITIES) + len(KINDS)) + "|---|",
    ]
    for outcome in result.outcomes:
        if outcome.report is None:
            continue
        row = summary_row(outcome, out)
        target = outcome.md_path.relative_to(out).as_posix() if outcome.md_path else ""
        link = f"[{_md(outcome.name)}]({target})"
        cells = [row[c] for c in ("stage", "findings", "appendix", *SEVERITIES, *KINDS)]
        top = "<br>".join(_md(t) for t in str(row["top_findings"]).split(" | ") if t)
        lines.append(f"| {link} | " + " | ".join(_md(c) for c in cells) + f" | {top} |")
    lines += appendix_section(result)
    failed = result.failures
    if failed:
        lines += ["", "## Failed drafts", ""]
        lines += [f"- **{_md(o.name)}**: {_md(o.error or 'unknown error')}" for o in failed]
    if result.warnings:
        lines += ["", "## Warnings", ""] + [f"- {_md(w)}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def appendix_section(result: BatchResult) -> list[str]:
    """Each draft's lower-ranked findings, collapsed: beyond the reading cap, but not lost."""
    with_appendix = [o for o in result.outcomes if o.report is not None and o.report.appendix]
    if not with_appendix:
        return []
    lines = ["", "## Appendix: lower-ranked findings", ""]
    for outcome in with_appendix:
        assert outcome.report is not None
        appendix = outcome.report.appendix
        lines += [
            "<details>",
            f"<summary>{_html(outcome.name)}: {len(appendix)} lower-ranked finding{'s' if len(appendix) != 1 else ''}"
            "</summary>",
            "",
            *(f"- [{f.severity}] {_md(_html(f.title))}" for f in appendix),
            "",
            "</details>",
        ]
    return lines


def _html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_summaries(result: BatchResult, out: Path) -> tuple[Path, Path]:
    csv_path, md_path = out / "summary.csv", out / "summary.md"
    atomic_write_text(csv_path, summary_csv(result, out))
    atomic_write_text(md_path, summary_markdown(result, out))
    return csv_path, md_path
