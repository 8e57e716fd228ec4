"""The shared, dated event table (FOMC decisions, programme starts and ends).

Every row cites its source (``shared/facts/TIMELINE.md`` lists them with quality marks:
P primary, R reputable, W weak). Chapters mark charts and define windows from this one
table, so a date is corrected once for the whole book.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import store


@lru_cache(maxsize=1)
def _events_cached(path: str) -> pd.DataFrame:
    table = pd.read_csv(path, parse_dates=["date"], dtype=str)
    table["date"] = pd.to_datetime(table["date"], format="%Y-%m-%d")
    if table["key"].duplicated().any():
        raise ValueError(f"{path}: duplicate event keys")
    return table.set_index("key")


def events() -> pd.DataFrame:
    """All events, indexed by key, with date, label, kind, detail, source and quality."""
    return _events_cached(str(store.data_dir() / "events.csv")).copy()


def event_date(key: str) -> pd.Timestamp:
    table = events()
    if key not in table.index:
        raise KeyError(f"no event {key!r} in data/events.csv (known: {', '.join(table.index)})")
    return table.loc[key, "date"]


def select(keys=None, kinds=None, start=None, end=None) -> pd.DataFrame:
    table = events()
    if keys is not None:
        table = table.loc[list(keys)]
    if kinds is not None:
        table = table[table["kind"].isin(kinds)]
    return table[(table["date"] >= pd.Timestamp(start or "1900")) & (table["date"] <= pd.Timestamp(end or "2100"))]


@lru_cache(maxsize=1)
def _amounts_cached(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"amount": float}).set_index("key")


def announced_amounts() -> pd.DataFrame:
    """Announced programme sizes (dated, sourced policy facts, not data series)."""
    return _amounts_cached(str(store.data_dir() / "policy_amounts.csv")).copy()


def announced(key: str) -> float:
    table = announced_amounts()
    if key not in table.index:
        raise KeyError(f"no announced amount {key!r} in data/policy_amounts.csv")
    return float(table.loc[key, "amount"])


def qt_caps() -> pd.DataFrame:
    """Monthly run-off caps during QT 2022-25 (billions of USD a month), one row per regime."""
    caps = pd.read_csv(store.data_dir() / "qt_caps.csv", parse_dates=["start", "end", "decided"])
    return caps


def sources_table(keys) -> pd.DataFrame:
    """The 'Sources' table every chapter ends with: date, label, quality mark and source."""
    table = select(keys=keys).sort_values("date")[["date", "label", "quality", "source"]]
    return table.assign(date=table["date"].dt.strftime("%Y-%m-%d")).reset_index(drop=True)
