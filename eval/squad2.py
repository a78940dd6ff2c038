"""SQuAD 2.0 (Rajpurkar, Jia & Liang, ACL 2018) through Footnote: `python -m eval --dataset squad2`.

The dev half is read in place from ../shared/benchmarks/squad2/dev.jsonl (never copied into the repository). Each
distinct paragraph is one plain-text document, `squad2-<12 hex of its sha256>.txt` under DATA_DIR/cache/squad2/docs/,
ingested through the normal pipeline into a cached index; every question is asked through the public API restricted
to its paragraph (`doc_ids=[...]`), as the benchmark defines the task. The prediction is the short answer,
`" ".join(Answer.value)`, or "" when the assistant abstains, scored with SQuAD 2.0's official normalisation, EM and
F1 (`eval.metrics.squad_em_f1`): overall, on answerable (HasAns) and on unanswerable (NoAns) questions, by part
(`eval.split`). The same code scores "always abstain" ("" for every question) on the same questions, and every
shown answer is re-checked from the paragraph files (`eval.recheck`).
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant import Answer, Assistant
from assistant.settings import Settings
from eval import metrics as m
from eval.corpus import ask_all, docs_folder, open_written, report_footer
from eval.recheck import SourceTexts, recheck_answer
from eval.split import by_part, part as part_of, select
from eval.squad2_stages import by_stage, stage
from ingest.settings import PROJECT_ROOT

TITLE = "SQuAD 2.0"
DEV_PATH = PROJECT_ROOT.parent / "shared" / "benchmarks" / "squad2" / "dev.jsonl"
# Anchors from the benchmark's README (EM, F1 in %): the full SQuAD 2.0 dev set, and always abstaining on the
# 500-question sample this half comes from.
PUBLISHED = [("Always abstain (the 500-question sample)", 51.6, 51.6), ("BiDAF-No-Answer", 59.2, 62.1),
             ("BERT-large", 80.0, 83.0), ("Human", 86.8, 89.5)]


@dataclass
class SquadQuestion:
    """One SQuAD 2.0 question: its paragraph, and the acceptable short answers (none when unanswerable)."""

    qid: str
    text: str
    context: str
    answers: list[str] = field(default_factory=list)
    impossible: bool = False

    @property
    def doc_id(self) -> str:
        return paragraph_doc_id(self.context)


def paragraph_doc_id(paragraph: str) -> str:
    """The document id of a paragraph: from its text, so questions about one paragraph share one document."""
    return "squad2-" + hashlib.sha256(paragraph.encode("utf-8")).hexdigest()[:12]


def load_questions(path: Path = DEV_PATH) -> list[SquadQuestion]:
    """The questions of a SQuAD 2.0 JSON-lines file, in file order."""
    questions = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line)
            questions.append(SquadQuestion(str(q["id"]), q["question"].strip(), q["context"],
                                           [str(a) for a in q.get("answers") or []], bool(q.get("is_impossible"))))
    return questions


def paragraph_files(questions: list[SquadQuestion]) -> dict[str, str]:
    """One `<doc_id>.txt` per distinct paragraph: the paragraph as given, nothing added."""
    return {f"{q.doc_id}.txt": q.context.strip() + "\n" for q in questions}


# ---------------------------------------------------------------- scoring


def prediction(answer: Answer) -> str:
    """What SQuAD scores: the short answer, or "" for an abstention."""
    return "" if answer.abstained else " ".join(answer.value)


def score(q: SquadQuestion, answer: Answer, rechecked: bool | None = None) -> dict:
    """The verdicts for one answer: EM and F1, what always abstaining would score on the same question, and whether
    a shown answer passed the independent re-check."""
    pred = prediction(answer)
    em, f1 = m.squad_em_f1(pred, q.answers)
    abstain_em, abstain_f1 = m.squad_em_f1("", q.answers)
    return {"prediction": pred, "correct": em == 1.0, "em": em, "f1": round(f1, 4), "abstained": answer.abstained,
            "abstain_em": abstain_em, "abstain_f1": abstain_f1, "rechecked": rechecked}


def ask_one(assistant: Assistant, q: SquadQuestion, sources: SourceTexts) -> dict:
    """Asks one question restricted to its paragraph, re-checks a shown answer from the files, and scores it."""
    t0 = time.perf_counter()
    answer = assistant.ask(q.text, doc_ids=[q.doc_id])
    seconds = time.perf_counter() - t0
    verdicts = score(q, answer, None if answer.abstained else recheck_answer(answer, sources).passed)
    return {
        "qid": q.qid, "part": part_of(q.qid), "doc_id": q.doc_id, "question": q.text, "impossible": q.impossible,
        "gold": q.answers,
        "answer": {"text": answer.text, "value": answer.value, "abstained": answer.abstained,
                   "citations": [{k: c.to_dict()[k] for k in ("n", "doc_id", "quote")} for c in answer.citations]},
        "seconds": round(seconds, 4),
        "verdicts": verdicts,
        # Where an answerable question is lost, read after the timing so the diagnosis costs the answer nothing.
        "stage": stage(assistant, q.text, q.doc_id, q.answers, answer, verdicts["f1"]),
    }


def aggregate(records: list[dict]) -> dict:
    """EM and F1 overall, on HasAns and on NoAns questions, always-abstain's, abstention precision and recall."""
    v = [(r["impossible"], r["verdicts"]) for r in records]
    has = [x for imp, x in v if not imp]
    no = [x for imp, x in v if imp]
    out = {
        "questions": len(v),
        "em": m.mean(x["em"] for _, x in v),
        "f1": m.mean(x["f1"] for _, x in v),
        "has_ans": len(has),
        "has_ans_em": m.mean(x["em"] for x in has),
        "has_ans_f1": m.mean(x["f1"] for x in has),
        "no_ans": len(no),
        "no_ans_em": m.mean(x["em"] for x in no),
        "no_ans_f1": m.mean(x["f1"] for x in no),
        "always_abstain_em": m.mean(x["abstain_em"] for _, x in v),
        "always_abstain_f1": m.mean(x["abstain_f1"] for _, x in v),
        "answered": m.mean(not x["abstained"] for _, x in v),
        "recheck_pass_share": m.mean(x["rechecked"] for _, x in v),
        **m.abstention_scores((imp, x["abstained"]) for imp, x in v),
        "p50_s": m.percentile([r["seconds"] for r in records], 50),
    }
    out = {k: round(x, 4) if isinstance(x, float) else x for k, x in out.items()}
    out["has_ans_by_stage"] = by_stage(records)
    out["no_ans_by_stage"] = by_stage(records, impossible=True)
    return out


