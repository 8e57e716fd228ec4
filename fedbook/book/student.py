"""Student copies of the chapters: the same notebooks with solutions removed and outputs cleared.

Exercises stay; each solution (from a ``{solution-start}`` directive to its
``{solution-end}``) is replaced by an empty code cell for the student's answer. The
copies live in ``student/`` and a test checks they match what this module generates, so
they cannot drift from the chapters.
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
STUDENT_DIR = REPO / "student"
START = re.compile(r"```\{solution-start\}.*?```\n?", re.S)
END = re.compile(r"```\{solution-end\}\s*```\n?", re.S)
PLACEHOLDER = "# Your solution here\n"


def strip_solutions(notebook: nbformat.NotebookNode, keep_outputs: bool = False) -> nbformat.NotebookNode:
    """A copy of `notebook` without solutions, and without outputs unless `keep_outputs`
    (the solutions-free website keeps them; the handouts do not)."""
    result = copy.deepcopy(notebook)
    cells, in_solution = [], False
    for cell in result.cells:
        if in_solution:
            match = END.search(cell.source) if cell.cell_type == "markdown" else None
            if match is None:
                continue  # part of the solution
            in_solution = False
            cells.append(nbformat.v4.new_code_cell(PLACEHOLDER))
            cell.source = cell.source[match.end():].lstrip("\n")
            if not cell.source.strip():
                continue
        if cell.cell_type == "markdown" and START.search(cell.source):
            cell.source = cell.source[:START.search(cell.source).start()].rstrip() + "\n"
            in_solution = True
        cells.append(cell)
    if in_solution:
        raise ValueError("a {solution-start} has no matching {solution-end}")
    for cell in cells:
        if cell.cell_type == "code" and not keep_outputs:
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        cell.pop("id", None)
    result.cells = cells
    result.nbformat_minor = 4  # no cell ids: copies stay byte-stable when regenerated
    return result


def _defined(source: str) -> set[str]:
    """Names a cell binds at top level (assignments, loops, imports, defs)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def _loaded(source: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def names_only_solutions_define(notebook: nbformat.NotebookNode) -> dict[str, set[str]]:
    """Names that a cell outside the solutions uses but only a solution defines.

    Such a cell would fail in the student copy, where solutions are empty. Returns
    {first line of the offending cell: names}.
    """
    in_solution, from_solutions, from_text, problems = False, set(), set(), {}
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            if in_solution and END.search(cell.source):
                in_solution = False
            if START.search(cell.source):
                in_solution = True
            continue
        if in_solution:
            from_solutions |= _defined(cell.source)
            continue
        missing = (_loaded(cell.source) & from_solutions) - from_text
        if missing:
            problems[cell.source.splitlines()[0]] = missing
        from_text |= _defined(cell.source)
    return problems


def student_path(chapter: Path) -> Path:
    return STUDENT_DIR / chapter.name


def write_all(chapters: list[Path]) -> list[Path]:
    STUDENT_DIR.mkdir(exist_ok=True)
    written = []
    for chapter in chapters:
        target = student_path(chapter)
        nbformat.write(strip_solutions(nbformat.read(chapter, as_version=4)), target)
        written.append(target)
    return written
