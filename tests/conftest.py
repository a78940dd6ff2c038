"""Shared fixtures: one real seed index per test session (real Chroma, the real embedding model, the seed corpus)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "seed"

# Runs the ingest CLI and reports this process image's own peak RSS (VmHWM), whatever way it ends.
_OWN_PEAK = """
import re, runpy, sys
sys.argv = ["ingest"] + sys.argv[1:]
try:
    runpy.run_module("ingest", run_name="__main__", alter_sys=True)
finally:
    hwm = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
    print(f"own peak kB: {hwm}", file=sys.stderr)
"""


def ingest_cli_peak(args: list[str], env: dict[str, str]) -> tuple[int, str, str, float]:
    """`python -m ingest ARGS` in a process of its own: (exit code, stdout, stderr, its peak RSS in MB).

    The peak is the child's own high-water mark (VmHWM of the process image the ingest runs in). Not ru_maxrss from
    wait4: that keeps the high-water mark from before exec, when the child was still a copy of the test process, so
    it measured pytest's own size once the suite had grown (2.5 GB, then 3.2 GB, against 1.75 GB alone)."""
    proc = subprocess.Popen([sys.executable, "-c", _OWN_PEAK, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1", **env})
    streams: dict[str, str] = {}
    readers = [threading.Thread(target=lambda k=k, f=f: streams.__setitem__(k, f.read()), daemon=True)
               for k, f in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    proc.wait()
    for r in readers:
        r.join(timeout=60)
    out, err = streams.get("out", ""), streams.get("err", "")
    hwm = re.search(r"^own peak kB: (\d+)$", err, re.M)
    assert hwm, err[-2000:]
    return proc.returncode, out, err, int(hwm.group(1)) / 1024


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
