"""Footnote inside llama-index, with llama-index's own classes and no mocks: the retriever returns what
`Assistant.search` ranks, the query and chat engines give what `Assistant.ask` gives, the grounding check grades any
llama-index Response (made-up ones here, and a plain `CitationQueryEngine` answer written by the local model), and
Footnote's readers work inside `SimpleDirectoryReader`.
"""
from __future__ import annotations

import asyncio

import pytest
from llama_index.core import SimpleDirectoryReader
from llama_index.core.base.llms.types import MessageRole
from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import CitationQueryEngine
from llama_index.core.schema import NodeWithScore, TextNode

from assistant.llama_index import (FootnoteChatEngine, FootnoteHTMLReader, FootnoteQueryEngine, FootnoteRetriever,
                                   GroundingEvaluator, file_extractor)

HESAI = "000_b0066b739383cb33"
INVENTORIES_Q = "What were inventories as of March 31, 2025?"
MARGIN_Q = "What was Hesai's gross margin in Q1 2025?"


def answer_dict(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "seconds"}


# ---- retriever ---------------------------------------------------------------------------------------------------
def test_retriever_returns_what_search_ranks_with_where_it_came_from(seed_assistant):
    nodes = FootnoteRetriever(seed_assistant, similarity_top_k=6).retrieve(INVENTORIES_Q)
    hits = seed_assistant.search(INVENTORIES_Q, k=6)
    assert [n.node.node_id for n in nodes] == [h.chunk.chunk_id for h in hits]
    assert [n.score for n in nodes] == pytest.approx([h.score for h in hits])
    for n, h in zip(nodes, hits):
        meta = n.node.metadata
        doc = seed_assistant.document(h.chunk.doc_id)
        assert n.node.get_content() == h.chunk.text
        assert (meta["doc_id"], meta["title"], meta["start"], meta["end"]) == (doc.doc_id, doc.title, h.chunk.start,
                                                                                h.chunk.end)
        assert meta.get("publisher") == doc.publisher and meta.get("date") == doc.date
        if h.chunk.table_id:
            table = next(t for t in doc.tables if t.table_id == h.chunk.table_id)
            assert meta["table"] == table.caption and meta["columns"] == " | ".join(table.columns)
            if h.chunk.kind == "row":
                assert meta["row"] == table.rows[h.chunk.row].label
        else:
            assert "table" not in meta and doc.text[h.chunk.start:h.chunk.end] in h.chunk.text + doc.text
    # The Inventories row is among them, labelled with its table.
    assert any(n.node.metadata.get("row") == "Inventories" for n in nodes)
    # Positions stay out of what an embedding model or an LLM prompt reads.
    from llama_index.core.schema import MetadataMode
    assert "chunk_id" not in nodes[0].node.get_content(metadata_mode=MetadataMode.LLM)


def test_retriever_keeps_the_scope(seed_assistant):
    nodes = FootnoteRetriever(seed_assistant, similarity_top_k=5, doc_ids=[HESAI]).retrieve(MARGIN_Q)
    assert nodes and {n.node.metadata["doc_id"] for n in nodes} == {HESAI}


# ---- query and chat engines ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [INVENTORIES_Q, "Who is Hesai's CFO?", "What was Hesai's revenue in Q2 2025?"])
def test_query_engine_answers_as_ask(seed_assistant, question):
    response = FootnoteQueryEngine(assistant=seed_assistant).query(question)
    ans = seed_assistant.ask(question)
    assert isinstance(response, Response)
    assert response.response == ans.text
    assert answer_dict(response.metadata) == answer_dict(ans.to_dict())
    assert [n.node.get_content() for n in response.source_nodes] == [c.quote for c in ans.citations]
    assert [n.node.metadata["n"] for n in response.source_nodes] == list(range(1, len(ans.citations) + 1))
    for n, c in zip(response.source_nodes, ans.citations):
        assert (n.node.metadata["doc_id"], n.node.metadata["start"], n.node.metadata["end"]) == (c.doc_id, c.start,
                                                                                                 c.end)
        assert n.node.metadata.get("column") == c.column


