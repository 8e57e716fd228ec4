"""The shared, dated event table (FOMC decisions, programme starts and ends).

Every row cites its source (``shared/facts/TIMELINE.md`` lists them with quality marks:
P primary, R reputable, W weak). Chapters mark charts and define windows from this one
table, so a date is corrected once for the whole book.
"""

from __future__ import annotations

import re
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


# How the event table's detail text records a decision on the policy rate taken the same day.
_RATE_DECISION = [("cut", re.compile(r"target range (?:was )?cut", re.I)),
                  ("raise", re.compile(r"raises the target range|target range (?:was )?raised", re.I)),
                  ("hold", re.compile(r"\bholds at\b", re.I))]


def rate_decision(keys) -> pd.Series:
    """For each event key: "cut", "raise" or "hold" if its row records a decision on the
    federal funds target range that day, "" if it records none.

    Balance-sheet news that came with a rate decision cannot be separated from it by an
    event study on that day; this flag lets a chapter say which events are affected.
    """
    details = select(keys=keys)["detail"].fillna("")
    return details.map(lambda text: next((name for name, rule in _RATE_DECISION if rule.search(text)), ""))


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
