"""TAT-QA (Zhu et al., ACL 2021) through Footnote: `python -m eval --dataset tatqa [--open] [--limit N]`.

The dev set is read in place from ../shared/benchmarks/tatqa/dev.json (never copied into the repository). Each of its
278 contexts (one table from an annual report and the paragraphs around it) is written as an HTML document (a title,
the paragraphs, the table) under DATA_DIR/cache/tatqa/docs/ and ingested through the normal pipeline into a cached
index, so the benchmark exercises exactly what a user's uploaded HTML goes through. Every question is asked through
the public API scoped to its own document (`doc_ids=[...]`, the setting the published systems are measured in) and,
with `--open`, again over all 278 documents with no restriction.

Scores: the benchmark's EM and F1 with scale (`eval.metrics.tatqa_em_f1`, on `Answer.value` and `Answer.scale`);
the gold cells cited, where matching finds them unambiguously (the dev set carries no cell positions); the gold
answer contained in the answer text; derived figures that pass the shared grounding check; in the open setting, the
right document among the first 5 retrieved; latency. Broken down by answer type x source, and by split: contexts
whose index % 5 == 4 are a held-out check set, fixed before any error was looked at and never tuned on.
"""
from __future__ import annotations

import html
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant import Answer, Assistant
from eval import metrics as m
from assistant.grounding import verify_answer
from eval.run import index_key, retrieved_hits
from assistant.settings import Settings
from ingest.settings import PROJECT_ROOT

DEV_PATH = PROJECT_ROOT.parent / "shared" / "benchmarks" / "tatqa" / "dev.json"
CHECK_EVERY = 5  # context index % 5 == 4: the held-out check set
OPEN_K = 5
# Published results on the TAT-QA *test* split (EM, F1), from the benchmark's README.
PUBLISHED = [("Human experts", 84.1, 90.8), ("TAT-LLM 70B (fine-tuned LLaMA 2)", 81.4, 88.4),
             ("TAT-LLM 7B", 76.4, 85.1), ("GPT-4 (reported by the TAT-LLM authors)", 71.9, None),
             ("TagOp (the paper's model, RoBERTa-large)", 50.1, 58.0)]


@dataclass
class TatQuestion:
    """One TAT-QA question with its gold answer (a list of strings), type, source and scale."""

    uid: str
    text: str
    answer: list[str]
    answer_type: str  # span, multi-span, arithmetic, count
    source: str  # table, text, table-text
    scale: str
    derivation: str
    context: int  # index of its context in dev.json


@dataclass
class Context:
    """One TAT-QA context: a table (rows of printed cells), its paragraphs, and the questions about it."""

    index: int
    table: list[list[str]]
    paragraphs: list[str]
    questions: list[TatQuestion] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return f"tatqa-dev-{self.index:03d}"

    @property
    def split(self) -> str:
        return split_of(self.index)


def split_of(index: int) -> str:
    """"check" for the held-out fifth of the contexts (index % 5 == 4), "tune" for the rest."""
    return "check" if index % CHECK_EVERY == CHECK_EVERY - 1 else "tune"


