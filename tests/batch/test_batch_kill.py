"""Kill a real batch process midway (SIGKILL, no cleanup) and check a re-run finishes the rest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from batch_fakes import FakeReviewer, draft_text

from agents.schemas import ReviewReport
from app.batch import MANIFEST_NAME, run_batch
from core.atomic_files import TMP_PREFIX
from core.settings import Settings

SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from batch_fakes import FakeReviewer
    from core.settings import Settings
    from app.batch import run_batch
    run_batch(Path({root!r}), Path({out!r}), Settings(home=Path({home!r})), FakeReviewer(delay_s=0.4), jobs=1)
    """
)


def test_killed_batch_leaves_complete_outputs_and_rerun_finishes(tmp_path: Path) -> None:
    root, out, home = tmp_path / "drafts", tmp_path / "reviews", tmp_path / "home"
    root.mkdir()
    for i in range(8):
        (root / f"d{i}.md").write_text(draft_text(f"Draft {i}"), encoding="utf-8")
    script = SCRIPT.format(tests=str(Path(__file__).parent), root=str(root), out=str(out), home=str(home))
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
    manifest = out / MANIFEST_NAME
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if manifest.exists() and len(json.loads(manifest.read_text(encoding="utf-8"))["entries"]) >= 2:
                break
            assert proc.poll() is None, "the batch ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    recorded = json.loads(manifest.read_text(encoding="utf-8"))["entries"]
    assert 2 <= len(recorded) < 8
    for path in out.glob("*.json"):
        if path.name != MANIFEST_NAME:
            ReviewReport.model_validate_json(path.read_text(encoding="utf-8"))  # never half-written

    rerun = FakeReviewer()
    result = run_batch(root, out, Settings(home=home), rerun, jobs=2)

    assert len(rerun.reviewed) == 8 - len(recorded)
    assert {o.status for o in result.outcomes} <= {"reviewed", "skipped"}
    assert sorted(p.name for p in out.glob("*.json")) == sorted([MANIFEST_NAME, *(f"d{i}.json" for i in range(8))])
    assert not list(out.rglob(f"{TMP_PREFIX}*"))
    assert len(json.loads(manifest.read_text(encoding="utf-8"))["entries"]) == 8
