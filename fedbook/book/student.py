"""Student copies of the chapters: handouts that read well in any Jupyter.

Each copy is the chapter with its solutions replaced by an empty code cell and a
"Your answer" markdown cell, and its outputs cleared. Its prose holds no MyST syntax a
plain Markdown renderer (the classic Notebook, GitHub) cannot show: the numbers are
written in from the executed chapter (a first cell says so and gives the snapshot's
latest observation date), exercises become headed blocks numbered within the chapter,
admonitions become block quotes, and cross-references become plain text. The copies live
in ``student/``; a test checks they match what this module generates, so they cannot
drift from the chapters.
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat

from . import inline

REPO = Path(__file__).resolve().parents[2]
STUDENT_DIR = REPO / "student"
START = re.compile(r"```\{solution-start\}[ \t]*(?P<label>[^\n]*)\n.*?```\n?", re.S)
END = re.compile(r"```\{solution-end\}\s*```\n?", re.S)
PLACEHOLDER = "# Your solution here\n"
ANSWER = "**Your answer to {{numref}}`{label}`.** Write your reasoning here: what you found, and why.\n"
DIRECTIVE = re.compile(r"^```\{(?P<name>[\w:-]+)\}[ \t]*(?P<argument>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.S | re.M)
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>[^\n]*)\n", re.M)
ROLE = re.compile(r"\{(?P<name>ref|numref|term|doc)\}`(?P<text>[^`]*)`")
TARGET_LINE = re.compile(r"^\((?P<label>[\w-]+)\)=[ \t]*\n", re.M)
FIGURE_KEY = "fedbook_figure"  # a chart output's caption record (fedbook.book.charts.FIGURE_METADATA_KEY)
TITLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
# What a plain Markdown renderer cannot show; none of it may remain in a copy.
MYST_SYNTAX = re.compile(r"\{[a-z][\w:-]*\}`|^```\{|^:::|^\([\w-]+\)=", re.M)
ADMONITION_TITLES = {"note": "Note", "warning": "Warning", "tip": "Tip", "important": "Important",
                     "caution": "Caution", "attention": "Attention", "seealso": "See also", "hint": "Hint"}


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
            cells.append(nbformat.v4.new_markdown_cell(ANSWER.format(label=label)))
            cell.source = cell.source[match.end():].lstrip("\n")
            if not cell.source.strip():
                continue
        if cell.cell_type == "markdown" and START.search(cell.source):
            start = START.search(cell.source)
            label = start["label"].strip()
            cell.source = cell.source[:start.start()].rstrip() + "\n"
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


def exercise_numbers(notebook) -> dict[str, int]:
    """{exercise label: its number within the chapter}, in order of appearance."""
    labels = []
    for cell in notebook.cells:
        for match in DIRECTIVE.finditer(cell.source) if cell.cell_type == "markdown" else []:
            if match["name"] == "exercise":
                labels.append(dict(OPTION.findall(match["body"])).get("label", f"exercise-{len(labels) + 1}"))
    return {label: number for number, label in enumerate(labels, start=1)}


def figure_references(notebook) -> dict[str, str]:
    """{figure label: how a student copy names it}: 'Figure N (“caption”)', N counting the
    charts a student sees when running the copy (solutions are empty), or the caption alone
    for a chart that only a solution draws. Read from the executed chapter's chart outputs."""
    def labelled(nb):
        figures = [output.get("metadata", {}).get("image/png", {}).get(FIGURE_KEY)
                   for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
        return [figure for figure in figures if figure is not None]

    def caption(figure) -> str:
        return "“" + figure["caption"].rstrip(".") + "”"

    references = {f["label"]: caption(f) for f in labelled(notebook) if f.get("label")}
    for number, figure in enumerate(labelled(strip_solutions(notebook, keep_outputs=True)), start=1):
        if figure.get("label"):
            references[figure["label"]] = f"Figure {number} ({caption(figure)})"
    return references


def chapter_titles(chapters) -> dict[str, str]:
    """{chapter label: chapter title} for cross-references between chapters."""
    titles = {}
    for path in chapters:
        first = next(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        label, title = TARGET_LINE.search(first), re.search(r"^# (.+)$", first, re.M)
        if label and title:
            titles[label["label"]] = title.group(1).strip()
    return titles


class PlainMarkdown:
    """Turns a chapter's MyST prose into Markdown any renderer shows as intended."""

    def __init__(self, chapter, titles: dict[str, str]):
        self.values = inline.glued_values(chapter)
        self.glued = inline.glued_data(chapter)
        self.exercises = exercise_numbers(chapter)
        self.figures = figure_references(chapter)
        self.titles = titles

    def convert(self, markdown: str) -> str:
        text = inline.fill_numbers(markdown, self.values)
        text = TARGET_LINE.sub("", text)
        text = DIRECTIVE.sub(self._directive, text)
        return ROLE.sub(self._role, text)

    def _directive(self, match) -> str:
        name, argument = match["name"], match["argument"].strip()
        options = dict(OPTION.findall(match["body"]))
        body = OPTION.sub("", match["body"]).strip("\n")
        if name == "exercise":
            number = self.exercises[options.get("label", "")]
            heading = f"### Exercise {number}" + (f": {argument}" if argument else "")
            return f"{heading}\n\n{body}\n"
        if name == "glue":
            return self._glued_block(argument)
        title = argument if name == "admonition" else ADMONITION_TITLES.get(name, name.capitalize())
        quoted = "\n".join(f"> {line}".rstrip() for line in body.splitlines())
        return f"> **{title}**\n>\n{quoted}\n"

    def _glued_block(self, key: str) -> str:
        data = self.glued[key]
        if "text/html" in data:
            return "".join(data["text/html"]) + "\n"
        return "```\n" + "".join(data["text/plain"]) + "\n```\n"

    def _role(self, match) -> str:
        titled = TITLED.match(match["text"])
        text, target = (titled["text"], titled["target"]) if titled else (None, match["text"])
        if match["name"] == "numref" and target in self.exercises:
            return f"Exercise {self.exercises[target]}"
        if match["name"] == "numref" and target in self.figures:
            return self.figures[target]
        return text or self.titles.get(target, target)


def header_cell(chapter_path: Path, as_of: str):
    cell = nbformat.v4.new_markdown_cell(
        f"*Student copy of `notebooks/{chapter_path.name}`, without solutions. The numbers in the text were "
        f"computed when the chapter was executed on the book's embedded data snapshot (latest observation "
        f"{as_of}); run the code cells to recompute the results. Regenerated by `make student`.*\n")
    cell.pop("id")  # copies carry no cell ids (see strip_solutions)
    return cell


def snapshot_as_of() -> str:
    from ..data import manifest

    return max(entry["last"] for entry in manifest()["series"].values())


def handout(chapter_path: Path, titles: dict[str, str] | None = None):
    """The student copy of one executed chapter."""
    chapter = nbformat.read(chapter_path, as_version=4)
    plain = PlainMarkdown(chapter, titles if titles is not None else chapter_titles([chapter_path]))
    result = strip_solutions(chapter)
    for cell in result.cells:
        if cell.cell_type == "markdown":
            cell.source = plain.convert(cell.source)
            cell.metadata.pop(inline.METADATA_KEY, None)
    result.cells.insert(0, header_cell(chapter_path, snapshot_as_of()))
    return result


def student_path(chapter: Path) -> Path:
    return STUDENT_DIR / chapter.name


def write_all(chapters: list[Path]) -> list[Path]:
    STUDENT_DIR.mkdir(exist_ok=True)
    written = []
    titles = chapter_titles(chapters)
    for chapter in chapters:
        target = student_path(chapter)
        nbformat.write(handout(chapter, titles), target)
        written.append(target)
    return written
