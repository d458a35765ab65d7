"""`python -m evals.anticipation`: does the visible list keep what the model's own findings anticipate?

Why: issue 10 found that a capable model's findings foresee a real record's consequences far better
than the lens templates do, yet ranking pushed them into the appendix that no view shows. This
measures it on real decision records (`evals.decision_records`): hide each record's consequences,
review the rest with the product's own review function, and count the hidden consequence statements
that a group of findings anticipates. Groups: (a) `visible`, the report's list; (b) `model_own`, every
finding the model wrote (origin llm) as the perspective nodes grounded it, so also those the synthesis
merged away or dropped, which the report no longer carries; (c) `builtin`, builtin mode's list; (d)
`checklist`, the fixed 15-question baseline (`evals.baseline`). (a) and (b) need `--model`.

The word rule, in this one place: content words are `evals.quality.content_words` (at least four
letters, not an English or Dutch stop word, lower case); two words are the same when equal or when
the shorter (at least five letters) starts the longer (`evals.quality.same_word`: "migrate",
"migrated"). A word is new when no content word of the proposal is the same word: echoing the
proposal's own nouns is not anticipation. A finding (title and detail) anticipates a statement when
they share at least `MIN_SHARED` new words. A statement counts only when it has `MIN_SHARED` new
words itself (one that restates the proposal cannot be anticipated with new words). A record's share
is anticipated / counted statements; the average is over records with a counted statement.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

from agents.schemas import Finding, ReviewReport
from core.errors import GapreviewError, InputError
from evals.baseline import checklist_review
from evals.decision_records import (
    HiddenRecord,
    consequence_statements,
    default_records_folder,
    eligible_paths,
    load_record,
    spread,
)
from evals.quality import content_words, same_word

MIN_SHARED = 2
GROUPS = ("visible", "model_own", "builtin", "checklist")
TracedReviewFn = Callable[[str], tuple[ReviewReport, list[Finding]]]  # the report and the model's own findings


class NewWords:
    """Content words of a text that its proposal does not already contain."""

    def __init__(self, proposal: str) -> None:
        self.proposal_words = content_words(proposal)
        self._memo: dict[str, bool] = {}

    def _is_new(self, word: str) -> bool:
        if word not in self._memo:
            self._memo[word] = not any(same_word(word, known) for known in self.proposal_words)
        return self._memo[word]

    def __call__(self, text: str) -> set[str]:
        return {w for w in content_words(text) if self._is_new(w)}


def shared_words(left: set[str], right: set[str]) -> set[str]:
    """The words of `left` that `right` has too (as the same word)."""
    return {w for w in left if any(same_word(w, other) for other in right)}


def anticipates(statement: set[str], finding: set[str]) -> bool:
    return len(shared_words(statement, finding)) >= MIN_SHARED


def finding_text(finding: Finding) -> str:
    return f"{finding.title} {finding.detail}"


@dataclass
class RecordResult:
    """One record: how many statements counted, and per group how many were anticipated."""

    path: str
    statements: int
    counted: int
    anticipated: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    synthesis: str | None = None
    warnings: list[str] = field(default_factory=list)

    def share(self, group: str) -> float | None:
        if group not in self.anticipated or not self.counted:
            return None
        return self.anticipated[group] / self.counted


def score_record(record: HiddenRecord, groups: dict[str, list[Finding]]) -> RecordResult:
    """Count the record's hidden statements each group of findings anticipates."""
    new_words = NewWords(record.proposal)
    statements = consequence_statements(record.consequences)
    counted = [words for words in map(new_words, statements) if len(words) >= MIN_SHARED]
    result = RecordResult(path=record.path, statements=len(statements), counted=len(counted))
    for name, findings in groups.items():
        finding_words = [new_words(finding_text(f)) for f in findings]
        result.anticipated[name] = sum(any(anticipates(s, f) for f in finding_words) for s in counted)
        result.findings[name] = len(findings)
    return result


def review_groups(
    proposal: str, builtin: TracedReviewFn, model: TracedReviewFn | None
) -> tuple[dict[str, list[Finding]], ReviewReport]:
    """The four groups of findings for one proposal, and the report the synthesis path is read from."""
    base, _ = builtin(proposal)
    groups: dict[str, list[Finding]] = {}
    report = base
    if model is not None:
        report, own = model(proposal)
        groups["visible"] = list(report.findings)
        groups["model_own"] = own
    groups["builtin"] = list(base.findings)
    groups["checklist"] = list(checklist_review(proposal).findings)
    return groups, report


