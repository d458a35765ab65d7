"""Markdown rendering of a report, shared by the CLI, batch review and the web page's export."""

from __future__ import annotations

from agents.schemas import DecisionEvidence, Finding, ReviewReport

KIND_HEADINGS = {
    "unasked_question": "Unasked questions",
    "hidden_dependency": "Hidden dependencies",
    "done_divergence": "Divergent definitions of done",
}
PERSPECTIVE_LABELS = {"it": "IT", "business": "Business", "both": "IT + business"}


def render_markdown(report: ReviewReport, proposal_title: str = "") -> str:
    """A human-readable review: stage first (it sets the urgency), then findings by kind."""
    lines = [f"# Gap review: {proposal_title}" if proposal_title else "# Gap review", ""]
    lines += _commitment_lines(report)
    for kind, heading in KIND_HEADINGS.items():
        group = [f for f in report.findings if f.kind == kind]
        if not group:
            continue
        lines += [f"## {heading} ({len(group)})", ""]
        for finding in group:
            lines += _finding_lines(finding)
    lines += _done_lines(report)
    if report.precedents:
        lines += ["## Precedents consulted", ""]
        for p in report.precedents:
            status = f" ({p.status})" if p.status else ""
            lines.append(f"- **{p.decision_id}** {p.title}{status}, score {p.score:.2f}, `{p.source}`")
        lines.append("")
    lines += _meta_lines(report)
    return "\n".join(lines).rstrip() + "\n"


def _commitment_lines(report: ReviewReport) -> list[str]:
    stage = report.commitment.stage
    if stage == "committed":
        head = "**Stage: committed.** Alignment is now corrective: resolve these before more is promised."
    else:
        head = "**Stage: exploring.** There is still room to choose: resolve these before the decision hardens."
    lines = [head, ""]
    lines += [f"> {signal}" for signal in report.commitment.signals]
    return lines + ([""] if report.commitment.signals else [])


def _finding_lines(finding: Finding) -> list[str]:
    who = PERSPECTIVE_LABELS[finding.perspective]
    lines = [f"### [{finding.severity}] {finding.title}", "", f"*{who}* · `{finding.id}`", "", finding.detail, ""]
    for ev in finding.evidence:
        if isinstance(ev, DecisionEvidence):
            section = f", {ev.section}" if ev.section else ""
            status = f" ({ev.status})" if ev.status else ""
            lines.append(f'- Precedent **{ev.decision_id}** {ev.title}{status}{section}: "{ev.quote}"')
        else:
            lines.append(f'- Proposal: "{ev.quote}"')
    return lines + [""]


def _done_lines(report: ReviewReport) -> list[str]:
    done = report.done_definitions
    if not (done.proposal or done.it or done.business):
        return []
    lines = ['## What "done" means', ""]
    lines += ["| Proposal says | IT counts as done | Business counts as done |", "|---|---|---|"]
    rows = max(len(done.proposal), len(done.it), len(done.business))
    for i in range(rows):
        cells = [_cell(col, i) for col in (done.proposal, done.it, done.business)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _cell(column: list[str], index: int) -> str:
    return column[index].replace("|", "\\|").replace("\n", " ") if index < len(column) else ""


def _meta_lines(report: ReviewReport) -> list[str]:
    meta = report.meta
    model = meta.model or "builtin"
    lines = [
        "---",
        f"gapreview {meta.gapreview_version} · mode {meta.mode} · model {model} · language {meta.language}"
        f" · {meta.duration_s:.1f}s · {meta.llm_calls} LLM calls",
    ]
    lines += [f"- warning: {w}" for w in meta.warnings]
    return lines
