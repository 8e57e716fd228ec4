"""Read the raw public CSV copies, whatever their header style.

Each reader returns a float Series indexed by date, sorted, with missing values (FRED's
'.', empty fields) dropped, never filled. Row drops for partial bars happen *after* the
missing rows are removed, so "last row" means the last row with a value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .recipes import Piece, is_update_file


class RawFormatError(ValueError):
    pass


def piece_path(raw_dir: Path, raw_file: str) -> Path:
    """raw/<file>, or <file> beside raw/ for the second gathering (update-2026-10/...)."""
    return Path(raw_dir).parent / raw_file if is_update_file(raw_file) else Path(raw_dir) / raw_file


def read_piece(raw_dir: Path, piece: Piece) -> tuple[pd.Series, dict]:
    """Read one recipe piece. Returns the values and facts about what was dropped."""
    path = piece_path(raw_dir, piece.file)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if piece.coin_name is not None:
        frame = frame[frame["name"] == piece.coin_name]
        if frame.empty:
            raise RawFormatError(f"{piece.file}: no rows with name == {piece.coin_name!r}")
    if "status" in frame.columns and not (frame["status"] == "ok").all():
        raise RawFormatError(f"{piece.file}: rows with status other than 'ok'")
    date_col = frame.columns[0]
    value_col = piece.column or frame.columns[1]
    if value_col not in frame.columns:
        raise RawFormatError(f"{piece.file}: no column {value_col!r} (has {list(frame.columns)})")

    raw_values = frame[value_col].str.strip()
    missing = raw_values.isin(["", "."])
    dates = pd.to_datetime(frame.loc[~missing, date_col], format="%Y-%m-%d")
    values = pd.Series(raw_values[~missing].astype(float).to_numpy(), index=pd.DatetimeIndex(dates), name="value")
    values = values.sort_index()
    if values.index.has_duplicates:
        raise RawFormatError(f"{piece.file}: duplicate dates")

    dropped_first = [str(d.date()) for d in values.index[: piece.drop_first_rows]]
    dropped_last = [str(d.date()) for d in values.index[len(values) - piece.drop_last_rows:]] \
        if piece.drop_last_rows else []
    values = values.iloc[piece.drop_first_rows: len(values) - piece.drop_last_rows]
    facts = {
        "missing_rows_skipped": int(missing.sum()),
        "dropped_first": dropped_first,
        "dropped_last": dropped_last,
    }
    return values, facts


def rounding_half_unit(values: pd.Series, digits: int) -> pd.Series:
    """Half a unit in the last place of each value written with `digits` significant digits:
    the most a correctly rounded copy can differ from the unrounded value."""
    magnitude = np.floor(np.log10(values.abs().where(values != 0, 1.0)))
    return 0.5 * 10.0 ** (magnitude - digits + 1)


def splice(history: pd.Series, fresh: pd.Series, rel_tol: float = 1e-9, fresh_name: str = "the fresher copy",
           sig_digits: int | None = None) -> tuple[pd.Series, dict]:
    """History up to where `fresh` starts, then `fresh`; the two must agree on their overlap.

    With `sig_digits` (the history was written with that many significant digits), each
    overlapping pair may differ by at most half a unit in the history's last place; the
    joined series keeps `fresh` as published.
    Raises if they share no dates (an unchecked splice) or disagree anywhere they overlap,
    naming `fresh_name`, the date and both values.
    """
    common = history.index.intersection(fresh.index)
    if common.empty:
        raise RawFormatError(f"splice refused: {fresh_name} shares no dates with the copy before it, "
                             "so agreement cannot be checked")
    a, b = history.loc[common], fresh.loc[common]
    scale = a.abs().where(a.abs() > 0, 1.0)
    differences = (a - b).abs() / scale
    rel = differences.max()
    allowed = rel_tol if sig_digits is None else rounding_half_unit(a, sig_digits) / scale * (1 + 1e-9)
    beyond = differences - allowed
    if (beyond > 0).any():
        worst = beyond.idxmax()
        raise RawFormatError(
            f"splice refused: {fresh_name} disagrees with the copy before it on the overlap (max relative "
            f"difference {rel:.3g} on {worst.date()}: {a[worst]} vs {fresh[worst]})"
        )
    joined = pd.concat([history[history.index < fresh.index[0]], fresh])
    facts = {
        "method": "history before the fresher copy's first date, then the fresher copy",
        "fresh_file": fresh_name,
        "overlap_rows": int(len(common)),
        "overlap_first": str(common[0].date()),
        "overlap_last": str(common[-1].date()),
        "overlap_max_rel_diff": float(rel),
        "compared_at_sig_digits": sig_digits,
        "switch_date": str(fresh.index[0].date()),
    }
    return joined, facts
