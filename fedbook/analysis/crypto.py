"""Crypto sector baskets built from one venue at a time.

The snapshot keeps venues apart, and so does this module: a basket is always built from one
venue's prices (Yahoo in USD, Binance in USDT, CoinGecko spot snapshots in USD), never from a
splice of two. A basket is equal-weighted and rebalanced daily: its return on a day is the plain
average of the returns of the members that have a return that day. A member enters on the
second day of its data (its first return) and leaves after its last; a gap in its prices is a gap
in its returns, never filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .. import data
from .returns import total_return


@dataclass(frozen=True)
class Venue:
    key: str
    label: str
    template: str  # series id for a coin, e.g. "{coin}-USD.YAHOO"
    quote: str
    calendar: str  # "daily": every calendar day is a bar; "observed": only the sampled dates


VENUES = {
    "yahoo": Venue("yahoo", "Yahoo Finance daily close", "{coin}-USD.YAHOO", "USD", "daily"),
    "binance": Venue("binance", "Binance spot daily close", "{coin}-USDT.BINANCE", "USDT", "daily"),
    "coingecko": Venue("coingecko", "CoinGecko spot snapshot (~09:30 UTC)", "{coin}-USD.COINGECKO", "USD",
                       "observed"),
}

# Sector -> coins, in the order the text lists them. Coins a venue lacks are simply absent there.
SECTORS = {
    "Majors": ["BTC", "ETH"],
    "Layer-1s": ["SOL", "ADA", "AVAX", "XRP", "BNB", "TRX", "SUI"],
    "DeFi": ["AAVE", "UNI", "LINK", "COMP", "MKR"],
    "Memes": ["DOGE", "PEPE", "SHIB"],
}


def series_id(coin: str, venue: str) -> str:
    return VENUES[venue].template.format(coin=coin)


def members(sector: str, venue: str) -> list[str]:
    """The series ids of a sector's coins that the snapshot has for this venue."""
    known = set(data.series_ids())
    return [series_id(c, venue) for c in SECTORS[sector] if series_id(c, venue) in known]


def missing_days(prices: pd.Series) -> int:
    """Calendar days without a price between a series' first and last date."""
    clean = prices.dropna()
    return int((clean.index[-1] - clean.index[0]).days + 1 - len(clean))


def membership_table(venues=("yahoo", "binance", "coingecko")) -> pd.DataFrame:
    """One row per basket member: venue, sector, coin, series id, quote, first and last date, rows, gaps."""
    rows = []
    for venue in venues:
        for sector in SECTORS:
            for sid in members(sector, venue):
                prices = data.load(sid)
                rows.append({"venue": venue, "sector": sector, "coin": sid.split("-")[0], "series": sid,
                             "quote": VENUES[venue].quote, "first": f"{prices.index[0]:%Y-%m-%d}",
                             "last": f"{prices.index[-1]:%Y-%m-%d}", "rows": len(prices),
                             "missing days": missing_days(prices)})
    return pd.DataFrame(rows)


def dropped_partial_bars(series_ids) -> pd.DataFrame:
    """What the snapshot manifest records as dropped at the end of each series (partial last bars)."""
    rows = []
    for sid in series_ids:
        meta = data.entry(sid)
        dropped = [d for src in meta["sources"] for d in src.get("dropped_last", [])]
        rows.append({"series": sid, "last kept": meta["last"], "dropped last": ", ".join(dropped) or "none"})
    return pd.DataFrame(rows)


def price_frame(series_ids, calendar: str = "daily", start=None, end=None) -> pd.DataFrame:
    """Prices side by side. "daily": one row per calendar day, so a missing day stays NaN (a gap);
    "observed": one row per date on which any series was sampled (irregular snapshots)."""
    frame = pd.concat([data.load(s) for s in series_ids], axis=1, sort=True)
    if calendar == "daily":
        frame = frame.reindex(pd.date_range(frame.index.min(), frame.index.max(), freq="D"))
    elif calendar != "observed":
        raise ValueError(f"calendar must be 'daily' or 'observed', not {calendar!r}")
    frame.index.name = "date"
    return frame.loc[start:end]


def member_returns(prices: pd.DataFrame) -> pd.DataFrame:
    """Simple returns between consecutive rows; NaN unless both prices exist (gaps are not bridged).

    The first row is NaN: it is the base date of any index built from these returns."""
    return prices / prices.shift(1) - 1.0


def basket_returns(prices: pd.DataFrame) -> pd.Series:
    """Equal-weight basket rebalanced every row: the mean of the members' returns that exist that row.

    NaN on a row where no member has a return.
    """
    return member_returns(prices).mean(axis=1, skipna=True)


def member_counts(prices: pd.DataFrame) -> pd.Series:
    """How many members the basket averages over on each row."""
    return member_returns(prices).notna().sum(axis=1)


@lru_cache(maxsize=16)
def _all_member_returns(venue: str, sector: str) -> pd.DataFrame:
    return member_returns(price_frame(members(sector, venue), VENUES[venue].calendar))


def members_on(venue: str, sector: str, when) -> list[str]:
    """The coins in a sector's basket on a date: those with a return that day (or the last row before)."""
    row = _all_member_returns(venue, sector).loc[:pd.Timestamp(when)].iloc[-1]
    return [sid.split("-")[0] for sid in row.index[row.notna()]]


