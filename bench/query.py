"""Query latency as the corpus grows: retrieval alone and a full verified answer, against plain llama-index.

    python bench/query.py                          # ~1k, ~10k and ~100k chunks
    python bench/query.py --sizes 1000,10000 --repeats 2
    python bench/query.py --profile                # also a pyinstrument profile of `ask` at the largest size

The base index is a real ingest (our Ingestor, real embeddings) of the seeds and Debian's HTML documentation of Python and git; it is
built once and cached under data/cache/bench/. Each size is an embedded index made from it: the seeds, then whole
documentation pages in a fixed shuffled order; above the base's size, further copies of the pages (new ids, the
cached vectors) are added to Chroma with our own metadata and commit records. The index, BM25 and the answer path
are then the real ones. Plain llama-index gets the same vectors in its own Chroma collection and is queried through
`VectorStoreIndex.from_vector_store(...).as_retriever(similarity_top_k=k)`, with `HuggingFaceEmbedding` of the same
model embedding each query (in torch; ours embeds a question in ONNX Runtime, same weights, same vectors).
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (CACHE_DIR, DOCS_NAME, command_line, dir_mb, doc_files, fresh_dir,  # noqa: E402
                          isolated, machine, peak_rss_mb, print_table, seed_files)

# Seed questions with the value a correct answer carries: they check that answers stay right as the index grows.
SEED_QUESTIONS = [
    ("What were inventories as of March 31, 2025?", "489,974"),
    ("What were accounts receivable at December 31, 2024?", "765,027"),
    ("How much were short-term borrowings as of March 31, 2025?", "280,266"),
    ("What was interest income in Q1 2025?", "20,521"),
    ("What was the gross profit for the three months ended March 31, 2024?", "139,222"),
    ("Who is Hesai's CFO?", "Andrew Fan"),
    ("How many large AI models has China released?", "1,500"),
    ("How much did SoftBank earn in its fiscal first quarter?", "421.8"),
]
# Questions about the documentation pages (answered or not: the path they take is the measured one).
PYDOC_QUESTIONS = [
    "How do I read a file line by line?",
    "What does os.path.join do?",
    "What is the default recursion limit?",
    "How do I create a virtual environment?",
    "What is the global interpreter lock?",
    "How do I sort a list in reverse order?",
    "What does the json module do?",
    "What is a generator expression?",
    "How do I undo the last commit?",
    "What does git rebase do?",
]
BASE_DONE = "bench-complete"


# ---- building the indexes ----------------------------------------------------------------------------------------
def base_index(limit_files: int | None) -> Path:
    """The real ingest of the seeds and the documentation pages, built once (keyed by the files and settings)."""
    from ingest.settings import IngestSettings, from_env

    files = seed_files() + doc_files(limit_files)
    s = from_env(IngestSettings, chroma_host="")
    key = hashlib.sha1("\n".join([s.embed_model, str(s.chunk_tokens), str(s.chunk_overlap)] +
                                 [str(f) for f in files]).encode()).hexdigest()[:12]
    path = CACHE_DIR / f"base-{key}"
    if not (path / BASE_DONE).exists():
        print(f"building the base index of {len(files)} files at {path} (once) ...", file=sys.stderr, flush=True)
        # bench/ingest.py's own run over all the pages, when there is one, is the same ingest: start from a copy of
        # it, and the Ingestor skips every page it already holds unchanged.
        earlier = CACHE_DIR / "ingest" / f"ours-{DOCS_NAME}"
        isolated(_ingest_base, files, path, earlier if limit_files is None and (earlier / "chroma.sqlite3").exists()
                 else None)
    return path


def _ingest_base(files: list[Path], path: Path, start_from: Path | None) -> None:
    import shutil

    from ingest.index import Index
    from ingest.pipeline import Ingestor
    from ingest.settings import IngestSettings, from_env

    fresh_dir(path)
    if start_from is not None:
        shutil.copytree(start_from, path, dirs_exist_ok=True)
    settings = from_env(IngestSettings, chroma_host="", index_dir=path)
    report = Ingestor(Index(settings), settings).ingest(files)
    print(f"base index: {report.documents} documents ingested, {report.unchanged} unchanged", file=sys.stderr)
    (path / BASE_DONE).write_text("ok")


def _read_base(path: Path):
    """Every committed record and chunk (with vectors) of the base index, grouped by source file."""
    from ingest.index import Index
    from ingest.settings import IngestSettings, from_env

    index = Index(from_env(IngestSettings, chroma_host="", index_dir=path), create=False)
    got = index.docs.get(include=["documents", "metadatas"])
    records = {i: (d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]) if "sha256" in m}
    chunks: dict[str, list] = {}
    offset = 0
    while True:
        part = index.chunks.get(include=["documents", "metadatas", "embeddings"], limit=5000, offset=offset)
        for row in zip(part["ids"], part["documents"], part["metadatas"], part["embeddings"]):
            chunks.setdefault(row[2]["doc_id"], []).append(row)
        if len(part["ids"]) < 5000:
            break
        offset += 5000
    files: dict[str, list[str]] = {}  # source file -> its doc ids (host and blurbs)
    for doc_id, (_, m) in records.items():
        files.setdefault(m["source"], []).append(doc_id)
    return records, chunks, files


def _copy_id(doc_id: str, copy: int) -> str:
    """The id of the copy-th copy of a document; a blurb's copy belongs to its host's copy."""
    if copy == 0:
        return doc_id
    host, sep, rest = doc_id.partition("#")
    return f"{host}~{copy}{sep}{rest}"


def sized_index(base: Path, size: int) -> tuple[Path, Path]:
    """An index of about `size` chunks (ours) and a llama-index collection of the same vectors, built once."""
    ours, llama = CACHE_DIR / f"{base.name}-ours-{size}", CACHE_DIR / f"{base.name}-llama-{size}"
    if not ((ours / BASE_DONE).exists() and (llama / BASE_DONE).exists()):
        print(f"building the {size:,}-chunk indexes (once) ...", file=sys.stderr, flush=True)
        isolated(_build_sized, base, size, ours, llama)
    return ours, llama


def _build_sized(base: Path, size: int, ours: Path, llama: Path) -> None:
    import uuid

    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core.schema import TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from ingest.index import STATE_ID, Index
    from ingest.settings import IngestSettings, from_env

    records, chunks, files = _read_base(base)
    seeds = {str(f) for f in seed_files()}
    pages = sorted((f for f in files if f not in seeds), key=lambda f: hashlib.sha1(f.encode()).hexdigest())
    n_chunks = {f: sum(len(chunks.get(d, [])) for d in ids) for f, ids in files.items()}
    chosen = [(f, 0) for f in files if f in seeds]
    total = sum(n_chunks[f] for f, _ in chosen)
    copy = 0
    while total < size * 0.98:
        for f in pages:  # whole pages, skipping any that would overshoot (a contents page has thousands of blurbs)
            if total + n_chunks[f] <= size * 1.02:
                chosen.append((f, copy))
                total += n_chunks[f]
            if total >= size * 0.98:
                break
        copy += 1
    index = Index(from_env(IngestSettings, chroma_host="", index_dir=fresh_dir(ours)))
    client = chromadb.PersistentClient(path=str(fresh_dir(llama)), settings=ChromaSettings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("llama_index"))
    rows, recs, nodes = [], [], []

    def flush(final: bool = False) -> None:
        if rows and (final or len(rows) >= 4000):
            index.chunks.add(ids=[r[0] for r in rows], documents=[r[1] for r in rows],
                             metadatas=[r[2] for r in rows], embeddings=[r[3] for r in rows])
            store.add(nodes)  # what VectorStoreIndex does with nodes that already have their vectors
            rows.clear()
            nodes.clear()
        if recs and (final or len(recs) >= 1000):
            index.docs.add(ids=[r[0] for r in recs], documents=[r[1] for r in recs], metadatas=[r[2] for r in recs],
                           embeddings=[[1.0]] * len(recs))
            recs.clear()

    for f, c in chosen:
        for doc_id in files[f]:
            text, m = records[doc_id]
            new_id = _copy_id(doc_id, c)
            recs.append((new_id, text, {**m, **({"parent": _copy_id(m["parent"], c)} if m.get("parent") else {})}))
            for cid, ctext, cm, vec in chunks.get(doc_id, []):
                rows.append((f"{cid}~{c}" if c else cid, ctext, {**cm, "doc_id": new_id}, vec))
                nodes.append(TextNode(id_=rows[-1][0], text=ctext, embedding=list(map(float, vec)),
                                      metadata={"doc_id": new_id}))
                flush()
    flush(final=True)
    index.docs.upsert(ids=[STATE_ID], metadatas=[{"token": uuid.uuid4().hex}], documents=[""], embeddings=[[1.0]])
    (ours / BASE_DONE).write_text(str(index.count()))
    (llama / BASE_DONE).write_text("ok")


# ---- measuring -------------------------------------------------------------------------------------------------
def _pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))] * 1000


def measure(ours: Path, llama: Path, repeats: int, profile: Path | None) -> dict:
    """Latencies (ms) at one size, in a fresh process: BM25 build and per-query check, retrieval, verified answer,
    and llama-index's retriever; plus how many seed answers carry the right value."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core import VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant import Assistant
    from assistant.settings import Settings

    settings = Settings.from_env(chroma_host="", answerer="extractive")
    a = Assistant.open(index_dir=ours, settings=settings, answerer="extractive")
    a.embedder.encode(["warm up the model"])
    out: dict = {"chunks": a.index.count(), "documents": len(a.index.records()), "index MB": dir_mb(ours),
                 "question encoder": a.embedder.wait_for_onnx()}  # as after a server's first question
    t0 = time.perf_counter()
    token = a.warm()
    out["bm25 build"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    a.warm()
    out["bm25 check"] = (time.perf_counter() - t0) * 1000
    questions = [q for q, _ in SEED_QUESTIONS] + PYDOC_QUESTIONS
    k = settings.answer.top_k
    a.ask(questions[0])  # first-answer costs (the scorer's document frequencies) are once per index change
    retrieval, answers = [], []
    for _ in range(repeats):
        for q in questions:
            t0 = time.perf_counter()
            a.search(q, k)
            retrieval.append(time.perf_counter() - t0)
    right = 0
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    for r in range(repeats):
        for q in questions:
            t0 = time.perf_counter()
            ans = a.ask(q)
            answers.append(time.perf_counter() - t0)
            expected = dict(SEED_QUESTIONS).get(q)
            if r == 0 and expected and not ans.abstained and expected in " ".join(ans.value):
                right += 1
    if profiler is not None:
        profiler.stop()
        profile.write_text(profiler.output_text(show_all=False))
    assert a.warm() == token, "the index changed between queries, so BM25 was rebuilt"
    out["seed answers right"] = f"{right}/{len(SEED_QUESTIONS)}"
    out["peak RSS MB"] = peak_rss_mb()
    LlamaSettings.llm = None
    embed = HuggingFaceEmbedding(model_name=settings.ingest.embed_model, device="cpu")
    client = chromadb.PersistentClient(path=str(llama), settings=ChromaSettings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.get_collection("llama_index"))
    retriever = VectorStoreIndex.from_vector_store(store, embed_model=embed).as_retriever(similarity_top_k=k)
    retriever.retrieve(questions[0])
    baseline = []
    for _ in range(repeats):
        for q in questions:
            t0 = time.perf_counter()
            retriever.retrieve(q)
            baseline.append(time.perf_counter() - t0)
    for name, samples in (("retrieval", retrieval), ("answer", answers), ("llama", baseline)):
        out[f"{name} p50"], out[f"{name} p95"] = _pct(samples, 50), _pct(samples, 95)
    out["queries"] = len(retrieval)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000,100000", help="comma-separated chunk counts")
    p.add_argument("--repeats", type=int, default=3, help="times each question is asked per measure")
    p.add_argument("--limit-files", type=int, default=None, help="base index from a sample of N pages")
    p.add_argument("--profile", action="store_true", help="pyinstrument profile of `ask` at the largest size")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{command_line()}\n{machine()}", flush=True)
    base = base_index(args.limit_files)
    results = []
    for size in sizes:
        ours, llama = sized_index(base, size)
        prof = CACHE_DIR / f"profile-ask-{size}.txt" if args.profile and size == max(sizes) else None
        print(f"measuring at {size:,} chunks ...", file=sys.stderr, flush=True)
        results.append(isolated(measure, ours, llama, args.repeats, prof))
        if prof is not None:
            print(f"pyinstrument profile of ask: {prof}", file=sys.stderr, flush=True)
    print_table(["chunks", "documents", "retrieval p50 ms", "retrieval p95 ms", "answer p50 ms", "answer p95 ms",
                 "llama-index retrieval p50 ms", "llama-index p95 ms", "ours ÷ llama p50", "seed answers right"],
                [[r["chunks"], r["documents"], r["retrieval p50"], r["retrieval p95"], r["answer p50"],
                  r["answer p95"], r["llama p50"], r["llama p95"], f"{r['llama p50'] / r['retrieval p50']:.2f}× faster"
                  if r["retrieval p50"] <= r["llama p50"] else f"{r['retrieval p50'] / r['llama p50']:.2f}× slower",
                  r["seed answers right"]] for r in results],
                f"Query latency ({results[0]['queries']} queries per measure: {len(SEED_QUESTIONS)} seed and "
                f"{len(PYDOC_QUESTIONS)} documentation questions × {args.repeats}; our question encoder in ONNX "
                f"Runtime: {results[0]['question encoder']})")
    first = results[0]
    print_table(["chunks", "× chunks", "× retrieval p50", "× answer p50", "× llama-index p50", "BM25 build ms (once)",
                 "BM25 check ms (per query)", "index MB", "peak RSS MB"],
                [[r["chunks"], r["chunks"] / first["chunks"], r["retrieval p50"] / first["retrieval p50"],
                  r["answer p50"] / first["answer p50"], r["llama p50"] / first["llama p50"], r["bm25 build"],
                  r["bm25 check"], r["index MB"], r["peak RSS MB"]] for r in results],
                "Growth with corpus size (relative to the smallest)")
    print(f"finished {machine()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
