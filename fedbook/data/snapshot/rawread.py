"""Read the raw public CSV copies, whatever their header style.

Each reader returns a float Series indexed by date, sorted, with missing values (FRED's
'.', empty fields) dropped, never filled. Row drops for partial bars happen *after* the
missing rows are removed, so "last row" means the last row with a value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .recipes import Piece


class RawFormatError(ValueError):
    pass


def read_piece(raw_dir: Path, piece: Piece) -> tuple[pd.Series, dict]:
    """Read one recipe piece. Returns the values and facts about what was dropped."""
    path = Path(raw_dir) / piece.file
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


def splice(history: pd.Series, fresh: pd.Series, rel_tol: float = 1e-9) -> tuple[pd.Series, dict]:
    """History up to where `fresh` starts, then `fresh`; the two must agree on their overlap.

    Raises if they share no dates (an unchecked splice) or disagree anywhere they overlap.
    """
    common = history.index.intersection(fresh.index)
    if common.empty:
        raise RawFormatError("splice refused: the two copies share no dates, so agreement cannot be checked")
    a, b = history.loc[common], fresh.loc[common]
    scale = a.abs().where(a.abs() > 0, 1.0)
    rel = ((a - b).abs() / scale).max()
    if rel > rel_tol:
        worst = ((a - b).abs() / scale).idxmax()
        raise RawFormatError(
            f"splice refused: copies disagree on the overlap (max relative difference {rel:.3g} on "
            f"{worst.date()}: {a[worst]} vs {b[worst]})"
        )
    joined = pd.concat([history[history.index < fresh.index[0]], fresh])
    facts = {
        "method": "history before the fresher copy's first date, then the fresher copy",
        "overlap_rows": int(len(common)),
        "overlap_first": str(common[0].date()),
        "overlap_last": str(common[-1].date()),
        "overlap_max_rel_diff": float(rel),
        "switch_date": str(fresh.index[0].date()),
    }
    return joined, facts
