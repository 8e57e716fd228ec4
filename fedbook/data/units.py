"""Unit conversion, explicit and table-driven.

Money *stocks* (balance-sheet items, stablecoin supply) are converted to one book unit,
billions of U.S. dollars, from the unit the publisher states in the manifest. Rates,
index levels and prices keep their published unit. An unknown unit is an error, never a
guess.
"""

from __future__ import annotations

import pandas as pd

BOOK_MONEY_UNIT = "Billions of U.S. Dollars"

# Dollars per published unit, for the money-stock units the book converts.
_DOLLARS_PER_UNIT = {
    "U.S. Dollars": 1.0,
    "Millions of U.S. Dollars": 1e6,
    "Billions of U.S. Dollars": 1e9,
    # FRED's wording for BEA series such as GDP (a flow at a seasonally adjusted annual
    # rate, not a stock: the scale is converted, the annual-rate basis is the manifest's).
    "Billions of Dollars": 1e9,
}

# Units kept as published (not money stocks).
_KEPT_AS_PUBLISHED = {
    "Percent",
    "Percent (percentage points)",
    "Index",
    "Index Jan 2006=100",
    "U.S. Dollars per coin",
    "Tether (USDT) per coin",
}


class UnknownUnitError(ValueError):
    pass


def book_unit(published_unit: str) -> str:
    """The unit the book uses for a series published in `published_unit`."""
    if published_unit in _DOLLARS_PER_UNIT:
        return BOOK_MONEY_UNIT
    if published_unit in _KEPT_AS_PUBLISHED:
        return published_unit
    raise UnknownUnitError(
        f"unit {published_unit!r} is not in fedbook.data.units; add it explicitly rather than guessing"
    )


def scale_to_book(published_unit: str) -> float:
    """Multiply published values by this to get book units."""
    target = book_unit(published_unit)
    if target == BOOK_MONEY_UNIT:
        return _DOLLARS_PER_UNIT[published_unit] / _DOLLARS_PER_UNIT[BOOK_MONEY_UNIT]
    return 1.0


def to_book_units(values: pd.Series, published_unit: str) -> pd.Series:
    return values * scale_to_book(published_unit)


def short_label(unit: str) -> str:
    """A compact axis label for a book unit."""
    return {
        BOOK_MONEY_UNIT: "billions of USD",
        "Percent": "percent",
        "Percent (percentage points)": "percentage points",
        "Index": "index level",
        "Index Jan 2006=100": "index (Jan 2006 = 100)",
        "U.S. Dollars per coin": "USD per coin",
        "Tether (USDT) per coin": "USDT per coin",
    }.get(unit, unit)
