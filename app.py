"""Footnote's web chat: `python app.py` (or `make run`) serves it on FOOTNOTE_HOST:FOOTNOTE_PORT.

A Gradio Blocks app over the public `Assistant` API. The chat streams answers; every [n] opens, in the sources panel
beside it, the passage (highlighted in its paragraph) or the table cell (highlighted in its row and column) that the
claim rests on. The Documents tab lists, uploads, deletes and re-indexes documents. Gradio's API exposes `ask`, which
returns `Answer.to_dict()`. The HTML itself is made by `assistant/webui.py`, which escapes every piece of document text.
"""
from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

import gradio as gr

from assistant import Assistant
from assistant.errors import FootnoteError
from assistant.webui import (EMPTY_SOURCES, LIBRARY_HEADERS, UPLOAD_TYPES, answer_html, answer_markdown,
                             chat_messages, document_choices, esc, example_questions, library_rows, make_scope,
                             question_html, sources_html, stage_uploads)
from ingest.settings import Settings

# Clicks on [n] links are caught once for the whole page (chat messages are re-rendered as they stream): the link's
# id says which answer and which footnote; it is written into a hidden box and a hidden button asks the server for
# that source. The chat's HTML sanitiser drops data-* attributes, hence the id. CSS is injected here too, so that
# `build_app(a).launch()` is complete without launch arguments.
_CSS = """
.fn-question{white-space:pre-wrap}
.fn-answer .fn-label{font-size:.8em;font-weight:700;margin-bottom:.25em}
.fn-verified .fn-label{color:#1b7f3b}
.fn-pending .fn-label{color:#8a6d00}
.fn-abstain{border-left:4px solid #c2410c;padding-left:.6em}
.fn-abstain .fn-label{color:#c2410c}
.fn-abstain .fn-text{font-style:italic}
.fn-note{font-size:.85em;opacity:.8;margin-top:.4em}
.fn-removed-note{color:#b91c1c;opacity:1}
a.fn-cite{font-size:.8em;font-weight:700;vertical-align:super;text-decoration:none;cursor:pointer;padding:0 .2em;
  border-radius:3px;background:rgba(59,130,246,.15)}
a.fn-cite:hover,a.fn-cite:focus{background:rgba(59,130,246,.4)}
a.fn-cite.fn-cite-removed{text-decoration:line-through;background:rgba(185,28,28,.15)}
#fn-sources .fn-sources{font-size:.92em;line-height:1.45;
  font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
#fn-sources .fn-sources-head{font-weight:700;margin-bottom:.5em}
#fn-sources .fn-sources-empty{opacity:.8}
#fn-sources .fn-card{border:1px solid rgba(128,128,128,.35);border-radius:6px;padding:.5em .7em;margin-bottom:.5em}
#fn-sources .fn-card.fn-selected{border-color:#3b82f6;box-shadow:0 0 0 2px rgba(59,130,246,.25)}
#fn-sources .fn-card-removed{border-style:dashed}
#fn-sources a.fn-pick{color:inherit;text-decoration:none;font-weight:700;cursor:pointer}
#fn-sources a.fn-pick:hover{text-decoration:underline}
#fn-sources .fn-n{color:#2563eb}
#fn-sources .fn-badge{margin-left:.5em;font-size:.75em;padding:.05em .4em;border-radius:3px;background:#b91c1c;color:#fff}
#fn-sources .fn-meta,#fn-sources .fn-where,#fn-sources .fn-units,#fn-sources .fn-preview{font-size:.85em;opacity:.8}
#fn-sources .fn-passage{margin:.4em 0 0}
#fn-sources mark{background:#fde047;color:#111;padding:0 .1em}
#fn-sources .fn-caption{font-weight:700;margin-top:.4em}
#fn-sources .fn-table-wrap{overflow-x:auto}
#fn-sources table.fn-table{border-collapse:collapse;margin:.3em 0 0;font-size:.88em;width:100%}
#fn-sources .fn-table th,#fn-sources .fn-table td{border:1px solid rgba(128,128,128,.3);padding:.15em .45em;
  text-align:right;font-weight:normal;white-space:nowrap}
#fn-sources .fn-table thead th{font-weight:700;white-space:normal;vertical-align:bottom}
#fn-sources .fn-table tbody th{text-align:left;white-space:normal;min-width:10em}
#fn-sources .fn-table .fn-section th{font-weight:700}
#fn-sources .fn-table .fn-row th,#fn-sources .fn-table .fn-row td{background:rgba(253,224,71,.3)}
#fn-sources .fn-table .fn-col{background:rgba(59,130,246,.12)}
#fn-sources .fn-table .fn-cell{font-weight:700;background:rgba(253,224,71,.6)}
#fn-sources .fn-table .fn-more td{text-align:center;opacity:.6}
#fn-sources .fn-quote{margin:.3em 0;padding-left:.6em;border-left:3px solid rgba(128,128,128,.5)}
#fn-status .fn-error{color:#b91c1c;font-weight:700}
"""
_PAGE_JS = """
() => {
  if (window.__footnote) return;
  window.__footnote = true;
  const style = document.createElement('style');
  style.textContent = %s;
  document.head.appendChild(style);
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a.fn-cite, a.fn-pick');
    if (!link) return;
    e.preventDefault();
    e.stopPropagation();
    const m = /(\\d+)-(\\d+)$/.exec(link.id || '');
    const box = document.querySelector('#fn-select textarea, #fn-select input');
    if (!m || !box) return;
    box.value = m[1] + ':' + m[2];
    box.dispatchEvent(new Event('input', {bubbles: true}));
    document.getElementById('fn-select-btn').click();
  }, true);
}
""" % repr(_CSS)
_COPY_JS = """
(md) => {
  if (!md) return md;
  const fallback = () => {
    const t = document.createElement('textarea');
    t.value = md; document.body.appendChild(t); t.select(); document.execCommand('copy'); t.remove();
  };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(md).catch(fallback);
  else fallback();
  return md;
}
"""


