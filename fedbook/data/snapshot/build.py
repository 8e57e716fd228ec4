"""Build the embedded snapshot from the raw public copies (``shared/data/raw``).

Run: ``python -m fedbook build-snapshot --raw ../shared/data/raw``. It reads each recipe's
raw files, checks every splice on its overlap, and writes ``data/snapshot`` atomically
with a manifest recording the provenance of every value. The output is deterministic:
running it twice on the same raw files gives byte-identical files.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .. import store, units
from .rawread import read_piece, splice
from .recipes import COMMIT_DATES, RECIPES, Recipe, provenance_class

DEFAULT_RAW_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "raw"


def read_inventory(raw_dir: Path) -> dict[str, dict]:
    """shared/data/inventory.csv, keyed by file name in raw/."""
    with open(Path(raw_dir).parent / "inventory.csv", newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def build_series(recipe: Recipe, raw_dir: Path, inventory: dict) -> tuple[pd.Series, dict]:
    """Read and splice one recipe. Returns values (published units) and its manifest entry."""
    parts, sources = [], []
    for piece in recipe.pieces:
        values, facts = read_piece(raw_dir, piece)
        row = inventory[piece.file]
        parts.append(values)
        sources.append({
            "repository": row["source"],
            "path": row["path"],
            "commit": row["commit"],
            "commit_date": COMMIT_DATES[row["source"]],
            "raw_file": piece.file,
            "raw_sha256": store.sha256_file(Path(raw_dir) / piece.file),
            "provenance": provenance_class(piece.file),
            "why": piece.why,
            "rows_read": int(len(values)),
            "first": f"{values.index[0]:%Y-%m-%d}",
            "last": f"{values.index[-1]:%Y-%m-%d}",
            **facts,
        })
    joined, splice_facts = parts[0], None
    if len(parts) == 2:
        joined, splice_facts = splice(parts[0], parts[1])
    elif len(parts) > 2:
        raise ValueError(f"{recipe.id}: recipes splice at most two copies")
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
        "splice": splice_facts,
        "notes": list(recipe.notes),
    }
    return joined, entry


def build_snapshot(raw_dir: Path = DEFAULT_RAW_DIR, out_dir: Path | None = None) -> dict:
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw data folder {raw_dir} not found (expected ../shared/data/raw beside the repo)")
    inventory = read_inventory(raw_dir)
    manifest = {
        "schema": store.SCHEMA_VERSION,
        "title": "fedbook embedded data snapshot",
        "generated_by": "python -m fedbook build-snapshot (fedbook/data/snapshot/build.py)",
        "built_from": "shared/data/raw: public GitHub copies of FRED series and crypto price histories",
        "rules": [
            "Values are copied, never synthesized, interpolated or hand-typed.",
            "Missing values ('.' or empty) are skipped, not filled.",
            "Splices join two copies only where they overlap and agree exactly on the overlap.",
            "Partial last bars are dropped, as recorded per source.",
            "Files keep the publisher's units; the loader converts to book units with scale_to_book.",
        ],
        "series": {},
    }
    series = {}
    for recipe in RECIPES:
        values, entry = build_series(recipe, raw_dir, inventory)
        manifest["series"][recipe.id] = entry
        series[recipe.id] = values
    target = Path(out_dir) if out_dir is not None else store.data_dir()
    store.write_snapshot(target, manifest, series)
    return manifest
