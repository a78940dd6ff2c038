"""Load: many chat clients at once against the running web chat, while an ingest writes to its index.

    python bench/load.py                                  # 20 clients, 20 documentation pages ingested meanwhile
    python bench/load.py --clients 50 --rounds 4 --max-rounds 20 --ingest-pages 100
    python bench/load.py --url http://127.0.0.1:7860/ --index-dir data/index   # an app you started yourself

Without --url it builds a fresh seed index under data/cache/bench/load/, serves it with `python app.py` on a free
127.0.0.1 port, and stops the app at the end (only 127.0.0.1 is ever used: a --url elsewhere is refused). First every
seed gold question (eval/data/seed, follow-ups left out) is asked once through the app's `/ask` API with nothing else
running: the idle answers. Then each client, a `gradio_client.Client` of its own in its own thread, asks those
questions in turn, each client starting at a different one, while `python -m ingest` adds `--ingest-pages` pages of
Python's documentation (Debian's python3.11-doc) to the same index, so the app's readers reload as they answer. A
client asks at least `--rounds` questions and goes on while the ingest runs, up to `--max-rounds` (a bounded loop);
a monitor polls the app's `/documents` meanwhile and counts the reloads it sees.

When the load and the ingest are over, every question is asked once more, idle again. Every answer returned under
load is checked:
- grounded: `assistant.grounding.verify_answer` passes every sentence, against the cleaned text of the source files;
- rechecked: eval's independent `recheck_answer` passes (quotes and numbers re-derived from the files themselves);
- consistent: being asked alongside others changes nothing. The index changes under the load, so answers are
  compared within each state of it the app showed (a monitor polls `/documents` every 2 s; a request that may have
  straddled a change is left out): all answers to a question in one state are the same (text, value, sources), and
  in the first and the last state they are the idle answers from before and after the ingest;
- correct: it matches the gold answer (or abstains where the gold set says the corpus does not answer) whenever both
  idle answers did. Questions whose idle answer changed with the ingest are listed: that is the corpus growing, not
  the load.
Prints a table, writes it to bench/LOAD.md, and exits 1 when any request failed or any answer failed a check.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CACHE_DIR, ROOT, command_line, doc_files, fresh_dir, machine, print_table  # noqa: E402

SEED_GOLD = ROOT / "eval" / "data" / "seed"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent chat clients (default 20)")
    parser.add_argument("--rounds", type=int, default=5, help="questions each client asks at least (default 5)")
    parser.add_argument("--max-rounds", type=int, default=150,
                        help="questions each client asks at most, going on while the ingest runs (default 150)")
    parser.add_argument("--ingest-pages", type=int, default=20,
                        help="documentation pages ingested during the load (0: no ingest)")
    parser.add_argument("--url", help="a running app on 127.0.0.1 (default: start one over a fresh seed index)")
    parser.add_argument("--index-dir", help="with --url: the app's index folder, for the ingest during the load")
    parser.add_argument("--out", default=str(ROOT / "bench" / "LOAD.md"), help="where the table is written")
    args = parser.parse_args(argv)
    if args.url and urlparse(args.url).hostname not in LOCAL_HOSTS:
        parser.error("--url must be on 127.0.0.1: this script never loads another machine")

    from eval.dataset import load_dataset

    gold = [q for q in load_dataset(SEED_GOLD) if not q.follows and q.has_answers]
    pages = unique_stems(doc_files(args.ingest_pages * 3))[:args.ingest_pages] if args.ingest_pages else []
    work = CACHE_DIR / "load"
    app = None
    if args.url:
        url, index_dir = args.url.rstrip("/") + "/", Path(args.index_dir) if args.index_dir else None
        if pages and index_dir is None:
            print("no --index-dir given: no ingest runs during the load", file=sys.stderr)
            pages = []
    else:
        fresh_dir(work)
        index_dir = work / "index"
        step(f"building a seed index in {index_dir}")
        run_ingest([ROOT / "data" / "seed"], index_dir).check_returncode()
        url, app = start_app(index_dir, work / "data")
    try:
        return measure(args, url, index_dir, gold, pages, work)
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=60)


def measure(args, url: str, index_dir: Path | None, gold: list, pages: list[Path], work: Path) -> int:
    from gradio_client import Client

    from eval.metrics import percentile
    from eval.recheck import SourceTexts

    step(f"asking the {len(gold)} seed questions once, idle")
    client = Client(url, verbose=False)
    idle = {q.qid: client.predict(q.text, api_name="/ask") for q in gold}
    docs_before = len(client.predict(api_name="/documents"))

    step(f"{args.clients} clients x {args.rounds} questions" + (f", ingesting {len(pages)} pages" if pages else ""))
    results: list[dict] = []
    lock = threading.Lock()
    ingest: dict = {}

    def ingest_during_load() -> None:
        t0 = time.perf_counter()
        p = run_ingest(pages, index_dir)
        ingest.update(seconds=time.perf_counter() - t0, returncode=p.returncode, stderr=p.stderr[-2000:],
                      ended=time.perf_counter())

    def chat(n: int) -> None:
        c = Client(url, verbose=False)
        for r in range(max(args.rounds, args.max_rounds)):
            if r >= args.rounds and (not pages or "ended" in ingest):
                break
            q = gold[(n * 7 + r) % len(gold)]
            start = time.perf_counter()
            try:
                got, error = c.predict(q.text, api_name="/ask"), ""
            except Exception as e:  # every failure is counted and named in the report
                got, error = None, f"{type(e).__name__}: {e}"
            with lock:
                results.append({"q": q, "start": start, "end": time.perf_counter(), "answer": got, "error": error,
                                "during_ingest": "ended" not in ingest})

    # The index states the app showed: (last poll before the change, first poll that saw it, documents listed).
    states = [(0.0, 0.0, docs_before)]
    done = threading.Event()

    def monitor() -> None:
        seen, polled = docs_before, time.perf_counter()
        while not done.wait(2.0):
            n = len(Client(url, verbose=False).predict(api_name="/documents"))
            now = time.perf_counter()
            if n != seen:
                states.append((polled, now, n))
                seen = n
            polled = now

    writer = threading.Thread(target=ingest_during_load) if pages else None
    watcher = threading.Thread(target=monitor)
    t0 = time.perf_counter()
    if writer:
        writer.start()
    watcher.start()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        list(pool.map(chat, range(args.clients)))
    wall = time.perf_counter() - t0
    done.set()
    watcher.join()
    if writer:
        writer.join()
    docs_after = len(client.predict(api_name="/documents"))
    step(f"asking the {len(gold)} seed questions once more, idle")
    after = {q.qid: client.predict(q.text, api_name="/ask") for q in gold}
    right_both = {q.qid for q in gold if correct(q, idle[q.qid]) and correct(q, after[q.qid])}

    step("checking every answer against the source files")
    sources = SourceTexts([ROOT / "data" / "seed", *pages])
    served = [r for r in results if not r["error"]]
    errors = [r for r in results if r["error"]]
    unverified, unrechecked, inconsistent, wrong = [], [], [], []
    for r in served:
        answer, qid = to_answer(r["answer"]), r["q"].qid
        if not grounded(answer, sources):
            unverified.append(r)
        if not recheck(answer, sources):
            unrechecked.append(r)
        if qid in right_both and not correct(r["q"], r["answer"]):
            wrong.append(r)
    by_state: dict[tuple[str, int], list[dict]] = {}
    for r in served:
        k = state_of(r, states)
        if k is not None:
            by_state.setdefault((r["q"].qid, k), []).append(r)
    for (qid, k), rs in by_state.items():
        want = idle[qid] if k == 0 else after[qid] if k == len(states) - 1 and states[k][2] == docs_after else None
        first = same(want) if want is not None else same(rs[0]["answer"])
        inconsistent += [r for r in rs if same(r["answer"]) != first]
    compared = sum(len(rs) for rs in by_state.values())
    changed = [q for q in gold if same(idle[q.qid]) != same(after[q.qid])]
    latencies = [r["end"] - r["start"] for r in served]
    during = sum(1 for r in results if r["during_ingest"])
    checked = sum(1 for r in served if r["q"].qid in right_both)
    rows = [
        ["clients", args.clients],
        ["load duration (s)", wall],
        ["requests served", len(served)],
        ["errors", len(errors)],
        ["throughput (requests/s)", len(served) / wall if wall else 0.0],
        ["latency p50 (s)", percentile(latencies, 50) or 0.0],
        ["latency p95 (s)", percentile(latencies, 95) or 0.0],
        ["latency max (s)", max(latencies, default=0.0)],
        ["answers grounded (verify_answer)", f"{len(served) - len(unverified)}/{len(served)}"],
        ["answers rechecked (eval recheck)", f"{len(served) - len(unrechecked)}/{len(served)}"],
        ["answers equal to the others in their index state", f"{compared - len(inconsistent)}/{compared}"],
        ["answers correct where idle ones were", f"{checked - len(wrong)}/{checked}"],
        ["idle answers correct (gold), before, after", f"{sum(correct(q, idle[q.qid]) for q in gold)}, "
                                                       f"{sum(correct(q, after[q.qid]) for q in gold)} of {len(gold)}"],
        ["requests made while the ingest ran", f"{during}/{len(results)}"],
        ["ingest: pages, seconds, exit code", (f"{len(pages)}, {ingest['seconds']:.0f} s, {ingest['returncode']}"
                                               if pages else "none")],
        ["documents listed by the app before, after", f"{docs_before}, {docs_after}"],
        ["reloads the app showed during the load", len(states) - 1],
    ]
    table = print_table(["measure", "value"], rows, f"Load on the web chat ({url})")
    problems = [f"error: {r['q'].text!r}: {r['error']}" for r in errors[:10]]
    problems += [f"not grounded: {r['q'].text!r}: {r['answer']['text'][:200]!r}" for r in unverified[:10]]
    problems += [f"recheck failed: {r['q'].text!r}: {r['answer']['text'][:200]!r}" for r in unrechecked[:10]]
    problems += [f"unlike the others in its index state: {r['q'].text!r}: {r['answer']['text'][:200]!r}"
                 for r in inconsistent[:10]]
    problems += [f"wrong under load: {r['q'].text!r}: {r['answer']['text'][:200]!r}" for r in wrong[:10]]
    if pages and ingest.get("returncode") != 0:
        problems.append(f"the ingest during the load failed: {ingest.get('stderr')}")
    if pages and docs_after <= docs_before:
        problems.append("the app did not see the documents ingested during the load")
    notes = [f"idle answer changed with the ingest: {q.text!r}: before {idle[q.qid]['text'][:120]!r}, after "
             f"{after[q.qid]['text'][:120]!r}" for q in changed]
    write_report(Path(args.out), table, problems, notes)
    for p in problems + notes:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def state_of(r: dict, states: list[tuple[float, float, int]]) -> int | None:
    """The index state a request was answered in, or None when a change may have happened while it ran."""
    for k, (_, seen, _) in enumerate(states):
        changes_next = states[k + 1][0] if k + 1 < len(states) else float("inf")
        if r["start"] >= seen and r["end"] <= changes_next:
            return k
    return None


def same(answer: dict) -> tuple:
    """What must not change when a question is asked alongside others: the answer's text, value and sources."""
    return (answer["text"], tuple(answer["value"]), answer["abstained"],
            tuple((c["doc_id"], c["start"], c["end"], c["column"]) for c in answer["citations"]))