def averages(results: Sequence[RecordResult]) -> dict[str, dict[str, float | int | None]]:
    """Per group: the mean of the records' shares, the pooled share, and how many records counted."""
    out: dict[str, dict[str, float | int | None]] = {}
    for group in GROUPS:
        shares = [s for r in results if (s := r.share(group)) is not None]
        scored = [r for r in results if group in r.anticipated and r.counted]
        pooled = sum(r.anticipated[group] for r in scored) / max(1, sum(r.counted for r in scored))
        out[group] = {
            "mean_share": round(mean(shares), 4) if shares else None,
            "pooled_share": round(pooled, 4) if scored else None,
            "records": len(shares),
        }
    return out


def select_records(folder: Path, named: Sequence[str], limit: int | None) -> list[HiddenRecord]:
    """The named records first, then (up to `limit` in all) others spread over the sources."""
    if not folder.is_dir():
        raise InputError(f"decision-records folder not found: {folder} (pass --records DIR)")
    paths = list(dict.fromkeys(named))
    if limit is not None and len(paths) < limit:
        rest = [p for p in eligible_paths(folder) if p not in paths]
        paths += spread(rest, limit - len(paths))
    records = []
    for path in paths:
        record = load_record(folder, path)
        if record is None:
            raise InputError(f"{path} has no consequences section to hide")
        records.append(record)
    if not records:
        raise InputError("no records chosen: name them with --record or give --limit N")
    return records


def model_findings(report: ReviewReport, updates: Sequence[dict[str, Any]]) -> list[Finding]:
    """Every finding of origin llm, from the nodes' updates (before the synthesis merges or drops any)
    and from the report, once per id."""
    found = [f for update in updates for f in update.get("findings", [])]
    found += [*report.findings, *report.appendix]
    by_id: dict[str, Finding] = {}
    for finding in found:
        if finding.origin == "llm":
            by_id.setdefault(finding.id, finding)
    return list(by_id.values())


def traced_reviewer(model: str, api_base: str | None) -> TracedReviewFn:
    """The product's own review (`run_review`, empty knowledge base) that also keeps the model's findings."""
    from agents.review import build_context, default_embedder, run_review
    from core.settings import load_settings
    from knowledge.base import EmptyKnowledge

    settings = load_settings(model=model, api_base=api_base, no_kb=True)
    embedder = default_embedder(settings)

    def review(text: str) -> tuple[ReviewReport, list[Finding]]:
        updates: list[dict[str, Any]] = []
        context = build_context(settings, knowledge=EmptyKnowledge(), embedder=embedder)
        report = run_review(text, settings, context=context, on_step=lambda _node, update: updates.append(update))
        return report, model_findings(report, updates)

    return review


def _line(label: str, values: dict[str, float | None]) -> str:
    cells = "  ".join(f"{g}={'-' if v is None else f'{v:.2f}'}" for g, v in values.items())
    return f"{label}  {cells}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.anticipation", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=Path, default=None, help="decision-records folder (default: ../shared)")
    parser.add_argument("--record", action="append", default=[], help="a record's path in the folder; repeatable")
    parser.add_argument("--limit", type=int, default=None, help="fill up to N records, spread over the sources")
    parser.add_argument("--model", default=None, help="litellm model for LLM mode, e.g. openai/recorded")
    parser.add_argument("--api-base", default=None, help="OpenAI-compatible endpoint for --model")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    args = parser.parse_args(argv)
    try:
        records = select_records(args.records or default_records_folder(), args.record, args.limit)
        builtin = traced_reviewer("builtin", None)
        model = traced_reviewer(args.model, args.api_base) if args.model else None
        results = []
        for record in records:
            groups, report = review_groups(record.proposal, builtin, model)
            result = score_record(record, groups)
            if model is not None:
                result.synthesis, result.warnings = report.meta.synthesis, list(report.meta.warnings)
            results.append(result)
            shares = {g: result.share(g) for g in GROUPS if g in result.anticipated}
            print(_line(f"{record.path} ({result.counted}/{result.statements} statements)", shares), file=sys.stderr)
    except GapreviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = averages(results)
    if args.json:
        document = {"model": args.model, "min_shared": MIN_SHARED, "average": summary}
        print(json.dumps({**document, "records": [asdict(r) for r in results]}, indent=2))
    else:
        print(_line(f"mean share over {len(results)} records:", {g: s["mean_share"] for g, s in summary.items()}))
        print(_line("pooled share:", {g: s["pooled_share"] for g, s in summary.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
