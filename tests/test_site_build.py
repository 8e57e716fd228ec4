"""The website builds warning-free, shows glued numbers, and fails on a broken notebook."""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
BOOK_FILES = ["_config.yml", "_toc.yml", "book", "notebooks", "data", "fedbook"]


def copy_book(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in BOOK_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    return target


def build(root: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(JUPYTER_BOOK), "build", str(root), "--path-output", str(out), "-W", "-n",
                           "--keep-going"], capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result = build(REPO, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


def test_site_builds_without_warnings(built_site):
    assert (built_site / "index.html").exists()
    assert (built_site / "notebooks" / "qe-vs-qt.html").exists()


def test_glued_numbers_reach_the_page(built_site):
    page = (built_site / "notebooks" / "qe-vs-qt.html").read_text(encoding="utf-8")
    assert "8.965" in page and "2022-04-13" in page  # the WALCL peak, computed at build time
    assert "pasted-text" in page


def test_build_fails_on_a_notebook_exception(tmp_path):
    root = copy_book(tmp_path / "book")
    # Only the broken chapter in the table of contents: the point is the failure, not a full build.
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: notebooks/qe-vs-qt\n")
    path = root / "notebooks" / "qe-vs-qt.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('deliberately broken chapter')"))
    nbformat.write(nb, path)
    result = build(root, tmp_path / "out")
    assert result.returncode != 0
    assert "deliberately broken chapter" in result.stdout + result.stderr
