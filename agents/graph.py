"""The review pipeline, wired. Nodes live in agents/nodes; this module only connects them.

`graph` is compiled at import so LangGraph Server / Studio can load it from langgraph.json.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

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


graph = build_graph().compile()
