"""Human labels: strict CSV reading (file:line errors) and the merge in which people win."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_fakes import make_case, report
from fakes import make_finding

from evals.labels import LabelsError, load_labels, merge_labels
from evals.scoring import Scorer, summarize


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "labels.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_labels_with_an_optional_reviewer_and_skips_unlabelled_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path, "case,finding_id,label,reviewer\nzebra,scanner,Specific,\nzebra,budget,wrong,weak\nzebra,x,,\n"
    )
    labels = load_labels(path)
    assert [(x.case, x.item, x.label, x.reviewer) for x in labels] == [
        ("zebra", "scanner", "specific", None),
        ("zebra", "budget", "wrong", "weak"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty labels file"),
        ("case,id,label\nzebra,a,wrong\n", "labels.csv:1: missing column(s) finding_id"),
        (
            "case,finding_id,label\nzebra,a,great\n",
            "labels.csv:2: label 'great' is not one of specific, generic, wrong",
        ),
        ("case,finding_id,label\nzebra,a\n", "labels.csv:2: 2 fields, the header has 3"),
        ("case,finding_id,label\nzebra,a,wrong\nzebra,a,generic\n", "labels.csv:3: zebra/a is labelled twice"),
        ("case,finding_id,label\n,a,wrong\n", "labels.csv:2: case and finding_id must not be empty"),
        ("case,finding_id,label\n", "no labels"),
    ],
)
def test_malformed_labels_name_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(LabelsError) as info:
        load_labels(write(tmp_path, text))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_human_labels_win_over_the_judge_and_respect_the_reviewer_column(scorer: Scorer, tmp_path: Path) -> None:
    case = make_case()
    findings = [make_finding("scanner wifi coverage", id="wifi"), make_finding("budget question", id="budget")]
    good = scorer.score(case, report(findings), "good", 1, 0.0)
    weak = scorer.score(case, report(findings), "weak", 1, 0.0)
    for score in (good, weak):  # what a judge would have written
        score.labels = {fid: "specific" for fid in score.finding_ids}
        score.label_sources = {fid: "judge" for fid in score.finding_ids}
    path = write(
        tmp_path,
        "case,finding_id,label,reviewer\nzebra,budget,generic,\nzebra,wifi,wrong,weak\nother,budget,wrong,\n",
    )

    unmatched = merge_labels([good, weak], load_labels(path))

    assert unmatched == 1  # the row for a case this eval did not score
    assert good.labels == {"wifi": "specific", "budget": "generic"}
    assert good.label_sources == {"wifi": "judge", "budget": "human"}
    assert weak.labels == {"wifi": "wrong", "budget": "generic"}
    assert weak.label_sources == {"wifi": "human", "budget": "human"}
    assert summarize([weak])["wrong_rate"] == 0.5
