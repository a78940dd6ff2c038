"""Load: many chat clients at once against the running web chat, while an ingest writes to its index.

    python bench/load.py                                  # 20 clients, 20 documentation pages ingested meanwhile
    python bench/load.py --clients 50 --rounds 4 --max-rounds 20 --ingest-pages 100
    python bench/load.py --url http://127.0.0.1:7860/ --index-dir data/index   # an app you started yourself
    python bench/load.py --churn --seconds 150            # no churn, then uploads and deletes through the app

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

With --churn the writer is the app itself: a command-line ingest would hold the index's lock, so documents are added
and removed the way users do it, through the app's logged-in `/upload` and `/delete` API (bench/churn.py). The
clients ask the seed gold questions and, every third question, one about a made-up document. First they ask for
--seconds with nothing else running (the baseline), then for --seconds again while one writer client uploads the
made-up documents and deletes them again, four at most indexed at once, for the whole phase. Every answer of both
phases is checked: no error (an exception from the client, an error payload, a traceback in the app's log); grounded
and rechecked as above; a seed question's answer equal to its idle one (made-up documents about other things change
nothing); no citation of a document deleted before the question was sent (answers in flight during a delete, which
may cite the state before it, are counted apart); no abstention while a copy of the asked document was surely
indexed (the anchor's kept copy never leaves); no other figure than the asked document's. The table puts the two
phases side by side with their ratios; timings are printed, never asserted.
"""
from __future__ import annotations

import argparse
import os
import secrets
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
    parser.add_argument("--auth", help="with --url: the app's login as user:password (FOOTNOTE_AUTH)")
    parser.add_argument("--index-dir", help="with --url: the app's index folder, for the ingest during the load")
    parser.add_argument("--churn", action="store_true",
                        help="a baseline phase, then one with uploads and deletes through the app's API")
    parser.add_argument("--seconds", type=float, default=150, help="with --churn: length of each phase (default 150)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "LOAD.md"), help="where the table is written")
    args = parser.parse_args(argv)
    if args.url and urlparse(args.url).hostname not in LOCAL_HOSTS:
        parser.error("--url must be on 127.0.0.1: this script never loads another machine")

    from eval.dataset import load_dataset

    gold = [q for q in load_dataset(SEED_GOLD) if not q.follows and q.has_answers]
    wants_pages = args.ingest_pages and not args.churn  # churn writes through the app, never beside it
    pages = unique_stems(doc_files(args.ingest_pages * 3))[:args.ingest_pages] if wants_pages else []
    work = CACHE_DIR / "load"
    app, log = None, None
    if args.url:
        url, index_dir = args.url.rstrip("/") + "/", Path(args.index_dir) if args.index_dir else None
        auth = tuple(args.auth.split(":", 1)) if args.auth else None
        if pages and index_dir is None:
            print("no --index-dir given: no ingest runs during the load", file=sys.stderr)
            pages = []
    else:
        fresh_dir(work)
        index_dir = work / "index"
        step(f"building a seed index in {index_dir}")
        run_ingest([ROOT / "data" / "seed"], index_dir).check_returncode()
        auth = ("bench", secrets.token_urlsafe(12))  # the app's API is used as users use it: logged in
        url, app = start_app(index_dir, work / "data", auth)
        log = work / "data" / "app.log"
    try:
        if args.churn:
            return measure_churn(args, url, auth, gold, work, log)
        return measure(args, url, auth, index_dir, gold, pages, work)
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=60)


def measure(args, url: str, auth: tuple[str, str] | None, index_dir: Path | None, gold: list, pages: list[Path],
            work: Path) -> int:
    from gradio_client import Client

    from eval.metrics import percentile
    from eval.recheck import SourceTexts

    step(f"asking the {len(gold)} seed questions once, idle")
    client = Client(url, auth=auth, verbose=False)
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
        c = Client(url, auth=auth, verbose=False)
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
        poller = Client(url, auth=auth, verbose=False)
        while not done.wait(2.0):
            n = len(poller.predict(api_name="/documents"))
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