def test_chat_engine_resolves_follow_ups_as_ask_with_history(seed_assistant):
    first = seed_assistant.ask(MARGIN_Q)
    expected = seed_assistant.ask("And in Q1 2024?", history=[(MARGIN_Q, first)])
    chat = FootnoteQueryEngine(assistant=seed_assistant).chat_engine()
    assert chat.chat(MARGIN_Q).response == first.text
    reply = chat.chat("And in Q1 2024?")
    assert reply.response == expected.text and "Q1 2024" in expected.text and not expected.abstained
    assert [n.node.get_content() for n in reply.source_nodes] == [c.quote for c in expected.citations]
    assert [m.role for m in chat.chat_history] == [MessageRole.USER, MessageRole.ASSISTANT] * 2

    # The same follow-up, streamed, from a history handed over as llama-index messages.
    fresh = FootnoteChatEngine(seed_assistant)
    streamed = fresh.stream_chat("And in Q1 2024?", chat_history=chat.chat_history[:2])
    assert "".join(streamed.response_gen) == expected.text
    assert [n.node.get_content() for n in streamed.source_nodes] == [c.quote for c in expected.citations]
    assert fresh.chat_history[-1].content == expected.text
    chat.reset()
    assert chat.chat_history == []


def test_empty_question_is_a_clear_error(seed_assistant):
    from assistant.errors import EmptyQuestion

    with pytest.raises(EmptyQuestion):
        FootnoteQueryEngine(assistant=seed_assistant).query("  ")
    with pytest.raises(EmptyQuestion):
        FootnoteChatEngine(seed_assistant).stream_chat("")


# ---- the grounding check as an evaluator -----------------------------------------------------------------------------
NORVALE = ("Norvale Robotics reported revenue of EUR 88.5 million in 2024, up from EUR 71.2 million in 2023. "
           "The company employs 420 people at its plant in Tampere.")


def made_up(text: str, *sources: str) -> Response:
    return Response(response=text, source_nodes=[NodeWithScore(node=TextNode(text=s), score=1.0) for s in sources])


def test_evaluator_fails_a_wrong_number_and_passes_the_right_one():
    ev = GroundingEvaluator()
    wrong = ev.evaluate_response("What was Norvale's revenue in 2024?",
                                 made_up("Norvale's revenue was EUR 91.2 million in 2024. [1]", NORVALE))
    assert wrong.passing is False and wrong.score == 0.0
    assert "Norvale's revenue was EUR 91.2 million in 2024. [1]" in wrong.feedback and "91.2" in wrong.feedback
    right = ev.evaluate_response("What was Norvale's revenue in 2024?",
                                 made_up("Norvale's revenue was EUR 88.5 million in 2024. [1]", NORVALE))
    assert right.passing is True and right.score == 1.0 and "NOT GROUNDED" not in right.feedback


def test_evaluator_scores_each_sentence_and_checks_derivations_and_the_question():
    ev = GroundingEvaluator()
    half = ev.evaluate_response(None, made_up("Revenue was EUR 88.5 million in 2024 [1]. The plant employs 520 "
                                              "people [2].", "Filler about the weather.", NORVALE))
    # Sentence one cites a source that does not say it; sentence two has a number its source does not give.
    assert half.passing is False and half.score == 0.0 and half.feedback.count("NOT GROUNDED") == 2
    mixed = ev.evaluate_response(None, made_up("Revenue was EUR 88.5 million in 2024 [1]. The plant employs 520 "
                                               "people [1].", NORVALE))
    assert mixed.score == 0.5 and "520 is not in the cited evidence" in mixed.feedback
    derived = ev.evaluate_response(None, made_up("Norvale's revenue rose by 17.3 (88.5 - 71.2) million in "
                                                 "2024. [1]", NORVALE))
    assert derived.passing, derived.feedback
    miscomputed = ev.evaluate_response(None, made_up("Norvale's revenue rose by 18.3 (88.5 - 71.2) million in "
                                                     "2024. [1]", NORVALE))
    assert not miscomputed.passing and "does not recompute" in miscomputed.feedback
    # Right number, wrong year: the evidence does not meet the question.
    other_year = ev.evaluate_response("What was Norvale's revenue in 2022?",
                                      made_up("Norvale's revenue was EUR 88.5 million. [1]", NORVALE))
    assert not other_year.passing and "2022" in other_year.feedback
    uncited = ev.evaluate_response(None, made_up("Norvale's revenue was EUR 88.5 million in 2024.", NORVALE))
    assert not uncited.passing and "cites nothing" in uncited.feedback


