"""Sentence embeddings computed by us, in batches, from a local model (never Chroma's default, which downloads one).

Batches (ingest) run in torch. A question, and the answerer's few words and sentences, run in an ONNX Runtime copy of
the same transformer when there is one: torch spends most of a 14-word encode in per-operation overhead (12 ms on one
thread here, against 5–6 ms in ONNX Runtime), while for large batches torch's fused attention is the faster of the two. The
copy is exported in memory from the loaded weights in a background thread a few seconds after the first question
(nothing is downloaded or written), and used only once it gives the torch vectors on probe texts; until then, and
for any model whose pipeline is not transformer + mean pooling (+ normalisation), torch answers.
"""
from __future__ import annotations

import atexit
import copy
import io
import os
import threading
import time
import warnings

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

_models: dict[str, "Embedder"] = {}
_lock = threading.Lock()
EXPORT_DELAY_S = 3.0
SHORT_CHARS = 1000  # longer questions (a pasted paragraph) stay in torch, which is faster for long inputs
# Below this many characters a batch is small: one thread, and the ONNX Runtime copy once it is in use (measured on
# the answerer's batches, some 20 words or 3 sentences: 0.6-0.7x torch's time, side by side, on a loaded machine).
SMALL_CHARS = 20_000
# Word pieces per encoded batch, at most. Attention and feed-forward activations grow with texts x length (attention
# with length squared): 64 chunks of a full 256-piece window took 450 MB over the model while encoding, 32 took 170 MB.
# Texts shorter than the window (questions, the answerer's sentences) still go 64 at a time.
BATCH_PIECES = 32 * 256
_PROBES = ["What was the company's revenue in the first quarter of 2025?", "sensors",
           "The harbour operator (OSE: HRBR) said on Tuesday that container volumes rose 4.2% to 1.1 million units."]


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
        self.onnx: "_OnnxCopy | None" = None  # the question path, once built and checked
        self.onnx_state = "not built"  # or "building", "in use", or why it is not used

    def _start_onnx(self, delay: float) -> None:
        with _lock:
            if self.onnx_state != "not built":
                return
            self.onnx_state = "building"
        export = threading.Timer(delay, self._build_onnx)
        export.daemon = True
        export.start()
        atexit.register(_settle, export)

    def _build_onnx(self) -> None:
        try:
            fast = _OnnxCopy(self.model)
            want = self._torch_encode(_PROBES, 64)
            got = np.concatenate([fast.encode([t]) for t in _PROBES])
            if float(np.abs(got - want).max()) > 1e-4:
                self.onnx_state = "not used: its vectors differ from torch's"
                return
            self.onnx, self.onnx_state = fast, "in use"
        except Exception as e:  # any model the exporter cannot take keeps the torch path
            self.onnx_state = f"not used: {type(e).__name__}: {str(e)[:200]}"

    def wait_for_onnx(self, timeout: float = 60) -> str:
        """Starts the question path's export if needed and waits for it; returns its state (benchmarks, tests)."""
        self._start_onnx(0)
        deadline = time.monotonic() + timeout
        while self.onnx_state == "building" and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.onnx_state

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """One vector per text (float32, unit length): a few short texts (the answerer's words and sentences) in the
        ONNX Runtime copy once it is in use, anything larger (an ingest's chunks) in torch."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.onnx is not None and sum(map(len, texts)) < SMALL_CHARS:
            return self._onnx_encode(texts, batch_size)
        return self._torch_encode(texts, batch_size)

    def _onnx_encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vecs = np.empty((len(texts), self.dim), dtype=np.float32)
        with self._encode_lock:
            for group in self._batches(texts, batch_size):  # similar lengths together: little padding
                vecs[group] = self.onnx.encode([texts[i] for i in group])
        return vecs

    def encode_question(self, text: str) -> np.ndarray:
        """A question's vector: in the ONNX Runtime copy once it is in use, else in torch. Only questions start the
        export, so an ingest (even of one short file) never pays for it."""
        if self.onnx is not None and len(text) <= SHORT_CHARS:
            with self._encode_lock:
                return self.onnx.encode([text])[0]
        # Exported a little after the first question, so that its 1–2 s of CPU do not slow that first answer.
        self._start_onnx(EXPORT_DELAY_S)
        return self._torch_encode([text], 64)[0]

    def _torch_encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        # torch on 2 cores gains nothing from concurrent calls and can contend badly; serialise them. Small batches
        # (a question, a few sentences) run on one thread: measured here, a second thread made a one-line encode
        # 25x slower whenever another process was busy, and it saves nothing on an idle machine at that size.
        import torch

        vecs = None
        with self._encode_lock:
            torch.set_num_threads(1 if sum(map(len, texts)) < SMALL_CHARS else self.threads)
            try:
                for group in self._batches(texts, batch_size):
                    got = self.model.encode([texts[i] for i in group], batch_size=len(group),
                                            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
                    if vecs is None:
                        vecs = np.empty((len(texts), got.shape[1]), dtype=np.float32)
                    vecs[group] = got
            finally:
                # The setting is process-wide: any other torch user in the process (a llama-index embedding, a
                # benchmark's baseline) would otherwise run on the one thread left by our last small encode.
                torch.set_num_threads(self.threads)
        return vecs

    def _batches(self, texts: list[str], batch_size: int) -> list[list[int]]:
        """Indexes of texts in batches of similar length, longest first (as sentence-transformers orders them), each
        of at most batch_size texts and BATCH_PIECES word pieces counting every text as long as the longest. A text's
        characters stand in for its word pieces (a piece is at least one character), capped at the window."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches: list[list[int]] = []
        longest = 0  # word pieces of the current batch's first (longest) text
        for i in order:
            if batches and len(batches[-1]) < batch_size and (len(batches[-1]) + 1) * longest <= BATCH_PIECES:
                batches[-1].append(i)
            else:
                batches.append([i])
                longest = min(len(texts[i]) + 2, self.window)  # + [CLS] and [SEP]
        return batches

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


