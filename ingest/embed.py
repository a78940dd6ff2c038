"""Sentence embeddings computed by us, in batches, from a local model (never Chroma's default, which downloads one)."""
from __future__ import annotations

import copy
import os
import threading

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

_models: dict[str, "Embedder"] = {}
_lock = threading.Lock()


class Embedder:
    """A sentence-transformers model on the CPU; vectors are L2-normalised so cosine is a dot product."""

    def __init__(self, model: str):
        from sentence_transformers import SentenceTransformer

        self.name = model
        self.model = SentenceTransformer(model, device="cpu")
        self.window = int(self.model.max_seq_length)
        # Counting has a tokenizer of its own: chunks are counted in the ingest's loading thread while encode runs,
        # and a fast tokenizer used from two threads at once fails ("Already borrowed").
        self.tokenizer = copy.deepcopy(self.model.tokenizer)
        self._count_lock = threading.Lock()
        self._encode_lock = threading.Lock()
        import torch

        self.threads = torch.get_num_threads()

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """One vector per text (float32, unit length)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # torch on 2 cores gains nothing from concurrent calls and can contend badly; serialise them. Small batches
        # (a question, a few sentences) run on one thread: measured here, a second thread made a one-line encode
        # 25x slower whenever another process was busy, and it saves nothing on an idle machine at that size.
        import torch

        with self._encode_lock:
            torch.set_num_threads(1 if sum(map(len, texts)) < 20_000 else self.threads)
            try:
                vecs = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=False)
            finally:
                # The setting is process-wide: any other torch user in the process (a llama-index embedding, a
                # benchmark's baseline) would otherwise run on the one thread left by our last small encode.
                torch.set_num_threads(self.threads)
        return vecs.astype(np.float32)

    @property
    def dim(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def token_counts(self, texts: list[str]) -> list[int]:
        """Word pieces per text in the model's own tokenizer, special tokens included."""
        # In slices, ids only: the tokenizer's Python lists of ids, masks and type ids for all of a 50 MB file's
        # chunks at once took some 2 GB; a slice at a time keeps the peak to a few MB.
        counts: list[int] = []
        with self._count_lock:
            for i in range(0, len(texts), 256):
                enc = self.tokenizer(texts[i:i + 256], add_special_tokens=True, truncation=False,
                                     return_attention_mask=False, return_token_type_ids=False)["input_ids"]
                counts.extend(len(ids) for ids in enc)
        return counts


def get_embedder(model: str) -> Embedder:
    """One loaded model per process and name (loading takes seconds; encoding is thread-safe)."""
    with _lock:
        if model not in _models:
            _models[model] = Embedder(model)
        return _models[model]
