"""Write the teaching material from book/teaching/questionnaires.yml (idempotent).

Writes each chapter's questionnaire and reasoning exercises (before "Sources") and the
instructor guide, book/instructor-guide.md. With --measure, first re-executes a copy of every
chapter and records its run time in book/teaching/timings.json (the syllabus uses it).
Run `make student` afterwards: the student copies include the new cells.
"""

import datetime
import json
import platform
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from fedbook.book import teaching
from fedbook.book.notebooks import NOTEBOOK_DIR, execute


def measure(slugs) -> None:
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for slug in slugs:
            copy = Path(tmp) / f"{slug}.ipynb"
            shutil.copy2(NOTEBOOK_DIR / copy.name, copy)
            seconds[slug] = round(execute(copy), 1)
            print(f"{slug}: {seconds[slug]} s", flush=True)
    teaching.TIMINGS.write_text(json.dumps({
        "measured": datetime.date.today().isoformat(), "machine": platform.platform(),
        "seconds": seconds}, indent=2) + "\n", encoding="utf-8")


data = teaching.load()
if "--measure" in sys.argv[1:]:
    measure(data["chapters"])
notebooks = {}
for slug, chapter in data["chapters"].items():
    path = NOTEBOOK_DIR / f"{slug}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    teaching.install(notebook, chapter)
    nbformat.write(notebook, path)
    notebooks[slug] = notebook
    print(f"wrote the questionnaire and reasoning exercises of {path.name}")
teaching.GUIDE.write_text(teaching.render_guide(data, notebooks, teaching.load_timings()), encoding="utf-8")
print(f"wrote {teaching.GUIDE.relative_to(teaching.REPO)}")
