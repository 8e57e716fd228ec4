"""The glossary defines every technical term once, and every chapter links the terms it uses."""

import nbformat
import pytest

from fedbook.book import glossary as g
from fedbook.book.notebooks import chapter_paths

CHAPTERS = chapter_paths()
GLOSSARY = g.entries()


def test_glossary_has_at_least_fifty_entries_and_no_duplicate_names():
    names = [n.lower() for entry in GLOSSARY for n in entry]
    assert len(GLOSSARY) >= 50
    assert len(names) == len(set(names)), "a name is defined twice"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_every_glossary_term_a_chapter_uses_is_linked(chapter):
    missing = g.unlinked(nbformat.read(chapter, as_version=4), GLOSSARY)
    assert not missing, (f"{chapter.name} uses these glossary terms but never links them with {{term}}: "
                         f"{', '.join(missing)} (run scripts/link_glossary_terms.py)")


def _chapter(*markdown):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(m) for m in markdown]
    return nb


ENTRIES = [("Reserves",), ("Ample reserves",), ("QE", "Quantitative easing"), ("Duration",)]


def test_the_check_finds_a_used_but_unlinked_term_and_accepts_a_link():
    assert g.unlinked(_chapter("Banks hold reserves at the Fed."), ENTRIES) == ["Reserves"]
    assert g.unlinked(_chapter("Banks hold {term}`reserves` at the Fed. Reserves again."), ENTRIES) == []
    assert g.unlinked(_chapter("{term}`QE purchases <Quantitative easing>` and QE2."), ENTRIES) == []


def test_the_check_ignores_code_glue_headings_and_longer_terms():
    nb = _chapter("# Reserves and QE\n\n`QE` and {glue:text}`qe_reserves` and [QE](x.md), $duration$",
                  "When reserves are {term}`ample reserves`, fine.", "QE2 and QE3 are not QE as a word")
    assert g.unlinked(nb, ENTRIES) == ["Reserves", "QE"]
    assert g.unlinked(_chapter("Reserves become {term}`ample reserves`."), ENTRIES) == ["Reserves"]
    assert g.unlinked(_chapter("Now {term}`ample reserves` only."), ENTRIES) == []


def test_solutions_and_generated_cells_do_not_count_as_uses():
    nb = _chapter("```{solution-start} x\n```", "The duration of a bill.", "```{solution-end}\n```",
                  g.GENERATED_MARK + " -->\nWhat is duration?")
    assert g.unlinked(nb, ENTRIES) == []


def test_the_linker_links_each_first_use_once_and_is_idempotent():
    nb = _chapter("## QE\n\nUnder QE, reserves rose; reserves stayed.", "Then quantitative easing ended.")
    assert sorted(g.link_first_uses(nb, ENTRIES)) == ["QE", "Reserves"]
    assert nb.cells[0].source == "## QE\n\nUnder {term}`QE`, {term}`reserves` rose; reserves stayed."
    assert g.link_first_uses(nb, ENTRIES) == [] and g.unlinked(nb, ENTRIES) == []
