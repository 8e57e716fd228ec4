"""The embedded snapshot on disk: a manifest plus one CSV per series, verified on read.

Layout (under the data directory, ``data/`` in the repo)::

    snapshot/manifest.json       what each series is, where it came from, its sha256
    snapshot/series/<ID>.csv     ``date,value`` in the publisher's units

Writes are all-or-nothing: a new snapshot is written to a staging directory, verified,
then swapped in with two renames. A reader never sees a half-written snapshot.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

REPO_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# An installed wheel carries the same files inside the package (see fedbook.book.wheel).
PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "_bundled"
MANIFEST_NAME = "manifest.json"
SCHEMA_VERSION = 1
REQUIRED_FIELDS = ("id", "title", "units", "book_unit", "frequency", "basis", "publisher",
                   "file", "sha256", "rows", "first", "last", "sources")


class SnapshotError(RuntimeError):
    """The snapshot is missing, malformed or tampered with. The message names the file."""


def data_dir() -> Path:
    """The data directory: $FEDBOOK_DATA_DIR if set (tests, forks), else the data the
    installed wheel carries, else the repo's data/ (a checkout has no bundled copy)."""
    if "FEDBOOK_DATA_DIR" in os.environ:
        return Path(os.environ["FEDBOOK_DATA_DIR"])
    return PACKAGED_DATA_DIR if PACKAGED_DATA_DIR.is_dir() else REPO_DATA_DIR


def snapshot_dir(base: Path | None = None) -> Path:
    base = Path(base) if base is not None else data_dir()
    current, old = base / "snapshot", base / ".snapshot-old"
    if not current.exists() and old.exists():
        # A swap was interrupted between its two renames: put the old snapshot back.
        old.rename(current)
    return current


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(base: Path | None = None) -> dict:
    path = snapshot_dir(base) / MANIFEST_NAME
    if not path.exists():
        raise SnapshotError(f"no snapshot manifest at {path}. Restore it with `git checkout -- data/`.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{path} is not valid JSON ({exc}). Restore it with `git checkout -- data/`.") from exc
    if manifest.get("schema") != SCHEMA_VERSION or not isinstance(manifest.get("series"), dict):
        raise SnapshotError(f"{path}: unexpected manifest layout (schema {manifest.get('schema')!r}).")
    for sid, entry in manifest["series"].items():
        missing = [f for f in REQUIRED_FIELDS if f not in entry]
        if missing:
            raise SnapshotError(f"{path}: series {sid} lacks fields {missing}.")
    return manifest


def read_series_file(path: Path, expected_sha256: str) -> pd.Series:
    """Read one snapshot CSV after checking its sha256 against the manifest."""
    if not path.exists():
        raise SnapshotError(f"snapshot file {path} is missing. Restore it with `git checkout -- data/`.")
    actual = sha256_file(path)
    if actual != expected_sha256:
        raise SnapshotError(
            f"snapshot file {path} does not match its manifest (sha256 {actual[:12]}..., expected "
            f"{expected_sha256[:12]}...): it was edited, truncated or corrupted. Restore it with "
            f"`git checkout -- data/` or rebuild it with `python -m fedbook build-snapshot`."
        )
    return parse_series_csv(path)


def parse_series_csv(path: Path) -> pd.Series:
    try:
        frame = pd.read_csv(path, dtype={"date": str, "value": float})
        if list(frame.columns) != ["date", "value"]:
            raise ValueError(f"header is {list(frame.columns)}, expected ['date', 'value']")
        index = pd.DatetimeIndex(pd.to_datetime(frame["date"], format="%Y-%m-%d"), name="date")
    except (ValueError, pd.errors.ParserError) as exc:
        raise SnapshotError(f"snapshot file {path} is malformed: {exc}") from exc
    series = pd.Series(frame["value"].to_numpy(), index=index, name=path.stem)
    if not series.index.is_monotonic_increasing or series.index.has_duplicates:
        raise SnapshotError(f"snapshot file {path} is malformed: dates are not strictly increasing")
    if series.isna().any():
        raise SnapshotError(f"snapshot file {path} is malformed: it has empty values")
    return series


def series_csv_bytes(values: pd.Series) -> bytes:
    """The canonical CSV form of a series: ISO dates, repr() floats (round-trip exact)."""
    dates = values.index.strftime("%Y-%m-%d")
    numbers = map(repr, values.astype(float).tolist())
    lines = ["date,value", *(f"{d},{v}" for d, v in zip(dates, numbers))]
    return ("\n".join(lines) + "\n").encode("ascii")


def file_name(series_id: str) -> str:
    return f"series/{series_id}.csv"


def write_snapshot(base: Path, manifest: dict, series: dict[str, pd.Series]) -> None:
    """Write a complete snapshot atomically. `manifest['series'][id]` gets file, sha256, rows, first, last.

    `series` must hold every series in the manifest. Nothing in `base/snapshot` changes
    unless the whole new snapshot was written and re-read successfully.
    """
    base = Path(base)
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".snapshot-new-", dir=base))
    try:
        (staging / "series").mkdir()
        for sid, entry in manifest["series"].items():
            values = series[sid]
            payload = series_csv_bytes(values)
            (staging / file_name(sid)).write_bytes(payload)
            entry.update(file=file_name(sid), sha256=hashlib.sha256(payload).hexdigest(), rows=int(len(values)),
                         first=f"{values.index[0]:%Y-%m-%d}", last=f"{values.index[-1]:%Y-%m-%d}")
        text = json.dumps(manifest, indent=1, sort_keys=False, ensure_ascii=False) + "\n"
        (staging / MANIFEST_NAME).write_text(text, encoding="utf-8")
        for sid, entry in manifest["series"].items():  # verify what we wrote before swapping it in
            read_series_file(staging / entry["file"], entry["sha256"])
        _swap_in(base, staging)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _swap_in(base: Path, staging: Path) -> None:
    current, old = base / "snapshot", base / ".snapshot-old"
    if old.exists():
        shutil.rmtree(old)
    if current.exists():
        current.rename(old)
    staging.rename(current)
    if old.exists():
        shutil.rmtree(old)
