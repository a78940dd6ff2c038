"""Settings of the answering, LLM and web layers, and `Settings`: every layer's settings in one object.

The web chat's settings are declared here, beside the core's, so that one object and `python -m assistant config`
list every FOOTNOTE_* variable; the core never reads them (the `web` package does). Values come from the
environment through the one reader, `ingest.settings.from_env`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ingest.settings import IngestSettings, describe, from_env, setting


@dataclass
class AnswerSettings:
    """How questions are answered."""

    top_k: int = setting("FOOTNOTE_TOP_K", 12, "Chunks kept after fusing dense and BM25 retrieval.")
    answerer: str = setting("FOOTNOTE_ANSWERER", "extractive", "Answer backend: extractive, local or openai.")


@dataclass
class LLMSettings:
    """Which language model the `local` and `openai` answerers use."""

    gguf_path: str = setting("FOOTNOTE_GGUF_PATH", "",
                             "GGUF model file for the local answerer (default: bundled Gemma 3 270M).")
    base_url: str = setting("FOOTNOTE_LLM_BASE_URL", "", "OpenAI-compatible endpoint for the openai answerer.")
    model: str = setting("FOOTNOTE_LLM_MODEL", "", "Model name sent to the OpenAI-compatible endpoint.")
    api_key: str = setting("FOOTNOTE_LLM_API_KEY", "", "API key for the endpoint (never logged).", secret=True)


@dataclass
class WebSettings:
    """Where and for whom the web chat serves."""

    host: str = setting("FOOTNOTE_HOST", "127.0.0.1", "Address the web chat binds to.")
    port: int = setting("FOOTNOTE_PORT", 7860, "Port of the web chat.")
    auth: str = setting("FOOTNOTE_AUTH", "", "Login for the web chat as user:pass; empty means none.", secret=True)
    upload_max_mb: int = setting("FOOTNOTE_UPLOAD_MAX_MB", 25, "Largest file the web chat accepts as an upload.")


_LAYERS = {"ingest": IngestSettings, "answer": AnswerSettings, "llm": LLMSettings, "web": WebSettings}


@dataclass
class Settings:
    """Every FOOTNOTE_* setting, by layer."""

    ingest: IngestSettings = field(default_factory=IngestSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)
    web: WebSettings = field(default_factory=WebSettings)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings from the environment; keyword overrides (any layer's field names: `index_dir`, `top_k`,
        `port`, ...) win. A malformed number raises ValueError naming its variable; an unknown name, TypeError."""
        names = {f.name: layer for layer, kind in _LAYERS.items() for f in fields(kind)}
        unknown = sorted(set(overrides) - set(names))
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(unknown)}")
        return cls(**{layer: from_env(kind, **{k: v for k, v in overrides.items() if names[k] == layer})
                      for layer, kind in _LAYERS.items()})

    def with_index_dir(self, index_dir: str | Path) -> "Settings":
        """The same settings over another index folder."""
        return replace(self, ingest=replace(self.ingest, index_dir=Path(index_dir)))

    def describe(self) -> list[tuple[str, str, str]]:
        """(variable, value, description) rows of every layer; secrets are masked."""
        return [row for layer in _LAYERS for row in describe(getattr(self, layer))]
