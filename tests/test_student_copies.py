"""Student copies: generated from the chapters, free of solutions and MyST syntax, up to date, and runnable."""

import nbformat
import pytest
from nbclient import NotebookClient

from fedbook.book.notebooks import chapter_paths
from fedbook.book.student import (
    MYST_SYNTAX,
    PLACEHOLDER,
    PlainMarkdown,
    chapter_titles,
    handout,
    names_only_solutions_define,
    snapshot_as_of,
    strip_solutions,
    student_path,
)

CHAPTERS = chapter_paths()
TITLES = chapter_titles(CHAPTERS)


def test_solutions_are_replaced_and_outputs_cleared():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Intro\n\n```{exercise}\n:label: e1\nDo it.\n```\n\n"
                                      "```{solution-start} e1\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell("answer = 42"),
        nbformat.v4.new_markdown_cell("Because.\n\n```{solution-end}\n```\n\n## Next section"),
        nbformat.v4.new_code_cell("print('kept')", outputs=[nbformat.v4.new_output("stream", text="kept\n")],
                                  execution_count=3),
    ]
    student = strip_solutions(nb)
    sources = [c.source for c in student.cells]
    assert "answer = 42" not in "".join(sources) and "Because." not in "".join(sources)
    assert PLACEHOLDER in sources and "## Next section" in sources
    assert "Do it." in sources[0] and "solution-start" not in sources[0]
    assert student.cells[-1].outputs == [] and student.cells[-1].execution_count is None


def test_an_unclosed_solution_is_an_error():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("```{solution-start} e1\n```")]
    with pytest.raises(ValueError, match="no matching"):
        strip_solutions(nb)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_student_copy_is_committed_and_up_to_date(chapter):
    expected = handout(chapter, TITLES)
    committed = student_path(chapter)
    assert committed.exists(), f"missing {committed.name}: run scripts/make_student_copies.py"
    assert nbformat.read(committed, as_version=4) == expected, \
        f"student/{chapter.name} is stale: run scripts/make_student_copies.py"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_student_copy_has_exercises_but_no_solutions(chapter):
    text = student_path(chapter).read_text(encoding="utf-8")
    assert "solution-start" not in text and "solution-end" not in text
    if "{exercise}" in chapter.read_text(encoding="utf-8"):
        assert "### Exercise 1" in text and PLACEHOLDER.strip() in text and "Your answer to Exercise 1" in text


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_student_copy_needs_nothing_that_only_a_solution_defines(chapter):
    # A handout must run with every solution left empty: no later cell may use a variable
    # that only a solution defines. (Checked on the code, not by running it, to keep CI fast.)
    assert names_only_solutions_define(nbformat.read(chapter, as_version=4)) == {}


def test_the_dependency_check_catches_a_cell_that_needs_a_solution():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import pandas as pd\nbase = 1"),
        nbformat.v4.new_markdown_cell("```{exercise}\n:label: e1\nDo it.\n```\n\n```{solution-start} e1\n```"),
        nbformat.v4.new_code_cell("answer = base + 1"),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        nbformat.v4.new_code_cell("print(answer, base, pd)"),
    ]
    assert names_only_solutions_define(nb) == {"print(answer, base, pd)": {"answer"}}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_student_copy_has_no_syntax_a_plain_markdown_renderer_shows_raw(chapter):
    copy = nbformat.read(student_path(chapter), as_version=4)
    assert "{glue" not in student_path(chapter).read_text(encoding="utf-8")
    for cell in copy.cells:
        found = MYST_SYNTAX.search(cell.source) if cell.cell_type == "markdown" else None
        assert not found, f"student/{chapter.name}: {cell.source[max(0, found.start() - 40):found.end() + 40]!r}"
    assert f"latest observation {snapshot_as_of()}" in copy.cells[0].source


def test_myst_prose_becomes_plain_markdown():
    chapter = nbformat.v4.new_notebook()
    chapter.cells = [
        nbformat.v4.new_markdown_cell("(ch)=\n# Chapter\n\nGrew {eval}`f\"{k_ratio:.1f}\"`-fold by {eval}`k_date`; "
                                      "see {numref}`k-ex2`, {ref}`the other chapter <other>`, {ref}`other` "
                                      "and {term}`QE`.\n\n```{admonition} Key takeaways\n:class: important\n- one\n```\n\n"
                                      "```{note}\nCareful.\n```\n"),
        nbformat.v4.new_code_cell("glue(...)", outputs=[
            nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": "9.87"},
                                   metadata={"scrapbook": {"name": "k_ratio", "mime_prefix": "application/papermill.record/"}}),
            nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": "'2022-04-13'"},
                                   metadata={"scrapbook": {"name": "k_date", "mime_prefix": "application/papermill.record/"}})]),
        nbformat.v4.new_markdown_cell("```{exercise}\n:label: k-ex1\n\nFirst.\n```\n\n"
                                      "```{exercise} Titled\n:label: k-ex2\n\nSecond.\n```\n"),
    ]
    plain = PlainMarkdown(chapter, {"other": "Another chapter"})
    first = plain.convert(chapter.cells[0].source)
    assert first.startswith("# Chapter\n") and "Grew 9.9-fold by 2022-04-13" in first
    assert "see Exercise 2, the other chapter, Another chapter and QE." in first
    assert "> **Key takeaways**\n>\n> - one" in first and "> **Note**\n>\n> Careful." in first
    exercises = plain.convert(chapter.cells[2].source)
    assert "### Exercise 1\n\nFirst." in exercises and "### Exercise 2: Titled\n\nSecond." in exercises
    assert not MYST_SYNTAX.search(first + exercises)


def test_figure_references_become_figure_numbers_within_the_chapter():
    chart = {"caption": "Total assets.", "source": "Source: H.4.1 (WALCL).", "label": None}
    chapter = nbformat.v4.new_notebook()
    chapter.cells = [nbformat.v4.new_code_cell("charts.finish(...)", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"},
                               metadata={"image/png": {"fedbook_figure": {**chart, "label": label}}})])
        for label in [None, "fig-k-assets"]]
    chapter.cells.append(nbformat.v4.new_markdown_cell("As {numref}`fig-k-assets` shows."))
    assert PlainMarkdown(chapter, {}).convert(chapter.cells[-1].source) == "As Figure 2 (“Total assets”) shows."


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_student_copy_runs_top_to_bottom_with_empty_solutions(chapter):
    copy = nbformat.read(student_path(chapter), as_version=4)
    NotebookClient(copy, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(student_path(chapter).parent)}}).execute()
    errors = [o for c in copy.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
