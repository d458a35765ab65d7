"""The one comparison table: metrics as rows, reviewers as columns, deltas versus the checklist."""

from __future__ import annotations

from collections.abc import Mapping

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
    }
)


def _cell(stat: Stat, baseline: Stat | None, with_delta: bool) -> str:
    if stat.mean is None:
        return "n/a"
    text = f"{stat.mean:.3g}"
    if stat.std:
        text += f" ±{stat.std:.2g}"
    if with_delta and baseline is not None and baseline.mean is not None:
        text += f" ({stat.mean - baseline.mean:+.2f})"
    return text


def results_table(results: Mapping[str, Mapping[str, Stat]], runs: int) -> Table:
    """Quality rows show `(+delta)` against the checklist baseline in every reviewer column."""
    names = list(results)
    table = Table(title=f"gapreview eval: mean ±spread over {runs} run(s); (+x) = above the checklist")
    table.add_column("metric")
    for name in names:
        table.add_column(name, justify="right")
    metrics = list(next(iter(results.values()), {}))
    for metric in metrics:
        base = results.get(CHECKLIST_NAME, {}).get(metric)
        row = [_cell(results[n][metric], base, with_delta=metric in QUALITY and n != CHECKLIST_NAME) for n in names]
        table.add_row(metric, *row)
    return table
