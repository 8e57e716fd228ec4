"""Event windows, abnormal returns, placebo dates and the bootstrap, on positions in a return series.

Conventions (the chapter states them too):

- Returns are daily, one row per trading day of the benchmark market, in time order. Event day 0
  is the first row dated on or after the event date. A window ``(a, b)`` covers rows ``a`` to ``b``
  relative to day 0, both included: ``(-5, -1)`` is the five days before the event, ``(0, 5)`` the
  event day and five more.
- The cumulative return over a window is the **sum** of the daily simple returns in it (the usual
  event-study convention, which keeps abnormal returns additive).
- Abnormal return: ``asset - beta * benchmark`` with ``beta`` the OLS slope of asset on benchmark
  returns over an estimation window before the event (``model="beta"``, no intercept in the
  abnormal return: a pre-event drift is not projected forward), or ``asset - benchmark``
  (``model="market"``, beta fixed at 1).
- A window that runs off the data, or contains a missing return, gives NaN: nothing is filled.

Everything is vectorised over day-0 positions with cumulative sums, so thousands of placebo
dates cost about as much as one event.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WINDOWS = {"[-5,-1]": (-5, -1), "[0,+5]": (0, 5), "[0,+20]": (0, 20)}
ESTIMATION = (-130, -11)  # 120 trading days, ending two weeks before the event


def day_zero(dates: pd.DatetimeIndex, when) -> int | None:
    """Position of the first date on or after `when`, or None if the dates end before it."""
    pos = int(pd.DatetimeIndex(dates).searchsorted(pd.Timestamp(when), side="left"))
    return pos if pos < len(dates) else None


def _prefix(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative sums of the values (NaN as 0) and of the NaN count, each with a leading 0."""
    values = np.asarray(values, dtype=float)
    missing = np.isnan(values)
    sums = np.concatenate([[0.0], np.cumsum(np.where(missing, 0.0, values))])
    gaps = np.concatenate([[0], np.cumsum(missing)])
    return sums, gaps


def window_sums(values, positions, window) -> np.ndarray:
    """Sum of `values` over rows ``pos+a .. pos+b`` for each position; NaN if out of range or gappy."""
    a, b = window
    if a > b:
        raise ValueError(f"window start {a} is after its end {b}")
    positions = np.asarray(positions, dtype=int)
    sums, gaps = _prefix(values)
    lo, hi = positions + a, positions + b + 1
    ok = (lo >= 0) & (hi <= len(sums) - 1)
    lo_c, hi_c = np.clip(lo, 0, len(sums) - 1), np.clip(hi, 0, len(sums) - 1)
    total = sums[hi_c] - sums[lo_c]
    clean = (gaps[hi_c] - gaps[lo_c]) == 0
    return np.where(ok & clean, total, np.nan)


def pre_event_betas(asset, benchmark, positions, estimation=ESTIMATION) -> np.ndarray:
    """OLS slope of asset on benchmark returns over the estimation window before each position."""
    y, x = np.asarray(asset, dtype=float), np.asarray(benchmark, dtype=float)
    both = np.isnan(x) | np.isnan(y)
    x, y = np.where(both, np.nan, x), np.where(both, np.nan, y)
    n = estimation[1] - estimation[0] + 1
    sx, sy = window_sums(x, positions, estimation), window_sums(y, positions, estimation)
    sxy, sxx = window_sums(x * y, positions, estimation), window_sums(x * x, positions, estimation)
    var = sxx - sx * sx / n
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(var > 0, (sxy - sx * sy / n) / var, np.nan)


def abnormal_sums(asset, benchmark, positions, window, estimation=ESTIMATION, model: str = "beta") -> dict:
    """Raw, benchmark and abnormal cumulative returns over `window` for each day-0 position."""
    raw = window_sums(asset, positions, window)
    bench = window_sums(benchmark, positions, window)
    if model == "beta":
        betas = pre_event_betas(asset, benchmark, positions, estimation)
    elif model == "market":
        betas = np.ones(len(np.atleast_1d(positions)))
    else:
        raise ValueError(f"model must be 'beta' or 'market', not {model!r}")
    return {"raw": raw, "benchmark": bench, "beta": betas, "abnormal": raw - betas * bench}


def covered(n_rows: int, position: int | None, windows, estimation=ESTIMATION) -> bool:
    """Do the rows hold the estimation window and every event window around this day 0?"""
    if position is None:
        return False
    first = min([estimation[0]] + [w[0] for w in windows])
    last = max(w[1] for w in windows)
    return position + first >= 0 and position + last <= n_rows - 1


