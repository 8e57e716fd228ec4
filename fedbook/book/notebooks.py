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
    fold_drawing_code(notebook)
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


# Folding drawing-only code -------------------------------------------------------------
#
# Rule: a code cell that makes a chart (calls charts.figure) is folded on the website
# (tag "hide-input": the chart shows, the code is one click away) when every top-level
# statement only draws: making the figure, calls on the figure/axes or on charts/plt,
# naming colours or styles, and for/if blocks made of such statements. A cell that also
# loads, computes or glues anything stays unfolded, because that code is what the text
# discusses. The tag on chart cells belongs to this rule: it is added or removed each run.
FOLD_TAG = "hide-input"
DRAWING_MODULES = {"charts", "plt", "mdates", "mticker"}
# Calls that compute nothing the text discusses: iterating, dates, a unit or event date to label.
NEUTRAL_CALLS = {"zip", "enumerate", "range", "items", "keys", "values", "Timestamp", "Timedelta", "DateOffset",
                 "info", "event_date"}  # info: a series's unit for the axis; event_date: where to draw a line
NEUTRAL_CALLS |= {"stack_signed"}  # fedbook.analysis.identity.stack_signed only draws (signed stacked bars)


def _root_name(node) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _names(target) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _only_draws(expr, drawing: set[str]) -> bool:
    """Every call in expr is on a drawing name (figure, axes, charts, plt...) or neutral."""
    calls = [n for n in ast.walk(expr) if isinstance(n, ast.Call)]
    return all(_root_name(c.func) in drawing or _call_name(c) in NEUTRAL_CALLS for c in calls)


def _call_name(call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _draws(statement, drawing: set[str]) -> bool:
    if isinstance(statement, ast.Expr):
        return isinstance(statement.value, ast.Call) and _only_draws(statement.value, drawing)
    if isinstance(statement, ast.Assign):
        value = statement.value
        makes_figure = isinstance(value, ast.Call) and _root_name(value.func) == "charts" \
            and getattr(value.func, "attr", "") == "figure"
        styles_only = not any(isinstance(n, ast.Call) for n in ast.walk(value)) and \
            isinstance(value, (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Subscript, ast.Attribute))
        if makes_figure or styles_only or (isinstance(value, ast.Call) and _only_draws(value, drawing)):
            for target in statement.targets:
                drawing |= _names(target)
            return True
        return False
    if isinstance(statement, ast.For):
        drawing |= _names(statement.target)
        return _only_draws(statement.iter, drawing) and all(_draws(s, drawing) for s in statement.body + statement.orelse)
    if isinstance(statement, ast.If):
        return all(_draws(s, drawing) for s in statement.body + statement.orelse)
    return isinstance(statement, ast.Pass)


def only_draws(source: str) -> bool:
    """True when a cell makes a chart and does nothing else (the folding rule above)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    makes_chart = any(isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "figure"
                      and _root_name(n.func) == "charts" for n in ast.walk(tree))
    drawing = set(DRAWING_MODULES)
    return makes_chart and all(_draws(s, drawing) for s in tree.body)


def fold_drawing_code(notebook) -> int:
    """Apply the folding rule to every chart cell; returns how many cells are folded."""
    folded = 0
    for cell in notebook.cells:
        if cell.cell_type != "code" or "charts.figure" not in cell.source:
            continue
        tags = [t for t in cell.metadata.get("tags", []) if t != FOLD_TAG]
        if only_draws(cell.source):
            tags.append(FOLD_TAG)
            folded += 1
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
    return folded
