"""done_definitions with the real offline embedder: what counts as done, and where the sides differ."""

from __future__ import annotations

import pytest
from langgraph.runtime import Runtime

from agents.nodes.done import done_definitions
from agents.nodes.read import parse_proposal
from agents.state import ReviewContext
from core.settings import Settings
from knowledge.base import EmptyKnowledge
from knowledge.embeddings import CachedEmbedder

HEAD = "# Badge login on the RF scanners\n\nPickers in Tilburg log in to Manhattan SCALE with their badge.\n\n"
DELIVERY = HEAD + "## Success criteria\n\nBadge login is enforced on 100% of the scanners by 1 March 2027.\n"
EXPERIENCE = HEAD + "## Success criteria\n\nPickers start picking within one minute and complain less.\n"
BOTH = (
    HEAD + "## Success criteria\n\n- Badge login is enforced on 100% of the scanners by 1 March 2027.\n"
    "- Pickers start picking within one minute, without extra tickets to the service desk.\n"
)
NONE = HEAD + "We want to start soon.\n"


def run(text: str, e5: CachedEmbedder, settings: Settings) -> dict:  # type: ignore[type-arg]
    proposal = parse_proposal(text)
    state = {"proposal": proposal, "sentence_vectors": e5.embed_passages([s.text for s in proposal.sentences])}
    runtime = Runtime(context=ReviewContext(settings=settings, embedder=e5, knowledge=EmptyKnowledge()))
    return done_definitions(state, runtime)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "finding_id", "perspective"),
    [
        (DELIVERY, "done-delivery-only", "business"),
        (EXPERIENCE, "done-experience-only", "it"),
        (BOTH, "done-mixed", "both"),
        (NONE, "done-missing", "both"),
    ],
)
def test_divergence_depends_on_what_the_criteria_measure(
    text: str, finding_id: str, perspective: str, e5: CachedEmbedder, settings: Settings
) -> None:
    result = run(text, e5, settings)
    [finding] = result["findings"]
    assert (finding.id, finding.perspective, finding.kind) == (finding_id, perspective, "done_divergence")
    assert finding.evidence[0].quote in text


def test_proposal_criteria_are_quoted_and_each_side_is_tailored(e5: CachedEmbedder, settings: Settings) -> None:
    done = run(DELIVERY, e5, settings)["done_definitions"]
    assert done.proposal == ["Badge login is enforced on 100% of the scanners by 1 March 2027."]
    assert any("Manhattan SCALE" in line for line in done.it)
    assert any(line.startswith("Pickers") for line in done.business)


def test_dutch_proposal_gets_dutch_definitions(e5: CachedEmbedder, settings: Settings) -> None:
    text = (
        "# Badge-inlog op de scanners\n\nOrderpickers loggen in op Manhattan SCALE met hun pasje.\n\n"
        "## Succescriteria\n\nBadge-inlog is op 1 maart 2027 op 100% van de scanners afgedwongen.\n"
    )
    result = run(text, e5, settings)
    assert "oplevering" in result["findings"][0].title
    assert any("opgeleverd" in line for line in result["done_definitions"].it)