def test_a_source_label_is_not_evidence():
    # CitationQueryEngine writes "Source 3:" into each source's text; its number vouches for nothing.
    ev = GroundingEvaluator()
    labelled = made_up("Norvale opened 3 plants in Tampere. [1]", "Source 3:\nNorvale opened a plant in Tampere.\n")
    assert not ev.evaluate_response(None, labelled).passing
    listed = made_up("Norvale employs 420 people in Tampere [source 1].", f"Source 1:\n{NORVALE}\n")
    assert ev.evaluate_response(None, listed).passing


def test_evaluator_reads_plain_contexts_and_runs_async():
    ev = GroundingEvaluator()
    r = ev.evaluate(query=None, response="Norvale employs 420 people. [1]", contexts=[NORVALE])
    a = asyncio.run(ev.aevaluate(query=None, response="Norvale employs 421 people. [1]", contexts=[NORVALE]))
    assert r.passing and not a.passing and "421" in a.feedback
    empty = ev.evaluate(query=None, response="", contexts=[NORVALE])
    assert empty.invalid_result and empty.passing is None


def test_evaluator_passes_footnote_answers_and_reads_table_citations(seed_assistant):
    ev = GroundingEvaluator()
    engine = FootnoteQueryEngine(assistant=seed_assistant)
    table = engine.query(INVENTORIES_Q)
    result = ev.evaluate_response(INVENTORIES_Q, table)
    # The cell's units and column header come from the node's metadata, as in Footnote's own check.
    assert result.passing, result.feedback
    assert table.source_nodes[0].node.metadata["column"] == "March 31, 2025 · RMB"
    abstention = engine.query("What was Hesai's revenue in Q2 2025?")
    assert abstention.metadata["abstained"] and ev.evaluate_response("", abstention).passing


# ---- readers ---------------------------------------------------------------------------------------------------------
PAGE = """<!doctype html><html><head><title>Kestrel Pumps posts record quarter | Harbor Ledger</title>
<meta property="og:site_name" content="Harbor Ledger"><meta property="article:published_time" content="2025-04-02">
</head><body><nav><a href="/">Home</a> <a href="/markets">Markets</a> Subscribe now</nav>
<article><h1>Kestrel Pumps posts record quarter</h1>
<p>Kestrel Pumps said on Wednesday that quarterly sales rose to 41.2 million euros, a record for the company.</p>
<table><caption>Quarterly results (in EUR millions)</caption>
<tr><th></th><th>Q1 2025</th><th>Q1 2024</th></tr>
<tr><td>Sales</td><td>41.2</td><td>35.0</td></tr><tr><td>Net income</td><td>3.1</td><td>2.4</td></tr></table>
</article><footer>Share on Twitter. Copyright Harbor Ledger.</footer></body></html>"""
NOTE = """---
title: Pump fleet notes
date: 2025-03-01
---
# Pump fleet notes

The **fleet** grew in 2024, see [the report](https://example.com/report).

| Site | Pumps 2024 | Pumps 2023 |
|---|---|---|
| Tampere | 120 | 95 |
| Oulu | 80 | 61 |
"""
SHEET = "Region,2024,2023\nNorth,1200,1100\nSouth,900,950\n"


