"""Footnote's web chat: the Gradio screens over the public `Assistant` API (`web/layout.py` builds them,
`web/serve.py` serves them; `app.py` at the top level is the entry point).

Imports go one way, web → assistant → ingest: nothing in `assistant/` or `ingest/` imports from here. The modules
that make HTML or check uploads do not import Gradio, so they are tested on their own.
"""
