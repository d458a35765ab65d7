"""The review pipeline, wired. Nodes live in agents/nodes; this module only connects them.

`graph` is compiled at import so LangGraph Server / Studio can load it from langgraph.json. A run
given no context (Studio, `graph.invoke({"raw_text": ...})`) gets one default `ReviewContext` for the
whole run, so all nodes share its resources and its model budget.
"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agents.nodes.analyse import analyse
from agents.nodes.commitment import commitment
from agents.nodes.cross_examine import cross_examine
from agents.nodes.done import done_definitions
from agents.nodes.perspectives import business_view, it_view
from agents.nodes.read import read
from agents.nodes.retrieve import retrieve
from agents.nodes.synthesize import synthesize
from agents.state import ReviewContext, ReviewState


def build_graph() -> StateGraph[ReviewState, ReviewContext, ReviewState, ReviewState]:
    builder = StateGraph(ReviewState, context_schema=ReviewContext)
    builder.add_node("read", read)
    builder.add_node("commitment", commitment)
    builder.add_node("retrieve", retrieve)
    builder.add_node("analyse", analyse)
    builder.add_node("it_view", it_view)
    builder.add_node("business_view", business_view)
    builder.add_node("done_definitions", done_definitions)
    builder.add_node("cross_examine", cross_examine)
    builder.add_node("synthesize", synthesize)
    builder.add_edge(START, "read")
    builder.add_edge("read", "commitment")
    builder.add_edge("commitment", "retrieve")
    builder.add_edge("retrieve", "analyse")
    builder.add_edge("analyse", "it_view")
    builder.add_edge("analyse", "business_view")
    builder.add_edge(["it_view", "business_view"], "done_definitions")
    builder.add_edge("done_definitions", "cross_examine")
    builder.add_edge("cross_examine", "synthesize")
    builder.add_edge("synthesize", END)
    return builder


class ReviewGraph(CompiledStateGraph[ReviewState, ReviewContext, ReviewState, ReviewState]):
    """The compiled pipeline; a run without a context runs with `ReviewContext()` (defaults + env)."""

    def stream(self, input: Any, config: Any = None, *, context: Any = None, **kwargs: Any) -> Any:
        return super().stream(input, config, context=ReviewContext() if context is None else context, **kwargs)

    def astream(self, input: Any, config: Any = None, *, context: Any = None, **kwargs: Any) -> Any:
        return super().astream(input, config, context=ReviewContext() if context is None else context, **kwargs)


def compile_graph() -> ReviewGraph:
    compiled = build_graph().compile()
    return ReviewGraph(**{k: v for k, v in vars(compiled).items() if k != "__orig_class__"})


graph = compile_graph()
