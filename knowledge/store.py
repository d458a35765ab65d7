"""The decision knowledge base on chromadb: embedded on disk, or a shared Chroma server.

Why chromadb with our own embeddings: the same code serves one laptop (`PersistentClient`) and a
team (`HttpClient`, GAPREVIEW_CHROMA_URL), and collections are created with
`embedding_function=None` so chromadb never downloads a model; vectors always come from our
`Embedder`. Each chunk carries its record's content hash and chunk count, which makes re-adding
idempotent and lets an interrupted ingest be detected and completed on the next run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from core.errors import KnowledgeBaseError
from core.settings import Settings
from knowledge.base import RecordView, SearchHit
from knowledge.centring import centred_scores, mean_vector
from knowledge.embeddings import Embedder, make_embedder
from knowledge.lexical_cache import load_or_build
from knowledge.record_view import assemble_record
from knowledge.records import DecisionRecord
from knowledge.search import (
    DEFAULT_WEIGHTS,
    Candidates,
    ChunkRow,
    FusionWeights,
    LexicalIndex,
    dense_similarity,
    fuse_records,
    to_hit,
)

SearchMode = Literal["hybrid", "dense", "lexical"]
CANDIDATES = 100
_PAGE = 5000


@dataclass
class StoredRecord:
    """What the store knows about one source file, from its chunks' metadata."""

    decision_id: str
    source: str
    hashes: set[str] = field(default_factory=set)
    n_chunks: int = 0
    found: int = 0

    def is_complete(self, content_hash: str) -> bool:
        return self.hashes == {content_hash} and self.found == self.n_chunks


@dataclass
class StoreStats:
    records: int
    chunks: int
    sources: int
    embedding_model: str
    location: str
    size_on_disk: int | None
    statuses: dict[str, int]


