"""Case loading: valid cases load; every malformed case is an error naming its file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evals.cases import CaseError, load_cases

SPEC = """id: {id}
language: en
origin: it
stage: exploring
expected:
  - kind: {kind}
    perspective: it
    gap: "Who supports the scanners at night?"
    anchors: ["night"]
answered:
  - "Training"
"""


def write_case(
    folder: Path, slug: str = "zebra", *, kind: str = "unasked_question", text: str | None = "# Plan\n"
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    spec = folder / f"{slug}.yaml"
    spec.write_text(SPEC.format(id=slug, kind=kind), encoding="utf-8")
    if text is not None:
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return spec


def test_loads_cases_sorted_with_text(tmp_path: Path) -> None:
    write_case(tmp_path, "zebra")
    write_case(tmp_path, "alpha")
    cases = load_cases(tmp_path)
    assert [c.id for c in cases] == ["alpha", "zebra"]
    assert cases[0].text == "# Plan\n" and cases[0].expected[0].anchors == ["night"]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: write_case(d, kind="wish"), "expected.0.kind"),
        (lambda d: write_case(d, text=None), "proposal text zebra.md is missing"),
        (lambda d: write_case(d, text="  \n"), "proposal text is empty"),
        (lambda d: (d / "zebra.yaml").write_text("id: [unclosed", encoding="utf-8"), "not valid YAML"),
        (lambda d: (d / "zebra.yaml").write_text("- just a list", encoding="utf-8"), "expected a mapping"),
        (
            lambda d: write_case(d).write_text(SPEC.format(id="other", kind="unasked_question"), encoding="utf-8"),
            "does not match the file name",
        ),
        (
            lambda d: write_case(d).write_text(
                SPEC.format(id="zebra", kind="unasked_question") + "severity: high\n", encoding="utf-8"
            ),
            "severity: Extra inputs are not permitted",
        ),
    ],
)
def test_malformed_case_names_the_file(tmp_path: Path, setup: Callable[[Path], object], message: str) -> None:
    tmp_path.mkdir(exist_ok=True)
    setup(tmp_path)
    with pytest.raises(CaseError) as info:
        load_cases(tmp_path)
    assert "zebra." in str(info.value) and message in str(info.value)


def test_duplicate_ids_and_empty_folders_are_errors(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="no case files"):
        load_cases(tmp_path)
    write_case(tmp_path)
    (tmp_path / "zebra.json").write_text((tmp_path / "zebra.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CaseError, match="duplicate case id 'zebra'"):
        load_cases(tmp_path)


def test_the_shipped_development_set_loads() -> None:
    cases = load_cases(Path(__file__).parents[2] / "evals" / "cases")
    assert len(cases) >= 12
    assert sum(c.language == "nl" for c in cases) >= 3
    assert {c.origin for c in cases} == {"it", "business"}
    assert all(c.expected for c in cases)


def test_the_split_comes_from_the_folder_and_loading_is_recursive(tmp_path: Path) -> None:
    write_case(tmp_path, "zebra")
    write_case(tmp_path / "heldout", "portal")
    write_case(tmp_path / "heldout" / "nl", "klantportaal")
    write_case(tmp_path / ".drafts", "hidden")
    cases = load_cases(tmp_path)
    assert {c.id: c.split for c in cases} == {"zebra": "dev", "portal": "heldout", "klantportaal": "heldout"}
    assert [c.id for c in load_cases(tmp_path, "heldout")] == ["klantportaal", "portal"]
    assert [c.id for c in load_cases(tmp_path, "dev")] == ["zebra"]
    assert {c.split for c in load_cases(tmp_path / "heldout")} == {"heldout"}  # the folder itself counts


def test_a_case_in_both_splits_or_an_empty_split_is_an_error(tmp_path: Path) -> None:
    write_case(tmp_path, "zebra")
    with pytest.raises(CaseError, match="no cases in the heldout split"):
        load_cases(tmp_path, "heldout")
    write_case(tmp_path / "heldout", "zebra")
    with pytest.raises(CaseError, match="duplicate case id 'zebra'"):
        load_cases(tmp_path)
