"""Money-market spreads against the Fed's administered rates, aligned to weekly reserves.

Units: rates in percent (as published), spreads in basis points (1 bp = 0.01 percentage
point), money stocks in billions of USD (as `fedbook.load` returns them).

Measurement choices, stated once here and in the chapter:

- A daily spread exists only on days when both rates are published. IORB and the target
  range are calendar-day series, SOFR and EFFR business-day series, so spreads live on
  business days. Nothing is filled or interpolated.
- Reserves (`WRESBAL`) are a week average for the week ending Wednesday (Thursday to
  Wednesday). Daily spreads are put on the same weeks by averaging the business days of
  that Thursday-to-Wednesday week (or, as an alternative, by taking the week's last
  business day, normally the Wednesday).
- IORB starts on 2021-07-29 and the target range (`DFEDTARU`/`DFEDTARL`) on 2021-05-23 in
  the snapshot; interest on excess reserves (IOER, IORB's predecessor) is not in it.
  Spreads to IORB therefore start in July 2021; earlier weeks are left empty.
- Reserves relative to GDP (``reserves_to_gdp``): the quarter's average of weekly reserves
  (billions) over nominal GDP (billions, seasonally adjusted annual rate, dated at the
  quarter's first day), in percent. A stock over a year's output: a scale, not a threshold the
  Fed states. GDP is one later vintage (BEA revises it), so ratios for past quarters are not
  what anyone could compute in real time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data
from . import levels as lv

BP_PER_PERCENTAGE_POINT = 100.0

# Periods for colouring weekly observations (name, first day, last day). The first starts
# with SOFR (2018-04-03); 2021-22 starts with IORB (2021-07-29).
PERIODS = (
    ("2018–19", "2018-04-03", "2019-12-31"),
    ("2021–22", "2021-07-29", "2022-12-31"),
    ("2025", "2025-01-01", "2025-12-31"),
    ("2026", "2026-01-01", "2026-12-31"),
)
OTHER = "other weeks"


def spread_bp(rate: pd.Series, reference: pd.Series, name: str | None = None) -> pd.Series:
    """`rate` minus `reference` in basis points, on the dates where both are observed.

    Rates are published to two decimals, so the result is rounded to 1e-6 bp to remove
    floating-point noise (4.51 - 4.40 should count as 11 bp, not 10.999999).
    """
    both = pd.concat([rate, reference], axis=1, join="inner").dropna()
    diff = (both.iloc[:, 0] - both.iloc[:, 1]) * BP_PER_PERCENTAGE_POINT
    return diff.round(6).rename(name)


def daily_rates(start=None, end=None) -> pd.DataFrame:
    """SOFR, EFFR, IORB and the target range (percent) on the business days SOFR or EFFR is published.

    IORB, top and bottom are NaN before they exist in the snapshot (2021-07-29 and
    2021-05-23); the frame starts when SOFR does (2018-04-03) unless `start` is given.
    """
    sofr, effr = data.load("SOFR"), data.load("EFFR")
    days = sofr.index.union(effr.index[effr.index >= sofr.index.min()])
    frame = pd.DataFrame({
        "SOFR": sofr, "EFFR": effr, "IORB": data.load("IORB"),
        "top": data.load("DFEDTARU"), "bottom": data.load("DFEDTARL"),
    }).reindex(days)
    return frame.loc[start:end]


def daily_spreads(rates: pd.DataFrame) -> pd.DataFrame:
    """SOFR − IORB, EFFR − IORB, SOFR − EFFR and SOFR − top of range, in basis points."""
    return pd.DataFrame({
        "SOFR − IORB": spread_bp(rates["SOFR"], rates["IORB"]),
        "EFFR − IORB": spread_bp(rates["EFFR"], rates["IORB"]),
        "SOFR − EFFR": spread_bp(rates["SOFR"], rates["EFFR"]),
        "SOFR − top": spread_bp(rates["SOFR"], rates["top"]),
    }).reindex(rates.index)


def to_weeks(daily: pd.Series, how: str = "mean", week_ending: str = "WED", min_days: int = 3) -> pd.Series:
    """Daily observations summarised by week, each week labelled by its last day.

    A week ending Wednesday runs Thursday to Wednesday, the week of `WRESBAL`.
    how="mean": the average of the business days observed in the week (each day weighs the
    same; weekends are not counted). how="last": the week's last observation (normally the
    Wednesday). Weeks with fewer than `min_days` observations are NaN (holiday weeks still
    count; the partial first week of a series does not).
    """
    if how not in ("mean", "last"):
        raise ValueError(f"how must be 'mean' or 'last', not {how!r}")
    weeks = daily.dropna().resample(f"W-{week_ending}", closed="right", label="right")
    summary = weeks.mean() if how == "mean" else weeks.last()
    return summary.where(weeks.count() >= min_days)


def align_to_reserves(spreads: pd.DataFrame, reserves: pd.Series, how: str = "mean",
                      min_days: int = 3) -> pd.DataFrame:
    """Weekly spreads (weeks ending Wednesday) next to the week-average reserves of the same week."""
    weekly = pd.DataFrame({col: to_weeks(spreads[col], how=how, min_days=min_days) for col in spreads})
    joined = weekly.join(reserves.rename("reserves"), how="inner")
    return joined.dropna(subset=["reserves"])


def label_periods(index: pd.DatetimeIndex, periods=PERIODS, other: str = OTHER) -> pd.Series:
    """The name of the period each date falls in, `other` outside every period."""
    labels = pd.Series(other, index=index, dtype=object)
    for name, first, last in periods:
        labels[(index >= pd.Timestamp(first)) & (index <= pd.Timestamp(last))] = name
    return labels


def period_slopes(weekly: pd.DataFrame, spread: str, periods=PERIODS, per: float = 100.0) -> pd.DataFrame:
    """Within each period: weeks, reserves range, mean spread and the least-squares slope.

    The slope is in basis points per `per` billion dollars of reserves (default $100B). It
    describes how the two moved together; it is not a causal estimate of reserve demand
    (reserves and spreads both respond to tax dates, TGA swings and policy).
    """
    rows = []
    labels = label_periods(weekly.index, periods)
    for name, _first, _last in periods:
        window = weekly[labels == name].dropna(subset=[spread, "reserves"])
        slope = np.polyfit(window["reserves"] / per, window[spread], 1)[0] if len(window) >= 3 else np.nan
        rows.append({"period": name, "weeks": len(window),
                     "reserves min": window["reserves"].min(), "reserves max": window["reserves"].max(),
                     "mean spread": window[spread].mean(), "slope": slope})
    return pd.DataFrame(rows).set_index("period")


def binned_median(weekly: pd.DataFrame, spread: str, width: float = 250.0) -> pd.DataFrame:
    """Median weekly spread within bins of reserves `width` billion dollars wide.

    Bins are [k*width, (k+1)*width); only bins with observations are returned.
    """
    window = weekly.dropna(subset=[spread, "reserves"])
    lower = np.floor(window["reserves"] / width) * width
    grouped = window[spread].groupby(lower)
    table = pd.DataFrame({"weeks": grouped.size(), "median spread": grouped.median()})
    table.index.name = "reserves from"
    table.insert(0, "reserves to", table.index + width)
    return table


def readings_on(rates: pd.DataFrame, dates) -> pd.DataFrame:
    """SOFR, its one-day change, EFFR, IORB, the top of the range and the spreads on given days.

    Each date must be a day with a SOFR observation (an error otherwise: an event date
    that is not a business day should be corrected, not silently moved).
    """
    sofr = rates["SOFR"].dropna()
    rows = []
    for when in pd.to_datetime(list(dates)):
        if when not in sofr.index:
            raise KeyError(f"no SOFR observation on {when:%Y-%m-%d}")
        prev_day = sofr.index[sofr.index.get_loc(when) - 1]
        row = rates.loc[when]
        rows.append({
            "date": when, "SOFR": row["SOFR"], "SOFR day before": sofr[prev_day],
            "SOFR change (bp)": round((row["SOFR"] - sofr[prev_day]) * BP_PER_PERCENTAGE_POINT, 6),
            "EFFR": row["EFFR"], "IORB": row["IORB"], "top": row["top"],
            "SOFR − IORB (bp)": round((row["SOFR"] - row["IORB"]) * BP_PER_PERCENTAGE_POINT, 6),
            "SOFR − top (bp)": round((row["SOFR"] - row["top"]) * BP_PER_PERCENTAGE_POINT, 6),
            "EFFR − IORB (bp)": round((row["EFFR"] - row["IORB"]) * BP_PER_PERCENTAGE_POINT, 6),
        })
    return pd.DataFrame(rows).set_index("date")


def monthly_signals(rates: pd.DataFrame, threshold_bp: float = 0.0) -> pd.DataFrame:
    """Month by month, the warning signals an analyst can compute from daily rates.

    Counted over days with both SOFR and IORB: the number of days, the days SOFR was more
    than `threshold_bp` above IORB, the days SOFR was above the top of the target range,
    the share of such days (percent), and mean SOFR − IORB and EFFR − IORB (bp). A month
    whose data stop early is a partial month: compare shares, not counts.
    """
    spreads = daily_spreads(rates)
    days = spreads.dropna(subset=["SOFR − IORB"])
    month = days.index.to_period("M")
    grouped = days.groupby(month)
    table = pd.DataFrame({
        "days": grouped.size(),
        "days SOFR > IORB + threshold": (days["SOFR − IORB"] > threshold_bp).groupby(month).sum(),
        "days SOFR > top": (days["SOFR − top"] > 0).groupby(month).sum(),
        "mean SOFR − IORB (bp)": grouped["SOFR − IORB"].mean(),
        "max SOFR − IORB (bp)": grouped["SOFR − IORB"].max(),
        "mean EFFR − IORB (bp)": grouped["EFFR − IORB"].mean(),
    })
    table.insert(2, "share above IORB + threshold (%)", 100 * table["days SOFR > IORB + threshold"] / table["days"])
    table.insert(4, "share above top (%)", 100 * table["days SOFR > top"] / table["days"])
    table.attrs["threshold_bp"] = threshold_bp
    return table


def absorption(levels: dict, total: str, start, end) -> pd.DataFrame:
    """How the change in `total` between two dates split across the other items in `levels`.

    `levels` maps names to series in the same unit. The dates are read on `total`'s
    calendar (the last observation on or before `start` and `end`: for WALCL, a Wednesday);
    every other item is read on or before those same days, and the day used is reported.
    The row "other (residual)" is total change minus the items' changes: everything not in
    `levels`, plus any difference in measurement basis. Shares are percent of the total change.
    """
    d0, _ = lv.level_on(levels[total], start)
    d1, _ = lv.level_on(levels[total], end)
    rows = {}
    for name, series in levels.items():
        read0, v0 = lv.level_on(series, d0)
        read1, v1 = lv.level_on(series, d1)
        rows[name] = {"read from": f"{read0:%Y-%m-%d}", "read to": f"{read1:%Y-%m-%d}",
                      "start": v0, "end": v1, "change": v1 - v0}
    table = pd.DataFrame.from_dict(rows, orient="index")
    items = table.drop(index=total)
    residual = table.loc[total, "change"] - items["change"].sum()
    table.loc["other (residual)", ["change", "read from", "read to"]] = [residual, f"{d0:%Y-%m-%d}", f"{d1:%Y-%m-%d}"]
    table["share of total change (%)"] = 100 * table["change"] / table.loc[total, "change"]
    return table


def reserves_to_gdp(min_weeks: int = 12) -> pd.Series:
    """Reserves as a percent of nominal GDP, by quarter (index: the quarter's first day).

    Quarters with fewer than `min_weeks` weekly reserve readings (the current quarter) and
    quarters without GDP are left out, not filled.
    """
    reserves = data.load("WRESBAL")
    quarter = reserves.index.to_period("Q").start_time
    by_quarter = reserves.groupby(quarter).agg(["mean", "count"])
    complete = by_quarter.loc[by_quarter["count"] >= min_weeks, "mean"]
    both = pd.concat([complete, data.load("GDP")], axis=1, join="inner").dropna()
    return (100.0 * both.iloc[:, 0] / both.iloc[:, 1]).rename("reserves, % of GDP")
