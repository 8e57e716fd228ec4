"""Execute the chapter notebooks in place, deterministically, so nbval can compare them."""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from . import inline

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = REPO / "notebooks"


def chapter_paths() -> list[Path]:
    return sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb") if not p.name.startswith("."))


def execute(path: Path, timeout: int = 300) -> float:
    """Run every cell top to bottom on the snapshot and save outputs and {eval} results; returns seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    env_source = os.environ.pop("FEDBOOK_SOURCE", None)  # committed outputs always come from the snapshot
    try:
        started = time.perf_counter()
        NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        elapsed = time.perf_counter() - started
    finally:
        if env_source is not None:
            os.environ["FEDBOOK_SOURCE"] = env_source
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("widgets", None)
    add_alt_text(notebook)
    inline.prepare(notebook)  # prose numbers readable in JupyterLab (stored {eval} results)
    nbformat.write(notebook, path)
    return elapsed


def chart_titles(source: str) -> list[str]:
    """A cell's chart titles: fig.suptitle(...) if given, else the titles passed to charts.finish.

    Titles count when they are plain strings, or names bound to plain strings in the cell.
    """
    tree = ast.parse(source)
    strings = {target.id: node.value.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
               for target in node.targets if isinstance(target, ast.Name)
               and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}

    def text(arg) -> str:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value.strip()
        return strings.get(arg.id, "").strip() if isinstance(arg, ast.Name) else ""

    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    suptitles = [text(c.args[0]) for c in calls if getattr(c.func, "attr", None) == "suptitle" and c.args]
    finishes = [text(c.args[2]) for c in calls if getattr(c.func, "attr", None) == "finish" and len(c.args) >= 3]
    return [t for t in suptitles if t] or [t for t in finishes if t]


def add_alt_text(notebook) -> None:
    """Give every chart output alt text for screen readers (myst-nb reads mystnb.image.alt).

    The text is the chart's title from charts.finish; the unit, source and as-of date are
    in the image's own source line and the page's prose.
    """
    for cell in notebook.cells:
        if cell.cell_type != "code" or not any("image/png" in o.get("data", {}) for o in cell.outputs):
            continue
        titles = chart_titles(cell.source)
        alt = "Chart: " + "; ".join(titles) if titles else "Chart described in the text around it"
        cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alt
