"""Helpers for the book's pages: glue numbers into prose, format them consistently."""

from __future__ import annotations

import numbers

import pandas as pd


def plain(value):
    """Python scalars only: numpy's repr (np.float64(1.0)) would leak into glued text."""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value


def glue(name: str, value, display: bool = False) -> None:
    """myst-nb glue with plain Python values (returns None, so a cell ending in glue shows nothing)."""
    from myst_nb import glue as _glue

    value = plain(value)
    _glue(name, value, display=display)


def glue_many(prefix: str, values: dict) -> None:
    for key, value in values.items():
        glue(f"{prefix}_{key}", value)


def trillions(billions: float) -> float:
    return float(billions) / 1000.0