def correct(q, answer: dict) -> bool:
    """The gold set's verdict on one answer: abstain where it should, else carry an expected answer."""
    from eval.metrics import answer_correct

    if q.abstain:
        return bool(answer["abstained"])
    return not answer["abstained"] and answer_correct(q.answers, answer["text"], answer["value"])


def to_answer(d: dict):
    """The API's JSON back into an Answer."""
    from assistant.types import Answer, Citation

    fields = {k: v for k, v in d.items() if k != "citations"}
    return Answer(**fields, citations=[Citation(**c) for c in d["citations"]])


def grounded(answer, sources) -> bool:
    from assistant.grounding import verify_answer

    def doc_text(doc_id: str) -> str | None:
        doc = sources.get(doc_id)
        return doc.text if doc is not None else None

    return all(v.ok for v in verify_answer(answer, doc_text))


def recheck(answer, sources) -> bool:
    from eval.recheck import recheck_answer

    return recheck_answer(answer, sources).passed


def unique_stems(files: list[Path]) -> list[Path]:
    """Pages whose file names are unique among them: the checks load sources by file stem, and pages that share a
    name ("index.html") get path-derived ids in the index instead."""
    seen: dict[str, int] = {}
    for f in files:
        seen[f.stem] = seen.get(f.stem, 0) + 1
    return [f for f in files if seen[f.stem] == 1]


