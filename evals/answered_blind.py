"""Blind check of answered concerns: does a reviewer raise what the proposal already answers?

Why by hand: `answered_raised_rate` in `gapreview eval` counts a finding as re-raising an answered
concern when the two are close in meaning (e5 cosine). A finding that builds on an answer ("two trial
migrations are planned: is there time to fix what they find?") is close in meaning and is exactly
what a good reviewer asks, so the measure over-counts on strong reviewers. Here a labeller sees a
proposal, the concerns its author says it answers (A1, A2, ...) and the findings of any number of
report sets, shuffled and without origin, and marks each finding `A<n>` (re-raises that concern),
`other-answered` (re-raises something else the text answers), `follow-up` (builds on an answer,
asks what it leaves open) or `no`. The score is the share of answered concerns some finding of a
set re-raises, per set: the same ratio as `answered_raised_rate`, judged by a person.

    python -m evals.answered_blind export --reports llm=DIR --reports builtin=DIR --cases DIR --out DIR
    python -m evals.answered_blind score --labels FILE.csv --key KEY.json --cases DIR
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from agents.schemas import Finding
from core.atomic_files import atomic_write_text
from core.errors import GapreviewError, InputError
from evals.blind import (
    KEY_VERSION,
    distinct_findings,
    finding_block,
    key_entry,
    load_key_and_sets,
    load_report_sets,
    parse_report_set,
)
from evals.cases import EvalCase, load_cases

VERDICT = re.compile(r"^(?:A\d+|other-answered|follow-up|no)$")
app = typer.Typer(add_completion=False, help="Blind check: which findings re-raise concerns the proposal answers.")


def answered_sheet(case: EvalCase, items: list[tuple[str, Finding]]) -> str:
    head = [f"# Case {case.id}", "", "## Proposal", "", "````text", case.text.strip(), "````", ""]
    head += ["## Concerns this proposal already answers (labelled by its author)", ""]
    head += [f"- A{i}: {concern}" for i, concern in enumerate(case.answered, 1)]
    head += ["", "## Findings", ""]
    blocks = [finding_block(item_id, f).replace("label: ", "raises: ") for item_id, f in items]
    return "\n".join(head) + "\n" + "\n".join(blocks)


def export(sets: list[str], cases_dir: Path, out: Path, key_path: Path, seed: int = 0) -> tuple[int, int]:
    """One sheet per case that has answered concerns and a report in some set; a finding worded the
    same in several sets is shown once (the key lists every set that has it). (sheets, items)"""
    cases = [c for c in load_cases(cases_dir) if c.answered]
    loaded = load_report_sets([parse_report_set(s) for s in sets], {c.id for c in cases})
    key: dict[str, Any] = {"version": KEY_VERSION, "sets": list(loaded), "items": {}}
    rows = ["case,item_id,raises,reason"]
    sheets = total = 0
    for case in cases:
        shown = distinct_findings(loaded, case.id, seed)
        if not shown:
            continue
        for item_id, finding, names in shown:
            key["items"][item_id] = key_entry(case.id, finding, names)
            rows.append(f"{case.id},{item_id},,")
        out.mkdir(parents=True, exist_ok=True)
        atomic_write_text(out / f"{case.id}.md", answered_sheet(case, [(i, f) for i, f, _ in shown]))
        sheets += 1
        total += len(shown)
    if not sheets:
        raise InputError("no report matches a case with answered concerns")
    atomic_write_text(out / "labels.csv", "\n".join(rows) + "\n")
    atomic_write_text(key_path, json.dumps(key, indent=1, ensure_ascii=False))
    return sheets, total


def score(labels_path: Path, key_path: Path, cases_dir: Path) -> dict[str, tuple[int, int]]:
    """Per set: (answered concerns some finding of the set re-raises, answered concerns on the labelled
    cases). `other-answered` counts as one more concern of its case; every item must be labelled."""
    set_names, items = load_key_and_sets(key_path)
    try:
        with labels_path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read labels: {exc}") from exc
    labelled = {row["item_id"]: (row.get("raises") or "").strip() for row in rows}
    missing = sorted(set(items) - set(labelled))
    if missing:
        raise InputError(f"{labels_path}: {len(missing)} items have no label, first {missing[0]}")
    bad = sorted(i for i, v in labelled.items() if i not in items or not VERDICT.match(v))
    if bad:
        raise InputError(f"{labels_path}: unknown item or verdict for {bad[0]!r} ({labelled[bad[0]]!r})")
    cases = {c.id: c for c in load_cases(cases_dir)}
    labelled_cases = {v["case"] for v in items.values()}
    extra = {(items[i]["case"], "other") for i, v in labelled.items() if v == "other-answered"}
    total = sum(len(cases[c].answered) for c in labelled_cases) + len(extra)
    result = {}
    for name in set_names:
        raised = {
            (items[i]["case"], "other" if v == "other-answered" else v)
            for i, v in labelled.items()
            if v.startswith("A") or v == "other-answered"
            if name in items[i]["sets"]
        }
        result[name] = (len(raised), total)
    return result


@app.command("export")
def export_command(
    reports: Annotated[list[str], typer.Option("--reports", help="NAME=DIR of JSON reports; repeat.")],
    cases: Annotated[Path, typer.Option(help="Folder of eval cases (with their answered concerns).")],
    out: Annotated[Path, typer.Option(help="Folder for the sheets and labels.csv.")],
    key: Annotated[Path | None, typer.Option(help="Key file (default: <out>-key.json).")] = None,
) -> None:
    try:
        key_path = key or out.with_name(out.name + "-key.json")
        sheets, total = export(reports, cases, out, key_path)
    except GapreviewError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{sheets} sheets with {total} findings in {out}; key {key_path} (keep it from the labellers)")


@app.command("score")
def score_command(
    labels: Annotated[Path, typer.Option(help="labels.csv: case,item_id,raises[,reason].")],
    key: Annotated[Path, typer.Option(help="The key written by export.")],
    cases: Annotated[Path, typer.Option(help="The cases the sheets came from.")],
) -> None:
    try:
        result = score(labels, key, cases)
    except GapreviewError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for name, (raised, total) in result.items():
        typer.echo(f"{name}: {raised} of {total} answered concerns re-raised ({raised / total:.3f})")


if __name__ == "__main__":
    app()
