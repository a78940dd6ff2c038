"""The shape of the code: data flows one way (ingest -> assistant -> web / eval), and no module imports itself back
through others. Imports are read with `ast` from the source files, including imports inside functions (a deferred
import is still a cycle)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "assistant", "web", "eval")
# What each layer may import from the project: each stage only from the stages before it.
ALLOWED = {"ingest": {"ingest"}, "assistant": {"ingest", "assistant"}, "web": {"ingest", "assistant", "web"},
           "eval": {"ingest", "assistant", "eval"}}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path = ROOT, packages=PACKAGES) -> dict[str, set[str]]:
    """module -> the project modules it imports (anywhere in its body)."""
    files = {_module_name(p, root): p for pkg in packages if (root / pkg).is_dir() for p in (root / pkg).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets.add(base)
                targets.update(f"{base}.{a.name}" for a in node.names)
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each a list of module names."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_in_the_project():
    assert cycles(import_graph()) == []


def test_each_stage_imports_only_earlier_stages():
    wrong = [(m, t) for m, targets in import_graph().items() for t in targets
             if t.split(".")[0] not in ALLOWED[m.split(".")[0]]]
    assert wrong == []


def test_the_cycle_finder_finds_a_cycle_and_a_deferred_import(tmp_path):
    pkg = tmp_path / "ingest"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from ingest.b import f\n")
    (pkg / "b.py").write_text("def f():\n    from ingest import c\n")
    (pkg / "c.py").write_text("import ingest.a\n")
    (pkg / "d.py").write_text("from . import a\n")
    graph = import_graph(tmp_path, ("ingest",))
    assert cycles(graph) == [["ingest.a", "ingest.b", "ingest.c"]]
    assert "ingest.a" in graph["ingest.d"]
