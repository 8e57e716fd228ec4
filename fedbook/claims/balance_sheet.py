"""Claims about the size of the Fed's balance sheet and QT: amounts, peaks, levels on dates,
the purchase restart, forecasts of RMPs and the Fed's stopping criterion (claims 1-4, 16a, 18a,
18b). Levels are Wednesday levels of WALCL in billions of USD (published in millions).
"""

from __future__ import annotations

import pandas as pd

from ..analysis import levels as an
from ..data import events
from . import rules
from .measures import ARTICLES_END, CRITERION_KEYS, PURCHASE_START_KEYS, fact, fmt_bn, fmt_tn
from .rules import (
    CONTRADICTED,
    EPS,
    NOT_TESTABLE,
    PARTLY,
    SETTLING_QUALITY,
    SUPPORTED,
    ClaimResult,
    across_definitions,
    availability,
    combine,
    from_statements,
    grade,
    in_range,
    known,
    known_by_then,
    relative_distance,
    settle_text,
    sourced_fact,
    within_tolerance,
)

__all__ = [
    "claim_1", "claim_2a", "claim_2b", "claim_2c", "claim_3", "claim_4", "claim_16a", "claim_18a",
    "claim_18b"
]

def claim_1() -> ClaimResult:
    walcl, treast, mbs = known("WALCL"), known("TREAST"), known("WSHOMCB")
    securities = (treast + mbs).dropna()
    measures = {"total assets from the start of run-off": an.change_between(walcl, "qt_start", "qt_end"),
                "total assets from the April 2022 peak": an.change_between(walcl, "walcl_peak", "qt_end"),
                "securities held from the start of run-off": an.change_between(securities, "qt_start", "qt_end")}
    claimed_bn, claimed_months = 2000.0, 36.0
    dist = {k: relative_distance(-c.change, claimed_bn, rules.AMOUNT_TOL) for k, c in measures.items()}
    best = min(dist, key=dist.get)
    runoff = an.change_between(walcl, "qt_start", "qt_end")
    months = (events.event_date("qt_end") - events.event_date("qt_start")).days / (365.25 / 12)
    duration_v = within_tolerance(months, claimed_months, rules.AMOUNT_TOL)
    by_definition = {k: combine([grade(d), duration_v]) for k, d in dist.items()}
    amount_v = across_definitions({k: grade(d) for k, d in dist.items()})
    spread = ", ".join(f"{k}: {fmt_bn(-c.change)}" for k, c in measures.items())
    return ClaimResult(
        "1", "Size of QT", "QT withdrew about $2 trillion over about three years.",
        "Decline of WALCL and of TREAST+WSHOMCB (Wednesday levels) from the start of run-off "
        "(or the April 2022 peak) to the last Wednesday before run-off ended; duration from the "
        "dated start and end of run-off. Judged under each measure (rules.across_definitions).",
        f"amount and duration each within ±{rules.AMOUNT_TOL:.0%}",
        f"{spread} (Wednesdays {runoff.start_date:%Y-%m-%d} and {runoff.end_date:%Y-%m-%d}). Closest: {best}. "
        f"Run-off lasted {months:.1f} months ({events.event_date('qt_start'):%Y-%m-%d} to "
        f"{events.event_date('qt_end'):%Y-%m-%d}). "
        f"Amount: {amount_v} (across the three measures); duration: {duration_v}.",
        across_definitions(by_definition), ("WALCL", "TREAST", "WSHOMCB", "qt_start", "qt_end", "walcl_peak"),
        measured=-measures[best].change, claimed=claimed_bn, unit="billions of USD", distance=dist[best],
        details={"months": months, "changes": {k: -c.change for k, c in measures.items()}, "best": best,
                 "amount": amount_v, "duration": duration_v},
        by_definition=by_definition)


