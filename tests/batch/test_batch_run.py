"""run_batch: discovery, outputs, resumability, failures, exit codes and --fail-on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_fakes import FakeReviewer, draft_text

from agents.schemas import ReviewReport
from app.batch import EXIT_FAILED, EXIT_GATE, EXIT_OK, MANIFEST_NAME, run_batch
from core.atomic_files import TMP_PREFIX, atomic_write_text, atomic_writer
from core.settings import Settings


def _outputs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def test_reviews_every_supported_file_recursively(drafts: Path, tmp_path: Path, settings: Settings) -> None:
    out = tmp_path / "reviews"
    reviewer = FakeReviewer()
    result = run_batch(drafts, out, settings, reviewer, jobs=2)

    assert [o.name for o in result.outcomes] == ["alpha.md", "q3/beta.txt", "q3/gamma.md"]
    assert {o.status for o in result.outcomes} == {"reviewed"}
    assert _outputs(out) == [
        MANIFEST_NAME,
        "alpha.json",
        "alpha.md",
        "q3/beta.json",
        "q3/beta.md",
        "q3/gamma.json",
        "q3/gamma.md",
    ]
    report = ReviewReport.model_validate_json((out / "q3" / "beta.json").read_text(encoding="utf-8"))
    assert report.findings[0].severity == "high"
    assert "Beta scanners" in (out / "q3" / "beta.md").read_text(encoding="utf-8")


def test_rerun_skips_unchanged_and_reviews_changed(drafts: Path, tmp_path: Path, settings: Settings) -> None:
    out = tmp_path / "reviews"
    run_batch(drafts, out, settings, FakeReviewer())
    (drafts / "q3" / "gamma.md").write_text(draft_text("Gamma roster v2"), encoding="utf-8")

    second = FakeReviewer()
    result = run_batch(drafts, out, settings, second)

    assert second.reviewed == ["# Gamma roster v2"]
    assert {o.name: o.status for o in result.outcomes} == {
        "alpha.md": "skipped",
        "q3/beta.txt": "skipped",
        "q3/gamma.md": "reviewed",
    }
    skipped = result.outcomes[0]
    assert skipped.report is not None and skipped.report.findings[0].title == "Who supports Alpha portal?"


def test_changed_settings_review_everything_again(drafts: Path, tmp_path: Path, settings: Settings) -> None:
    out = tmp_path / "reviews"
    run_batch(drafts, out, settings, FakeReviewer())
    other = settings.model_copy(update={"model": "openai/gpt-4o-mini"})

    again = FakeReviewer()
    run_batch(drafts, out, other, again)

    assert len(again.reviewed) == 3


def test_deleted_or_corrupt_output_is_reviewed_again(drafts: Path, tmp_path: Path, settings: Settings) -> None:
    out = tmp_path / "reviews"
    run_batch(drafts, out, settings, FakeReviewer())
    (out / "alpha.json").write_text("{not json", encoding="utf-8")
    (out / "q3" / "gamma.md").unlink()

    again = FakeReviewer()
    run_batch(drafts, out, settings, again)

    assert sorted(again.reviewed) == ["# Alpha portal", "# Gamma roster"]
    ReviewReport.model_validate_json((out / "alpha.json").read_text(encoding="utf-8"))


def test_failing_draft_is_reported_and_others_complete(drafts: Path, tmp_path: Path, settings: Settings) -> None:
    (drafts / "broken.md").write_text(draft_text("Broken BOOM"), encoding="utf-8")
    (drafts / "empty.txt").write_text("   \n", encoding="utf-8")
    out = tmp_path / "reviews"

    result = run_batch(drafts, out, settings, FakeReviewer(), jobs=3)

    failed = {o.name: o.error for o in result.failures}
    assert set(failed) == {"broken.md", "empty.txt"}
    assert failed["broken.md"] == "RuntimeError: model exploded"
    assert "empty.txt" in (failed["empty.txt"] or "") and "empty" in (failed["empty.txt"] or "")
    assert (out / "alpha.json").exists() and (out / "q3" / "gamma.json").exists()
    assert not (out / "broken.json").exists()
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest["entries"]) == ["alpha.md", "q3/beta.txt", "q3/gamma.md"]
    assert result.exit_code(None) == EXIT_FAILED

    (drafts / "broken.md").write_text(draft_text("Broken fixed"), encoding="utf-8")
    retry = FakeReviewer()
    second = run_batch(drafts, out, settings, retry)
    assert retry.reviewed == ["# Broken fixed"]
    assert [o.name for o in second.failures] == ["empty.txt"]


def test_interrupted_run_resumes_without_duplicates(drafts: Path, tmp_path: Path, settings: Settings) -> None:
    out = tmp_path / "reviews"
    first = FakeReviewer(interrupt_after=1)
    with pytest.raises(KeyboardInterrupt):
        run_batch(drafts, out, settings, first, jobs=1)
    assert len(first.reviewed) == 1
    assert not list(out.rglob(f"{TMP_PREFIX}*"))
    recorded = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["entries"]
    assert len(recorded) <= 1  # the one finished review, unless Ctrl-C was seen before its result

    second = FakeReviewer()
    result = run_batch(drafts, out, settings, second, jobs=1)

    assert len(second.reviewed) == 3 - len(recorded)
    assert [o.status for o in result.outcomes].count("skipped") == len(recorded)
    assert len([p for p in out.rglob("*.json") if p.name != MANIFEST_NAME]) == 3


def test_name_clash_keeps_suffix_and_out_inside_drafts_is_ignored(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "plan.md").write_text(draft_text("Plan md"), encoding="utf-8")
    (root / "plan.txt").write_text(draft_text("Plan txt"), encoding="utf-8")
    out = root / "reviews"
    run_batch(root, out, settings, FakeReviewer())

    again = FakeReviewer()
    result = run_batch(root, out, settings, again)

    assert _outputs(out) == [MANIFEST_NAME, "plan.md.json", "plan.md.md", "plan.txt.json", "plan.txt.md"]
    assert again.reviewed == [] and [o.name for o in result.outcomes] == ["plan.md", "plan.txt"]


@pytest.mark.parametrize(
    ("severities", "fail_on", "expected"),
    [
        (["low", "medium"], None, EXIT_OK),
        (["low", "medium"], "high", EXIT_OK),
        (["low", "medium"], "medium", EXIT_GATE),
        (["low"], "low", EXIT_GATE),
        (["high"], "high", EXIT_GATE),
    ],
)
def test_fail_on_gate(
    tmp_path: Path, settings: Settings, severities: list[str], fail_on: str | None, expected: int
) -> None:
    root = tmp_path / "d"
    root.mkdir()
    for i, severity in enumerate(severities):
        (root / f"d{i}.md").write_text(draft_text(f"Draft {i}", severity), encoding="utf-8")
    result = run_batch(root, tmp_path / "out", settings, FakeReviewer())
    assert result.exit_code(fail_on) == expected  # type: ignore[arg-type]


def test_failures_take_precedence_over_the_gate(drafts: Path, tmp_path: Path, settings: Settings) -> None:
    (drafts / "broken.md").write_text(draft_text("Broken BOOM"), encoding="utf-8")
    result = run_batch(drafts, tmp_path / "out", settings, FakeReviewer())
    assert result.gated("high")
    assert result.exit_code("high") == EXIT_FAILED


def test_unreadable_manifest_is_a_warning_and_everything_is_reviewed(
    drafts: Path, tmp_path: Path, settings: Settings
) -> None:
    out = tmp_path / "reviews"
    run_batch(drafts, out, settings, FakeReviewer())
    (out / MANIFEST_NAME).write_text("garbage", encoding="utf-8")
    again = FakeReviewer()
    result = run_batch(drafts, out, settings, again)
    assert len(again.reviewed) == 3
    assert result.warnings and "unreadable manifest" in result.warnings[0]


def test_atomic_writer_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
