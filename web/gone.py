"""A deleted upload's file URL says it is gone: 404 rather than Gradio's 403.

Gradio answers 403 ("File not allowed") for every path it will not serve, whether the file is forbidden or missing, so
it never tells a client what exists on the server. For its own cache of uploads nothing is secret about a missing
file (the folders are named by content hashes; we remove an upload's copy once it is staged, and a delete removes
the staged one), so a request for a file of that cache which is not there any more is answered 404. Every other
path keeps Gradio's answer.
"""
from __future__ import annotations

import os
from pathlib import Path

FILE_ROUTE = "/gradio_api/file="


class GoneUploads:
    """ASGI middleware: 404 for a file URL into `cache_dir` whose file is gone."""

    def __init__(self, app, cache_dir: Path):
        self.app = app
        self.root = Path(os.path.realpath(cache_dir))

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and FILE_ROUTE in scope["path"]:
            target = Path(os.path.realpath(scope["path"].split(FILE_ROUTE, 1)[1]))
            if target != self.root and target.is_relative_to(self.root) and not target.exists():
                body = b"Not found: this file was removed."
                await send({"type": "http.response.start", "status": 404,
                            "headers": [(b"content-type", b"text/plain"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
