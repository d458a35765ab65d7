"""The comparison table: metrics as rows, reviewers as columns, deltas versus the checklist.

One table per split (dev, heldout, overall), so a held-out figure is never read as a dev one.
Rows that no reviewer measured (labels without a judge or label file) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.markup import escape
from rich.table import Table

from evals.baseline import CHECKLIST_NAME
from evals.scoring import Stat

QUALITY = frozenset(
    {
        "recall",
        "recall_unasked_question",
        "recall_hidden_dependency",
        "recall_done_divergence",
        "specificity",
        "grounding",
        "stage_accuracy",
        "evidence_support",
        "specific_rate",
    }
)
SPLIT_TITLES = {"dev": "development split", "heldout": "held-out split", "overall": "all cases"}


def _cell(stat: Stat, baseline: Stat | None, with_delta: bool) -> str:
    """`mean`, then `[min/median/max]` over runs when there was more than one run."""
    if stat.mean is None:
        return "n/a"
    text = f"{stat.mean:.3g}"
    if stat.n > 1 and stat.min is not None and stat.median is not None and stat.max is not None:
        text += f" [{stat.min:.3g}/{stat.median:.3g}/{stat.max:.3g}]"
    if with_delta and baseline is not None and baseline.mean is not None:
        text += f" ({stat.mean - baseline.mean:+.2f})"
    return text


def results_table(results: Mapping[str, Mapping[str, Stat]], runs: int, split: str | None = None) -> Table:
    """Quality rows show `(+delta)` against the checklist baseline in every reviewer column."""
    names = list(results)
    spread = " [min/median/max]" if runs > 1 else ""
    where = f" - {SPLIT_TITLES.get(split, split)}" if split else ""
    title = f"gapreview eval{where}: mean{spread} over {runs} run(s); (+x) = above the checklist"
    table = Table(title=escape(title))
    table.add_column("metric")
    for name in names:
        table.add_column(name, justify="right")
    metrics = list(next(iter(results.values()), {}))
    for metric in metrics:
        if all(results[n][metric].mean is None for n in names):
            continue
        base = results.get(CHECKLIST_NAME, {}).get(metric)
        row = [_cell(results[n][metric], base, with_delta=metric in QUALITY and n != CHECKLIST_NAME) for n in names]
        table.add_row(metric, *(escape(cell) for cell in row))
    return table


def split_tables(splits: Mapping[str, Mapping[str, Mapping[str, Stat]]], runs: int) -> list[Table]:
    """One table per split, in the order given (dev, heldout, overall)."""
    return [results_table(results, runs, split) for split, results in splits.items()]
