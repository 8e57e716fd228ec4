"""Claims about crypto prices on and around dated Fed events: liquidations, bitcoin after
announcements and on named days, crypto market cap and the balance sheet, crypto during the
2025 tightening (claims 5, 7, 8a, 8b, 16b, 19). Prices are daily closes in USD (or USDT).
"""

from __future__ import annotations

import pandas as pd

from ..analysis import returns as rt
from ..data import events
from . import rules
from .measures import BTC, BTC_FEEDS, ETH, ETH_FEEDS, EVENT_WINDOW_DAYS, close_on
from .rules import (
    NOT_TESTABLE,
    ClaimResult,
    above,
    across_definitions,
    at_least,
    availability,
    combine,
    grade,
    known,
    relative_distance,
    settle_text,
)

__all__ = [
    "claim_5", "claim_7", "claim_8a", "claim_8b", "claim_16b", "claim_19"
]

def claim_5() -> ClaimResult:
    missing = availability("liquidations")
    return ClaimResult(
        "5", "Liquidations before the October FOMC", "About $590 million of leveraged crypto positions were "
        "liquidated in the 24 hours before the October 2025 FOMC decision.",
        "Sum of liquidations in the 24 hours (UTC) ending at the 29 Oct 2025 statement release.",
        f"±{rules.AMOUNT_TOL:.0%}", "The snapshot has no liquidation data (and no intraday prices).",
        NOT_TESTABLE, settle_with=settle_text(missing, "liquidations"))


def claim_7() -> ClaimResult:
    btc = known(BTC)
    rows = []
    for key in ("qt_end_decision", "rmp_decision"):
        day = events.event_date(key)
        base = btc.loc[:day - pd.Timedelta(days=1)].iloc[-1]  # close at 00:00 UTC on the day, before 14:00 ET
        path = btc.loc[day:day + pd.Timedelta(days=EVENT_WINDOW_DAYS - 1)] / base - 1.0
        rows.append({"event": key, "date": day, "max rise %": 100 * path.max(), "on": path.idxmax(),
                     "after 7 days %": 100 * path.iloc[6]})
    table = pd.DataFrame(rows)
    best = table.loc[table["max rise %"].idxmax()]
    # Which announcement, and "rose" as the highest close within the window or the close a week
    # later: four reasonable readings (discipline 1).
    by_definition = {f"{r.event}, {label}": at_least(getattr(r, column), 11.0, rules.RETURN_TOL_PP)
                     for r in table.rename(columns={"max rise %": "max_rise", "after 7 days %": "after_7"}).itertuples()
                     for label, column in (("highest close within the window", "max_rise"),
                                           ("close after 7 days", "after_7"))}
    return ClaimResult(
        "7", "BTC after the Fed announcement", "Bitcoin rose 11% after the Fed's announcement.",
        f"Highest Coinbase close within {EVENT_WINDOW_DAYS} days of each candidate announcement (29 Oct and "
        "10 Dec 2025), against the 00:00 UTC close on the announcement day (before the 14:00 ET release).",
        f"a rise of at least the claim minus {rules.RETURN_TOL_PP:.0f} percentage points; judged under each "
        "announcement and each reading of 'rose' (rules.across_definitions)",
        "; ".join(f"{r.event} ({r.date:%Y-%m-%d}): best {r._3:+.1f}% (close of {r.on:%Y-%m-%d}), "
                  f"{r._5:+.1f}% after 7 days" for r in table.itertuples()),
        across_definitions(by_definition), (BTC, "qt_end_decision", "rmp_decision"), float(best["max rise %"]),
        11.0, "percent", max(0.0, 11.0 - float(best["max rise %"])) / rules.RETURN_TOL_PP, details={"table": table},
        by_definition=by_definition)


def _feed_levels(feeds, day) -> pd.Series:
    return pd.Series({f: close_on(known(f), day) for f in feeds}).dropna()


