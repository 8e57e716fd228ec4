"""Windows, asset sets and small measurements shared by the claims (pinned once for the whole
ledger, so two claims about the same episode use the same dates and the same feeds).

Money in billions of USD, rates in percent, prices in USD (USDT for Binance files) per coin.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..analysis import levels as an
from ..analysis import returns as rt
from ..data import events
from .rules import ARTICLES_END, ARTICLES_START, known_by_then

__all__ = [
    "ARTICLES_START", "ARTICLES_END", "POST_PANDEMIC_START", "EVENT_WINDOW_DAYS", "CUT_SIZE", "PIVOT_YEARS",
    "HORIZONS_RISK", "HORIZONS_CRYPTO", "EASING_WINDOW_MONTHS", "ALT_HORIZONS", "QT_END_KEYS",
    "CRITERION_KEYS", "RUNOFF_PERIODS", "PURCHASE_START_KEYS", "REPO_EPISODES", "QT_ANNOUNCEMENTS", "BTC",
    "ETH", "BTC_FEEDS", "ETH_FEEDS", "ALT_BASKET_YAHOO", "DEFI_TOKENS", "MEME_TOKENS", "SECTORS",
    "STRATEGY_ASSETS", "fact", "has_fact", "close_on", "rate_cuts", "pivot_date", "forward_return",
    "typical_forward_return", "month_end_closes", "welch_t", "fmt_bn", "fmt_tn"
]

# --- Windows pinned down once for the whole ledger ---------------------------------------

# ARTICLES_START and ARTICLES_END (when the articles appeared) live in rules: claims are judged as of then.
POST_PANDEMIC_START = pd.Timestamp("2021-05-01")  # ON RRP: after take-up first rose (April 2021)
EVENT_WINDOW_DAYS = 30  # "after the announcement": any close within 30 days
CUT_SIZE = 0.20         # a rate cut: DFF at least 0.20 pp below its prior 10-day median for 3 days
PIVOT_YEARS = (2019, 2020, 2023)
HORIZONS_RISK = (6, 12)       # months, claim 13 (risk assets)
HORIZONS_CRYPTO = (6, 12, 18)  # months, claim 13 (crypto)
EASING_WINDOW_MONTHS = 12      # claim 14: the easing phase after a pivot
ALT_HORIZONS = (29, 42)        # months, claim 20
QT_END_KEYS = ("runoff_2019_end", "qt_end")
CRITERION_KEYS = ("rmp_plan_2022", "qt_end_criterion")  # dated Fed statements of when run-off stops
RUNOFF_PERIODS = (("runoff_2017", "runoff_2019_end"), ("qt_start", "qt_end"))
# Programme starts in data/events.csv that are asset *purchases* (not run-off): claim 3.
PURCHASE_START_KEYS = ("qe1_expanded", "qe2", "qe3", "bills_2019", "covid_qe", "rmp_start")
REPO_EPISODES = {"September 2019 spike": ("2019-09-01", "2019-10-31"),
                 "2025 end-of-QT stress": ("2025-09-01", "2026-01-31")}
QT_ANNOUNCEMENTS = {  # key or date -> +1 tightening news, -1 easing news (dates from qt_caps / events)
    "qt_plan": +1, "2024-05-01": -1, "2025-03-19": -1, "qt_end_decision": -1}

BTC = "BTC-USD.COINBASE"
ETH = "ETH-USD.COINBASE"
BTC_FEEDS = ("BTC-USD.COINBASE", "BTC-USDT.BINANCE", "BTC-USD.YAHOO", "BTC-USD.COINGECKO")
ETH_FEEDS = ("ETH-USD.COINBASE", "ETH-USDT.BINANCE", "ETH-USD.YAHOO", "ETH-USD.COINGECKO")
ALT_BASKET_YAHOO = ("XRP-USD.YAHOO", "ADA-USD.YAHOO", "DOGE-USD.YAHOO", "LINK-USD.YAHOO")
# Each token is compared with BTC on the same feed (no splicing of venues).
DEFI_TOKENS = {"UNI": ("UNI-USDT.BINANCE", "BTC-USDT.BINANCE"), "AAVE": ("AAVE-USDT.BINANCE", "BTC-USDT.BINANCE"),
               "COMP": ("COMP-USD.YAHOO", "BTC-USD.YAHOO")}
MEME_TOKENS = {"DOGE": ("DOGE-USD.YAHOO", "BTC-USD.YAHOO"), "PEPE": ("PEPE-USDT.BINANCE", "BTC-USDT.BINANCE")}
SECTORS = {  # Binance USDT files, common window 2023-06 to 2026-03
    "majors": ("BTC-USDT.BINANCE", "ETH-USDT.BINANCE"),
    "other large caps": ("SOL-USDT.BINANCE", "ADA-USDT.BINANCE", "AVAX-USDT.BINANCE", "XRP-USDT.BINANCE",
                         "BNB-USDT.BINANCE", "TRX-USDT.BINANCE", "SUI-USDT.BINANCE", "LINK-USDT.BINANCE"),
    "DeFi": ("UNI-USDT.BINANCE", "AAVE-USDT.BINANCE"),
    "memes": ("DOGE-USDT.BINANCE", "PEPE-USDT.BINANCE"),
}
STRATEGY_ASSETS = ("BTC-USD.COINBASE", "ETH-USD.COINBASE", "SOL-USD.YAHOO", "ADA-USD.YAHOO")


# --- Small measurement helpers -----------------------------------------------------------

def fact(key: str) -> pd.Series:
    """A dated, sourced numeric fact from data/policy_amounts.csv, if dated by the judging date."""
    table = known_by_then(events.announced_amounts())
    if key not in table.index:
        raise KeyError(f"no fact {key!r} in data/policy_amounts.csv dated by the judging date")
    return table.loc[key]


def has_fact(key: str) -> bool:
    return key in events.announced_amounts().index or key in events.events().index


def close_on(prices: pd.Series, day) -> float:
    """The observation dated `day` exactly (a daily close or snapshot), NaN if there is none."""
    return float(prices.get(pd.Timestamp(day), np.nan))


def rate_cuts(dff: pd.Series, size: float = CUT_SIZE) -> pd.DatetimeIndex:
    """First days of policy-rate cuts: DFF at least `size` pp below the median of the previous
    10 days, on that day and the next two (so one-day dips are not cuts)."""
    prior = dff.shift(1).rolling(10).median()
    below = dff <= prior - size
    lasting = below & below.shift(-1, fill_value=False) & below.shift(-2, fill_value=False)
    return dff.index[lasting & ~lasting.shift(1, fill_value=False)]


def pivot_date(year: int, dff: pd.Series) -> pd.Timestamp | None:
    """The claim's own pivot definition for a year: its first rate cut, provided run-off was
    not running at that date (or ended that year; then the later of cut and run-off end)."""
    cuts = [d for d in rate_cuts(dff) if d.year == year]
    if not cuts:
        return None
    cut = cuts[0]
    for start_key, end_key in RUNOFF_PERIODS:
        start, end = events.event_date(start_key), events.event_date(end_key)
        if start <= cut < end:
            return max(cut, end) if end.year == year else None
    return cut


def forward_return(prices: pd.Series, start, months: int) -> float:
    """Return from the last close on or before `start` to the last close on or before start+months
    (NaN if the data stop before the end of the window)."""
    clean = prices.dropna()
    end = pd.Timestamp(start) + pd.DateOffset(months=months)
    if end > clean.index[-1]:
        return float("nan")
    return rt.total_return(clean, start, end)


def typical_forward_return(prices: pd.Series, months: int) -> float:
    """Median forward return over `months` from every start date in the history."""
    clean = prices.dropna()
    ends = clean.index + pd.DateOffset(months=months)
    ok = ends <= clean.index[-1]
    last_on_or_before = clean.index.searchsorted(ends[ok], side="right") - 1
    values = clean.to_numpy()
    return float(np.median(values[last_on_or_before] / values[ok] - 1.0))


def month_end_closes(prices: pd.Series) -> pd.Series:
    """Last close of each calendar month; a final month that is not complete is dropped."""
    return an.month_end_levels(prices, complete_within_days=0)


def welch_t(a: pd.Series, b: pd.Series) -> float:
    a, b = a.dropna(), b.dropna()
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    return float((a.mean() - b.mean()) / se)


def fmt_bn(x: float) -> str:
    return f"${x:,.0f}B"


def fmt_tn(x: float) -> str:
    return f"${x / 1000:,.3f}T"
