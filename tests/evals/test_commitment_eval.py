"""The commitment classifier on its labelled sentences: held-out accuracy stays near what was measured.

Thresholds are the figures measured with `python -m evals.commitment_eval` when the patterns were
last tuned (on dev only), minus a small margin: dev 1.000, held-out 0.962 (en 0.944, nl 0.984),
stage on the 44 dev cases 1.000 (28 of them added with indirect commitment signals and past-tense
traps, and the patterns re-tuned on them: 26 of 30 and then 38 of 44 before).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from agents.lenses.commitment_signals import default_reader
from core.data_files import parse_yaml
from core.errors import ConfigError
from evals.commitment_eval import dev_cases_dir, main, proposal_stage_accuracy, sentence_figures, stage_accuracy
from evals.commitment_set import PROPOSALS, SentenceSet, load_sentences, load_stage_proposals

MARGIN = 0.03
STAGE_FLOOR = 42 / 44  # the 44 dev cases: the rules alone read all, the stage model (learned from s9-s25) vetoes two


@pytest.fixture(scope="module")
def sentences() -> SentenceSet:
    return load_sentences()


def test_the_set_is_large_bilingual_and_split_before_tuning(sentences: SentenceSet) -> None:
    assert len(sentences.sentences) >= 300
    assert sum(s.language == "nl" for s in sentences.sentences) >= 120
    groups = Counter((s.language, s.label) for s in sentences.sentences)
    dev = Counter((s.language, s.label) for s in sentences.split("dev"))
    for group, n in groups.items():
        assert 0.5 <= dev[group] / n <= 0.7, group  # stratified ~60/40 in every language x label


@pytest.mark.parametrize(
    ("split", "group", "floor"),
    [
        ("heldout", "all", 0.962 - MARGIN),
        ("heldout", "en", 0.944 - MARGIN),
        ("heldout", "nl", 0.984 - MARGIN),
        ("dev", "all", 1.000 - MARGIN),
    ],
)
def test_sentence_accuracy_holds(sentences: SentenceSet, split: str, group: str, floor: float) -> None:
    figures = sentence_figures(sentences.split(split), default_reader())  # type: ignore[arg-type]
    value, n = figures[group]
    assert n > 0 and value is not None
    assert value >= floor, f"{split}/{group}: {value:.3f} < {floor:.3f}"


def test_stage_accuracy_on_the_dev_cases() -> None:
    accuracy, wrong = stage_accuracy(dev_cases_dir(), default_reader())
    assert accuracy >= STAGE_FLOOR, wrong


def test_the_eval_prints_dev_and_heldout_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "heldout" in out and "stage accuracy" in out
    assert out.count("(n=") >= 12


def test_the_eval_refuses_held_out_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--cases", str(tmp_path / "heldout")]) == 2
    assert "held-out" in capsys.readouterr().err


def test_a_bad_label_in_the_set_is_one_clear_line() -> None:
    text = "version: 1\nsentences:\n  - {text: We signed., language: en, label: maybe, signal: neutral, split: dev}\n"
    with pytest.raises(ConfigError) as error:
        parse_yaml(text, SentenceSet, "sentences.yaml")
    message = str(error.value)
    assert message.startswith("sentences.yaml:3: sentences.0.label:") and "\n" not in message


def test_written_proposals_are_bilingual_balanced_and_each_has_its_label() -> None:
    for split in ("dev", "heldout"):
        folder = PROPOSALS / split
        if not folder.is_dir():
            continue
        items = load_stage_proposals(folder)
        assert len(items) >= 24, split
        groups = Counter((label.language, label.stage) for label, _ in items)
        assert len(groups) == 4 and min(groups.values()) >= len(items) // 5, groups


def test_a_label_without_its_proposal_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "labels.yaml").write_text(
        "proposals:\n  - {id: one, language: en, stage: committed, signal: We signed it.}\n"
        "  - {id: two, language: nl, stage: exploring, signal: Wij stellen voor.}\n"
    )
    (tmp_path / "one.md").write_text("We signed it.")
    with pytest.raises(ValueError, match="two"):
        load_stage_proposals(tmp_path)


def test_stage_accuracy_on_the_written_dev_proposals() -> None:
    # v5 read 23 of the first 32 before it was tuned on them; v6 read 70 of the next 96 (then held out),
    # 13 of s9's 23 and 20 of the 24 written with traps before it was tuned on them: 155 of 175 after; 153 with
    # the stage model, which vetoes 4 more than the rules alone (157, 0.897); the "To: All office staff" announcement
    # read committed is one of them
    accuracy, n, wrong = proposal_stage_accuracy(PROPOSALS / "dev", default_reader())
    assert n == 175 and round(accuracy, 3) == 0.874, wrong


def test_stage_accuracy_on_the_held_out_written_proposals_is_the_readmes() -> None:
    accuracy, n, _ = proposal_stage_accuracy(PROPOSALS / "heldout", default_reader())
    assert (n, round(accuracy, 3)) == (24, 0.792)  # the rules alone read 15 (below)
    readme = (PROPOSALS.parents[2] / "README.md").read_text(encoding="utf-8")
    assert "15 of the 24 held-out ones" in readme and "19 of the 24 held-out written proposals" in readme
