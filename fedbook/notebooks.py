"""Execute the chapter notebooks in place, deterministically, so nbval can compare them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = REPO / "notebooks"


def chapter_paths() -> list[Path]:
    return sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb") if not p.name.startswith("."))


def execute(path: Path, timeout: int = 300) -> float:
    """Run every cell top to bottom on the snapshot and save outputs; returns seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    env_source = os.environ.pop("FEDBOOK_SOURCE", None)  # committed outputs always come from the snapshot
    try:
        started = time.perf_counter()
        NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        elapsed = time.perf_counter() - started
    finally:
        if env_source is not None:
            os.environ["FEDBOOK_SOURCE"] = env_source
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return elapsed
