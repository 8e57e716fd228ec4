"""Claims about liquidity and other markets: bitcoin and the S&P 500, net liquidity and
equities, long-term yields and the dollar under QT (claims 6, 15, 17a, 17b).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import dollar
from ..analysis import returns as rt
from ..analysis.liquidity import net_liquidity
from ..data import events
from . import rules
from .measures import BTC, QT_ANNOUNCEMENTS
from .rules import (
    CONTRADICTED,
    NOT_TESTABLE,
    PARTLY,
    SUPPORTED,
    ClaimResult,
    across_definitions,
    availability,
    as_known,
    grade,
    known,
    settle_text,
)

__all__ = [
    "claim_6", "claim_15", "claim_17a", "claim_17b"
]

def claim_6() -> ClaimResult:
    sp = known("SP500")
    rows = []
    for feed in (BTC, "BTC-USD.YAHOO"):
        prices = rt.on_common_dates(known(feed), sp)
        for kind in ("simple", "log"):
            r = rt.returns(prices, kind)
            by_obs = rt.rolling_correlation(r.iloc[:, 0], r.iloc[:, 1], 60)
            by_days = r.iloc[:, 0].rolling("60D", min_periods=35).corr(r.iloc[:, 1])
            by_days = by_days[by_days.index >= r.index[0] + pd.Timedelta(days=60)]
            for window, corr in (("60 trading days", by_obs), ("60 calendar days", by_days)):
                in_2025 = corr.loc["2025"]
                rows.append({"feed": feed, "returns": kind, "window": window,
                             "max 2025": float(in_2025.max()), "date": in_2025.idxmax()})
    table = pd.DataFrame(rows)
    table["distance"] = (table["max 2025"] - 0.72).abs() / rules.CORR_TOL
    book = rt.btc_sp500_correlation(known(BTC), sp).loc["2025"]  # the crypto chapter's figure
    best = table.loc[table["distance"].idxmin()]
    table["verdict"] = table["distance"].map(grade)
    by_definition = {f"{r.feed}, {r.returns}, {r.window}": r.verdict for r in table.itertuples()}
    return ClaimResult(
        "6", "BTC and the S&P 500", "The 60-day correlation between Bitcoin and the S&P 500 reached 0.72 in 2025.",
        "Maximum in 2025 of the rolling correlation of daily returns on common trading days (crypto close "
        "00:00 UTC vs equity close 16:00 ET; weekend crypto moves fall into Monday's return); simple or log "
        "returns, Coinbase or Yahoo BTC, 60 trading or calendar days. Judged under each of the 8 definitions "
        "(rules.across_definitions).", f"±{rules.CORR_TOL} (absolute)",
        f"Across 8 definitions the 2025 maximum ranges {table['max 2025'].min():.3f} to "
        f"{table['max 2025'].max():.3f}; closest: {best['max 2025']:.3f} ({best['feed']}, {best['returns']} "
        f"returns, {best['window']}, window ending {best['date']:%Y-%m-%d}); within tolerance under "
        f"{int((table['verdict'] == SUPPORTED).sum())} of {len(table)} definitions.",
        across_definitions(by_definition), (BTC, "BTC-USD.YAHOO", "SP500"), float(best["max 2025"]), 0.72,
        "correlation", float(best["distance"]),
        details={"table": table, "book definition": rt.BTC_SP500_CORRELATION,
                 "book max 2025": float(book.max()), "book max date": book.idxmax()},
        by_definition=by_definition)


def claim_15() -> ClaimResult:
    nl = as_known(net_liquidity("wednesday"))
    frame = pd.concat([nl.rename("nl"), known("SP500").rename("sp")], axis=1, join="inner").dropna()
    level = float(frame.corr().iloc[0, 1])
    change = float(frame.diff().corr().iloc[0, 1])
    periods = {"2016-19": ("2016", "2019"), "2020-22": ("2020", "2022"), "2022-25 QT": ("2022-06", "2025-11"),
               "2025-26": ("2025", "2026")}
    sub = {k: float(frame.loc[a:b].corr().iloc[0, 1]) for k, (a, b) in periods.items()}
    changes_high = change >= rules.HIGH_CORR
    stable = all(v >= rules.HIGH_CORR for v in sub.values())
    verdict = SUPPORTED if changes_high and stable else (CONTRADICTED if not changes_high and not stable else PARTLY)
    return ClaimResult(
        "15", "Net liquidity and the S&P 500", "Net liquidity (Fed assets minus TGA minus ON RRP) moves with "
        "the S&P 500 and is highly positively correlated with it.",
        "Correlation on Wednesdays of net liquidity (WALCL - WDTGAL - RRPONTSYD, all Wednesday values, billions) "
        "with the S&P 500 close: levels and weekly changes, full sample and four subperiods.",
        f"'high' = at least {rules.HIGH_CORR}; must hold in weekly changes and in every subperiod's levels",
        f"levels {level:.2f}, weekly changes {change:.2f} ({frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}); "
        "levels by subperiod: " + ", ".join(f"{k} {v:+.2f}" for k, v in sub.items()) + ".",
        verdict, ("WALCL", "WDTGAL", "RRPONTSYD", "SP500"), change, rules.HIGH_CORR, "correlation",
        details={"level": level, "change": change, "sub": sub})


def _two_day_change(series: pd.Series, day: pd.Timestamp) -> float:
    """Close of the business day before `day` to the close of the business day after it."""
    return dollar.change_around(series, day, after=1, percent=False)


def _qt_announcement_dates() -> dict[pd.Timestamp, int]:
    """QT_ANNOUNCEMENTS with event keys resolved to dates: date -> +1 tightening, -1 easing."""
    return {events.event_date(key) if key in events.events().index else pd.Timestamp(key): sign
            for key, sign in QT_ANNOUNCEMENTS.items()}


def _consistency_verdict(share: float) -> str:
    """17a and 17b: a 'consistent' response in at least CONSISTENT_SHARE of events."""
    return SUPPORTED if share >= rules.CONSISTENT_SHARE else (PARTLY if share > rules.MOST_SHARE else CONTRADICTED)


def claim_17a() -> ClaimResult:
    d10, spread = known("DGS10"), known("T10Y2Y")
    rows = []
    for day, sign in _qt_announcement_dates().items():
        rows.append({"date": day, "news": "tightening" if sign > 0 else "easing",
                     "10y (bp)": 100 * _two_day_change(d10, day), "10y-2y (bp)": 100 * _two_day_change(spread, day),
                     "sign": sign})
    table = pd.DataFrame(rows)
    consistent = int((np.sign(table["10y-2y (bp)"]) == table["sign"]).sum())
    share = consistent / len(table)
    verdict = _consistency_verdict(share)
    return ClaimResult(
        "17a", "QT pushes up long-term yields", "QT pushes up long-term Treasury yields.",
        "Two-day change (business day before to business day after) in the 10-year yield and in the 10y-2y "
        "spread (which nets out moves in expected policy rates, proxied by the 2-year) around the QT plan, the "
        "two slowdown decisions and the decision to end QT. The 2017 announcement dates are not in the event tables.",
        f"consistent = the spread moves the claimed way in at least {rules.CONSISTENT_SHARE:.0%} of events",
        "; ".join(f"{r.date:%Y-%m-%d} ({r.news}): 10y {r._3:+.0f}bp, spread {r._4:+.0f}bp" for r in table.itertuples())
        + f". Spread in the claimed direction: {consistent} of {len(table)}.",
        verdict, ("DGS10", "T10Y2Y", "qt_plan", "qt_caps.csv", "qt_end_decision"), share, rules.CONSISTENT_SHARE,
        "share of events", details={"table": table})


DOLLAR_WINDOWS = (1, 5)  # observations after the decision day: the shortest window, and a week


def claim_17b() -> ClaimResult:
    missing = availability("dollar")
    base = dict(claim="17b", topic="QT pushes up the dollar", statement="QT pushes up the dollar.",
                tolerance=f"consistent = the dollar moves the claimed way in at least {rules.CONSISTENT_SHARE:.0%} of "
                          "events, under each window (rules.across_definitions)")
    if missing:
        return ClaimResult(**base, test="A broad dollar index in the same event windows as 17a.",
                           result="No dollar index in the snapshot.", verdict=NOT_TESTABLE,
                           settle_with=settle_text(missing, "dollar"))
    index = known("DTWEXBGS")
    table = dollar.announcement_moves(index, _qt_announcement_dates(), DOLLAR_WINDOWS)
    by_definition, parts = {}, []
    for after in DOLLAR_WINDOWS:
        right = int(table[f"[-1,+{after}] as claimed"].sum())
        by_definition[f"window [-1,+{after}]"] = _consistency_verdict(right / len(table))
        parts.append(f"[-1,+{after}]: {right} of {len(table)} in the claimed direction")
    moves = "; ".join(f"{r.date:%Y-%m-%d} ({r.news}): {r._4:+.2f}% over [-1,+1], {r._6:+.2f}% over [-1,+5]"
                      for r in table.itertuples())
    return ClaimResult(
        **base, test="Change in the broad dollar index DTWEXBGS (noon rates, so an afternoon decision shows the "
        "next day) from the business day before each QT announcement of 17a to one and to five business days "
        "after it; the claim predicts a rise on tightening news and a fall on easing news.",
        result=f"{moves}. {'; '.join(parts)}. A decision day also brings the rate decision and statement, which "
        "these windows cannot separate from the balance-sheet news.",
        verdict=across_definitions(by_definition), data=("DTWEXBGS", "qt_plan", "qt_caps.csv", "qt_end_decision"),
        measured=float(table["[-1,+1] as claimed"].mean()), claimed=rules.CONSISTENT_SHARE, unit="share of events",
        details={"table": table}, by_definition=by_definition)
