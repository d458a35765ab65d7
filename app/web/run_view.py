"""Run the review pipeline with visible progress per node and partial results as they arrive.

Why: a builtin review takes seconds and an LLM review can take a minute; showing each step and
what it found keeps people from reloading mid-run, and a committed stage is visible right away.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from agents import review as pipeline
from agents.context import run_settings as run_settings_of
from agents.schemas import Commitment, Finding, Precedent, ReviewReport
from app.reviews import ReviewStore
from app.web import kb_access
from app.web.safe_text import escape_markdown
from core.settings import Settings

NODE_LABELS = {
    "read": "Read the proposal",
    "commitment": "Classified the commitment stage",
    "retrieve": "Looked up similar past decisions",
    "analyse": "Judged what the proposal already answers",
    "it_view": "IT perspective",
    "business_view": "Business perspective",
    "done_definitions": "Compared the definitions of done",
    "cross_examine": "Put each side's questions to the other",
    "synthesize": "Deduplicated and ranked the findings",
}
PIPELINE_STEPS = len(NODE_LABELS)  # one label per graph node (a test keeps them in step)


def run_with_progress(text: str, settings: Settings, knowledge: Any = None) -> ReviewReport:
    """Review `text`, narrating each finished node inside an st.status box.

    GapreviewError propagates (the caller shows its message); the status box is marked failed.
    """
    with st.status("Reviewing the proposal…", expanded=True) as status:
        try:
            context = pipeline.build_context(
                settings, knowledge=knowledge, embedder=pipeline.default_embedder(settings)
            )
            done: list[str] = []
            report = pipeline.run_review(
                text, settings, context=context, on_step=lambda node, upd: _on_step(status, node, upd, done)
            )
        except BaseException:
            status.update(label="The review stopped", state="error", expanded=True)
            raise
        count = len(report.findings)
        status.update(label=f"Review complete: {count} finding{'s' if count != 1 else ''}", state="complete")
    return report


def review_and_save(
    store: ReviewStore, text: str, run_settings: Settings, *, title: str = "", parent_id: str | None = None
) -> tuple[str, ReviewReport]:
    """Review on the page with these run settings, and store the review with them (a revision re-uses them)."""
    report = run_with_progress(text, run_settings, knowledge=kb_access.knowledge_for_run(run_settings))
    review_id = store.save_review(
        text,
        report,
        title=title,
        settings_summary=run_settings.public_summary(),
        parent_id=parent_id,
        run_settings=run_settings_of(run_settings),
    )
    return review_id, report


def _on_step(status: Any, node: str, update: dict[str, Any], done: list[str]) -> None:
    label = NODE_LABELS.get(node, node.replace("_", " ").capitalize())
    done.append(node)
    status.update(
        expanded=True,
        label=f"Reviewing the proposal… step {min(len(done), PIPELINE_STEPS)} of {PIPELINE_STEPS} done",
    )
    lines = _describe(node, update)
    body = f":green[:material/check_circle:] **{label}**" + (f" · {lines[0]}" if lines else "")
    st.markdown("\n".join([body, *(f"- {extra}" for extra in lines[1:])]))


def _describe(node: str, update: dict[str, Any]) -> list[str]:
    """A short, escaped summary of what one node produced (partial results)."""
    if node == "read" and (proposal := update.get("proposal")) is not None:
        sentences = len(getattr(proposal, "sentences", []) or [])
        return [f"{sentences} sentences, language {escape_markdown(getattr(proposal, 'language', '?'))}"]
    if node == "commitment" and isinstance(commitment := update.get("commitment"), Commitment):
        head = f"stage **{commitment.stage}**"
        return [head] + [f"“{escape_markdown(s)}”" for s in commitment.signals[:3]]
    if node == "retrieve":
        hits = [p for p in update.get("precedents") or [] if isinstance(p, Precedent)]
        return [f"{len(hits)} similar decision{'s' if len(hits) != 1 else ''}"] + [
            f"{escape_markdown(p.decision_id)} {escape_markdown(p.title)}" for p in hits[:3]
        ]
    if node in ("it_view", "business_view", "done_definitions"):
        found = [f for f in update.get("findings") or [] if isinstance(f, Finding)]
        return [f"{len(found)} finding{'s' if len(found) != 1 else ''}"] + [
            f"{f.severity}: {escape_markdown(f.title)}" for f in found[:4]
        ]
    if node == "synthesize" and isinstance(report := update.get("report"), ReviewReport):
        return [f"{len(report.findings)} findings kept"]
    return []