def _settle(export: threading.Timer) -> None:
    """At exit: an export not begun is dropped; one under way is waited for (a process ending mid-export, as a
    one-question CLI run would, aborts in torch's C++ with "terminate called" and exits non-zero)."""
    export.cancel()
    export.join()


class _OnnxCopy:
    """The sentence-transformers model's transformer in ONNX Runtime (one thread, as torch's small encodes), with its
    tokenizer, mean pooling and normalisation done here."""

    INPUTS = ("input_ids", "attention_mask", "token_type_ids")

    def __init__(self, st_model):
        import onnxruntime as ort
        import torch

        kinds = [type(m).__name__ for m in st_model]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]) or \
                st_model[1].get_config_dict().get("pooling_mode") != "mean":
            raise ValueError(f"pipeline {kinds} is not transformer + mean pooling")
        self.tokenizer = copy.deepcopy(st_model.tokenizer)
        self.window = int(st_model.max_seq_length)
        bert = copy.deepcopy(st_model[0].auto_model).eval()  # the live model keeps serving torch encodes meanwhile
        names = [n for n in self.INPUTS if n in self.tokenizer.model_input_names]

        class Hidden(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, *args):
                return self.inner(**dict(zip(names, args))).last_hidden_state

        sample = self.tokenizer(["a sentence to trace the model with"], return_tensors="pt")
        buf = io.BytesIO()
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(Hidden(bert), tuple(sample[n] for n in names), buf, input_names=names,
                              output_names=["hidden"], opset_version=17, dynamo=False,
                              dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]})
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(buf.getvalue(), options, providers=["CPUExecutionProvider"])
        self.names = names

    def encode(self, texts: list[str]) -> np.ndarray:
        x = self.tokenizer(texts, padding=True, truncation=True, max_length=self.window, return_tensors="np")
        hidden = self.session.run(None, {n: x[n].astype(np.int64) for n in self.names})[0]
        mask = x["attention_mask"][..., None].astype(np.float32)
        vecs = (hidden * mask).sum(1) / mask.sum(1)
        return (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
