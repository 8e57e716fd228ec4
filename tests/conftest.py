"""Shared fixtures: a private copy of the data directory, so tests can tamper with it safely;
the website built once per run (site-build and browser tests share it)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fedbook.data import live, store
from fedbook.data import series as data

REPO = Path(__file__).resolve().parents[1]
SHARED_RAW = REPO.parent / "shared" / "data" / "raw"


@pytest.fixture(autouse=True)
def offline_snapshot_env(monkeypatch, tmp_path):
    """Every test reads the committed snapshot, whatever the developer's shell has set, and
    starts with no remembered FRED outage and no remembered live origin of a series (both are
    per-process memories, so a live test run earlier in the same worker must not leak into,
    say, a chart's source line)."""
    for name in ("FEDBOOK_SOURCE", "FRED_API_KEY", "FEDBOOK_FRED_URL", "FEDBOOK_DATA_DIR",
                 "FEDBOOK_FRED_TIMEOUT", "FEDBOOK_FRED_OUTAGE_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FEDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    live._outage.clear()
    live._outage_reported.clear()
    data._last_origin.clear()


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the loader uses for the duration of one test."""
    target = tmp_path / "data"
    shutil.copytree(store.REPO_DATA_DIR, target)
    monkeypatch.setenv("FEDBOOK_DATA_DIR", str(target))
    data._last_origin.clear()
    yield target
    data._last_origin.clear()


JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def build_book(root: Path, out: Path, env: dict | None = None, editions: str = "en") -> subprocess.CompletedProcess:
    """The site as `make book` builds it (fedbook.book.site), warnings as errors, into
    out/_build/html: the English edition only (`editions="en"`), or both ("both")."""
    only = [] if editions == "both" else ["--only", editions]
    return subprocess.run([sys.executable, "-m", "fedbook.book.site", "--path-output", str(out), *only, str(root)],
                          capture_output=True, text=True, timeout=900, env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole book built once, executing every chapter, as `make book` does.

    FEDBOOK_BUILT_SITE=<dir>/_build/html reuses a site you built yourself (quick local
    iteration on the browser tests only; `make test` and CI always build afresh)."""
    reuse = os.environ.get("FEDBOOK_BUILT_SITE")
    if reuse:
        return Path(reuse)
    out = tmp_path_factory.mktemp("site")
    result = build_book(REPO, out, editions="both")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


_browser_skips: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and "test_browser" in report.nodeid and report.when == "setup":
        _browser_skips.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    """Say loudly when the real-browser checks did not run (no chromium on this machine)."""
    if _browser_skips:
        line = "!" * 88
        terminalreporter.write_line(line, red=True, bold=True)
        terminalreporter.write_line(f"BROWSER TESTS SKIPPED ({len(_browser_skips)}): no chromium/chromedriver here. "
                                    "The site was NOT checked", red=True, bold=True)
        terminalreporter.write_line("in a real browser. Install them: apt-get install -y chromium chromium-driver",
                                    red=True, bold=True)
        terminalreporter.write_line(line, red=True, bold=True)
