"""A wheel of the helper package that carries the verified data snapshot.

A chapter downloaded from the website imports ``fedbook`` and reads the snapshot; this
wheel lets it run anywhere: ``pip install fedbook-<version>-py3-none-any.whl``. The build
copies ``fedbook/`` and ``data/`` (snapshot and dated event tables) into a staging tree,
with the data under ``fedbook/data/_bundled/`` where ``store.data_dir`` finds it in an
installed package, and checks every file's sha256 against the manifest before packing:
a tampered snapshot is never shipped, and the installed copy is verified again on every
read, like the repository's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..data import store

REPO = Path(__file__).resolve().parents[2]
BUNDLED = Path("fedbook") / "data" / store.PACKAGED_DATA_DIR.name


def stage(tree: Path, data_dir: Path | None = None) -> Path:
    """Copy the package and its data into `tree`, ready for setuptools; returns `tree`."""
    shutil.copy2(REPO / "pyproject.toml", tree / "pyproject.toml")
    shutil.copytree(REPO / "fedbook", tree / "fedbook",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", store.PACKAGED_DATA_DIR.name))
    source = Path(data_dir) if data_dir is not None else store.REPO_DATA_DIR
    target = tree / BUNDLED
    shutil.copytree(source / "snapshot", target / "snapshot", ignore=shutil.ignore_patterns(".*"))
    for table in sorted(source.glob("*.csv")):
        shutil.copy2(table, target / table.name)
    verify_snapshot(target)
    return tree


def verify_snapshot(base: Path) -> None:
    """Raise SnapshotError, naming the file, unless every series matches its sha256."""
    manifest = store.read_manifest(base)
    for entry in manifest["series"].values():
        store.read_series_file(store.snapshot_dir(base) / entry["file"], entry["sha256"])


def build(out_dir: Path, data_dir: Path | None = None) -> Path:
    """Build the wheel into `out_dir` (offline: no build isolation) and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fedbook-wheel-") as tmp:
        tree = Path(tmp) / "src"
        tree.mkdir()
        stage(tree, data_dir)
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                                 "--wheel-dir", str(tree / "dist"), str(tree)], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"building the fedbook wheel failed: {result.stderr.strip()[-2000:]}")
        (built,) = (tree / "dist").glob("fedbook-*.whl")
        target = out_dir / built.name
        shutil.copy2(built, target)
    return target
