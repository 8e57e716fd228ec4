"""A ledger of popular claims about QT, "hidden QE" and crypto, each judged by explicit rules.

Every claim is a small function that measures something on the snapshot (or reads a
dated, sourced fact from ``data/events.csv`` / ``data/policy_amounts.csv``) and returns a
:class:`ClaimResult`. The verdict is never typed in: it comes from the shared verdict
rules below (``within_tolerance``, ``above``, ``at_least``, ``share_verdict``,
``combine``, ``sourced_fact``, ``availability``), with every threshold a named constant.
A data refresh therefore re-judges every claim automatically; the tests in
``tests/test_claims.py`` pin the current verdicts so a flip is noticed and explained.

Conventions: money in billions of USD (``fb.load`` converts the H.4.1 series from
millions; ``RRPONTSYD`` is published in billions), rates in percent, prices in USD (or
USDT for Binance files) per coin. Balance-sheet levels are Wednesday levels; crypto
closes are 00:00 UTC daily bars unless a CoinGecko spot snapshot (about 09:30 UTC) is named.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import analysis as an
from . import data, events
from . import returns as rt
from . import strategies as st
from .liquidity import net_liquidity

# --- The verdict vocabulary --------------------------------------------------------------

SUPPORTED = "supported"
PARTLY = "partly supported"
CONTRADICTED = "contradicted"
NOT_TESTABLE = "not testable with this book's data"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, NOT_TESTABLE)

# --- Tolerances and thresholds (the book's definitions of "about", "high", "most") --------

AMOUNT_TOL = 0.10      # "about" an amount or a duration: within ±10% of the claimed figure
LEVEL_TOL = 0.03       # "about" a level on a date (balance sheet, price, ON RRP): within ±3%
PARTLY_FACTOR = 2.0    # up to twice the tolerance away: partly supported; further: contradicted
CORR_TOL = 0.05        # "about" a correlation: within ±0.05 (absolute)
RETURN_TOL_PP = 2.0    # "rose X%": a rise at least X minus 2 percentage points
STABLE_BAND = 0.02     # "stable at about X": every Wednesday level within ±2% of X
HIGH_CORR = 0.70       # "highly correlated": a correlation of at least 0.7
MOST_SHARE = 0.50      # "most": strictly more than half
CONSISTENT_SHARE = 0.75  # a "consistent" response: at least three events in four
T_SIGNIF = 2.0         # a difference in means counts as significant at |t| >= 2
EPS = 1e-9             # floating-point slack at a tolerance boundary (the boundary counts as inside)

SETTLING_QUALITY = ("P", "P (copy)", "R")  # source marks that can settle a claim; W cannot

TOLERANCES = {  # name -> what it means (the values are the module constants above)
    "AMOUNT_TOL": "'about' an amount or duration (relative)",
    "LEVEL_TOL": "'about' a level on a date (relative)",
    "PARTLY_FACTOR": "partly supported up to this many tolerances away",
    "CORR_TOL": "'about' a correlation (absolute)",
    "RETURN_TOL_PP": "'rose X%': shortfall allowed, percentage points",
    "STABLE_BAND": "'stable': largest gap from the level (relative)",
    "HIGH_CORR": "'highly correlated': at least",
    "MOST_SHARE": "'most': more than this share",
    "CONSISTENT_SHARE": "'consistent': at least this share of events",
    "T_SIGNIF": "significant difference: |t| at least",
}

# --- Windows pinned down once for the whole ledger ---------------------------------------

ARTICLES_START, ARTICLES_END = pd.Timestamp("2025-12-01"), pd.Timestamp("2026-01-31")  # when the articles appeared
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


@dataclass(frozen=True)
class Requirement:
    """A series a test needs: its id (FRED id where there is one), what it is, who publishes it."""

    series_id: str
    what: str
    source: str


# Data the snapshot lacks; availability() checks them against the snapshot manifest.
REQUIRED = {
    "liquidations": Requirement("CRYPTO_LIQUIDATIONS", "24-hour liquidation totals of leveraged crypto positions",
                                "liquidation data from a derivatives data provider (e.g. CoinGlass)"),
    "repo_ops": Requirement("RPONTSYD", "daily repo operations, including standing repo take-up",
                            "FRED RPONTSYD / NY Fed repo operation results"),
    "crypto_mcap": Requirement("CRYPTO_TOTAL_MCAP", "total crypto market capitalisation, 2023-2025",
                               "a total crypto market-cap history (e.g. CoinGecko or CoinMarketCap global data)"),
    "gdp": Requirement("GDP", "nominal GDP", "nominal GDP (FRED GDP, from the BEA)"),
    "dollar": Requirement("DTWEXBGS", "a broad dollar index", "a broad dollar index (FRED DTWEXBGS)"),
}


@dataclass
class ClaimResult:
    """One row of the ledger: what was claimed, how it was tested, what came out."""

    claim: str
    topic: str
    statement: str          # neutral paraphrase of the claim
    test: str               # series, window, statistic
    tolerance: str          # what counts as "about"
    result: str             # the computed result, in words and numbers
    verdict: str
    data: tuple[str, ...] = ()      # series ids and fact keys used
    measured: float | None = None   # the key number
    claimed: float | None = None
    unit: str = ""
    distance: float | None = None   # distance from the claim in tolerance units (1 = edge of "about")
    settle_with: str = ""           # for "not testable": the source that would settle it
    details: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"claim {self.claim}: unknown verdict {self.verdict!r}")


@contextmanager
def tolerances(**overrides):
    """Temporarily change named tolerances, e.g. ``with tolerances(LEVEL_TOL=0.01): all_results(sim)``."""
    unknown = set(overrides) - set(TOLERANCES)
    if unknown:
        raise ValueError(f"unknown tolerances {sorted(unknown)}; choose from {sorted(TOLERANCES)}")
    saved = {name: globals()[name] for name in overrides}
    globals().update(overrides)
    try:
        yield
    finally:
        globals().update(saved)


def tolerance_table() -> pd.DataFrame:
    return pd.DataFrame({"value": [globals()[n] for n in TOLERANCES], "meaning": list(TOLERANCES.values())},
                        index=pd.Index(list(TOLERANCES), name="constant"))


# --- Verdict rules -----------------------------------------------------------------------

def _grade(distance: float, partly_factor: float | None = None) -> str:
    """Distance in tolerance units -> verdict (a boundary counts as inside)."""
    partly_factor = PARTLY_FACTOR if partly_factor is None else partly_factor
    if not math.isfinite(distance):
        raise ValueError("distance must be finite")
    if distance <= 1.0 + EPS:
        return SUPPORTED
    if distance <= partly_factor + EPS:
        return PARTLY
    return CONTRADICTED


def relative_distance(measured: float, claimed: float, rel_tol: float) -> float:
    """|measured / claimed - 1| in units of rel_tol."""
    if claimed == 0 or rel_tol <= 0:
        raise ValueError("claimed must be non-zero and rel_tol positive")
    return abs(measured / claimed - 1.0) / rel_tol


def within_tolerance(measured: float, claimed: float, rel_tol: float, partly_factor: float | None = None) -> str:
    """Supported within ±rel_tol of the claim, partly within ±partly_factor*rel_tol, else contradicted."""
    return _grade(relative_distance(measured, claimed, rel_tol), partly_factor)


def within_abs(measured: float, claimed: float, abs_tol: float, partly_factor: float | None = None) -> str:
    """As within_tolerance, with an absolute tolerance (correlations, percentage points)."""
    if abs_tol <= 0:
        raise ValueError("abs_tol must be positive")
    return _grade(abs(measured - claimed) / abs_tol, partly_factor)


def at_least(measured: float, claimed: float, abs_tol: float, partly_factor: float | None = None) -> str:
    """'Rose by X': supported if measured >= X - tol; partly if >= X - partly_factor*tol."""
    if abs_tol <= 0:
        raise ValueError("abs_tol must be positive")
    return _grade(max(0.0, claimed - measured) / abs_tol, partly_factor)


def above(measured: float, threshold: float, rel_tol: float | None = None) -> str:
    """'Above X': supported if strictly above; partly if within rel_tol (default LEVEL_TOL) below; else contradicted."""
    rel_tol = LEVEL_TOL if rel_tol is None else rel_tol
    if measured > threshold:
        return SUPPORTED
    if measured >= threshold * (1.0 - rel_tol) - EPS:
        return PARTLY
    return CONTRADICTED


def share_verdict(passed: int, total: int, need: str = "all") -> str:
    """Claims about several episodes or assets. need='all' (each) or 'most' (more than half)."""
    if total == 0:
        return NOT_TESTABLE
    if not 0 <= passed <= total:
        raise ValueError("passed must be between 0 and total")
    if passed == 0:
        return CONTRADICTED
    if need == "all":
        return SUPPORTED if passed == total else PARTLY
    if need == "most":
        return SUPPORTED if passed / total > MOST_SHARE else PARTLY
    raise ValueError("need must be 'all' or 'most'")


def combine(verdicts) -> str:
    """One verdict for a claim with several parts: all supported -> supported; all
    contradicted -> contradicted; all untestable -> not testable; any other mix -> partly."""
    verdicts = list(verdicts)
    if not verdicts or any(v not in VERDICTS for v in verdicts):
        raise ValueError(f"bad verdicts: {verdicts}")
    for uniform in (SUPPORTED, CONTRADICTED, NOT_TESTABLE):
        if all(v == uniform for v in verdicts):
            return uniform
    return PARTLY


def sourced_fact(measured_verdict: str, quality: str) -> str:
    """A verdict that rests on a dated source: only P or R sources settle a claim.

    A weak (W) source that agrees with the claim gives at most 'partly supported'; a weak
    source that disagrees cannot refute it ('not testable').
    """
    if quality in SETTLING_QUALITY:
        return measured_verdict
    return PARTLY if measured_verdict in (SUPPORTED, PARTLY) else NOT_TESTABLE


def availability(*needs: str) -> list[Requirement]:
    """The required series missing from the snapshot (empty list = all there)."""
    known = set(data.series_ids())
    return [REQUIRED[n] for n in needs if REQUIRED[n].series_id not in known]


def not_testable_text(missing: list[Requirement]) -> str:
    return "; ".join(m.source for m in missing)


# --- Small measurement helpers -----------------------------------------------------------

def fact(key: str) -> pd.Series:
    """A dated, sourced numeric fact from data/policy_amounts.csv."""
    table = events.announced_amounts()
    if key not in table.index:
        raise KeyError(f"no fact {key!r} in data/policy_amounts.csv")
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


def _fmt_bn(x: float) -> str:
    return f"${x:,.0f}B"


def _fmt_tn(x: float) -> str:
    return f"${x / 1000:,.3f}T"


# --- The claims --------------------------------------------------------------------------

def claim_1() -> ClaimResult:
    walcl, treast, mbs = data.load("WALCL"), data.load("TREAST"), data.load("WSHOMCB")
    securities = (treast + mbs).dropna()
    measures = {"total assets from the start of run-off": an.change_between(walcl, "qt_start", "qt_end"),
                "total assets from the April 2022 peak": an.change_between(walcl, "walcl_peak", "qt_end"),
                "securities held from the start of run-off": an.change_between(securities, "qt_start", "qt_end")}
    claimed_bn, claimed_months = 2000.0, 36.0
    dist = {k: relative_distance(-c.change, claimed_bn, AMOUNT_TOL) for k, c in measures.items()}
    best = min(dist, key=dist.get)
    runoff = an.change_between(walcl, "qt_start", "qt_end")
    months = (events.event_date("qt_end") - events.event_date("qt_start")).days / (365.25 / 12)
    amount_v = _grade(dist[best])
    duration_v = within_tolerance(months, claimed_months, AMOUNT_TOL)
    spread = ", ".join(f"{k}: {_fmt_bn(-c.change)}" for k, c in measures.items())
    return ClaimResult(
        "1", "Size of QT", "QT withdrew about $2 trillion over about three years.",
        "Decline of WALCL and of TREAST+WSHOMCB (Wednesday levels) from the start of run-off "
        "(or the April 2022 peak) to the last Wednesday before run-off ended; duration from the "
        "dated start and end of run-off. Judged on the measure closest to the claim.",
        f"amount and duration each within ±{AMOUNT_TOL:.0%}",
        f"{spread} (Wednesdays {runoff.start_date:%Y-%m-%d} and {runoff.end_date:%Y-%m-%d}). Closest: {best}. "
        f"Run-off lasted {months:.1f} months ({events.event_date('qt_start'):%Y-%m-%d} to "
        f"{events.event_date('qt_end'):%Y-%m-%d}). "
        f"Amount: {amount_v}; duration: {duration_v}.",
        combine([amount_v, duration_v]), ("WALCL", "TREAST", "WSHOMCB", "qt_start", "qt_end", "walcl_peak"),
        measured=-measures[best].change, claimed=claimed_bn, unit="billions of USD", distance=dist[best],
        details={"months": months, "changes": {k: -c.change for k, c in measures.items()}, "best": best,
                 "amount": amount_v, "duration": duration_v})


def claim_2a() -> ClaimResult:
    walcl = data.load("WALCL")
    when, level = an.peak(walcl, "2020-01-01")
    return ClaimResult(
        "2a", "Balance-sheet peak", "The Fed's balance sheet peaked at about $9 trillion.",
        "Maximum of WALCL (Wednesday level) since 2020.", f"±{LEVEL_TOL:.0%}",
        f"Peak {_fmt_tn(level)} on {when:%Y-%m-%d}.",
        within_tolerance(level, 9000.0, LEVEL_TOL), ("WALCL",), level, 9000.0, "billions of USD",
        relative_distance(level, 9000.0, LEVEL_TOL), details={"date": when})


def claim_2b() -> ClaimResult:
    walcl = data.load("WALCL")
    decided = events.qt_caps().set_index("start").loc["2024-06-01", "decided"]  # first QT slowdown
    when, level = an.level_on(walcl, decided)
    return ClaimResult(
        "2b", "Balance sheet mid-QT", "It then fell to about $7.4 trillion.",
        "WALCL on the last Wednesday on or before the first QT slowdown decision (data/qt_caps.csv), "
        "the point when dated sources describe the balance sheet at this level.", f"±{LEVEL_TOL:.0%}",
        f"{_fmt_tn(level)} on {when:%Y-%m-%d} (slowdown decided {decided:%Y-%m-%d}).",
        within_tolerance(level, 7400.0, LEVEL_TOL), ("WALCL", "qt_caps.csv"), level, 7400.0, "billions of USD",
        relative_distance(level, 7400.0, LEVEL_TOL), details={"date": when})


def claim_2c() -> ClaimResult:
    walcl = data.load("WALCL")
    when, level = an.level_on(walcl, "qt_end")
    window = walcl.loc[events.event_date("qt_end_decision"):ARTICLES_END]
    worst = float((window / 6550.0 - 1.0).abs().max())
    level_v = within_tolerance(level, 6550.0, LEVEL_TOL)
    stable_v = SUPPORTED if worst <= STABLE_BAND + EPS else PARTLY
    return ClaimResult(
        "2c", "Balance sheet at the end of QT", "It was stable at about $6.55 trillion at the end of QT.",
        "WALCL on the last Wednesday before run-off ended, and every Wednesday from the decision to end "
        "QT to the end of the articles' publication window.",
        f"level ±{LEVEL_TOL:.0%}; stable = every Wednesday within ±{STABLE_BAND:.0%}",
        f"{_fmt_tn(level)} on {when:%Y-%m-%d}; Wednesdays {window.index[0]:%Y-%m-%d} to "
        f"{window.index[-1]:%Y-%m-%d} ranged {_fmt_tn(window.min())} to {_fmt_tn(window.max())} "
        f"(largest gap from the claimed level {worst:.1%}).",
        combine([level_v, stable_v]), ("WALCL", "qt_end_decision", "qt_end"), level, 6550.0, "billions of USD",
        relative_distance(level, 6550.0, LEVEL_TOL), details={"band": worst, "date": when})


def claim_3() -> ClaimResult:
    treast = data.load("TREAST")
    q1 = an.change_between(treast, "2024-12-31", "2025-03-31")
    weekly = treast.loc["2025-01-01":"2025-03-31"].diff().dropna()
    starts = events.select(keys=PURCHASE_START_KEYS)
    restart = starts[starts["date"] > events.event_date("qt_start")]["date"].min()
    announced_in_q1 = pd.Timestamp("2025-01-01") <= restart <= pd.Timestamp("2025-03-31")
    slow2 = events.event_date("qt_slow_2")
    data_v = within_tolerance(q1.per_month, 35.0, AMOUNT_TOL)
    fact_v = SUPPORTED if announced_in_q1 else CONTRADICTED
    return ClaimResult(
        "3", "Purchases restarted in Q1 2025", "The Fed restarted Treasury purchases at $35 billion a month "
        "in the first quarter of 2025.",
        "TREAST (Wednesday level) change over Q1 2025 per month; dated programme starts in data/events.csv.",
        f"monthly pace ±{AMOUNT_TOL:.0%}",
        f"TREAST changed {q1.per_month:+.1f}B a month ({q1.start_date:%Y-%m-%d} to {q1.end_date:%Y-%m-%d}); "
        f"largest weekly rise {weekly.max():+.1f}B. First purchase programme after QT began: "
        f"{restart:%Y-%m-%d} (reserve-management purchases). Run-off was still running and was slowed "
        f"again from {slow2:%Y-%m-%d}.",
        combine([data_v, fact_v]), ("TREAST", "rmp_start", "qt_slow_2"), q1.per_month, 35.0,
        "billions of USD a month", relative_distance(q1.per_month, 35.0, AMOUNT_TOL),
        details={"restart": restart})


def claim_4() -> ClaimResult:
    meeting = events.event_date("rmp_decision")
    parts, texts = [], []
    for key, name, claimed in [("forecast_bofa_rmp_monthly", "BofA", 45.0),
                               ("forecast_evercore_rmp_monthly", "Evercore ISI", 35.0)]:
        row = fact(key)
        matches = within_tolerance(row["amount"], claimed, LEVEL_TOL)
        dated_before = pd.Timestamp(row["date"]) < meeting
        verdict = sourced_fact(matches if dated_before else PARTLY, row["quality"])
        parts.append(verdict)
        texts.append(f"{name}: {_fmt_bn(row['amount'])} a month attributed in a source dated "
                     f"{row['date']} (quality {row['quality']}): {verdict}")
    actual = events.announced("rmp_first_round")
    return ClaimResult(
        "4", "Forecasts of RMPs", "A BofA strategist forecast reserve-management purchases of $45 billion a "
        "month, and Evercore ISI $35 billion a month.",
        "Dated reports attributing the figures, recorded as facts in data/policy_amounts.csv; only P or R "
        "sources can fully settle an attribution.", f"figure ±{LEVEL_TOL:.0%}; dated before the meeting",
        "; ".join(texts) + f". These are forecasts: the NY Fed's first monthly schedule was about "
        f"{_fmt_bn(actual)} of bills.",
        combine(parts), ("forecast_bofa_rmp_monthly", "forecast_evercore_rmp_monthly", "rmp_first_round"),
        details={"parts": parts})


def claim_5() -> ClaimResult:
    missing = availability("liquidations")
    return ClaimResult(
        "5", "Liquidations before the October FOMC", "About $590 million of leveraged crypto positions were "
        "liquidated in the 24 hours before the October 2025 FOMC decision.",
        "Sum of liquidations in the 24 hours (UTC) ending at the 29 Oct 2025 statement release.",
        f"±{AMOUNT_TOL:.0%}", "The snapshot has no liquidation data (and no intraday prices).",
        NOT_TESTABLE, settle_with=_settle_text(missing, "liquidations"))


def _settle_text(missing: list[Requirement], need: str) -> str:
    """What would settle an untestable claim. If the series has since been added to the snapshot,
    the claim still lacks a test: say so (tests/test_claims.py fails until one is written)."""
    return not_testable_text(missing) if missing else f"a test in fedbook.claims using {REQUIRED[need].series_id}"


def claim_6() -> ClaimResult:
    sp = data.load("SP500")
    rows = []
    for feed in (BTC, "BTC-USD.YAHOO"):
        prices = rt.on_common_dates(data.load(feed), sp)
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
    table["distance"] = (table["max 2025"] - 0.72).abs() / CORR_TOL
    best = table.loc[table["distance"].idxmin()]
    return ClaimResult(
        "6", "BTC and the S&P 500", "The 60-day correlation between Bitcoin and the S&P 500 reached 0.72 in 2025.",
        "Maximum in 2025 of the rolling correlation of daily returns on common trading days (crypto close "
        "00:00 UTC vs equity close 16:00 ET; weekend crypto moves fall into Monday's return); simple or log "
        "returns, Coinbase or Yahoo BTC, 60 trading or calendar days. Judged on the definition closest to "
        "the claim.", f"±{CORR_TOL} (absolute)",
        f"Across 8 definitions the 2025 maximum ranges {table['max 2025'].min():.3f} to "
        f"{table['max 2025'].max():.3f}; closest: {best['max 2025']:.3f} ({best['feed']}, {best['returns']} "
        f"returns, {best['window']}, window ending {best['date']:%Y-%m-%d}).",
        _grade(float(best["distance"])), (BTC, "BTC-USD.YAHOO", "SP500"), float(best["max 2025"]), 0.72,
        "correlation", float(best["distance"]), details={"table": table})


def claim_7() -> ClaimResult:
    btc = data.load(BTC)
    rows = []
    for key in ("qt_end_decision", "rmp_decision"):
        day = events.event_date(key)
        base = btc.loc[:day - pd.Timedelta(days=1)].iloc[-1]  # close at 00:00 UTC on the day, before 14:00 ET
        path = btc.loc[day:day + pd.Timedelta(days=EVENT_WINDOW_DAYS - 1)] / base - 1.0
        rows.append({"event": key, "date": day, "max rise %": 100 * path.max(), "on": path.idxmax(),
                     "after 7 days %": 100 * path.iloc[6]})
    table = pd.DataFrame(rows)
    best = table.loc[table["max rise %"].idxmax()]
    verdict = at_least(best["max rise %"], 11.0, RETURN_TOL_PP)
    return ClaimResult(
        "7", "BTC after the Fed announcement", "Bitcoin rose 11% after the Fed's announcement.",
        f"Highest Coinbase close within {EVENT_WINDOW_DAYS} days of each candidate announcement (29 Oct and "
        "10 Dec 2025), against the 00:00 UTC close on the announcement day (before the 14:00 ET release).",
        f"a rise of at least the claim minus {RETURN_TOL_PP:.0f} percentage points",
        "; ".join(f"{r.event} ({r.date:%Y-%m-%d}): best {r._3:+.1f}% (close of {r.on:%Y-%m-%d}), "
                  f"{r._5:+.1f}% after 7 days" for r in table.itertuples()),
        verdict, (BTC, "qt_end_decision", "rmp_decision"), float(best["max rise %"]), 11.0, "percent",
        max(0.0, 11.0 - float(best["max rise %"])) / RETURN_TOL_PP, details={"table": table})


def _feed_levels(feeds, day) -> pd.Series:
    return pd.Series({f: close_on(data.load(f), day) for f in feeds}).dropna()


def claim_8a() -> ClaimResult:
    levels = _feed_levels(BTC_FEEDS, "2025-11-30")
    dist = levels.map(lambda v: relative_distance(v, 91000.0, LEVEL_TOL))
    best = dist.idxmin()
    return ClaimResult(
        "8a", "BTC at the end of November", "Bitcoin was at about $91,000 at the end of November 2025.",
        "BTC on 2025-11-30 in four feeds: the daily bars closing at 00:00 UTC on 1 December (Coinbase, "
        "Binance in USDT, Yahoo) and the CoinGecko snapshot of about 09:30 UTC. Judged on the closest feed.",
        f"±{LEVEL_TOL:.0%}", ", ".join(f"{k}: {v:,.0f}" for k, v in levels.items()) + ".",
        _grade(float(dist[best])), tuple(levels.index), float(levels[best]), 91000.0, "USD per coin",
        float(dist[best]), details={"levels": levels})


def claim_8b() -> ClaimResult:
    btc = _feed_levels(BTC_FEEDS, "2025-12-08")
    eth = _feed_levels(ETH_FEEDS, "2025-12-08")
    dist = btc.map(lambda v: relative_distance(v, 92000.0, LEVEL_TOL))
    btc_v = _grade(float(dist.min()))
    eth_v = above(float(eth.max()), 3100.0)
    return ClaimResult(
        "8b", "BTC and ETH on 8 December", "On 8 Dec 2025 Bitcoin was at about $92,000 and Ether above $3,100.",
        "BTC and ETH on 2025-12-08 in the same four feeds as 8a; judged on the closest feed.",
        f"BTC ±{LEVEL_TOL:.0%}; ETH strictly above the threshold",
        "BTC " + ", ".join(f"{k}: {v:,.0f}" for k, v in btc.items()) + "; ETH " +
        ", ".join(f"{k}: {v:,.0f}" for k, v in eth.items()) + f". BTC: {btc_v}; ETH: {eth_v}.",
        combine([btc_v, eth_v]), tuple(btc.index) + tuple(eth.index), float(btc[dist.idxmin()]), 92000.0,
        "USD per coin", float(dist.min()), details={"btc": btc, "eth": eth})


def claim_9() -> ClaimResult:
    rrp = data.load("RRPONTSYD").loc[POST_PANDEMIC_START:]
    claimed = 59.0
    record = rrp <= rrp.cummin()
    near = rrp[(rrp - claimed).abs() <= LEVEL_TOL * claimed + EPS]
    near_records = near[record.reindex(near.index)]
    low_date = rrp.loc[:ARTICLES_START].idxmin()
    low = float(rrp.loc[low_date])
    if near.empty:
        verdict, text = CONTRADICTED, f"No reading within ±{LEVEL_TOL:.0%} of {claimed:.0f}B."
    elif near_records.empty:
        verdict, text = PARTLY, (f"Readings near {claimed:.0f}B on {', '.join(f'{d:%Y-%m-%d}' for d in near.index)}, "
                                 "but none was then the lowest since the pandemic.")
    else:
        first = near_records.index[0]
        stale = relative_distance(low, claimed, LEVEL_TOL) > 1.0
        verdict = PARTLY if stale else SUPPORTED
        text = (f"{near_records.iloc[0]:.2f}B on {first:%Y-%m-%d} was then the lowest since "
                f"{POST_PANDEMIC_START:%Y-%m-%d}. By the articles' window the low was far lower: "
                f"{low:.2f}B on {low_date:%Y-%m-%d}." if stale else "")
    return ClaimResult(
        "9", "ON RRP low", "The overnight reverse repo facility fell to $59 billion, a post-pandemic low.",
        f"RRPONTSYD (daily, billions) from {POST_PANDEMIC_START:%Y-%m-%d}: dates within tolerance of the claim "
        "that were a running minimum, and the minimum before the articles appeared.",
        f"±{LEVEL_TOL:.0%}; 'post-pandemic low' = lowest since {POST_PANDEMIC_START:%B %Y}; still the low "
        "when the articles appeared", text, verdict, ("RRPONTSYD",),
        float(near_records.iloc[0]) if not near_records.empty else None, claimed, "billions of USD",
        relative_distance(float(near_records.iloc[0]), claimed, LEVEL_TOL) if not near_records.empty else None,
        details={"low": low, "low_date": low_date,
                 "record_date": near_records.index[0] if not near_records.empty else None})


def claim_10() -> ClaimResult:
    sofr = data.load("SOFR")
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
                     "operation near the claimed size.", tolerance=f"size ±{LEVEL_TOL:.0%}; rank exactly 2",
                data=("RPONTSYD",), claimed=claimed, unit="billions of USD")
    if missing:
        takeups = srf_takeups()
        larger = takeups[takeups["amount"] > claimed]
        return ClaimResult(**base, result=f"RPONTSYD is not in the snapshot. The {len(takeups)} dated standing-repo "
                           f"take-ups on file (a partial list) include {len(larger)} larger than {claimed}B, the first "
                           f"on {larger['date'].min():%Y-%m-%d}; without the operation's date and the full history "
                           "the rank cannot be computed.",
                           verdict=NOT_TESTABLE, settle_with=not_testable_text(missing))
    ops = (rpontsyd if rpontsyd is not None else data.load("RPONTSYD")).loc["2020-03-15":].dropna()
    near = ops[(ops - claimed).abs() <= LEVEL_TOL * claimed + EPS]
    if near.empty:
        return ClaimResult(**base, result=f"No operation within ±{LEVEL_TOL:.0%} of {claimed}B.",
                           verdict=CONTRADICTED)
    day = near.index[0]
    rank = int((ops.loc[:day] > near.iloc[0]).sum()) + 1  # rank among operations up to that day
    return ClaimResult(**base, result=f"{near.iloc[0]:.1f}B on {day:%Y-%m-%d} ranked {rank} since 2020-03-15.",
                       verdict=SUPPORTED if rank == 2 else CONTRADICTED, measured=float(rank))


def srf_takeups() -> pd.DataFrame:
    """Dated standing repo facility take-ups on file (data/policy_amounts.csv, keys srf_takeup_*)."""
    table = events.announced_amounts()
    table = table[table.index.str.startswith("srf_takeup_")].copy()
    table["date"] = pd.to_datetime(table["date"])
    return table.sort_values("date")


def claim_12(rpontsyd: pd.Series | None = None) -> ClaimResult:
    """A $38B repo operation (needs RPONTSYD); the dated bill-purchase fact is context."""
    claimed = 38.0
    missing = [] if rpontsyd is not None else availability("repo_ops")
    bills = fact("rmp_dec_2025_bills")
    treast = data.load("TREAST")
    december = an.change_between(treast, "2025-11-30", "2025-12-31")
    context = (f"Context: {_fmt_bn(bills['amount'])} is the reported total of Treasury bills the Fed "
               f"bought in December 2025 (quality {bills['quality']}), outright purchases, not repo; TREAST "
               f"rose {december.change:+.1f}B from {december.start_date:%Y-%m-%d} to {december.end_date:%Y-%m-%d}.")
    base = dict(claim="12", topic="A $38B repo operation",
                statement="The Fed carried out a $38 billion repo operation.",
                test="Daily repo operation totals (RPONTSYD) for an operation near the claimed size; the December "
                     "2025 bill purchases (data/policy_amounts.csv, TREAST) to see what the figure may refer to.",
                tolerance=f"±{LEVEL_TOL:.0%}", data=("RPONTSYD", "rmp_dec_2025_bills", "TREAST"),
                claimed=claimed, unit="billions of USD")
    if missing:
        return ClaimResult(**base, result="RPONTSYD is not in the snapshot. " + context,
                           verdict=NOT_TESTABLE, settle_with=not_testable_text(missing))
    ops = rpontsyd.loc["2025-01-01":].dropna()
    near = ops[(ops - claimed).abs() <= LEVEL_TOL * claimed + EPS]
    verdict = SUPPORTED if len(near) else CONTRADICTED
    found = ", ".join(f"{v:.1f}B on {d:%Y-%m-%d}" for d, v in near.items()) or "none"
    return ClaimResult(**base, result=f"Operations near {claimed:.0f}B: {found}. " + context, verdict=verdict)


def _pivots(dff: pd.Series) -> dict[int, pd.Timestamp | None]:
    return {year: pivot_date(year, dff) for year in PIVOT_YEARS}


def episode_passes(forward: list[float], typical: list[float]) -> bool:
    """A rally after a pivot: positive at every horizon and above the typical return at most horizons."""
    if any(math.isnan(r) for r in forward):
        raise ValueError("a horizon is beyond the data")
    above_typical = sum(r > t for r, t in zip(forward, typical))
    return all(r > 0 for r in forward) and above_typical / len(forward) > MOST_SHARE


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
    sp = data.load("SP500")
    pivots = _pivots(data.load("DFF"))

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
    pivots = _pivots(data.load("DFF"))
    prices = {asset: data.load(asset) for asset in (BTC, ETH)}

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
    closes = data.load_frame(list(ALT_BASKET_YAHOO) + ["BTC-USD.YAHOO"])
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
    ratio = (data.load(ETH) / data.load(BTC)).dropna()
    pivots = [p for p in _pivots(data.load("DFF")).values() if p is not None] + [events.event_date("qt_end")]
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
    rel = np.log(month_end_closes(data.load(token))) - np.log(month_end_closes(data.load(base)))
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
    significant = int((table["t"] >= T_SIGNIF).sum())
    right_sign = int((table["rising"] > table["falling"]).sum())
    verdict = (share_verdict(significant, n, "most") if significant else
               PARTLY if right_sign / n > MOST_SHARE else CONTRADICTED)
    return ClaimResult(
        "14c", "DeFi and memes rally on liquidity", "DeFi tokens and meme coins rally when liquidity is abundant.",
        "Monthly log return of each token relative to BTC on the same feed, in months when net liquidity "
        "(WALCL - WDTGAL - RRPONTSYD, Wednesday basis) rose vs fell; Welch t-test. COMP data end in 2022.",
        f"significant at t >= {T_SIGNIF:.0f} for most tokens; right sign only: partly",
        "; ".join(f"{k}: {r.rising:+.1%} vs {r.falling:+.1%} a month (t = {r.t:.1f}, {r.months} months)"
                  for k, r in table.iterrows())
        + f". Significant: {significant} of {n}; right sign: {right_sign} of {n}.",
        verdict, tuple(v[0] for v in {**DEFI_TOKENS, **MEME_TOKENS}.values()) + ("WALCL", "WDTGAL", "RRPONTSYD"),
        float(significant), float(n), "tokens", details={"table": table})


def claim_14d() -> ClaimResult:
    ids = [i for group in SECTORS.values() for i in group]
    prices = data.load_frame(ids).dropna()
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


def claim_15() -> ClaimResult:
    nl = net_liquidity("wednesday")
    frame = pd.concat([nl.rename("nl"), data.load("SP500").rename("sp")], axis=1, join="inner").dropna()
    level = float(frame.corr().iloc[0, 1])
    change = float(frame.diff().corr().iloc[0, 1])
    periods = {"2016-19": ("2016", "2019"), "2020-22": ("2020", "2022"), "2022-25 QT": ("2022-06", "2025-11"),
               "2025-26": ("2025", "2026")}
    sub = {k: float(frame.loc[a:b].corr().iloc[0, 1]) for k, (a, b) in periods.items()}
    changes_high = change >= HIGH_CORR
    stable = all(v >= HIGH_CORR for v in sub.values())
    verdict = SUPPORTED if changes_high and stable else (CONTRADICTED if not changes_high and not stable else PARTLY)
    return ClaimResult(
        "15", "Net liquidity and the S&P 500", "Net liquidity (Fed assets minus TGA minus ON RRP) moves with "
        "the S&P 500 and is highly positively correlated with it.",
        "Correlation on Wednesdays of net liquidity (WALCL - WDTGAL - RRPONTSYD, all Wednesday values, billions) "
        "with the S&P 500 close: levels and weekly changes, full sample and four subperiods.",
        f"'high' = at least {HIGH_CORR}; must hold in weekly changes and in every subperiod's levels",
        f"levels {level:.2f}, weekly changes {change:.2f} ({frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}); "
        "levels by subperiod: " + ", ".join(f"{k} {v:+.2f}" for k, v in sub.items()) + ".",
        verdict, ("WALCL", "WDTGAL", "RRPONTSYD", "SP500"), change, HIGH_CORR, "correlation",
        details={"level": level, "change": change, "sub": sub})


def claim_16a() -> ClaimResult:
    walcl = data.load("WALCL")
    first = walcl.loc["2023-01-01":].iloc[:1]
    when, level = first.index[0], float(first.iloc[0])
    q1 = walcl.loc["2023-01-01":"2023-03-31"]
    return ClaimResult(
        "16a", "Balance sheet in early 2023", "The Fed's balance sheet stood at about $8.7 trillion in early 2023.",
        "WALCL on the first Wednesday of 2023; the range over the first quarter for context.", f"±{LEVEL_TOL:.0%}",
        f"{_fmt_tn(level)} on {when:%Y-%m-%d}; first quarter {_fmt_tn(q1.min())} to {_fmt_tn(q1.max())} "
        f"(the March peak reflects emergency bank lending, not securities).",
        within_tolerance(level, 8700.0, LEVEL_TOL), ("WALCL",), level, 8700.0, "billions of USD",
        relative_distance(level, 8700.0, LEVEL_TOL), details={"date": when})


def _proxy_change(start, end) -> str:
    btc, eth = data.load(BTC), data.load(ETH)
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
        settle_with=_settle_text(missing, "crypto_mcap"))


def _two_day_change(series: pd.Series, day: pd.Timestamp) -> float:
    """Close of the business day before `day` to the close of the business day after it."""
    before = series.loc[:day - pd.Timedelta(days=1)].dropna().iloc[-1]
    after = series.loc[day + pd.Timedelta(days=1):].dropna().iloc[0]
    return float(after - before)


def claim_17a() -> ClaimResult:
    d10, spread = data.load("DGS10"), data.load("T10Y2Y")
    rows = []
    for key, sign in QT_ANNOUNCEMENTS.items():
        day = events.event_date(key) if key in events.events().index else pd.Timestamp(key)
        rows.append({"date": day, "news": "tightening" if sign > 0 else "easing",
                     "10y (bp)": 100 * _two_day_change(d10, day), "10y-2y (bp)": 100 * _two_day_change(spread, day),
                     "sign": sign})
    table = pd.DataFrame(rows)
    consistent = int((np.sign(table["10y-2y (bp)"]) == table["sign"]).sum())
    share = consistent / len(table)
    verdict = SUPPORTED if share >= CONSISTENT_SHARE else (PARTLY if share > MOST_SHARE else CONTRADICTED)
    return ClaimResult(
        "17a", "QT pushes up long-term yields", "QT pushes up long-term Treasury yields.",
        "Two-day change (business day before to business day after) in the 10-year yield and in the 10y-2y "
        "spread (which nets out moves in expected policy rates, proxied by the 2-year) around the QT plan, the "
        "two slowdown decisions and the decision to end QT. The 2017 announcement dates are not in the event tables.",
        f"consistent = the spread moves the claimed way in at least {CONSISTENT_SHARE:.0%} of events",
        "; ".join(f"{r.date:%Y-%m-%d} ({r.news}): 10y {r._3:+.0f}bp, spread {r._4:+.0f}bp" for r in table.itertuples())
        + f". Spread in the claimed direction: {consistent} of {len(table)}.",
        verdict, ("DGS10", "T10Y2Y", "qt_plan", "qt_caps.csv", "qt_end_decision"), share, CONSISTENT_SHARE,
        "share of events", details={"table": table})


def claim_17b() -> ClaimResult:
    missing = availability("dollar")
    return ClaimResult(
        "17b", "QT pushes up the dollar", "QT pushes up the dollar.",
        "A broad dollar index in the same event windows as 17a.", "as 17a",
        "No dollar index in the snapshot.", NOT_TESTABLE,
        settle_with=_settle_text(missing, "dollar"))


def claim_18a() -> ClaimResult:
    statements = events.select(keys=CRITERION_KEYS)
    numeric = events.announced_amounts()
    numeric = numeric[numeric.index.str.startswith("fed_criterion_") & (numeric["unit"] == "percent of GDP")]
    if len(numeric):
        row = numeric.iloc[0]
        verdict = sourced_fact(within_tolerance(row["amount"], 9.0, AMOUNT_TOL), row["quality"])
        text = f"A Fed source states {row['amount']}% of GDP ({row['source']})."
    else:
        settling = statements[statements["quality"].isin(SETTLING_QUALITY)]
        verdict = CONTRADICTED if len(settling) else NOT_TESTABLE
        text = (f"{len(settling)} dated Fed statements of the criterion on file ("
                + ", ".join(f"{d:%Y-%m-%d}, quality {q}" for d, q in zip(settling["date"], settling["quality"]))
                + ") state it in another form: stop run-off when reserves are 'somewhat above' ample, judged "
                "from money-market signs (repo rates against administered rates, standing repo use, EFFR against "
                "IORB). No Fed source on file states a reserves-to-GDP threshold.")
    return ClaimResult(
        "18a", "The Fed's criterion for stopping QT", "The Fed considers stopping QT when reserves fall below "
        "roughly 8-10% of GDP.", "Dated Fed sources on the criterion (data/events.csv); any Fed reserves-to-GDP "
        "threshold would be recorded in data/policy_amounts.csv.", "a stated threshold within 8-10% of GDP",
        text, verdict, CRITERION_KEYS)


def claim_18b() -> ClaimResult:
    missing = availability("gdp")
    when, reserves = an.level_on(data.load("WRESBAL"), "qt_end")
    estimate = fact("reserves_gdp_bofa_dec2025")
    return ClaimResult(
        "18b", "Reserves/GDP when QT ended (description)", "Reserves were about 8-10% of GDP when QT ended.",
        "WRESBAL (week average) in the last week of run-off divided by nominal GDP.", "within 8-10%",
        f"Reserves {_fmt_tn(reserves)} (week ending {when:%Y-%m-%d}); no GDP series in the snapshot. A bank "
        f"estimate of {estimate['amount']}% of GDP is on file with quality {estimate['quality']}, "
        "too weak to settle it.",
        NOT_TESTABLE, ("WRESBAL", "reserves_gdp_bofa_dec2025"),
        settle_with=_settle_text(missing, "gdp"))


def claim_19() -> ClaimResult:
    missing = availability("crypto_mcap")
    start, end = pd.Timestamp("2024-12-31"), events.event_date("qt_end")
    return ClaimResult(
        "19", "Crypto during the 2025 tightening", "The crypto market cap fell 15% during the 2025 tightening.",
        "Total crypto market cap over QT in 2025 (from the end of 2024 to the end of run-off; rates were being "
        "cut from September, so run-off is the only tightening in that year).", f"±{AMOUNT_TOL:.0%} of the fall",
        "No total market-cap history in the snapshot. " + _proxy_change(start, end),
        NOT_TESTABLE, (BTC, ETH, "qt_end"),
        settle_with=_settle_text(missing, "crypto_mcap"))


def claim_20() -> ClaimResult:
    alts = data.load_frame(list(ALT_BASKET_YAHOO) + ["ETH-USD.YAHOO"])
    btc = data.load("BTC-USD.YAHOO")
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


def strategy_prices() -> dict[str, pd.Series]:
    return {a: data.load(a) for a in STRATEGY_ASSETS}


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
    paired["risk lower"] = paired["share shallower DD"] > MOST_SHARE
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
