"""Writes a run to `eval/reports/<timestamp>/`: results.jsonl, summary.json, report.md and PNG charts."""
from __future__ import annotations

import json
import time
from pathlib import Path

# Headline rows of the report: (summary key, label, what it means).
HEADLINE = [
    ("answer_accuracy", "Answer accuracy", "expected answer in the answer (unanswerable: abstained)"),
    ("answerable_accuracy", "Accuracy, answerable only", ""),
    ("answer_in_context", "Answer in retrieved text", "expected answer in the retrieved chunks"),
    ("abstention_precision", "Abstention precision", "abstentions that were right"),
    ("abstention_recall", "Abstention recall", "unanswerable questions abstained on"),
    ("recall@1", "Recall@1", "gold documents in the first retrieved document"),
    ("recall@5", "Recall@5", "gold documents in the first 5 retrieved documents"),
    ("mrr@10", "MRR@10", ""),
    ("ndcg@10", "nDCG@10", ""),
    ("row_hit@5", "Gold row retrieved", "table questions whose gold row is in the first 5 retrieved chunks"),
    ("citation_precision", "Citation precision", "citations whose document is gold"),
    ("citation_recall", "Citation recall", "gold documents cited"),
    ("cell_cited", "Gold cell cited", "table questions citing the gold table, row and column"),
    ("grounding_share", "Grounding", "shown sentences passing the shared grounding check"),
    ("numbers_in_cited_share", "Numbers in cited text", "numbers in answers found in their cited evidence (re-check)"),
    ("quote_exact_share", "Quotes exact", "quotes equal to the source file's cleaned text at their span (re-check)"),
    ("recheck_pass_share", "Re-check passed", "shown answers passing the independent re-check"),
    ("dropped_sentences", "Sentences dropped", "sentences the assistant's verification removed"),
]
TYPE_COLUMNS = ["questions", "answer_accuracy", "recall@5", "citation_recall", "grounding_share"]


