"""Markdown rendering of a report, shared by the CLI, batch review and the web page's export."""

from __future__ import annotations

from functools import lru_cache

from agents.schemas import CoverageItem, DecisionEvidence, Exchange, Finding, Precedent, ReviewReport

KIND_HEADINGS = {
    "unasked_question": "Unasked questions",
    "hidden_dependency": "Hidden dependencies",
    "done_divergence": "Divergent definitions of done",
}
PERSPECTIVE_LABELS = {"it": "IT", "business": "Business", "both": "IT + business"}
EXCHANGE_HEADINGS = {"it": "IT asks, the business answers", "business": "The business asks, IT answers"}
SIDE_NAMES = {"it": "IT", "business": "the business"}
EXCHANGE_STATUS_LABELS = {
    "answered_by_proposal": "answered by the proposal",
    "answerable_now": "answerable now",
    "open": "open",
    "contested": "contested",
}
RELATION_LABELS = {
    "builds_on": "builds on it",
    "conflicts": "conflicts with it",
    "repeats": "repeats it",
    "superseded": "superseded",
    "related": "related",
}


def render_markdown(report: ReviewReport, proposal_title: str = "") -> str:
    """A human-readable review: stage first (it sets the urgency), then findings by kind."""
    lines = [f"# Gap review: {proposal_title}" if proposal_title else "# Gap review", ""]
    lines += _commitment_lines(report)
    if not report.findings:
        lines += [f"**No findings.** {empty_findings_note(report)}", ""]
    for kind, heading in KIND_HEADINGS.items():
        group = [f for f in report.findings if f.kind == kind]
        if not group:
            continue
        lines += [f"## {heading} ({len(group)})", ""]
        for finding in group:
            lines += _finding_lines(finding)
    lines += _exchange_lines(report)
    lines += _done_lines(report)
    if report.precedents:
        lines += ["## Precedents consulted", ""]
        for p in report.precedents:
            status = f" ({p.status})" if p.status else ""
            relation = f" · {RELATION_LABELS[p.relation]}" if p.relation else ""
            current = f" (now in force: **{p.current_id}**)" if p.current_id else ""
            lines.append(f"- **{p.decision_id}** {p.title}{status}{relation}{current}, {closeness(p)}, `{p.source}`")
        lines.append("")
    lines += _coverage_lines(report)
    lines += _appendix_lines(report)
    lines += _meta_lines(report)
    return "\n".join(lines).rstrip() + "\n"


def open_concerns(report: ReviewReport) -> int:
    """Checked concerns the proposal leaves open (the coverage map's `open` entries)."""
    return sum(c.status == "open" for c in report.coverage)


HELD_BACK = {
    "check_only": "a check, not listed by design",
    "track_record": "not listed: on other proposals blind reviewers found this check wrong about as often as "
    "specific, or more",
    "track_record_generic": "not listed: on other proposals blind reviewers almost never found this check specific "
    "to the proposal",
}


def held_back_note(item: CoverageItem) -> str:
    """Why an open concern is not in the list, when it is held back on purpose; the page says the same."""
    return f" · {HELD_BACK[item.held_back]}" if item.held_back else ""


def empty_findings_note(report: ReviewReport) -> str:
    """What an empty list means: not "all is well" while checked concerns stay open (a gap is listed
    only when the text anchors it), and the page says the same as the Markdown."""
    still_open = open_concerns(report)
    held = sum(c.status == "open" and c.held_back is not None for c in report.coverage)
    if still_open:
        kind = "checks" if held != 1 else "a check"
        why = f" ({held} of them {kind} held back on purpose, see there)" if held else ""
        return (
            f"No gap was anchored strongly enough in the text to list; {still_open} checked "
            f"concern{'s are' if still_open != 1 else ' is'} still open in the coverage map below{why}."
        )
    return "Every concern checked is answered in the text or does not apply (see the coverage map)."


