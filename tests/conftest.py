"""Shared fixtures: a private copy of the data directory, so tests can tamper with it safely."""

import shutil
from pathlib import Path

import pytest

from fedbook.data import series as data
from fedbook.data import store

REPO = Path(__file__).resolve().parents[1]
SHARED_RAW = REPO.parent / "shared" / "data" / "raw"


@pytest.fixture(autouse=True)
def offline_snapshot_env(monkeypatch):
    """Every test reads the committed snapshot, whatever the developer's shell has set."""
    for name in ("FEDBOOK_SOURCE", "FRED_API_KEY", "FEDBOOK_FRED_URL", "FEDBOOK_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the loader uses for the duration of one test."""
    target = tmp_path / "data"
    shutil.copytree(store.REPO_DATA_DIR, target)
    monkeypatch.setenv("FEDBOOK_DATA_DIR", str(target))
    data._last_origin.clear()
    yield target
    data._last_origin.clear()
