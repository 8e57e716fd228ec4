"""The embedded snapshot on disk: a manifest plus one CSV per series, verified on read.

Layout (under the data directory, ``data/`` in the repo)::

    snapshot/manifest.json       what each series is, where it came from, its sha256
    snapshot/manifest.sha256     the seal: sha256 of manifest.json (``sha256sum -c`` format)
    snapshot/series/<ID>.csv     ``date,value`` in the publisher's units

Nothing in the manifest is trusted on its word. Its layout and field types are checked;
each entry's ``file`` must be ``series/<ID>.csv``; its ``units`` and ``fred_id`` must equal
the recipe in ``fedbook.data.snapshot.recipes`` (the one table of known series, kept in
code, so an edit to the manifest alone cannot rescale a series); and when a file is read,
its sha256, row count and first and last dates must equal the entry. The seal catches an
edit to any other field. A seal kept beside the manifest is rewritten by the same two
commands that write the manifest (``build-snapshot``, ``refresh``), and the swap below
replaces both together; it cannot stop someone who deliberately rewrites both, which is
why every field that changes a number is checked against the files and the code instead.

Writes are all-or-nothing: a new snapshot is written to a staging directory, verified,
then swapped in with two renames, under an advisory lock on the data directory. A reader
never sees a half-written snapshot, and debris left by a killed writer (a staging folder,
a backup of the old snapshot) is removed by the next reader or writer that gets the lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pandas as pd

REPO_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# An installed wheel carries the same files inside the package (see fedbook.book.wheel).
PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "_bundled"
MANIFEST_NAME = "manifest.json"
SEAL_NAME = "manifest.sha256"
SCHEMA_VERSION = 1
STAGING_PREFIX = ".snapshot-new-"
BACKUP_NAME = ".snapshot-old"
RESTORE_HINT = "Restore it with `git checkout -- data/` or rebuild it with `python -m fedbook build-snapshot`."
# Field -> the type every manifest entry must give it (bool is excluded from int below).
FIELD_TYPES = {"id": str, "title": str, "units": str, "book_unit": str, "frequency": str, "basis": str,
               "publisher": str, "file": str, "sha256": str, "rows": int, "first": str, "last": str,
               "sources": list}
REQUIRED_FIELDS = tuple(FIELD_TYPES)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class SnapshotError(RuntimeError):
    """The snapshot is missing, malformed or tampered with. The message names the file."""


def data_dir() -> Path:
    """The data directory: $FEDBOOK_DATA_DIR if set (tests, forks), else the data the
    installed wheel carries, else the repo's data/ (a checkout has no bundled copy)."""
    if "FEDBOOK_DATA_DIR" in os.environ:
        return Path(os.environ["FEDBOOK_DATA_DIR"])
    return PACKAGED_DATA_DIR if PACKAGED_DATA_DIR.is_dir() else REPO_DATA_DIR


def snapshot_dir(base: Path | None = None) -> Path:
    """The current snapshot folder, after repairing what an interrupted writer left behind."""
    base = Path(base) if base is not None else data_dir()
    if has_debris(base):
        # Mid-swap (no snapshot/ for a moment) wait for the writer; otherwise never block a reader.
        with locked(base, wait=not (base / "snapshot").exists()) as got_lock:
            if got_lock:
                recover(base)
    return base / "snapshot"


def has_debris(base: Path) -> bool:
    try:
        return any(name.startswith((STAGING_PREFIX, BACKUP_NAME)) for name in os.listdir(base))
    except OSError:
        return False


def recover(base: Path) -> None:
    """Undo a swap stopped between its renames, then delete staging and backup folders.

    Call only under ``locked(base)``: a running writer's staging folder is not debris.
    """
    current, old = base / "snapshot", base / BACKUP_NAME
    if not current.exists() and old.exists():
        old.rename(current)  # the old snapshot is whole: it was only renamed
    for path in debris(base):
        shutil.rmtree(path, ignore_errors=True)


def debris(base: Path) -> list[Path]:
    return sorted(p for p in Path(base).glob(".snapshot-*") if p.name.startswith((STAGING_PREFIX, BACKUP_NAME)))


