"""The stage model weighs a memo's commitment signals and vetoes a committed reading it does not believe.

Its arithmetic, that it only vetoes (never commits a memo the rule reads as exploring), that a broken
file fails on load naming the feature, and that the figures it was shipped with are the ones the
labelled sets give today.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agents.lenses.commitment_signals import SentenceSignal, default_reader
from agents.lenses.stage_model import FEATURES, StageModel, load_stage_model, stage_features
from agents.nodes.commitment import classify_commitment, read_stage
from agents.nodes.read import parse_proposal
from core.errors import ConfigError

ONE_PAST_ACT_MANY_QUESTIONS = (
    "# Options for the new booking tool\n\n"
    "This is a draft for discussion. We renewed the old booking contract last spring.\n\n"
    "We propose to compare three options before the summer. Could option A work for the night shift? "
    "Should we first ask the works council? We could also wait a year. Which option do you prefer?\n"
)
SIGNED_AND_TOLD = (
    "# New booking tool\n\nWe signed the contract with Bookit on 3 March. All 140 staff were told on Monday "
    "that the old tool goes off on 1 June. The invoice for the first year has been paid.\n"
)


def by_weights(**weights: float) -> StageModel:
    return StageModel(trained_on=["test"], memos=1, bias=weights.pop("bias", 0.0), weights=weights)


def test_the_features_count_signals_by_kind_and_carry_the_rules_verdict() -> None:
    signals = [SentenceSignal("committed", "irreversible_past_action"), SentenceSignal("exploring", "question")] * 2
    features = stage_features([*signals, SentenceSignal("neutral", "background")], asks=True, rule_committed=True)
    assert set(features) == set(FEATURES)
    assert features["irreversible_past_action"] == pytest.approx(1.0986, abs=1e-4)  # log(1 + 2)
    assert features["committed"] == features["exploring_all"] == pytest.approx(1.0986, abs=1e-4)
    assert "question" not in features  # counted among the exploring signals, not weighed on its own
    assert features["asks"] == features["rule"] == 1.0 and features["hedge"] == 0.0


def test_the_model_vetoes_a_committed_reading_and_never_commits_an_exploring_one() -> None:
    reader = default_reader()
    lone_act = parse_proposal(ONE_PAST_ACT_MANY_QUESTIONS)
    assert read_stage(lone_act, reader).committed  # the rule alone reads the renewal as a commitment
    sceptic = by_weights(bias=0.0, exploring_all=-3.0)
    assert classify_commitment(lone_act, reader, sceptic).stage == "exploring"
    assert classify_commitment(lone_act, reader, rules_only=True).stage == "committed"
    believer = by_weights(bias=10.0)
    exploring = parse_proposal("We propose to compare three options. Which one do you prefer?")
    assert classify_commitment(exploring, reader, believer).stage == "exploring"


def test_the_shipped_model_keeps_a_signed_and_announced_plan_and_vetoes_a_lone_background_act() -> None:
    reader = default_reader()
    assert classify_commitment(parse_proposal(SIGNED_AND_TOLD), reader).stage == "committed"
    assert classify_commitment(parse_proposal(ONE_PAST_ACT_MANY_QUESTIONS), reader).stage == "exploring"


def test_a_model_file_with_an_unknown_feature_fails_on_load_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "stage.json"
    path.write_text(json.dumps({"trained_on": ["x"], "memos": 1, "bias": 0.0, "weights": {"signed": 1.0}}))
    with pytest.raises(ConfigError, match="stage.json: .*unknown feature 'signed'"):
        load_stage_model(path)


def test_the_shipped_model_learned_only_from_development_sets() -> None:
    model = load_stage_model()
    assert model.memos == 576 and set(model.weights) == set(FEATURES)
    assert all(name.startswith("round/s") or name == "written/dev" for name in model.trained_on)
    assert {"round/s26", "round/s27", "round/s28", "written/heldout", "cases/heldout"} <= set(model.heldout)
    assert not set(model.heldout) & set(model.trained_on)


@pytest.mark.slow
def test_the_figures_the_model_was_shipped_with_are_what_the_labelled_sets_give() -> None:
    from evals.stage_model import labelled_sets, measure

    model = load_stage_model()
    measured = measure(model, labelled_sets())  # a round stored after the model was learned is measured too
    assert {name: measured[name] for name in model.heldout} == model.heldout
    assert model.heldout["written/heldout"] == [24, 15, 19] and model.heldout["cases/heldout"] == [26, 20, 21]
    rounds = [model.heldout[f"round/s{n}"] for n in (26, 27, 28, 29)]
    assert rounds == [[24, 19, 22], [24, 19, 20], [24, 15, 18], [24, 20, 22]]  # commitment rules 12
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "held-out eval cases (20): 147 of 193 against 128." in readme  # the model learned from s9-s14
    assert "97 of 122 against 93 with the model before and 85 by the rules alone" in readme
    assert "98 of 122 against 97 before commitment rules 11" in readme
    assert "written after rules 11, the engine read 23 and 21 of 24 (the rules alone 20 and 18)" in readme
    assert "without s29-s39: 100 of 122\nagainst 98" in readme
    assert model.heldout["cases/dev"] == [44, 43, 42]


def test_remeasure_keeps_the_learned_weights_and_stores_the_figures_measured_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new round or a rule change moves the figures; relearning would also move the weights (on s58 it traded a
    written development proposal for nothing), so `--remeasure` stores the figures of the weights already learned."""
    import evals.stage_model as learn

    signed = "# Plan\n\nThe contract with Acme was signed on 3 May and all staff were told on 4 May."
    asked = "# Plan\n\nWe propose to pilot the app; the committee is asked to decide on 3 May."
    monkeypatch.setattr(learn, "labelled_sets", lambda: {"round/s99": [(signed, True), (asked, False)]})
    out = tmp_path / "model.json"
    out.write_text(load_stage_model().model_dump_json(indent=1), encoding="utf-8")
    result = CliRunner().invoke(learn.app, ["--remeasure", "--out", str(out)])
    assert result.exit_code == 0, result.output
    stored, shipped = load_stage_model(out), load_stage_model()
    assert (stored.weights, stored.bias) == (shipped.weights, shipped.bias)
    assert stored.heldout == {"round/s99": [2, 2, 2]}