def sector_prices(venue: str, sectors=None, start=None, end=None) -> dict[str, pd.DataFrame]:
    """Each sector's member prices on the venue's calendar."""
    cal = VENUES[venue].calendar
    return {s: price_frame(members(s, venue), cal, start, end) for s in (sectors or SECTORS)
            if members(s, venue)}


def sector_returns(venue: str, sectors=None, start=None, end=None) -> pd.DataFrame:
    """Basket returns per sector (columns) on one venue, NaN before a sector's first member starts."""
    frames = sector_prices(venue, sectors, start, end)
    return pd.DataFrame({s: basket_returns(p) for s, p in frames.items()})


def index_level(returns: pd.Series, base: float = 100.0) -> pd.Series:
    """Cumulate returns into an index equal to `base` on the row before the first return.

    Needs that row in `returns` (member_returns keeps it as a NaN first row). Rows before it and
    after the last return are trimmed; a NaN between two returns would have to be bridged, so it
    is an error.
    """
    first, last = returns.first_valid_index(), returns.last_valid_index()
    pos = returns.index.get_loc(first)
    if pos == 0:
        raise ValueError(f"{returns.name}: no row before the first return to put the base on")
    clean = returns.iloc[pos:returns.index.get_loc(last) + 1]
    if clean.isna().any():
        raise ValueError(f"{returns.name}: gap on {clean[clean.isna()].index[0]:%Y-%m-%d}; not bridged")
    level = pd.concat([pd.Series([0.0], index=returns.index[pos - 1:pos]), clean])
    return (base * (1.0 + level).cumprod()).rename(returns.name)


def to_trading_days(returns: pd.DataFrame | pd.Series, trading_dates) -> pd.DataFrame | pd.Series:
    """Compound daily crypto returns onto another market's trading dates.

    Each calendar-day return is assigned to the first trading date on or after it, so a Saturday's
    and Sunday's returns fold into Monday. A trading-day return exists only if every calendar day
    since the previous trading date has a return (a gap, or data starting mid-week, gives NaN).
    The first trading date has no previous one and is dropped.
    """
    trading = pd.DatetimeIndex(trading_dates).sort_values()
    frame = returns.to_frame() if isinstance(returns, pd.Series) else returns
    frame = frame.loc[(frame.index > trading[0]) & (frame.index <= trading[-1])]
    slot = trading[trading.searchsorted(frame.index, side="left")]
    grown = np.expm1(np.log1p(frame).groupby(slot).sum())
    days_with_data = frame.notna().groupby(slot).sum()
    days_needed = pd.Series(trading.to_series().diff().dt.days.to_numpy(), index=trading)
    complete = days_with_data.eq(days_needed.reindex(days_with_data.index), axis=0)
    out = grown.where(complete).reindex(trading[1:])
    return out.iloc[:, 0].rename(returns.name) if isinstance(returns, pd.Series) else out


def common_span(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows from the first to the last on which every column has a value.

    A missing value inside that span would have to be dropped or filled, so it is an error.
    """
    full = frame.notna().all(axis=1)
    if not full.any():
        raise ValueError("no row has a value in every column")
    span = frame.loc[full.idxmax():full[::-1].idxmax()]
    if span.isna().any().any():
        first_gap = span.index[span.isna().any(axis=1)][0]
        raise ValueError(f"gap inside the common span on {first_gap:%Y-%m-%d}")
    return span


def sector_levels(venue: str, start=None, end=None, base: float = 100.0) -> pd.DataFrame:
    """Each sector's basket as an index equal to `base` on its first row (`start` if it has data)."""
    returns = sector_returns(venue, start=start, end=end)
    return pd.DataFrame({s: index_level(returns[s], base) for s in returns})


def return_over(prices: pd.Series, start, end) -> float:
    """Return from the last price dated before `start` to the last dated on or before `end`.

    For a daily close dated D (the price at the end of D) the start price is then the close just
    before day `start` begins: the return covers all of day `start`.
    """
    return total_return(prices, pd.Timestamp(start) - pd.Timedelta(days=1), end)


def beta(asset: pd.Series, reference: pd.Series) -> float:
    """OLS slope of asset returns on reference returns, on the rows both have."""
    both = pd.concat([asset, reference], axis=1, join="inner").dropna()
    x, y = both.iloc[:, 1].to_numpy(), both.iloc[:, 0].to_numpy()
    return float(np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1))


def risk_table(returns: pd.DataFrame, reference: pd.Series, periods_per_year: int = 365) -> pd.DataFrame:
    """Beta and correlation to a reference, and annualised volatility, per column (daily returns)."""
    rows = {}
    for col in returns:
        both = pd.concat([returns[col], reference], axis=1, join="inner").dropna()
        rows[col] = {"beta": beta(both.iloc[:, 0], both.iloc[:, 1]),
                     "correlation": float(both.corr().iloc[0, 1]),
                     "volatility": float(both.iloc[:, 0].std() * np.sqrt(periods_per_year)),
                     "days": len(both)}
    return pd.DataFrame(rows).T.astype({"days": int})
