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
