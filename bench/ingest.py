"""Ingest throughput: Footnote against the embedding model's raw encode speed and against plain llama-index.

    python bench/ingest.py                       # seeds, then Python's and git's HTML documentation (~23,800 chunks)
    python bench/ingest.py --limit-files 60      # a 60-page sample: a run of a few minutes
    python bench/ingest.py --corpus seed --systems ours,raw

Three systems, each in a fresh process, on the same files:
- `ours`: `Ingestor.ingest` into a new embedded index (load, clean, tables, chunk, embed, write, commit);
- `raw`: the same loader and chunker, then one `SentenceTransformer.encode` over every chunk text: the encode time
  is the ceiling on this CPU, and the load and chunk times show where the rest of our time goes;
- `llama`: plain llama-index on the same cleaned documents: `VectorStoreIndex.from_documents` into a Chroma
  collection with `HuggingFaceEmbedding` of the same model, default chunking (1024-token SentenceSplitter), no LLM.
  Its chunks are longer than the model's 256 word pieces, so most of each is never embedded: the table counts the
  word pieces each system actually embeds and those llama-index's chunks lose to truncation.
- `llama-same`: the same, with a SentenceSplitter of our chunk size (FOOTNOTE_CHUNK_TOKENS tokens, about one
  sentence of overlap): the like-for-like run, embedding the whole text as ours does.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (CACHE_DIR, DOCS_NAME, command_line, dir_mb, doc_files, fresh_dir,  # noqa: E402
                          isolated, machine, peak_rss_mb, print_table, seed_files)


@dataclass
class IngestRun:
    """What one system did with one corpus, and how fast."""

    system: str
    files: int = 0
    documents: int = 0
    chunks: int = 0
    embedded_tokens: int = 0  # word pieces the model actually read (after its 256-piece truncation)
    dropped_tokens: int = 0  # word pieces cut off by that truncation
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user + system time of all the process's threads over the same span
    model_rss_mb: float = 0.0  # after loading the model, before ingesting
    peak_rss_mb: float = 0.0
    index_mb: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    def row(self) -> list:
        s = max(self.seconds, 1e-9)
        return [self.system, self.files, self.documents, self.chunks, self.embedded_tokens, self.dropped_tokens,
                self.seconds, self.cpu_seconds, self.files / s, self.documents / s, self.chunks / s, self.embedded_tokens / s,
                self.peak_rss_mb, self.index_mb]


HEADERS = ["system", "files", "documents", "chunks", "embedded tokens", "dropped tokens", "seconds", "CPU s", "files/s",
           "docs/s", "chunks/s", "embedded tok/s", "peak RSS MB", "index MB"]


def _embedder():
    from ingest.embed import get_embedder
    from ingest.settings import IngestSettings, from_env

    settings = from_env(IngestSettings, chroma_host="")
    embedder = get_embedder(settings.embed_model)
    embedder.encode(["warm up the model"])
    return settings, embedder


def cpu_seconds() -> float:
    """User + system CPU time of this process so far (every thread)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _embedded(embedder, texts: list[str]) -> tuple[int, int]:
    """(word pieces the model reads, word pieces it drops) over texts."""
    counts = embedder.token_counts(texts) if texts else []
    return sum(min(n, embedder.window) for n in counts), sum(max(0, n - embedder.window) for n in counts)


def run_ours(files: list[Path], index_dir: Path, profile: Path | None) -> IngestRun:
    """Footnote's own ingest into a new embedded index."""
    from ingest.index import Index
    from ingest.pipeline import Ingestor

    settings, embedder = _embedder()
    settings.index_dir = fresh_dir(index_dir)
    run = IngestRun("ours", files=len(files), model_rss_mb=peak_rss_mb())
    index = Index(settings)
    ingestor = Ingestor(index, settings, embedder)
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    t0, c0 = time.perf_counter(), cpu_seconds()
    report = ingestor.ingest(files)
    run.seconds, run.cpu_seconds = time.perf_counter() - t0, cpu_seconds() - c0
    if profiler is not None:
        profiler.stop()
        profile.write_text(profiler.output_text(show_all=False))
    run.peak_rss_mb = peak_rss_mb()
    run.documents, run.chunks = report.documents, report.chunks
    run.embedded_tokens, run.dropped_tokens = _embedded(embedder, [c.text for c in index.all_chunks()])
    run.index_mb = dir_mb(index_dir)
    return run


