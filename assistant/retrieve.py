"""Hybrid retrieval: dense vectors from Chroma plus BM25 over the same chunks, fused by reciprocal rank.

BM25 is derived from Chroma's stored texts (Chroma is the one source of truth; embedded Chroma and `chroma run` have no
sparse index). It is built once per process with bm25s and rebuilt only when the index's commit token changes, never
per query: scoring a query is one sparse dot product.
"""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np

from assistant.words import stem, tokens
from ingest.embed import Embedder
from ingest.index import Index
from ingest.types import Chunk

RRF_K = 60


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the two scores behind it."""

    chunk: Chunk
    score: float
    dense: float = 0.0  # cosine similarity, 0 when dense retrieval did not return it
    bm25: float = 0.0


class BM25:
    """bm25s over every visible chunk of an index, rebuilt when the index's token changes."""

    def __init__(self, index: Index):
        self.index = index
        self.token: str | None = None
        self.chunks: list[Chunk] = []
        self.by_id: dict[str, Chunk] = {}  # the same chunks by id: dense retrieval then fetches ids alone
        self.df: Counter = Counter()  # chunks each token occurs in
        self.model = None
        self._docs: dict[str, int] = {}  # doc id -> its number, for masking by document without a Python loop
        self._owner = np.zeros(0, dtype=np.int64)  # per chunk, its document's number
        self._lock = threading.Lock()

    def ensure(self) -> None:
        """Rebuilds when the index's token changed since the last build (in this process or another)."""
        self.index.refresh()
        with self._lock:
            if self.token == self.index._token:
                return
            import bm25s

            chunks = self.index.all_chunks()
            corpus = [tokens(c.text) for c in chunks]
            # Document frequencies come from the same pass (the answerer's coverage scores use them): tokenising
            # 100k chunks a second time cost 3 s on the first question after every change.
            df = Counter(t for doc in corpus for t in set(doc))
            model = None
            if chunks:
                model = bm25s.BM25()
                model.index(_to_ids([_stems(doc) or ["_"] for doc in corpus]), show_progress=False)
            docs: dict[str, int] = {}
            owner = np.fromiter((docs.setdefault(c.doc_id, len(docs)) for c in chunks), dtype=np.int64,
                                count=len(chunks))
            self.chunks, self.model, self.token, self.df = chunks, model, self.index._token, df
            self.by_id = {c.chunk_id: c for c in chunks}
            self._docs, self._owner = docs, owner

    def frequencies(self) -> tuple[str | None, Counter, int]:
        """(index token, chunks each word occurs in, number of chunks) of the current build, read together."""
        self.ensure()
        with self._lock:
            return self.token, self.df, len(self.chunks)

    def search(self, query: str, n: int, allowed: set[str] | None = None, fresh: bool = False
               ) -> list[tuple[Chunk, float]]:
        """Best chunks for the query's words, optionally only from the allowed documents. `fresh=True` says the
        caller has just called `ensure` (one token read per query is enough)."""
        if not fresh:
            self.ensure()
        with self._lock:
            model, chunks, docs, owner = self.model, self.chunks, self._docs, self._owner
        if model is None:
            return []
        vocab = model.vocab_dict
        q = [vocab[t] for t in _stems(tokens(query)) if t in vocab]
        if not q:
            return []
        scores = model.get_scores(q)
        if allowed is not None:
            scores = np.where(np.isin(owner, [docs[d] for d in allowed if d in docs]), scores, 0.0)
        # The n best without sorting every chunk's score (argsort of 100k scores cost more than scoring them).
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(chunks[i], float(scores[i])) for i in top if scores[i] > 0]


def _stems(words: list[str]) -> list[str]:
    """Words matched by their stems ("expects" finds "expect", "shipments" "shipment"): a question rarely says a
    word in the form the passage prints it."""
    return [stem(w, whole=True) for w in words]


def _to_ids(corpus: list[list[str]]):
    """bm25s's (ids, vocab) form, so our own tokenizer decides what a word is."""
    import bm25s

    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in corpus]
    return bm25s.tokenization.Tokenized(ids=ids, vocab=vocab)


class Retriever:
    """Dense + BM25 over one index, fused with reciprocal rank fusion."""

    def __init__(self, index: Index, embedder: Embedder, dense_weight: float = 1.0, bm25_weight: float = 1.0):
        self.index = index
        self.embedder = embedder
        self.bm25 = BM25(index)
        self.dense_weight = dense_weight
        self.bm25_weight = bm25_weight

    def search(self, query: str, k: int, doc_ids: list[str] | None = None,
               query_vector: np.ndarray | None = None) -> list[Hit]:
        """The k best chunks for query (within doc_ids when given), best first."""
        if k <= 0:
            return []
        self.bm25.ensure()
        n = max(k * 3, 20)
        vec = query_vector if query_vector is not None else self.embedder.encode_question(query)
        dense = self.index.dense(vec, n, doc_ids, known=self.bm25.by_id)
        sparse = self.bm25.search(query, n, set(doc_ids) if doc_ids is not None else None, fresh=True)
        hits: dict[str, Hit] = {}
        for rank, (chunk, sim) in enumerate(dense):
            h = hits.setdefault(chunk.chunk_id, Hit(chunk, 0.0))
            h.dense = sim
            h.score += self.dense_weight / (RRF_K + rank + 1)
        for rank, (chunk, s) in enumerate(sparse):
            h = hits.setdefault(chunk.chunk_id, Hit(chunk, 0.0))
            h.bm25 = s
            h.score += self.bm25_weight / (RRF_K + rank + 1)
        # Each retriever's own best few always make the cut: a rare exact term (a name, "CFO") that only BM25 finds,
        # or a paraphrase only the vectors find, would otherwise lose to chunks that are middling in both lists.
        fused = sorted(hits.values(), key=lambda h: -h.score)
        must = [dense[i][0].chunk_id for i in range(min(3, len(dense)))] + [
            sparse[i][0].chunk_id for i in range(min(3, len(sparse)))]
        chosen = list(dict.fromkeys(must))[:k]
        chosen += [h.chunk.chunk_id for h in fused if h.chunk.chunk_id not in chosen][: k - len(chosen)]
        return sorted((hits[c] for c in chosen), key=lambda h: -h.score)
