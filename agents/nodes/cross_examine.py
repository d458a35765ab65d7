"""cross_examine: each side answers the other side's top questions before anything is committed.

The seed's core point: the damage is done because IT and the business meet too late. Here they
meet inside the review: a question one side raises is put to the other, and what stays open or
contested becomes the divergence list. (Skeleton: filled in by the builtin and model paths.)
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from agents.state import ReviewContext, ReviewState


def cross_examine(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    return {"exchanges": [], "timings": {"cross_examine": time.perf_counter() - started}}
