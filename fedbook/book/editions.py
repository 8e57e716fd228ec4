"""The solutions-free edition of the website, for instructors who grade exercises.

It is built from a copy of the book in which every chapter has its solutions removed (the
same rule as the student handouts, ``student.strip_solutions``), the instructor guide (which
holds the questionnaire answers) is left out of the table of contents, and sphinx-exercise's
``hide_solutions`` is set as well. Removing solutions from the source, not only with
``hide_solutions``, matters: that option drops a gated ``{solution-start}`` directive but
leaves the cells between it and ``{solution-end}`` on the page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import yaml

from .student import strip_solutions

REPO = Path(__file__).resolve().parents[2]
BOOK_FILES = ["_config.yml", "_toc.yml", "_static", "book", "notebooks", "data", "fedbook"]
INSTRUCTOR_PAGES = {"book/instructor-guide"}


def student_toc(toc: dict) -> dict:
    """The table of contents without the instructor pages (and any part left empty)."""
    parts = []
    for part in toc["parts"]:
        chapters = [c for c in part["chapters"] if c["file"] not in INSTRUCTOR_PAGES]
        if chapters:
            parts.append({**part, "chapters": chapters})
    return {**toc, "parts": parts}


def student_config(config: dict, execute: bool = True) -> dict:
    sphinx = config.get("sphinx", {})
    result = {**config, "sphinx": {**sphinx, "config": {**sphinx.get("config", {}), "hide_solutions": True}}}
    if not execute:  # render the stored outputs (used by the tests, to keep them fast)
        result["execute"] = {**config.get("execute", {}), "execute_notebooks": "off"}
    return result


def write_student_tree(target: Path, source: Path = REPO, execute: bool = True) -> Path:
    """A copy of the book at `target` with no solutions and no instructor pages."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        item = source / name
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, target / name)
    for page in INSTRUCTOR_PAGES:
        (target / f"{page}.md").unlink(missing_ok=True)
    for chapter in sorted((target / "notebooks").glob("*.ipynb")):
        nbformat.write(strip_solutions(nbformat.read(chapter, as_version=4), keep_outputs=True), chapter)
    _rewrite_yaml(target / "_toc.yml", student_toc)
    _rewrite_yaml(target / "_config.yml", lambda c: student_config(c, execute))
    return target


def _rewrite_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(change(data), sort_keys=False, allow_unicode=True), encoding="utf-8")