def closeness(precedent: Precedent) -> str:
    """How close a past decision is: the cosine similarity when known, else the fused rank score
    (named as such: a rank says nothing about absolute relevance). The page uses the same words."""
    if precedent.similarity is not None:
        return f"similarity {precedent.similarity:.2f}"
    return f"rank score {precedent.score:.2f}"


def _commitment_lines(report: ReviewReport) -> list[str]:
    stage = report.commitment.stage
    if stage == "committed":
        head = "**Stage: committed.** Alignment is now corrective: resolve these before more is promised."
    else:
        head = "**Stage: exploring.** There is still room to choose: resolve these before the decision hardens."
    lines = [head, ""]
    lines += [f"> {signal}" for signal in report.commitment.signals]
    return lines + ([""] if report.commitment.signals else [])


BASIS_LABELS = {
    "timeline": "found between two dates the proposal states",
    "assumption": "found in a claim the proposal makes",
    "rule": "your organisation's rule",
    "done": "from the definitions of done",
    "precedent": "from a past decision",
}


def basis(finding: Finding) -> str:
    """What a finding rests on, in words a reader can weigh: a gap between the proposal's own dates
    or claims is about this plan; a library check is a question about its kind of decision that the
    text does not answer (blind readers keep the first far more often). Empty for a model's finding."""
    if finding.origin == "lens":
        kind = _archetype_names().get(finding.id.split(".", 1)[0])
        return f"a checklist question for this kind of decision ({kind})" if kind else "a checklist question"
    return BASIS_LABELS.get(finding.origin, "")


@lru_cache(maxsize=1)
def _archetype_names() -> dict[str, str]:
    from agents.judge.analysis import default_library

    return {a.id: a.name.en for a in default_library().archetypes}


def _finding_lines(finding: Finding) -> list[str]:
    who = PERSPECTIVE_LABELS[finding.perspective]
    rests_on = basis(finding)
    on = f" · {rests_on}" if rests_on else ""
    lines = [f"### [{finding.severity}] {finding.title}", "", f"*{who}*{on} · `{finding.id}`", "", finding.detail, ""]
    for ev in finding.evidence:
        if isinstance(ev, DecisionEvidence):
            section = f", {ev.section}" if ev.section else ""
            status = f" ({ev.status})" if ev.status else ""
            lines.append(f'- Precedent **{ev.decision_id}** {ev.title}{status}{section}: "{ev.quote}"')
        else:
            lines.append(f'- Proposal: "{ev.quote}"')
    if finding.reason:
        lines.append(f"- Why it matters: {finding.reason}")
    if finding.merged_ids:
        lines.append(f"- Also raised as: {', '.join(f'`{i}`' for i in finding.merged_ids)}")
    return lines + [""]


def _exchange_lines(report: ReviewReport) -> list[str]:
    """The cross-examination: each side's questions and the other side's answer, then what stays open."""
    lines: list[str] = []
    for side, heading in EXCHANGE_HEADINGS.items():
        mine = [x for x in report.exchanges if x.asked_by == side]
        if not mine:
            continue
        lines += [f"## {heading}", ""]
        for exchange in mine:
            lines += _exchange_entry(exchange)
    divergent = [x for x in report.exchanges if x.status in ("open", "contested")]
    if divergent:
        lines += ["### Still open between IT and the business", ""]
        lines += ["| Question | IT's position | The business's position |", "|---|---|---|"]
        for x in divergent:
            cells = [x.question, x.positions.get("it", ""), x.positions.get("business", "")]
            lines.append("| " + " | ".join(_escape_cell(c) for c in cells) + " |")
        lines.append("")
    return lines


