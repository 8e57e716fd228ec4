"""Claims about the ON RRP, repo rates and the standing repo facility (claims 9-12).
ON RRP take-up (RRPONTSYD) and repo operations are published in billions of USD; rates in percent.
"""

from __future__ import annotations

import pandas as pd

from ..analysis import levels as an
from ..data import events
from . import rules
from .measures import ARTICLES_START, POST_PANDEMIC_START, REPO_EPISODES, fact, fmt_bn
from .rules import (
    CONTRADICTED,
    EPS,
    NOT_TESTABLE,
    PARTLY,
    SETTLING_QUALITY,
    SUPPORTED,
    ClaimResult,
    above,
    availability,
    known,
    known_by_then,
    not_testable_text,
    rank_bound,
    relative_distance,
    sourced_fact,
)

__all__ = [
    "claim_9", "claim_10", "claim_11", "srf_takeups", "claim_12"
]

def claim_9() -> ClaimResult:
    rrp = known("RRPONTSYD").loc[POST_PANDEMIC_START:]
    claimed = 59.0
    record = rrp <= rrp.cummin()
    near = rrp[(rrp - claimed).abs() <= rules.LEVEL_TOL * claimed + EPS]
    near_records = near[record.reindex(near.index)]
    low_date = rrp.loc[:ARTICLES_START].idxmin()
    low = float(rrp.loc[low_date])
    if near.empty:
        verdict, text = CONTRADICTED, f"No reading within ±{rules.LEVEL_TOL:.0%} of {claimed:.0f}B."
    elif near_records.empty:
        verdict, text = PARTLY, (f"Readings near {claimed:.0f}B on {', '.join(f'{d:%Y-%m-%d}' for d in near.index)}, "
                                 "but none was then the lowest since the pandemic.")
    else:
        first = near_records.index[0]
        stale = relative_distance(low, claimed, rules.LEVEL_TOL) > 1.0
        verdict = PARTLY if stale else SUPPORTED
        text = (f"{near_records.iloc[0]:.2f}B on {first:%Y-%m-%d} was then the lowest since "
                f"{POST_PANDEMIC_START:%Y-%m-%d}. By the articles' window the low was far lower: "
                f"{low:.2f}B on {low_date:%Y-%m-%d}." if stale else "")
    return ClaimResult(
        "9", "ON RRP low", "The overnight reverse repo facility fell to $59 billion, a post-pandemic low.",
        f"RRPONTSYD (daily, billions) from {POST_PANDEMIC_START:%Y-%m-%d}: dates within tolerance of the claim "
        "that were a running minimum, and the minimum before the articles appeared.",
        f"±{rules.LEVEL_TOL:.0%}; 'post-pandemic low' = lowest since {POST_PANDEMIC_START:%B %Y}; still the low "
        "when the articles appeared", text, verdict, ("RRPONTSYD",),
        float(near_records.iloc[0]) if not near_records.empty else None, claimed, "billions of USD",
        relative_distance(float(near_records.iloc[0]), claimed, rules.LEVEL_TOL) if not near_records.empty else None,
        details={"low": low, "low_date": low_date,
                 "record_date": near_records.index[0] if not near_records.empty else None})


def claim_10() -> ClaimResult:
    sofr = known("SOFR")
    rows = []
    for name, (start, end) in REPO_EPISODES.items():
        window = sofr.loc[start:end]
        rows.append({"episode": name, "max SOFR": float(window.max()), "on": window.idxmax()})
    table = pd.DataFrame(rows)
    best = table.loc[table["max SOFR"].idxmax()]
    sofr_v = above(float(best["max SOFR"]), 5.5)
    intraday = fact("repo_intraday_high_2019")
    in_episode = any(pd.Timestamp(s) <= pd.Timestamp(intraday["date"]) <= pd.Timestamp(e)
                     for s, e in REPO_EPISODES.values())
    fact_v = sourced_fact(above(float(intraday["amount"]), 5.5), intraday["quality"]) if in_episode else CONTRADICTED
    verdict = sofr_v if sofr_v == SUPPORTED else (PARTLY if fact_v == SUPPORTED else sofr_v)
    return ClaimResult(
        "10", "Repo spike", "Repo rates spiked above 5.5%.",
        "Maximum SOFR (the benchmark overnight Treasury repo rate) in each candidate episode; a dated source "
        "on other repo rates (intraday trades) counts for at most 'partly supported'.",
        "strictly above the threshold",
        "; ".join(f"{r.episode}: max SOFR {r._2:.2f}% on {r.on:%Y-%m-%d}" for r in table.itertuples()) +
        f"; highest SOFR ever in the snapshot {sofr.max():.2f}% ({sofr.idxmax():%Y-%m-%d}). Dated source: "
        f"intraday repo trades reached about {intraday['amount']:.0f}% on {intraday['date']} "
        f"(quality {intraday['quality']}).",
        verdict, ("SOFR", "repo_intraday_high_2019"), float(best["max SOFR"]), 5.5, "percent",
        details={"table": table, "sofr_ever": float(sofr.max())})