def eligible_positions(n_rows: int, windows, estimation=ESTIMATION, exclude=(), buffer: int = 20) -> np.ndarray:
    """Day-0 positions whose windows fit in the data and lie more than `buffer` rows from any event."""
    positions = np.array([p for p in range(n_rows) if covered(n_rows, p, windows, estimation)], dtype=int)
    for event in exclude:
        positions = positions[np.abs(positions - event) > buffer]
    return positions


def draw_placebos(eligible: np.ndarray, n: int, seed: int) -> np.ndarray:
    """`n` placebo day-0 positions, without replacement unless `n` exceeds the pool (fixed seed)."""
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(eligible, size=n, replace=n > len(eligible)))


def placebo_p(value: float, draws) -> float:
    """Two-sided placebo p-value: twice the smaller tail share of draws at or beyond `value`.

    Tails are measured within the placebo distribution itself, so a distribution not centred on
    zero (crypto drifting against stocks, say) is handled without assuming a centre.
    """
    draws = np.asarray(draws, dtype=float)
    draws = draws[~np.isnan(draws)]
    if np.isnan(value) or draws.size == 0:
        return float("nan")
    return float(min(1.0, 2.0 * min(np.mean(draws <= value), np.mean(draws >= value))))


def percentile_rank(value: float, draws) -> float:
    """Percent of placebo draws below `value`."""
    draws = np.asarray(draws, dtype=float)
    draws = draws[~np.isnan(draws)]
    return float(100.0 * np.mean(draws < value)) if draws.size else float("nan")


def placebo_means(pools, n: int, seed: int) -> np.ndarray:
    """Means of one draw from each pool, `n` times: the placebo distribution of an average over events.

    Pass one pool of placebo statistics per event (for instance, each drawn from the event's own
    venue and period), so every replicate mimics the real set of events.
    """
    rng = np.random.default_rng(seed)
    cols = [np.asarray(p, dtype=float)[~np.isnan(np.asarray(p, dtype=float))] for p in pools]
    picks = np.column_stack([c[rng.integers(0, len(c), size=n)] for c in cols])
    return picks.mean(axis=1)


def bootstrap_mean_ci(values, n: int = 2000, seed: int = 0, level: float = 0.90) -> tuple[float, float]:
    """Percentile bootstrap interval for the mean of a few values (resampled with replacement)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, values.size, size=(n, values.size))].mean(axis=1)
    tail = (1.0 - level) / 2.0
    return float(np.quantile(means, tail)), float(np.quantile(means, 1.0 - tail))


def event_table(returns: pd.DataFrame, benchmark: pd.Series, event_dates: pd.Series, windows=None,
                estimation=ESTIMATION, model: str = "beta") -> pd.DataFrame:
    """One row per event, column and window: day 0, raw, benchmark and abnormal sums, beta.

    `returns` (one column per asset) and `benchmark` are on the same trading-day index.
    Events whose windows the rows do not cover are left out (see `coverage`).
    """
    windows = windows or WINDOWS
    index = returns.index
    rows = []
    for key, when in event_dates.items():
        pos = day_zero(index, when)
        if not covered(len(index), pos, windows.values(), estimation):
            continue
        for col in returns:
            for name, window in windows.items():
                res = abnormal_sums(returns[col].to_numpy(), benchmark.to_numpy(), [pos], window, estimation, model)
                rows.append({"event": key, "date": pd.Timestamp(when), "day 0": index[pos], "asset": col,
                             "window": name, **{k: float(v[0]) for k, v in res.items()}})
    return pd.DataFrame(rows)


def placebo_draws(returns: pd.DataFrame, benchmark: pd.Series, exclude_dates, n: int, seed: int,
                  windows=None, estimation=ESTIMATION, model: str = "beta", buffer: int = 20) -> pd.DataFrame:
    """The event statistics on `n` random non-event days 0 (the same days for every asset and window).

    Placebo days 0 are drawn (fixed seed) from the rows where the estimation window and every event
    window fit, more than `buffer` rows away from each date in `exclude_dates`.
    Returns one row per draw, asset and window, with the day 0 and the abnormal sum.
    """
    windows = windows or WINDOWS
    index = returns.index
    avoid = [p for p in (day_zero(index, d) for d in exclude_dates) if p is not None]
    pool = eligible_positions(len(index), windows.values(), estimation, avoid, buffer)
    picks = draw_placebos(pool, n, seed)
    frames = []
    for col in returns:
        for name, window in windows.items():
            res = abnormal_sums(returns[col].to_numpy(), benchmark.to_numpy(), picks, window, estimation, model)
            frames.append(pd.DataFrame({"asset": col, "window": name, "day 0": index[picks],
                                        "abnormal": res["abnormal"]}))
    out = pd.concat(frames, ignore_index=True)
    out.attrs["pool"] = len(pool)
    return out


def with_placebo_stats(table: pd.DataFrame, draws: pd.DataFrame, by=("asset", "window")) -> pd.DataFrame:
    """Add each event row's placebo percentile and two-sided placebo p-value (matched on `by`)."""
    groups = {key: grp["abnormal"].to_numpy() for key, grp in draws.groupby(list(by))}
    keys = list(table[list(by)].itertuples(index=False, name=None))
    out = table.copy()
    out["placebo pct"] = [percentile_rank(v, groups[k]) for v, k in zip(table["abnormal"], keys)]
    out["placebo p"] = [placebo_p(v, groups[k]) for v, k in zip(table["abnormal"], keys)]
    return out


