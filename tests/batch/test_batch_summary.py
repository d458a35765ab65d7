"""summary.md and summary.csv: counts per kind and severity, and each draft's appendix (collapsed)."""

from __future__ import annotations

from pathlib import Path

from batch_fakes import FakeReviewer, draft_text

from app.batch import run_batch
from app.batch_summary import summary_csv, summary_markdown
from core.settings import Settings


def test_the_summary_shows_each_drafts_appendix_collapsed(drafts: Path, tmp_path: Path, settings: Settings) -> None:
    out = tmp_path / "reviews"

    def with_appendix(text: str):  # type: ignore[no-untyped-def]
        report = FakeReviewer()(text)
        extra = report.findings[0].model_copy(update={"id": "f2", "title": "Who trains the <night shift>?"})
        return report.model_copy(update={"appendix": [extra]})

    (drafts / "q3" / "beta.txt").write_text(draft_text("Beta scanners", "high"), encoding="utf-8")
    result = run_batch(drafts, out, settings, with_appendix)
    markdown = summary_markdown(result, out)
    assert "## Appendix: lower-ranked findings" in markdown
    assert "<details>" in markdown and "<summary>alpha.md: 1 lower-ranked finding</summary>" in markdown
    assert "- [low] Who trains the &lt;night shift&gt;?" in markdown
    header = summary_csv(result, out).splitlines()[0].split(",")
    assert header[3:5] == ["findings", "appendix"]
    assert summary_csv(result, out).splitlines()[1].split(",")[4] == "1"


def test_every_kind_has_a_summary_column() -> None:
    from agents.schemas import KINDS
    from app.batch_summary import COLUMNS, KIND_COLUMNS

    assert set(KIND_COLUMNS) == set(KINDS) and set(KINDS) <= set(COLUMNS)
