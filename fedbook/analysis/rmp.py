"""Reserve-management purchases (RMPs) versus QE: paces, reinvestment, duration, where the money went.

Units: money in billions of USD (as ``fedbook.load`` returns it), rates in percent, durations
in years. A "month" is 365.25/12 days, as in ``levels.Change``.

What the snapshot can and cannot separate: ``TREAST`` is all Treasuries held outright (bills,
coupons and TIPS inflation compensation); there is no bills-only series (``WSHOBL``). After
1 December 2025 MBS principal is reinvested in bills, so part of the rise in ``TREAST`` is
reinvestment, not new purchases. The helpers here subtract the MBS run-off seen in
``WSHOMCB`` and call the remainder an *upper bound* on net new purchases: everything else that
adds to ``TREAST`` (inflation compensation, for instance) is left in it.
"""

from __future__ import annotations

import math

import pandas as pd

from ..data import events
from . import identity
from . import levels as lv

DAYS_PER_MONTH = 365.25 / 12

# Episodes compared in the chapter: (name, start, end); event keys from data/events.csv, or
# the dates explained in the QE-vs-QT chapter; None = the latest observation.
EPISODES = [
    ("QE2", "qe2", "2011-06-30"),
    ("QE3", "qe3", "qe3_end"),
    ("Pandemic QE", "covid_qe", "walcl_peak"),
    ("Bill purchases 2019-20", "bills_2019", "covid_qe"),
    ("RMPs", "rmp_start", None),
]


# --- levels on anchor dates --------------------------------------------------------------

def _when(when) -> pd.Timestamp:
    """A date, a Timestamp or an event key."""
    if isinstance(when, str) and not when[:4].isdigit():
        return events.event_date(when)
    return pd.Timestamp(when)


def level_or_nan(series: pd.Series, when, max_gap_days: int = 7) -> tuple[pd.Timestamp | None, float]:
    """Like ``levels.level_on``, but (None, NaN) instead of an error across a data gap.

    Tables of many series and eras use it, so one missing value (MBS in 2018-21) leaves
    one empty cell rather than stopping the chapter.
    """
    try:
        return lv.level_on(series, None if when is None else _when(when), max_gap_days=max_gap_days)
    except ValueError:
        return None, math.nan


def anchor_dates(index: pd.DatetimeIndex, start, end=None, day: int = 15, min_days: int = 21) -> pd.DatetimeIndex:
    """Observation dates that cut a window into roughly monthly pieces.

    The first anchor is the last observation on or before `start`; the others are the last
    observations on or before day `day` of each later month, keeping only anchors at least
    `min_days` after the previous one (so a start on the 12th does not make a 3-day window).
    With day=15 and Wednesday data, each piece holds one monthly MBS paydown (around the
    20th-25th) and roughly one of the Desk's mid-month to mid-month purchase schedules.
    """
    index = pd.DatetimeIndex(index).sort_values()
    end = index.max() if end is None else min(_when(end), index.max())
    first = index[index <= _when(start)]
    if first.empty:
        raise ValueError(f"no observation on or before {_when(start):%Y-%m-%d}")
    anchors = [first[-1]]
    month = pd.Period(_when(start), "M") + 1
    while (target := month.to_timestamp() + pd.Timedelta(days=day - 1)) <= end:
        candidate = index[index <= target][-1]
        if (candidate - anchors[-1]).days >= min_days:
            anchors.append(candidate)
        month += 1
    return pd.DatetimeIndex(anchors)


def window_changes(series: pd.Series, anchors: pd.DatetimeIndex) -> pd.Series:
    """Change in `series` between consecutive anchors, indexed by the window's end date."""
    levels = series.reindex(anchors)
    return levels.diff().iloc[1:].rename(series.name)


def stays_at_or_above_from(series: pd.Series, level: float, start, end=None) -> pd.Timestamp | None:
    """First date in [start, end] from which `series` stays at or above `level` to `end`.

    None if the last observation in the window is below the level.
    """
    window = series.loc[_when(start):None if end is None else _when(end)].dropna()
    below = window[window < level]
    if below.empty:
        return window.index[0]
    later = window.loc[below.index[-1]:].iloc[1:]
    return later.index[0] if not later.empty else None


def months_between(start: pd.Timestamp, end: pd.Timestamp) -> float:
    return (end - start).days / DAYS_PER_MONTH


# --- Treasury growth, MBS reinvestment, net new purchases --------------------------------