def _pools(draws: pd.DataFrame, pool_by: str) -> dict:
    return {key: grp.to_numpy() for key, grp in draws.groupby([pool_by, "asset", "window"])["abnormal"]}


def placebo_mean_draws(table: pd.DataFrame, draws: pd.DataFrame, n: int = 2000, seed: int = 0,
                       pool_by: str = "venue", pools: dict | None = None) -> np.ndarray:
    """Placebo distribution of the mean over the events in `table` (one asset and window).

    Each replicate takes one placebo value per event from that event's own pool (same `pool_by`
    value, asset and window), so the placebo average mixes venues exactly as the events do.
    """
    pools = pools if pools is not None else _pools(draws, pool_by)
    keys = table[[pool_by, "asset", "window"]].itertuples(index=False, name=None)
    return placebo_means([pools[k] for k in keys], n, seed)


def average_vs_placebo(table: pd.DataFrame, draws: pd.DataFrame, n: int = 2000, seed: int = 0,
                       pool_by: str = "venue") -> pd.DataFrame:
    """Mean abnormal sum over events, per asset and window, against matched placebo means."""
    pools = _pools(draws, pool_by)
    rows = []
    for (asset, window), grp in table.groupby(["asset", "window"], sort=False):
        means = placebo_mean_draws(grp, draws, n, seed, pool_by, pools)
        mean = float(grp["abnormal"].mean())
        rows.append({"asset": asset, "window": window, "events": len(grp), "mean abnormal": mean,
                     "placebo 5%": float(np.quantile(means, 0.05)), "placebo 95%": float(np.quantile(means, 0.95)),
                     "placebo p": placebo_p(mean, means)})
    return pd.DataFrame(rows)


def coverage(index: pd.DatetimeIndex, event_dates: pd.Series, windows=None, estimation=ESTIMATION) -> pd.DataFrame:
    """For each event: day 0 in these rows (if any) and whether all windows fit, with the reason."""
    windows = list((windows or WINDOWS).values())
    first_needed = min([estimation[0]] + [w[0] for w in windows])
    last_needed = max(w[1] for w in windows)
    rows = []
    for key, when in event_dates.items():
        pos = day_zero(index, when)
        if pos is None:
            reason = f"data end {index[-1]:%Y-%m-%d}, before the event"
        elif pos + first_needed < 0:
            reason = f"data start {index[0]:%Y-%m-%d}: fewer than {-first_needed} trading days before day 0"
        elif pos + last_needed > len(index) - 1:
            reason = f"data end {index[-1]:%Y-%m-%d}: fewer than {last_needed} trading days after day 0"
        else:
            reason = ""
        rows.append({"event": key, "date": pd.Timestamp(when), "day 0": index[pos] if pos is not None else pd.NaT,
                     "covered": reason == "", "reason": reason})
    return pd.DataFrame(rows)


def choose_sources(coverages: dict) -> pd.DataFrame:
    """One row per event: the first source (in the dict's order of preference) that covers it, or why none does.

    `coverages` maps a source name to the output of `coverage` for the same events.
    """
    rows = []
    names = list(coverages)
    for i, key in enumerate(coverages[names[0]]["event"]):
        options = {name: cov.iloc[i] for name, cov in coverages.items()}
        chosen = next((name for name, row in options.items() if row["covered"]), None)
        first = options[names[0]]
        if chosen:
            row = options[chosen]
            rows.append({"event": key, "date": row["date"], "source": chosen, "day 0": row["day 0"], "reason": ""})
        else:
            why = "; ".join(f"{name}: {row['reason']}" for name, row in options.items())
            rows.append({"event": key, "date": first["date"], "source": "skipped", "day 0": pd.NaT, "reason": why})
    return pd.DataFrame(rows)
