"""One evaluation run: index the corpus, ask every gold question through the public Assistant API, score it.

Questions are asked in file order; a follow-up is asked with its preceding question (and that one's answer) as
history, the way the web chat does it. The same metric code (`eval.metrics`) scores Footnote and the plain
llama-index baseline, and every shown answer is also re-checked from the source files (`eval.recheck`).
Scores are a pure function of the answers, so two runs give the same scores (latency excepted). They are given for
the `tune` and `check` parts of the gold set (`eval.split`) and for both together; the gate reads `check`.
"""
from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant import Answer, Assistant
from eval import metrics as m
from eval.baseline import Baseline
from eval.dataset import GoldQuestion, load_dataset
from eval.recheck import SourceTexts, recheck_answer
from eval.split import by_part, part as part_of, select
from ingest.load import iter_files
from assistant.settings import Settings
from ingest.settings import PROJECT_ROOT

EVAL_DIR = Path(__file__).resolve().parent
DEFAULT_DATASET = EVAL_DIR / "data" / "seed"
REPORTS_DIR = EVAL_DIR / "reports"
RECALL_KS = (1, 5, 10)


@dataclass
class RunOptions:
    """What one evaluation run uses; None means the default."""

    dataset: Path = DEFAULT_DATASET
    corpus: Path | None = None  # default: the settings' seed folder
    answerer: str | None = None  # extractive, local or openai; default: the settings' answerer
    index_dir: Path | None = None  # default: a cache folder keyed by the corpus and the ingest code
    part: str = "all"  # tune, check or all
    limit: int | None = None  # only the first N questions (of the part)
    baseline: bool = True
    settings: Settings | None = None


@dataclass
class RunResult:
    """Per-question results (as written to results.jsonl) and the summary (summary.json)."""

    results: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)


# ---------------------------------------------------------------- the two places eval looks inside the assistant


def retrieved_hits(assistant: Assistant, question: str, history: list[tuple[str, Answer]]) -> list:
    """The chunks the assistant's retriever ranks for a question, best first, as many as it uses (FOOTNOTE_TOP_K).

    Retrieval metrics need the ranking itself, which an answer does not carry; a follow-up is resolved against its
    history first, as `ask` does.
    """
    return assistant.search(question, k=assistant.settings.answer.top_k, history=history)


def shared_grounding(assistant: Assistant, answer: Answer) -> list[bool]:
    """For each sentence of a shown answer, whether it passes the one shared grounding check."""
    from assistant.grounding import verify_answer

    def doc_text(doc_id: str) -> str | None:
        doc = assistant.document(doc_id)
        return doc.text if doc is not None else None

    return [v.ok for v in verify_answer(answer, doc_text, assistant.said_nowhere)]


# ---------------------------------------------------------------- index