def claim_2a() -> ClaimResult:
    walcl = known("WALCL")
    when, level = an.peak(walcl, "2020-01-01")
    return ClaimResult(
        "2a", "Balance-sheet peak", "The Fed's balance sheet peaked at about $9 trillion.",
        "Maximum of WALCL (Wednesday level) since 2020.", f"±{rules.LEVEL_TOL:.0%}",
        f"Peak {fmt_tn(level)} on {when:%Y-%m-%d}.",
        within_tolerance(level, 9000.0, rules.LEVEL_TOL), ("WALCL",), level, 9000.0, "billions of USD",
        relative_distance(level, 9000.0, rules.LEVEL_TOL), details={"date": when})


def claim_2b() -> ClaimResult:
    walcl = known("WALCL")
    decided = events.qt_caps().set_index("start").loc["2024-06-01", "decided"]  # first QT slowdown
    when, level = an.level_on(walcl, decided)
    return ClaimResult(
        "2b", "Balance sheet mid-QT", "It then fell to about $7.4 trillion.",
        "WALCL on the last Wednesday on or before the first QT slowdown decision (data/qt_caps.csv), "
        "the point when dated sources describe the balance sheet at this level.", f"±{rules.LEVEL_TOL:.0%}",
        f"{fmt_tn(level)} on {when:%Y-%m-%d} (slowdown decided {decided:%Y-%m-%d}).",
        within_tolerance(level, 7400.0, rules.LEVEL_TOL), ("WALCL", "qt_caps.csv"), level, 7400.0, "billions of USD",
        relative_distance(level, 7400.0, rules.LEVEL_TOL), details={"date": when})


def claim_2c() -> ClaimResult:
    walcl = known("WALCL")
    when, level = an.level_on(walcl, "qt_end")
    window = walcl.loc[events.event_date("qt_end_decision"):ARTICLES_END]
    worst = float((window / 6550.0 - 1.0).abs().max())
    level_v = within_tolerance(level, 6550.0, rules.LEVEL_TOL)
    stable_v = SUPPORTED if worst <= rules.STABLE_BAND + EPS else PARTLY
    return ClaimResult(
        "2c", "Balance sheet at the end of QT", "It was stable at about $6.55 trillion at the end of QT.",
        "WALCL on the last Wednesday before run-off ended, and every Wednesday from the decision to end "
        "QT to the end of the articles' publication window.",
        f"level ±{rules.LEVEL_TOL:.0%}; stable = every Wednesday within ±{rules.STABLE_BAND:.0%}",
        f"{fmt_tn(level)} on {when:%Y-%m-%d}; Wednesdays {window.index[0]:%Y-%m-%d} to "
        f"{window.index[-1]:%Y-%m-%d} ranged {fmt_tn(window.min())} to {fmt_tn(window.max())} "
        f"(largest gap from the claimed level {worst:.1%}).",
        combine([level_v, stable_v]), ("WALCL", "qt_end_decision", "qt_end"), level, 6550.0, "billions of USD",
        relative_distance(level, 6550.0, rules.LEVEL_TOL), details={"band": worst, "date": when})


def claim_3() -> ClaimResult:
    treast = known("TREAST")
    q1 = an.change_between(treast, "2024-12-31", "2025-03-31")
    weekly = treast.loc["2025-01-01":"2025-03-31"].diff().dropna()
    starts = events.select(keys=PURCHASE_START_KEYS)
    restart = starts[starts["date"] > events.event_date("qt_start")]["date"].min()
    announced_in_q1 = pd.Timestamp("2025-01-01") <= restart <= pd.Timestamp("2025-03-31")
    slow2 = events.event_date("qt_slow_2")
    data_v = within_tolerance(q1.per_month, 35.0, rules.AMOUNT_TOL)
    fact_v = SUPPORTED if announced_in_q1 else CONTRADICTED
    return ClaimResult(
        "3", "Purchases restarted in Q1 2025", "The Fed restarted Treasury purchases at $35 billion a month "
        "in the first quarter of 2025.",
        "TREAST (Wednesday level) change over Q1 2025 per month; dated programme starts in data/events.csv.",
        f"monthly pace ±{rules.AMOUNT_TOL:.0%}",
        f"TREAST changed {q1.per_month:+.1f}B a month ({q1.start_date:%Y-%m-%d} to {q1.end_date:%Y-%m-%d}); "
        f"largest weekly rise {weekly.max():+.1f}B. First purchase programme after QT began: "
        f"{restart:%Y-%m-%d} (reserve-management purchases). Run-off was still running and was slowed "
        f"again from {slow2:%Y-%m-%d}.",
        combine([data_v, fact_v]), ("TREAST", "rmp_start", "qt_slow_2"), q1.per_month, 35.0,
        "billions of USD a month", relative_distance(q1.per_month, 35.0, rules.AMOUNT_TOL),
        details={"restart": restart})


