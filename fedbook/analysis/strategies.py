"""Historical simulations of simple crypto position rules, over many start dates.

Teaching material on risk, not advice. Each simulation buys with 1 unit of capital at the
daily close of a start date and follows the position for a fixed horizon (365 calendar
days by default) on real daily closes. Start dates are spaced `step` days apart, so the
windows overlap: outcomes from neighbouring start dates are not independent draws.

Strategies (all pay a proportional cost on every trade, default 0.1%):

- ``lump sum``: buy everything at the first close and hold.
- ``DCA n days``: buy 1/n of the capital at each of the first n daily closes; the rest
  waits in cash (earning nothing) until invested.
- ``ladder``: buy everything at the first close, then sell fixed fractions of the initial
  position at the first close at or above each take-profit level, and after the first
  take-profit trail a stop on the rest: sell all that remains at the first close that is
  `trailing_stop` or more below the running high close. Proceeds stay in cash.

Everything runs on daily closes: a take-profit or stop is executed at the close that
crosses it, not at the exact level (intraday prices are not in the snapshot).

Risk is defined before computing, per start date, on the daily value of the whole
account (coins plus cash): the maximum drawdown (worst fall from a running peak), the
annualised volatility and downside deviation of daily account returns, and whether the
final value is below the capital put in (a loss).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

COST = 0.001  # proportional cost per trade (0.1%): fee plus spread, a round figure for teaching
HORIZON_DAYS = 365
STEP_DAYS = 7
DAYS_PER_YEAR = 365  # crypto trades every calendar day
TIE = 1e-12  # drawdowns closer than this are the same drawdown (floating-point noise)


@dataclass(frozen=True)
class LadderRule:
    """Take profits at fixed gains, then a trailing stop on what remains.

    take_profits: (gain over the entry price, fraction of the initial position sold).
    trailing_stop: sell the rest at the first close this fraction below the running high,
    once the first take-profit has executed.
    """

    take_profits: tuple[tuple[float, float], ...] = ((0.20, 0.25), (0.50, 0.25))
    trailing_stop: float = 0.20

    def __post_init__(self):
        gains = [g for g, _ in self.take_profits]
        if gains != sorted(gains) or any(g <= 0 for g in gains):
            raise ValueError("take-profit gains must be positive and increasing")
        if sum(f for _, f in self.take_profits) > 1 or any(f <= 0 for _, f in self.take_profits):
            raise ValueError("take-profit fractions must be positive and sum to at most 1")
        if not 0 < self.trailing_stop < 1:
            raise ValueError("trailing_stop must be between 0 and 1")

    def describe(self) -> str:
        steps = ", ".join(f"sell {f:.0%} at +{g:.0%}" for g, f in self.take_profits)
        return f"{steps}; then a trailing stop {self.trailing_stop:.0%} below the running high"


def daily_windows(prices: pd.Series, horizon: int = HORIZON_DAYS, step: int = STEP_DAYS):
    """Start dates and a (starts x horizon+1) matrix of closes relative to the start close.

    The series is put on a daily calendar; a window that contains a missing day is dropped
    (gaps are never filled). Returns (start_dates, relative_prices, n_dropped).
    """
    clean = prices.dropna()
    daily = clean.reindex(pd.date_range(clean.index[0], clean.index[-1], freq="D"))
    values = daily.to_numpy(dtype=float)
    if len(values) <= horizon:
        raise ValueError(f"{prices.name}: fewer than {horizon + 1} days of prices")
    all_windows = np.lib.stride_tricks.sliding_window_view(values, horizon + 1)[::step]
    starts = daily.index[: len(values) - horizon][::step]
    complete = ~np.isnan(all_windows).any(axis=1)
    rel = all_windows[complete] / all_windows[complete, :1]
    return starts[complete], rel, int((~complete).sum())


def _first_true(mask: np.ndarray) -> np.ndarray:
    """Index of the first True in each row; the row length if there is none."""
    return np.where(mask.any(axis=1), mask.argmax(axis=1), mask.shape[1])


def lump_sum(rel: np.ndarray, cost: float = COST) -> np.ndarray:
    """Account value per unit of capital: all bought at the first close."""
    return (1.0 - cost) * rel


def dca(rel: np.ndarray, days: int, cost: float = COST) -> np.ndarray:
    """Buy 1/days of the capital at each of the first `days` closes; cash waits uninvested."""
    if not 1 <= days <= rel.shape[1]:
        raise ValueError("days must be between 1 and the window length")
    n_days = rel.shape[1]
    t = np.arange(n_days)
    bought = np.zeros_like(rel)
    bought[:, :days] = (1.0 - cost) / days / rel[:, :days]  # units bought each day
    units = np.cumsum(bought, axis=1)
    cash = 1.0 - np.minimum(t + 1, days) / days
    return units * rel + cash


def ladder(rel: np.ndarray, rule: LadderRule = LadderRule(), cost: float = COST) -> np.ndarray:
    """Account value of the take-profit ladder with a trailing stop (see LadderRule)."""
    n, n_days = rel.shape
    t = np.arange(n_days)
    rows = np.arange(n)
    units0 = 1.0 - cost
    hits = [_first_true(rel >= 1.0 + gain) for gain, _ in rule.take_profits]
    first_tp = hits[0]
    running_high = np.maximum.accumulate(rel, axis=1)
    armed = t[None, :] >= first_tp[:, None]
    stop = _first_true(armed & (rel <= (1.0 - rule.trailing_stop) * running_high))

    units = np.full(rel.shape, units0)
    cash = np.zeros(rel.shape)
    sold_fraction = np.zeros(n)
    for (_, fraction), hit in zip(rule.take_profits, hits):
        executes = hit < np.minimum(stop, n_days)
        price = rel[rows, np.minimum(hit, n_days - 1)]
        after = (t[None, :] >= hit[:, None]) & executes[:, None]
        units -= after * fraction * units0
        cash += after * (fraction * units0 * price * (1.0 - cost))[:, None]
        sold_fraction += executes * fraction
    stopped = stop < n_days
    stop_price = rel[rows, np.minimum(stop, n_days - 1)]
    rest = (1.0 - sold_fraction) * units0
    after_stop = (t[None, :] >= stop[:, None]) & stopped[:, None]
    units = np.where(after_stop, 0.0, units)
    cash += after_stop * (rest * stop_price * (1.0 - cost))[:, None]
    return units * rel + cash


def path_metrics(values: np.ndarray) -> pd.DataFrame:
    """Per path: final value, max drawdown, annualised volatility and downside deviation, loss."""
    peak = np.maximum.accumulate(values, axis=1)
    daily = values[:, 1:] / values[:, :-1] - 1.0
    downside = np.minimum(daily, 0.0)
    return pd.DataFrame({
        "final": values[:, -1],
        "max_drawdown": (values / peak - 1.0).min(axis=1),
        "volatility": daily.std(axis=1, ddof=1) * np.sqrt(DAYS_PER_YEAR),
        "downside_dev": np.sqrt((downside ** 2).mean(axis=1)) * np.sqrt(DAYS_PER_YEAR),
        "loss": values[:, -1] < 1.0,
    })


def standard_strategies(rule: LadderRule = LadderRule(), cost: float = COST) -> dict:
    """The strategies of the claim: lump sum, DCA over 2 and 4 weeks, the ladder."""
    return {
        "lump sum": lambda rel: lump_sum(rel, cost),
        "DCA 14 days": lambda rel: dca(rel, 14, cost),
        "DCA 28 days": lambda rel: dca(rel, 28, cost),
        "ladder": lambda rel: ladder(rel, rule, cost),
    }


def simulate(prices: dict[str, pd.Series], strategies: dict | None = None,
             horizon: int = HORIZON_DAYS, step: int = STEP_DAYS) -> pd.DataFrame:
    """One row per (asset, strategy, start date) with the path metrics."""
    strategies = standard_strategies() if strategies is None else strategies
    frames = []
    for asset, series in prices.items():
        starts, rel, _ = daily_windows(series, horizon, step)
        for name, run in strategies.items():
            metrics = path_metrics(run(rel))
            metrics.insert(0, "start", starts)
            metrics.insert(0, "strategy", name)
            metrics.insert(0, "asset", asset)
            frames.append(metrics)
    return pd.concat(frames, ignore_index=True)


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """Distribution of outcomes per asset and strategy: return and risk side by side."""
    grouped = results.groupby(["asset", "strategy"], sort=False)
    return pd.DataFrame({
        "starts": grouped.size(),
        "final p10": grouped["final"].quantile(0.10),
        "final median": grouped["final"].median(),
        "final p90": grouped["final"].quantile(0.90),
        "P(loss)": grouped["loss"].mean(),
        "max DD median": grouped["max_drawdown"].median(),
        "max DD p10": grouped["max_drawdown"].quantile(0.10),
        "volatility median": grouped["volatility"].median(),
        "downside dev median": grouped["downside_dev"].median(),
    })


def paired_comparison(results: pd.DataFrame, strategy: str, benchmark: str) -> pd.DataFrame:
    """Per asset, strategy against benchmark on the same start dates.

    dd_gain: how much shallower the strategy's max drawdown is (positive = less risk);
    return_cost: how much lower its final value is (positive = gave up return).
    Both are fractions of the capital put in, so they can be compared directly.
    """
    wide = results.pivot_table(index=["asset", "start"], columns="strategy",
                               values=["final", "max_drawdown", "loss"], sort=False)
    dd_gain = wide["max_drawdown"][strategy] - wide["max_drawdown"][benchmark]
    return_cost = wide["final"][benchmark] - wide["final"][strategy]
    frame = pd.DataFrame({"dd_gain": dd_gain, "return_cost": return_cost,
                          "loss_strategy": wide["loss"][strategy], "loss_benchmark": wide["loss"][benchmark]})
    grouped = frame.groupby(level="asset", sort=False)
    return pd.DataFrame({
        "share shallower DD": grouped["dd_gain"].apply(lambda x: float((x > TIE).mean())),
        "share deeper DD": grouped["dd_gain"].apply(lambda x: float((x < -TIE).mean())),
        "median DD gain": grouped["dd_gain"].median(),
        "median return cost": grouped["return_cost"].median(),
        "P(loss) strategy": grouped["loss_strategy"].mean(),
        "P(loss) benchmark": grouped["loss_benchmark"].mean(),
    })


def value_paths(prices: pd.Series, start, strategies: dict | None = None,
                horizon: int = HORIZON_DAYS) -> pd.DataFrame:
    """Daily account values of each strategy for one start date (columns = strategies)."""
    strategies = standard_strategies() if strategies is None else strategies
    clean = prices.dropna()
    window = clean.loc[pd.Timestamp(start):].iloc[: horizon + 1]
    expected = pd.date_range(window.index[0], periods=horizon + 1, freq="D")
    if len(window) < horizon + 1 or not window.index.equals(expected):
        raise ValueError(f"{prices.name}: no complete {horizon}-day window of daily closes from {start}")
    rel = (window / window.iloc[0]).to_numpy()[None, :]
    return pd.DataFrame({name: run(rel)[0] for name, run in strategies.items()}, index=window.index)
