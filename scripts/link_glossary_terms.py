"""Link the first use of every glossary term a chapter uses but never links (idempotent).

Run after adding a glossary entry or new prose; tests/test_glossary.py lists what is
missing. Only markdown outside solutions and generated teaching cells is edited.
"""

import sys
from pathlib import Path

import nbformat

from fedbook.book.glossary import link_first_uses
from fedbook.book.notebooks import chapter_paths

paths = [Path(p) for p in sys.argv[1:]] or chapter_paths()
for path in paths:
    notebook = nbformat.read(path, as_version=4)
    linked = link_first_uses(notebook)
    if linked:
        nbformat.write(notebook, path)
    print(f"{path.name}: linked {', '.join(linked) or 'nothing new'}")
