"""The web chat's screens as one Gradio Blocks app over the public `Assistant` API.

The chat streams answers (the stage, a model's words as a draft, then the checked answer; Stop ends one); every
[n] opens, in the sources panel beside it, the passage (highlighted in its paragraph) or the table cell (highlighted
in its row and column) that the claim rests on. The Documents tab lists, uploads (every file's status as it goes),
views, re-reads, edits (title, publisher, date), deletes (after a confirmation) and re-indexes documents; every
choice list follows the library as it changes. This module lays the screens out and wires their events; what they
show is made by `web/render.py` (which escapes every piece of document text), what the Documents tab does by
`web/library.py`, and the scripted API (`ask`, `search`, `documents`, `document`, `upload`, `delete`, `edit`) by
`web/api.py`.
"""
from __future__ import annotations

from importlib import resources

import gradio as gr

from assistant import Assistant
from assistant.errors import FootnoteError
from web.api import add_api, gradio_cache
from web.conversations import browser_secret, conversation_choices, new_id, restored, saved_with, without
from web.examples import CheckedExamples
from web.filters import choices_for, dropped_notice, keep_known, make_scope
from web.library import (LIBRARY_HEADERS, delete_document, delete_question, document_choices, edit_details,
                         library_rows, reindex, reparse, results_html, upload_steps)