def test_readers_inside_simple_directory_reader(tmp_path):
    (tmp_path / "kestrel.html").write_text(PAGE)
    (tmp_path / "notes.md").write_text(NOTE)
    (tmp_path / "sales.csv").write_text(SHEET)
    (tmp_path / "empty.htm").write_text("<html><body><nav>Home</nav></body></html>")
    docs = SimpleDirectoryReader(str(tmp_path), file_extractor=file_extractor(tables=True)).load_data()

    def of(name: str, tables: bool = False) -> list:
        return [d for d in docs if d.metadata["file_name"] == name and (d.metadata["kind"] == "table") == tables]

    assert not of("empty.htm")  # refused, named, skipped; the rest loads

    (page,) = of("kestrel.html")
    assert "41.2 million euros" in page.text
    assert "Subscribe now" not in page.text and "Share on Twitter" not in page.text
    assert page.metadata["publisher"] == "Harbor Ledger" and page.metadata["date"] == "2025-04-02"
    assert page.metadata["title"].startswith("Kestrel Pumps posts record quarter") and page.metadata["tables"] == 1
    (table,) = of("kestrel.html", tables=True)
    assert "Quarterly results" in table.metadata["caption"] and table.metadata["scale"] == "million"
    assert table.metadata["columns"].split(" | ")[:2] == ["Q1 2025", "Q1 2024"]
    assert "| Net income | 3.1 | 2.4 |" in table.text

    (note,) = of("notes.md")
    assert "**" not in note.text and "](" not in note.text and note.metadata["date"] == "2025-03-01"
    (note_table,) = of("notes.md", tables=True)
    assert "| Tampere | 120 | 95 |" in note_table.text

    (sheet_table,) = of("sales.csv", tables=True)
    assert "| North | 1200 | 1100 |" in sheet_table.text and sheet_table.metadata["columns"] == "2024 | 2023"
    # File metadata from SimpleDirectoryReader is kept beside Footnote's; positions stay out of the embedded text.
    assert page.metadata["file_path"].endswith("kestrel.html") and "doc_id" in page.excluded_embed_metadata_keys


def test_one_reader_for_html_alone(tmp_path):
    (tmp_path / "kestrel.html").write_text(PAGE)
    (tmp_path / "notes.md").write_text(NOTE)
    docs = SimpleDirectoryReader(str(tmp_path), file_extractor={".html": FootnoteHTMLReader()}).load_data()
    html = [d for d in docs if d.metadata["file_name"] == "kestrel.html"]
    assert len(html) == 1 and "Subscribe now" not in html[0].text  # no table Documents unless asked
    md = [d for d in docs if d.metadata["file_name"] == "notes.md"]
    assert md and "kind" not in md[0].metadata  # llama-index's own Markdown reader, untouched


# ---- a plain llama-index CitationQueryEngine answer, written by the local model, graded ------------------------------
@pytest.mark.llm
def test_evaluator_grades_a_citation_query_engine_answer_from_the_local_model(seed_assistant):
    from llama_index.llms.llama_cpp import LlamaCPP

    from assistant.llm import default_gguf
    from assistant.settings import Settings

    llm = LlamaCPP(model_path=str(default_gguf(Settings.from_env())), temperature=0.0, max_new_tokens=48,
                   context_window=2048, completion_to_prompt=lambda prompt: prompt, verbose=False,
                   generate_kwargs={"stop": ["\nQuery:", "\nSource", "\n\n"]})
    engine = CitationQueryEngine(FootnoteRetriever(seed_assistant, similarity_top_k=2), llm=llm,
                                 citation_chunk_size=256)
    response = engine.query(MARGIN_Q)
    assert response.source_nodes and response.source_nodes[0].node.get_content().startswith("Source 1:")
    result = GroundingEvaluator().evaluate_response(MARGIN_Q, response)
    if result.invalid_result:  # the model wrote nothing checkable: the evaluator says so instead of scoring
        assert not response.response or not response.response.strip(" .\n"), response.response
        return
    assert result.passing is not None and 0.0 <= result.score <= 1.0
    head, *failing = result.feedback.splitlines()
    grounded, total = (int(x) for x in head.split(" sentences")[0].split(" of "))
    assert total >= 1 and result.score == pytest.approx(grounded / total)
    assert len(failing) == total - grounded and result.passing == (grounded == total)
    assert all(line.startswith("NOT GROUNDED: ") for line in failing)