@contextmanager
def locked(base: Path, wait: bool = True):
    """An advisory lock on the data directory (flock on the folder itself: no lock file).

    Yields False when ``wait`` is False and another process holds it. Where flock is not
    available the lock is a no-op.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield True
        return
    try:
        handle = os.open(base, os.O_RDONLY)
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)  # closing releases the lock


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


# -- reading and checking the manifest ---------------------------------------------------------

def read_manifest(base: Path | None = None, check_seal: bool = True) -> dict:
    """The manifest after checking its layout, its entries against the recipes, and its seal."""
    return read_manifest_at(snapshot_dir(base), check_seal)


def read_manifest_at(snapshot: Path, check_seal: bool = True) -> dict:
    """read_manifest for a snapshot folder given directly (the current one or a staging one)."""
    path = snapshot / MANIFEST_NAME
    raw = _read_bytes(path)
    manifest = _parse_manifest(path, raw)
    for sid, entry in manifest["series"].items():
        problem = entry_problem(sid, entry)
        if problem:
            raise SnapshotError(f"{path}: {problem}. {RESTORE_HINT}")
    if check_seal:
        check_manifest_seal(path, raw, manifest)
    return manifest


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise SnapshotError(f"no snapshot manifest at {path}. Restore it with `git checkout -- data/`.")
    return path.read_bytes()


def _parse_manifest(path: Path, raw: bytes) -> dict:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"{path} is not UTF-8 text (byte {exc.start}). {RESTORE_HINT}") from None
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{path} is not valid JSON ({exc}). Restore it with `git checkout -- data/`.") from None
    if not isinstance(manifest, dict):
        raise SnapshotError(f"{path}: unexpected manifest layout (a JSON {type(manifest).__name__}, "
                            f"expected an object). {RESTORE_HINT}")
    if manifest.get("schema") != SCHEMA_VERSION or not isinstance(manifest.get("series"), dict):
        raise SnapshotError(f"{path}: unexpected manifest layout (schema {manifest.get('schema')!r}).")
    return manifest


def entry_problem(sid: str, entry) -> str | None:
    """What is wrong with one manifest entry on its own (layout, file name, units), or None."""
    if not isinstance(entry, dict):
        return f"series {sid} is a JSON {type(entry).__name__}, expected an object"
    missing = [f for f in REQUIRED_FIELDS if f not in entry]
    if missing:
        return f"series {sid} lacks fields {missing}"
    return _type_problem(sid, entry) or _value_problem(sid, entry) or _known_series_problem(sid, entry)


def _type_problem(sid: str, entry: dict) -> str | None:
    for name, kind in FIELD_TYPES.items():
        value = entry[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return f"series {sid} field {name!r} is {value!r}, expected a value of type {kind.__name__}"
    return None


def _value_problem(sid: str, entry: dict) -> str | None:
    checks = (("id", entry["id"] == sid, sid),
              ("file", entry["file"] == file_name(sid), file_name(sid)),
              ("sha256", bool(_SHA256.fullmatch(entry["sha256"])), "64 lower-case hex digits"),
              ("rows", entry["rows"] > 0, "a positive count"),
              ("first", bool(_ISO_DATE.fullmatch(entry["first"])), "a YYYY-MM-DD date"),
              ("last", bool(_ISO_DATE.fullmatch(entry["last"])), "a YYYY-MM-DD date"))
    for name, ok, expected in checks:
        if not ok:
            return mismatch(sid, name, expected, entry[name])
    return None


def _known_series_problem(sid: str, entry: dict) -> str | None:
    from . import units

    recipe = known_series().get(sid)
    if recipe is None:
        return f"series {sid} is not in fedbook.data.snapshot.recipes, so its units cannot be checked"
    expected = {"units": recipe.units, "fred_id": recipe.fred_id, "book_unit": units.book_unit(recipe.units)}
    if "scale_to_book" in entry:
        expected["scale_to_book"] = units.scale_to_book(recipe.units)
    for name, want in expected.items():
        if entry.get(name) != want:
            return mismatch(sid, name, want, entry.get(name), why=" (fedbook.data.snapshot.recipes)")
    return None


@lru_cache(maxsize=1)
def known_series() -> dict:
    """Series id -> its recipe: the one table in code of every series, its units and fred_id.

    A new series is added by adding its recipe (``fedbook/data/snapshot/recipes.py``).
    """
    from .snapshot.recipes import RECIPES

    return {recipe.id: recipe for recipe in RECIPES}


def mismatch(sid: str, name: str, expected, found, why: str = "") -> str:
    return f"series {sid} field {name!r} is {found!r}, expected {expected!r}{why}"


def seal_text(raw_manifest: bytes) -> str:
    return f"{hashlib.sha256(raw_manifest).hexdigest()}  {MANIFEST_NAME}\n"


def check_manifest_seal(path: Path, raw: bytes, manifest: dict) -> None:
    """manifest.sha256 must hold the manifest's sha256; on a mismatch, name the first bad field."""
    seal_path = path.with_name(SEAL_NAME)
    if not seal_path.exists():
        raise SnapshotError(f"{seal_path} is missing, so {path} cannot be trusted. {RESTORE_HINT}")
    sealed = seal_path.read_bytes().decode("ascii", errors="replace").split()
    found = hashlib.sha256(raw).hexdigest()
    if sealed[:1] != [found]:
        raise SnapshotError(f"{path} was changed after it was written (sha256 {found[:12]}..., "
                            f"{SEAL_NAME} records {(sealed or ['nothing'])[0][:12]}...): "
                            f"{first_content_problem(path.parent, manifest)}")


