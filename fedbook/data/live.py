"""Live values from the FRED API, checked against the manifest and cached outside git.

``fetch_published(meta)`` returns a series in the publisher's units, exactly as FRED
publishes it: missing values ('.') are dropped, never filled. Every failure raises a
:class:`LiveError` (the FRED client's errors included), which ``fedbook.data`` turns into
a warning and a fallback to the embedded snapshot.

The cache lives in ``$FEDBOOK_CACHE_DIR`` (default ``~/.cache/fedbook``), never in the
repo, and is reused for ``$FEDBOOK_CACHE_TTL_HOURS`` (default 12) so re-running a chapter
does not hit FRED again. Each cached record carries the sha256 of its dates and values and
is ignored unless they still match (and its FRED id and units match the manifest).

Outages: when a fetch fails in a way that says FRED itself is unusable (unreachable,
stalled or trickling, down, throttling, a wrong address; ``FredError.outage``), that is
remembered for ``$FEDBOOK_FRED_OUTAGE_MINUTES`` (default 10), in this process and in
``<cache>/fred/outage.json`` for the other processes of a build (each chapter runs in its
own kernel). Until then, every live load falls back to the snapshot at once, raising
:class:`OutageError` with ``first`` False after the first time in a process, so that the
caller warns once, not once per series. A build against a dead or stalled FRED therefore
waits for one series' retries in all, not for every series in every chapter.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from . import settings
from .errors import LiveDataError, LiveError, UnitChangedError  # noqa: F401  (re-exported)
from .fred import FredClient, FredError, OutageError, api_key_from_env  # noqa: F401  (OutageError re-exported)

log = logging.getLogger(__name__)

CACHE_DIR_ENV = "FEDBOOK_CACHE_DIR"
CACHE_TTL_ENV = "FEDBOOK_CACHE_TTL_HOURS"
DEFAULT_CACHE_TTL_HOURS = 12.0
CACHE_FORMAT = 2  # 2: records carry the sha256 of their dates and values
OUTAGE_ENV = "FEDBOOK_FRED_OUTAGE_MINUTES"
DEFAULT_OUTAGE_MINUTES = 10.0

_outage: dict = {}  # this process's record of FRED being unusable: root_url, reason, until (epoch s)
_outage_reported: set[str] = set()  # outage reasons already raised once in this process


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
    client = make_client()
    check_outage(client.root_url)
    try:
        fetched = fetch_validated(meta, client)
    except FredError as exc:
        if exc.outage:
            remember_outage(client.root_url, str(exc))
        raise
    write_cache(meta, fetched)
    return fetched.values


# -- outages ---------------------------------------------------------------------------------

def outage_minutes() -> float:
    return settings.number(OUTAGE_ENV, "minutes", DEFAULT_OUTAGE_MINUTES)


def outage_path() -> Path:
    return cache_dir() / "fred" / "outage.json"


def remember_outage(root_url: str, reason: str) -> None:
    """Record that FRED at `root_url` is unusable, here and for the build's other processes."""
    minutes = outage_minutes()
    if minutes <= 0:
        return
    record = {"root_url": root_url, "reason": reason, "until": time.time() + 60 * minutes}
    _outage.clear()
    _outage.update(record)
    _outage_reported.add(reason)  # the caller is about to report this failure itself
    write_json_atomically(outage_path(), record)


def check_outage(root_url: str) -> None:
    """Raise OutageError if FRED at `root_url` was found unusable within the outage period."""
    if outage_minutes() <= 0:
        return
    record = current_outage(root_url)
    if record is None:
        return
    until = datetime.fromtimestamp(record["until"], timezone.utc)
    error = OutageError(f"FRED failed earlier ({record['reason']}), so it is not tried again until "
                        f"{until:%H:%M} UTC ({OUTAGE_ENV}; set it to 0 to retry every series).")
    error.first = record["reason"] not in _outage_reported
    _outage_reported.add(record["reason"])
    raise error


def current_outage(root_url: str) -> dict | None:
    for record in (_outage, read_outage_file()):
        if record.get("root_url") == root_url and time.time() < record.get("until", 0):
            return record
    return None


def read_outage_file() -> dict:
    try:
        record = json.loads(outage_path().read_text(encoding="utf-8"))
        return record if isinstance(record, dict) and isinstance(record.get("until"), (int, float)) else {}
    except (OSError, ValueError):
        return {}


def forget_outage() -> None:
    """Clear the outage record (tests; a maintainer who knows FRED is back)."""
    _outage.clear()
    _outage_reported.clear()
    outage_path().unlink(missing_ok=True)


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
    return settings.number(CACHE_TTL_ENV, "hours", DEFAULT_CACHE_TTL_HOURS)


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
        if (record["format"] != CACHE_FORMAT or record["units"] != meta["units"] or record["fred_id"] != meta["fred_id"]
                or not 0 <= age_hours < ttl):
            return None
        if record["sha256"] != values_digest(record["dates"], record["values"]):
            log.warning("ignoring the FRED cache %s: its values do not match their sha256", path)
            return None
        index = pd.DatetimeIndex(pd.to_datetime(record["dates"], format="%Y-%m-%d"), name="date")
        values = pd.Series(record["values"], index=index, dtype=float, name=meta["id"])
        return clean(values, meta["id"])
    except (OSError, ValueError, KeyError, TypeError, LiveError) as exc:
        log.info("ignoring unreadable FRED cache %s (%s)", path, exc)
        return None


def values_digest(dates: list, values: list) -> str:
    return hashlib.sha256(json.dumps([dates, values]).encode("utf-8")).hexdigest()


def write_cache(meta: dict, fetched: Fetched) -> None:
    """Write the record atomically. A cache that cannot be written is only logged."""
    dates = [f"{d:%Y-%m-%d}" for d in fetched.values.index]
    values = [float(v) for v in fetched.values]
    record = {"format": CACHE_FORMAT, "fred_id": meta["fred_id"], "units": meta["units"],
              "fetched_at": fetched.fetched_at, "realtime": fetched.realtime,
              "dates": dates, "values": values, "sha256": values_digest(dates, values)}
    write_json_atomically(cache_path(meta), record)


def write_json_atomically(path: Path, record: dict) -> None:
    """Temp file + os.replace, so a reader never sees half a file. Failure is only logged."""
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
        log.warning("could not write %s (%s); continuing without it", path, exc)