def purchase_windows(treasuries: pd.Series, mbs: pd.Series, start, end=None, day: int = 15,
                     reinvested_share: float = 1.0, lag: int = 0) -> pd.DataFrame:
    """Treasury growth, MBS run-off and the upper bound on net new purchases, window by window.

    reinvested_share: the share of MBS run-off assumed to be reinvested in Treasuries
        (1.0 = all of it, the Desk's stated policy since 1 December 2025; 0.0 = none, so that
        all Treasury growth counts as new purchases).
    lag: how many windows later the run-off is assumed to be reinvested (0 = in the same
        window). With lag > 0 the first windows use the run-off from windows before `start`.
    Money columns are billions of USD per window; "... a month" columns divide by the
    window's length in months.
    """
    index = treasuries.dropna().index
    anchors = anchor_dates(index, start, end, day)
    # With a lag, the first windows need the run-off of windows before the start.
    earlier = anchor_dates(index, anchors[0] - pd.DateOffset(months=lag), anchors[0], day) if lag else anchors[:1]
    runoff_all = -window_changes(mbs, earlier.union(anchors))
    reinvested = (reinvested_share * runoff_all.shift(lag)).reindex(anchors[1:])
    table = pd.DataFrame({
        "from": anchors[:-1],
        "to": anchors[1:],
        "Treasury growth": window_changes(treasuries, anchors).to_numpy(),
        "MBS run-off": runoff_all.reindex(anchors[1:]).to_numpy(),
        "reinvestment assumed": reinvested.to_numpy(),
    })
    table["net new purchases (upper bound)"] = table["Treasury growth"] - table["reinvestment assumed"]
    table["months"] = [months_between(a, b) for a, b in zip(table["from"], table["to"])]
    for col in ["Treasury growth", "net new purchases (upper bound)"]:
        table[f"{col}, a month"] = table[col] / table["months"]
    return table


def net_pace(treasuries: pd.Series, mbs: pd.Series, start, end=None, reinvested_share: float = 1.0) -> pd.Series:
    """Average monthly pace over one window: Treasury growth, MBS run-off and their difference."""
    d0, t0 = level_or_nan(treasuries, start)
    d1, t1 = level_or_nan(treasuries, end)
    _, m0 = level_or_nan(mbs, d0)
    _, m1 = level_or_nan(mbs, d1)
    months = months_between(d0, d1)
    growth, runoff = t1 - t0, m0 - m1
    return pd.Series({
        "from": d0, "to": d1, "months": months,
        "Treasury growth": growth, "MBS run-off": runoff,
        "net new purchases (upper bound)": growth - reinvested_share * runoff,
        "Treasury growth, a month": growth / months,
        "MBS run-off, a month": runoff / months,
        "net new purchases, a month": (growth - reinvested_share * runoff) / months,
    })


def before_after(treasuries: pd.Series, mbs: pd.Series, start, split, end=None,
                 reinvested_share: float = 1.0) -> pd.DataFrame:
    """``net_pace`` before and after a split date (e.g. the mid-April 2026 guidance)."""
    return pd.DataFrame({
        "before": net_pace(treasuries, mbs, start, split, reinvested_share),
        "after": net_pace(treasuries, mbs, split, end, reinvested_share),
    }).T.infer_objects()