def claim_4() -> ClaimResult:
    meeting = events.event_date("rmp_decision")
    parts, texts = [], []
    for key, name, claimed in [("forecast_bofa_rmp_monthly", "BofA", 45.0),
                               ("forecast_evercore_rmp_monthly", "Evercore ISI", 35.0)]:
        row = fact(key)
        matches = within_tolerance(row["amount"], claimed, rules.LEVEL_TOL)
        dated_before = pd.Timestamp(row["date"]) < meeting
        verdict = sourced_fact(matches if dated_before else PARTLY, row["quality"])
        parts.append(verdict)
        texts.append(f"{name}: {fmt_bn(row['amount'])} a month attributed in a source dated "
                     f"{row['date']} (quality {row['quality']}): {verdict}")
    actual = events.announced("rmp_first_round")
    return ClaimResult(
        "4", "Forecasts of RMPs", "A BofA strategist forecast reserve-management purchases of $45 billion a "
        "month, and Evercore ISI $35 billion a month.",
        "Dated reports attributing the figures, recorded as facts in data/policy_amounts.csv; only P or R "
        "sources can fully settle an attribution.", f"figure ±{rules.LEVEL_TOL:.0%}; dated before the meeting",
        "; ".join(texts) + f". These are forecasts: the NY Fed's first monthly schedule was about "
        f"{fmt_bn(actual)} of bills.",
        combine(parts), ("forecast_bofa_rmp_monthly", "forecast_evercore_rmp_monthly", "rmp_first_round"),
        details={"parts": parts})


def claim_16a() -> ClaimResult:
    walcl = known("WALCL")
    first = walcl.loc["2023-01-01":].iloc[:1]
    when, level = first.index[0], float(first.iloc[0])
    q1 = walcl.loc["2023-01-01":"2023-03-31"]
    return ClaimResult(
        "16a", "Balance sheet in early 2023", "The Fed's balance sheet stood at about $8.7 trillion in early 2023.",
        "WALCL on the first Wednesday of 2023; the range over the first quarter for context.",
        f"±{rules.LEVEL_TOL:.0%}",
        f"{fmt_tn(level)} on {when:%Y-%m-%d}; first quarter {fmt_tn(q1.min())} to {fmt_tn(q1.max())} "
        f"(the March peak reflects emergency bank lending, not securities).",
        within_tolerance(level, 8700.0, rules.LEVEL_TOL), ("WALCL",), level, 8700.0, "billions of USD",
        relative_distance(level, 8700.0, rules.LEVEL_TOL), details={"date": when})