def load_contexts(path: Path = DEV_PATH) -> list[Context]:
    """The contexts of a TAT-QA file, in file order, with their questions in their own order."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    contexts = []
    for i, c in enumerate(raw):
        ctx = Context(i, c["table"]["table"], [p["text"] for p in sorted(c["paragraphs"], key=lambda p: p["order"])])
        for q in sorted(c["questions"], key=lambda q: q["order"]):
            answer = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
            ctx.questions.append(TatQuestion(q["uid"], q["question"].strip(), [str(a) for a in answer],
                                             q["answer_type"], q["answer_from"], q["scale"], q["derivation"], i))
        contexts.append(ctx)
    return contexts


# ---------------------------------------------------------------- contexts as HTML documents


def _is_header_row(row: list[str]) -> bool:
    # A header row holds no figure outside its label cell (bare years and units are headers, not figures).
    return all(m.tatqa_number(c) is None or _is_year(c) for c in row[1:] if c.strip())


def _is_year(cell: str) -> bool:
    n = m.tatqa_number(cell)
    return n is not None and not n[1] and float(n[0]).is_integer() and 1900 <= n[0] <= 2100 and "," not in cell


def context_html(ctx: Context) -> str:
    """The context as a small HTML page: title, paragraphs, then the table (leading figure-free rows in <thead>)."""
    n_head = 0
    while n_head < len(ctx.table) - 1 and _is_header_row(ctx.table[n_head]):
        n_head += 1

    def tr(cells: list[str], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"

    title = f"Annual report extract {ctx.index}"
    parts = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">", f"<title>{title}</title></head>",
             "<body><article>", f"<h1>{title}</h1>"]
    parts += [f"<p>{html.escape(p)}</p>" for p in ctx.paragraphs]
    parts.append("<table>")
    if n_head:
        parts += ["<thead>", *(tr(r, "th") for r in ctx.table[:n_head]), "</thead>"]
    parts += ["<tbody>", *(tr(r, "td") for r in ctx.table[n_head:]), "</tbody>", "</table>"]
    parts += ["</article></body></html>", ""]
    return "\n".join(parts)


def write_corpus(contexts: list[Context], folder: Path) -> Path:
    """Writes each context as `<doc_id>.html` into folder; unchanged files are left as they are."""
    folder.mkdir(parents=True, exist_ok=True)
    for ctx in contexts:
        path = folder / f"{ctx.doc_id}.html"
        text = context_html(ctx)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return folder


def open_assistant(contexts: list[Context], settings: Settings, answerer: str | None,
                   index_dir: Path | None = None, ingest: list[Context] | None = None,
                   progress=None) -> tuple[Assistant, dict[str, str]]:
    """An Assistant over the contexts' documents (all of them are written; those in `ingest`, default all, are
    ingested): a cached index under DATA_DIR/cache/tatqa/, a new one when the documents or the ingest code change,
    so a later run ingests only what an earlier one left out. Returns it with the documents that failed to ingest
    (doc id -> why)."""
    docs = write_corpus(contexts, settings.ingest.cache_dir / "tatqa" / "docs")
    if index_dir is None:
        index_dir = settings.ingest.cache_dir / "tatqa" / f"index-{index_key(docs, settings)}"
    assistant = Assistant.open(index_dir=index_dir, settings=settings, answerer=answerer)
    failed: dict[str, str] = {}
    todo = contexts if ingest is None else ingest
    for n, c in enumerate(todo, 1):
        # One file at a time: a document the pipeline crashes on is counted as failed (its questions then go
        # unanswered) instead of ending the run.
        try:
            report = assistant.ingest([docs / f"{c.doc_id}.html"])
            failed.update({c.doc_id: reason for _, reason in report.skipped})
        except Exception as e:  # noqa: BLE001 - any crash of the pipeline is a finding, reported below
            failed[c.doc_id] = f"{type(e).__name__}: {e}"
        if progress:
            progress(n, len(todo), c.doc_id)
    if failed:
        print(f"tatqa: {len(failed)} document(s) could not be ingested: {failed}", file=sys.stderr)
    return assistant, failed


# ---------------------------------------------------------------- gold cells (found by matching)


def _squash(s: str) -> str:
    return " ".join(str(s).split())


def _value(cell: str) -> float | None:
    n = m.tatqa_number(cell.replace(" ", ""))
    return None if n is None else round(n[0], 4)


def gold_cells(ctx: Context, q: TatQuestion) -> list[tuple[str, str]] | None:
    """The gold cells as (row label, cell as printed), found by matching; None when there are none to find or the
    match is ambiguous. A span answer's cells print the answer; an arithmetic answer's cells hold the numbers of its
    derivation (a number no cell holds, such as an average's divisor, is not a cell)."""
    if q.source == "text":
        return None
    body = [r for r in ctx.table if not _is_header_row(r)]
    cells = [(r[0], c) for r in body for c in r[1:] if c.strip()]
    found = []
    if q.answer_type in ("span", "multi-span"):
        for a in q.answer:
            hits = [x for x in cells if _squash(x[1]) == _squash(a) or
                    (_value(x[1]) is not None and _value(x[1]) == _value(a))]
            if len(hits) != 1:
                return None
            found.append(hits[0])
    elif q.answer_type == "arithmetic":
        for printed in derivation_numbers(q.derivation):
            hits = [x for x in cells if _value(x[1]) is not None and abs(_value(x[1])) == abs(printed)]
            if len(hits) > 1:
                return None
            found += hits
    return [(_squash(r), _squash(c)) for r, c in found] or None


def derivation_numbers(derivation: str) -> list[float]:
    """The numbers written in a TAT-QA derivation ("(1,134.1-1,146.7)/1,146.7" -> [1134.1, 1146.7, 1146.7])."""
    return [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", derivation.replace("$", ""))]


def cited_cells(assistant: Assistant, answer: Answer) -> list[tuple[str, str]]:
    """(row label, cell as printed) of every table cell an answer cites, read from the indexed table."""
    out = []
    for c in answer.citations:
        if not c.table and not c.row:
            continue
        doc = assistant.document(c.doc_id)
        for t in doc.tables if doc else []:
            for r in t.rows:
                if (r.start, r.end) == (c.start, c.end) and c.column in t.columns:
                    out.append((_squash(r.label), _squash(r.cells[t.columns.index(c.column)])))
    return out


def _cell_match(gold: tuple[str, str], cited: tuple[str, str]) -> bool:
    same_value = _squash(gold[1]) == _squash(cited[1]) or (
        _value(gold[1]) is not None and _value(gold[1]) == _value(cited[1]))
    return same_value and gold[0].lower().rstrip(":") in cited[0].lower()


# ---------------------------------------------------------------- scoring


def _is_derivation(sentence: str) -> bool:
    return re.search(r"\d\s*[-−–+×*/÷]\s*\(?-?\d", sentence) is not None


def score(q: TatQuestion, ctx: Context, answer: Answer, assistant: Assistant) -> dict:
    """The verdicts for one answer: EM/F1, gold cells cited, answer in text, derivations verified."""
    em, f1 = m.tatqa_em_f1(answer.value, answer.scale, q.answer, q.scale, q.answer_type)
    gold = gold_cells(ctx, q)
    cited = cited_cells(assistant, answer) if gold else []
    verdicts = verify_answer(answer, lambda d: (doc.text if (doc := assistant.document(d)) else None))
    grounded = [v.ok for v in verdicts]
    derived = [v.ok for v in verdicts if _is_derivation(v.sentence)]
    return {
        "em": em,
        "f1": f1,
        "abstained": answer.abstained,
        "gold_cells": gold,
        "cell_cited": None if not gold else all(any(_cell_match(g, c) for c in cited) for g in gold),
        "in_text": None if answer.abstained else all(m.contains_answer(a, answer.text) for a in q.answer),
        "grounded": all(grounded) if grounded else None,
        "derived_shown": len(derived),
        "derived_failing": sum(1 for ok in derived if not ok),
        "derived_dropped": sum(1 for s in answer.dropped if _is_derivation(s)),
    }


def ask_one(assistant: Assistant, q: TatQuestion, ctx: Context, open_setting: bool) -> dict:
    """Asks one question scoped to its document (and, in the open setting, unrestricted) and scores it."""
    t0 = time.perf_counter()
    answer = assistant.ask(q.text, doc_ids=[ctx.doc_id])
    seconds = time.perf_counter() - t0
    record = {
        "uid": q.uid, "context": ctx.index, "split": ctx.split, "doc_id": ctx.doc_id, "question": q.text,
        "answer_type": q.answer_type, "source": q.source,
        "gold": {"answer": q.answer, "scale": q.scale, "derivation": q.derivation},
        "answer": {"text": answer.text, "value": answer.value, "scale": answer.scale, "abstained": answer.abstained,
                   "dropped": answer.dropped, "citations": [
                       {k: c.to_dict()[k] for k in ("n", "doc_id", "table", "row", "column", "quote")}
                       for c in answer.citations]},
        "seconds": round(seconds, 4),
        "verdicts": score(q, ctx, answer, assistant),
    }
    if open_setting:
        t0 = time.perf_counter()
        open_answer = assistant.ask(q.text)
        open_seconds = time.perf_counter() - t0
        ranked = m.dedupe(h.chunk.doc_id for h in retrieved_hits(assistant, q.text, []))
        em, f1 = m.tatqa_em_f1(open_answer.value, open_answer.scale, q.answer, q.scale, q.answer_type)
        record["open"] = {"em": em, "f1": f1, "hit@5": ctx.doc_id in ranked[:OPEN_K],
                          "cited_right_doc": bool(open_answer.citations) and all(
                              c.doc_id == ctx.doc_id for c in open_answer.citations),
                          "value": open_answer.value, "scale": open_answer.scale,
                          "seconds": round(open_seconds, 4)}
    return record


def aggregate(records: list[dict]) -> dict:
    """Headline scores over a list of per-question records."""
    v = [r["verdicts"] for r in records]
    o = [r["open"] for r in records if "open" in r]
    out = {
        "questions": len(records),
        "em": m.mean(x["em"] for x in v),
        "f1": m.mean(x["f1"] for x in v),
        "answered": m.mean(not x["abstained"] for x in v),
        "cell_cited": m.mean(x["cell_cited"] for x in v),
        "cell_questions": sum(1 for x in v if x["cell_cited"] is not None),
        "in_text": m.mean(x["in_text"] for x in v),
        "grounded": m.mean(x["grounded"] for x in v),
        "derived_shown": sum(x["derived_shown"] for x in v),
        "derived_failing": sum(x["derived_failing"] for x in v),
        "derived_dropped": sum(x["derived_dropped"] for x in v),
        "p50_s": m.percentile([r["seconds"] for r in records], 50),
        "p95_s": m.percentile([r["seconds"] for r in records], 95),
    }
    if o:
        out.update({"open_em": m.mean(x["em"] for x in o), "open_f1": m.mean(x["f1"] for x in o),
                    "open_hit@5": m.mean(x["hit@5"] for x in o),
                    "open_cited_right_doc": m.mean(x["cited_right_doc"] for x in o),
                    "open_p50_s": m.percentile([x["seconds"] for x in o], 50)})
    return {k: round(x, 4) if isinstance(x, float) else x for k, x in out.items()}


def summarise(records: list[dict], meta: dict) -> dict:
    """Scores overall, per split, per answer type x source, and for the table-cell and arithmetic groups."""
    def group(pred) -> dict:
        return aggregate([r for r in records if pred(r)])

    summary = {"meta": meta, "splits": {}, "by_type": {}}
    for split in ("all", "tune", "check"):
        rs = [r for r in records if split == "all" or r["split"] == split]
        if not rs:
            continue
        summary["splits"][split] = {
            "overall": aggregate(rs),
            "table_span": aggregate([r for r in rs if r["answer_type"] == "span" and r["source"] == "table"]),
            "arithmetic": aggregate([r for r in rs if r["answer_type"] == "arithmetic"]),
        }
    for t in ("span", "multi-span", "arithmetic", "count"):
        for s in ("table", "text", "table-text"):
            g = group(lambda r: r["answer_type"] == t and r["source"] == s)
            if g["questions"]:
                summary["by_type"][f"{t} / {s}"] = g
    return summary


# ---------------------------------------------------------------- the report


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def summary_markdown(summary: dict) -> str:
    """The summary for the README: ours on dev beside the published test-set figures, then the breakdowns."""
    meta = summary["meta"]
    lines = [f"TAT-QA **dev** set (ours; {meta['questions']} questions over {meta['contexts']} contexts, answerer "
             f"`{meta['answerer']}`, each question asked scoped to its own document) beside the published results on "
             f"the **test** set (the same task, a different split). EM/F1 in %, the benchmark's metric with scale.", "",
             "| system | split | EM | F1 |", "|---|---|---|---|"]
    for split in ("all", "tune", "check"):
        s = summary["splits"].get(split)
        if s:
            name = {"all": "dev, all", "tune": "dev, tuning part", "check": "dev, held-out check fifth"}[split]
            lines.append(f"| Footnote extractive (no LLM) | {name} | {_pct(s['overall']['em'])} | "
                         f"{_pct(s['overall']['f1'])} |")
    for name, em, f1 in PUBLISHED:
        lines.append(f"| {name} | test | {em:.1f} | {'–' if f1 is None else f'{f1:.1f}'} |")
    lines += ["", "| group | split | questions | EM | gold cells cited | answer in text | derived shown / failing "
              "recomputation | right doc in top 5 (open) | EM (open) | p50 s |", "|---" * 10 + "|"]
    for split, s in summary["splits"].items():
        for gname, g in s.items():
            lines.append(f"| {gname} | {split} | {g['questions']} | {_pct(g['em'])} | {_pct(g['cell_cited'])} "
                         f"({g['cell_questions']}) | {_pct(g['in_text'])} | {g['derived_shown']} / "
                         f"{g['derived_failing']} | {_pct(g.get('open_hit@5'))} | {_pct(g.get('open_em'))} | "
                         f"{g['p50_s'] if g['p50_s'] is not None else '–'} |")
    lines += ["", "By answer type x source (all of dev):", "",
              "| type / source | questions | EM | F1 | gold cells cited | answered |", "|---|---|---|---|---|---|"]
    for name, g in summary["by_type"].items():
        lines.append(f"| {name} | {g['questions']} | {_pct(g['em'])} | {_pct(g['f1'])} | {_pct(g['cell_cited'])} | "
                     f"{_pct(g['answered'])} |")
    if meta.get("ingest_failed"):
        lines += ["", f"{len(meta['ingest_failed'])} document(s) failed to ingest (their questions count as missed): "
                  + "; ".join(f"{d}: {why}" for d, why in sorted(meta["ingest_failed"].items()))]
    lines += ["", f"Command: `{meta['command']}`."]
    return "\n".join(lines)


# ---------------------------------------------------------------- the run


def evaluate(settings: Settings | None = None, answerer: str | None = None, open_setting: bool = False,
             limit: int | None = None, index_dir: Path | None = None, path: Path = DEV_PATH,
             only: set[str] | None = None, progress=None) -> tuple[list[dict], dict]:
    """Asks every question (the first `limit`, or those whose uid is in `only`) and scores it; returns the
    per-question records and the summary."""
    settings = settings or Settings.from_env()
    contexts = load_contexts(path)
    questions = [(q, ctx) for ctx in contexts for q in ctx.questions if only is None or q.uid in only]
    questions = questions[:limit] if limit else questions
    used = sorted({ctx.index for _, ctx in questions})
    # The open setting needs every document in the index; the scoped one only the questions' own.
    indexed = contexts if open_setting else [contexts[i] for i in used]
    assistant, failed = open_assistant(contexts, settings, answerer, index_dir, indexed)
    records = []
    for i, (q, ctx) in enumerate(questions, 1):
        records.append(ask_one(assistant, q, ctx, open_setting))
        if progress:
            progress(i, len(questions), records[-1])
    meta = {"questions": len(records), "contexts": len(used), "answerer": answerer or settings.answer.answerer,
            "open": open_setting, "dataset": str(path), "ingest_failed": failed,
            "command": "python -m eval --dataset tatqa" + (" --open" if open_setting else "") +
                       (f" --limit {limit}" if limit else "") + (f" --answerer {answerer}" if answerer else "")}
    return records, summarise(records, meta)


def run_cli(args) -> int:
    """`python -m eval --dataset tatqa`: runs, writes eval/reports/<stamp>-tatqa/ and, for a full run,
    eval/TATQA.md (the README's table)."""
    from eval.report import new_report_dir

    def progress(i: int, n: int, r: dict) -> None:
        mark = "ok  " if r["verdicts"]["em"] else "MISS"
        print(f"\r[{i}/{n}] {mark} {r['uid'][:8]} {r['seconds']:.2f}s", end="", file=sys.stderr, flush=True)

    if not DEV_PATH.exists():
        print(f"eval: the TAT-QA dev set is not at {DEV_PATH}", file=sys.stderr)
        return 2
    records, summary = evaluate(answerer=args.answerer, open_setting=args.open, limit=args.limit,
                                index_dir=args.index_dir, progress=progress)
    print(file=sys.stderr)
    folder = new_report_dir(args.out)
    folder = folder.rename(folder.with_name(folder.name + "-tatqa"))
    with open(folder / "results.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    table = summary_markdown(summary)
    (folder / "report.md").write_text("# TAT-QA\n\n" + table + "\n", encoding="utf-8")
    if not args.limit:
        (PROJECT_ROOT / "eval" / "TATQA.md").write_text("# TAT-QA\n\n" + table + "\n", encoding="utf-8")
    print(table)
    print(f"\nReport: {folder / 'report.md'}")
    return 0
