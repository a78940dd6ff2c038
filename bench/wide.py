"""Peak memory of ingesting one very wide table: a CSV with 200,000 columns (8.3 MB), through the CLI.

    python bench/wide.py                    # 200,000 columns x 5 rows, the real embedding model
    python bench/wide.py --columns 20000    # a smaller one
    python bench/wide.py --seconds 1800     # stopped after half an hour: the peak so far and how far it got

Each run is `python -m ingest FILE --index-dir TMP` in its own process; the peak RSS is that child's alone: its own
high-water mark (VmHWM, read from /proc while it runs) and `os.wait4`'s (which also holds this small script's own,
from before the exec). Target: under 1.5 GB for the 8.3 MB file (issue 19; before the column groups it peaked at
5.6 GB). Every cell is embedded, so the whole 200,000-column file takes hours on a busy 2-core machine: `--seconds`
stops the ingest and reports the peak up to then with the chunks embedded by then.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, command_line, machine, print_table  # noqa: E402


def write_wide_csv(path: Path, columns: int, rows: int = 5) -> int:
    """A CSV with a header of `columns` period-like labels and `rows` labelled rows of figures; returns its size."""
    with open(path, "w") as f:
        f.write("Item," + ",".join(f"Week {i}" for i in range(columns)) + "\n")
        for r in range(rows):
            f.write(f"Line {r}," + ",".join(str((i * 7919 + r * 104729) % 100_000) for i in range(columns)) + "\n")
    return path.stat().st_size


def ingest_peak(path: Path, index_dir: Path, seconds: float | None = None) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MB, exit code, last thing it said) of one CLI ingest of `path`; stopped (exit code None)
    after `seconds` if given, when the last thing said is how far the embedding had come."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "ingest", str(path), "--index-dir", str(index_dir)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)})
    said = bytearray()
    reader = threading.Thread(target=lambda: [said.extend(b) for b in iter(lambda: proc.stdout.read1(4096), b"")],
                              daemon=True)
    reader.start()
    hwm_kb = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)  # not Popen.poll, which would reap it without its usage
        if pid:
            break
        try:
            hwm_kb = max(hwm_kb, int(re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{proc.pid}/status").read_text())[1]))
        except (OSError, TypeError):
            pass  # exiting
        if seconds is not None and time.perf_counter() - t0 > seconds:
            proc.kill()
        time.sleep(0.5)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
    reader.join(timeout=10)
    elapsed = time.perf_counter() - t0
    text = said.decode(errors="replace")
    code = None if seconds is not None and elapsed > seconds and os.WIFSIGNALED(status) else proc.returncode
    if code is None:
        last = (re.findall(r"embedding [\d,]+ of [\d,]+ chunks", text) or ["before embedding"])[-1]
    else:
        last = ([ln for ln in re.split(r"[\r\n]", text) if ln.startswith(("ingested", "skipped", "error"))]
                or [text.strip()[-60:]])[-1]
    return elapsed, max(hwm_kb, usage.ru_maxrss) / 1024, code, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--columns", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=5)
    parser.add_argument("--seconds", type=float, help="stop the ingest after this long")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "wide.csv"
        size = write_wide_csv(csv, args.columns, args.rows)
        seconds, peak, code, last = ingest_peak(csv, Path(tmp) / "index", args.seconds)
    print(machine())
    print_table(["file", "columns", "seconds", "peak RSS MB", "target MB", "exit", "output"],
                [[f"{size / 1e6:.1f} MB", args.columns, f"{seconds:.0f}", f"{peak:.0f}", 1536,
                  "stopped" if code is None else code, last[:70]]],
                "Ingesting one very wide CSV")
    print(command_line())


if __name__ == "__main__":
    main()
