"""The claims ledger's verdict rules: the verdict vocabulary, the named tolerances that define
"about", "high" and "most", and the functions that turn a measurement into a verdict.

Five disciplines apply to every claim (the ledger chapter states them; tests check each):

1. **Definitions.** Where several reasonable definitions of a claim exist, it is judged under
   each (``by_definition``) and ``across_definitions`` combines them: a claim that holds under
   only a minority of them, such as the most favourable alone, is at most *partly supported*.
2. **As of the articles.** A claim is judged with what was known by the end of the articles'
   publication window (December 2025 to January 2026): claim modules read data through
   ``known`` (cut at ``JUDGED_AS_OF``) and dated facts through ``known_by_then``. Later data
   are shown separately, as "since then" (``judged_as_of(None)``).
3. **Absence is not contradiction.** ``from_statements``: only a settling source that states
   the opposite, or data, can contradict a claim; a statement missing from the book's sources
   leaves it *not testable*.
4. **Bounds from dated facts.** ``rank_bound``: values on file can rule out a claimed rank even
   when the full series is missing.
5. **Editions.** A verdict that differs from the previous edition's must carry a reason
   (``fedbook.claims.editions``), which the chapter prints in its "what changed" note.

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
    "share_verdict", "combine", "sourced_fact", "availability", "not_testable_text",
    "ARTICLES_START", "ARTICLES_END", "judged_as_of", "known", "as_known", "known_by_then", "across_definitions",
    "from_statements", "rank_bound", "in_range"
]

# --- When claims are judged (discipline 2) ------------------------------------------------

ARTICLES_START, ARTICLES_END = pd.Timestamp("2025-12-01"), pd.Timestamp("2026-01-31")  # when the articles appeared
JUDGED_AS_OF: pd.Timestamp | None = ARTICLES_END  # None = on all the data (the "since then" view)

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
    by_definition: dict = field(default_factory=dict)  # definition -> verdict (discipline 1)

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"claim {self.claim}: unknown verdict {self.verdict!r}")
        if self.by_definition and self.verdict != across_definitions(self.by_definition):
            raise ValueError(f"claim {self.claim}: verdict {self.verdict!r} does not follow from its definitions "
                             f"{self.by_definition} (rules.across_definitions)")


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


@contextmanager
def judged_as_of(when):
    """Judge claims with data and facts up to `when` (None: everything in the snapshot)."""
    global JUDGED_AS_OF
    saved, JUDGED_AS_OF = JUDGED_AS_OF, (None if when is None else pd.Timestamp(when))
    try:
        yield
    finally:
        JUDGED_AS_OF = saved


def as_known(values):
    """A series or frame cut at the judging date (discipline 2)."""
    return values if JUDGED_AS_OF is None else values.loc[:JUDGED_AS_OF]


def known(series_id: str) -> pd.Series:
    """A snapshot series in book units, as known by the judging date."""
    return as_known(data.load(series_id))


def known_by_then(table: pd.DataFrame, date_column: str = "date") -> pd.DataFrame:
    """Rows of a dated fact table (events, amounts) dated on or before the judging date."""
    if JUDGED_AS_OF is None:
        return table
    return table[pd.to_datetime(table[date_column]) <= JUDGED_AS_OF]


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


def across_definitions(by_definition: dict[str, str]) -> str:
    """Discipline 1: one verdict from the verdicts under several reasonable definitions.

    Supported only if supported under more than half of the testable definitions (MOST_SHARE);
    otherwise partly supported if any definition supports it at least partly; contradicted if
    every testable definition contradicts it. So a claim that holds under only the most
    favourable definition is at most partly supported.
    """
    verdicts = [v for v in by_definition.values() if v != NOT_TESTABLE]
    if any(v not in VERDICTS for v in by_definition.values()):
        raise ValueError(f"bad verdicts: {by_definition}")
    if not verdicts:
        return NOT_TESTABLE
    if verdicts.count(SUPPORTED) / len(verdicts) > MOST_SHARE:
        return SUPPORTED
    if any(v in (SUPPORTED, PARTLY) for v in verdicts):
        return PARTLY
    return CONTRADICTED


def from_statements(stating: list[str], opposing: list[str]) -> str:
    """Discipline 3: a claim about what a source says, from the quality marks of the dated
    sources on file that state it (`stating`) and that state the opposite (`opposing`).

    A settling source (P, P (copy), R) stating the opposite contradicts; one stating the claim
    supports; weak sources alone give at most partly supported; nothing on file, or
    only sources that are silent on the point, is *not testable*: absence is not evidence.
    """
    settles_for = any(q in SETTLING_QUALITY for q in stating)
    settles_against = any(q in SETTLING_QUALITY for q in opposing)
    if settles_for and settles_against:
        return PARTLY
    if settles_against:
        return CONTRADICTED
    if settles_for:
        return SUPPORTED
    return PARTLY if stating else NOT_TESTABLE


def rank_bound(values_on_file, claimed: float) -> int:
    """Discipline 4: the best rank a value of size `claimed` can have, given values known to
    be larger (rank 1 = largest). The full series may hold more, never fewer."""
    return 1 + sum(1 for v in values_on_file if v > claimed)


def in_range(measured: float, low: float, high: float, rel_tol: float | None = None) -> str:
    """'About low-high': supported inside the range; partly within rel_tol (default
    AMOUNT_TOL) of its nearer end; contradicted further out."""
    rel_tol = AMOUNT_TOL if rel_tol is None else rel_tol
    if low - EPS <= measured <= high + EPS:
        return SUPPORTED
    nearer = low if measured < low else high
    return PARTLY if abs(measured / nearer - 1.0) <= rel_tol + EPS else CONTRADICTED


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
