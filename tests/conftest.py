"""Shared fixtures: a private copy of the data directory, so tests can tamper with it safely."""

import shutil
from pathlib import Path

import pytest

from fedbook.data import live, store
from fedbook.data import series as data

REPO = Path(__file__).resolve().parents[1]
SHARED_RAW = REPO.parent / "shared" / "data" / "raw"


@pytest.fixture(autouse=True)
def offline_snapshot_env(monkeypatch, tmp_path):
    """Every test reads the committed snapshot, whatever the developer's shell has set, and
    starts with no remembered FRED outage (the live path's memory is per process)."""
    for name in ("FEDBOOK_SOURCE", "FRED_API_KEY", "FEDBOOK_FRED_URL", "FEDBOOK_DATA_DIR",
                 "FEDBOOK_FRED_TIMEOUT", "FEDBOOK_FRED_OUTAGE_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FEDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    live._outage.clear()
    live._outage_reported.clear()


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the loader uses for the duration of one test."""
    target = tmp_path / "data"
    shutil.copytree(store.REPO_DATA_DIR, target)
    monkeypatch.setenv("FEDBOOK_DATA_DIR", str(target))
    data._last_origin.clear()
    yield target
    data._last_origin.clear()
