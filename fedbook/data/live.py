"""Live values from the FRED API, checked against the manifest and cached outside git.

``fetch_published(meta)`` returns a series in the publisher's units, exactly as FRED
publishes it: missing values ('.') are dropped, never filled. Every failure raises a
:class:`LiveError` (the FRED client's errors included), which ``fedbook.data`` turns into
a warning and a fallback to the embedded snapshot.

The cache lives in ``$FEDBOOK_CACHE_DIR`` (default ``~/.cache/fedbook``), never in the
repo, and is reused for ``$FEDBOOK_CACHE_TTL_HOURS`` (default 12) so re-running a chapter
does not hit FRED again.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from .errors import LiveDataError, LiveError, UnitChangedError  # noqa: F401  (re-exported)
from .fred import FredClient, api_key_from_env

log = logging.getLogger(__name__)

CACHE_DIR_ENV = "FEDBOOK_CACHE_DIR"
CACHE_TTL_ENV = "FEDBOOK_CACHE_TTL_HOURS"
DEFAULT_CACHE_TTL_HOURS = 12.0
CACHE_FORMAT = 1


@dataclass
class Fetched:
    """One validated fetch: values in published units plus what provenance needs."""

    values: pd.Series
    info: dict
    missing: int
    realtime: dict
    fetched_at: str  # ISO 8601, UTC
    source_url: str = field(default="")


def make_client():
    """The FRED client used by default (tests replace this to point at a local fake server)."""
    return FredClient()


def require_key() -> None:
    api_key_from_env()


def fetch_published(meta: dict) -> pd.Series:
    """The series `meta` describes, live from FRED (or a fresh cache), in published units."""
    require_key()
    cached = read_cache(meta)
    if cached is not None:
        return cached
    fetched = fetch_validated(meta)
    write_cache(meta, fetched)
    return fetched.values


def fetch_validated(meta: dict, client=None) -> Fetched:
    """Fetch info and observations for `meta['fred_id']` and check them. No cache."""
    if not meta.get("fred_id"):
        raise LiveError(f"{meta['id']} is not a FRED series (no fred_id in the manifest)")
    client = client if client is not None else make_client()
    fred_id = meta["fred_id"]
    info = client.series_info(fred_id)
    check_units(meta, info)
    raw = client.observations(fred_id)
    values = clean(raw, meta["id"])
    return Fetched(values=values, info=info, missing=int(raw.attrs.get("missing", raw.isna().sum())),
                   realtime=dict(raw.attrs.get("realtime", {})), fetched_at=now_iso(),
                   source_url=f"{client.root_url}/series/observations?series_id={fred_id}")


def check_units(meta: dict, info: dict) -> None:
    if info.get("units") != meta["units"]:
        raise UnitChangedError(
            f"FRED now publishes {meta['fred_id']} in {info.get('units')!r} but the manifest records "
            f"{meta['units']!r}; the book's unit conversion would be wrong. Update the manifest's units "
            f"(and fedbook.data.units) deliberately before using this series live.")


def clean(raw: pd.Series, series_id: str) -> pd.Series:
    """Drop FRED's missing values (never fill them) and check the dates."""
    values = raw.dropna().astype(float).rename(series_id)
    values.attrs = {}
    if values.empty:
        raise LiveDataError(f"FRED returned no usable values for {series_id} (all missing)")
    if values.index.has_duplicates or not values.index.is_monotonic_increasing:
        raise LiveDataError(f"FRED's dates for {series_id} are not strictly increasing")
    return values


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- cache -----------------------------------------------------------------------------------

def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_DIR_ENV) or Path.home() / ".cache" / "fedbook").expanduser()


def cache_ttl_hours() -> float:
    text = os.environ.get(CACHE_TTL_ENV, "").strip()
    if not text:
        return DEFAULT_CACHE_TTL_HOURS
    try:
        return float(text)
    except ValueError:
        raise LiveError(f"{CACHE_TTL_ENV} must be a number of hours, not {text!r}") from None


def cache_path(meta: dict) -> Path:
    return cache_dir() / "fred" / f"{meta['fred_id']}.json"


def read_cache(meta: dict) -> pd.Series | None:
    """Cached values if the cache is younger than the TTL and matches the manifest's units."""
    path, ttl = cache_path(meta), cache_ttl_hours()
    if ttl <= 0 or not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        age_hours = (datetime.now(timezone.utc) - datetime.fromisoformat(record["fetched_at"])).total_seconds() / 3600
        if record["format"] != CACHE_FORMAT or record["units"] != meta["units"] or not 0 <= age_hours < ttl:
            return None
        index = pd.DatetimeIndex(pd.to_datetime(record["dates"], format="%Y-%m-%d"), name="date")
        values = pd.Series(record["values"], index=index, dtype=float, name=meta["id"])
        return clean(values, meta["id"])
    except (OSError, ValueError, KeyError, TypeError, LiveError) as exc:
        log.info("ignoring unreadable FRED cache %s (%s)", path, exc)
        return None


def write_cache(meta: dict, fetched: Fetched) -> None:
    """Write atomically (temp file + os.replace). A cache that cannot be written is only logged."""
    path = cache_path(meta)
    record = {"format": CACHE_FORMAT, "fred_id": meta["fred_id"], "units": meta["units"],
              "fetched_at": fetched.fetched_at, "realtime": fetched.realtime,
              "dates": [f"{d:%Y-%m-%d}" for d in fetched.values.index],
              "values": [float(v) for v in fetched.values]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("could not write the FRED cache %s (%s); continuing without it", path, exc)