def new_report_dir(root: Path) -> Path:
    """A fresh `<root>/<YYYYmmdd-HHMMSS>` folder (a suffix when two runs share a second)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path, n = root / stamp, 1
    while path.exists():
        n += 1
        path = root / f"{stamp}-{n}"
    path.mkdir(parents=True)
    return path


def _fmt(x) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.3f}"
    return str(x)


def summary_table(summary: dict) -> str:
    """The headline metrics as a markdown table: Footnote on each part of the gold set side by side, then the
    baseline on every question asked (the README carries this table)."""
    parts = summary["parts"]
    base = summary.get("baseline", {}).get("all", {})
    names = [f"Footnote {p}" + (f" ({s['questions']})" if p != "all" else "") for p, s in parts.items()]
    lines = ["| metric | " + " | ".join(names) + " | plain llama-index | what it measures |",
             "|---" * (len(parts) + 3) + "|"]
    for key, label, meaning in HEADLINE:
        cells = [_fmt(s.get(key)) for s in parts.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {_fmt(base.get(key))} | {meaning} |")
    lat = summary["latency"]
    cells = [f"{_fmt(lat['p50'])} / {_fmt(lat['p95'])}" if p == "all" else "–" for p in parts]
    lines.append("| Latency p50 / p95 (s) | " + " | ".join(cells) + " | – | per question, wall clock |")
    return "\n".join(lines)


def _type_table(summary: dict) -> str:
    ours = summary["by_type"]["footnote"]
    base = summary["by_type"].get("baseline", {})
    head = "| type | " + " | ".join(TYPE_COLUMNS) + " | baseline recall@5 | baseline answer in context |"
    lines = [head, "|" + "---|" * (len(TYPE_COLUMNS) + 3)]
    for t, s in ours.items():
        b = base.get(t, {})
        cells = [_fmt(s.get(c)) for c in TYPE_COLUMNS] + [_fmt(b.get("recall@5")), _fmt(b.get("answer_in_context"))]
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _misses(results: list[dict], limit: int = 15) -> str:
    rows = [r for r in results if r["verdicts"]["correct"] is False]
    lines = [f"{len(rows)} of {len(results)} questions were not answered correctly"
             + (f"; the first {limit}:" if len(rows) > limit else ":"), ""]
    lines += ["| id | type | question | expected | answer |", "|---|---|---|---|---|"]
    for r in rows[:limit]:
        answer = "(abstained)" if r["answer"]["abstained"] else r["answer"]["text"]
        expected = " / ".join(r["gold"]["answers"]) or "(abstain)"
        cells = [r["qid"], r["type"], r["question"], expected, answer[:160]]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    problems = [(r["qid"], p) for r in results for p in r["verdicts"]["recheck"]["problems"]]
    if problems:
        lines += ["", f"Re-check problems ({len(problems)}):", ""]
        lines += [f"- {qid}: {p}" for qid, p in problems[:limit]]
    return "\n".join(lines)


def _charts(folder: Path, results: list[dict], summary: dict) -> list[tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts = []
    types = list(summary["by_type"]["footnote"])
    series = [("Footnote: answer accuracy", "footnote", "answer_accuracy"),
              ("Footnote: answer in retrieved chunks", "footnote", "answer_in_context")]
    if "baseline" in summary["by_type"]:
        series.append(("plain llama-index: answer in top-2 chunks", "baseline", "answer_in_context"))
    fig, ax = plt.subplots(figsize=(9, 3.8))
    width = 0.8 / len(series)
    for j, (label, system, key) in enumerate(series):
        values = [summary["by_type"][system][t].get(key) or 0 for t in types]
        ax.bar([i - 0.4 + width * (j + 0.5) for i in range(len(types))], values, width=width, label=label)
    ax.set_xticks(list(range(len(types))), types, rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_title("Per question type")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=len(series), frameon=False)
    fig.tight_layout()
    fig.savefig(folder / "accuracy_by_type.png", dpi=110)
    plt.close(fig)
    charts.append(("accuracy_by_type.png", "Accuracy per question type"))

    s = summary["parts"]["all"]
    keys = ["grounding_share", "numbers_in_cited_share", "quote_exact_share", "recheck_pass_share",
            "citation_precision", "citation_recall"]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.barh([k.replace("_", " ") for k in keys], [s.get(k) or 0 for k in keys], color="#3a7")
    ax.set_xlim(0, 1.0)
    ax.set_title("Grounding and citations (Footnote)")
    fig.tight_layout()
    fig.savefig(folder / "grounding.png", dpi=110)
    plt.close(fig)
    charts.append(("grounding.png", "Grounding and citations"))

    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.hist([r["seconds"] for r in results], bins=20, color="#58a")
    ax.set_xlabel("seconds per question")
    ax.set_ylabel("questions")
    ax.set_title(f"Latency (p50 {_fmt(summary['latency']['p50'])} s, p95 {_fmt(summary['latency']['p95'])} s)")
    fig.tight_layout()
    fig.savefig(folder / "latency.png", dpi=110)
    plt.close(fig)
    charts.append(("latency.png", "Latency per question"))
    return charts


def _gate_section(failures: list[str]) -> str:
    verdict = "Passed." if not failures else "Failed:\n\n" + "\n".join(f"- {x}" for x in failures)
    return f"## CI gate (check part)\n\n{verdict}\n"


def write_report(folder: Path, results: list[dict], summary: dict, failures: list[str] | None = None) -> Path:
    """Writes results.jsonl, summary.json, the charts and report.md into folder; returns report.md's path."""
    with open(folder / "results.jsonl", "w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    charts = _charts(folder, results, summary)
    meta = summary["meta"]
    parts = [
        "# Footnote evaluation",
        "",
        f"Dataset `{meta['dataset']}` over corpus `{meta['corpus']}`; {summary['parts']['all']['questions']} "
        f"questions (part: {meta['part']}; `tune` and `check` by a fixed hash of the question id, the gate reads "
        f"`check`); answerer `{meta['answerer']}` (used: {', '.join(meta['answerers_used']) or '–'}); "
        f"top_k {meta['top_k']}. Baseline: {meta['baseline'] or 'not run'}, scored with the same metric code on "
        "retrieval and answer-in-context (it has no answerer; each file is one document to it, so a blurb's gold is "
        "its host file).",
        "",
        summary_table(summary),
        "",
    ]
    if failures is not None:
        parts += [_gate_section(failures), ""]
    parts += ["## Per question type", "", _type_table(summary), ""]
    parts += [f"![{title}]({name})" for name, title in charts]
    parts += ["", "## Misses", "", _misses(results), ""]
    path = folder / "report.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def write_benchmark_report(root: Path, name: str, title: str, records: list[dict], summary: dict, markdown: str,
                           failures: list[str] | None = None) -> Path:
    """Writes a named benchmark's run (tatqa, squad2, multihop) to `<root>/<stamp>-<name>/`: results.jsonl,
    summary.json and report.md (its summary markdown and the gate's verdict); returns report.md's path."""
    folder = new_report_dir(root)
    folder = folder.rename(folder.with_name(f"{folder.name}-{name}"))
    with open(folder / "results.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = f"# {title}\n\n{markdown}\n"
    if failures is not None:
        text += "\n" + _gate_section(failures) + "\n"
    path = folder / "report.md"
    path.write_text(text, encoding="utf-8")
    return path