def claim_8a() -> ClaimResult:
    levels = _feed_levels(BTC_FEEDS, "2025-11-30")
    dist = levels.map(lambda v: relative_distance(v, 91000.0, rules.LEVEL_TOL))
    best = dist.idxmin()
    by_definition = {feed: grade(float(d)) for feed, d in dist.items()}
    return ClaimResult(
        "8a", "BTC at the end of November", "Bitcoin was at about $91,000 at the end of November 2025.",
        "BTC on 2025-11-30 in four feeds: the daily bars closing at 00:00 UTC on 1 December (Coinbase, "
        "Binance in USDT, Yahoo) and the CoinGecko snapshot of about 09:30 UTC. Judged under each feed "
        "(rules.across_definitions).",
        f"±{rules.LEVEL_TOL:.0%}", ", ".join(f"{k}: {v:,.0f}" for k, v in levels.items()) + ".",
        across_definitions(by_definition), tuple(levels.index), float(levels[best]), 91000.0, "USD per coin",
        float(dist[best]), details={"levels": levels}, by_definition=by_definition)


def _venue(feed: str) -> str:
    """BTC-USD.COINBASE -> COINBASE: the part that names where the price comes from."""
    return feed.split(".")[-1]


def claim_8b() -> ClaimResult:
    btc = _feed_levels(BTC_FEEDS, "2025-12-08")
    eth = _feed_levels(ETH_FEEDS, "2025-12-08")
    dist = btc.map(lambda v: relative_distance(v, 92000.0, rules.LEVEL_TOL))
    btc_by_venue = {_venue(f): grade(float(d)) for f, d in dist.items()}
    eth_by_venue = {_venue(f): above(float(v), 3100.0) for f, v in eth.items()}
    # One definition of "the price" = one venue, for both coins (discipline 1).
    by_definition = {v: combine([btc_by_venue[v], eth_by_venue[v]]) for v in btc_by_venue if v in eth_by_venue}
    return ClaimResult(
        "8b", "BTC and ETH on 8 December", "On 8 Dec 2025 Bitcoin was at about $92,000 and Ether above $3,100.",
        "BTC and ETH on 2025-12-08 in the same four feeds as 8a; each venue is one definition of the price "
        "for both coins (rules.across_definitions).",
        f"BTC ±{rules.LEVEL_TOL:.0%}; ETH strictly above the threshold",
        "BTC " + ", ".join(f"{k}: {v:,.0f}" for k, v in btc.items()) + "; ETH " +
        ", ".join(f"{k}: {v:,.0f}" for k, v in eth.items()) + ". By venue: " +
        ", ".join(f"{k} {v}" for k, v in by_definition.items()) + ".",
        across_definitions(by_definition), tuple(btc.index) + tuple(eth.index), float(btc[dist.idxmin()]), 92000.0,
        "USD per coin", float(dist.min()), details={"btc": btc, "eth": eth}, by_definition=by_definition)


def _proxy_change(start, end) -> str:
    btc, eth = known(BTC), known(ETH)
    return (f"Proxy only (not a market cap): BTC {rt.total_return(btc, start, end):+.0%}, "
            f"ETH {rt.total_return(eth, start, end):+.0%} (Coinbase closes, {pd.Timestamp(start):%Y-%m-%d} to "
            f"{pd.Timestamp(end):%Y-%m-%d}).")


def claim_16b() -> ClaimResult:
    missing = availability("crypto_mcap")
    return ClaimResult(
        "16b", "Crypto market cap fell with the balance sheet", "The crypto market cap fell in line with the "
        "balance sheet from early 2023.", "Total crypto market cap from January 2023 to the end of QT, against WALCL.",
        "same direction and timing", "No total market-cap history in the snapshot. " +
        _proxy_change("2023-01-04", events.event_date("qt_end")),
        NOT_TESTABLE, ("WALCL", BTC, ETH),
        settle_with=settle_text(missing, "crypto_mcap"))


def claim_19() -> ClaimResult:
    missing = availability("crypto_mcap")
    start, end = pd.Timestamp("2024-12-31"), events.event_date("qt_end")
    return ClaimResult(
        "19", "Crypto during the 2025 tightening", "The crypto market cap fell 15% during the 2025 tightening.",
        "Total crypto market cap over QT in 2025 (from the end of 2024 to the end of run-off; rates were being "
        "cut from September, so run-off is the only tightening in that year).", f"±{rules.AMOUNT_TOL:.0%} of the fall",
        "No total market-cap history in the snapshot. " + _proxy_change(start, end),
        NOT_TESTABLE, (BTC, ETH, "qt_end"),
        settle_with=settle_text(missing, "crypto_mcap"))
