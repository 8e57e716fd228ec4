"""The ledger itself: every claim judged on the current data, and the tables the chapter shows
(one row per claim, key figures, verdict counts, verdicts that flip under other tolerances).
"""

from __future__ import annotations

import pandas as pd

from ..analysis import strategies as st
from .balance_sheet import (
    claim_1,
    claim_2a,
    claim_2b,
    claim_2c,
    claim_3,
    claim_4,
    claim_16a,
    claim_18a,
    claim_18b,
)
from .crypto_events import claim_5, claim_7, claim_8a, claim_8b, claim_16b, claim_19
from .cycles import (
    claim_13a,
    claim_13b,
    claim_14a,
    claim_14b,
    claim_14c,
    claim_14d,
    claim_20,
)
from .markets import claim_6, claim_15, claim_17a, claim_17b
from .money_markets import claim_9, claim_10, claim_11, claim_12
from .rules import ARTICLES_END, VERDICTS, ClaimResult, judged_as_of
from .strategy_claims import claim_21a, claim_21b, strategy_prices

__all__ = [
    "SIMPLE_CLAIMS", "all_results", "ledger", "key_figures", "verdict_counts", "verdict_changes",
    "definitions_table", "since_then"
]

SIMPLE_CLAIMS = (claim_1, claim_2a, claim_2b, claim_2c, claim_3, claim_4, claim_5, claim_6, claim_7, claim_8a,
                 claim_8b, claim_9, claim_10, claim_11, claim_12, claim_13a, claim_13b, claim_14a, claim_14b,
                 claim_14c, claim_14d, claim_15, claim_16a, claim_16b, claim_17a, claim_17b, claim_18a, claim_18b,
                 claim_19, claim_20)


def all_results(simulation: pd.DataFrame | None = None) -> dict[str, ClaimResult]:
    """Every claim judged on the current data (runs the strategy simulation if not given)."""
    simulation = st.simulate(strategy_prices()) if simulation is None else simulation
    results = [f() for f in SIMPLE_CLAIMS] + [claim_21a(simulation), claim_21b(simulation)]
    return {r.claim: r for r in results}


def ledger(results: dict[str, ClaimResult]) -> pd.DataFrame:
    """The ledger table: one row per claim or part."""
    rows = [{"claim": r.claim, "topic": r.topic, "claim (paraphrase)": r.statement, "how it is tested": r.test,
             "tolerance": r.tolerance, "result": r.result, "verdict": r.verdict,
             "verdict by definition": "; ".join(f"{d}: {v}" for d, v in r.by_definition.items()),
             "would settle it": r.settle_with} for r in results.values()]
    return pd.DataFrame(rows).set_index("claim")


def key_figures(results: dict[str, ClaimResult]) -> pd.DataFrame:
    """Claims with a single measured figure: measured, claimed, distance in tolerance units."""
    rows = [{"claim": r.claim, "topic": r.topic, "measured": r.measured, "claimed": r.claimed, "unit": r.unit,
             "distance": r.distance, "verdict": r.verdict}
            for r in results.values() if r.distance is not None]
    return pd.DataFrame(rows).set_index("claim")


def verdict_counts(results: dict[str, ClaimResult]) -> pd.Series:
    verdicts = pd.Series([r.verdict for r in results.values()])
    return verdicts.value_counts().reindex(VERDICTS, fill_value=0)


def verdict_changes(before: dict[str, ClaimResult], after: dict[str, ClaimResult]) -> pd.DataFrame:
    """Claims whose verdict differs between two runs (e.g. under different tolerances)."""
    rows = [{"claim": k, "before": before[k].verdict, "after": after[k].verdict}
            for k in before if before[k].verdict != after[k].verdict]
    return pd.DataFrame(rows, columns=["claim", "before", "after"]).set_index("claim")


def definitions_table(results: dict[str, ClaimResult]) -> pd.DataFrame:
    """Discipline 1: every claim judged under several definitions, one row per definition."""
    rows = [{"claim": r.claim, "definition": d, "verdict under it": v, "claim's verdict": r.verdict}
            for r in results.values() for d, v in r.by_definition.items()]
    return pd.DataFrame(rows).set_index(["claim", "definition"])


def since_then(results: dict[str, ClaimResult], simulation: pd.DataFrame | None = None) -> pd.DataFrame:
    """Discipline 2: the verdicts re-judged on all the data (not only what was known by the end
    of the articles' window); only the claims whose verdict would differ."""
    with judged_as_of(None):
        later = all_results(simulation)
    table = verdict_changes(results, later)
    return table.rename(columns={"before": f"as of {ARTICLES_END:%Y-%m-%d}", "after": "on all the data"})
