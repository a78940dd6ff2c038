"""Shared fixtures: one real seed index per test session (real Chroma, the real embedding model, the seed corpus)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "seed"


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    """A fresh index of data/seed, built once per session."""
    from assistant import Assistant

    d = tmp_path_factory.mktemp("seed-index") / "index"
    a = Assistant.open(index_dir=d)
    report = a.ingest([SEED])
    assert report.documents >= 5 and not report.skipped
    return d


@pytest.fixture(scope="session")
def seed_assistant(seed_index_dir):
    """An Assistant over the session's seed index (extractive answerer)."""
    from assistant import Assistant

    return Assistant.open(index_dir=seed_index_dir, answerer="extractive")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> str:
    """A one-layer, 32-wide BERT sentence-transformer with all-MiniLM-L6-v2's tokenizer and window (256 word
    pieces), saved locally: the pipeline runs unchanged, only the vectors are cheap (and meaningless)."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import AutoTokenizer, BertConfig, BertModel

    from assistant.settings import Settings

    d = tmp_path_factory.mktemp("tiny-model")
    tokenizer = AutoTokenizer.from_pretrained(Settings.from_env().ingest.embed_model)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(d / "bert")
    tokenizer.save_pretrained(d / "bert")
    SentenceTransformer(modules=[Transformer(str(d / "bert"), max_seq_length=256), Pooling(32, "mean")]).save(
        str(d / "st"))
    return str(d / "st")


@pytest.fixture(scope="session")
def made_up_index(tmp_path_factory):
    """Builds a real index (Chroma in tmp_path, the real model) of made-up files: `made_up_index(name, {file: text})`
    returns an extractive Assistant over them, every file ingested."""
    def build(name: str, files: dict[str, str]):
        from assistant import Assistant

        folder = tmp_path_factory.mktemp(name)
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        a = Assistant.open(index_dir=tmp_path_factory.mktemp(f"{name}-index") / "index", answerer="extractive")
        report = a.ingest([folder])
        assert report.documents == len(files) and not report.skipped
        return a

    return build


@pytest.fixture
def llama_server(tmp_path):
    """The real llama.cpp OpenAI-compatible server over the bundled GGUF on a free local port, killed afterwards
    (the `openai` answerer's endpoint in tests)."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from assistant.llm import default_gguf
    from assistant.settings import Settings

    gguf = default_gguf(Settings.from_env())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "llama_server.log"  # a file, not a pipe: llama.cpp logs enough to fill a pipe and block
    # The bundled GGUF carries no chat template; Gemma's own turn format is the right one to serve it with.
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host",
                                 "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--chat_format", "gemma"],
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-2000:]
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "llama_cpp.server did not start"
            time.sleep(0.5)
        yield url
    finally:
        proc.kill()
        proc.wait(timeout=30)
