"""Evals view of the web app: the latest `gapreview eval` results, table and charts.

Reads `<home>/evals/latest.json` (written atomically by the eval runner), so the page never
runs an eval itself and never shows a half-written result.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import streamlit as st

from core.settings import Settings

HOW_TO = "gapreview eval evals/cases --model builtin"


def load_latest(settings: Settings) -> dict[str, Any] | None:
    """The latest results document, or None if no eval has run yet; a corrupt file raises ValueError."""
    path = settings.home / "evals" / "latest.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "reviewers" not in data:
        raise ValueError(f"{path}: not an eval results file")
    return data


def table_rows(document: dict[str, Any]) -> list[dict[str, str]]:
    """Metrics as rows, reviewers as columns, `mean ±std` cells (n/a when not measured)."""
    reviewers: dict[str, dict[str, dict[str, Any]]] = document["reviewers"]
    metrics = list(next(iter(reviewers.values()), {}))
    rows = []
    for metric in metrics:
        row = {"metric": metric}
        for name, stats in reviewers.items():
            stat = stats.get(metric, {})
            mean, std = stat.get("mean"), stat.get("std")
            row[name] = "n/a" if mean is None else f"{mean:.3g}" + (f" ±{std:.2g}" if std else "")
        rows.append(row)
    return rows


def render_evals_page(settings: Settings) -> None:
    st.header("Evals")
    try:
        document = load_latest(settings)
    except (OSError, ValueError) as exc:
        st.error(f"Cannot read the latest eval results: {exc}")
        return
    if document is None:
        st.info(f"No eval results yet. Run `{HOW_TO}` and reload this page.")
        return
    config = document.get("config", {})
    st.caption(
        f"{document.get('created', '?')} · {len(config.get('case_ids', []))} cases · "
        f"{config.get('runs', 1)} run(s) · "
        f"match threshold {config.get('threshold', '?')} · embedder {config.get('embedder', '?')}"
    )
    st.dataframe(table_rows(document), hide_index=True, use_container_width=True)
    charts = [(m, Path(p)) for m, p in document.get("charts", {}).items() if Path(p).exists()]
    if not charts:
        st.caption("Charts are not available on this machine.")
    columns = st.columns(2)
    for i, (metric, path) in enumerate(charts):
        with columns[i % 2]:
            st.image(str(path), caption=metric)
