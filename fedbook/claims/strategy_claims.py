"""Claims about trading strategies (dollar-cost averaging, a take-profit ladder), judged on
the historical simulation in ``fedbook.analysis.strategies`` (claims 21a, 21b).
"""

from __future__ import annotations

import pandas as pd

from ..analysis import strategies as st
from . import rules
from .measures import STRATEGY_ASSETS
from .rules import ClaimResult, combine, known, share_verdict

__all__ = [
    "strategy_prices", "strategy_verdict", "claim_21a", "claim_21b"
]

def strategy_prices() -> dict[str, pd.Series]:
    return {a: known(a) for a in STRATEGY_ASSETS}


def _short(strategy: str) -> str:
    return {"lump sum": "hold"}.get(strategy, strategy)


def strategy_verdict(results: pd.DataFrame, strategy: str, benchmark: str = "lump sum") -> tuple[str, pd.DataFrame]:
    """Risk is lower if the strategy's max drawdown is shallower at most start dates; that
    reduction 'comes with an equivalent loss of return' if the median final value falls by at
    least as much (in fractions of capital) as the median max drawdown improves."""
    paired = st.paired_comparison(results, strategy, benchmark)
    table = st.summary(results).xs(strategy, level="strategy")
    bench = st.summary(results).xs(benchmark, level="strategy")
    paired["max DD " + _short(strategy)] = table["max DD median"]
    paired["max DD " + _short(benchmark)] = bench["max DD median"]
    paired["final " + _short(strategy)] = table["final median"]
    paired["final " + _short(benchmark)] = bench["final median"]
    paired["DD improvement"] = table["max DD median"] - bench["max DD median"]
    paired["return given up"] = bench["final median"] - table["final median"]
    paired["risk lower"] = paired["share shallower DD"] > rules.MOST_SHARE
    paired["passes"] = paired["risk lower"] & (paired["return given up"] < paired["DD improvement"])
    return share_verdict(int(paired["passes"].sum()), len(paired), "most"), paired


def claim_21a(results: pd.DataFrame) -> ClaimResult:
    verdicts, parts, tables = [], [], {}
    for strategy in ("DCA 14 days", "DCA 28 days"):
        v, paired = strategy_verdict(results, strategy)
        tables[strategy] = paired
        verdicts.append(v)
        parts.append(f"{strategy}: max drawdown shallower at {paired['share shallower DD'].min():.0%}-"
                     f"{paired['share shallower DD'].max():.0%} of start dates, deeper at "
                     f"{paired['share deeper DD'].max():.0%} at most, identical at the rest; median final value minus "
                     f"lump sum's: {-paired['return given up'].max():+.3f} to "
                     f"{-paired['return given up'].min():+.3f}; passes for "
                     f"{int(paired['passes'].sum())} of {len(paired)} assets")
    return ClaimResult(
        "21a", "DCA over 2-4 weeks vs lump sum", "Dollar-cost averaging over 2-4 weeks reduces risk compared "
        "with a lump-sum entry.", f"Historical simulation, {st.HORIZON_DAYS}-day holding, start dates every "
        f"{st.STEP_DAYS} days, {st.COST:.1%} cost per trade, on {', '.join(STRATEGY_ASSETS)}.",
        "risk lower = shallower max drawdown at more than half the start dates, without giving up as much "
        "median final value as the median drawdown improves; most assets",
        "; ".join(parts) + ".", combine(verdicts), STRATEGY_ASSETS, details={"tables": tables})


def claim_21b(results: pd.DataFrame, rule: st.LadderRule = st.LadderRule()) -> ClaimResult:
    verdict, paired = strategy_verdict(results, "ladder", "lump sum")
    return ClaimResult(
        "21b", "Take-profit ladder vs buy-and-hold", "A staged take-profit ladder (sell 25% at +20%, 25% at +50%, "
        "trail a stop on the rest) reduces risk compared with holding.",
        f"As 21a; ladder: {rule.describe()}; executed at daily closes.", "as 21a",
        "; ".join(f"{a}: drawdown shallower at {r['share shallower DD']:.0%} of starts; medians: max drawdown "
                  f"{r['max DD ladder']:.0%} vs {r['max DD hold']:.0%}, final value {r['final ladder']:.2f} vs "
                  f"{r['final hold']:.2f}" for a, r in paired.iterrows())
        + f"; passes for {int(paired['passes'].sum())} of {len(paired)} assets.",
        verdict, STRATEGY_ASSETS, float(paired["passes"].sum()), float(len(paired)), "assets",
        details={"table": paired})