def summarise(records: list[dict], meta: dict) -> dict:
    """Scores by part ("tune", "check", "all")."""
    return {"meta": meta, "parts": by_part(records, aggregate)}


# ---------------------------------------------------------------- the report


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def summary_markdown(summary: dict) -> str:
    """The summary for the README: ours by part, always-abstain on the same questions, the published anchors."""
    meta = summary["meta"]
    lines = [f"SQuAD 2.0 dev half (ours; {meta['questions']} questions over {meta['documents']} paragraphs, answerer "
             f"`{meta['answerer']}`, each question asked restricted to its paragraph; the prediction is "
             "`Answer.value`, \"\" for an abstention). EM/F1 in %, the official script's normalisation.", "",
             "| part | questions | EM | F1 | HasAns EM / F1 | NoAns EM | always abstain EM / F1 | answered | "
             "abstention precision / recall | re-check passed |", "|---" * 10 + "|"]
    for name, s in summary["parts"].items():
        lines.append(f"| {name} | {s['questions']} | {_pct(s['em'])} | {_pct(s['f1'])} | {_pct(s['has_ans_em'])} / "
                     f"{_pct(s['has_ans_f1'])} ({s['has_ans']}) | {_pct(s['no_ans_em'])} ({s['no_ans']}) | "
                     f"{_pct(s['always_abstain_em'])} / {_pct(s['always_abstain_f1'])} | {_pct(s['answered'])} | "
                     f"{_pct(s['abstention_precision'])} / {_pct(s['abstention_recall'])} | "
                     f"{_pct(s['recheck_pass_share'])} |")
    for key, which in (("has_ans_by_stage", "Answerable"), ("no_ans_by_stage", "Unanswerable")):
        lines += ["", f"{which} questions by where they end (`eval/squad2_stages.py`):"]
        lines += [f"- {name}: " + ", ".join(f"{k} {n}" for k, n in s.get(key, {}).items())
                  for name, s in summary["parts"].items()]
    lines += ["", "Published anchors (full SQuAD 2.0 dev unless said, EM / F1): "
              + "; ".join(f"{name} {em:.1f} / {f1:.1f}" for name, em, f1 in PUBLISHED) + "."]
    lines += report_footer(meta, "paragraph", " (their questions count as abstained)")
    return "\n".join(lines)


# ---------------------------------------------------------------- the run


def evaluate(settings: Settings | None = None, answerer: str | None = None, part: str = "all",
             limit: int | None = None, index_dir: Path | None = None, path: Path = DEV_PATH,
             progress=None, keep=None) -> tuple[list[dict], dict]:
    """Asks every question of a part ("tune", "check" or "all"; those `keep(question)` accepts, when given; the
    first `limit` of them) restricted to its paragraph, over an index of every paragraph, and scores it; returns
    the per-question records and the summary."""
    settings = settings or Settings.from_env()
    every = load_questions(path)
    questions = select([q for q in every if keep is None or keep(q)], lambda q: q.qid, part, limit)
    # Every paragraph is indexed whatever is asked: the index's word weights are then the same for every part and
    # whichever part ran first (the cached index grew with each part's paragraphs, and a part's scores moved
    # with the order of the runs).
    files = paragraph_files(every)
    assistant, failed = open_written("squad2", files, settings, answerer, index_dir)
    sources = SourceTexts([docs_folder("squad2", settings) / name for name in files])
    records = ask_all(questions, lambda q: ask_one(assistant, q, sources), progress)
    meta = {"questions": len(records), "documents": len(files), "answerer": answerer or settings.answer.answerer,
            "dataset": str(path), "ingest_failed": failed}
    return records, summarise(records, meta)
