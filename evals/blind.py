"""Blind judging: sheets that hide who wrote a finding, and scoring of the labels against a key.

Why: "precision before/after" is only credible when the person (or helper) labelling a finding
cannot tell which version produced it. `export` mixes the findings of any number of report sets
(JSON reports as written by `gapreview batch` or `review --format json`, one folder per set,
`<case id>.json` anywhere inside) per case, shuffles them and gives them neutral ids; origin,
reviewer, severity, kind and finding id are left out. The key that maps the neutral ids back
is written apart from the sheets. `score` reads the labels (case, item_id, label) and prints
the specific / generic / wrong rates per report set.

    python -m evals.blind export --reports before=DIR --reports after=DIR --cases evals/cases/heldout --out DIR
    python -m evals.blind score --labels FILE.csv --key KEY.json
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from agents.schemas import Finding, ProposalEvidence, ReviewReport
from core.atomic_files import atomic_write_text
from core.errors import GapreviewError, InputError
from evals.cases import EvalCase, load_cases
from evals.labels import LABEL_VALUES, HumanLabel, load_labels

KEY_VERSION = 1
LABELS_TEMPLATE = "labels.csv"
app = typer.Typer(add_completion=False, help="Blind judging: export sheets without origins, score labels with the key.")


@dataclass(frozen=True)
class ReportSet:
    name: str
    folder: Path


def parse_report_set(value: str) -> ReportSet:
    """`NAME=DIR`, or `DIR` (named after the folder)."""
    name, sep, folder = value.partition("=")
    path = Path(folder if sep else value)
    if not path.is_dir():
        raise InputError(f"{path}: not a folder of JSON reports")
    return ReportSet(name if sep and name else path.resolve().name, path)


def load_report_set(report_set: ReportSet, case_ids: set[str]) -> dict[str, ReviewReport]:
    """The reports in a set whose file name is a case id; a report that does not parse is an error."""
    found: dict[str, ReviewReport] = {}
    for path in sorted(report_set.folder.rglob("*.json")):
        if path.stem not in case_ids or any(p.startswith(".") for p in path.relative_to(report_set.folder).parts):
            continue
        if path.stem in found:
            raise InputError(f"{path}: a second report for case {path.stem!r} in set {report_set.name!r}")
        try:
            found[path.stem] = ReviewReport.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValidationError) as exc:
            raise InputError(f"{path}: not a gapreview JSON report ({str(exc).splitlines()[0]})") from exc
    return found


def load_report_sets(sets: list[ReportSet], case_ids: set[str]) -> dict[str, dict[str, ReviewReport]]:
    """Every set's reports by case id; two sets with one name would mix their labels."""
    loaded = {s.name: load_report_set(s, case_ids) for s in sets}
    if len(loaded) != len(sets):
        raise InputError("two report sets have the same name; name them with NAME=DIR")
    return loaded


def distinct_findings(
    loaded: dict[str, dict[str, ReviewReport]], case_id: str, seed: int
) -> list[tuple[str, Finding, list[str]]]:
    """(item id, finding, the sets that have it) for one case, shuffled. A finding worded the same in
    several sets (before and after a change) is shown once: a labeller who meets it twice learns
    which items come in pairs, and labels it twice for nothing."""
    shown: dict[str, tuple[Finding, list[str]]] = {}
    for name, reports in loaded.items():
        for finding in reports[case_id].findings if case_id in reports else []:
            shown.setdefault(finding_block("", finding), (finding, []))[1].append(name)
    entries = list(shown.values())
    random.Random(f"{seed}:{case_id}").shuffle(entries)
    return [(f"{case_id}-{i + 1:02d}", finding, names) for i, (finding, names) in enumerate(entries)]


def key_entry(case_id: str, finding: Finding, sets: list[str]) -> dict[str, Any]:
    """What the key keeps of one item: enough to score it per set and to trace it to its finding."""
    return {"case": case_id, "sets": sets, "finding_id": finding.id, "title": finding.title}


def finding_block(item_id: str, finding: Finding) -> str:
    """One finding on a sheet: neutral id, title, detail, evidence; nothing about its origin."""
    lines = [f"### {item_id}", "", f"**{finding.title}**", ""]
    if finding.detail and finding.detail != finding.title:
        lines += [finding.detail, ""]
    for evidence in finding.evidence:
        if isinstance(evidence, ProposalEvidence):
            lines.append(f"> {' '.join(evidence.quote.split())}")
        else:
            lines.append(f"> (past decision) {evidence.title}: {' '.join(evidence.quote.split())[:300]}")
        lines.append("")
    lines += ["label: ", ""]
    return "\n".join(lines)


