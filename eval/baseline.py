"""The comparison system: plain llama-index, as a user would set it up from its starter docs.

A `VectorStoreIndex` over a Chroma collection in its own temporary folder, the same embedding model as Footnote
(`HuggingFaceEmbedding`), llama-index's default chunking (1024-token `SentenceSplitter` chunks; all-MiniLM-L6-v2
reads only the first 256 word pieces of each) and `similarity_top_k=2`. It has no answerer of its own
(`Settings.llm = None`: no model calls), so it is scored on retrieval and on answer-in-context: is an expected
answer string in the text it retrieved. It reads each file as one document, so a related-article blurb's gold is its
host file when it is scored (generous to the baseline).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ingest.load import iter_files

TOP_K = 2


@dataclass
class Retrieved:
    """What the baseline returned for one question: file stems best first, and the retrieved text."""

    doc_ids: list[str]
    text: str


class Baseline:
    """Plain llama-index over one corpus; build once, then `retrieve` per question."""

    def __init__(self, corpus: Path | str, embed_model: str, workdir: Path | str | None = None):
        import chromadb
        from llama_index.core import Settings, SimpleDirectoryReader, StorageContext, VectorStoreIndex
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from llama_index.vector_stores.chroma import ChromaVectorStore

        Settings.llm = None
        Settings.embed_model = HuggingFaceEmbedding(model_name=embed_model)
        self._tmp = tempfile.TemporaryDirectory(prefix="footnote-baseline-") if workdir is None else None
        folder = Path(self._tmp.name if self._tmp else workdir)
        client = chromadb.PersistentClient(path=str(folder / "chroma"))
        collection = client.get_or_create_collection("baseline")
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        # The same files Footnote ingests, read by llama-index's own reader; ids from the file names keep runs repeatable.
        docs = SimpleDirectoryReader(input_files=[str(p) for p in iter_files([Path(corpus)])], filename_as_id=True,
                                     errors="replace").load_data()
        self.index = VectorStoreIndex.from_documents(docs, storage_context=storage)
        self.retriever = self.index.as_retriever(similarity_top_k=TOP_K)

    def retrieve(self, question: str) -> Retrieved:
        """The top-2 chunks for a question."""
        nodes = self.retriever.retrieve(question)
        return Retrieved([Path(n.node.metadata["file_path"]).stem for n in nodes], "\n".join(n.node.get_content() for n in nodes))

    def close(self) -> None:
        """Removes the temporary folder, if the baseline made one."""
        if self._tmp is not None:
            self._tmp.cleanup()
