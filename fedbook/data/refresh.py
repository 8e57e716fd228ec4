"""Refresh the embedded snapshot from the FRED API, all or nothing.

``python -m fedbook refresh [--series ID ...] [--allow-revisions]`` re-fetches every
manifest series that has a ``fred_id`` and checks each one against FRED's metadata and
against the snapshot it would replace:

* FRED's units equal the manifest's ``units`` (a silent unit change would rescale charts);
* dates strictly increase and something is left after dropping '.';
* the new data starts on or before the snapshot's first date (no history lost), except for
  series whose publisher serves only a recent window (manifest ``rolling_window``, e.g.
  FRED's ten years of SP500): their older snapshot history is kept and joined to the new
  data, which must agree with it on the dates both have;
* on dates both have, values agree within a relative 1e-9, and no snapshot date vanished,
  unless ``--allow-revisions``, in which case the revisions are listed.

Only if every series passes is a new snapshot written (``store.write_snapshot``, atomic);
otherwise nothing is written and the old snapshot stays byte-identical.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import live, store
from .series import did_you_mean

REVISION_RTOL = 1e-9
REVISIONS_SHOWN = 10
API_ORIGIN = "FRED API"


@dataclass
class Checked:
    """The outcome for one series: new values if fetched, and what is wrong or revised."""

    id: str
    old: pd.Series
    fetched: live.Fetched | None = None
    problems: list[str] = field(default_factory=list)
    revisions: list[str] = field(default_factory=list)
    kept_history: pd.Series | None = None  # older snapshot rows kept for a rolling-window series

    @property
    def values(self) -> pd.Series:
        """What the refreshed snapshot file will hold."""
        new = self.fetched.values
        return new if self.kept_history is None else pd.concat([self.kept_history, new])

    @property
    def ok(self) -> bool:
        return self.fetched is not None and not self.problems


class RefreshError(Exception):
    """The refresh cannot start (bad --series, unreadable snapshot). Nothing was written."""


def refresh(series_ids: list[str] | None = None, allow_revisions: bool = False, client=None,
            base=None, echo: Callable[[str], None] = print) -> int:
    """Run a refresh; returns the process exit code (0 written, 1 nothing written)."""
    live.require_key()
    base = store.data_dir() if base is None else base
    manifest = store.read_manifest(base)
    targets = choose_targets(manifest, series_ids)
    old = {sid: read_old(base, entry) for sid, entry in manifest["series"].items()}
    client = client if client is not None else live.make_client()
    echo(f"Refreshing {len(targets)} series from FRED ({client.root_url}) into {store.snapshot_dir(base)}")
    results = [check_series(manifest["series"][sid], old[sid], client, allow_revisions) for sid in targets]
    for result in results:
        echo(describe(result, allow_revisions))
    failed = [r.id for r in results if not r.ok]
    if failed:
        echo(f"Refresh FAILED for {len(failed)} of {len(results)} series ({', '.join(failed)}). "
             f"Nothing was written; the snapshot is unchanged.")
        return 1
    return write_refreshed(base, manifest, old, results, echo)


def choose_targets(manifest: dict, series_ids: list[str] | None) -> list[str]:
    known = manifest["series"]
    if not series_ids:
        return [sid for sid, entry in known.items() if entry.get("fred_id")]
    for sid in series_ids:
        if sid not in known:
            hint = did_you_mean(sid, known)
            raise RefreshError(f"unknown series {sid!r}: it is not in the snapshot manifest.{hint}")
        if not known[sid].get("fred_id"):
            raise RefreshError(f"{sid} is not a FRED series (no fred_id), so refresh cannot fetch it")
    return list(dict.fromkeys(series_ids))


def read_old(base, entry: dict) -> pd.Series:
    return store.read_entry(store.snapshot_dir(base), entry)


def check_series(entry: dict, old: pd.Series, client, allow_revisions: bool) -> Checked:
    result = Checked(id=entry["id"], old=old)
    try:
        result.fetched = live.fetch_validated(entry, client)
    except live.LiveError as exc:  # FredError and unit/date checks alike
        result.problems.append(str(exc))
        return result
    new = result.fetched.values
    if new.index[0] > old.index[0]:
        if entry.get("rolling_window"):
            result.kept_history = old[old.index < new.index[0]]
        else:
            result.problems.append(f"FRED's data starts {new.index[0]:%Y-%m-%d}, after the snapshot's first "
                                   f"date {old.index[0]:%Y-%m-%d}: refreshing would lose history")
    result.revisions = find_revisions(old, new)
    if result.revisions and not allow_revisions:
        result.problems.append(f"{len(result.revisions)} value(s) differ from the snapshot (first: "
                               f"{result.revisions[0]}); rerun with --allow-revisions to accept them")
    return result


def find_revisions(old: pd.Series, new: pd.Series) -> list[str]:
    """Dates where FRED's value differs from the snapshot, or where a snapshot date vanished."""
    common = old.index.intersection(new.index)
    before, after = old.loc[common].to_numpy(), new.loc[common].to_numpy()
    differs = ~np.isclose(after, before, rtol=REVISION_RTOL, atol=0.0)
    lines = [f"{d:%Y-%m-%d}: {float(b)!r} -> {float(a)!r}"
             for d, b, a in zip(common[differs], before[differs], after[differs])]
    vanished = old.index[(old.index >= new.index[0]) & ~old.index.isin(new.index)]
    lines += [f"{d:%Y-%m-%d}: {float(old.loc[d])!r} -> no longer published" for d in vanished]
    return sorted(lines)