def run_raw(files: list[Path], batch_size: int) -> IngestRun:
    """Our loader and chunker, timed apart, then the model's raw encode over all chunk texts in one call."""
    from ingest.chunk import Chunker
    from ingest.errors import UnsupportedFile
    from ingest.load import load_file

    settings, embedder = _embedder()
    run = IngestRun("raw encode", files=len(files), model_rss_mb=peak_rss_mb())
    chunker = Chunker(settings.chunk_tokens, settings.chunk_overlap, embedder.token_counts, embedder.window)
    t0 = time.perf_counter()
    docs = []
    for f in files:
        try:
            docs.extend(load_file(f))
        except UnsupportedFile:
            pass
    t1 = time.perf_counter()
    texts = [c.text for d in docs for c in chunker.chunks(d)]
    t2, c2 = time.perf_counter(), cpu_seconds()
    embedder.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                          show_progress_bar=False)
    t3 = time.perf_counter()
    run.cpu_seconds = cpu_seconds() - c2
    run.stages = {"load + clean + tables": t1 - t0, "chunk": t2 - t1, "encode": t3 - t2}
    run.seconds = t3 - t2  # the ceiling: encoding alone
    run.peak_rss_mb = peak_rss_mb()
    run.documents, run.chunks = len(docs), len(texts)
    run.embedded_tokens, run.dropped_tokens = _embedded(embedder, texts)
    return run


