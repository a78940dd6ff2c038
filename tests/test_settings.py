"""Settings: one reader of FOOTNOTE_* variables, one object with a part per layer, every variable printed."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import Settings
from ingest.settings import IngestSettings, from_env

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_VARIABLES = """FOOTNOTE_DATA_DIR FOOTNOTE_INDEX_DIR FOOTNOTE_EMBED_MODEL FOOTNOTE_CHUNK_TOKENS FOOTNOTE_CHUNK_OVERLAP
FOOTNOTE_TOP_K FOOTNOTE_ANSWERER FOOTNOTE_GGUF_PATH FOOTNOTE_LLM_BASE_URL FOOTNOTE_LLM_MODEL FOOTNOTE_LLM_API_KEY
FOOTNOTE_CHROMA_HOST FOOTNOTE_CHROMA_PORT FOOTNOTE_HOST FOOTNOTE_PORT FOOTNOTE_AUTH FOOTNOTE_UPLOAD_MAX_MB""".split()
ADDED_VARIABLES = ["FOOTNOTE_OCR"]  # beyond the contract's list (adding is allowed; renaming and removing are not)


def test_each_layer_reads_its_own_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("FOOTNOTE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FOOTNOTE_TOP_K", "7")
    monkeypatch.setenv("FOOTNOTE_PORT", "9001")
    monkeypatch.setenv("FOOTNOTE_LLM_MODEL", "tiny")
    s = Settings.from_env(answerer="local")
    assert s.ingest.index_dir == tmp_path / "index" and s.ingest.seed_dir == tmp_path / "seed"
    assert (s.answer.top_k, s.answer.answerer, s.web.port, s.llm.model) == (7, "local", 9001, "tiny")
    assert from_env(IngestSettings).data_dir == tmp_path  # ingest alone reads the same variables
    assert s.with_index_dir(tmp_path / "other").ingest.index_dir == tmp_path / "other"


def test_bad_values_and_unknown_names_are_named(monkeypatch):
    monkeypatch.setenv("FOOTNOTE_CHUNK_TOKENS", "many")
    with pytest.raises(ValueError, match="FOOTNOTE_CHUNK_TOKENS"):
        Settings.from_env()
    monkeypatch.delenv("FOOTNOTE_CHUNK_TOKENS")
    with pytest.raises(TypeError, match="top_kk"):
        Settings.from_env(top_kk=3)


def test_config_lists_every_variable_and_masks_secrets():
    env = {**os.environ, "FOOTNOTE_AUTH": "ann:secret-pass", "FOOTNOTE_LLM_API_KEY": "sk-hidden"}
    out = subprocess.run([sys.executable, "-m", "assistant", "config"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120).stdout
    listed = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert sorted(listed) == sorted(CONTRACT_VARIABLES + ADDED_VARIABLES)
    assert "secret-pass" not in out and "sk-hidden" not in out and out.count("***") == 2


def test_ocr_is_tesseract_or_off(monkeypatch):
    assert from_env(IngestSettings).ocr == "off"
    monkeypatch.setenv("FOOTNOTE_OCR", "tesseract")
    assert from_env(IngestSettings).ocr == "tesseract"
    monkeypatch.setenv("FOOTNOTE_OCR", "yes please")
    with pytest.raises(ValueError, match="FOOTNOTE_OCR must be tesseract or off"):
        from_env(IngestSettings)
