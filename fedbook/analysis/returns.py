"""Returns, alignment across markets, rolling correlation and drawdowns.

Crypto trades every day and closes at 00:00 UTC; equities trade on business days and
close at 16:00 New York time. To compare them, prices are first sampled on the dates both
have (an inner join), then turned into returns: a crypto "Monday" return then spans the
weekend, just as the equity Monday return spans the market's weekend closure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def returns(prices: pd.Series | pd.DataFrame, kind: str = "simple"):
    """Period-to-period returns between consecutive observations (NaN gaps are not bridged)."""
    if kind == "simple":
        out = prices / prices.shift(1) - 1.0
    elif kind == "log":
        out = np.log(prices / prices.shift(1))
    else:
        raise ValueError(f"kind must be 'simple' or 'log', not {kind!r}")
    return out.iloc[1:]


def on_common_dates(*series: pd.Series) -> pd.DataFrame:
    """Prices side by side on the dates every series has (no filling)."""
    frame = pd.concat(series, axis=1, join="inner").dropna()
    if frame.empty:
        raise ValueError("the series share no dates")
    return frame


def rolling_correlation(x: pd.Series, y: pd.Series, window: int = 60) -> pd.Series:
    """Correlation over the last `window` common observations (full windows only)."""
    frame = pd.concat([x, y], axis=1, join="inner").dropna()
    return frame.iloc[:, 0].rolling(window, min_periods=window).corr(frame.iloc[:, 1]).dropna()


# The book's one definition of "the 60-day correlation of Bitcoin and the S&P 500". The crypto
# chapter and the claims ledger both quote its 2025 maximum, so they must use the same rule.
BTC_SP500_CORRELATION = ("60 common trading days, simple daily returns, Bitcoin's Coinbase close (USD) "
                         "against the S&P 500 close")


def btc_sp500_correlation(btc: pd.Series, sp500: pd.Series, window: int = 60) -> pd.Series:
    """Rolling correlation of daily simple returns on the dates both series have (crypto's
    weekend moves fold into Monday's return): the book's standard definition."""
    common = returns(on_common_dates(btc, sp500))
    return rolling_correlation(common.iloc[:, 0], common.iloc[:, 1], window)


def drawdown(prices: pd.Series) -> pd.Series:
    """Fall from the running peak, as a fraction (0 at a new high, -0.5 = half lost)."""
    clean = prices.dropna()
    return clean / clean.cummax() - 1.0


def max_drawdown(prices: pd.Series) -> float:
    return float(drawdown(prices).min())


def total_return(prices: pd.Series, start, end) -> float:
    """Return from the last price on or before `start` to the last on or before `end`."""
    clean = prices.dropna()
    first, last = clean.loc[:pd.Timestamp(start)], clean.loc[:pd.Timestamp(end)]
    if first.empty or last.empty:
        raise ValueError(f"{prices.name}: no price on or before {start} / {end}")
    return float(last.iloc[-1] / first.iloc[-1] - 1.0)
