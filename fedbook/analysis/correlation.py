"""Correlation studies between a weekly balance-sheet measure and market prices.

The balance-sheet side (e.g. net liquidity) is a Wednesday series; prices are daily. The
helpers here put prices on the same Wednesdays (the last close on or before each one,
never a later price), turn levels into changes without bridging gaps, and measure
correlation three ways (levels, changes, log changes), by subperiod, with leads and lags.

They also carry the honest-statistics part of the story: an effective sample size for
autocorrelated series, a Fisher-z interval, and a block-permutation null distribution
built by reshuffling *real* returns (nothing is simulated).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..data import events

CHANGE_KINDS = ("diff", "simple", "log")


def sample_on(prices: pd.Series, dates, max_age_days: int = 3) -> pd.Series:
    """The last observation on or before each date, if it is at most `max_age_days` old.

    Never looks ahead: a Wednesday holiday takes Tuesday's close, not Thursday's. Dates
    with no observation in the window stay NaN (no filling across longer gaps).
    """
    dates = pd.DatetimeIndex(dates)
    clean = prices.dropna().sort_index()
    position = clean.index.searchsorted(dates, side="right") - 1
    found = position >= 0
    used = pd.Series(pd.NaT, index=dates, dtype="datetime64[ns]")
    used[found] = clean.index[position[found]]
    values = pd.Series(np.nan, index=dates, name=prices.name)
    values[found] = clean.to_numpy()[position[found]]
    too_old = (dates - used.to_numpy()) > pd.Timedelta(days=max_age_days)
    values[too_old] = np.nan
    return values


def sample_age_days(prices: pd.Series, dates) -> pd.Series:
    """Days between each date and the observation `sample_on` would use (0 = same day)."""
    dates = pd.DatetimeIndex(dates)
    clean = prices.dropna().sort_index()
    position = clean.index.searchsorted(dates, side="right") - 1
    ages = pd.Series(np.nan, index=dates, name="age (days)")
    ok = position >= 0
    ages[ok] = (dates[ok] - clean.index[position[ok]]).days
    return ages


def changes(series: pd.Series, kind: str = "diff") -> pd.Series:
    """Period-to-period changes on the series' own (regular) calendar; a gap stays a gap.

    kind: "diff" (in the series' unit), "simple" (fraction) or "log" (log difference).
    The series should be on a regular calendar (every Wednesday, NaN where missing), so
    a missing week yields NaN rather than a silent two-week change.
    """
    if kind == "diff":
        out = series.diff()
    elif kind == "simple":
        out = series / series.shift(1) - 1.0
    elif kind == "log":
        out = np.log(series).diff()
    else:
        raise ValueError(f"kind must be one of {CHANGE_KINDS}, not {kind!r}")
    return out.iloc[1:]


def pair_correlation(x: pd.Series, y: pd.Series, start=None, end=None) -> tuple[float, int]:
    """Pearson correlation on the dates both have (within start..end) and the count used."""
    frame = pd.concat([x, y], axis=1, join="inner").loc[start:end].dropna()
    if len(frame) < 3:
        return float("nan"), len(frame)
    return float(frame.iloc[:, 0].corr(frame.iloc[:, 1])), len(frame)


def subperiods(last=None) -> dict[str, tuple]:
    """The book's subperiods, with QT-era boundaries taken from the dated event table.

    Keys -> (start, end) as Timestamps (end inclusive); None means open-ended.
    """
    qt_start, qt_end = events.event_date("qt_start"), events.event_date("qt_end")
    day = pd.Timedelta(days=1)
    return {
        "2016-19": (pd.Timestamp("2016-01-01"), pd.Timestamp("2019-12-31")),
        "2020-22": (pd.Timestamp("2020-01-01"), qt_start - day),
        "2022-25": (qt_start, qt_end - day),
        "2025-26": (qt_end, None if last is None else pd.Timestamp(last)),
    }


def correlation_summary(driver: pd.Series, prices: pd.Series, periods: dict | None = None) -> pd.DataFrame:
    """Correlation of `driver` with `prices` in levels, changes and log changes, by period.

    Both series on the same regular weekly calendar. "changes" pairs the driver's change
    in its own unit with the simple return of prices; "log changes" pairs log changes of
    both. Changes are computed on the whole series first, so a period's first change
    starts from the last level before the period.
    """
    periods = {"full sample": (None, None), **(periods or {})}
    d_diff, d_log = changes(driver, "diff"), changes(driver, "log")
    p_simple, p_log = changes(prices, "simple"), changes(prices, "log")
    rows = {}
    for label, (start, end) in periods.items():
        r_level, n_level = pair_correlation(driver, prices, start, end)
        r_change, n_change = pair_correlation(d_diff, p_simple, start, end)
        r_log, _ = pair_correlation(d_log, p_log, start, end)
        common = pd.concat([d_diff, p_simple], axis=1).loc[start:end].dropna()
        rows[label] = {"from": common.index.min(), "to": common.index.max(), "weeks": n_change,
                       "levels": r_level, "changes": r_change, "log changes": r_log,
                       "levels n": n_level}
    table = pd.DataFrame(rows).T
    for col in ("levels", "changes", "log changes"):
        table[col] = table[col].astype(float)
    table[["weeks", "levels n"]] = table[["weeks", "levels n"]].astype(int)
    return table


def lead_lag(driver_changes: pd.Series, returns: pd.Series, lags=range(0, 5), start=None,
             end=None) -> pd.DataFrame:
    """corr(driver change in week t, return in week t + lag) for each lag (in observations).

    A positive lag means the driver *leads*: this week's change is paired with the return
    `lag` weeks later. Both series on the same regular weekly calendar.
    """
    rows = []
    for lag in lags:
        r, n = pair_correlation(driver_changes.shift(lag), returns, start, end)
        rows.append({"lag (weeks)": lag, "correlation": r, "weeks": n,
                     "band (±2/√n)": 2 / math.sqrt(n) if n else float("nan")})
    return pd.DataFrame(rows).set_index("lag (weeks)")


def autocorrelation(values: np.ndarray, max_lag: int) -> np.ndarray:
    """Sample autocorrelations at lags 1..max_lag (the standard, biased estimator)."""
    x = np.asarray(values, dtype=float)
    x = x - x.mean()
    denom = float(np.dot(x, x))
    if denom == 0.0:
        raise ValueError("a constant series has no autocorrelation")
    return np.array([np.dot(x[:-k], x[k:]) / denom for k in range(1, max_lag + 1)])


def effective_sample_size(x: pd.Series, y: pd.Series, max_lag: int | None = None) -> float:
    """How many independent observations a correlation of two autocorrelated series is worth.

    N_eff = N / (1 + 2 * sum_k rho_x(k) rho_y(k)), k = 1..max_lag (Bartlett's formula, as
    used by Bretherton et al. 1999). Default max_lag: N // 4. Clipped to [2, N]. Trending
    levels have autocorrelations near one, so N_eff collapses to a handful; independent
    weekly returns keep N_eff close to N.
    """
    frame = pd.concat([x, y], axis=1, join="inner").dropna()
    n = len(frame)
    if n < 8:
        raise ValueError("need at least 8 common observations")
    max_lag = max_lag or n // 4
    rho_x = autocorrelation(frame.iloc[:, 0].to_numpy(), max_lag)
    rho_y = autocorrelation(frame.iloc[:, 1].to_numpy(), max_lag)
    n_eff = n / (1.0 + 2.0 * float(np.sum(rho_x * rho_y)))
    return float(min(max(n_eff, 2.0), n))


def fisher_interval(r: float, n: float, z: float = 1.96) -> tuple[float, float]:
    """Approximate 95% interval for a correlation r from n independent pairs (Fisher z)."""
    if n <= 3:
        return (-1.0, 1.0)
    half = z / math.sqrt(n - 3)
    centre = math.atanh(max(min(r, 0.999999), -0.999999))
    return (math.tanh(centre - half), math.tanh(centre + half))


def p_value_zero(r: float, n: float) -> float:
    """Two-sided p-value of r under 'no correlation' with n independent pairs (Fisher z, normal)."""
    if n <= 3:
        return 1.0
    stat = abs(math.atanh(max(min(r, 0.999999), -0.999999))) * math.sqrt(n - 3)
    return math.erfc(stat / math.sqrt(2.0))


def block_permutation_null(x: pd.Series, y: pd.Series, block: int = 4, draws: int = 2000,
                           seed: int = 0) -> np.ndarray:
    """Correlations of x with y after shuffling y in blocks of `block` consecutive values.

    Keeps each series' real values and short-run dependence but breaks any link between
    their timing: the spread of these correlations is what chance alone produces. Only
    whole blocks are used (the remainder at the end is dropped from both series).
    Deterministic for a given seed.
    """
    frame = pd.concat([x, y], axis=1, join="inner").dropna()
    n_blocks = len(frame) // block
    if n_blocks < 2:
        raise ValueError("need at least two blocks")
    used = n_blocks * block
    xs = frame.iloc[:used, 0].to_numpy()
    ys = frame.iloc[:used, 1].to_numpy().reshape(n_blocks, block)
    rng = np.random.default_rng(seed)
    order = np.argsort(rng.random((draws, n_blocks)), axis=1)
    shuffled = ys[order].reshape(draws, used)
    xc = (xs - xs.mean()) / xs.std()
    yc = (shuffled - shuffled.mean(axis=1, keepdims=True)) / shuffled.std(axis=1, keepdims=True)
    return yc @ xc / used


def share_outside(values: pd.Series, band: float) -> float:
    """Fraction of values with |value| > band."""
    clean = values.dropna()
    return float((clean.abs() > band).mean()) if len(clean) else float("nan")


def variance_shares(components: pd.DataFrame, signs: dict | None = None) -> pd.Series:
    """Share of the variance of weekly changes in a sum that each signed part accounts for.

    For total = sum_i s_i * part_i, var(d total) = sum_i cov(s_i * d part_i, d total), so
    the shares cov(s_i * d part_i, d total) / var(d total) add up to one. Default signs
    are those of net liquidity: assets +, tga -, rrp -. Uses weeks where all parts exist.
    """
    signs = signs or {"assets": 1.0, "tga": -1.0, "rrp": -1.0}
    signed = pd.DataFrame({name: sign * components[name] for name, sign in signs.items()})
    steps = signed.diff().dropna()
    total = steps.sum(axis=1)
    return (steps.apply(lambda part: part.cov(total)) / total.var()).rename("share of variance")


def evidence_table(driver: pd.Series, prices: dict[str, pd.Series], periods: dict | None = None) -> pd.DataFrame:
    """Levels and weekly-change correlations side by side, each with an honest 95% range.

    One row per (asset, period). The ranges use the effective sample size of the pair
    being correlated (levels: a handful; changes: close to the number of weeks), so a
    high level correlation built on a few independent swings shows a wide range.
    """
    rows = []
    for name, price in prices.items():
        summary = correlation_summary(driver, price, periods)
        d_change, p_change = changes(driver, "diff"), changes(price, "simple")
        for period, row in summary.iterrows():
            start, end = (None, None) if period == "full sample" else periods[period]
            n_lev = effective_sample_size(driver.loc[start:end], price.loc[start:end])
            n_chg = effective_sample_size(d_change.loc[start:end], p_change.loc[start:end])
            lev_lo, lev_hi = fisher_interval(row["levels"], n_lev)
            chg_lo, chg_hi = fisher_interval(row["changes"], n_chg)
            rows.append({"asset": name, "period": period, "weeks": row["weeks"],
                         "levels": row["levels"], "levels N_eff": n_lev, "levels lo": lev_lo,
                         "levels hi": lev_hi, "changes": row["changes"], "changes N_eff": n_chg,
                         "changes lo": chg_lo, "changes hi": chg_hi, "log changes": row["log changes"]})
    return pd.DataFrame(rows).set_index(["asset", "period"])