def run_llama(files: list[Path], index_dir: Path, same_chunks: bool = False) -> IngestRun:
    """Plain llama-index over the same cleaned documents, timed from the files like ours; with `same_chunks`, split
    to our chunk size instead of its default."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document as LlamaDocument
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from ingest.errors import UnsupportedFile
    from ingest.load import load_file

    settings, embedder = _embedder()
    LlamaSettings.llm = None
    if same_chunks:
        LlamaSettings.node_parser = SentenceSplitter(chunk_size=settings.chunk_tokens, chunk_overlap=20)
    embed_model = HuggingFaceEmbedding(model_name=settings.embed_model, device="cpu")
    embed_model.get_text_embedding("warm up the model")
    LlamaSettings.embed_model = embed_model
    fresh_dir(index_dir)
    client = chromadb.PersistentClient(path=str(index_dir), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("llama_index")
    name = f"llama-index, {settings.chunk_tokens}-token chunks" if same_chunks else "llama-index, default"
    run = IngestRun(name, files=len(files), model_rss_mb=peak_rss_mb())
    t0, c0 = time.perf_counter(), cpu_seconds()
    docs = []
    for f in files:
        try:
            docs.extend(LlamaDocument(text=d.text, id_=d.doc_id) for d in load_file(f))
        except UnsupportedFile:
            pass
    t1 = time.perf_counter()
    VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(
        vector_store=ChromaVectorStore(chroma_collection=collection)), embed_model=embed_model)
    run.seconds, run.cpu_seconds = time.perf_counter() - t0, cpu_seconds() - c0
    run.stages = {"load + clean + tables": t1 - t0, "from_documents": run.seconds - (t1 - t0)}
    run.peak_rss_mb = peak_rss_mb()
    run.documents, run.chunks = len(docs), collection.count()
    # What it embedded: the same default node parser run again, outside the timing.
    nodes = LlamaSettings.node_parser.get_nodes_from_documents(docs)
    run.embedded_tokens, run.dropped_tokens = _embedded(
        embedder, [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes])
    run.index_mb = dir_mb(index_dir)
    return run


def bench_corpus(name: str, files: list[Path], systems: list[str], batch_size: int, profile: bool,
                 repeats: int) -> str:
    """Runs the chosen systems on one corpus (interleaved, `repeats` times, keeping each one's fastest run: the
    machine is shared, and other load only ever slows a run down); prints and returns its tables."""
    for f in files:  # the page cache holds the files for every system alike
        f.read_bytes()
    runs: dict[str, IngestRun] = {}
    work = CACHE_DIR / "ingest"
    for rep in range(repeats):
        for system in systems:
            print(f"[{name}] {system} on {len(files)} files (run {rep + 1}/{repeats}) ...", file=sys.stderr,
                  flush=True)
            if system == "ours":
                prof = work / f"profile-{name}.txt" if profile and rep == 0 else None
                run = isolated(run_ours, files, work / f"ours-{name}", prof)
                if prof is not None:
                    print(f"[{name}] pyinstrument profile of our ingest: {prof}", file=sys.stderr)
            elif system == "raw":
                run = isolated(run_raw, files, batch_size)
            else:
                run = isolated(run_llama, files, work / f"{system}-{name}", system == "llama-same")
            if system not in runs or run.seconds < runs[system].seconds:
                runs[system] = run
    title = f"Ingest: {name} ({len(files)} files; fastest of {repeats} interleaved runs)" if repeats > 1 else \
        f"Ingest: {name} ({len(files)} files)"
    out = print_table(HEADERS, [r.row() for r in runs.values()], title)
    ours, raw = runs.get("ours"), runs.get("raw")
    ratios = []
    if ours and raw:
        ratios.append(["ours ÷ raw encode", f"{_rate(ours, 'chunks') / _rate(raw, 'chunks'):.0%} of chunks/s",
                       f"{_rate(ours, 'embedded_tokens') / _rate(raw, 'embedded_tokens'):.0%} of embedded tok/s"])
    for key in ("llama", "llama-same"):
        llama = runs.get(key)
        if ours and llama:
            ratios.append([f"ours ÷ {llama.system}", f"{_rate(ours, 'documents') / _rate(llama, 'documents'):.2f}× docs/s",
                           f"{_rate(ours, 'embedded_tokens') / _rate(llama, 'embedded_tokens'):.2f}× embedded tok/s"])
    if ratios:
        out += print_table(["comparison", "documents / chunks", "embedded tokens"], ratios)
    if raw:
        stages = [[k, v, f"{v / max(ours.seconds, 1e-9):.0%}" if ours else ""] for k, v in raw.stages.items()]
        if ours:
            rest = ours.seconds - sum(raw.stages.values())
            stages.append(["write, commit and the rest (ours − the above)", rest, f"{rest / ours.seconds:.0%}"])
        out += print_table(["stage (measured in the raw run)", "seconds", "share of our ingest"], stages)
    for key in ("llama", "llama-same"):
        if key in runs:
            out += print_table([f"{runs[key].system} stage", "seconds"], [[k, v] for k, v in runs[key].stages.items()])
    return out


def _rate(run: IngestRun, what: str) -> float:
    return getattr(run, what) / max(run.seconds, 1e-9)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", choices=["seed", "docs", "both"], default="both")
    p.add_argument("--limit-files", type=int, default=None, help="an evenly spaced sample of N documentation pages")
    p.add_argument("--systems", default="ours,raw,llama,llama-same",
                   help="comma-separated: ours, raw, llama, llama-same")
    p.add_argument("--batch-size", type=int, default=64, help="batch size of the raw encode")
    p.add_argument("--profile", action="store_true", help="profile our ingest with pyinstrument")
    p.add_argument("--repeats", type=int, default=1, help="interleaved runs per system; the fastest is shown")
    args = p.parse_args()
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    print(f"{command_line()}\n{machine()}", flush=True)
    if args.corpus in ("seed", "both"):
        bench_corpus("seed", seed_files(), systems, args.batch_size, args.profile, args.repeats)
    if args.corpus in ("docs", "both"):
        bench_corpus(DOCS_NAME, doc_files(args.limit_files), systems, args.batch_size, args.profile,
                     args.repeats)
    print(f"finished {machine()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
