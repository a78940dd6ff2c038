"""TAT-QA (Zhu et al., ACL 2021) through Footnote: `python -m eval --dataset tatqa [--open] [--limit N]`.

The dev set is read in place from ../shared/benchmarks/tatqa/dev.json (never copied into the repository). Each of its
278 contexts (one table from an annual report and the paragraphs around it) is written as an HTML document (a title,
the paragraphs, the table) under DATA_DIR/cache/tatqa/docs/ and ingested through the normal pipeline into a cached
index, so the benchmark exercises exactly what a user's uploaded HTML goes through. With `--form pdf` each context is
written as a PDF instead (fpdf2: the paragraphs as set text, the table drawn as a ruled table; under
DATA_DIR/cache/tatqa-pdf/), so the same questions measure what the PDF reader loses. Every question is asked through
the public API scoped to its own document (`doc_ids=[...]`, the setting the published systems are measured in) and,
with `--open`, again over all 278 documents with no restriction.

Scores: the benchmark's EM and F1 with scale (`eval.metrics.tatqa_em_f1`, on `Answer.value` and `Answer.scale`);
the gold cells cited, where matching finds them unambiguously (the dev set carries no cell positions); the gold
answer contained in the answer text; derived figures that pass the shared grounding check; in the open setting, the
right document first, and among the first 5, of those retrieved; latency. Broken down by answer type x source,
and by part: `tune` and `check` by the fixed hash of the question id that splits every gold set (`eval.split`);
rules are written from `tune` failures only, and the gate reads `check`.
"""
from __future__ import annotations

import datetime
import html
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant import Answer, Assistant
from assistant.grounding import verify_answer
from assistant.settings import Settings
from eval import metrics as m
from eval.corpus import ask_all, open_written, report_footer
from eval.run import retrieved_hits
from eval.split import by_part, part as part_of, select
from ingest.settings import PROJECT_ROOT

TITLE = "TAT-QA"
DEV_PATH = PROJECT_ROOT.parent / "shared" / "benchmarks" / "tatqa" / "dev.json"
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


def context_text(ctx: Context) -> str:
    """The context as a web scrape gives it: title, paragraphs, then the table flattened one cell per line (header
    cells, then each row's label and its cells; empty cells leave no line, as a scrape of an HTML table drops them),
    the way the seed press release prints its tables."""
    n_head = 0
    while n_head < len(ctx.table) - 1 and _is_header_row(ctx.table[n_head]):
        n_head += 1
    lines = [f"Annual report extract {ctx.index}", "", *(p for para in ctx.paragraphs for p in (para, "")), ""]
    for r in ctx.table[:n_head]:
        lines += [c.strip() for c in r if c.strip()]
    for r in ctx.table[n_head:]:
        lines += [c.strip() for c in r if c.strip()]
    return "\n".join(lines) + "\n"


