"""Build the embedded snapshot from the raw public copies (``shared/data/raw`` and the
second gathering ``shared/data/update-2026-10`` beside it).

Run: ``python -m fedbook build-snapshot --raw ../shared/data/raw``. It reads each recipe's
raw files, checks every splice on its overlap, checks that each file's stated units are the
recipe's, checks that no value already in the committed snapshot changes (except dates a
recipe names as replaced, with its reason), and only then writes ``data/snapshot``
atomically with a manifest recording the provenance of every value. Any refusal names the
file (and the date and values) and writes nothing. The output is deterministic: running it
twice on the same raw files gives byte-identical files.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .. import store, units
from .rawread import RawFormatError, piece_path, read_piece, splice
from .recipes import (COMMIT_DATES, RECIPES, UPDATE, UPDATE_COMMIT_DATES, UPDATE_PROVENANCE, Recipe,
                      provenance_class, update_file, update_provenance_class)

DEFAULT_RAW_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "raw"


def read_inventory(raw_dir: Path) -> dict[str, dict]:
    """shared/data/inventory.csv keyed by file name in raw/, plus the second gathering's
    prov.tsv keyed by ``update-2026-10/<file>``, in one shape."""
    with open(Path(raw_dir).parent / "inventory.csv", newline="", encoding="utf-8") as handle:
        inventory = {row["file"]: {**row, "commit_date": COMMIT_DATES[row["source"]],
                                   "provenance": provenance_class(row["file"])}
                     for row in csv.DictReader(handle)}
    prov_path = Path(raw_dir).parent / UPDATE / UPDATE_PROVENANCE
    if prov_path.exists():
        with open(prov_path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                inventory[update_file(row["file"])] = {
                    "source": row["owner/repo"], "path": row["path"], "commit": row["commit"],
                    "units": row["units"], "commit_date": UPDATE_COMMIT_DATES.get(row["commit"]),
                    "provenance": update_provenance_class(row["how_obtained"]),
                }
    return inventory


def unit_family(text: str) -> str:
    """The scale a unit text states: millions, billions, percent, index, or plain units.

    Raw copies describe units in free text ("USD millions, week average"); the recipes use
    FRED's wording ("Millions of U.S. Dollars"). Both reduce to the same family when they agree.
    """
    lowered = text.lower()
    for family in ("millions", "billions", "percent", "index"):
        if family in lowered:
            return family
    return "units"


def check_units(recipe: Recipe, raw_file: str, stated: str) -> None:
    if unit_family(stated) != unit_family(recipe.units):
        raise RawFormatError(f"{raw_file}: units {stated!r} differ from {recipe.id}'s {recipe.units!r}; "
                             "refusing to build (convert explicitly in a recipe, never silently)")


def source_record(piece, values, facts, row, raw_dir) -> dict:
    return {
        "repository": row["source"],
        "path": row["path"],
        "commit": row["commit"],
        "commit_date": row["commit_date"],
        "raw_file": piece.file,
        "raw_sha256": store.sha256_file(piece_path(raw_dir, piece.file)),
        "provenance": row["provenance"],
        "why": piece.why,
        "rows_read": int(len(values)),
        "first": f"{values.index[0]:%Y-%m-%d}",
        "last": f"{values.index[-1]:%Y-%m-%d}",
        **facts,
    }


def splice_pieces(recipe: Recipe, parts: list[pd.Series]) -> tuple[pd.Series, list[dict] | None]:
    """Join the copies in order, each checked against everything before it on the overlap."""
    joined, splices = parts[0], []
    for piece, values in zip(recipe.pieces[1:], parts[1:]):
        try:
            joined, facts = splice(joined, values, fresh_name=piece.file, sig_digits=piece.compare_at_sig_digits)
        except RawFormatError as exc:
            raise RawFormatError(f"{recipe.id}: {exc}") from None
        splices.append(facts)
    return joined, splices or None


def build_series(recipe: Recipe, raw_dir: Path, inventory: dict) -> tuple[pd.Series, dict]:
    """Read and splice one recipe. Returns values (published units) and its manifest entry."""
    parts, sources = [], []
    for piece in recipe.pieces:
        row = inventory[piece.file]
        check_units(recipe, piece.file, row["units"])
        values, facts = read_piece(raw_dir, piece)
        parts.append(values)
        sources.append(source_record(piece, values, facts, row, raw_dir))
    joined, splices = splice_pieces(recipe, parts)
    dates = [s["commit_date"] for s in sources if s["commit_date"]]
    entry = {
        "id": recipe.id,
        "title": recipe.title,
        "units": recipe.units,
        "book_unit": units.book_unit(recipe.units),
        "scale_to_book": units.scale_to_book(recipe.units),
        "frequency": recipe.frequency,
        "basis": recipe.basis,
        "publisher": recipe.publisher,
        "group": recipe.group,
        "fred_id": recipe.fred_id,
        "rolling_window": recipe.rolling_window,
        "origin": "public copy of the published series",
        "vintage": max(dates) if dates else None,
        "file": None, "sha256": None, "rows": None, "first": None, "last": None,  # set by store
        "sources": sources,
        "splice": splices,
        "replaces": {"dates": list(recipe.replaces), "why": recipe.replaces_why} if recipe.replaces else None,
        "notes": list(recipe.notes),
    }
    return joined, entry


def committed_values(series_id: str, data_dir: Path | None) -> pd.Series | None:
    """The committed snapshot's values of a series in published units, or None if it has none."""
    try:
        entry = store.read_manifest(data_dir)["series"].get(series_id)
    except store.SnapshotError:
        return None  # no snapshot yet: nothing to protect
    if entry is None:
        return None
    return store.read_series_file(store.snapshot_dir(data_dir) / entry["file"], entry["sha256"])


