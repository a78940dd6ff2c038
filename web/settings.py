"""What the web chat reads from Footnote's settings, in this one place: where it serves, who may log in, how large an
upload may be, and the folders it stages uploads in and re-reads. The rest of `web/` takes a `ChatConfig`, so a
change in how the settings are organised touches only `ChatConfig.from_settings`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings


@dataclass(frozen=True)
class ChatConfig:
    """The web chat's address, login, upload limit, and its uploads and seed folders."""

    host: str
    port: int
    auth: tuple[str, str] | None  # (user, password); None means no login
    upload_max_mb: int
    uploads_dir: Path
    seed_dir: Path
    data_dir: Path  # where the chat keeps what outlives a restart (the key of conversations saved in browsers)

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatConfig:
        """The web chat's part of `settings`; raises ValueError when FOOTNOTE_AUTH is not `user:password`."""
        web = settings.web
        return cls(host=web.host, port=web.port, auth=parse_auth(web.auth), upload_max_mb=web.upload_max_mb,
                   uploads_dir=settings.ingest.uploads_dir, seed_dir=settings.ingest.seed_dir,
                   data_dir=settings.ingest.data_dir)


def parse_auth(raw: str) -> tuple[str, str] | None:
    """FOOTNOTE_AUTH `user:pass` as a pair; empty means no login. Raises ValueError when it has no user or no ':'."""
    if not raw:
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or not password:
        raise ValueError("FOOTNOTE_AUTH must look like user:password")
    return user, password