ANSWER_KEYS = {"text", "abstained", "citations", "value"}


def measure_churn(args, url: str, auth: tuple[str, str] | None, gold: list, work: Path, log: Path | None) -> int:
    """The baseline phase, then the churn phase, each --seconds long with the same clients and questions; the
    checks of both, side by side (see the module docstring and bench/churn.py)."""
    from gradio_client import Client

    from bench.churn import ANCHOR, SUBJECTS, Churn, judge
    from eval.metrics import percentile
    from eval.recheck import SourceTexts

    folder = fresh_dir(work / "churn")
    client = Client(url, auth=auth, verbose=False)
    churn = Churn()
    kept_path = folder / f"{ANCHOR.slug}_kept.txt"
    kept_path.write_text(ANCHOR.text(0))
    step("uploading the anchor's kept copy (never deleted)")
    kept_id = churn.upload(client, kept_path, ANCHOR)
    if kept_id is None:
        raise SystemExit(f"the anchor could not be uploaded: {churn.errors}")
    del churn.lives[kept_id]  # not churned: a document of its own, listed in `kept`
    churn.uploads = 0
    kept = {kept_id: ANCHOR}
    logged_before = log.read_text(errors="replace") if log else ""

    def idle_answers() -> dict[str, dict]:
        out = {q.qid: client.predict(q.text, api_name="/ask") for q in gold}
        out |= {s.slug: client.predict(s.question, api_name="/ask") for s in SUBJECTS}
        return out

    step(f"asking the {len(gold)} seed and {len(SUBJECTS)} made-up questions once, idle")
    idle = idle_answers()

    def phase(name: str, writer: threading.Thread | None) -> tuple[list[dict], float]:
        step(f"{name}: {args.clients} clients for {args.seconds:.0f} s")
        results: list[dict] = []
        lock = threading.Lock()
        deadline = time.perf_counter() + args.seconds

        def chat(n: int) -> None:
            c = Client(url, auth=auth, verbose=False)
            r = 0
            while time.perf_counter() < deadline:
                q, subject = (None, SUBJECTS[(n + r // 3) % len(SUBJECTS)]) if r % 3 == 2 else \
                    (gold[(n * 7 + r) % len(gold)], None)
                text = q.text if q else subject.question
                start = time.perf_counter()
                try:
                    got, error = c.predict(text, api_name="/ask"), ""
                    if not isinstance(got, dict) or not ANSWER_KEYS <= got.keys():
                        error = f"not an answer: {str(got)[:200]}"
                    elif "Traceback" in got["text"]:
                        error = f"a traceback in the answer: {got['text'][:200]}"
                except Exception as e:  # every failure is counted and named in the report
                    got, error = None, f"{type(e).__name__}: {e}"
                with lock:
                    results.append({"q": q, "subject": subject, "text": text, "start": start,
                                    "end": time.perf_counter(), "answer": got, "error": error})
                r += 1

        t0 = time.perf_counter()
        if writer:
            writer.start()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(chat, range(args.clients)))
        loads.append(os.getloadavg()[1])  # the machine is shared: how busy it was over the phase
        return results, time.perf_counter() - t0

    loads: list[float] = []
    baseline, base_wall = phase("baseline, no churn", None)
    stop = threading.Event()
    writer = threading.Thread(target=churn.run, args=(Client(url, auth=auth, verbose=False), folder, stop))
    churned, churn_wall = phase("churn: uploads and deletes through the app", writer)
    stop.set()
    writer.join()
    step("asking every question once more, idle (every churned document deleted)")
    after = idle_answers()
    listed = {d["doc_id"] for d in client.predict(api_name="/documents")}
    left = sorted(listed & churn.lives.keys())
    logged = log.read_text(errors="replace")[len(logged_before):] if log else ""
    tracebacks = logged.count("Traceback (most recent call last)")

    step("checking every answer")
    sources = SourceTexts([ROOT / "data" / "seed", folder])
    right_idle = {q.qid for q in gold if correct(q, idle[q.qid])}

    def checks(results: list[dict], wall: float) -> dict:
        served = [r for r in results if not r["error"]]
        seed = [r for r in served if r["q"] is not None]
        made_up = [r for r in served if r["subject"] is not None]
        latencies = [r["end"] - r["start"] for r in served]
        return {
            "results": results, "served": served, "wall": wall, "latencies": latencies,
            "errors": [r for r in results if r["error"]],
            "unverified": [r for r in served if not grounded(to_answer(r["answer"]), sources)],
            "unrechecked": [r for r in served if not recheck(to_answer(r["answer"]), sources)],
            "seed": seed, "changed": [r for r in seed if same(r["answer"]) != same(idle[r["q"].qid])],
            "checked": [r for r in seed if r["q"].qid in right_idle],
            "wrong_seed": [r for r in seed if r["q"].qid in right_idle and not correct(r["q"], r["answer"])],
            "made_up": made_up, "verdicts": judge(made_up + seed, churn.lives, kept),
            "p50": percentile(latencies, 50) or 0.0, "p95": percentile(latencies, 95) or 0.0,
            "max": max(latencies, default=0.0), "rate": len(served) / wall if wall else 0.0,
        }

    base, load = checks(baseline, base_wall), checks(churned, churn_wall)

    def ratio(key: str) -> str:
        return f"{load[key] / base[key]:.2f}" if base[key] else "-"

    def of(key: str, total: str, c: dict) -> str:
        return f"{len(c[total]) - len(c[key])}/{len(c[total])}"

    def verdict(name: str, c: dict, total: str | None = None, count: bool = False) -> str:
        v = c["verdicts"]
        return f"{getattr(v, name) if count else len(getattr(v, name))}" + (f"/{getattr(v, total)}" if total else "")

    rows = [
        ["clients", args.clients, args.clients, ""],
        ["phase duration (s)", base["wall"], load["wall"], ""],
        ["load average (5 min) at the phase's end, the bench's own included", loads[0], loads[1], ""],
        ["requests served", len(base["served"]), len(load["served"]), ""],
        ["errors (client exceptions, error payloads)", len(base["errors"]), len(load["errors"]), ""],
        ["throughput (questions/s)", base["rate"], load["rate"], ratio("rate")],
        ["latency p50 (s)", base["p50"], load["p50"], ratio("p50")],
        ["latency p95 (s)", base["p95"], load["p95"], ratio("p95")],
        ["latency max (s)", base["max"], load["max"], ratio("max")],
        ["uploads / deletes done through the app", "0 / 0", f"{churn.uploads} / {churn.deletes}", ""],
        ["answers grounded (verify_answer)", of("unverified", "served", base), of("unverified", "served", load), ""],
        ["answers rechecked (eval recheck)", of("unrechecked", "served", base), of("unrechecked", "served", load),
         ""],
        ["seed answers equal to their idle answer", of("changed", "seed", base), of("changed", "seed", load), ""],
        ["seed answers correct where the idle one was", of("wrong_seed", "checked", base),
         of("wrong_seed", "checked", load), ""],
        ["made-up questions asked", len(base["made_up"]), len(load["made_up"]), ""],
        ["answers citing a churned document", verdict("answered_from_churn", base, None, count=True),
         verdict("answered_from_churn", load, None, count=True), ""],
        ["citations of a document deleted before the question was sent", verdict("stale", base),
         verdict("stale", load), ""],
        ["citations of a document whose delete ran while the question was answered (allowed)",
         verdict("in_flight", base), verdict("in_flight", load), ""],
        ["abstained though the never-deleted copy was indexed", verdict("anchor_abstained", base),
         verdict("anchor_abstained", load), ""],
        ["abstained though a churned copy was surely indexed throughout", verdict("missed", base, "answerable"),
         verdict("missed", load, "answerable"), ""],
        ["made-up answers with another figure or another document's citation", verdict("wrong", base),
         verdict("wrong", load), ""],
    ]
    table = print_table(["measure", "no churn", "churn", "churn / no churn"], rows, f"Load with churn ({url})")
    extra = [["writer errors (uploads, deletes, deleted documents still listed or readable)", len(churn.errors)],
             ["tracebacks in the app's log", tracebacks if log else "not read (--url)"],
             ["idle answers after the churn equal to those before",
              f"{sum(same(after[k]) == same(idle[k]) for k in idle)}/{len(idle)}"],
             ["churned documents still listed after the churn", len(left)]]
    table += print_table(["after the run", "value"], extra)

    problems = []
    for name, c in (("no churn", base), ("churn", load)):
        v = c["verdicts"]
        problems += [f"{name}: error: {r['text']!r}: {r['error']}" for r in c["errors"][:10]]
        problems += [f"{name}: not grounded: {r['text']!r}: {r['answer']['text'][:200]!r}"
                     for r in c["unverified"][:10]]
        problems += [f"{name}: recheck failed: {r['text']!r}: {r['answer']['text'][:200]!r}"
                     for r in c["unrechecked"][:10]]
        problems += [f"{name}: unlike the idle answer: {r['text']!r}: {r['answer']['text'][:200]!r}"
                     for r in c["changed"][:10]]
        problems += [f"{name}: wrong: {r['text']!r}: {r['answer']['text'][:200]!r}" for r in c["wrong_seed"][:10]]
        problems += [f"{name}: cites {r['doc_id']}, deleted before it was asked: {r['text']!r}" for r in v.stale[:10]]
        problems += [f"{name}: abstained with {'the kept copy' if r in v.anchor_abstained else 'a copy'} indexed: "
                     f"{r['text']!r}: {r['answer']['dropped'][:2]}" for r in (v.anchor_abstained + v.missed)[:10]]
        problems += [f"{name}: another figure or document: {r['text']!r}: {r['answer']['text'][:200]!r}"
                     for r in v.wrong[:10]]
    problems += [f"writer: {e}" for e in churn.errors[:10]]
    if tracebacks:
        problems.append(f"{tracebacks} tracebacks in the app's log, the first: "
                        f"{logged[logged.index('Traceback'):][:1500]}")
    problems += [f"idle answer changed by the churn: {k!r}: before {idle[k]['text'][:120]!r}, after "
                 f"{after[k]['text'][:120]!r}" for k in idle if same(after[k]) != same(idle[k])]
    problems += [f"still listed after its delete: {d}" for d in left]
    client.predict(kept_id, api_name="/delete")
    write_churn_report(Path(args.out), table, problems)
    for p in problems:
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


def start_app(index_dir: Path, data_dir: Path, auth: tuple[str, str]) -> tuple[str, subprocess.Popen]:
    """`python app.py` over index_dir on a free 127.0.0.1 port, with the login auth; returns its URL once it
    answers. Its output goes to data_dir/app.log."""
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "FOOTNOTE_HOST": "127.0.0.1",
           "FOOTNOTE_PORT": str(port), "FOOTNOTE_INDEX_DIR": str(index_dir), "FOOTNOTE_DATA_DIR": str(data_dir),
           "FOOTNOTE_AUTH": ":".join(auth)}
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


def write_churn_report(path: Path, table: str, problems: list[str]) -> None:
    lines = ["# Load on the web chat, with uploads and deletes through its API", "", "Produced by:", "",
             f"    {command_line()}", "", machine(), table.rstrip(), ""]
    lines += ["Problems:", "", *(f"- {p}" for p in problems)] if problems else [
        "No request failed, in either phase; every answer passed the grounding check and eval's independent "
        "recheck; no answer cited a document deleted before its question was sent; none abstained while a copy of "
        "what it asked was surely indexed; the app logged no traceback."]
    path.write_text("\n".join(lines) + "\n")
    print(f"written to {path}")


def step(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
