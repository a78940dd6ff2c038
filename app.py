"""Footnote's web chat: `python app.py` (or `make run`) serves it on FOOTNOTE_HOST:FOOTNOTE_PORT.

The screens are the `web` package; this script reads the settings, opens the index and serves, and turns whatever
stops it starting into one sentence on stderr and exit code 2.
"""
from __future__ import annotations

import sys

from assistant import Assistant
from assistant.errors import FootnoteError
from assistant.settings import Settings
from web.serve import port_free, serve
from web.settings import ChatConfig


def main() -> int:
    """`python app.py`: serves the chat; exit code 2 with one sentence on stderr when it cannot start."""
    try:
        settings = Settings.from_env()
        web = ChatConfig.from_settings(settings)
        if not port_free(web.host, web.port):
            print(f"error: port {web.port} on {web.host} is already in use; stop what runs there or set "
                  f"FOOTNOTE_PORT to a free port.", file=sys.stderr)
            return 2
        assistant = Assistant.open(settings=settings)
        assistant.warm()  # BM25 now, the language pipeline in the background: the first question waits for neither
        print(f"Footnote: {len(assistant.documents())} documents; serving http://{web.host}:{web.port}"
              + (" (login required)" if web.auth else ""), flush=True)
        serve(assistant, settings)
        return 0
    except (FootnoteError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # the port was taken between the check and the bind
        print(f"error: cannot serve on {web.host}:{web.port}: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
