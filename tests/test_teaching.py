"""Teaching kit: questionnaires and reasoning exercises in every chapter, answers only in the
instructor guide, a measured syllabus, and generated files that match their one source."""

import copy
import re

import nbformat
import pytest

from fedbook.book import teaching
from fedbook.book.notebooks import chapter_paths
from fedbook.book.student import strip_solutions

DATA = teaching.load()
CHAPTERS = chapter_paths()
NOTEBOOKS = {p.stem: nbformat.read(p, as_version=4) for p in CHAPTERS}


def test_every_chapter_has_teaching_material_and_every_chapter_is_scheduled():
    assert set(DATA["chapters"]) == set(NOTEBOOKS)
    scheduled = [slug for week in DATA["weeks"] for slug in week["chapters"]]
    assert len(DATA["weeks"]) == 6 and sorted(scheduled) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("slug", sorted(NOTEBOOKS))
def test_chapter_material_meets_the_minimums(slug):
    chapter = DATA["chapters"][slug]
    assert len(chapter["questionnaire"]) >= 10
    assert len(chapter["reasoning"]) >= 2
    assert len(chapter["discussion"]) >= 5
    assert len(chapter["misconceptions"]) >= 2
    assert all(item["a"].strip() for item in chapter["questionnaire"])
    # every learning objective on the chapter page is mapped to something that practises it
    assert set(teaching.objectives(NOTEBOOKS[slug])) == set(chapter["objectives"])


@pytest.mark.parametrize("slug", sorted(NOTEBOOKS))
def test_chapter_cells_are_up_to_date_with_the_source(slug):
    regenerated = copy.deepcopy(NOTEBOOKS[slug])
    teaching.install(regenerated, DATA["chapters"][slug])
    assert regenerated.cells == NOTEBOOKS[slug].cells, f"run scripts/make_teaching.py ({slug} is stale)"


@pytest.mark.parametrize("slug", sorted(NOTEBOOKS))
def test_questionnaire_sits_before_sources_and_its_answers_are_not_on_the_page(slug):
    cells = NOTEBOOKS[slug].cells
    where = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and "## Questionnaire" in c.source]
    sources = [i for i, c in enumerate(cells)
               if c.cell_type == "markdown" and teaching.SOURCES_HEADING.match(c.source)]
    assert len(where) == 1 and len(sources) == 1 and where[0] < sources[0]
    page = " ".join(" ".join(c.source.split()) for c in cells)
    for item in DATA["chapters"][slug]["questionnaire"]:
        assert " ".join(item["q"].split()) in page
        assert " ".join(item["a"].split()) not in page, f"a questionnaire answer is on the {slug} page"


@pytest.mark.parametrize("slug", sorted(NOTEBOOKS))
def test_reasoning_answers_are_folded_solutions_that_the_student_copy_drops(slug):
    student = " ".join(" ".join(c.source.split()) for c in strip_solutions(NOTEBOOKS[slug]).cells)
    full = " ".join(" ".join(c.source.split()) for c in NOTEBOOKS[slug].cells)
    for item in DATA["chapters"][slug]["reasoning"]:
        assert f":label: {item['label']}" in full and f"{{solution-start}} {item['label']}" in full
        answer = " ".join(item["answer"].split())
        assert answer in full and answer not in student
        assert " ".join(item["question"].split()) in student


def test_install_is_idempotent_and_keeps_sources_last():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T\n\nText.\n\n## Sources\n\nTable:")]
    chapter = DATA["chapters"]["qe-vs-qt"]
    teaching.install(nb, chapter)
    once = copy.deepcopy(nb.cells)
    teaching.install(nb, chapter)
    assert nb.cells == once
    assert nb.cells[0].source == "# T\n\nText.\n" and nb.cells[-1].source.startswith("## Sources")
    assert sum("## Questionnaire" in c.source for c in nb.cells) == 1


def test_instructor_guide_is_up_to_date_and_holds_every_answer():
    guide = teaching.GUIDE.read_text(encoding="utf-8")
    assert guide == teaching.render_guide(DATA, NOTEBOOKS, teaching.load_timings()), \
        "book/instructor-guide.md is stale: run scripts/make_teaching.py"
    flat = " ".join(guide.split())
    for chapter in DATA["chapters"].values():
        for item in chapter["questionnaire"]:
            assert " ".join(item["a"].split()) in flat
        for item in chapter["reasoning"]:
            assert " ".join(item["answer"].split()) in flat


def test_syllabus_minutes_come_from_the_chapters_measurements():
    timings = teaching.load_timings()
    assert set(timings["seconds"]) == set(NOTEBOOKS) and all(s > 0 for s in timings["seconds"].values())
    slug = "qe-vs-qt"
    m = teaching.chapter_minutes(NOTEBOOKS[slug], DATA["chapters"][slug], timings["seconds"][slug])
    assert m["words"] > 1000 and m["reading"] % 5 == 0 and m["lab"] % 5 == 0
    longer = copy.deepcopy(NOTEBOOKS[slug])
    longer.cells.insert(1, nbformat.v4.new_markdown_cell("word " * (teaching.WORDS_PER_MINUTE * 10)))
    assert teaching.chapter_minutes(longer, DATA["chapters"][slug], 0)["reading"] >= m["reading"] + 10
    row = re.search(rf"^\| 1 \| .*\| (\d+) \| (\d+) \|", teaching.GUIDE.read_text(encoding="utf-8"), re.M)
    assert (int(row.group(1)), int(row.group(2))) == (m["reading"], m["lab"])
