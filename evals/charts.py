"""One PNG bar chart per metric (mean with spread over runs), reviewers side by side.

Uses matplotlib's Agg backend so charts render on CI and headless servers. The checklist
baseline is drawn as a dashed line so each chart shows the distance above a checklist.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402 - the backend must be chosen first

from core.atomic_files import atomic_writer  # noqa: E402
from evals.baseline import CHECKLIST_NAME  # noqa: E402
from evals.scoring import Stat  # noqa: E402


def chart_metric(results: Mapping[str, Mapping[str, Stat]], metric: str, path: Path) -> Path:
    """Write one chart atomically (a half-written PNG would break the web page)."""
    names = list(results)
    means = [results[n][metric].mean or 0.0 for n in names]
    spreads = [results[n][metric].std or 0.0 for n in names]
    fig, ax = plt.subplots(figsize=(max(4.0, 1.4 * len(names) + 1.5), 3.2))
    try:
        colors = ["#9e9e9e" if n == CHECKLIST_NAME else "#3b6ea5" for n in names]
        ax.bar(names, means, yerr=spreads, capsize=4, color=colors)
        baseline = results.get(CHECKLIST_NAME, {}).get(metric)
        if baseline is not None and baseline.mean is not None:
            ax.axhline(baseline.mean, linestyle="--", color="#616161", linewidth=1, label="checklist")
            ax.legend(loc="best", fontsize=8)
        missing = [n for n in names if results[n][metric].mean is None]
        title = metric if not missing else f"{metric} (not measured: {', '.join(missing)})"
        ax.set_title(title, fontsize=10)
        ax.tick_params(axis="x", labelrotation=15, labelsize=8)
        fig.tight_layout()
        with atomic_writer(path) as fh:
            fig.savefig(fh, format="png", dpi=110)
    finally:
        plt.close(fig)
    return path


def write_charts(results: Mapping[str, Mapping[str, Stat]], directory: Path) -> dict[str, Path]:
    """All metrics that at least one reviewer measured."""
    metrics = list(next(iter(results.values()), {}))
    return {
        metric: chart_metric(results, metric, directory / f"{metric}.png")
        for metric in metrics
        if any(results[n][metric].mean is not None for n in results)
    }
