"""Hand-made reports, a scripted pipeline and a fast deterministic embedder for the web tests."""

from __future__ import annotations

from typing import Any

from fakes import HashEmbedder

from agents.schemas import (
    Commitment,
    CoverageItem,
    DecisionEvidence,
    DoneDefinitions,
    Exchange,
    Finding,
    Precedent,
    ProposalEvidence,
    ReviewMeta,
    ReviewReport,
)

PROPOSAL = """# Two-factor authentication for warehouse staff

We will enforce two-factor authentication for all 400 warehouse employees from 1 March.
The budget of EUR 20,000 is approved and we have already told the team leads.
Staff will use the Microsoft Authenticator app on their own phones.
Success: 2FA enforced on 100% of accounts by the end of March.
"""

REVISED = PROPOSAL.replace(
    "Staff will use the Microsoft Authenticator app on their own phones.",
    "Staff without a phone get a hardware key from the service desk; "
    "the others use the Microsoft Authenticator app on their own phones.",
)


def _finding(fid: str, kind: str, perspective: str, title: str, quote: str, **extra: Any) -> Finding:
    return Finding(
        id=fid,
        kind=kind,  # type: ignore[arg-type]
        perspective=perspective,  # type: ignore[arg-type]
        title=title,
        detail=extra.pop("detail", f"Detail for {title}."),
        severity=extra.pop("severity", "medium"),
        evidence=[ProposalEvidence(quote=quote), *extra.pop("decisions", [])],
        concern=extra.pop("concern", None),
    )


def make_report(findings: list[Finding] | None = None, stage: str = "committed") -> ReviewReport:
    default = [
        _finding(
            "it-devices",
            "unasked_question",
            "both",
            "What do staff without a smartphone use?",
            "Staff will use the Microsoft Authenticator app on their own phones.",
            severity="high",
            concern="people_without_devices",
        ),
        _finding(
            "it-identity",
            "hidden_dependency",
            "it",
            "Conditional Access licences for 400 accounts",
            "enforce two-factor authentication for all 400 warehouse employees",
            concern="identity_access",
            decisions=[
                DecisionEvidence(
                    decision_id="0001",
                    title="Use Entra ID for SSO",
                    quote="Conditional Access became available",
                    status="accepted",
                )
            ],
        ),
        _finding(
            "biz-peak",
            "unasked_question",
            "business",
            "Does 1 March collide with the spring peak?",
            "from 1 March",
            severity="low",
            concern="timing",
        ),
        _finding(
            "done-1",
            "done_divergence",
            "both",
            "Enforced on every account vs. people can still start their shift",
            "Success: 2FA enforced on 100% of accounts by the end of March.",
        ),
    ]
    return ReviewReport(
        findings=default if findings is None else findings,
        commitment=Commitment(
            stage=stage,  # type: ignore[arg-type]
            signals=["The budget of EUR 20,000 is approved", "we have already told the team leads"]
            if stage == "committed"
            else [],
        ),
        done_definitions=DoneDefinitions(
            proposal=["Success: 2FA enforced on 100% of accounts by the end of March."],
            it=["2FA enforced on 100% of accounts"],
            business=["People can log in and start their shift without extra tickets"],
        ),
        precedents=[
            Precedent(
                decision_id="0001",
                title="Use Entra ID for SSO",
                source="/nowhere/0001.md",
                score=0.8,
                relation="superseded",
                current_id="0007",
            )
        ],
        appendix=[
            _finding("biz-training", "unasked_question", "business", "Who trains the night shift?", "from 1 March")
        ],
        coverage=[
            CoverageItem(concern="timing", title="Go-live date", perspective="business", status="open"),
            CoverageItem(
                concern="budget",
                title="Budget approved",
                perspective="business",
                status="covered",
                quote="The budget of EUR 20,000 is approved",
            ),
            CoverageItem(concern="eu_data", title="Data outside the EU", perspective="it", status="not_applicable"),
        ],
        exchanges=[
            Exchange(
                id="x-it-1",
                asked_by="it",
                question="Who hands out keys to staff without a phone?",
                status="open",
                positions={
                    "it": "The service desk needs a stock of keys first.",
                    "business": "Team leads hand them out.",
                },
            ),
            Exchange(
                id="x-business-1",
                asked_by="business",
                question="Is the budget there?",
                status="answered_by_proposal",
                quote="The budget of EUR 20,000 is approved",
                simulated=False,
            ),
        ],
        meta=ReviewMeta(gapreview_version="0.1.0", language="en"),
    )


def revised_report() -> ReviewReport:
    """The revised draft answers the device question; the other findings remain."""
    report = make_report()
    remaining = [f for f in report.findings if f.id != "it-devices"]
    return report.model_copy(update={"findings": remaining})


class ScriptedPipeline:
    """Stands in for `agents.review.run_review`: reports each node, returns a fixed report."""

    NODES = (
        "read",
        "commitment",
        "retrieve",
        "analyse",
        "it_view",
        "business_view",
        "done_definitions",
        "cross_examine",
        "synthesize",
    )

    def __init__(self, report: ReviewReport, revised: ReviewReport | None = None) -> None:
        self.report = report
        self.revised = revised
        self.calls: list[str] = []

    def __call__(self, text: str, settings: Any, *, context: Any = None, on_step: Any = None) -> ReviewReport:
        self.calls.append(text)
        report = self.revised if (self.revised is not None and len(self.calls) > 1) else self.report
        for node in self.NODES:
            update: dict[str, Any] = {}
            if node == "commitment":
                update = {"commitment": report.commitment}
            elif node == "it_view":
                update = {"findings": [f for f in report.findings if f.perspective == "it"]}
            if on_step is not None:
                on_step(node, update)
        return report


def FakeEmbedder() -> HashEmbedder:  # noqa: N802 - reads like the class it stands for
    """Deterministic, normalised bag-of-words vectors: fast and stable for store and pipeline tests."""
    return HashEmbedder(dims=64)


def precedent_finding() -> Finding:
    """A finding that rests on a past decision: it can only be re-checked when that record is retrieved."""
    return Finding(
        id="prec-0001",
        kind="hidden_dependency",
        perspective="it",
        title="ADR 0001 requires Conditional Access for every account",
        detail="The SSO decision assumed Conditional Access.",
        severity="medium",
        evidence=[DecisionEvidence(decision_id="0001", title="Use Entra ID for SSO", quote="Conditional Access")],
        origin="precedent",
    )


class ContextPipeline:
    """Stands in for `agents.review.run_review` and honours its context: without the knowledge base it
    retrieves nothing and raises no precedent finding; it records what each run was given."""

    def __init__(self, first: ReviewReport, revised: ReviewReport) -> None:
        self.reports = [first, revised]
        self.runs: list[dict[str, Any]] = []

    def __call__(self, text: str, settings: Any, *, context: Any = None, on_step: Any = None) -> ReviewReport:
        run_settings = context.settings
        self.runs.append(
            {
                "it_model": run_settings.model_for("it"),
                "no_kb": run_settings.no_kb,
                "precedents_k": run_settings.precedents_k,
                "knowledge": type(context.knowledge).__name__,
            }
        )
        report = self.reports[min(len(self.runs), 2) - 1]
        if run_settings.no_kb:
            report = report.model_copy(
                update={"precedents": [], "findings": [f for f in report.findings if f.origin != "precedent"]}
            )
        used = run_settings.public_summary()
        report = report.model_copy(update={"meta": report.meta.model_copy(update={"settings_used": used})})
        if on_step is not None:
            on_step("synthesize", {"report": report})
        return report
