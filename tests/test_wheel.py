"""The helper-package wheel carries the verified snapshot, and a downloaded chapter runs with it alone.

The fresh environment is a new virtual environment outside the checkout with the wheel
installed (no repository on the path, no data/ to fall back on). Its third-party
dependencies are made importable from this project's environment through a .pth file,
so the test runs offline; installing them from PyPI is what the chapter note tells readers.
"""

import json
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
import zipfile
from pathlib import Path

import nbformat
import pytest

from fedbook.book import inline, wheel
from fedbook.data import store

REPO = Path(__file__).resolve().parents[1]
MAX_WHEEL_BYTES = 10 * 1024 * 1024
RUNNER = textwrap.dedent("""
    import sys
    import nbformat
    from nbclient import NotebookClient
    import fedbook
    from fedbook.data import store
    assert "site-packages" in fedbook.__file__ and str(store.data_dir()).endswith("_bundled"), fedbook.__file__
    for path in sys.argv[1:]:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
        nbformat.write(nb, path)
""")


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory):
    return wheel.build(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory, built_wheel):
    """A new venv outside the checkout with the wheel installed; returns its python."""
    root = tmp_path_factory.mktemp("fresh")
    venv.create(root / "env", with_pip=False)
    python = root / "env" / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # dependencies only:
    # .pth files inside that folder (the editable fedbook install) are not processed.
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                              "--no-index", str(built_wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    return python


def run_in(python: Path, folder: Path, *notebooks: Path) -> subprocess.CompletedProcess:
    (folder / "run.py").write_text(RUNNER)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "PYTHONNOUSERSITE": "1"}
    return subprocess.run([str(python), "run.py", *[p.name for p in notebooks]], cwd=folder, capture_output=True,
                          text=True, env=env, timeout=600)


def test_wheel_carries_the_snapshot_and_event_tables_and_is_small(built_wheel):
    names = zipfile.ZipFile(built_wheel).namelist()
    manifest = json.loads((store.REPO_DATA_DIR / "snapshot" / "manifest.json").read_text())
    expected = {f"fedbook/data/_bundled/snapshot/{e['file']}" for e in manifest["series"].values()}
    expected |= {f"fedbook/data/_bundled/{p.name}" for p in store.REPO_DATA_DIR.glob("*.csv")}
    assert expected <= set(names) and "fedbook/data/_bundled/snapshot/manifest.json" in names
    assert built_wheel.stat().st_size < MAX_WHEEL_BYTES


def test_a_tampered_snapshot_is_never_packed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(store.REPO_DATA_DIR, data)
    victim = next((data / "snapshot" / "series").glob("*.csv"))
    victim.write_text(victim.read_text() + "2099-01-01,1.0\n")
    with pytest.raises(store.SnapshotError, match=victim.name):
        wheel.build(tmp_path / "dist", data_dir=data)


def test_downloaded_chapter_and_student_copy_run_outside_the_checkout(fresh_env, tmp_path):
    chapter, student = REPO / "notebooks" / "qe-vs-qt.ipynb", REPO / "student" / "qe-vs-qt.ipynb"
    shutil.copy2(chapter, tmp_path / "qe-vs-qt.ipynb")
    shutil.copy2(student, tmp_path / "qe-vs-qt-student.ipynb")
    result = run_in(fresh_env, tmp_path, tmp_path / "qe-vs-qt.ipynb", tmp_path / "qe-vs-qt-student.ipynb")
    assert result.returncode == 0, result.stderr[-3000:]
    ran = inline.glued_values(nbformat.read(tmp_path / "qe-vs-qt.ipynb", as_version=4))
    website = inline.glued_values(nbformat.read(chapter, as_version=4))  # what the site-build test sees on the page
    assert f"{ran['qeqt_peak_tn']:.3f}" == f"{website['qeqt_peak_tn']:.3f}" == "8.965"
    assert ran == website
    ran_student = nbformat.read(tmp_path / "qe-vs-qt-student.ipynb", as_version=4)
    assert inline.glued_values(ran_student)["qeqt_peak_date"] == website["qeqt_peak_date"]


def test_installed_wheel_refuses_a_tampered_snapshot_like_the_repository(fresh_env, tmp_path):
    probe = textwrap.dedent("""
        from fedbook.data import store
        import fedbook as fb
        victim = store.data_dir() / "snapshot" / "series" / "WALCL.csv"
        original = victim.read_text()
        victim.write_text(original + "2099-01-01,1.0\\n")
        try:
            fb.load("WALCL")
        except fb.SnapshotError as exc:
            print("REFUSED", exc)
        finally:
            victim.write_text(original)
    """)
    result = subprocess.run([str(fresh_env), "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"})
    assert "REFUSED" in result.stdout and "WALCL.csv does not match its manifest" in result.stdout, result.stderr