def build_app(assistant: Assistant) -> gr.Blocks:
    """The web chat over `assistant`: chat with sources panel and filters, the document library, and the `ask`
    API endpoint (question, optional doc ids -> Answer.to_dict())."""
    settings = assistant.settings

    def candidate_examples(limit: int) -> list[str]:
        hosts = [assistant.document(d.doc_id) for d in assistant.documents() if not d.parent]
        return example_questions([d for d in hosts if d is not None], limit=limit)

    examples = [{"text": q} for q in candidate_examples(4)]

    def keep_answered_examples(limit: int = 4) -> None:
        """Keeps only examples the assistant does answer. Each is asked once, in the background, so start-up stays
        quick (this also warms the retriever for the first real question); pages opened later get the result."""
        answered = []
        try:
            for q in candidate_examples(2 * limit):
                if len(answered) < limit and not assistant.ask(q).abstained:
                    answered.append({"text": q})
        except FootnoteError:
            return  # the index went away; the unchecked examples stay, and asking will say what is wrong
        examples[:] = answered

    def filter_updates(docs):
        pubs = sorted({d.publisher for d in docs if d.publisher})
        kinds = sorted({d.kind for d in docs})
        choices = document_choices(docs)
        return (gr.update(choices=choices), gr.update(choices=pubs), gr.update(choices=kinds))

    def library_updates(docs):
        return (gr.update(value=library_rows(docs)), gr.update(choices=document_choices(docs), value=None))

    # ---- chat ----------------------------------------------------------------------------------------------------
    def respond(question, history, scopes, doc_ids, publishers, kinds, date_from, date_to):
        question = (question or "").strip()
        try:
            scope = make_scope(doc_ids, publishers, kinds, date_from, date_to)
        except ValueError as e:
            gr.Warning(str(e), duration=4)
            yield gr.update(), history, scopes, gr.update(), gr.update(), gr.update(), gr.update()
            return
        turn = len(history)
        shown = chat_messages(history, scopes)
        answer = None
        try:
            for answer in assistant.stream(question, history=list(history), doc_ids=scope.doc_ids,
                                           filters=scope.filters):
                msgs = shown + [{"role": "user", "content": question_html(question)},
                                {"role": "assistant", "content": answer_html(answer, turn, scope.description)}]
                yield msgs, history, scopes, "", gr.update(), gr.update(), gr.update()
        except FootnoteError as e:  # an empty question, an index that cannot be read: one sentence, chat unchanged
            gr.Warning(str(e), duration=4)
            yield shown, history, scopes, question, gr.update(), gr.update(), gr.update()
            return
        history = history + [(question, answer)]
        scopes = scopes + [scope.description]
        first = answer.citations[0].n if answer.citations else None
        yield (chat_messages(history, scopes), history, scopes, "",
               sources_html(answer, turn, first, assistant.document), answer_markdown(answer), (turn, first))

    def select_source(choice, history):
        try:
            turn, n = (int(x) for x in (choice or "").split(":"))
            _, answer = history[turn]
        except (ValueError, IndexError):
            return gr.update(), gr.update(), gr.update()
        assistant.mark_removed(answer)
        return sources_html(answer, turn, n, assistant.document), answer_markdown(answer), (turn, n)

    def pick_example(evt: gr.SelectData) -> str:
        return evt.value["text"]

    def new_chat():
        return [], [], [], EMPTY_SOURCES, "", None

    # ---- library -------------------------------------------------------------------------------------------------
    def refresh_all(history, scopes, selected):
        """Re-renders what depends on the corpus: library, pickers, and old answers (sources may be gone)."""
        docs = assistant.documents()
        for _, a in history:
            assistant.mark_removed(a)
        panel = gr.update()
        if selected and history and selected[0] < len(history):
            turn, n = selected
            panel = sources_html(history[turn][1], turn, n, assistant.document)
        chat = gr.update(value=chat_messages(history, scopes), examples=examples or None)
        return (*library_updates(docs), *filter_updates(docs), chat, panel)

    def upload(files, progress=gr.Progress()):
        if not files:
            return '<div class="fn-status">Choose one or more files first.</div>', None
        paths = [str(f) for f in files]
        taken = {d.doc_id for d in assistant.documents()}
        staged = stage_uploads(paths, settings.uploads_dir, settings.upload_max_mb, taken)
        report = None
        if staged.paths:
            def tick(done, total, current):
                progress((done, total), desc=f"Indexing {Path(current).name}" if current else "Indexing")
            try:
                report = assistant.ingest(staged.paths, progress=tick)
            except FootnoteError as e:
                return f'<div class="fn-status fn-error">{esc(str(e))}</div>', None
            # Files that were not indexed leave the uploads folder, so a re-index does not meet them again.
            for p in [p for p, _ in report.skipped + report.duplicates]:
                if _inside(Path(p), settings.uploads_dir):
                    Path(p).unlink(missing_ok=True)
        return _report_html(report, staged.refused), None

    def delete(doc_id):
        if not doc_id:
            return '<div class="fn-status">Pick a document to delete.</div>'
        info = {d.doc_id: d for d in assistant.documents()}.get(doc_id)
        try:
            removed = assistant.delete(doc_id)
        except FootnoteError as e:
            return f'<div class="fn-status fn-error">{esc(str(e))}</div>'
        if not removed:
            return f'<div class="fn-status">{esc(doc_id)} is not in the index any more.</div>'
        # An uploaded file goes with its document, so re-indexing does not bring it back; seed files stay.
        if info and _inside(Path(info.source), settings.uploads_dir):
            Path(info.source).unlink(missing_ok=True)
        k = len(removed) - 1
        extra = f" and {k} embedded article{'s' if k != 1 else ''}" if k else ""
        return f'<div class="fn-status">Deleted “{esc(info.title if info else doc_id)}”{extra}.</div>'

    def reindex(progress=gr.Progress()):
        sources = {Path(d.source) for d in assistant.documents()}
        folders = [p for p in (settings.seed_dir, settings.uploads_dir) if p.exists()]
        paths = folders + sorted(p for p in sources if p.exists() and not any(_inside(p, f) for f in folders))
        try:
            report = assistant.ingest(paths, progress=lambda d, t, c: progress((d, t), desc="Re-indexing"))
        except FootnoteError as e:
            return f'<div class="fn-status fn-error">{esc(str(e))}</div>'
        return _report_html(report, [])

    # ---- API -----------------------------------------------------------------------------------------------------
    def ask(question: str, doc_ids: list[str] | None = None) -> dict:
        """Answers one question about the indexed documents, optionally only from the given doc ids; returns
        the answer as JSON (text with [n] markers, citations, value, abstained, ...)."""
        try:
            return assistant.ask(question, doc_ids=doc_ids or None).to_dict()
        except FootnoteError as e:
            raise gr.Error(str(e)) from None

    def list_documents() -> list[dict]:
        """Every indexed document (doc_id, title, publisher, author, date, kind, source, chunks, tables, parent)."""
        return [d.to_dict() for d in assistant.documents()]

    # ---- layout --------------------------------------------------------------------------------------------------
    docs = assistant.documents()
    with gr.Blocks(title="Footnote", fill_width=True) as demo:
        history = gr.State([])  # [(question, Answer)], oldest first: passed to the API for follow-ups
        scopes = gr.State([])  # the filter sentence shown under each answer
        selected = gr.State(None)  # (turn, n) open in the sources panel
        gr.Markdown("## Footnote\nAnswers from your documents. Every claim carries a footnote to the passage or "
                    "table cell it came from, checked before it is shown.")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="Chat", elem_id="fn-chat", height=560, latex_delimiters=[],
                                             examples=examples or None, feedback_options=None, buttons=[],
                                             placeholder="Ask about the indexed documents, or pick an example.")
                        with gr.Row():
                            question = gr.Textbox(show_label=False, placeholder="Ask a question…", scale=5,
                                                  elem_id="fn-question", autofocus=True)
                            ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="fn-ask")
                        with gr.Accordion("Filters: restrict the question", open=False):
                            pick_docs = gr.Dropdown(document_choices(docs), multiselect=True, label="Documents")
                            with gr.Row():
                                pick_pubs = gr.Dropdown(sorted({d.publisher for d in docs if d.publisher}),
                                                        multiselect=True, label="Publishers")
                                pick_kinds = gr.Dropdown(sorted({d.kind for d in docs}), multiselect=True,
                                                         label="Kinds")
                            with gr.Row():
                                date_from = gr.Textbox(label="Dated from", placeholder="2025-01-01")
                                date_to = gr.Textbox(label="Dated to", placeholder="2025-12-31")
                        new_btn = gr.Button("New chat", size="sm")
                    with gr.Column(scale=2):
                        sources = gr.HTML(EMPTY_SOURCES, elem_id="fn-sources", label="Sources")
                        copy_btn = gr.Button("Copy answer with sources", size="sm", elem_id="fn-copy")
                        with gr.Accordion("Answer with sources (Markdown)", open=False):
                            markdown = gr.Textbox(show_label=False, lines=6, interactive=False, buttons=["copy"],
                                                  elem_id="fn-markdown")
                choice = gr.Textbox(visible="hidden", elem_id="fn-select")
                choice_btn = gr.Button("Show source", visible="hidden", elem_id="fn-select-btn")
            with gr.Tab("Documents", id="library"):
                library = gr.Dataframe(library_rows(docs), headers=LIBRARY_HEADERS, interactive=False,
                                       elem_id="fn-library", wrap=True, show_search="search",
                                       column_widths=["40%", "13%", "10%", "10%", "6%", "6%", "15%"])
                with gr.Row():
                    files = gr.File(file_count="multiple", file_types=list(UPLOAD_TYPES), elem_id="fn-upload",
                                    label=f"Add documents ({' '.join(UPLOAD_TYPES)}; up to "
                                          f"{settings.upload_max_mb} MB each; larger files: python -m ingest)")
                    with gr.Column():
                        upload_btn = gr.Button("Add to index", variant="primary", elem_id="fn-upload-btn")
                        reindex_btn = gr.Button("Re-index", elem_id="fn-reindex")
                status = gr.HTML('<div class="fn-status"></div>', elem_id="fn-status")
                with gr.Row():
                    pick_delete = gr.Dropdown(document_choices(docs), label="Document to delete",
                                              elem_id="fn-delete-pick", scale=4)
                    delete_btn = gr.Button("Delete", variant="stop", elem_id="fn-delete", scale=1)

        chat_inputs = [question, history, scopes, pick_docs, pick_pubs, pick_kinds, date_from, date_to]
        chat_outputs = [chatbot, history, scopes, question, sources, markdown, selected]
        private = {"api_visibility": "private"}
        question.submit(respond, chat_inputs, chat_outputs, **private)
        ask_btn.click(respond, chat_inputs, chat_outputs, **private)
        chatbot.example_select(pick_example, None, question, **private).then(
            respond, chat_inputs, chat_outputs, **private)
        choice_btn.click(select_source, [choice, history], [sources, markdown, selected], **private)
        copy_btn.click(None, markdown, None, js=_COPY_JS, **private)
        for clear in (new_btn.click, chatbot.clear):
            clear(new_chat, None, [chatbot, history, scopes, sources, markdown, selected], **private)

        refresh_outputs = [library, pick_delete, pick_docs, pick_pubs, pick_kinds, chatbot, sources]
        refresh_inputs = [history, scopes, selected]
        # One index write at a time from this app (the index's file lock guards against other processes).
        writes = {"concurrency_id": "index-write", "concurrency_limit": 1, **private}
        for btn, fn, inputs, outputs in ((upload_btn, upload, [files], [status, files]),
                                         (delete_btn, delete, [pick_delete], [status]),
                                         (reindex_btn, reindex, [], [status])):
            btn.click(fn, inputs, outputs, **writes).then(refresh_all, refresh_inputs, refresh_outputs, **private)
        demo.load(None, None, None, js=_PAGE_JS, **private)
        demo.load(refresh_all, refresh_inputs, refresh_outputs, **private)
        gr.api(ask, api_name="ask")
        gr.api(list_documents, api_name="documents")
    threading.Thread(target=keep_answered_examples, name="footnote-examples", daemon=True).start()
    return demo


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _report_html(report, refused: list[tuple[str, str]]) -> str:
    """What an ingest did, in one short block; every refused or skipped file by name with its reason."""
    lines = []
    if report is not None:
        added = f"Indexed {report.documents} document{'s' if report.documents != 1 else ''}"
        lines.append(f"{added} ({report.chunks} chunks, {report.tables} tables) in {report.seconds:.1f} s.")
        if report.unchanged:
            lines.append(f"{report.unchanged} file{'s' if report.unchanged != 1 else ''} unchanged.")
        for path, twin in report.duplicates:
            lines.append(f"{esc(Path(path).name)}: the same file is already indexed as {esc(twin)}.")
        refused = refused + [(Path(p).name, reason) for p, reason in report.skipped]
    items = "".join(f"<li><b>{esc(name)}</b>{esc(reason[len(name):]) if reason.startswith(name) else ': ' + esc(reason)}"
                    f"</li>" for name, reason in refused)
    bad = f'<div class="fn-error">Not added:</div><ul>{items}</ul>' if refused else ""
    return f'<div class="fn-status">{"<br>".join(lines)}{bad}</div>'


