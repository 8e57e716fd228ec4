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
    return subprocess.run(_build_command(root, out, editions), capture_output=True, text=True, timeout=900,
                          env={**os.environ, **(env or {})})


SITE_DIR, SITE_DONE = "shared-site", "shared-site.done"  # in the run's temporary folder


@pytest.hookimpl(trylast=True)  # after pytest's tmp_path plugin has set up the run's folder
def pytest_configure(config):
    """Under `make test` (the whole suite on pytest-xdist workers), the controller starts
    building the site as the run begins, in the background, while the workers run the other
    tests; the tests that need the site wait for it (built_site). Any other run builds it
    when first needed."""
    whole_suite = config.args_source != pytest.Config.ArgsSource.ARGS  # no paths given, as in make test
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None) or not whole_suite \
            or os.environ.get("FEDBOOK_BUILT_SITE"):
        return
    import threading

    run_dir = config._tmp_path_factory.getbasetemp()
    log = open(run_dir / "shared-site.log", "w")
    command = _build_command(REPO, run_dir / SITE_DIR, "both")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
    config._fedbook_site_build = process

    def record_result():
        (run_dir / SITE_DONE).write_text(str(process.wait()), encoding="utf-8")
        log.close()

    threading.Thread(target=record_result, daemon=True).start()


def pytest_unconfigure(config):
    process = getattr(config, "_fedbook_site_build", None)
    if process is not None and process.poll() is None:
        process.kill()


def _build_command(root: Path, out: Path, editions: str) -> list[str]:
    only = [] if editions == "both" else ["--only", editions]
    return [sys.executable, "-m", "fedbook.book.site", "--path-output", str(out), *only, str(root)]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole book built once per run, executing every chapter, as `make book` does (both
    editions): started by the controller under `make test` (see pytest_configure), else built
    here, once for all workers (a lock file).
    FEDBOOK_BUILT_SITE=<dir>/_build/html reuses a site you built yourself (quick local
    iteration on the browser tests only; `make test` and CI always build afresh)."""
    import fcntl
    import time

    reuse = os.environ.get("FEDBOOK_BUILT_SITE")
    if reuse:
        return Path(reuse)
    run_dir = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_dir = run_dir.parent  # shared by this run's workers and its controller
    html = run_dir / SITE_DIR / "_build" / "html"
    if (run_dir / "shared-site.log").exists():  # the controller is building it
        deadline = time.monotonic() + 900
        while not (run_dir / SITE_DONE).exists() and time.monotonic() < deadline:
            time.sleep(1)
        code = (run_dir / SITE_DONE).read_text(encoding="utf-8") if (run_dir / SITE_DONE).exists() else "timeout"
        assert code == "0", f"site build: {code}\n" + (run_dir / "shared-site.log").read_text(encoding="utf-8")[-6000:]
        return html
    failure = run_dir / "shared-site.failed"
    with open(run_dir / "shared-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not failure.exists() and not (html / "zh" / "index.html").exists():
            result = build_book(REPO, run_dir / SITE_DIR, editions="both")
            if result.returncode != 0:
                failure.write_text(result.stdout[-3000:] + result.stderr[-3000:], encoding="utf-8")
    assert not failure.exists(), failure.read_text(encoding="utf-8")
    return html


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
