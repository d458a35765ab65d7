"""Write files so that readers never see half of one: a temporary file beside it, then a rename.

One helper for every writer (batch outputs, eval results, charts, decision records, uploads,
the embedding cache), so a crash or a kill leaves either the old file or the new one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

TMP_PREFIX = ".gapreview-tmp-"


@contextmanager
def atomic_writer(path: Path, durable: bool = True) -> Iterator[IO[bytes]]:
    """Yield a binary file that replaces `path` only when the block completes.

    `durable` also fsyncs before the rename: right for results, wasted on a cache that can be
    recomputed (an fsync per cached vector would dominate ingest).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_writer(path) as fh:
        fh.write(text.encode("utf-8"))
