"""Fold drawing-only chart code on the website (tag hide-input), by the rule in
fedbook.book.notebooks.fold_drawing_code, without re-executing (execute does it too).
Idempotent: running it twice changes nothing."""

import nbformat

from fedbook.book.notebooks import chapter_paths, fold_drawing_code

for path in chapter_paths():
    notebook = nbformat.read(path, as_version=4)
    folded = fold_drawing_code(notebook)
    nbformat.write(notebook, path)
    print(f"{path.name}: {folded} drawing-only chart cells folded")
