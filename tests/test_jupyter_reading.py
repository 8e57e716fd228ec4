"""Chapters read well in JupyterLab: numbers as {eval} with stored results, no typed exercise numbers."""

import re
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from myst_nb.core.variables import format_plain_text
from nbclient import NotebookClient

from fedbook.book import inline
from fedbook.book.notebooks import chapter_paths
from fedbook.book.student import _defined

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_paths()
PROSE_FILES = CHAPTERS + sorted((REPO / "book").glob("*.ipynb")) + sorted((REPO / "book").glob("*.md"))
# "exercise 3", "Exercises 2 and 4": an exercise named by a number typed into the prose.
TYPED_EXERCISE_NUMBER = re.compile(r"\bexercises?\s+\(?\d", re.I)


def ids(paths):
    return [p.relative_to(REPO).as_posix() for p in paths]


def markdown_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


def prose_blocks(path):
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    return [c.source for c in markdown_cells(path)]


@pytest.mark.parametrize("path", CHAPTERS, ids=ids(CHAPTERS))
def test_no_glue_role_left_for_jupyter_to_show_raw(path):
    for cell in markdown_cells(path):
        found = inline.GLUE_TEXT_ROLE.search(cell.source)
        assert not found, (f"{path.name}: {found.group(0)} shows raw in Jupyter: run `make execute` "
                           f"(or scripts/prose_for_jupyter.py)")


@pytest.mark.parametrize("path", CHAPTERS, ids=ids(CHAPTERS))
def test_stored_inline_results_match_the_glued_values(path):
    # JupyterLab-MyST shows these before the chapter is run; they must be what the site shows.
    notebook = nbformat.read(path, as_version=4)
    values = inline.glued_values(notebook)
    for cell in markdown_cells(path):
        expected = inline.user_expressions(cell.source, values)
        assert cell.metadata.get(inline.METADATA_KEY, []) == expected, \
            f"{path.name}: stale {{eval}} results in: {cell.source[:80]!r}; run `make execute`"


@pytest.mark.parametrize("path", CHAPTERS, ids=ids(CHAPTERS))
def test_jupyter_and_website_format_every_number_alike(path):
    """The kernel's f-string (Jupyter) and myst-nb's {glue:text} formatting (website) agree."""
    notebook = nbformat.read(path, as_version=4)
    data, values = inline.glued_data(notebook), inline.glued_values(notebook)
    expressions = {e for cell in markdown_cells(path) for e in inline.EVAL_ROLE.findall(cell.source)}
    assert expressions or "glue(" not in path.read_text(encoding="utf-8")
    for expression in expressions:
        key, fmt = inline.parse_expression(expression)
        assert inline.evaluate(expression, values) == format_plain_text(data[key]["text/plain"], fmt or "s"), expression


@pytest.mark.parametrize("path", CHAPTERS, ids=ids(CHAPTERS))
def test_glue_keys_do_not_overwrite_chapter_variables(path):
    # glue() binds each key as a kernel variable (for {eval} in Jupyter): a key equal to a
    # variable name would silently replace the variable.
    notebook = nbformat.read(path, as_version=4)
    variables = set().union(*(_defined(c.source) for c in notebook.cells if c.cell_type == "code"))
    assert not variables & set(inline.glued_data(notebook))


def test_prepare_rewrites_glue_roles_and_is_idempotent():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Peak {glue:text}`x_peak:,.1f` trillion on {glue:text}`x_date`."),
        nbformat.v4.new_code_cell("glue(...)", outputs=[
            nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": "1234.56"},
                                   metadata={"scrapbook": {"name": "x_peak", "mime_prefix": "application/papermill.record/"}}),
            nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": "'2022-04-13'"},
                                   metadata={"scrapbook": {"name": "x_date", "mime_prefix": "application/papermill.record/"}}),
        ]),
    ]
    inline.prepare(nb)
    assert nb.cells[0].source == 'Peak {eval}`f"{x_peak:,.1f}"` trillion on {eval}`x_date`.'
    results = [(r["expression"], r["result"]["data"]["text/plain"]) for r in nb.cells[0].metadata["user_expressions"]]
    assert results == [('f"{x_peak:,.1f}"', "'1,234.6'"), ("x_date", "'2022-04-13'")]
    once = nbformat.writes(nb)
    inline.prepare(nb)
    assert nbformat.writes(nb) == once
    assert inline.fill_numbers(nb.cells[0].source, inline.glued_values(nb)) == "Peak 1,234.6 trillion on 2022-04-13."


@pytest.mark.parametrize("expression", ['x + 1', '"9 trillion"', 'f"{x:.1f} trillion"', 'f"{x}"'])
def test_only_glue_keys_may_be_evaluated(expression):
    # Anything else could type a number into the prose through the back door.
    with pytest.raises(ValueError, match="not a glue key"):
        inline.parse_expression(expression)


def test_glue_binds_the_value_in_the_kernel_for_inline_expressions():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('from fedbook.book import glue\nglue("t_peak", 8.9651)'),
                nbformat.v4.new_code_cell('f"{t_peak:.3f}"')]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "'8.965'"


@pytest.mark.parametrize("path", PROSE_FILES, ids=ids(PROSE_FILES))
def test_no_prose_names_an_exercise_by_a_typed_number(path):
    # The website numbers exercises across the whole book, Jupyter within each notebook:
    # refer to an exercise by its label ({numref}`label`) so every reader sees the right one.
    for text in prose_blocks(path):
        prose = re.sub(r"`[^`]*`", "", text)
        found = TYPED_EXERCISE_NUMBER.search(prose)
        assert not found, f"{path.name}: {prose[max(0, found.start() - 40):found.end() + 20]!r}: use {{numref}}`label`"


def test_the_exercise_number_check_catches_typed_numbers_only():
    assert TYPED_EXERCISE_NUMBER.search("as exercise 3 checks") and TYPED_EXERCISE_NUMBER.search("Exercises 2")
    assert not TYPED_EXERCISE_NUMBER.search(re.sub(r"`[^`]*`", "", "as {numref}`rmp-ex3` checks"))


def test_make_lab_without_the_registry_says_so_in_one_line(tmp_path):
    with socket.socket() as probe:  # a local port nobody listens on: no registry is contacted
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/simple"
    requirements = tmp_path / "requirements-lab.txt"
    requirements.write_text("jupyterlab==4.6.5\n")  # not the installed version, so pip must download
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "install_lab.py"), str(requirements)],
                            capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "PIP_INDEX_URL": closed, "PIP_FIND_LINKS": "",
                                 "PIP_CONFIG_FILE": "/dev/null", "HOME": str(tmp_path)})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("make lab: could not install JupyterLab") and \
        len(result.stderr.strip().splitlines()) == 1, result.stderr
