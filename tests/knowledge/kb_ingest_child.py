"""Child process for the interrupted-ingest test: ingests slowly and reports progress on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakes import HashEmbedder  # noqa: E402

from core.settings import Settings  # noqa: E402
from knowledge.ingest import ingest_paths  # noqa: E402
from knowledge.store import open_knowledge  # noqa: E402


def main() -> None:
    home, collection, folder, chroma_url = sys.argv[1:5]
    settings = Settings(home=Path(home), collection=collection, chroma_url=chroma_url or None)
    store = open_knowledge(settings, HashEmbedder(delay=0.3))
    ingest_paths(store, [Path(folder)], progress=lambda done, total: print(f"done {done}", flush=True), batch_chunks=1)
    print("finished", flush=True)


if __name__ == "__main__":
    main()