def _exchange_entry(exchange: Exchange) -> list[str]:
    answerer = SIDE_NAMES["business" if exchange.asked_by == "it" else "it"]
    label = EXCHANGE_STATUS_LABELS[exchange.status]
    lines = [f"- **{exchange.question}** ({label})"]
    if exchange.status == "answered_by_proposal" and exchange.quote:
        lines.append(f'  - The proposal: "{_one_line(exchange.quote)}"')
    elif exchange.status == "answerable_now" and exchange.answer:
        simulated = " (simulated view)" if exchange.simulated else ""
        lines.append(f"  - {answerer[0].upper()}{answerer[1:]}{simulated}: {_one_line(exchange.answer)}")
    else:
        for side in ("it", "business"):
            if exchange.positions.get(side):
                lines.append(f"  - {PERSPECTIVE_LABELS[side]}: {_one_line(exchange.positions[side])}")
    return lines + ([""] if exchange.status != "answered_by_proposal" else [])


def _coverage_lines(report: ReviewReport) -> list[str]:
    """What was checked, collapsed: open concerns, covered ones with their quote, a count of the rest."""
    if not report.coverage:
        return []
    open_items = [c for c in report.coverage if c.status == "open"]
    covered = [c for c in report.coverage if c.status == "covered"]
    not_applicable = sum(1 for c in report.coverage if c.status == "not_applicable")
    summary = f"What was checked: {len(open_items)} open, {len(covered)} covered, {not_applicable} not applicable"
    lines = ["## Coverage", "", "<details>", f"<summary>{summary}</summary>", ""]
    if open_items:
        lines += [f"**Open ({len(open_items)})**", ""]
        lines += [f"- {c.title} ({PERSPECTIVE_LABELS[c.perspective]}){held_back_note(c)}" for c in open_items]
        lines.append("")
    if covered:
        lines += [f"**Covered by the proposal ({len(covered)})**", ""]
        for c in covered:
            quote = f': "{_one_line(c.quote)}"' if c.quote else ""
            lines.append(f"- {c.title} ({PERSPECTIVE_LABELS[c.perspective]}){quote}")
        lines.append("")
    lines += [f"Not applicable to this proposal: {not_applicable} concerns.", "", "</details>", ""]
    return lines


def _appendix_lines(report: ReviewReport) -> list[str]:
    if not report.appendix:
        return []
    lines = [
        "## Appendix",
        "",
        "<details>",
        f"<summary>{len(report.appendix)} more findings, ranked lower</summary>",
        "",
    ]
    for finding in report.appendix:
        lines += _finding_lines(finding)
    return lines + ["</details>", ""]


def _escape_cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def _one_line(text: str) -> str:
    """Quotes keep the proposal's line breaks; inside a list item or table cell they would break it."""
    return " ".join(text.split())


def _done_lines(report: ReviewReport) -> list[str]:
    done = report.done_definitions
    divergences = [f for f in [*report.findings, *report.appendix] if f.origin == "done"]
    if not (done.proposal or done.it or done.business or divergences):
        return []
    lines = ['## What "done" means', ""]
    if done.proposal or done.it or done.business:
        lines += ["| Proposal says | IT counts as done | Business counts as done |", "|---|---|---|"]
    rows = max(len(done.proposal), len(done.it), len(done.business))
    for i in range(rows):
        cells = [_cell(col, i) for col in (done.proposal, done.it, done.business)]
        lines.append("| " + " | ".join(cells) + " |")
    if divergences:
        lines += ["", "**Where they diverge:**", ""]
        lines += [f"- {_one_line(f.title)}" for f in divergences]
    return lines + [""]


def _cell(column: list[str], index: int) -> str:
    return _escape_cell(column[index]) if index < len(column) else ""


def _meta_lines(report: ReviewReport) -> list[str]:
    meta = report.meta
    model = meta.model or "builtin"
    lines = [
        "---",
        f"gapreview {meta.gapreview_version} · mode {meta.mode} · model {model} · language {meta.language}"
        f" · {meta.duration_s:.1f}s · {meta.llm_calls} LLM calls · synthesis {meta.synthesis}"
        + (f" · catalog v{meta.catalog_version}" if meta.catalog_version else "")
        + (f" · {meta.dropped_findings} unusable model items dropped" if meta.dropped_findings else ""),
    ]
    lines += [f"- warning: {w}" for w in meta.warnings]
    return lines