def first_content_problem(snapshot: Path, manifest: dict) -> str:
    """The first entry whose file disagrees with it (only run once something is wrong)."""
    for sid, entry in manifest["series"].items():
        problem = content_problem(snapshot, entry)
        if problem:
            return problem
    return f"every file still matches its entry, so a descriptive field was edited. {RESTORE_HINT}"


# -- reading one series file ---------------------------------------------------------------

def read_entry(snapshot: Path, entry: dict) -> pd.Series:
    """One series file, checked against every manifest field that describes its content."""
    values = read_series_file(snapshot / entry["file"], entry["sha256"])
    problem = content_mismatch(entry, values)
    if problem:
        raise SnapshotError(f"{snapshot / MANIFEST_NAME}: {problem}. {RESTORE_HINT}")
    return values


def content_problem(snapshot: Path, entry: dict) -> str | None:
    """What is wrong between an entry and its file (missing, hash, malformed, rows, dates), or None."""
    try:
        read_entry(snapshot, entry)
    except SnapshotError as exc:
        return str(exc)
    return None


def content_mismatch(entry: dict, values: pd.Series) -> str | None:
    found = {"rows": int(len(values)), "first": f"{values.index[0]:%Y-%m-%d}", "last": f"{values.index[-1]:%Y-%m-%d}"}
    for name, value in found.items():
        if entry[name] != value:
            return f"series {entry['id']} field {name!r} is {entry[name]!r}, but {entry['file']} has {value!r}"
    return None


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
    if series.empty:
        raise SnapshotError(f"snapshot file {path} is malformed: it has no rows")
    if not series.index.is_monotonic_increasing or series.index.has_duplicates:
        raise SnapshotError(f"snapshot file {path} is malformed: dates are not strictly increasing")
    if series.isna().any():
        raise SnapshotError(f"snapshot file {path} is malformed: it has empty values")
    return series


def unlisted_files(snapshot: Path, manifest: dict) -> list[str]:
    """Files in the snapshot folder that the manifest does not describe."""
    listed = {MANIFEST_NAME, SEAL_NAME, *(e["file"] for e in manifest["series"].values())}
    present = {p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()}
    return sorted(present - listed)


# -- writing ------------------------------------------------------------------------------------

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
    unless the whole new snapshot was written and re-read successfully. Runs under the
    data directory's lock; debris of earlier, killed writers is removed first.
    """
    base = Path(base)
    base.mkdir(parents=True, exist_ok=True)
    with locked(base):
        recover(base)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=base))
        try:
            _write_staging(staging, manifest, series)
            _swap_in(base, staging)
        finally:
            if staging.exists():
                shutil.rmtree(staging)


def _write_staging(staging: Path, manifest: dict, series: dict[str, pd.Series]) -> None:
    (staging / "series").mkdir()
    for sid, entry in manifest["series"].items():
        values = series[sid]
        payload = series_csv_bytes(values)
        (staging / file_name(sid)).write_bytes(payload)
        entry.update(file=file_name(sid), sha256=hashlib.sha256(payload).hexdigest(), rows=int(len(values)),
                     first=f"{values.index[0]:%Y-%m-%d}", last=f"{values.index[-1]:%Y-%m-%d}")
    write_manifest(staging, manifest)
    read_manifest_at(staging)  # verify what we wrote before swapping it in
    for entry in manifest["series"].values():
        read_entry(staging, entry)


def write_manifest(snapshot: Path, manifest: dict) -> None:
    """manifest.json and its seal. Only write_snapshot (and tests building a fixture) call this."""
    raw = (json.dumps(manifest, indent=1, sort_keys=False, ensure_ascii=False) + "\n").encode("utf-8")
    (snapshot / MANIFEST_NAME).write_bytes(raw)
    (snapshot / SEAL_NAME).write_text(seal_text(raw), encoding="ascii")


def _swap_in(base: Path, staging: Path) -> None:
    current, old = base / "snapshot", base / BACKUP_NAME
    if old.exists():
        shutil.rmtree(old)
    if current.exists():
        current.rename(old)
    staging.rename(current)
    if old.exists():
        shutil.rmtree(old)
