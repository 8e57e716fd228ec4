"""The claims ledger's verdict rules: the verdict vocabulary, the named tolerances that define
"about", "high" and "most", and the functions that turn a measurement into a verdict.

A verdict is never typed in: every claim module measures something and passes it through
one of these rules. ``tolerances()`` overrides the named tolerances for a block (the chapter
uses it to show which verdicts flip); claim modules therefore read them as ``rules.NAME`` at
call time, never copy them at import.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

from .. import data

__all__ = [  # tolerances stay out: read them live (see tolerances())
    "settle_text", "SUPPORTED", "PARTLY", "CONTRADICTED", "NOT_TESTABLE", "VERDICTS", "EPS",
    "SETTLING_QUALITY", "TOLERANCES", "Requirement", "REQUIRED", "ClaimResult", "tolerances",
    "tolerance_table", "grade", "relative_distance", "within_tolerance", "within_abs", "at_least", "above",
    "share_verdict", "combine", "sourced_fact", "availability", "not_testable_text"
]

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

def grade(distance: float, partly_factor: float | None = None) -> str:
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
    return grade(relative_distance(measured, claimed, rel_tol), partly_factor)


def within_abs(measured: float, claimed: float, abs_tol: float, partly_factor: float | None = None) -> str:
    """As within_tolerance, with an absolute tolerance (correlations, percentage points)."""
    if abs_tol <= 0:
        raise ValueError("abs_tol must be positive")
    return grade(abs(measured - claimed) / abs_tol, partly_factor)


def at_least(measured: float, claimed: float, abs_tol: float, partly_factor: float | None = None) -> str:
    """'Rose by X': supported if measured >= X - tol; partly if >= X - partly_factor*tol."""
    if abs_tol <= 0:
        raise ValueError("abs_tol must be positive")
    return grade(max(0.0, claimed - measured) / abs_tol, partly_factor)


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


def settle_text(missing: list[Requirement], need: str) -> str:
    """What would settle an untestable claim. If the series has since been added to the snapshot,
    the claim still lacks a test: say so (tests/test_claims.py fails until one is written)."""
    return not_testable_text(missing) if missing else f"a test in fedbook.claims using {REQUIRED[need].series_id}"
