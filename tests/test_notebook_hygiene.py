"""Notebooks are saved executed, in order, error-free, secret-free, with every number glued.

nbval compares stored outputs with fresh ones; a notebook saved without outputs would make
that comparison vacuous, so these checks fail first.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(list((REPO / "notebooks").glob("*.ipynb")) + list((REPO / "book").glob("*.ipynb")))
FRED_KEY = re.compile(r"(?<![0-9a-z])[0-9a-z]{32}(?![0-9a-z])")  # FRED keys: 32 lower-case alphanumerics
# 32-character tokens that are part of cited source addresses in the repo's fact tables.
CITED_TOKENS = {m for path in (REPO / "data").glob("*.csv") for m in FRED_KEY.findall(path.read_text())}
GLUE_ROLE = re.compile(r"\{glue(?::text|:md)?\}`([^`]+)`")
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")  # {eval}`key` or {eval}`f"{key:fmt}"` (fedbook.book.inline)
# Money amounts and percentages typed into prose: these must be glued instead.
HAND_TYPED = re.compile(r"\$\s?\d|\d[\d,.]*\s?(%|percent\b|billion|trillion|million|bp\b|basis points?\b)", re.I)


def ids(paths):
    return [p.relative_to(REPO).as_posix() for p in paths]


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_notebooks_to_check():
    assert (REPO / "notebooks" / "qe-vs-qt.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_saved_executed_in_order_with_outputs(path):
    cells = code_cells(nbformat.read(path, as_version=4))
    counts = [c.execution_count for c in cells]
    assert None not in counts, "some code cells were never executed: run `make execute`"
    assert counts == list(range(1, len(cells) + 1)), "cells were not executed top to bottom in one run"
    assert sum(len(c.outputs) for c in cells) >= len(cells) // 2, "most cells have no stored output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_stored_errors(path):
    for cell in code_cells(nbformat.read(path, as_version=4)):
        assert all(o.output_type != "error" for o in cell.outputs), cell.source[:80]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_stored_stderr(path):
    # The site shows stderr (so live-data fallback warnings reach readers); the committed,
    # snapshot-based outputs must therefore carry none: no stray library warnings.
    for cell in code_cells(nbformat.read(path, as_version=4)):
        streams = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not streams, f"stderr output in: {cell.source[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_standard_python3_kernelspec(path):
    kernelspec = nbformat.read(path, as_version=4).metadata.get("kernelspec", {})
    assert kernelspec.get("name") == "python3" and kernelspec.get("language") == "python"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_fred_key_in_sources_or_outputs(path):
    text = path.read_text(encoding="utf-8")
    assert "api_key=" not in text.replace("api_key=...", "")
    for cell in nbformat.read(path, as_version=4).cells:
        for chunk in [cell.source] + [json.dumps(o) for o in cell.get("outputs", []) if "image/png" not in
                                      o.get("data", {})]:
            suspects = set(FRED_KEY.findall(chunk)) - CITED_TOKENS
            assert not suspects, f"a string shaped like a FRED API key in: {cell.source[:60]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_cell_relies_on_a_trailing_semicolon(path):
    # nbval runs cells with store_history=False, where ';' does not suppress the result:
    # the stored and re-run outputs would then differ.
    for cell in code_cells(nbformat.read(path, as_version=4)):
        assert not cell.source.rstrip().endswith(";"), cell.source[-80:]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_prose_numbers_are_glued_not_typed(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        prose = EVAL_ROLE.sub("GLUED", GLUE_ROLE.sub("GLUED", cell.source))
        prose = re.sub(r"`[^`]*`|https?://\S+", "", prose)
        found = HAND_TYPED.search(prose)
        assert not found, f"hand-typed figure {found.group(0)!r} in: {prose[max(0, found.start() - 60):found.end() + 20]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_glue_reference_has_a_glued_value(path):
    nb = nbformat.read(path, as_version=4)
    glued = {o.metadata["scrapbook"]["name"] for c in code_cells(nb) for o in c.outputs
             if "scrapbook" in o.get("metadata", {})}
    from fedbook.book.inline import parse_expression

    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    referenced = {m.split(":")[0] for text in markdown for m in GLUE_ROLE.findall(text)}
    referenced |= {parse_expression(m)[0] for text in markdown for m in EVAL_ROLE.findall(text)}
    assert referenced <= glued, f"referenced but never glued: {sorted(referenced - glued)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_chart_goes_through_the_style_helper(path):
    for cell in code_cells(nbformat.read(path, as_version=4)):
        if "charts.figure(" in cell.source or "plt.subplots(" in cell.source:
            assert "charts.finish(" in cell.source, f"figure without source line/units: {cell.source[:80]}"
        assert "plt.subplots(" not in cell.source, "use charts.figure() so every chart shares one style"


def test_the_key_check_catches_a_key_but_not_a_cited_address():
    leaked = 'fred = Fred(api_key="abcdefghijklmnopqrstuvwxyz012345")'
    assert set(FRED_KEY.findall(leaked)) - CITED_TOKENS == {"abcdefghijklmnopqrstuvwxyz012345"}
    cited = next(iter(CITED_TOKENS))
    assert set(FRED_KEY.findall(f"see https://example.org/a/{cited}.html")) - CITED_TOKENS == set()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_chart_has_alt_text_from_its_title(path):
    from fedbook.book.notebooks import chart_titles

    for cell in code_cells(nbformat.read(path, as_version=4)):
        if any("image/png" in o.get("data", {}) for o in cell.outputs):
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert alt.startswith("Chart: ") and chart_titles(cell.source), \
                f"chart without alt text (run make execute): {cell.source[:80]}"


def test_chart_titles_prefer_the_figure_title_and_resolve_names():
    source = ('title = "Spreads"\n'
              'charts.finish(fig, ax, title, "percent", ["SOFR"])\n')
    from fedbook.book.notebooks import chart_titles

    assert chart_titles(source) == ["Spreads"]
    assert chart_titles('fig.suptitle("Whole figure")\n' + source) == ["Whole figure"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_chart_output_carries_its_caption_and_source(path):
    """The website numbers and captions a chart from this metadata (fedbook.book.website)."""
    for cell in code_cells(nbformat.read(path, as_version=4)):
        for output in cell.outputs:
            if "image/png" in output.get("data", {}):
                record = output.get("metadata", {}).get("image/png", {}).get("fedbook_figure")
                assert record and record["caption"] and "data as of" in record["source"], \
                    f"chart without caption metadata (run make execute): {cell.source[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_drawing_only_chart_code_is_folded_by_the_rule(path):
    """Tags follow fedbook.book.notebooks.fold_drawing_code (run scripts/fold_drawing_code.py)."""
    from fedbook.book.notebooks import FOLD_TAG, only_draws

    for cell in code_cells(nbformat.read(path, as_version=4)):
        if "charts.figure" in cell.source:
            assert (FOLD_TAG in cell.metadata.get("tags", [])) == only_draws(cell.source), cell.source[:80]


def test_the_folding_rule_folds_drawing_and_keeps_computing_visible():
    from fedbook.book.notebooks import fold_drawing_code, only_draws

    drawing = ('fig, ax = charts.figure()\n'
               'for i, col in enumerate(frame.columns):\n'
               '    ax.plot(frame.index, frame[col], color=charts.PALETTE[i], label=col)\n'
               'ax.axhline(0, color="black", lw=0.8)\n'
               'charts.finish(fig, ax, "Title", fb.info("WALCL").unit, ["WALCL"])\n')
    assert only_draws(drawing)
    assert not only_draws("walcl = fb.load('WALCL')\n" + drawing)  # loading is what the text discusses
    assert not only_draws(drawing + "glue('x_peak', walcl.max())\n")
    assert not only_draws("ax.plot(x, y)\n")  # no chart made here
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(drawing), nbformat.v4.new_code_cell("x = fb.load('WALCL')\n" + drawing)]
    nb.cells[1].metadata["tags"] = ["hide-input", "other"]
    assert fold_drawing_code(nb) == 1 and fold_drawing_code(nb) == 1  # idempotent
    assert nb.cells[0].metadata["tags"] == ["hide-input"] and nb.cells[1].metadata["tags"] == ["other"]


# Charts are referred to by number ({numref}`fig-...`, "Figure N" on the website), never by position:
# "the chart above" is wrong on a phone, in a student copy and whenever a chart moves.
CHAPTERS = sorted((REPO / "notebooks").glob("*.ipynb"))
CHART_WORD = r"(?:chart|figure|graph|plot|panel)s?"
VAGUE_CHART_REFERENCE = re.compile(
    rf"\b{CHART_WORD}\s+(?:above|below|shown|here)\b"  # the chart above, (figure below), the panel shown
    rf"|\b(?:this|that|these|those)\s+(?:chart|graph|plot|panel)s?\b"  # this chart ("that figure" may be a number)
    rf"|\b(?:next|previous|preceding|following|earlier|later|first|second|third|last"
    rf"|top|bottom|upper|lower)\s+{CHART_WORD}\b"  # the next chart, the lower panel
    rf"|\bthe\s+{CHART_WORD}\s+(?:shows?|follows|divides|zooms|plots|compares|draws)\b",  # The chart shows
    re.I)
PANEL_OF_FIGURE = re.compile(rf"\b{CHART_WORD}\s+(?:of|in)\s+\{{numref\}}`[^`]+`", re.I)  # top panel of {numref}`x`
NUMREF_ROLE = re.compile(r"\{numref\}`([^`]+)`")
EXERCISE_LABEL = re.compile(r"^:label:[ \t]*(\S+)", re.M)


def chapter_params(paths):
    return [pytest.param(p, id=p.relative_to(REPO).as_posix()) for p in paths]


def vague_chart_reference(markdown: str):
    prose = PANEL_OF_FIGURE.sub("NUMBERED", markdown)
    return VAGUE_CHART_REFERENCE.search(re.sub(r"`[^`]*`", "", prose))


def chart_labels(nb) -> list[str]:
    from fedbook.book.charts import FIGURE_METADATA_KEY

    return [o["metadata"]["image/png"][FIGURE_METADATA_KEY].get("label") for c in code_cells(nb) for o in c.outputs
            if FIGURE_METADATA_KEY in o.get("metadata", {}).get("image/png", {})]


def numref_targets(text: str) -> set[str]:
    return {re.sub(r"^.*<([^<>]+)>$", r"\1", m, flags=re.S).strip() for m in NUMREF_ROLE.findall(text)}


@pytest.mark.parametrize("path", chapter_params(CHAPTERS))
def test_prose_refers_to_charts_by_number_not_by_position(path):
    for cell in nbformat.read(path, as_version=4).cells:
        found = vague_chart_reference(cell.source) if cell.cell_type == "markdown" else None
        assert not found, (f"{path.name}: {cell.source[max(0, found.start() - 60):found.end() + 30]!r}: "
                           "label the chart (charts.finish(..., label='fig-...')) and write {numref}`fig-...`")


@pytest.mark.parametrize("path", chapter_params(CHAPTERS))
def test_every_chart_has_a_label_for_numref(path):
    labels = chart_labels(nbformat.read(path, as_version=4))
    assert None not in labels, f"{path.name}: chart {labels.index(None) + 1} has no label (charts.finish(..., label=...))"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_numref_names_a_chart_or_an_exercise_in_the_same_notebook(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    defined = set(EXERCISE_LABEL.findall(markdown)) | set(chart_labels(nb)) - {None}
    missing = numref_targets(markdown) - defined
    assert not missing, f"{path.name}: {{numref}} to labels no chart or exercise here defines: {sorted(missing)}"


def test_chart_labels_are_unique_across_the_book():
    labels = [label for path in NOTEBOOKS for label in chart_labels(nbformat.read(path, as_version=4)) if label]
    assert len(labels) == len(set(labels)), sorted({x for x in labels if labels.count(x) > 1})


def test_the_chart_reference_check_catches_positions_but_not_numbers():
    for vague in ["as the chart above shows", "(chart below)", "The chart shows the stack", "the lower panel",
                  "The second chart shows why", "this chart", "the figure shown here", "In the earlier chart,"]:
        assert vague_chart_reference(vague), vague
    for fine in ["{numref}`fig-bsi-stack` shows the stack", "the top panel of {numref}`fig-rmm-spreads`",
                 "the figure moves by tens of billions", "passed that figure", "How does the era chart show it?", "Plot that gap",
                 "`the chart below`"]:
        assert not vague_chart_reference(fine), fine
    assert numref_targets("see {numref}`fig-a`, {numref}`Figure %s <fig-b>` and {numref}`rmp-ex3`") == \
        {"fig-a", "fig-b", "rmp-ex3"}
