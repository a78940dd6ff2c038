"""What every benchmark script shares: the corpora, the machine line, isolated runs, and the printed table.

Benchmarks are scripts, not tests: they print a small table and the command line that produced it. Each measured
system runs in its own fresh process so that its peak memory is its own and no model or Chroma cache carries over.
"""
from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED_DIR = ROOT / "data" / "seed"
# The large corpus: Debian's own documentation, real prose and tables in HTML. Python's (530 pages, ~18,400 of our
# chunks) and git's (242 pages, ~5,400) together pass the 20,000 chunks the scale figures ask for.
DOC_PACKAGES = {"python3.11-doc": Path("/usr/share/doc/python3.11/html"), "git-doc": Path("/usr/share/doc/git-doc")}
DOCS_NAME = "debian-docs"
CACHE_DIR = ROOT / "data" / "cache" / "bench"


def seed_files() -> list[Path]:
    """The bundled seed corpus."""
    return sorted(p for p in SEED_DIR.iterdir() if p.is_file() and not p.name.startswith("."))


def doc_files(limit: int | None = None) -> list[Path]:
    """The HTML pages of the documentation packages (installed with apt-get when missing). With a limit, an evenly
    spaced sample of that many pages, so a short run still mixes tutorials, reference and generated index pages."""
    missing = [name for name, folder in DOC_PACKAGES.items() if not folder.is_dir()]
    if missing:
        print(f"installing {' '.join(missing)} with apt-get ...", file=sys.stderr, flush=True)
        if subprocess.run(["apt-get", "install", "-y", "-q", *missing], capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True, capture_output=True)
    files = sorted(p for folder in DOC_PACKAGES.values() for p in folder.rglob("*.html") if "_sources" not in p.parts)
    if limit is None or limit >= len(files):
        return files
    step = len(files) / limit
    return [files[int(i * step)] for i in range(limit)]


def machine() -> str:
    """One line naming the machine and how busy it is (the figures depend on both)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    import torch

    return (f"{time.strftime('%Y-%m-%d %H:%M')} · {cpu} · {os.cpu_count()} cores · torch {torch.__version__} "
            f"({torch.get_num_threads()} threads) · load average {load}")


def command_line() -> str:
    """The command that produced this output, as a user would type it."""
    script = Path(sys.argv[0]).resolve()
    try:
        script = script.relative_to(ROOT)
    except ValueError:
        pass
    return " ".join(["python", str(script), *sys.argv[1:]])


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    """Bytes on disk under a folder, in MB."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def isolated(fn, *args):
    """fn(*args) in a fresh spawned process (its own model, Chroma client and peak memory); returns its result."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


def fresh_dir(path: Path) -> Path:
    """An empty folder at path (whatever was there is removed)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def print_table(headers: list[str], rows: list[list], title: str = "") -> str:
    """Prints a Markdown table (numbers formatted compactly) and returns it."""
    def fmt(v) -> str:
        if isinstance(v, float):
            return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}"
        if isinstance(v, int):
            return f"{v:,}"
        return str(v)

    cells = [[fmt(v) for v in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    lines = [f"| {' | '.join(h.ljust(w) for h, w in zip(headers, widths))} |",
             f"|{'|'.join('-' * (w + 2) for w in widths)}|"]
    lines += [f"| {' | '.join(c.rjust(w) for c, w in zip(r, widths))} |" for r in cells]
    text = (f"\n{title}\n\n" if title else "\n") + "\n".join(lines) + "\n"
    print(text, flush=True)
    return text
