"""Claims about easing cycles: risk assets and crypto after rate-cut pivots, bitcoin leading
alt-coins, sector rotation, and alt-coins after QT ends (claims 13a-14d, 20).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import data
from ..analysis import returns as rt
from ..analysis.liquidity import net_liquidity
from ..data import events
from . import rules
from .measures import (
    ALT_BASKET_YAHOO,
    ALT_HORIZONS,
    BTC,
    DEFI_TOKENS,
    EASING_WINDOW_MONTHS,
    ETH,
    HORIZONS_CRYPTO,
    HORIZONS_RISK,
    MEME_TOKENS,
    PIVOT_YEARS,
    QT_END_KEYS,
    RUNOFF_PERIODS,
    SECTORS,
    forward_return,
    has_fact,
    month_end_closes,
    pivot_date,
    typical_forward_return,
    welch_t,
)
from .rules import CONTRADICTED, PARTLY, SUPPORTED, ClaimResult, as_known, known, share_verdict

__all__ = [
    "episode_passes", "claim_13a", "claim_13b", "claim_14a", "claim_14b", "claim_14c", "claim_14d",
    "claim_20"
]

def _pivots(dff: pd.Series) -> dict[int, pd.Timestamp | None]:
    return {year: pivot_date(year, dff) for year in PIVOT_YEARS}


def episode_passes(forward: list[float], typical: list[float]) -> bool:
    """A rally after a pivot: positive at every horizon and above the typical return at most horizons."""
    if any(math.isnan(r) for r in forward):
        raise ValueError("a horizon is beyond the data")
    above_typical = sum(r > t for r, t in zip(forward, typical))
    return all(r > 0 for r in forward) and above_typical / len(forward) > rules.MOST_SHARE


def _episode_passes(prices: pd.Series, pivot, horizons) -> tuple[bool, list[str]]:
    forward = [forward_return(prices, pivot, h) for h in horizons]
    typical = [typical_forward_return(prices, h) for h in horizons]
    notes = [f"{h}m {r:+.0%} (typical {t:+.0%})" for h, r, t in zip(horizons, forward, typical)]
    return episode_passes(forward, typical), notes


def _score_pivots(pivots: dict, assess, missing_text: str) -> tuple[int, list[str]]:
    """Count the pivot episodes that pass `assess(pivot) -> (ok, text)`; describe every year."""
    passed, texts = 0, []
    for year, pivot in pivots.items():
        if pivot is None:
            texts.append(f"{year}: {missing_text}")
            continue
        ok, text = assess(pivot)
        passed += ok
        texts.append(f"{year} (pivot {pivot:%Y-%m-%d}): {text}")
    return passed, texts


def claim_13a() -> ClaimResult:
    sp = known("SP500")
    pivots = _pivots(known("DFF"))

    def assess(pivot):
        ok, notes = _episode_passes(sp, pivot, HORIZONS_RISK)
        return ok, "S&P 500 " + ", ".join(notes)

    passed, texts = _score_pivots(pivots, assess, "no pivot under the claim's definition")
    return ClaimResult(
        "13a", "Risk assets after easing pivots", "After the Fed turns from tightening to easing (rate cuts plus "
        "an end to QT), risk assets typically rally for 6-12 months.",
        "Pivot = first rate cut of the year (detected in DFF) with no run-off running (or run-off ending that "
        "year); S&P 500 return 6 and 12 months later against the median from all start dates; for the years "
        "the claim names.", "an episode passes if every horizon is positive and most beat the typical return; "
        "'typically' = more than half of the episodes",
        "; ".join(texts) + ".", share_verdict(passed, len(pivots), "most"), ("DFF", "SP500") + RUNOFF_PERIODS[0],
        details={"pivots": pivots, "passed": passed})


def claim_13b() -> ClaimResult:
    pivots = _pivots(known("DFF"))
    prices = {asset: known(asset) for asset in (BTC, ETH)}

    def assess(pivot):
        oks, notes = [], []
        for asset, series in prices.items():
            ok, n = _episode_passes(series, pivot, HORIZONS_CRYPTO)
            oks.append(ok)
            notes.append(f"{asset.split('-')[0]} " + ", ".join(n))
        return all(oks), "; ".join(notes)

    passed, texts = _score_pivots(pivots, assess,
                                  "no pivot under the claim's definition (no rate cut, run-off running)")
    return ClaimResult(
        "13b", "Crypto after the 2019, 2020 and 2023 pivots", "Crypto rallied for 6-18 months after each of the "
        "2019, 2020 and 2023 pivots.", "As 13a, for BTC and ETH (Coinbase) at 6, 12 and 18 months.",
        "each named episode must pass for BTC and ETH", " | ".join(texts) + ".",
        share_verdict(passed, len(pivots), "all"), ("DFF", BTC, ETH), float(passed), float(len(pivots)),
        "episodes", details={"pivots": pivots, "passed": passed})


def claim_14a() -> ClaimResult:
    closes = as_known(data.load_frame(list(ALT_BASKET_YAHOO) + ["BTC-USD.YAHOO"]))
    monthly = np.log(pd.DataFrame({c: month_end_closes(closes[c]) for c in closes})).diff().dropna()
    alts, btc = monthly[list(ALT_BASKET_YAHOO)].mean(axis=1), monthly["BTC-USD.YAHOO"]
    lead = {k: float(btc.corr(alts.shift(-k))) for k in range(0, 4)}
    lag = {k: float(alts.corr(btc.shift(-k))) for k in range(1, 4)}
    threshold = 2 / math.sqrt(len(monthly))
    best_k = max((1, 2, 3), key=lead.get)
    significant = lead[best_k] >= threshold
    verdict = (SUPPORTED if significant and lead[best_k] > max(lag.values()) else
               PARTLY if significant else CONTRADICTED)
    return ClaimResult(
        "14a", "BTC leads alt-coins by 1-3 months", "Bitcoin benefits first from easing and alt-coins follow "
        "1-3 months later.",
        "Correlation of BTC's monthly log return with an equal-weight alt-coin basket's return k months later "
        f"(Yahoo XRP, ADA, DOGE, LINK; {monthly.index[0]:%Y-%m} to {monthly.index[-1]:%Y-%m}).",
        f"significant if at least 2/sqrt(n) = {threshold:.2f}",
        f"same month {lead[0]:.2f}; BTC leading by 1, 2, 3 months: {lead[1]:.2f}, {lead[2]:.2f}, {lead[3]:.2f}; "
        f"alt-coins leading: {lag[1]:.2f}, {lag[2]:.2f}, {lag[3]:.2f} (n = {len(monthly)}).",
        verdict, ALT_BASKET_YAHOO + ("BTC-USD.YAHOO",), lead[best_k], threshold, "correlation",
        details={"lead": lead, "lag": lag})


def claim_14b() -> ClaimResult:
    ratio = (known(ETH) / known(BTC)).dropna()
    pivots = [p for p in _pivots(known("DFF")).values() if p is not None] + [events.event_date("qt_end")]
    passed, complete, texts = 0, 0, []
    for pivot in pivots:
        change = forward_return(ratio, pivot, EASING_WINDOW_MONTHS)
        if math.isnan(change):
            partial = float(ratio.iloc[-1] / ratio.loc[:pivot].iloc[-1] - 1.0)
            texts.append(f"from {pivot:%Y-%m-%d}: window incomplete, {partial:+.1%} to {ratio.index[-1]:%Y-%m-%d}")
            continue
        complete += 1
        passed += change > 0
        texts.append(f"from {pivot:%Y-%m-%d}: {change:+.0%}")
    return ClaimResult(
        "14b", "ETH beats BTC when easing", "Ether outperforms Bitcoin in the easing phase.",
        f"Change in the ETH/BTC price ratio (Coinbase closes) over the {EASING_WINDOW_MONTHS} months after each "
        "pivot of claim 13 and after the end of QT in December 2025.", "each complete episode must show a rise",
        "; ".join(texts) + ".", share_verdict(passed, complete, "all"), (ETH, BTC, "DFF", "qt_end"),
        float(passed), float(complete), "episodes")


def _relative_monthly(token: str, base: str) -> pd.Series:
    rel = np.log(month_end_closes(known(token))) - np.log(month_end_closes(known(base)))
    return rel.diff().dropna()


def claim_14c() -> ClaimResult:
    liquidity = month_end_closes(net_liquidity("wednesday")).diff().dropna()
    rows = []
    for sector, tokens in (("DeFi", DEFI_TOKENS), ("meme", MEME_TOKENS)):
        for name, (token, base) in tokens.items():
            rel = _relative_monthly(token, base)
            frame = pd.concat([rel.rename("rel"), liquidity.rename("dl")], axis=1, join="inner")
            up, down = frame.loc[frame["dl"] > 0, "rel"], frame.loc[frame["dl"] <= 0, "rel"]
            rows.append({"token": name, "sector": sector, "months": len(frame), "rising": up.mean(),
                         "falling": down.mean(), "t": welch_t(up, down)})
    table = pd.DataFrame(rows).set_index("token")
    n = len(table)
    significant = int((table["t"] >= rules.T_SIGNIF).sum())
    right_sign = int((table["rising"] > table["falling"]).sum())
    verdict = (share_verdict(significant, n, "most") if significant else
               PARTLY if right_sign / n > rules.MOST_SHARE else CONTRADICTED)
    return ClaimResult(
        "14c", "DeFi and memes rally on liquidity", "DeFi tokens and meme coins rally when liquidity is abundant.",
        "Monthly log return of each token relative to BTC on the same feed, in months when net liquidity "
        "(WALCL - WDTGAL - RRPONTSYD, Wednesday basis) rose vs fell; Welch t-test. COMP data end in 2022.",
        f"significant at t >= {rules.T_SIGNIF:.0f} for most tokens; right sign only: partly",
        "; ".join(f"{k}: {r.rising:+.1%} vs {r.falling:+.1%} a month (t = {r.t:.1f}, {r.months} months)"
                  for k, r in table.iterrows())
        + f". Significant: {significant} of {n}; right sign: {right_sign} of {n}.",
        verdict, tuple(v[0] for v in {**DEFI_TOKENS, **MEME_TOKENS}.values()) + ("WALCL", "WDTGAL", "RRPONTSYD"),
        float(significant), float(n), "tokens", details={"table": table})


def claim_14d() -> ClaimResult:
    ids = [i for group in SECTORS.values() for i in group]
    prices = as_known(data.load_frame(ids).dropna())
    vol = np.log(prices).diff().std() * math.sqrt(365)
    by_sector = pd.Series({s: float(vol[list(g)].mean()) for s, g in SECTORS.items()}).sort_values(ascending=False)
    top_token = vol.idxmax()
    verdict = (SUPPORTED if by_sector.index[0] == "memes" else
               PARTLY if top_token in SECTORS["memes"] else CONTRADICTED)
    return ClaimResult(
        "14d", "Memes are the most volatile", "Meme coins are the most volatile crypto sector.",
        f"Annualised volatility of daily log returns (Binance, USDT), {prices.index[0]:%Y-%m-%d} to "
        f"{prices.index[-1]:%Y-%m-%d}, averaged by sector.", "memes must have the highest sector average",
        "; ".join(f"{s} {v:.0%}" for s, v in by_sector.items()) + f". Most volatile token: {top_token} "
        f"({vol.max():.0%}); DOGE {vol['DOGE-USDT.BINANCE']:.0%}.",
        verdict, tuple(ids), float(by_sector["memes"]), float(by_sector.drop("memes").max()), "annualised volatility",
        details={"by_sector": by_sector, "vol": vol})


def claim_20() -> ClaimResult:
    alts = as_known(data.load_frame(list(ALT_BASKET_YAHOO) + ["ETH-USD.YAHOO"]))
    btc = known("BTC-USD.YAHOO")
    identified = has_fact("altcoin_qt_study")
    testable, passed, texts = 0, 0, []
    for key in QT_END_KEYS:
        day = events.event_date(key)
        rel = []
        for h in ALT_HORIZONS:
            end = day + pd.DateOffset(months=h)
            if end > alts.dropna(how="all").index[-1]:
                rel = None
                break
            basket = float((alts.loc[:end].iloc[-1] / alts.loc[:day].iloc[-1]).mean())
            rel.append((h, basket / (rt.total_return(btc, day, end) + 1.0) - 1.0))
        if rel is None:
            texts.append(f"QT end {day:%Y-%m-%d}: a {max(ALT_HORIZONS)}-month window is beyond the data")
            continue
        testable += 1
        passed += all(r > 0 for _, r in rel)
        texts.append(f"QT end {day:%Y-%m-%d}: basket vs BTC " + ", ".join(f"{h}m {r:+.0%}" for h, r in rel))
    replication = share_verdict(passed, testable, "all")
    verdict = (replication if replication != SUPPORTED else
               (SUPPORTED if identified and testable == len(QT_END_KEYS) else PARTLY))
    return ClaimResult(
        "20", "Alt-coins after QT ends", "An analyst found that alt-coins outperform for 29-42 months after QT ends.",
        "Equal-weight buy-and-hold basket (Yahoo ETH, XRP, ADA, DOGE, LINK) relative to BTC (Yahoo) 29 and 42 "
        "months after each dated end of run-off. The study itself must be identified from a dated source.",
        "outperformance at both horizons in every testable episode; study identified",
        "; ".join(texts) + (". The study is not identified in the book's sources." if not identified else "."),
        verdict, ALT_BASKET_YAHOO + ("ETH-USD.YAHOO", "BTC-USD.YAHOO") + QT_END_KEYS, float(passed), float(testable),
        "episodes", settle_with="" if identified else "the analyst's study (author, date, method)")