def rounded(frame: pd.DataFrame, decimals: int = 1) -> pd.DataFrame:
    """For display: numbers rounded, dates written YYYY-MM-DD (DataFrame.round skips and warns on dates)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].round(decimals)
    return out


# --- episodes compared -------------------------------------------------------------------

def episode_paces(treasuries: pd.Series, mbs: pd.Series, assets: pd.Series, episodes=EPISODES) -> pd.DataFrame:
    """Average monthly change of Treasuries, MBS, both, and total assets in each episode.

    MBS (and so "securities") is NaN where the MBS series has a gap at either end. The pace
    of securities is also given as a percentage of total assets at the episode's start.
    """
    rows = []
    for name, start, end in episodes:
        d0, a0 = level_or_nan(assets, start)
        d1, a1 = level_or_nan(assets, end)
        months = months_between(d0, d1)
        tsy = level_or_nan(treasuries, d1)[1] - level_or_nan(treasuries, d0)[1]
        mbs_change = level_or_nan(mbs, d1)[1] - level_or_nan(mbs, d0)[1]
        rows.append({"episode": name, "from": f"{d0:%Y-%m-%d}", "to": f"{d1:%Y-%m-%d}", "months": months,
                     "Treasuries a month": tsy / months, "MBS a month": mbs_change / months,
                     "securities a month": (tsy + mbs_change) / months,
                     "total assets a month": (a1 - a0) / months, "total assets at start": a0,
                     "securities a month, % of assets": 100 * (tsy + mbs_change) / months / a0,
                     "Treasuries a month, % of assets": 100 * tsy / months / a0,
                     "fastest four weeks, Treasuries": fastest_change(treasuries, d0, d1, 4)})
    return pd.DataFrame(rows).set_index("episode")


def fastest_change(series: pd.Series, start, end, weeks: int = 4) -> float:
    """Largest change over `weeks` consecutive weekly observations, both ends inside [start, end]."""
    window = series.loc[_when(start):_when(end)].dropna()
    return float(window.diff(weeks).max())


# --- where the asset growth went ---------------------------------------------------------

LIABILITY_SERIES = {"reserves": "WRESBAL", "currency": "WCURCIR", "TGA": "WDTGAL"}


def liability_levels() -> pd.DataFrame:
    """Total assets and three liabilities on WALCL's Wednesdays (billions of USD).

    "other" = assets minus the three: ON RRP, other deposits, capital, and the mismatch
    between WRESBAL (a week average) and the Wednesday levels of the rest. ON RRP is left in
    "other" because its daily series is sparse before 2013.
    """
    frame = identity.levels(tga=LIABILITY_SERIES["TGA"], rrp=None).rename(columns={"tga": "TGA"})
    return frame[["assets", *LIABILITY_SERIES, "other"]]


def with_other(frame: pd.DataFrame) -> pd.DataFrame:
    """'other' = assets minus the named liabilities (NaN unless every one is present)."""
    return identity.with_residual(frame.rename(columns={"TGA": "tga"})).rename(columns={"tga": "TGA"})


def mean_up_to(frame: pd.DataFrame, when, weeks: int = 4) -> pd.Series:
    """Mean of the last `weeks` complete rows on or before `when` (None = the latest)."""
    window = frame.loc[:None if when is None else _when(when)].dropna().tail(weeks)
    if len(window) < weeks:
        raise ValueError(f"fewer than {weeks} complete weeks up to {when}")
    return window.mean()


def averaged_change(frame: pd.DataFrame, start, end, weeks: int = 4) -> pd.Series:
    """Change between the means of the `weeks` observations up to `start` and up to `end`.

    Averaging damps the week-to-week swings of the TGA and of reserves around tax dates and
    month-ends; weeks=1 gives the plain change between two Wednesdays.
    """
    return mean_up_to(frame, end, weeks) - mean_up_to(frame, start, weeks)


def where_growth_went(frame: pd.DataFrame, episodes=EPISODES, weeks: int = 4) -> pd.DataFrame:
    """For each episode: the change in total assets and in each liability (billions of USD),
    the shares of the asset change that ended up in reserves and in currency + TGA, and the
    change in reserves relative to their level at the start (all on `weeks`-week averages)."""
    rows = {name: averaged_change(frame, start, end, weeks) for name, start, end in episodes}
    table = pd.DataFrame(rows).T
    table["reserves share of asset growth, %"] = 100 * table["reserves"] / table["assets"]
    table["currency + TGA share of asset growth, %"] = 100 * (table["currency"] + table["TGA"]) / table["assets"]
    start_reserves = pd.Series({name: mean_up_to(frame, start, weeks)["reserves"] for name, start, _ in episodes})
    table["reserves change, % of start level"] = 100 * table["reserves"] / start_reserves
    return table


# --- duration ----------------------------------------------------------------------------

def modified_duration(years: float, yield_pct: float, freq: int = 2) -> float:
    """Modified duration (years) of a par bond paying `freq` coupons a year at its yield.

    A maturity of one coupon period or less is treated as a zero-coupon bill, whose
    modified duration is years / (1 + y/freq). Longer maturities must be a whole number of
    coupon periods.
    """
    y = yield_pct / 100
    periods = years * freq
    if years <= 0:
        raise ValueError("maturity must be positive")
    if periods <= 1:
        return years / (1 + y / freq)
    if not math.isclose(periods, round(periods)):
        raise ValueError(f"{years} years is not a whole number of coupon periods")
    if y == 0:
        return years  # a zero coupon at a zero yield: the limit of the formula below
    macaulay = (1 + y / freq) / y * (1 - (1 + y / freq) ** -round(periods))
    return macaulay / (1 + y / freq)


def ten_year_equivalents(amount: float, years: float, yield_pct: float) -> float:
    """The amount of 10-year par notes with the same interest-rate risk as `amount` of `years` paper."""
    return amount * modified_duration(years, yield_pct) / modified_duration(10, yield_pct)


def duration_table(maturities, amount: float, yield_pct: float) -> pd.DataFrame:
    """Modified duration and 10-year equivalents of `amount` (billions) at each maturity."""
    return pd.DataFrame([{"maturity, years": m, "modified duration, years": modified_duration(m, yield_pct),
                          "10-year equivalents of the amount": ten_year_equivalents(amount, m, yield_pct)}
                         for m in maturities]).set_index("maturity, years")


# --- sources for the side-by-side table ---------------------------------------------------

def source_of(key: str) -> tuple[str, str]:
    """(source URL, quality mark) of an event or announced amount, by key."""
    for table in (events.events(), events.announced_amounts()):
        if key in table.index:
            return table.loc[key, "source"], table.loc[key, "quality"]
    raise KeyError(f"{key!r} is in neither data/events.csv nor data/policy_amounts.csv")


def with_sources(rows: list[dict]) -> pd.DataFrame:
    """Rows with a 'keys' list (event or amount keys) get a 'sources' column: "key [mark]; ...".

    An unknown key raises, so a table cannot cite a fact that is not in the shared tables.
    """
    out = []
    for row in rows:
        row = dict(row)
        keys = row.pop("keys")
        row["sources"] = "; ".join(f"{k} [{source_of(k)[1]}]" for k in keys) if keys else "computed below"
        out.append(row)
    return pd.DataFrame(out)