def case_sheet(case: EvalCase, items: list[tuple[str, Finding]]) -> str:
    labels = " | ".join(LABEL_VALUES)
    head = [
        f"# Case {case.id}",
        "",
        f"Label every finding below {labels}: specific = pertinent to this proposal and not answered",
        "in it; generic = a checklist item fit for any proposal; wrong = misread, already answered, or",
        f"naming the wrong thing. Put the labels in {LABELS_TEMPLATE} (case, item_id, label).",
        "",
        "## Proposal",
        "",
        "````text",
        case.text.strip(),
        "````",
        "",
        "## Findings",
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(finding_block(item_id, f) for item_id, f in items)


def export_sheets(
    sets: list[ReportSet], cases: list[EvalCase], out: Path, key_path: Path, seed: int = 0
) -> tuple[int, int]:
    """Write one sheet per case with any report, a labels template and the key; (cases, items)."""
    loaded = load_report_sets(sets, {c.id for c in cases})
    out.mkdir(parents=True, exist_ok=True)
    key: dict[str, Any] = {"version": KEY_VERSION, "sets": list(loaded), "items": {}}
    template = ["case,item_id,label"]
    sheets = items_total = 0
    for case in cases:
        if not any(case.id in reports for reports in loaded.values()):
            continue
        shown = distinct_findings(loaded, case.id, seed)
        for item_id, finding, names in shown:
            key["items"][item_id] = key_entry(case.id, finding, names)
            template.append(f"{case.id},{item_id},")
        items = [(item_id, finding) for item_id, finding, _ in shown]
        atomic_write_text(out / f"{case.id}.md", case_sheet(case, items))
        sheets += 1
        items_total += len(items)
    if not sheets:
        raise InputError("no report matches a case: report files must be named <case id>.json")
    atomic_write_text(out / LABELS_TEMPLATE, "\n".join(template) + "\n")
    key_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(key_path, json.dumps(key, indent=1, ensure_ascii=False))
    return sheets, items_total


def _sets_of(entry: dict[str, Any]) -> list[str]:
    """The report sets an item belongs to: `sets` (a finding worded the same in several sets is shown
    once), or `set` in keys written before that."""
    sets = entry["sets"] if "sets" in entry else [entry["set"]]
    if not isinstance(sets, list) or not sets:
        raise ValueError("an item without its report sets")
    return [str(x) for x in sets]


def load_key(path: Path) -> dict[str, dict[str, Any]]:
    return load_key_and_sets(path)[1]


def load_key_and_sets(path: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """(the report sets in export order, item id -> case, sets and, when the key has it, the finding id);
    a set may own no item at all."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["items"]
        if data.get("version") != KEY_VERSION or not isinstance(items, dict):
            raise ValueError("unknown key version")
        entries = {
            str(k): {"case": str(v["case"]), "sets": _sets_of(v)}
            | ({"finding_id": str(v["finding_id"])} if "finding_id" in v else {})
            for k, v in items.items()
        }
        return [str(name) for name in data["sets"]], entries
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a blind-judging key written by `evals.blind export` ({exc})") from exc


@dataclass
class SetRates:
    """Items of one report set on the sheets, and the labels they received."""

    items: int = 0
    labelled: Counter[str] = field(default_factory=Counter)

    def rate(self, label: str) -> float | None:
        total = sum(self.labelled.values())
        return self.labelled[label] / total if total else None


def score_labels(key: dict[str, dict[str, Any]], labels: list[HumanLabel]) -> tuple[dict[str, SetRates], int]:
    """Rates per report set (an item shared by several sets counts for each), and how many label rows
    name an item the key does not know."""
    rates: dict[str, SetRates] = {}
    for entry in key.values():
        for name in entry["sets"]:
            rates.setdefault(name, SetRates()).items += 1
    unknown = 0
    for row in labels:
        found = key.get(row.item)
        if found is None or found["case"] != row.case:
            unknown += 1
            continue
        for name in found["sets"]:
            rates[name].labelled[row.label] += 1
    return rates, unknown


def rates_lines(rates: dict[str, SetRates]) -> list[str]:
    lines = [f"{'set':<20} {'items':>6} {'labelled':>8} " + " ".join(f"{label:>9}" for label in LABEL_VALUES)]
    for name, r in rates.items():
        labelled = sum(r.labelled.values())
        cells = " ".join(f"{'n/a' if r.rate(x) is None else f'{r.rate(x):.0%}':>9}" for x in LABEL_VALUES)
        lines.append(f"{name:<20} {r.items:>6} {labelled:>8} {cells}")
    return lines


def _fail(exc: GapreviewError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


@app.command()
def export(
    reports: Annotated[
        list[str], typer.Option("--reports", help="A folder of JSON reports (NAME=DIR or DIR); repeat.")
    ],
    cases: Annotated[Path, typer.Option("--cases", help="Folder of eval cases (proposal texts).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the sheets and the labels template.")],
    key: Annotated[Path | None, typer.Option("--key", help="Key file (default: <out>-key.json beside --out).")] = None,
    seed: Annotated[int, typer.Option(help="Shuffle seed.")] = 0,
) -> None:
    """Write blind sheets per case and the hidden key."""
    key_path = key or out.parent / f"{out.name}-key.json"
    try:
        if key_path.resolve().is_relative_to(out.resolve()):
            raise InputError(f"{key_path}: the key must not be inside {out} (the labellers read that folder)")
        sheets, items = export_sheets([parse_report_set(r) for r in reports], load_cases(cases), out, key_path, seed)
    except GapreviewError as exc:
        raise _fail(exc) from None
    typer.echo(f"{sheets} sheets with {items} findings in {out}; labels template {out / LABELS_TEMPLATE}")
    typer.echo(f"key: {key_path} (keep it away from the labellers)")


@app.command()
def score(
    labels: Annotated[Path, typer.Option("--labels", help="CSV with case,item_id,label.")],
    key: Annotated[Path, typer.Option("--key", help="The key written by export.")],
) -> None:
    """Print specific / generic / wrong rates per report set."""
    try:
        rates, unknown = score_labels(load_key(key), load_labels(labels, id_column="item_id"))
    except GapreviewError as exc:
        raise _fail(exc) from None
    for line in rates_lines(rates):
        typer.echo(line)
    if unknown:
        typer.echo(f"warning: {unknown} label rows name an item the key does not know", err=True)


if __name__ == "__main__":  # pragma: no cover - `python -m evals.blind ...`
    app()
