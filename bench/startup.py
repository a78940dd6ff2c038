"""Start-up: from `python app.py` to the web chat answering HTTP, and to its first verified answer, on an existing index.

    python bench/startup.py                      # 3 starts of `python app.py` on a prepared seed index
    python bench/startup.py --command "make run" --runs 2

The index is built once beforehand (data/cache/bench/startup-index; `make run` builds data/index itself when it is
missing, which is not start-up). Each run starts the command in its own process group on a free port and stops it
once measured. "first answer" asks a seed question through the app's Gradio API (`/ask`) with gradio_client.
"""
from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CACHE_DIR, ROOT, command_line, machine, print_table  # noqa: E402

QUESTION = "What were inventories as of March 31, 2025?"


def prepared_index() -> Path:
    """A seed index built once (an existing index is what start-up is measured on)."""
    path = CACHE_DIR / "startup-index"
    if not (path / "chroma.sqlite3").exists():
        print(f"building the seed index at {path} (once) ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "ingest", str(ROOT / "data" / "seed"), "--index-dir", str(path)],
                       cwd=ROOT, check=True, capture_output=True)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_start(command: list[str], index_dir: Path, timeout: float) -> tuple[float, float]:
    """Seconds from launch to HTTP 200 on the page, and to the first answer through the API."""
    import httpx
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "FOOTNOTE_PORT": str(port), "FOOTNOTE_HOST": "127.0.0.1", "FOOTNOTE_AUTH": "",
           "FOOTNOTE_INDEX_DIR": str(index_dir), "FOOTNOTE_ANSWERER": "extractive", "INDEX_DIR": str(index_dir)}
    url = f"http://127.0.0.1:{port}/"
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{' '.join(command)} exited with {proc.returncode}: {proc.stderr.read()[-800:]}")
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"no HTTP answer within {timeout:.0f} s")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        page = time.perf_counter() - t0
        got = Client(url, verbose=False).predict(QUESTION, api_name="/ask")
        answered = time.perf_counter() - t0
        if got.get("abstained"):
            raise RuntimeError(f"the first question was not answered: {got}")
        return page, answered
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the group this run started (make and the app under it)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--command", default=f"{sys.executable} app.py", help="what starts the web chat")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--timeout", type=float, default=180.0)
    args = p.parse_args()
    print(f"{command_line()}\n{machine()}", flush=True)
    index_dir = prepared_index()
    command = shlex.split(args.command)
    rows = []
    for i in range(args.runs):
        page, answered = one_start(command, index_dir, args.timeout)
        rows.append([i + 1, page, answered])
    rows.append(["median", statistics.median(r[1] for r in rows), statistics.median(r[2] for r in rows)])
    shown = " ".join(Path(c).name if c == sys.executable else c for c in command)
    print_table(["run", "seconds to HTTP 200", "seconds to first verified answer"], rows,
                f"Start-up of `{shown}` on an existing seed index")
    print(f"finished {machine()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