def claim_18a() -> ClaimResult:
    statements = known_by_then(events.select(keys=CRITERION_KEYS))
    numeric = known_by_then(events.announced_amounts())
    numeric = numeric[numeric.index.str.startswith("fed_criterion_") & (numeric["unit"] == "percent of GDP")]
    stating = [q for a, q in zip(numeric["amount"], numeric["quality"]) if in_range(a, 8.0, 10.0) == SUPPORTED]
    opposing = [q for a, q in zip(numeric["amount"], numeric["quality"]) if in_range(a, 8.0, 10.0) == CONTRADICTED]
    # A statement of the criterion in other terms does not say that a reserves-to-GDP level
    # plays no part: it is not a statement of the opposite (discipline 3).
    verdict = from_statements(stating, opposing)
    settling = statements[statements["quality"].isin(SETTLING_QUALITY)]
    text = (f"{len(settling)} dated Fed statements of the criterion on file ("
            + ", ".join(f"{d:%Y-%m-%d}, quality {q}" for d, q in zip(settling["date"], settling["quality"]))
            + ") state it in other terms: stop run-off when reserves are 'somewhat above' ample, judged from "
            "money-market signs (repo rates against administered rates, standing repo use, EFFR against IORB). "
            + (f"{len(numeric)} Fed source(s) on file state a reserves-to-GDP figure." if len(numeric) else
               "No Fed source on file states a reserves-to-GDP threshold, and none states that the Fed does not "
               "consider one: absence of a statement is not evidence against the claim."))
    return ClaimResult(
        "18a", "The Fed's criterion for stopping QT", "The Fed considers stopping QT when reserves fall below "
        "roughly 8-10% of GDP.", "Dated Fed sources on the criterion (data/events.csv); any Fed reserves-to-GDP "
        "threshold would be recorded in data/policy_amounts.csv.",
        "a Fed source stating a threshold within 8-10% of GDP supports; one stating a different threshold, or "
        "that no such threshold is used, contradicts",
        text, verdict, CRITERION_KEYS,
        settle_with="a dated Fed source (FOMC minutes, a speech or the Desk) that states whether a reserves-to-GDP "
                    "level is part of the criterion" if verdict == NOT_TESTABLE else "")


GDP_DEFINITIONS = {  # quarters known by the judging date (GDP is published a month or more after a quarter)
    "GDP of 2025-Q3, the last full quarter before run-off ended": ("2025-07-01", "2025-07-01"),
    "GDP averaged over the four quarters to 2025-Q3": ("2024-10-01", "2025-07-01"),
}


def claim_18b() -> ClaimResult:
    missing = availability("gdp")
    when, reserves = an.level_on(known("WRESBAL"), "qt_end")
    estimate = fact("reserves_gdp_bofa_dec2025")
    base = dict(claim="18b", topic="Reserves/GDP when QT ended (description)",
                statement="Reserves were about 8-10% of GDP when QT ended.",
                tolerance=f"inside 8-10%; partly within ±{rules.AMOUNT_TOL:.0%} of the nearer end")
    context = (f"A bank estimate of {estimate['amount']}% of GDP (early December 2025) is on file with quality "
               f"{estimate['quality']}, context only.")
    if missing:
        return ClaimResult(**base, test="WRESBAL (week average) in the last week of run-off divided by nominal GDP.",
                           result=f"Reserves {fmt_tn(reserves)} (week ending {when:%Y-%m-%d}); no GDP series in the "
                                  "snapshot. " + context, verdict=NOT_TESTABLE,
                           data=("WRESBAL", "reserves_gdp_bofa_dec2025"), settle_with=settle_text(missing, "gdp"))
    gdp = known("GDP")
    ratios = {name: 100.0 * reserves / float(gdp.loc[a:b].mean()) for name, (a, b) in GDP_DEFINITIONS.items()}
    by_definition = {name: in_range(r, 8.0, 10.0) for name, r in ratios.items()}
    return ClaimResult(
        **base, test="WRESBAL (week average, billions) in the last week of run-off divided by nominal GDP "
        "(billions, seasonally adjusted annual rate: a stock over a year's output), for the GDP quarters "
        "known by the articles' window.",
        result=f"Reserves {fmt_tn(reserves)} (week ending {when:%Y-%m-%d}); "
               + "; ".join(f"{name}: {r:.1f}%" for name, r in ratios.items()) + ". " + context
               + " GDP is one later vintage (BEA revises it), transcribed from a public copy.",
        verdict=across_definitions(by_definition), data=("WRESBAL", "GDP", "reserves_gdp_bofa_dec2025"),
        measured=next(iter(ratios.values())), claimed=9.0, unit="percent of GDP",
        details={"ratios": ratios, "reserves": reserves, "week": when}, by_definition=by_definition)
