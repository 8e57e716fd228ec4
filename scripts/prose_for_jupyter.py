"""Make the chapters' numbers readable in JupyterLab without re-executing them.

Rewrites any ``{glue:text}`` role as the equivalent ``{eval}`` expression and stores each
expression's result (from the chapter's stored glue outputs) in the cell metadata that
jupyterlab-myst reads. Idempotent; ``make execute`` does the same after executing.
Usage: scripts/prose_for_jupyter.py [notebook ...]   (default: every chapter)
"""

import sys
from pathlib import Path

from fedbook.book.inline import prepare_file
from fedbook.book.notebooks import chapter_paths

for path in [Path(p) for p in sys.argv[1:]] or chapter_paths():
    prepare_file(path)
    print(f"prepared {path.name}")
