"""Peak memory of ingesting one very wide table: a CSV with 200,000 columns (8.3 MB), through the CLI.

    python bench/wide.py                    # 200,000 columns x 5 rows, the real embedding model
    python bench/wide.py --columns 20000    # a smaller one

Each run is `python -m ingest FILE --index-dir TMP --quiet` in its own process; the peak RSS is that child's alone
(`os.wait4`). Target: under 1.5 GB for the 8.3 MB file (issue 19; before the column groups it peaked at 5.6 GB).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
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


def ingest_peak(path: Path, index_dir: Path) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MB, exit code, last output line) of one CLI ingest of `path`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "ingest", str(path), "--index-dir", str(index_dir), "--quiet"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    lines = out.strip().splitlines()
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), (lines or [""])[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--columns", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "wide.csv"
        size = write_wide_csv(csv, args.columns, args.rows)
        seconds, peak, code, last = ingest_peak(csv, Path(tmp) / "index")
    print(machine())
    print_table(["file", "columns", "seconds", "peak RSS MB", "target MB", "exit", "output"],
                [[f"{size / 1e6:.1f} MB", args.columns, f"{seconds:.0f}", f"{peak:.0f}", 1536, code, last[:60]]],
                "Ingesting one very wide CSV")
    print(command_line())


if __name__ == "__main__":
    main()
