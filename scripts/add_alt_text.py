"""Refresh chart alt text in the chapters without re-executing them (execute does it too)."""

import nbformat

from fedbook.book.notebooks import add_alt_text, chapter_paths

for path in chapter_paths():
    notebook = nbformat.read(path, as_version=4)
    add_alt_text(notebook)
    nbformat.write(notebook, path)
