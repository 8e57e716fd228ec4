"""Student copies name a figure referred to with {numref} by its number and caption."""

import nbformat

from fedbook.book.student import MYST_SYNTAX, PlainMarkdown, figure_references


def chart(label, caption):
    output = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="},
                                    metadata={"image/png": {"fedbook_figure": {"caption": caption, "source": "S.",
                                                                               "label": label}}})
    return nbformat.v4.new_code_cell("charts.finish(...)", outputs=[output], execution_count=1)


def chapter():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("(k)=\n# K\n\nSee {numref}`fig-k-b` and {numref}`k-ex1`."),
        chart("fig-k-a", "First chart."),
        chart(None, "An unlabelled chart."),
        chart("fig-k-b", "Third chart?"),
        nbformat.v4.new_markdown_cell("```{exercise}\n:label: k-ex1\nDo it.\n```\n\n```{solution-start} k-ex1\n```"),
        chart("fig-k-sol", "Drawn by the solution."),
        nbformat.v4.new_markdown_cell("As {numref}`fig-k-sol` shows.\n\n```{solution-end}\n```"),
        chart("fig-k-c", "After the solution."),
    ]
    return nb


def test_figures_are_numbered_as_the_student_copy_shows_them():
    refs = figure_references(chapter())
    assert refs == {"fig-k-a": "Figure 1 (“First chart”)", "fig-k-b": "Figure 3 (“Third chart?”)",
                    "fig-k-c": "Figure 4 (“After the solution”)", "fig-k-sol": "“Drawn by the solution”"}


def test_a_figure_reference_becomes_plain_text():
    nb = chapter()
    text = PlainMarkdown(nb, {"k": "K"}).convert(nb.cells[0].source)
    assert "See Figure 3 (“Third chart?”) and Exercise 1." in text and not MYST_SYNTAX.search(text)