def context_pdf(ctx: Context) -> bytes:
    """The context as a PDF: the title, the paragraphs, then the table drawn as a ruled table (leading figure-free
    rows as its heading rows, repeated on a page the table runs on to). The bytes depend only on the context."""
    from fpdf import FPDF
    from matplotlib import get_data_path

    n_head = 0
    while n_head < len(ctx.table) - 1 and _is_header_row(ctx.table[n_head]):
        n_head += 1
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))  # same bytes every run
    font = Path(get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"  # Unicode text: currency signs, dashes
    pdf.add_font("DejaVu", "", str(font))
    pdf.add_font("DejaVu", "B", str(font.with_name("DejaVuSans-Bold.ttf")))
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, f"Annual report extract {ctx.index}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10)
    for p in ctx.paragraphs:
        pdf.multi_cell(0, 5, " ".join(p.split()), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    width = max(len(r) for r in ctx.table)
    rows = [[" ".join(str(c).split()) for c in r] + [""] * (width - len(r)) for r in ctx.table]
    pdf.set_font("DejaVu", "B", 8)  # measured in bold, the heading rows' face
    # Each column at least as wide as its longest word (a typesetter never breaks a word inside a cell), the rest
    # of the line shared by how much each column holds; a table too wide for that is set smaller.
    words = [max((pdf.get_string_width(w) for r in rows for w in r[k].split()), default=0) + 3 for k in range(width)]
    room = pdf.epw - 0.01  # fpdf2 refuses a table a rounding error wider than the line
    if sum(words) > room:
        pdf.set_font_size(8 * room / sum(words))
        words = [w * room / sum(words) for w in words]
    text = [max((pdf.get_string_width(r[k]) for r in rows), default=0) + 3 for k in range(width)]
    spare = room - sum(words)
    extra = [max(t - w, 0) for t, w in zip(text, words)]
    widths = [w + spare * e / (sum(extra) or 1) if sum(extra) > spare else w + min(e, spare) for w, e in
              zip(words, extra)]
    pdf.set_font(style="")
    with pdf.table(borders_layout="ALL", num_heading_rows=n_head, first_row_as_headings=bool(n_head),
                   col_widths=widths, width=sum(widths), align="LEFT", line_height=4.5, text_align="LEFT") as table:
        for cells in rows:
            row = table.row()
            for c in cells:
                row.cell(c)
    return bytes(pdf.output())


FORMS = {"html": (".html", context_html), "flat": (".txt", context_text), "pdf": (".pdf", context_pdf)}


def open_assistant(contexts: list[Context], settings: Settings, answerer: str | None,
                   index_dir: Path | None = None, ingest: list[Context] | None = None,
                   progress=None, form: str = "html") -> tuple[Assistant, dict[str, str]]:
    """An Assistant over the contexts' documents (all of them are written in the form asked, `html`, `flat` or `pdf`;
    those in `ingest`, default all, are ingested) in a cached index (`eval.corpus.open_written`), one per form.
    Returns it with the documents that failed to ingest (doc id -> why)."""
    suffix, write = FORMS[form]
    files = {f"{c.doc_id}{suffix}": write(c) for c in contexts}
    names = None if ingest is None else [f"{c.doc_id}{suffix}" for c in ingest]
    corpus = "tatqa" if form == "html" else f"tatqa-{form}"
    assistant, failed = open_written(corpus, files, settings, answerer, index_dir, names, progress)
    return assistant, {name.removesuffix(suffix): why for name, why in failed.items()}


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


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def derivation_numbers(derivation: str) -> list[float]:
    """The numbers a TAT-QA derivation reads from its context ("(1,134.1-1,146.7)/1,146.7" -> [1134.1, 1146.7,
    1146.7]): the constants of the formula are no cell, so an average's count ("(132+52+65) / 3": 3 figures over 3)
    and the 100 of a percentage ("* 100") are left out, as TAT-QA's README counts only the derivation's numbers taken
    from its context."""
    text = derivation.replace("$", "")
    constants = set()
    for hit in re.finditer(r"([)\]])\s*/\s*(\d+)(?![\d.,])", text):
        depth, k = 0, hit.start(1)
        while k >= 0:  # back to the bracket that opens the divided group
            depth += text[k] in ")]"
            depth -= text[k] in "(["
            if depth == 0:
                break
            k -= 1
        group = text[k + 1:hit.start(1)]
        if "-" not in group and len(_NUMBER.findall(group)) == int(hit.group(2)):
            constants.add(hit.start(2))
    for hit in re.finditer(r"\d\s*/\s*(1)(?![\d.,])", text):  # "1,400 / 1": the average of one figure
        constants.add(hit.start(1))
    for hit in re.finditer(r"[*×x/]\s*(100)(?![\d.,])", text):
        constants.add(hit.start(1))
    return [float(hit.group().replace(",", "")) for hit in _NUMBER.finditer(text) if hit.start() not in constants]


def cited_cells(assistant: Assistant, answer: Answer) -> list[tuple[str, str]]:
    """(row label, cell as printed) of every table cell an answer cites, read from the indexed table."""
    out = []
    for c in answer.citations:
        if not c.table and not c.row:
            continue
        doc = assistant.document(c.doc_id)
        for t in doc.tables if doc else []:
            for r in t.rows:
                if (r.start, r.end) == (c.start, c.end):
                    # A citation names its column by header: where two columns print the same header ("2018"
                    # under "Domestic" and under "International"), it is either one.
                    out += [(_squash(r.label), _squash(r.cells[j])) for j, name in enumerate(t.columns)
                            if name == c.column and j < len(r.cells)]
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
        "correct": em == 1.0,
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
        "qid": q.uid, "part": part_of(q.uid), "context": ctx.index, "doc_id": ctx.doc_id, "question": q.text,
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
        record["open"] = {"em": em, "f1": f1, "first": ranked[:1] == [ctx.doc_id],
                          "hit@5": ctx.doc_id in ranked[:OPEN_K],
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
                    "open_first": m.mean(x.get("first") for x in o), "open_hit@5": m.mean(x["hit@5"] for x in o),
                    "open_cited_right_doc": m.mean(x["cited_right_doc"] for x in o),
                    "open_p50_s": m.percentile([x["seconds"] for x in o], 50)})
    return {k: round(x, 4) if isinstance(x, float) else x for k, x in out.items()}


def summarise(records: list[dict], meta: dict) -> dict:
    """Scores by part (overall, and for the table-span and arithmetic groups), and per answer type x source."""
    def groups(rs: list[dict]) -> dict:
        return {"table_span": aggregate([r for r in rs if r["answer_type"] == "span" and r["source"] == "table"]),
                "arithmetic": aggregate([r for r in rs if r["answer_type"] == "arithmetic"]),
                "multi_span": aggregate([r for r in rs if r["answer_type"] == "multi-span"]),
                "count": aggregate([r for r in rs if r["answer_type"] == "count"])}

    summary = {"meta": meta, "parts": by_part(records, aggregate), "groups": by_part(records, groups),
               "by_type": {}}
    for t in ("span", "multi-span", "arithmetic", "count"):
        for s in ("table", "text", "table-text"):
            g = aggregate([r for r in records if r["answer_type"] == t and r["source"] == s])
            if g["questions"]:
                summary["by_type"][f"{t} / {s}"] = g
    return summary


# ---------------------------------------------------------------- the report


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


PART_NAMES = {"tune": "dev, tune part", "check": "dev, check part", "all": "dev, all"}


def summary_markdown(summary: dict) -> str:
    """The summary for the README: ours on dev beside the published test-set figures, then the breakdowns."""
    meta = summary["meta"]
    lines = [f"TAT-QA **dev** set (ours; {meta['questions']} questions over {meta['contexts']} contexts written as "
             f"{meta.get('form', 'html').upper()}, answerer "
             f"`{meta['answerer']}`, each question asked scoped to its own document) beside the published results on "
             f"the **test** set (the same task, a different split). EM/F1 in %, the benchmark's metric with scale. "
             f"Parts: `tune` and `check` by a fixed hash of the question id; the gate reads `check`.", "",
             "| system | split | EM | F1 |", "|---|---|---|---|"]
    for name, s in summary["parts"].items():
        lines.append(f"| Footnote extractive (no LLM) | {PART_NAMES[name]} | {_pct(s['em'])} | {_pct(s['f1'])} |")
    for name, em, f1 in PUBLISHED:
        lines.append(f"| {name} | test | {em:.1f} | {'–' if f1 is None else f'{f1:.1f}'} |")
    lines += ["", "| group | part | questions | EM | gold cells cited | answer in text | derived shown / failing "
              "recomputation | right doc first (open) | right doc in top 5 (open) | EM (open) | p50 s |",
              "|---" * 11 + "|"]
    for name, overall in summary["parts"].items():
        for gname, g in {"overall": overall, **summary["groups"][name]}.items():
            lines.append(f"| {gname} | {name} | {g['questions']} | {_pct(g['em'])} | {_pct(g['cell_cited'])} "
                         f"({g['cell_questions']}) | {_pct(g['in_text'])} | {g['derived_shown']} / "
                         f"{g['derived_failing']} | {_pct(g.get('open_first'))} | {_pct(g.get('open_hit@5'))} | "
                         f"{_pct(g.get('open_em'))} | "
                         f"{g['p50_s'] if g['p50_s'] is not None else '–'} |")
    lines += ["", "By answer type x source (every question asked):", "",
              "| type / source | questions | EM | F1 | gold cells cited | answered |", "|---|---|---|---|---|---|"]
    for name, g in summary["by_type"].items():
        lines.append(f"| {name} | {g['questions']} | {_pct(g['em'])} | {_pct(g['f1'])} | {_pct(g['cell_cited'])} | "
                     f"{_pct(g['answered'])} |")
    lines += report_footer(meta, "document", " (their questions count as missed)")
    return "\n".join(lines)


# ---------------------------------------------------------------- the run


def evaluate(settings: Settings | None = None, answerer: str | None = None, part: str = "all",
             limit: int | None = None, index_dir: Path | None = None, path: Path = DEV_PATH,
             only: set[str] | None = None, open_setting: bool = False, progress=None,
             form: str = "html") -> tuple[list[dict], dict]:
    """Asks every question of a part ("tune", "check" or "all"; the first `limit`, or those whose uid is in
    `only`) over the contexts written in `form` ("html" or "pdf") and scores it; returns the per-question records
    and the summary."""
    settings = settings or Settings.from_env()
    contexts = load_contexts(path)
    questions = [(q, ctx) for ctx in contexts for q in ctx.questions if only is None or q.uid in only]
    questions = select(questions, lambda x: x[0].uid, part, limit)
    used = sorted({ctx.index for _, ctx in questions})
    # The open setting needs every document in the index; the scoped one only the questions' own.
    indexed = contexts if open_setting else [contexts[i] for i in used]
    assistant, failed = open_assistant(contexts, settings, answerer, index_dir, indexed, form=form)
    records = ask_all(questions, lambda x: ask_one(assistant, x[0], x[1], open_setting), progress)
    meta = {"questions": len(records), "contexts": len(used), "answerer": answerer or settings.answer.answerer,
            "open": open_setting, "form": form, "dataset": str(path), "ingest_failed": failed}
    return records, summarise(records, meta)