def claim_11(rpontsyd: pd.Series | None = None) -> ClaimResult:
    """Rank of a $13.5B operation among daily repo operations since March 2020 (needs RPONTSYD)."""
    claimed = 13.5
    missing = [] if rpontsyd is not None else availability("repo_ops")
    base = dict(claim="11", topic="Second-largest repo injection",
                statement="An overnight repo injection of $13.5 billion was the second largest since COVID.",
                test="Daily repo operation totals (RPONTSYD, billions) since 2020-03-15: the rank of the "
                     "operation near the claimed size.", tolerance=f"size ±{rules.LEVEL_TOL:.0%}; rank exactly 2",
                data=("RPONTSYD",), claimed=claimed, unit="billions of USD")
    if missing:
        return _claim_11_from_dated_takeups(base, claimed, missing)
    ops = (rpontsyd if rpontsyd is not None else known("RPONTSYD")).loc["2020-03-15":].dropna()
    near = ops[(ops - claimed).abs() <= rules.LEVEL_TOL * claimed + EPS]
    if near.empty:
        return ClaimResult(**base, result=f"No operation within ±{rules.LEVEL_TOL:.0%} of {claimed}B.",
                           verdict=CONTRADICTED)
    day = near.index[0]
    rank = int((ops.loc[:day] > near.iloc[0]).sum()) + 1  # rank among operations up to that day
    return ClaimResult(**base, result=f"{near.iloc[0]:.1f}B on {day:%Y-%m-%d} ranked {rank} since 2020-03-15.",
                       verdict=SUPPORTED if rank == 2 else CONTRADICTED, measured=float(rank))


def _claim_11_from_dated_takeups(base: dict, claimed: float, missing) -> ClaimResult:
    """Without RPONTSYD, dated take-ups on file still bound the rank (discipline 4): each
    settling (P or R) take-up larger than the claim, dated by the judging date, is an overnight
    repo operation since COVID that outranks it. Weak (W) values are shown, not counted."""
    takeups = srf_takeups()
    larger = takeups[takeups["amount"] > claimed]
    settling = larger[larger["quality"].isin(SETTLING_QUALITY)]
    best_rank = rank_bound(settling["amount"], claimed)
    listed = ", ".join(f"{a:.2f}B on {d:%Y-%m-%d} ({q})" for a, d, q in
                       zip(larger["amount"], larger["date"], larger["quality"]))
    by = "in the snapshot" if rules.JUDGED_AS_OF is None else f"by {rules.JUDGED_AS_OF:%Y-%m-%d}"
    text = (f"RPONTSYD is not in the snapshot. The {len(takeups)} dated standing-repo take-ups on file {by} "
            f"(a partial list) include {len(larger)} larger than {claimed}B: {listed}. "
            f"The {len(settling)} with P or R sources alone mean that, by then, an "
            f"operation of {claimed}B could rank no better than {best_rank} since COVID.")
    if best_rank > 2:
        return ClaimResult(**base, result=text + " By then 'second largest since COVID' is impossible, whatever the operation's date.",
                           verdict=CONTRADICTED, measured=float(best_rank))
    return ClaimResult(**base, result=text + " Without the operation's date and the full history the rank "
                       "cannot be computed.", verdict=NOT_TESTABLE, settle_with=not_testable_text(missing))


def srf_takeups() -> pd.DataFrame:
    """Dated standing repo facility take-ups on file by the judging date (data/policy_amounts.csv,
    keys srf_takeup_*)."""
    table = known_by_then(events.announced_amounts())
    table = table[table.index.str.startswith("srf_takeup_")].copy()
    table["date"] = pd.to_datetime(table["date"])
    return table.sort_values("date")


def claim_12(rpontsyd: pd.Series | None = None) -> ClaimResult:
    """A $38B repo operation (needs RPONTSYD); the dated bill-purchase fact is context."""
    claimed = 38.0
    missing = [] if rpontsyd is not None else availability("repo_ops")
    bills = fact("rmp_dec_2025_bills")
    treast = known("TREAST")
    december = an.change_between(treast, "2025-11-30", "2025-12-31")
    context = (f"Context: {fmt_bn(bills['amount'])} is the reported total of Treasury bills the Fed "
               f"bought in December 2025 (quality {bills['quality']}), outright purchases, not repo; TREAST "
               f"rose {december.change:+.1f}B from {december.start_date:%Y-%m-%d} to {december.end_date:%Y-%m-%d}.")
    base = dict(claim="12", topic="A $38B repo operation",
                statement="The Fed carried out a $38 billion repo operation.",
                test="Daily repo operation totals (RPONTSYD) for an operation near the claimed size; the December "
                     "2025 bill purchases (data/policy_amounts.csv, TREAST) to see what the figure may refer to.",
                tolerance=f"±{rules.LEVEL_TOL:.0%}", data=("RPONTSYD", "rmp_dec_2025_bills", "TREAST"),
                claimed=claimed, unit="billions of USD")
    if missing:
        return ClaimResult(**base, result="RPONTSYD is not in the snapshot. " + context,
                           verdict=NOT_TESTABLE, settle_with=not_testable_text(missing))
    ops = rpontsyd.loc["2025-01-01":].dropna()
    near = ops[(ops - claimed).abs() <= rules.LEVEL_TOL * claimed + EPS]
    verdict = SUPPORTED if len(near) else CONTRADICTED
    found = ", ".join(f"{v:.1f}B on {d:%Y-%m-%d}" for d, v in near.items()) or "none"
    return ClaimResult(**base, result=f"Operations near {claimed:.0f}B: {found}. " + context, verdict=verdict)
