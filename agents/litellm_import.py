"""Importing litellm: offline, quiet, and with the cyclic garbage collector paused.

Why a module of its own (stdlib only): both the in-process client (`agents.llm`) and the CLI's litellm
worker process (`agents.llm_worker`) import litellm this way, and the worker must not pay for the
client's own imports. Why pause the collector: the import creates ~2,500 pydantic models and their
schemas, all long-lived, and the collections they trigger cost about a quarter of the import's
CPU time (2.8 s -> 2.1 s measured here); nothing collectable is made in that window.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any


def import_litellm() -> Any:
    """The litellm module, imported on first use without the cost-map download or console noise.

    A call while another thread imports it waits for that import (the import lock), as `import` does.
    """
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    collecting = "litellm" not in sys.modules and gc.isenabled()
    if collecting:
        gc.disable()
    try:
        import litellm
    finally:
        if collecting:
            gc.enable()
    litellm.suppress_debug_info = True
    return litellm
