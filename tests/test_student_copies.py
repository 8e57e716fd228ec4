"""Student copies: generated from the chapters, free of solutions, and up to date."""

import nbformat
import pytest

from fedbook.book.notebooks import chapter_paths
from fedbook.book.student import (
    PLACEHOLDER,
    names_only_solutions_define,
    strip_solutions,
    student_path,
)

CHAPTERS = chapter_paths()


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
    expected = strip_solutions(nbformat.read(chapter, as_version=4))
    committed = student_path(chapter)
    assert committed.exists(), f"missing {committed.name}: run scripts/make_student_copies.py"
    assert nbformat.read(committed, as_version=4) == expected, \
        f"student/{chapter.name} is stale: run scripts/make_student_copies.py"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_student_copy_has_exercises_but_no_solutions(chapter):
    text = student_path(chapter).read_text(encoding="utf-8")
    assert "solution-start" not in text and "solution-end" not in text
    if "{exercise}" in chapter.read_text(encoding="utf-8"):
        assert "{exercise}" in text and PLACEHOLDER.strip() in text


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