def describe(result: Checked, allow_revisions: bool) -> str:
    if result.fetched is None or result.problems:
        return f"  {result.id}: FAILED: " + "; ".join(result.problems)
    old, new = result.old, result.values
    line = (f"  {result.id}: OK, {len(old)} -> {len(new)} rows, last {old.index[-1]:%Y-%m-%d} -> "
            f"{new.index[-1]:%Y-%m-%d}, {result.fetched.missing} missing ('.') skipped")
    if result.kept_history is not None:
        line += f", {len(result.kept_history)} older snapshot rows kept (FRED serves a rolling window)"
    if allow_revisions and result.revisions:
        shown = result.revisions[:REVISIONS_SHOWN]
        more = len(result.revisions) - len(shown)
        line += f", {len(result.revisions)} revision(s):\n" + "\n".join(f"      {r}" for r in shown)
        line += f"\n      ... and {more} more" if more else ""
    return line


def write_refreshed(base, manifest: dict, old: dict[str, pd.Series], results: list[Checked],
                    echo: Callable[[str], None]) -> int:
    new_manifest = copy.deepcopy(manifest)
    series = dict(old)  # series not refreshed are rewritten unchanged (canonical CSV, same bytes)
    for result in results:
        series[result.id] = result.values
        update_entry(new_manifest["series"][result.id], result)
    new_manifest["last_refresh"] = {"command": "python -m fedbook refresh", "series": [r.id for r in results],
                                    "fetched_at": max(r.fetched.fetched_at for r in results)}
    try:
        store.write_snapshot(base, new_manifest, series)
    except (OSError, store.SnapshotError) as exc:
        store.snapshot_dir(base)  # puts the old snapshot back if the swap stopped half-way
        echo(f"Refresh FAILED while writing the new snapshot ({exc}). The old snapshot is unchanged.")
        return 1
    echo(f"Wrote the refreshed snapshot for {len(results)} series to {store.snapshot_dir(base)}.")
    echo("Now re-execute the notebooks so the book shows the new data: make execute "
         "(then review and commit data/ and the notebooks together).")
    return 0


def update_entry(entry: dict, result: Checked) -> None:
    """Record the new origin, keeping where the values came from before the first API refresh."""
    fetched = result.fetched
    if entry.get("origin") != API_ORIGIN:
        entry["previous_sources"] = entry["sources"]
        if entry.get("splice"):
            entry["previous_splice"] = entry["splice"]
    entry.update(origin=API_ORIGIN, vintage=fetched.fetched_at[:10], splice=None, sources=[{
        "repository": API_ORIGIN,
        "path": fetched.source_url,
        "commit": "n/a",  # fedbook.catalog() shows a commit for every source
        "provenance": "official API",
        "fetched_at": fetched.fetched_at,
        "realtime": fetched.realtime,
        "last_updated": fetched.info.get("last_updated"),
        "rows_read": int(len(fetched.values)) + fetched.missing,
        "missing_rows_skipped": fetched.missing,
        "revisions_accepted": len(result.revisions),
        "first": f"{fetched.values.index[0]:%Y-%m-%d}",
        "last": f"{fetched.values.index[-1]:%Y-%m-%d}",
    }])
    if result.kept_history is not None and len(result.kept_history):
        kept = result.kept_history
        entry["sources"].insert(0, {"repository": "earlier snapshot (kept: FRED serves a rolling window)",
                                    "path": "data/snapshot", "commit": "n/a", "provenance": "kept history",
                                    "rows_read": int(len(kept)), "first": f"{kept.index[0]:%Y-%m-%d}",
                                    "last": f"{kept.index[-1]:%Y-%m-%d}"})