def run_ingest(paths: list[Path], index_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ingest", *map(str, paths), "--index-dir", str(index_dir), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})


def start_app(index_dir: Path, data_dir: Path) -> tuple[str, subprocess.Popen]:
    """`python app.py` over index_dir on a free 127.0.0.1 port, without login; returns its URL once it answers."""
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "FOOTNOTE_HOST": "127.0.0.1",
           "FOOTNOTE_PORT": str(port), "FOOTNOTE_INDEX_DIR": str(index_dir), "FOOTNOTE_DATA_DIR": str(data_dir),
           "FOOTNOTE_AUTH": ""}
    log = open(data_dir / "app.log", "w")
    app = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    step(f"starting the app on {url}")
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise SystemExit(f"the app exited: {(data_dir / 'app.log').read_text()[-2000:]}")
        try:
            httpx.get(url, timeout=2)
            return url, app
        except httpx.TransportError:
            time.sleep(0.5)
    app.terminate()
    raise SystemExit(f"the app did not answer on {url} within 10 minutes")


def write_report(path: Path, table: str, problems: list[str], notes: list[str]) -> None:
    lines = ["# Load on the web chat", "", "Produced by:", "", f"    {command_line()}", "", machine(), table.rstrip(),
             ""]
    lines += ["Problems:", "", *(f"- {p}" for p in problems)] if problems else [
        "No request failed; every answer passed the grounding check and eval's independent recheck, and was the "
        "same as every other answer to its question in the same state of the index."]
    if notes:
        lines += ["", "Not the load: answers the ingested pages changed (asked idle, before and after):", "",
                  *(f"- {n}" for n in notes)]
    path.write_text("\n".join(lines) + "\n")
    print(f"written to {path}")


def step(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
