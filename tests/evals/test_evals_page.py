"""The web page's Evals view reads latest.json; rendered with streamlit's AppTest."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app.web.evals_page import load_latest, table_rows
from core.settings import Settings

DOC = {
    "created": "2026-01-01T00:00:00+00:00",
    "config": {"case_ids": ["a", "b"], "runs": 2, "threshold": 0.86, "embedder": "fake"},
    "reviewers": {
        "builtin": {
            "recall": {"mean": 0.6, "std": 0.05, "n": 2},
            "cost_usd": {"mean": None, "std": None, "n": 0},
        },
        "checklist": {
            "recall": {"mean": 0.2, "std": 0.0, "n": 2},
            "cost_usd": {"mean": 0.0, "std": 0.0, "n": 2},
        },
    },
    "charts": {},
}


def test_table_rows_show_mean_spread_and_not_measured() -> None:
    assert table_rows(DOC) == [
        {"metric": "recall", "builtin": "0.6 ±0.05", "checklist": "0.2"},
        {"metric": "cost_usd", "builtin": "n/a", "checklist": "0"},
    ]


def test_no_results_yet(tmp_path: Path) -> None:
    assert load_latest(Settings(home=tmp_path)) is None


def _page(home: str) -> None:
    from pathlib import Path

    from app.web.evals_page import render_evals_page
    from core.settings import Settings

    render_evals_page(Settings(home=Path(home)))


def test_page_renders_latest_results_and_errors(tmp_path: Path) -> None:
    page = AppTest.from_function(_page, args=(str(tmp_path),)).run()
    assert "No eval results yet" in page.info[0].value

    (tmp_path / "evals").mkdir()
    (tmp_path / "evals" / "latest.json").write_text(json.dumps(DOC), encoding="utf-8")
    page = AppTest.from_function(_page, args=(str(tmp_path),)).run()
    assert not page.exception
    assert "2 cases" in page.caption[0].value
    assert len(page.dataframe) == 1

    (tmp_path / "evals" / "latest.json").write_text("{broken", encoding="utf-8")
    page = AppTest.from_function(_page, args=(str(tmp_path),)).run()
    assert "Cannot read the latest eval results" in page.error[0].value