class DecisionStore:
    """Upsert, remove and hybrid-search decision records; satisfies `KnowledgeSource`."""

    def __init__(
        self, client: Any, collection_name: str, embedder: Embedder, location: str, disk_path: Path | None = None
    ) -> None:
        self.client = client
        self.embedder = embedder
        self.location = location
        self.disk_path = disk_path
        self.collection_name = collection_name
        self.collection = _open_collection(client, collection_name, embedder.name, location)
        self._lexical: tuple[str, LexicalIndex] | None = None

    # ---- reading -------------------------------------------------------------------------
    def rows(self) -> list[ChunkRow]:
        """Every stored chunk (paged, so 50,000 chunks do not hit request-size limits)."""
        out: list[ChunkRow] = []
        offset = 0
        while True:
            page = self.collection.get(include=["documents", "metadatas"], limit=_PAGE, offset=offset)
            ids = page["ids"]
            docs = page["documents"] or []
            metas = page["metadatas"] or []
            out.extend(ChunkRow(cid, doc or "", meta or {}) for cid, doc, meta in zip(ids, docs, metas, strict=True))
            if len(ids) < _PAGE:
                return out
            offset += _PAGE

    def records(self) -> dict[str, StoredRecord]:
        """Stored records by source path."""
        found: dict[str, StoredRecord] = {}
        for row in self.rows():
            meta = row.meta
            rec = found.setdefault(str(meta["source"]), StoredRecord(str(meta["decision_id"]), str(meta["source"])))
            rec.hashes.add(str(meta["content_hash"]))
            rec.n_chunks = int(meta["n_chunks"])
            rec.found += 1
        return found

    def stats(self) -> StoreStats:
        rows = self.rows()
        ids = {str(r.meta.get("decision_id")) for r in rows}
        statuses: dict[str, int] = {}
        for rec in {str(r.meta.get("source")): r.meta for r in rows}.values():
            word = str(rec.get("status") or "unknown").split(" ")[0]
            statuses[word] = statuses.get(word, 0) + 1
        return StoreStats(
            records=len(ids),
            chunks=len(rows),
            sources=len({r.meta.get("source") for r in rows}),
            embedding_model=self.embedder.name,
            location=self.location,
            size_on_disk=_du(self.disk_path) if self.disk_path else None,
            statuses=statuses,
        )

    def record(self, ref: str, near: str | None = None) -> RecordView | None:
        """A record by decision id, bare number ("0009" finds "ADR-0009", in `near`'s folder first) or
        source path."""
        return assemble_record(self.lexical_index().rows, ref, near)

    # ---- writing -------------------------------------------------------------------------
    def write(
        self, records: Sequence[DecisionRecord], embeddings: np.ndarray, replacing: Iterable[str] | None = None
    ) -> int:
        """Store whole records (chunks in order, one row of `embeddings` each), then drop stale chunks.

        `replacing`: the sources that may have older chunks (None = all); new sources skip the delete,
        which is a metadata scan per call and dominated large ingests.
        """
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict[str, str | int]] = []
        for record in records:
            chunks = record.chunks()
            for chunk in chunks:
                ids.append(chunk_id(record, chunk.index))
                docs.append(chunk.text)
                metas.append(_chunk_meta(record, chunk.section, chunk.heading, chunk.index, len(chunks)))
                metas[-1]["kind"] = chunk.kind
        if len(ids) != len(embeddings):
            raise KnowledgeBaseError(f"internal: {len(ids)} chunks but {len(embeddings)} embeddings")
        limit = max(1, int(self.client.get_max_batch_size()))
        for start in range(0, len(ids), limit):
            end = start + limit
            self.collection.upsert(
                ids=ids[start:end],
                embeddings=embeddings[start:end],
                documents=docs[start:end],
                metadatas=metas[start:end],
            )
        stale = set(replacing) if replacing is not None else {r.source for r in records}
        for record in (r for r in records if r.source in stale):
            self.collection.delete(
                where={"$and": [{"source": record.source}, {"content_hash": {"$ne": record.content_hash}}]}
            )
        self.bump_generation()
        return len(ids)

    def remove(self, decision_id: str | None = None, source: str | Path | None = None) -> int:
        """Delete a record by id or by source path; returns the number of chunks removed."""
        if (decision_id is None) == (source is None):
            raise KnowledgeBaseError("remove needs exactly one of a decision id or a source path")
        where: dict[str, Any] = (
            {"decision_id": decision_id}
            if decision_id is not None
            else {"source": str(Path(str(source)).expanduser().resolve())}
        )
        found = self.collection.get(where=where, include=[])["ids"]
        if found:
            self.collection.delete(ids=found)
            self.bump_generation()
        return len(found)

    # ---- searching -----------------------------------------------------------------------
    def search(
        self, query: str, k: int = 5, mode: SearchMode = "hybrid", weights: FusionWeights | None = None
    ) -> list[SearchHit]:
        """The k best records for `query`, one quote each; inactive decisions flagged and down-ranked."""
        if not query.strip():
            raise KnowledgeBaseError("the search query is empty")
        query_vec = self.embedder.embed_queries([query])[0] if mode != "lexical" else None
        return self.search_vector(query, query_vec, k, mode, weights)

    def search_vector(
        self,
        query: str,
        query_vec: np.ndarray | None,
        k: int = 5,
        mode: SearchMode = "hybrid",
        weights: FusionWeights | None = None,
    ) -> list[SearchHit]:
        """Search with a precomputed query embedding (so benchmarks can time the store alone)."""
        if k <= 0:
            return []
        weights = (weights or DEFAULT_WEIGHTS).only(dense=mode != "lexical", lexical=mode != "dense")
        ranked = fuse_records(self.candidates(query, query_vec, mode), weights, k)
        return [to_hit(r.quote_row, r.score, r.similarity) for r in ranked]

    def candidates(self, query: str, query_vec: np.ndarray | None, mode: SearchMode = "hybrid") -> Candidates:
        """The raw dense and lexical lists for one query (the eval tunes fusion on these)."""
        index = self.lexical_index()
        count = len(index.rows)
        if count == 0:
            return Candidates([], [])
        dense: list[tuple[ChunkRow, float]] = []
        if mode != "lexical" and query_vec is not None:
            dense = self._dense(query_vec, min(CANDIDATES, count), index.by_id, index.centre)
        lexical = index.top(query, CANDIDATES) if mode != "dense" else []
        return Candidates(dense, lexical)

    def _dense(
        self, query_vec: np.ndarray, n: int, by_id: dict[str, ChunkRow], centre: np.ndarray | None = None
    ) -> list[tuple[ChunkRow, float]]:
        """Nearest chunks by raw cosine, re-ordered by mean-centred cosine when `centre` is known
        (knowledge.centring); each keeps its raw cosine. Text and metadata come from the snapshot."""
        include = ["distances", "embeddings"] if centre is not None else ["distances"]
        res = self.collection.query(query_embeddings=[query_vec], n_results=n, include=include)
        ids = res["ids"][0]
        distances = (res["distances"] or [[]])[0]
        embeddings = res.get("embeddings")
        if centre is not None and embeddings is not None and len(embeddings[0]) == len(ids):
            order = np.argsort(-centred_scores(query_vec, embeddings[0], centre), kind="stable")
            ids, distances = [ids[i] for i in order], [distances[i] for i in order]
        missing = [cid for cid in ids if cid not in by_id]
        if missing:  # written by another process since the snapshot was taken
            page = self.collection.get(ids=missing, include=["documents", "metadatas"])
            by_id = by_id | {
                cid: ChunkRow(cid, doc or "", meta or {})
                for cid, doc, meta in zip(page["ids"], page["documents"] or [], page["metadatas"] or [], strict=True)
            }
        return [(by_id[cid], dense_similarity(d)) for cid, d in zip(ids, distances, strict=False) if cid in by_id]

    def lexical_index(self) -> LexicalIndex:
        """BM25 index and chunk snapshot: in memory while the store is unchanged, else the copy saved
        beside the store for the current fingerprint, else rebuilt (and saved) once."""
        fingerprint = self.fingerprint()
        if self._lexical is None or self._lexical[0] != fingerprint:
            index = load_or_build(self.lexical_dir, fingerprint, self.rows, lambda: mean_vector(self.collection))
            self._lexical = (fingerprint, index)
        return self._lexical[1]

    @property
    def lexical_dir(self) -> Path | None:
        """Beside the chroma folder (never inside it); None for a Chroma server (kept in memory)."""
        if self.disk_path is None:
            return None
        return self.disk_path.with_name(f"{self.disk_path.name}-lexical") / self.collection_name

    def fingerprint(self) -> str:
        """Changes whenever any process adds or removes chunks (write generation, count, collection id)."""
        fresh = self.client.get_collection(self.collection_name, embedding_function=None)
        generation = int((fresh.metadata or {}).get("generation", 0))
        return f"{fresh.id}:{generation}:{fresh.count()}"

    def bump_generation(self) -> None:
        """Tell every process sharing this store that its lexical index is stale."""
        meta = dict(self.client.get_collection(self.collection_name, embedding_function=None).metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        self.collection.modify(metadata=meta)


def chunk_id(record: DecisionRecord, index: int) -> str:
    src = hashlib.sha1(record.source.encode()).hexdigest()[:10]
    return f"{src}:{record.content_hash[:12]}:{index}"


def _chunk_meta(record: DecisionRecord, section: str, heading: str, index: int, n_chunks: int) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "decision_id": record.decision_id,
        "title": record.title,
        "status": record.status_label,
        "source": record.source,
        "section": section,
        "heading": heading,
        "chunk_index": index,
        "n_chunks": n_chunks,
        "content_hash": record.content_hash,
    }
    if record.date:
        meta["date"] = record.date
    if record.deciders:
        meta["deciders"] = "; ".join(record.deciders)
    return meta


