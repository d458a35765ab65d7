"""Recognition needs evidence: an archetype's typical facts, and meaning of its own for a second kind.

Scores are driven through fake vectors (one 2-D vector per archetype, cosine = the meaning we want),
so each test pins one rule of agents/judge/recognise.py, not the embedding model.
"""

from __future__ import annotations

import math

import numpy as np

from agents.judge.recognise import FACT_WEIGHT, MISSING_FACTS, fact_bonus, score_archetypes
from agents.lenses.library import Archetype, Fact, load_library


class FakeVectors:
    """`matrix(archetype.recognise)` -> one vector whose cosine with [1, 0] is that archetype's meaning."""

    def __init__(self, meanings: dict[tuple[str, ...], float]) -> None:
        self.meanings = meanings

    def matrix(self, texts: list[str]) -> np.ndarray:
        c = self.meanings.get(tuple(texts), 0.5)
        return np.array([[c, math.sqrt(1 - c * c)]], dtype=np.float32)


def archetypes(*ids: str) -> list[Archetype]:
    by_id = {a.id: a for a in load_library().archetypes}
    return [by_id[i] for i in ids]


def scored(meanings: dict[str, float], texts: list[str], facts: list[Fact]) -> dict[str, tuple[bool, float]]:
    chosen = archetypes(*meanings)
    vectors = FakeVectors({tuple(a.recognise): meanings[a.id] for a in chosen})
    sentence_vecs = np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))
    usable = np.ones(len(texts), dtype=bool)
    scores = score_archetypes(chosen, vectors, sentence_vecs, texts, usable, facts)  # type: ignore[arg-type]
    return {s.archetype.id: (s.recognised, s.combined) for s in scores}


BUY = Fact(type="action", value="bought", sentence=0, role="buy")
SIGN_IN = Fact(type="action", value="aangemeld", sentence=0, role="sign_in")


def test_a_required_archetype_without_its_typical_facts_loses_score() -> None:
    assert fact_bonus("device_refresh", [BUY]) == FACT_WEIGHT
    assert fact_bonus("device_refresh", [SIGN_IN]) == -MISSING_FACTS
    assert fact_bonus("tool_adoption", []) == -MISSING_FACTS
    assert fact_bonus("identity_security", []) == 0.0  # no typical facts listed: meaning decides
    new_system = Fact(type="system_new", value="Planday", sentence=0)
    assert fact_bonus("workforce_scheduling", [new_system]) == 0.0  # bonus: false, a new system is common
    assert fact_bonus("workforce_scheduling", []) == -MISSING_FACTS  # ... but no rostering without one


def test_a_device_refresh_without_devices_bought_does_not_beat_a_policy_change() -> None:
    texts = ["Het nieuwe wachtwoordbeleid geldt vanaf 1 april voor alle medewerkers."] * 2
    result = scored({"device_refresh": 0.88, "policy_change": 0.875}, texts, [])
    assert result["policy_change"][0]
    assert not result["device_refresh"][0]
    with_buy = scored({"device_refresh": 0.88, "policy_change": 0.875}, texts, [BUY])
    assert with_buy["device_refresh"][0]


def test_a_second_archetype_needs_meaning_of_its_own_not_only_cue_words() -> None:
    texts = ["We move to a cloud platform with a subscription and new software from a trial."] * 4
    system = Fact(type="system_new", value="Azure", sentence=0)
    weak = scored({"infrastructure_cloud": 0.9, "tool_adoption": 0.83}, texts, [system])
    assert weak["tool_adoption"][1] >= 0.87  # high enough by cue words and facts alone ...
    assert weak["infrastructure_cloud"][0] and not weak["tool_adoption"][0]  # ... but not by meaning
    strong = scored({"infrastructure_cloud": 0.9, "tool_adoption": 0.86}, texts, [system])
    assert strong["tool_adoption"][0]


def test_signing_in_again_is_not_signing_up_for_a_tool() -> None:
    from agents.facts import extract_facts
    from agents.nodes.read import parse_proposal

    text = (
        "Na 8 uur moet opnieuw worden aangemeld bij Microsoft 365.\n\n"
        "16 maart: persoonlijke accounts aangemaakt voor medewerkers.\n\n"
        "Het team heeft zich aangemeld voor de gratis versie van Trello."
    )
    facts = extract_facts(parse_proposal(text))
    sign_ups = [f.sentence for f in facts if f.type == "action" and f.role == "sign_up"]
    assert sign_ups == [2]


MEMO = (
    "CONCEPT v0.3 - ter bespreking in het MT van 12 maart\n\n"
    "Beste allen,\n\n"
    "We vragen het MT akkoord om vanaf mei alle scanners in Venlo met een badge te laten inloggen.\n\n"
    "Vragen hoor ik graag.\n\n"
    "Met vriendelijke groet, Sanne\n\n"
    "notes IT ops overleg 7 Oct (Kees, Anna) -- typed by Kees\n\n"
    "Hi all,\n\n"
    "Thanks, Sanne\n"
)


def test_greetings_sign_offs_stamps_and_notes_headers_carry_no_evidence() -> None:
    from agents.facts import field_lines
    from agents.nodes.read import parse_proposal

    proposal = parse_proposal(MEMO)
    wrapping = field_lines(proposal)
    kept = [s.text for i, s in enumerate(proposal.sentences) if i not in wrapping]
    assert kept == ["We vragen het MT akkoord om vanaf mei alle scanners in Venlo met een badge te laten inloggen."]


def test_content_that_starts_like_a_greeting_or_stamp_is_kept() -> None:
    from agents.facts import is_field_line

    for text in [
        "Hi all, we want to switch off FS01 on 1 March because the licence ends.",
        "Thanks to the pilot, we know the scanners work on every shift.",
        "Version 2 of the tool adds single sign-on.",
        "Notes from the pilot show 40% fewer calls to the service desk in week three.",
        "Best practice is to test on a copy of the data first.",
    ]:
        assert not is_field_line(text), text


def test_a_sentence_after_a_bold_label_does_not_start_with_its_closing_markup() -> None:
    from agents.nodes.read import parse_proposal

    text = "# Plan\n\n1. **Fixed lead time.** The agency delivers the names ten working days before the start.\n"
    proposal = parse_proposal(text)
    texts = [s.text for s in proposal.sentences]
    assert "The agency delivers the names ten working days before the start." in texts
    assert all(text[s.start : s.end] == s.text for s in proposal.sentences)
