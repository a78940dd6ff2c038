"""The web chat's screens as one Gradio Blocks app over the public `Assistant` API.

The chat streams answers; every [n] opens, in the sources panel beside it, the passage (highlighted in its paragraph)
or the table cell (highlighted in its row and column) that the claim rests on. The Documents tab lists, uploads,
deletes and re-indexes documents. Gradio's API exposes `ask`, which returns `Answer.to_dict()`, and `documents`.
This module lays the screens out and wires their events; what they show is made by `web/render.py` (which escapes
every piece of document text), and what the Documents tab does by `web/library.py`.
"""
from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

import gradio as gr

from assistant import Assistant
from assistant.errors import FootnoteError
from web.examples import example_questions
from web.filters import make_scope
from web.library import (LIBRARY_HEADERS, add_uploads, delete_document, document_choices, library_rows,
                         reindex)
from web.render import EMPTY_SOURCES, answer_html, answer_markdown, chat_messages, question_html, sources_html
from web.settings import ChatConfig
from web.upload import UPLOAD_TYPES

# Clicks on [n] links are caught once for the whole page (chat messages are re-rendered as they stream): the link's
# id says which answer and which footnote; it is written into a hidden box and a hidden button asks the server for
# that source. The chat's HTML sanitiser drops data-* attributes, hence the id. The stylesheet is injected here too,
# so that `build_app(a).launch()` is complete without launch arguments.
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
""" % repr((resources.files("web") / "style.css").read_text(encoding="utf-8"))
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
    web = ChatConfig.from_settings(assistant.settings)

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
        def tick(done, total, current):
            progress((done, total), desc=f"Indexing {Path(current).name}" if current else "Indexing")
        return add_uploads(assistant, [str(f) for f in files or []], web, tick), None

    def delete(doc_id):
        return delete_document(assistant, doc_id, web)

    def reindex_all(progress=gr.Progress()):
        return reindex(assistant, web, lambda d, t, c: progress((d, t), desc="Re-indexing"))

    # ---- API -----------------------------------------------------------------------------------------------------
    def ask(question: str, doc_ids: list[str] | None = None) -> dict:
        """Answers one question about the indexed documents, optionally only from the given doc ids; returns
        the answer as JSON (text with [n] markers, citations, value, abstained, ...)."""
        try:
            return assistant.ask(question, doc_ids=doc_ids or None).to_dict()
        except FootnoteError as e:
            raise gr.Error(str(e)) from None

    def list_documents() -> list[dict]:
        """Every indexed document (doc_id, title, publisher, author, date, kind, source, chunks, tables, parent,
        instructions); `source` is the file's name: where the server keeps it is not the client's to know."""
        return [{**d.to_dict(), "source": Path(d.source).name} for d in assistant.documents()]

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
                                       column_widths=["30%", "10%", "8%", "8%", "5%", "5%", "12%", "22%"])
                with gr.Row():
                    files = gr.File(file_count="multiple", file_types=list(UPLOAD_TYPES), elem_id="fn-upload",
                                    label=f"Add documents ({' '.join(UPLOAD_TYPES)}; up to "
                                          f"{web.upload_max_mb} MB each; larger files: python -m ingest)")
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
                                         (reindex_btn, reindex_all, [], [status])):
            btn.click(fn, inputs, outputs, **writes).then(refresh_all, refresh_inputs, refresh_outputs, **private)
        demo.load(None, None, None, js=_PAGE_JS, **private)
        demo.load(refresh_all, refresh_inputs, refresh_outputs, **private)
        gr.api(ask, api_name="ask")
        gr.api(list_documents, api_name="documents")
    threading.Thread(target=keep_answered_examples, name="footnote-examples", daemon=True).start()
    return demo