def _open_collection(client: Any, name: str, model: str, location: str) -> Any:
    try:
        try:
            collection = client.get_collection(name, embedding_function=None)
        except chromadb.errors.NotFoundError:
            collection = client.get_or_create_collection(
                name,
                embedding_function=None,
                # ef_search above the candidate count: the nearest chunks come back complete and the
                # same in every store (the default ef returned different neighbours per build)
                configuration={"hnsw": {"space": "cosine", "ef_search": 2 * CANDIDATES, "ef_construction": 200}},
                metadata={"embedding_model": model, "generation": 0},
            )
    except (ValueError, chromadb.errors.ChromaError) as exc:
        raise KnowledgeBaseError(f"cannot open knowledge base collection {name!r} at {location}: {exc}") from exc
    stored = (collection.metadata or {}).get("embedding_model")
    if stored and stored != model:
        raise KnowledgeBaseError(
            f"the knowledge base at {location} (collection {name!r}) was built with embedding model "
            f"{stored!r}, but the current model is {model!r}; set GAPREVIEW_EMBEDDING_MODEL back, or "
            "use another GAPREVIEW_COLLECTION and add the records again"
        )
    return collection


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def open_knowledge(settings: Settings, embedder: Embedder | None = None) -> DecisionStore:
    """The configured knowledge base: a Chroma server if GAPREVIEW_CHROMA_URL is set, else on disk."""
    embedder = embedder or make_embedder(
        settings.embedding_model, settings.embedding_api_base, settings.cache_dir / "embeddings"
    )
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise KnowledgeBaseError(
                f"GAPREVIEW_CHROMA_URL must look like http://host:8000, got {settings.chroma_url!r}"
            )
        try:
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise KnowledgeBaseError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from exc
        return DecisionStore(client, settings.collection, embedder, settings.chroma_url)
    path = settings.chroma_path
    try:
        path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except (OSError, ValueError, chromadb.errors.ChromaError) as exc:
        raise KnowledgeBaseError(f"cannot open the knowledge base at {path}: {exc}") from exc
    return DecisionStore(client, settings.collection, embedder, str(path), disk_path=path)