from web.logs import handled
from web.render import (EMPTY_SOURCES, answer_html, answer_markdown, chat_messages, document_html, esc,
                        question_html, sources_html)
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
  // The chat labels each message for screen readers with its raw content, which for us is HTML; the label is
  // rewritten to the text the message shows (set only when it differs, so the observer settles).
  const readable = () => document.querySelectorAll('#fn-chat [aria-label*="<div class="]').forEach((el) => {
    const label = el.getAttribute('aria-label');
    const plain = label.slice(0, label.indexOf('<div class=')) + el.textContent.replace(/\\s+/g, ' ').trim();
    if (plain !== label) el.setAttribute('aria-label', plain);
  });
  new MutationObserver(readable).observe(document.body, {subtree: true, childList: true, attributes: true,
                                                         attributeFilter: ['aria-label']});
}
""" % repr((resources.files("web") / "style.css").read_text(encoding="utf-8"))
_COPY_JS = """
(md) => {
  const button = document.getElementById('fn-copy');
  const say = (text) => {
    if (!button.dataset.label) button.dataset.label = button.textContent;
    button.textContent = text;
    clearTimeout(button.__restore);
    button.__restore = setTimeout(() => { button.textContent = button.dataset.label; }, 1500);
  };
  if (!md) { say('Nothing to copy yet'); return md; }
  say('Copied ✓');
  const fallback = () => {
    const t = document.createElement('textarea');
    t.value = md; document.body.appendChild(t); t.select(); document.execCommand('copy'); t.remove();
  };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(md).catch(fallback);
  else fallback();
  return md;
}
"""


def build_app(assistant: Assistant, examples: CheckedExamples | None = None) -> gr.Blocks:
    """The web chat over `assistant`: chat with sources panel, filters and saved conversations, the document
    library, and the scripted API (`web/api.py`). The example questions come from `examples` (by default chosen
    when a page first asks for them)."""
    web = ChatConfig.from_settings(assistant.settings)
    examples = examples or CheckedExamples(assistant)

    def choice_updates(docs, doc_vals, pub_vals, kind_vals, delete_val):
        """Every choice list (the three filters, the delete picker) offering what the library holds now; the chosen
        values still offered, and the filter values that were dropped. A list's value is sent only when one of its
        values is gone: the values here were read when the refresh was asked, and sending them back would undo a
        choice made while it ran (a document picked for editing, its boxes then blanked)."""
        now = choices_for(docs)
        updates, kept_values, dropped = [], [], []
        for values, options, allowed in ((doc_vals, now.documents, now.doc_ids()),
                                         (pub_vals, now.publishers, set(now.publishers)),
                                         (kind_vals, now.kinds, set(now.kinds))):
            kept, gone = keep_known(values, allowed)
            dropped += gone
            kept_values.append(kept)
            updates.append(gr.update(choices=options, value=kept) if gone else gr.update(choices=options))
        kept, gone = keep_known(delete_val, now.doc_ids())  # a deleted document leaves the picker without a notice
        updates.append(gr.update(choices=now.documents, value=kept[0] if kept else None) if gone
                       else gr.update(choices=now.documents))
        return updates, kept_values, dropped

    # ---- chat ----------------------------------------------------------------------------------------------------
    def respond(question, history, scopes, doc_ids, publishers, kinds, date_from, date_to, conv_id, saved,
                request: gr.Request):
        """Streams the answer; the last step also saves the conversation in the browser, with the answer it shows
        (so a reload right after an answer never loses it). Stopped (see `stop`), it ends with the chat as it was
        before the question, which goes back in the box."""
        unsaved = (gr.update(),) * 3
        question = (question or "").strip()
        # The filters may name what the library no longer holds (deleted here or in another tab): those values
        # are dropped, said in one line, and the question goes ahead with the rest.
        try:
            docs = assistant.documents()
        except FootnoteError as e:  # the index cannot be read: one sentence, the page as it was
            gr.Warning(handled("chat", e), duration=4)
            yield (gr.update(), history, scopes) + (gr.update(),) * 7 + unsaved
            return
        (docs_up, pubs_up, kinds_up, _), kept, dropped = choice_updates(docs, doc_ids, publishers, kinds, None)
        if dropped:
            gr.Warning(dropped_notice(dropped), duration=6)
        pickers = (docs_up, pubs_up, kinds_up) if dropped else (gr.update(),) * 3
        try:
            scope = make_scope(*kept, date_from, date_to)
        except ValueError as e:
            gr.Warning(handled("chat", e), duration=4)
            yield gr.update(), history, scopes, gr.update(), gr.update(), gr.update(), gr.update(), *pickers, *unsaved
            return
        turn = len(history)
        shown = chat_messages(history, scopes)
        answer = None
        try:
            snapshots = assistant.stream(question, history=list(history), doc_ids=scope.doc_ids, filters=scope.filters)
            for answer in snapshots:
                if request.session_hash in stopping:
                    snapshots.close()  # ends the generation (a language model is released at once)
                    gr.Info("Stopped. Nothing of that answer was kept; edit the question or ask again.", duration=4)
                    yield shown, history, scopes, question, gr.update(), gr.update(), gr.update(), *pickers, *unsaved
                    return
                msgs = shown + [{"role": "user", "content": question_html(question)},
                                {"role": "assistant", "content": answer_html(answer, turn, scope.description)}]
                yield msgs, history, scopes, "", gr.update(), gr.update(), gr.update(), *pickers, *unsaved
        except FootnoteError as e:  # an empty question, an index that cannot be read: one sentence, chat unchanged
            gr.Warning(handled("chat", e), duration=4)
            yield shown, history, scopes, question, gr.update(), gr.update(), gr.update(), *pickers, *unsaved
            return
        history = history + [(question, answer)]
        scopes = scopes + [scope.description]
        first = answer.citations[0].n if answer.citations else None
        yield (chat_messages(history, scopes), history, scopes, "",
               sources_html(answer, turn, first, assistant.document), answer_markdown(answer), (turn, first), *pickers,
               *save_conversation(history, scopes, conv_id, saved))

    def select_source(choice, history):
        try:
            turn, n = (int(x) for x in (choice or "").split(":"))
            _, answer = history[turn]
        except (ValueError, IndexError):
            return gr.update(), gr.update(), gr.update()
        assistant.mark_removed(answer)
        return sources_html(answer, turn, n, assistant.document), answer_markdown(answer), (turn, n)

    # Stop is a flag the answering generator reads at each snapshot, so the chat as it was is the event's own last
    # output. (Gradio's `cancels` closed the generator, but a snapshot already on its way then landed after the stop
    # handler's output and put the half-written draft back.)
    stopping: set[str] = set()  # sessions whose running answer was stopped

    def busy(request: gr.Request):
        """While an answer is made, Stop replaces Ask."""
        stopping.discard(request.session_hash)
        return gr.update(visible=False), gr.update(visible=True, value="Stop", interactive=True)

    def stop(request: gr.Request):
        stopping.add(request.session_hash)
        return gr.update(value="Stopping…", interactive=False)

    def idle(request: gr.Request):
        stopping.discard(request.session_hash)
        return gr.update(visible=True), gr.update(visible=False)

    def pick_example(evt: gr.SelectData) -> str:
        return evt.value["text"]

    def new_chat():
        return [], [], [], EMPTY_SOURCES, "", None, None

    # ---- conversations kept in this browser ----------------------------------------------------------------------
    def save_conversation(history, scopes, conv_id, saved):
        """After each answer: this conversation saved in the browser, first in the list."""
        if not history:
            return gr.update(), conv_id, gr.update()
        conv_id = conv_id or new_id()
        saved = saved_with(saved, conv_id, history, scopes)
        return saved, conv_id, gr.update(choices=conversation_choices(saved), value=conv_id)

    def open_conversation(chosen, saved):
        got = restored(saved, chosen)
        if got is None:
            gr.Warning("That conversation is not saved in this browser any more.", duration=4)
            return (gr.update(),) * 7 + (gr.update(choices=conversation_choices(saved), value=None),)
        past, past_scopes = got
        for _, a in past:
            assistant.mark_removed(a)  # documents deleted since then show as removed sources
        turn = len(past) - 1
        last = past[-1][1]
        first = last.citations[0].n if last.citations else None
        return (chat_messages(past, past_scopes), past, past_scopes, chosen,
                sources_html(last, turn, first, assistant.document), answer_markdown(last), (turn, first),
                gr.update())

    def delete_conversation(chosen, conv_id, saved):
        saved = without(saved, chosen)
        return saved, (None if chosen == conv_id else conv_id), gr.update(choices=conversation_choices(saved),
                                                                          value=None)

    def list_conversations(saved):
        return gr.update(choices=conversation_choices(saved), value=None)

    # ---- library -------------------------------------------------------------------------------------------------
    def refresh_all(history, scopes, selected, doc_vals, pub_vals, kind_vals, delete_val):
        """Re-renders what depends on the corpus: library, every choice list, and old answers (sources may be
        gone)."""
        docs = assistant.documents()
        (docs_up, pubs_up, kinds_up, delete_up), _, dropped = choice_updates(docs, doc_vals, pub_vals, kind_vals,
                                                                             delete_val)
        if dropped:
            gr.Warning(dropped_notice(dropped), duration=6)
        for _, a in history:
            assistant.mark_removed(a)
        panel = gr.update()
        if selected and history and selected[0] < len(history):
            turn, n = selected
            panel = sources_html(history[turn][1], turn, n, assistant.document)
        chat = gr.update(value=chat_messages(history, scopes))
        return gr.update(value=library_rows(docs)), delete_up, docs_up, pubs_up, kinds_up, chat, panel, \
            gr.Timer(active=True)

    def show_examples():
        """Offers the examples once they are checked (the timer polls until then, and stops)."""
        qs = examples.current()
        if qs is None:
            return gr.update(), gr.update()
        return gr.update(examples=[{"text": q} for q in qs] or None), gr.Timer(active=False)

    def add_files(files):
        """Streams every file's status (queued, reading, then indexed or why not) as the upload goes on."""
        results = []
        for results in upload_steps(assistant, [str(f) for f in files or []], web, gradio_cache()):
            yield results_html(results), gr.update()
        yield results_html(results), None

    def details_of(doc_id, filled_for):
        """The edit boxes filled with the picked document's title, publisher and date as recorded now, and the
        document they were filled for; emptied when the pick is cleared. Text typed into the picker that names no
        document leaves them as they are: the dropdown reports the typed text before the option clicked, and a late
        answer to it must not blank what the option filled in. Nor does the same document reported again: the
        dropdown reports its value once more when it loses focus (clicking the edit boxes), and that late answer must
        not overwrite what the user has typed since."""
        if not doc_id:
            return "", "", "", None
        info = {d.doc_id: d for d in assistant.documents()}.get(doc_id)
        if info is None or doc_id == filled_for:
            return gr.update(), gr.update(), gr.update(), filled_for
        return info.title, info.publisher or "", info.date or "", doc_id

    def save_details(doc_id, title, publisher, date):
        return edit_details(assistant, doc_id, title, publisher, date)

    def view(doc_id):
        doc = assistant.document(doc_id) if doc_id else None
        if doc is None:
            return f'<div class="fn-status">{esc(doc_id or "Pick a document")}' + (
                " is not in the index any more.</div>" if doc_id else " to view.</div>")
        embedded = [(d.title, d.doc_id) for d in assistant.documents() if d.parent == doc_id]
        return document_html(doc, [c.start for c in assistant.chunks(doc_id) if c.kind == "text"], embedded)

    def ask_delete(doc_id):
        """Delete asks first: the confirmation names what goes."""
        asked = delete_question(assistant, doc_id)
        if asked is None:
            msg = "Pick a document to delete." if not doc_id else f"{doc_id} is not in the index any more."
            return gr.update(visible=False), "", f'<div class="fn-status">{esc(msg)}</div>'
        return gr.update(visible=True), asked, gr.update()

    def delete_confirmed(doc_id):
        _, said = delete_document(assistant, doc_id, web)
        return f'<div class="fn-status">{esc(said)}</div>', gr.update(visible=False)

    def reparse_one(doc_id, progress=gr.Progress()):
        progress(None, desc="Re-reading")
        return reparse(assistant, doc_id)

    def reindex_all(progress=gr.Progress()):
        return reindex(assistant, web, lambda d, t, c: progress((d, t), desc="Re-indexing"))

    # ---- layout --------------------------------------------------------------------------------------------------
    docs = assistant.documents()
    with gr.Blocks(title="Footnote", fill_width=True) as demo:
        history = gr.State([])  # [(question, Answer)], oldest first: passed to the API for follow-ups
        scopes = gr.State([])  # the filter sentence shown under each answer
        selected = gr.State(None)  # (turn, n) open in the sources panel
        conv_id = gr.State(None)  # the id this conversation is saved under in the browser (None until asked)
        saved = gr.BrowserState([], storage_key="footnote-conversations",  # [{id, title, updated, turns}]
                                secret=browser_secret(web.data_dir))
        gr.Markdown("## Footnote\nAnswers from your documents. Every claim carries a footnote to the passage or "
                    "table cell it came from, checked before it is shown.")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="Chat", show_label=False, elem_id="fn-chat", height=560,
                                             latex_delimiters=[], feedback_options=None, buttons=[],
                                             placeholder="Ask about the indexed documents, or pick an example.")
                        with gr.Row():
                            question = gr.Textbox(show_label=False, placeholder="Ask a question…", scale=5,
                                                  elem_id="fn-question", autofocus=True)
                            ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="fn-ask")
                            stop_btn = gr.Button("Stop", variant="stop", scale=1, elem_id="fn-stop", visible=False)
                        with gr.Accordion("Filters: restrict the question", open=False):
                            # Every choice list takes any value (allow_custom_value): one the library lost since the
                            # page got its choices is dropped with a notice by the handler, never refused by Gradio.
                            offered = choices_for(docs)
                            pick_docs = gr.Dropdown(offered.documents, multiselect=True, label="Documents",
                                                    elem_id="fn-filter-docs", allow_custom_value=True)
                            with gr.Row():
                                pick_pubs = gr.Dropdown(offered.publishers,
                                                        multiselect=True, label="Publishers",
                                                        elem_id="fn-filter-pubs", allow_custom_value=True)
                                pick_kinds = gr.Dropdown(offered.kinds, multiselect=True,
                                                         label="Kinds", allow_custom_value=True)
                            with gr.Row():
                                date_from = gr.Textbox(label="Dated from", placeholder="2025-01-01")
                                date_to = gr.Textbox(label="Dated to", placeholder="2025-12-31")
                        new_btn = gr.Button("New chat", size="sm")
                        with gr.Accordion("Past conversations (kept in this browser)", open=False,
                                          elem_id="fn-convs"):
                            with gr.Row():
                                pick_conv = gr.Dropdown([], label="Conversation", elem_id="fn-conv-pick", scale=4,
                                                        allow_custom_value=True)
                                open_conv = gr.Button("Open", elem_id="fn-conv-open", scale=1)
                                delete_conv = gr.Button("Delete", elem_id="fn-conv-delete", scale=1)
                    with gr.Column(scale=2):
                        sources = gr.HTML(EMPTY_SOURCES, elem_id="fn-sources", label="Sources")
                        copy_btn = gr.Button("Copy answer with sources", size="sm", elem_id="fn-copy")
                        with gr.Accordion("Answer with sources (Markdown)", open=False):
                            markdown = gr.Textbox(show_label=False, lines=6, interactive=False, buttons=["copy"],
                                                  elem_id="fn-markdown")
                choice = gr.Textbox(visible="hidden", elem_id="fn-select")
                choice_btn = gr.Button("Show source", visible="hidden", elem_id="fn-select-btn")
            with gr.Tab("Documents", id="library"):
                # Adding first, with its per-file result right under it: visible without scrolling past the list.
                with gr.Row():
                    files = gr.File(file_count="multiple", file_types=list(UPLOAD_TYPES), elem_id="fn-upload",
                                    height=140, scale=3,
                                    label=f"Add documents ({' '.join(UPLOAD_TYPES)}; up to "
                                          f"{web.upload_max_mb} MB each; larger files: python -m ingest)")
                    with gr.Column(scale=1):
                        upload_btn = gr.Button("Add to index", variant="primary", elem_id="fn-upload-btn")
                        reindex_btn = gr.Button("Re-index all", elem_id="fn-reindex")
                status = gr.HTML('<div class="fn-status"></div>', elem_id="fn-status")
                with gr.Row():
                    pick_delete = gr.Dropdown(document_choices(docs), label="Document", elem_id="fn-delete-pick",
                                              scale=4, allow_custom_value=True)
                    view_btn = gr.Button("View", elem_id="fn-view", scale=1)
                    reparse_btn = gr.Button("Re-read", elem_id="fn-reparse", scale=1)
                    delete_btn = gr.Button("Delete…", variant="stop", elem_id="fn-delete", scale=1)
                with gr.Accordion("Edit title, publisher, date", open=False, elem_id="fn-edit"):
                    with gr.Row():
                        edit_title = gr.Textbox(label="Title", scale=3, elem_id="fn-edit-title")
                        edit_pub = gr.Textbox(label="Publisher", scale=2, elem_id="fn-edit-publisher",
                                              placeholder="empty: none")
                        edit_date = gr.Textbox(label="Date", scale=1, elem_id="fn-edit-date",
                                               placeholder="2025-07-30; empty: undated")
                        save_btn = gr.Button("Save details", scale=1, elem_id="fn-edit-save")
                    edit_for = gr.State(None)  # the document the edit boxes were filled for
                with gr.Row(visible=False, elem_id="fn-delete-ask") as confirm_row:
                    confirm_text = gr.HTML(scale=4)
                    confirm_btn = gr.Button("Yes, delete", variant="stop", elem_id="fn-delete-confirm", scale=1)
                    cancel_btn = gr.Button("Cancel", elem_id="fn-delete-cancel", scale=1)
                docview = gr.HTML("", elem_id="fn-docview")  # a document opened with View, above the list
                library = gr.Dataframe(library_rows(docs), headers=LIBRARY_HEADERS, interactive=False,
                                       elem_id="fn-library", wrap=True, show_search="search",
                                       column_widths=["30%", "10%", "8%", "8%", "5%", "5%", "12%", "22%"])

        chat_inputs = [question, history, scopes, pick_docs, pick_pubs, pick_kinds, date_from, date_to, conv_id, saved]
        chat_outputs = [chatbot, history, scopes, question, sources, markdown, selected, pick_docs, pick_pubs,
                        pick_kinds, saved, conv_id, pick_conv]
        private = {"api_visibility": "private"}
        for start in (question.submit(busy, None, [ask_btn, stop_btn], queue=False, **private),
                      ask_btn.click(busy, None, [ask_btn, stop_btn], queue=False, **private),
                      chatbot.example_select(pick_example, None, question, **private).then(
                          busy, None, [ask_btn, stop_btn], queue=False, **private)):
            start.then(respond, chat_inputs, chat_outputs, **private).then(idle, None, [ask_btn, stop_btn],
                                                                            queue=False, **private)
        stop_btn.click(stop, None, stop_btn, queue=False, **private)
        open_conv.click(open_conversation, [pick_conv, saved],
                        [chatbot, history, scopes, conv_id, sources, markdown, selected, pick_conv], **private)
        delete_conv.click(delete_conversation, [pick_conv, conv_id, saved], [saved, conv_id, pick_conv], **private)
        demo.load(list_conversations, saved, pick_conv, **private)
        choice_btn.click(select_source, [choice, history], [sources, markdown, selected], **private)
        copy_btn.click(None, markdown, None, js=_COPY_JS, **private)
        for clear in (new_btn.click, chatbot.clear):
            clear(new_chat, None, [chatbot, history, scopes, sources, markdown, selected, conv_id], **private)

        examples_timer = gr.Timer(1.0)
        examples_timer.tick(show_examples, None, [chatbot, examples_timer], show_progress="hidden", **private)
        refresh_outputs = [library, pick_delete, pick_docs, pick_pubs, pick_kinds, chatbot, sources, examples_timer]
        refresh_inputs = [history, scopes, selected, pick_docs, pick_pubs, pick_kinds, pick_delete]
        # One index write at a time from this app (the index's file lock guards against other processes).
        writes = {"concurrency_id": "index-write", "concurrency_limit": 1, **private}
        for btn, fn, inputs, outputs in ((upload_btn, add_files, [files], [status, files]),
                                         (save_btn, save_details, [pick_delete, edit_title, edit_pub, edit_date],
                                          [status]),
                                         (confirm_btn, delete_confirmed, [pick_delete], [status, confirm_row]),
                                         (reparse_btn, reparse_one, [pick_delete], [status]),
                                         (reindex_btn, reindex_all, [], [status])):
            # The upload streams its own per-file table, so no loading shade is laid over it.
            shade = {"show_progress": "hidden"} if btn is upload_btn else {}
            btn.click(fn, inputs, outputs, **writes, **shade).then(refresh_all, refresh_inputs, refresh_outputs,
                                                                   **private)
        view_btn.click(view, [pick_delete], [docview], **private)
        delete_btn.click(ask_delete, [pick_delete], [confirm_row, confirm_text, status], **private)
        for hide in (cancel_btn.click, pick_delete.change):  # a confirmation only ever answers what it asked
            hide(lambda: gr.update(visible=False), None, confirm_row, **private)
        pick_delete.change(details_of, [pick_delete, edit_for], [edit_title, edit_pub, edit_date, edit_for],
                           **private)
        demo.load(None, None, None, js=_PAGE_JS, **private)
        demo.load(refresh_all, refresh_inputs, refresh_outputs, **private)
        add_api(assistant, web)
    return demo
