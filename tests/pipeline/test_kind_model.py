"""The kind model re-reads which kinds of decision a proposal is (agents/judge/kind_model.py).

Unit level: what it vetoes, admits and caps; that it stays out for another embedder's vectors; that a
broken model file fails on load naming the field. With the real embedder, on development memos whose
kinds a reader labelled: a month-end close tool is not an MFA rollout, a home-care key-safe pilot is a
tool adoption. And the shipped model says which labelled memos it learned from.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from agents.judge.analysis import analyse_proposal, default_library
from agents.judge.kind_model import MODEL_FILE, KindModel, KindWeights, load_kind_model, memo_vector, model_for
from agents.nodes.read import parse_proposal
from core.errors import ConfigError
from knowledge.embeddings import CachedEmbedder

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "evals" / "recognition"
ROUNDS = REPO / "evals" / "judgements" / "2026-11-29-track-record"


def two_kinds(veto: float = 0.1, admit: float = 0.7, most: int = 2) -> KindModel:
    """A model over a 2-number vector: 'first' follows the first number, 'second' the second."""
    return KindModel(
        embedder="test",
        trained_on=["here"],
        memos=1,
        veto_below=veto,
        admit_above=admit,
        max_kinds=most,
        kinds={
            "first": KindWeights(bias=0.0, weights=[10.0, 0.0]),
            "second": KindWeights(bias=0.0, weights=[0.0, 10.0]),
        },
    )


def test_it_vetoes_a_recognised_kind_it_is_sure_of_and_admits_one_it_is_sure_of() -> None:
    model = two_kinds()
    probabilities = model.probabilities(np.array([-1.0, 1.0]))  # surely not 'first', surely 'second'
    assert probabilities["first"] < 0.01 and probabilities["second"] > 0.99
    assert model.choose(["first"], probabilities) == ["second"]
    # unsure either way: the description reading stands
    unsure = model.probabilities(np.array([0.0, 0.0]))
    assert model.choose(["first"], unsure) == ["first"]
    assert model.choose([], unsure) == []


def test_a_kind_it_has_no_weights_for_is_kept_and_the_likeliest_come_first_up_to_the_cap() -> None:
    model = two_kinds(most=2)
    probabilities = model.probabilities(np.array([1.0, 0.5]))
    assert model.choose(["other"], probabilities) == ["first", "second"]  # 'other' has no probability: last, cut
    assert two_kinds(most=3).choose(["other"], probabilities) == ["first", "second", "other"]


def test_it_applies_only_to_the_vectors_of_the_embedder_it_learned_from(tmp_path: Path) -> None:
    path = tmp_path / "kinds.json"
    path.write_text(two_kinds().model_dump_json())
    assert model_for("test", path) is not None
    assert model_for("litellm/text-embedding-3-small", path) is None


def test_a_broken_model_file_fails_on_load_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "kinds.json"
    data = two_kinds().model_dump()
    data["kinds"]["second"]["weights"] = [1.0]
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="kinds.json: .*one length"):
        load_kind_model(path)
    path.write_text('{"embedder": "x"}')
    with pytest.raises(ConfigError, match="kinds.json: trained_on: Field required"):
        load_kind_model(path)


def test_the_memo_vector_is_the_normalised_mean_of_the_sentences_that_state_the_plan() -> None:
    vecs = np.array([[1.0, 0.0], [0.0, 1.0], [5.0, 5.0]], dtype=np.float32)
    vector = memo_vector(vecs, np.array([True, True, False]))
    assert np.allclose(vector, [2**-0.5, 2**-0.5])
    assert np.allclose(memo_vector(vecs, np.zeros(3, dtype=bool)), np.array([6.0, 6.0]) / np.linalg.norm([6, 6]))


def test_the_shipped_model_names_the_labelled_memos_it_learned_from() -> None:
    model = load_kind_model()
    with (LABELS / "labels-dev.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert model.memos == len(rows)
    assert model.trained_on and all((REPO / source).is_dir() for source in model.trained_on)
    with (LABELS / "labels-heldout.csv").open(encoding="utf-8") as handle:
        heldout = {row["memo"] for row in csv.DictReader(handle)}
    assert heldout and not heldout & {row["memo"] for row in rows}  # it never learned from the held-out memos
    assert set(model.kinds) == {a.id for a in default_library().archetypes}
    assert MODEL_FILE.stat().st_size < 100_000


def kinds_of(name: str, e5: CachedEmbedder, kind_model: Path | None = None) -> list[str]:
    proposal = parse_proposal((ROUNDS / "s15" / "proposals" / name).read_text(encoding="utf-8"))
    vecs = e5.embed_passages([s.text for s in proposal.sentences])
    return analyse_proposal(proposal, vecs, e5, kind_model=kind_model).archetypes


def test_a_close_automation_tool_is_no_mfa_rollout_and_a_user_flow_only_where_staff_build_one(
    e5: CachedEmbedder, tmp_path: Path
) -> None:
    off = tmp_path / "off.json"  # the same weights, vetoing and admitting nothing: the description reading alone
    off.write_text(load_kind_model().model_copy(update={"veto_below": 0.0, "admit_above": 1.0}).model_dump_json())
    memo = "finance-close-automation-u.md"  # labelled: tool adoption, integration, process change
    assert "identity_security" in kinds_of(memo, e5, off)
    assert "identity_security" not in kinds_of(memo, e5)
    assert "end_user_automation" not in kinds_of("kiosk-pcs-factory-s.md", e5)  # labelled: identity and security


def test_an_e_signature_tool_is_read_as_a_tool_adoption(e5: CachedEmbedder) -> None:
    assert "tool_adoption" in kinds_of("esignature-hr-contracts-s.md", e5)  # the description reading saw a user flow


def test_the_readme_and_the_model_file_give_the_same_cross_validated_figures() -> None:
    model = load_kind_model()
    alone, learned = model.cross_validated["description"], model.cross_validated["model"]
    assert (alone.right, alone.right + alone.wrong, alone.primary, alone.memos) == (414, 786, 232, 572)
    assert (learned.right, learned.right + learned.wrong, learned.primary) == (591, 810, 325)
    readme = (LABELS / "README.md").read_text(encoding="utf-8")
    assert "| 53 % (414 of 786) | 28 % | 232 |" in readme and "| 73 % (591 of 810) | 41 % | 325 |" in readme


@pytest.mark.slow
def test_on_memos_it_never_learned_from_the_kind_model_reads_more_kinds_right(e5: CachedEmbedder) -> None:
    from evals.kind_model import compare, load_labels, read_memos

    labels = LABELS / "labels-heldout.csv"
    known = {a.id for a in default_library().archetypes}
    model = load_kind_model()
    alone, learned = compare(read_memos(load_labels(labels, known), labels, e5), lambda _: model)
    assert (alone.memos, alone.right, alone.right + alone.wrong, alone.primary) == HELDOUT_ALONE
    assert (learned.right, learned.right + learned.wrong, learned.primary) == HELDOUT_LEARNED
    assert learned.precision > alone.precision and learned.recall > alone.recall


HELDOUT_ALONE = (194, 126, 245, 77)  # memos, kinds right, kinds read, primary kinds found: evals/recognition/README.md
HELDOUT_LEARNED = (175, 242, 115)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("evals/cases/ai-assistant-customer-service.md,ai_adoption,ai_adoption;chatbots,,", "unknown kind 'chatbots'"),
        ("evals/cases/no-such-memo.md,ai_adoption,ai_adoption,,", "no memo at 'evals/cases/no-such-memo.md'"),
    ],
)
def test_bad_labels_are_one_line_and_exit_2_before_anything_is_learned_or_written(
    tmp_path: Path, row: str, message: str
) -> None:
    from typer.testing import CliRunner

    from evals.kind_model import app

    labels = tmp_path / "ours.csv"
    labels.write_text("memo,primary,kinds,tempting,note\n" + row + "\n", encoding="utf-8")
    out = tmp_path / "kinds.json"
    result = CliRunner().invoke(app, ["--labels", str(labels), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {labels}:2: {message}"
    assert not out.exists()


def test_the_learner_separates_kinds_the_vectors_separate() -> None:
    from evals.kind_model import Labelled, Read, fit

    def read(x: float, kinds: set[str]) -> Read:
        return Read(Labelled("m.md", next(iter(kinds)), frozenset(kinds)), np.array([x, 1 - x]), ())

    reads = [read(0.9, {"first"}), read(0.8, {"first"}), read(0.1, {"second"}), read(0.2, {"second"})]
    model = fit(reads, ["first", "second", "never"], "test", ["here"])
    assert set(model.kinds) == {"first", "second"}  # a kind never labelled gets no weights
    assert model.choose([], model.probabilities(np.array([0.95, 0.05]))) == ["first"]
    assert model.choose(["first"], model.probabilities(np.array([0.05, 0.95]))) == ["second"]


def test_a_second_reader_agrees_and_the_engine_reads_as_well_by_either_readers_labels() -> None:
    def kinds(path: Path) -> dict[str, set[str]]:
        with path.open(encoding="utf-8") as handle:
            return {row["memo"]: set(row["kinds"].split(";")) for row in csv.DictReader(handle)}

    second = kinds(LABELS / "second-reader-s18-s19.csv")
    # the first reader's labels of s18 and s19 are learned from since s21
    first = {memo: k for memo, k in kinds(LABELS / "labels-dev.csv").items() if memo in second}
    assert len(first) == len(second) == 48
    in_common = sum(len(first[m] & second[m]) for m in first)
    assert (in_common, sum(map(len, first.values())), sum(map(len, second.values()))) == (122, 130, 125)

    def right(report_set: str, labels: dict[str, set[str]]) -> tuple[int, int]:
        read = {}
        for memo in labels:
            path = REPO / memo.replace("/proposals/", f"/reports/{report_set}/").replace(".md", ".json")
            read[memo] = set(json.loads(path.read_text(encoding="utf-8"))["meta"]["archetypes"])
        return sum(len(read[m] & labels[m]) for m in labels), sum(len(k) for k in read.values())

    assert right("shipped", first) == right("shipped", second) == (40, 56)
    assert (right("before", first), right("before", second)) == ((33, 62), (31, 62))
    readme = (LABELS / "README.md").read_text(encoding="utf-8")
    assert "122 kinds in common, of 130 (first) and 125 (second)" in readme and "(40 of 56)" in readme
