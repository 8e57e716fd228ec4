"""Load series in book units, from the embedded snapshot (default) or live from FRED.

Choose the source with the ``source=`` argument or the ``FEDBOOK_SOURCE`` environment
variable: ``"snapshot"`` (default, offline) or ``"live"`` (needs ``FRED_API_KEY``).
A live fetch that fails for any reason falls back to the snapshot with a visible
warning naming the snapshot's as-of date, so a chapter always runs.
"""

from __future__ import annotations

import difflib
import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import store, units

SOURCES = ("snapshot", "live")


class UnknownSeriesError(KeyError):
    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


class LiveDataWarning(UserWarning):
    """A live fetch failed and the snapshot was used instead."""


@dataclass(frozen=True)
class SeriesInfo:
    id: str
    title: str
    unit: str  # book unit
    published_unit: str
    basis: str
    frequency: str
    publisher: str
    first: str
    last: str  # the data's as-of date: last observation
    origin: str  # "snapshot" or "FRED API (live)"
    fred_id: str | None
    notes: tuple[str, ...]


_last_origin: dict[str, tuple[str, str]] = {}  # id -> (origin, last date) of the most recent load


@lru_cache(maxsize=4)
def _manifest_cached(snapshot: str, stamps: tuple) -> dict:
    return store.read_manifest_at(Path(snapshot))


def manifest() -> dict:
    """The checked manifest, re-read whenever the manifest or its seal changes on disk."""
    snapshot = store.snapshot_dir()
    return _manifest_cached(str(snapshot), tuple(_stamp(snapshot / name) for name in (store.MANIFEST_NAME,
                                                                                        store.SEAL_NAME)))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        status = path.stat()
    except OSError:
        return (0, 0)
    return (status.st_mtime_ns, status.st_size)


def series_ids() -> list[str]:
    return list(manifest()["series"])


def entry(series_id: str) -> dict:
    if not isinstance(series_id, str):
        raise UnknownSeriesError(f"a series id is a string such as 'WALCL', not {series_id!r}. "
                                 f"See fedbook.series_ids() for the series available.")
    known = manifest()["series"]
    if series_id not in known:
        hint = did_you_mean(series_id, known)
        raise UnknownSeriesError(
            f"unknown series {series_id!r}: it is not in the snapshot manifest.{hint} "
            f"See fedbook.series_ids() for the {len(known)} series available."
        )
    return known[series_id]


def did_you_mean(name: str, known) -> str:
    """' Did you mean X?' for a near miss (case ignored), else ''."""
    by_upper = {k.upper(): k for k in known}
    close = [by_upper[c] for c in difflib.get_close_matches(name.upper(), by_upper, n=3, cutoff=0.5)]
    return f" Did you mean {', '.join(close)}?" if close else ""


def resolve_source(source: str | None) -> str:
    chosen = (source or os.environ.get("FEDBOOK_SOURCE") or "snapshot").strip().lower()
    if chosen not in SOURCES:
        raise ValueError(f"unknown data source {chosen!r}: use one of {SOURCES} "
                         f"(argument source= or environment variable FEDBOOK_SOURCE)")
    return chosen


def load_published(series_id: str) -> pd.Series:
    """The snapshot values in the publisher's units, verified against the manifest sha256."""
    meta = entry(series_id)
    return store.read_entry(store.snapshot_dir(), meta).rename(series_id)


def load(series_id: str, source: str | None = None, start=None, end=None) -> pd.Series:
    """One series in book units (money stocks in billions of USD), indexed by date."""
    meta = entry(series_id)
    values, origin = None, "snapshot"
    if resolve_source(source) == "live":
        values = _load_live_or_warn(meta)
        if values is not None:
            origin = "FRED API (live)"
    if values is None:
        values = load_published(series_id)
    values = units.to_book_units(values, meta["units"]).rename(series_id)
    _last_origin[series_id] = (origin, f"{values.index[-1]:%Y-%m-%d}")
    return values.loc[start:end]


def load_frame(series: list[str], source: str | None = None, start=None, end=None) -> pd.DataFrame:
    """Several series side by side (outer join on dates; gaps stay NaN, never filled)."""
    return pd.concat([load(s, source=source, start=start, end=end) for s in series], axis=1, sort=True)


def info(series_id: str) -> SeriesInfo:
    """Metadata for a series, reflecting where its most recent load came from."""
    meta = entry(series_id)
    origin, last = _last_origin.get(series_id, ("snapshot", meta["last"]))
    return SeriesInfo(
        id=series_id, title=meta["title"], unit=meta["book_unit"], published_unit=meta["units"],
        basis=meta["basis"], frequency=meta["frequency"], publisher=meta["publisher"], first=meta["first"],
        last=last, origin=origin, fred_id=meta.get("fred_id"), notes=tuple(meta.get("notes", ())),
    )


def catalog() -> pd.DataFrame:
    """One row per series: what it is, its units and basis, coverage and origin."""
    rows = []
    for sid, meta in manifest()["series"].items():
        sources = "; ".join(f"{s['repository']} @ {s['commit'][:7]} ({s['provenance']})" for s in meta["sources"])
        rows.append({"id": sid, "title": meta["title"], "published unit": meta["units"],
                     "book unit": units.short_label(meta["book_unit"]), "basis": meta["basis"],
                     "first": meta["first"], "last": meta["last"], "rows": meta["rows"],
                     "publisher": meta["publisher"], "public copy": sources})
    return pd.DataFrame(rows).set_index("id")


def _load_live_or_warn(meta: dict) -> pd.Series | None:
    from . import live  # imported lazily: the offline path never touches fredapi

    if not meta.get("fred_id"):
        warnings.warn(f"{meta['id']} is not a FRED series; using the snapshot (data as of {meta['last']}).",
                      LiveDataWarning, stacklevel=3)
        return None
    try:
        return live.fetch_published(meta)
    except live.OutageError as exc:  # warned once per process, not once per series
        if exc.first:
            warnings.warn(f"live FRED data unavailable for {meta['id']} and every further series: {exc} "
                          f"Using the embedded snapshot instead (data as of {meta['last']} for "
                          f"{meta['id']}).", LiveDataWarning, stacklevel=3)
        return None
    except live.LiveError as exc:
        later = (f" FRED is not tried again for the next {live.outage_minutes():g} minutes "
                 f"({live.OUTAGE_ENV})." if getattr(exc, "outage", False) and live.outage_minutes() > 0 else "")
        warnings.warn(f"live FRED data unavailable for {meta['id']}: {exc} Using the embedded snapshot "
                      f"instead (data as of {meta['last']}).{later}", LiveDataWarning, stacklevel=3)
        return None