def parse_auth(raw: str) -> tuple[str, str] | None:
    """FOOTNOTE_AUTH `user:pass` as a pair; empty means no login. Raises ValueError when it has no user or no ':'."""
    if not raw:
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or not password:
        raise ValueError("FOOTNOTE_AUTH must look like user:password")
    return user, password


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
    """Builds the app and serves it on settings.host:settings.port (with login when settings.auth is set).
    With block=False it returns at once; call `.close()` on the result to stop it."""
    app = build_app(assistant)
    app.launch(server_name=settings.host, server_port=settings.port, auth=parse_auth(settings.auth),
               prevent_thread_lock=not block, show_error=True, quiet=True, footer_links=["api"],
               max_file_size=f"{settings.upload_max_mb}mb")
    return app


def main() -> int:
    """`python app.py`: serves the chat; exit code 2 with one sentence on stderr when it cannot start."""
    try:
        settings = Settings.from_env()
        parse_auth(settings.auth)
        if not port_free(settings.host, settings.port):
            print(f"error: port {settings.port} on {settings.host} is already in use; stop what runs there or set "
                  f"FOOTNOTE_PORT to a free port.", file=sys.stderr)
            return 2
        assistant = Assistant.open(settings=settings)
        print(f"Footnote: {len(assistant.documents())} documents; serving http://{settings.host}:{settings.port}"
              + (" (login required)" if settings.auth else ""), flush=True)
        serve(assistant, settings)
        return 0
    except (FootnoteError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # the port was taken between the check and the bind
        print(f"error: cannot serve on {settings.host}:{settings.port}: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