def index_key(corpus: Path, settings: Settings) -> str:
    """A key for a cached index: the corpus files, the ingest code and the settings that shape chunks."""
    h = hashlib.sha256()
    for path in iter_files([corpus]):
        h.update(str(path.relative_to(corpus)).encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted((PROJECT_ROOT / "ingest").glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    s = settings.ingest
    h.update(f"{s.embed_model}|{s.chunk_tokens}|{s.chunk_overlap}".encode())
    return h.hexdigest()[:16]


def open_assistant(corpus: Path, settings: Settings, answerer: str | None, index_dir: Path | None) -> Assistant:
    """An Assistant over the corpus. Without index_dir, a cached index under DATA_DIR/cache/ (never data/index),
    rebuilt when the corpus or the ingest code changes; ingesting an unchanged corpus again writes nothing."""
    if index_dir is None:
        index_dir = settings.ingest.cache_dir / f"eval-index-{index_key(corpus, settings)}"
    assistant = Assistant.open(index_dir=index_dir, settings=settings, answerer=answerer)
    report = assistant.ingest([corpus])
    if report.skipped:
        print(f"eval: skipped {len(report.skipped)} file(s): {report.skipped}", file=sys.stderr)
    return assistant


# ---------------------------------------------------------------- scoring one question


def gold_row_spans(gold: GoldQuestion, sources: SourceTexts) -> list[tuple[str, int, int]]:
    """Where the gold table row is in the gold documents, read from the files: (doc_id, start, end) per match."""
    spans = []
    for doc_id in gold.gold_docs:
        doc = sources.get(doc_id)
        for table in doc.tables if doc else []:
            if m.caption_matches(gold.table, table.caption):
                spans += [(doc_id, r.start, r.end) for r in table.rows if m.label_matches(gold.row, r.label)]
    return spans


def _baseline_gold(gold: GoldQuestion) -> set[str]:
    # The baseline reads each file as one document: a blurb's gold is its host file.
    return {d.split("#")[0] for d in gold.gold_docs}


def score_question(gold: GoldQuestion, answer: Answer, ranked: list[str], context: str, row_rank: int | None,
                   grounding: list[bool], recheck: dict) -> dict:
    """Every per-question verdict for Footnote's answer (see the report for what each means)."""
    cites = [c.to_dict() for c in answer.citations]
    cited_docs = [c["doc_id"] for c in cites]
    answerable = not gold.abstain
    if gold.abstain:
        correct = answer.abstained
    elif gold.answers:
        correct = not answer.abstained and m.answer_correct(gold.answers, answer.text, answer.value)
    else:  # a retrieval-only BEIR set gives no expected answer
        correct = None
    verdicts = {
        "should_abstain": gold.abstain,
        "abstained": answer.abstained,
        "correct": correct,
        "answer_in_context": m.answer_correct(gold.answers, context) if answerable and gold.answers else None,
        "citation_precision": m.citation_precision(cited_docs, gold.gold_docs) if answerable else None,
        "citation_recall": m.citation_recall(cited_docs, gold.gold_docs) if answerable else None,
        "cell_cited": m.cell_cited(cites, gold.table, gold.row, gold.column),
        "sentences": len(grounding),
        "grounded_sentences": sum(grounding),
        "recheck": recheck,
    }
    if gold.gold_docs:
        for k in RECALL_KS:
            verdicts[f"recall@{k}"] = m.recall_at_k(ranked, gold.gold_docs, k)
        verdicts["mrr@10"] = m.mrr_at_k(ranked, gold.gold_docs, 10)
        verdicts["ndcg@10"] = m.ndcg_at_k(ranked, gold.qrels, 10)
    if gold.table and gold.row:
        verdicts["row_hit@5"] = row_rank is not None and row_rank <= 5
    return verdicts


def score_baseline(gold: GoldQuestion, ranked: list[str], context: str) -> dict:
    """The baseline's verdicts: retrieval against host-file gold, and answer-in-context."""
    out: dict = {"retrieved": ranked}
    golds = _baseline_gold(gold)
    if golds:
        for k in RECALL_KS:
            out[f"recall@{k}"] = m.recall_at_k(ranked, golds, k)
        out["mrr@10"] = m.mrr_at_k(ranked, golds, 10)
        out["ndcg@10"] = m.ndcg_at_k(ranked, {g: 1 for g in golds}, 10)
    if not gold.abstain and gold.answers:
        out["answer_in_context"] = m.answer_correct(gold.answers, context)
    return out


# ---------------------------------------------------------------- aggregation


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def aggregate(results: list[dict]) -> dict:
    """Footnote's headline scores over a list of per-question results."""
    v = [r["verdicts"] for r in results]
    shown = [x for x in v if not x["abstained"]]
    rc = [x["recheck"] for x in shown]
    scores = {
        "questions": len(v),
        "answer_accuracy": m.mean(x["correct"] for x in v),
        "answerable_accuracy": m.mean(x["correct"] for x in v if not x["should_abstain"]),
        **m.abstention_scores((x["should_abstain"], x["abstained"]) for x in v),
        **{f"recall@{k}": m.mean(x.get(f"recall@{k}") for x in v) for k in RECALL_KS},
        "mrr@10": m.mean(x.get("mrr@10") for x in v),
        "ndcg@10": m.mean(x.get("ndcg@10") for x in v),
        "row_hit@5": m.mean(x.get("row_hit@5") for x in v),
        "answer_in_context": m.mean(x["answer_in_context"] for x in v),
        "citation_precision": m.mean(x["citation_precision"] for x in shown),
        "citation_recall": m.mean(x["citation_recall"] for x in v),
        "cell_cited": m.mean(x["cell_cited"] for x in v),
        "grounding_share": _ratio(sum(x["grounded_sentences"] for x in shown), sum(x["sentences"] for x in shown)),
        "numbers_in_cited_share": _ratio(sum(r["numbers_ok"] for r in rc), sum(r["numbers"] for r in rc)),
        "quote_exact_share": _ratio(sum(r["quotes_ok"] for r in rc), sum(r["quotes"] for r in rc)),
        "recheck_pass_share": m.mean(r["passed"] for r in rc),
        "dropped_sentences": sum(len(r["answer"]["dropped"]) for r in results),
    }
    return {k: _r(x) if isinstance(x, float) else x for k, x in scores.items()}


def aggregate_baseline(results: list[dict]) -> dict:
    """The baseline's scores, named as Footnote's so the report can put them side by side."""
    b = [r["baseline"] for r in results if r.get("baseline")]
    scores = {
        "questions": len(b),
        **{f"recall@{k}": m.mean(x.get(f"recall@{k}") for x in b) for k in RECALL_KS},
        "mrr@10": m.mean(x.get("mrr@10") for x in b),
        "ndcg@10": m.mean(x.get("ndcg@10") for x in b),
        "answer_in_context": m.mean(x.get("answer_in_context") for x in b),
    }
    return {k: _r(x) if isinstance(x, float) else x for k, x in scores.items()}


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def summarise(results: list[dict], meta: dict) -> dict:
    """summary.json: Footnote's scores by part ("tune", "check", "all"), the baseline's likewise, both per question
    type over every question asked, latency, and what was run."""
    types = sorted({r["type"] for r in results})
    summary = {
        "parts": by_part(results, aggregate),
        "by_type": {"footnote": {t: aggregate([r for r in results if r["type"] == t]) for t in types}},
        "latency": {
            "p50": _r(m.percentile([r["seconds"] for r in results], 50)),
            "p95": _r(m.percentile([r["seconds"] for r in results], 95)),
        },
        "meta": meta,
    }
    if any(r.get("baseline") for r in results):
        summary["baseline"] = by_part(results, aggregate_baseline)
        summary["by_type"]["baseline"] = {t: aggregate_baseline([r for r in results if r["type"] == t]) for t in types}
    return summary


# ---------------------------------------------------------------- the run


def _history(gold: GoldQuestion, by_id: dict[str, GoldQuestion], answers: dict[str, Answer],
             ask) -> list[tuple[str, Answer]]:
    """The (question, answer) chain a follow-up continues, oldest first; asks any link not yet asked."""
    chain = []
    parent = gold.follows
    while parent:
        chain.append(by_id[parent])
        parent = by_id[parent].follows
    history: list[tuple[str, Answer]] = []
    for q in reversed(chain):
        if q.qid not in answers:
            answers[q.qid] = ask(q, list(history))
        history.append((q.text, answers[q.qid]))
    return history


def _shown_path(path: Path) -> str:
    """A path as the report shows it: relative to the project when it is inside it."""
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def evaluate(options: RunOptions, progress=None) -> RunResult:
    """Runs every question of the dataset through Footnote (and the baseline) and scores it."""
    settings = options.settings or Settings.from_env()
    corpus = Path(options.corpus or settings.ingest.seed_dir)
    questions = load_dataset(options.dataset)
    by_id = {q.qid: q for q in questions}
    asked = select(questions, lambda q: q.qid, options.part, options.limit)
    assistant = open_assistant(corpus, settings, options.answerer, options.index_dir)
    sources = SourceTexts(corpus)
    baseline = Baseline(corpus, settings.ingest.embed_model) if options.baseline else None
    answers: dict[str, Answer] = {}
    seconds: dict[str, float] = {}

    def ask(q: GoldQuestion, history: list) -> Answer:
        t0 = time.perf_counter()
        answer = assistant.ask(q.text, history=history or None)
        seconds[q.qid] = time.perf_counter() - t0
        return answer

    results = []
    try:
        for i, gold in enumerate(asked, start=1):
            history = _history(gold, by_id, answers, ask)
            answer = answers.get(gold.qid) or ask(gold, history)
            answers[gold.qid] = answer
            hits = retrieved_hits(assistant, gold.text, history)
            ranked = m.dedupe(h.chunk.doc_id for h in hits)
            row_rank = m.first_covering_rank([(h.chunk.doc_id, h.chunk.start, h.chunk.end) for h in hits],
                                             gold_row_spans(gold, sources)) if gold.table and gold.row else None
            grounding = shared_grounding(assistant, answer) if not answer.abstained else []
            check = recheck_answer(answer, sources)
            record = {
                "qid": gold.qid,
                "part": part_of(gold.qid),
                "type": gold.type,
                "question": gold.text,
                "follows": gold.follows,
                "gold": {"answers": gold.answers, "doc_ids": gold.gold_docs, "table": gold.table, "row": gold.row,
                         "column": gold.column, "abstain": gold.abstain},
                "answer": answer.to_dict(),
                "retrieved": ranked,
                "verdicts": score_question(gold, answer, ranked, "\n".join(h.chunk.text for h in hits), row_rank,
                                           grounding, check.to_dict()),
                "seconds": round(seconds[gold.qid], 4),
            }
            if baseline is not None:
                # Plain llama-index has no chat memory: a follow-up is sent with the question it follows.
                query = " ".join([q for q, _ in history] + [gold.text])
                got = baseline.retrieve(query)
                record["baseline"] = score_baseline(gold, got.doc_ids, got.text)
            results.append(record)
            if progress:
                progress(i, len(asked), record)
    finally:
        if baseline is not None:
            baseline.close()
    meta = {
        "dataset": _shown_path(options.dataset),
        "part": options.part,
        "corpus": _shown_path(corpus),
        "answerer": options.answerer or settings.answer.answerer,
        "answerers_used": sorted({r["answer"]["answerer"] for r in results}),
        "embed_model": Path(settings.ingest.embed_model).name,
        "top_k": settings.answer.top_k,
        "baseline": "llama-index VectorStoreIndex + Chroma, default chunking, top-2" if baseline else None,
    }
    return RunResult(results, summarise(results, meta))
