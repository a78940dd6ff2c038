"""Serving the web chat: the port check that runs before the slow start-up, and the launch with login (its attempts
limited, `throttle.py`), the upload size limit, and 404 for the file URL of a removed upload (`gone.py`)."""
from __future__ import annotations

import socket

import gradio as gr
from starlette.middleware import Middleware

from assistant import Assistant
from assistant.settings import Settings
from web.examples import CheckedExamples
from web.layout import build_app
from web.api import gradio_cache
from web.gone import GoneUploads
from web.settings import ChatConfig
from web.throttle import LoginThrottle


def port_free(host: str, port: int) -> bool:
    """Whether something else is already listening on host:port (checked before the slow start-up)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def serve(assistant: Assistant, settings: Settings, block: bool = True) -> gr.Blocks:
    """Builds the app and serves it on FOOTNOTE_HOST:FOOTNOTE_PORT (with login when FOOTNOTE_AUTH is set).
    With block=False it returns at once; call `.close()` on the result to stop it."""
    web = ChatConfig.from_settings(settings)
    examples = CheckedExamples(assistant)
    app = build_app(assistant, examples)
    # The example questions start being checked once the server is up, not before: the check asks a dozen questions,
    # and on a busy machine Gradio's start-up probe of its own address (3 s) timed out behind it.
    app.launch(server_name=web.host, server_port=web.port, auth=web.auth, prevent_thread_lock=True,
               show_error=True, quiet=True, footer_links=["api"], max_file_size=f"{web.upload_max_mb}mb",
               app_kwargs={"middleware": [Middleware(LoginThrottle),
                                          Middleware(GoneUploads, cache_dir=gradio_cache())]})
    examples.current()
    if block:
        app.block_thread()
    return app
