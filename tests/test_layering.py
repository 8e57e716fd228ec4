"""The helper package's layers: presentation (``book``) and the claims ledger (``claims``)
use ``analysis``, which uses ``data``; never the other way, and no import cycles.

Every import in every module is read from the source (lazy imports inside functions
included), so a violation fails here before it can surprise anyone at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "fedbook"

# layer -> the layers it may import (the package's top-level __init__/__main__ may use any)
ALLOWED = {
    "data": {"data"},
    "analysis": {"analysis", "data"},
    "claims": {"claims", "analysis", "data"},
    "book": {"book", "analysis", "data"},
}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules `name` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "fedbook"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "fedbook":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {f for f in found if f in known and f != name}


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(root)
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def violations(edges: dict[str, set[str]]) -> list[str]:
    bad = []
    for src, targets in edges.items():
        src_layer = layer(src)
        for dst in sorted(targets):
            dst_layer = layer(dst)
            if src_layer is None:
                continue  # fedbook/__init__.py and __main__.py sit above every layer
            if dst_layer is None or dst_layer not in ALLOWED[src_layer]:
                bad.append(f"{src} imports {dst} ({src_layer} may import {sorted(ALLOWED[src_layer])})")
    return bad


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, found by depth-first search (each reported once, as a path)."""
    found, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    return found


def test_every_module_belongs_to_a_layer():
    stray = [m for m in modules() if layer(m) is None and m not in ("fedbook", "fedbook.__main__")]
    assert not stray, f"modules outside data/analysis/claims/book: {stray}"


def test_imports_run_one_way():
    assert not violations(graph()), "\n".join(violations(graph()))


def test_no_import_cycles():
    assert not cycles(graph()), cycles(graph())


def test_each_subpackage_says_what_belongs_there():
    for sub in ALLOWED:
        doc = ast.get_docstring(ast.parse((PACKAGE / sub / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"fedbook/{sub}/__init__.py must say what belongs there and what it may import"


@pytest.mark.parametrize("source, expected", [
    ("from ..claims import rules", "fedbook.data.store imports fedbook.claims.rules"),
    ("from ..book import charts", "fedbook.data.store imports fedbook.book.charts"),
    ("import fedbook.analysis.levels", "fedbook.data.store imports fedbook.analysis.levels"),
])
def test_the_checker_catches_an_upward_import(tmp_path, source, expected):
    """The checks above must be able to fail: a data module that imports a higher layer."""
    for sub in ("data", "analysis", "claims", "book"):
        (tmp_path / "fedbook" / sub).mkdir(parents=True)
        (tmp_path / "fedbook" / sub / "__init__.py").write_text("")
    (tmp_path / "fedbook" / "__init__.py").write_text("")
    for mod in ("analysis/levels", "claims/rules", "book/charts"):
        (tmp_path / "fedbook" / f"{mod}.py").write_text("")
    (tmp_path / "fedbook" / "data" / "store.py").write_text("def f():\n    " + source + "\n")
    bad = violations(graph(tmp_path / "fedbook"))
    assert len(bad) == 1 and bad[0].startswith(expected)


def test_the_checker_catches_a_cycle(tmp_path):
    (tmp_path / "fedbook" / "data").mkdir(parents=True)
    (tmp_path / "fedbook" / "__init__.py").write_text("")
    (tmp_path / "fedbook" / "data" / "__init__.py").write_text("")
    (tmp_path / "fedbook" / "data" / "fred.py").write_text("from .live import LiveError\n")
    (tmp_path / "fedbook" / "data" / "live.py").write_text("def client():\n    from .fred import Client\n")
    assert cycles(graph(tmp_path / "fedbook")) == [["fedbook.data.fred", "fedbook.data.live", "fedbook.data.fred"]]