def check_no_silent_revision(recipe: Recipe, values: pd.Series, committed: pd.Series | None) -> None:
    """Every value the committed snapshot holds must come out unchanged, except on the dates
    the recipe names as replaced. A refusal names the series file, the date and both values."""
    if committed is None:
        return
    common = committed.index.intersection(values.index)
    allowed = pd.to_datetime(list(recipe.replaces))
    changed = [d for d in common if committed[d] != values[d] and d not in allowed]
    if changed:
        first = changed[0]
        raise RawFormatError(
            f"{recipe.id}: the raw copies disagree with the committed snapshot (series/{recipe.id}.csv) on "
            f"{len(changed)} date(s), first {first.date()}: snapshot {committed[first]} vs raw {values[first]}; "
            "nothing was written"
        )


def build_snapshot(raw_dir: Path = DEFAULT_RAW_DIR, out_dir: Path | None = None,
                   committed_dir: Path | None = None) -> dict:
    """Build every recipe, check it, then write the snapshot to `out_dir` (default: the data
    folder). `committed_dir` is the snapshot that no value may silently change (default: the
    data folder in use)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw data folder {raw_dir} not found (expected ../shared/data/raw beside the repo)")
    inventory = read_inventory(raw_dir)
    manifest = {
        "schema": store.SCHEMA_VERSION,
        "title": "fedbook embedded data snapshot",
        "generated_by": "python -m fedbook build-snapshot (fedbook/data/snapshot/build.py)",
        "built_from": "shared/data/raw and shared/data/update-2026-10: public GitHub copies of FRED series "
                      "and crypto price histories",
        "rules": [
            "Values are copied, never synthesized, interpolated or hand-typed.",
            "Missing values ('.' or empty) are skipped, not filled.",
            "Splices join copies in order, each only where it overlaps the copies before it and agrees "
            "exactly on the overlap (or within the stated rounding of the earlier copy).",
            "No value already in the committed snapshot changes, except dates a recipe names as replaced.",
            "Partial last bars are dropped, as recorded per source.",
            "Files keep the publisher's units; the loader converts to book units with scale_to_book.",
        ],
        "series": {},
    }
    series = {}
    for recipe in RECIPES:
        values, entry = build_series(recipe, raw_dir, inventory)
        check_no_silent_revision(recipe, values, committed_values(recipe.id, committed_dir))
        manifest["series"][recipe.id] = entry
        series[recipe.id] = values
    target = Path(out_dir) if out_dir is not None else store.data_dir()
    store.write_snapshot(target, manifest, series)
    return manifest
