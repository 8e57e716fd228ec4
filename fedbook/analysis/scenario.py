"""Scenario lab: project reserves, net liquidity and funding-stress risk on the balance-sheet identity.

The model is bookkeeping, not behaviour. Week by week from a start Wednesday:

    assets   change by RMP purchases - MBS run-off not reinvested + any other asset flow
    TGA      follows a path the reader sets (flat, a target reached linearly, or the
             median seasonal pattern of the three years before the start)
    ON RRP   follows a path (flat or a target reached linearly), floored at zero
    currency grows at its trend of the 52 weeks before the start
    other    (liabilities and capital not named) stays at its start level
    reserves = assets - TGA - ON RRP - currency - other, the residual

So the identity holds in every projected week by construction, and a projection fed the
realised paths of the five other items reproduces realised reserves exactly: that is
accounting, not a forecast. What can be judged is each assumption, and because reserves
are a residual, the miss in reserves splits exactly into the misses of the assumptions.

Units: money in billions of USD (as ``fedbook.load`` returns it); paces in billions of USD a
month, where a month is 365.25/12 days (``WEEKS_PER_MONTH`` weeks); spreads in basis points.

Basis: the book's Wednesday basis (``identity.levels()``: WALCL, WDTGAL, WCURCIR and the
ON RRP on Wednesdays; reserves WRESBAL are a week average). Net liquidity is assets - TGA -
ON RRP on that basis, as in ``liquidity.components("wednesday")``.

What the data cannot separate: the model has no behaviour. It cannot say how banks, money
funds or the Treasury respond to reserves (the ON RRP refilling if bill yields fall below its
rate, say), nor which other liabilities move; the spread relation is a description of weeks
since 2025, when the ON RRP was nearly empty, not a reserve demand curve, and the curve has
shifted before.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .. import data
from . import identity
from . import levels as lv
from . import moneymarkets as mm

WEEKS_PER_MONTH = 365.25 / 12 / 7
ITEMS = ["assets", "tga", "rrp", "currency", "other"]  # reserves is the residual of these
LIABILITY_ITEMS = ["tga", "rrp", "currency", "other"]
SEASONAL_YEARS = 3
TREND_WEEKS = 52
MAX_WEEKS = 5 * 52

# Allowed ranges (inclusive) and units of every assumption a reader can set. The bounds are
# wide on purpose: they refuse nonsense (negative purchases, a horizon past five years), not
# scenarios. The largest monthly pace of securities purchases in the data is pandemic QE's.
LIMITS = {
    "rmp_per_month": (0.0, 500.0, "billions of USD a month"),
    "mbs_runoff_per_month": (0.0, 100.0, "billions of USD a month"),
    "reinvested_share": (0.0, 1.0, "share of MBS run-off, 0 to 1"),
    "other_assets_per_month": (-500.0, 500.0, "billions of USD a month"),
    "tga_target": (0.0, 3000.0, "billions of USD"),
    "rrp_target": (0.0, 3000.0, "billions of USD"),
    "tga_weeks": (1, MAX_WEEKS, "weeks"),
    "rrp_weeks": (1, MAX_WEEKS, "weeks"),
    "currency_per_month": (-100.0, 100.0, "billions of USD a month"),
    "weeks": (1, MAX_WEEKS, "weeks"),
}


class ScenarioError(ValueError):
    """An assumption outside its allowed range; the message names it and the range."""


def check_range(name: str, value, label: str | None = None) -> float:
    """`value` as a number if it is inside LIMITS[name], else a one-line ScenarioError.

    `label` is how the message names the argument (a command-line option, say).
    """
    low, high, unit = LIMITS[name]
    name = label or name
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ScenarioError(f"{name} must be a number from {low:g} to {high:g} ({unit}), not {value!r}") from None
    if not (math.isfinite(number) and low <= number <= high):
        raise ScenarioError(f"{name} must be from {low:g} to {high:g} ({unit}), not {value!r}")
    if isinstance(low, int) and number != int(number):
        raise ScenarioError(f"{name} must be a whole number from {low} to {high} ({unit}), not {value!r}")
    return number


@dataclass(frozen=True)
class Assumptions:
    """What the reader assumes. None means "the trend before the start" where allowed.

    rmp_per_month: net new purchases (RMPs), billions a month: the book's definition, on top
        of reinvested MBS principal.
    mbs_runoff_per_month: MBS principal repaid, billions a month (None: the trailing trend of
        WSHOMCB; zero where the snapshot has no MBS series, e.g. 2018-21).
    reinvested_share: share of that run-off reinvested in Treasuries (1 since 1 December 2025).
    other_assets_per_month: any other asset flow (repo operations, loans), billions a month.
    tga: "flat", "seasonal", or a target level in billions reached linearly in tga_weeks.
    rrp: "flat" or a target level in billions reached linearly in rrp_weeks (never below zero).
    currency_per_month: None for the trend of the 52 weeks before the start.
    """

    rmp_per_month: float = 0.0
    mbs_runoff_per_month: float | None = None
    reinvested_share: float = 1.0
    other_assets_per_month: float = 0.0
    tga: str | float = "flat"
    tga_weeks: int = 13
    rrp: str | float = "flat"
    rrp_weeks: int = 13
    currency_per_month: float | None = None

    def checked(self) -> Assumptions:
        """The same assumptions, validated; raises ScenarioError naming the first bad one."""
        for name in ("rmp_per_month", "mbs_runoff_per_month", "reinvested_share", "other_assets_per_month",
                     "tga_weeks", "rrp_weeks", "currency_per_month"):
            value = getattr(self, name)
            if value is not None:
                check_range(name, value)
        _check_path("tga", self.tga, ("flat", "seasonal"), "tga_target")
        _check_path("rrp", self.rrp, ("flat",), "rrp_target")
        return self


def _check_path(name: str, value, rules: tuple, limit: str) -> None:
    if isinstance(value, str) and value in rules:
        return
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ScenarioError(f"{name} must be one of {', '.join(rules)} or a level in billions of USD, "
                                f"not {value!r}") from None
    check_range(limit, value)


# --- history -------------------------------------------------------------------------------

def history() -> pd.DataFrame:
    """Weekly levels on the book's Wednesday basis, complete rows only (billions of USD)."""
    return identity.complete(identity.levels())


def start_date(frame: pd.DataFrame, when=None) -> pd.Timestamp:
    """The last complete Wednesday on or before `when` (a date or an event key; None = the latest)."""
    first, last = frame.index.min(), frame.index.max()
    if when is None:
        return last
    try:
        day = lv._as_date(when)
    except (KeyError, ValueError):
        raise ScenarioError(f"start must be a date (YYYY-MM-DD) or an event key, not {when!r}") from None
    if not first <= day <= last + pd.Timedelta(days=6):
        raise ScenarioError(f"start must be between {first:%Y-%m-%d} and {last:%Y-%m-%d} (the complete "
                            f"weeks in the data), not {day:%Y-%m-%d}")
    return frame.index[frame.index <= day][-1]


def trailing_trend(series: pd.Series, start: pd.Timestamp, weeks: int = TREND_WEEKS) -> float:
    """Mean weekly change over the `weeks` weeks up to `start` (billions a week); 0 without data."""
    window = series.loc[start - pd.Timedelta(weeks=weeks):start].dropna()
    if len(window) < 2:
        return 0.0
    return float(window.iloc[-1] - window.iloc[0]) / ((window.index[-1] - window.index[0]).days / 7)


def mbs_runoff_trend(start: pd.Timestamp, weeks: int = 13) -> float:
    """MBS run-off, billions a month, from WSHOMCB over the `weeks` up to `start` (0 without data)."""
    return max(-trailing_trend(data.load("WSHOMCB"), start, weeks), 0.0) * WEEKS_PER_MONTH


def seasonal_tga(tga: pd.Series, start: pd.Timestamp, dates: pd.DatetimeIndex, years: int = SEASONAL_YEARS) -> np.ndarray:
    """TGA path: the start level moved by the median seasonal weekly change of the `years` years before it.

    For each ISO week, the median over those years of the TGA's change in that week; the
    medians are then centred so that a full year of them adds to zero (a seasonal swing,
    not a trend, and one debt-ceiling year cannot set it). Only data up to the start are used.
    """
    past = tga.loc[start - pd.Timedelta(weeks=52 * years):start].dropna()
    weekly = past.diff().dropna()
    weekly = weekly[weekly.index.to_series().diff().fillna(pd.Timedelta(days=7)) == pd.Timedelta(days=7)]
    pattern = weekly.groupby(_iso_week(weekly.index)).median().reindex(range(1, 54))
    pattern = (pattern - pattern.loc[1:52].mean()).fillna(0.0)  # week 53 exists only in some years
    changes = pattern.reindex(_iso_week(dates[1:])).to_numpy()
    return float(tga.loc[start]) + np.concatenate([[0.0], np.cumsum(changes)])


def _iso_week(index: pd.DatetimeIndex) -> np.ndarray:
    return index.isocalendar().week.to_numpy().astype(int)


def _towards(level0: float, target: float, weeks_to_target: int, steps: np.ndarray) -> np.ndarray:
    return level0 + (target - level0) * np.minimum(steps / weeks_to_target, 1.0)


# --- projection ----------------------------------------------------------------------------

def project(assumptions: Assumptions = Assumptions(), weeks: int = 26, start=None,
            frame: pd.DataFrame | None = None, paths: dict | None = None) -> pd.DataFrame:
    """Weekly projected levels from the start Wednesday (row 0 = the data) for `weeks` weeks.

    Columns: assets, tga, rrp, currency, other, reserves, net_liquidity (billions of USD).
    `paths` replaces any of ITEMS with a given series on the projected Wednesdays (e.g. the
    realised path, for a backtest). `.attrs` records the start, the paces used and the basis.
    """
    assumptions = assumptions.checked()
    weeks = int(check_range("weeks", weeks))
    frame = history() if frame is None else frame
    start = start_date(frame, start)
    dates = pd.date_range(start, periods=weeks + 1, freq="7D")
    steps = np.arange(weeks + 1, dtype=float)
    row0 = frame.loc[start]
    paces = resolved_paces(assumptions, frame, start)
    levels = pd.DataFrame({
        "assets": row0["assets"] + steps * paces["assets per week"],
        "tga": tga_path(assumptions, frame, start, dates, steps),
        "rrp": rrp_path(assumptions, row0["rrp"], steps),
        "currency": row0["currency"] + steps * paces["currency per week"],
        "other": np.full(len(steps), row0["other"]),
    }, index=dates)
    for item, path in (paths or {}).items():
        levels[item] = pd.Series(path).reindex(dates).to_numpy()
    levels = with_reserves(levels)
    levels.index.name = "date"
    levels.attrs.update({"start": start, "assumptions": asdict(assumptions), "paces": paces,
                         "basis": frame.attrs.get("basis", identity.basis_label())})
    return levels


def with_reserves(levels: pd.DataFrame) -> pd.DataFrame:
    """Add reserves (the residual of the identity) and net liquidity (assets - TGA - ON RRP)."""
    levels = levels.copy()
    levels["reserves"] = levels["assets"] - levels[LIABILITY_ITEMS].sum(axis=1, skipna=False)
    levels["net_liquidity"] = levels["assets"] - levels["tga"] - levels["rrp"]
    return levels


def resolved_paces(assumptions: Assumptions, frame: pd.DataFrame, start: pd.Timestamp) -> dict:
    """The monthly paces actually used (trends filled in), and the weekly changes they imply."""
    runoff = assumptions.mbs_runoff_per_month
    runoff = mbs_runoff_trend(start) if runoff is None else float(runoff)
    currency = assumptions.currency_per_month
    currency = trailing_trend(frame["currency"], start) * WEEKS_PER_MONTH if currency is None else float(currency)
    assets_month = assumptions.rmp_per_month - (1 - assumptions.reinvested_share) * runoff \
        + assumptions.other_assets_per_month
    return {"RMPs a month": float(assumptions.rmp_per_month), "MBS run-off a month": runoff,
            "MBS run-off not reinvested a month": (1 - assumptions.reinvested_share) * runoff,
            "other assets a month": float(assumptions.other_assets_per_month),
            "assets a month": assets_month, "currency a month": currency,
            "assets per week": assets_month / WEEKS_PER_MONTH, "currency per week": currency / WEEKS_PER_MONTH}


def tga_path(assumptions: Assumptions, frame: pd.DataFrame, start, dates, steps) -> np.ndarray:
    tga0 = float(frame.loc[start, "tga"])
    if assumptions.tga == "flat":
        return np.full(len(steps), tga0)
    if assumptions.tga == "seasonal":
        return seasonal_tga(frame["tga"], start, dates)
    return _towards(tga0, float(assumptions.tga), assumptions.tga_weeks, steps)


def rrp_path(assumptions: Assumptions, rrp0: float, steps) -> np.ndarray:
    target = rrp0 if assumptions.rrp == "flat" else float(assumptions.rrp)
    return np.maximum(_towards(rrp0, target, assumptions.rrp_weeks, steps), 0.0)


def check_identity(levels: pd.DataFrame, tolerance: float = 1e-9) -> None:
    """Raise if assets differ from the sum of the liabilities in any projected week."""
    gap = (levels["assets"] - levels[["reserves", *LIABILITY_ITEMS]].sum(axis=1)).abs()
    if (gap > tolerance).any():
        raise AssertionError(f"identity fails on {gap.idxmax():%Y-%m-%d} by {gap.max():.3g} billion")


# --- backtests -----------------------------------------------------------------------------

def backtest(assumptions: Assumptions, start, end=None, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Projection from `start` against what happened to `end` (None = the last complete week).

    Columns (MultiIndex): ("projected" | "realised" | "error", item); error = projected -
    realised, billions of USD. Only weeks complete in the data are compared (holiday
    Wednesdays without an ON RRP operation are left out, not filled).
    """
    frame = history() if frame is None else frame
    first = start_date(frame, start)
    last = start_date(frame, end)
    weeks = int((last - first).days // 7)
    projected = project(assumptions, weeks, first, frame)
    realised = with_reserves(frame[ITEMS]).reindex(projected.index)
    both = pd.concat({"projected": projected, "realised": realised}, axis=1).dropna()
    error = both["projected"] - both["realised"]
    result = pd.concat([both, pd.concat({"error": error}, axis=1)], axis=1)
    result.attrs.update(projected.attrs)
    return result


def realised_paths(start, end=None, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The projection fed every realised path: the identity alone, shown to be exact, not a forecast."""
    frame = history() if frame is None else frame
    first, last = start_date(frame, start), start_date(frame, end)
    weeks = int((last - first).days // 7)
    return project(Assumptions(), weeks, first, frame, paths={item: frame[item] for item in ITEMS})


def miss_by_assumption(result: pd.DataFrame) -> pd.DataFrame:
    """How much each assumption added to the miss in reserves, week by week (billions of USD).

    Reserves are assets minus the four liabilities, so the reserves error is exactly the
    asset error minus each liability's error: the columns sum to "reserves".
    """
    error = result["error"]
    parts = pd.DataFrame({"assets": error["assets"], **{item: -error[item] for item in LIABILITY_ITEMS}})
    parts["reserves"] = error["reserves"]
    return parts


def error_summary(result: pd.DataFrame, horizons=(13, 26)) -> pd.DataFrame:
    """The reserves miss and its split by assumption at given horizons (weeks) and at the end."""
    parts = miss_by_assumption(result)
    start = result.index[0]
    rows = {}
    for weeks in horizons:
        when = start + pd.Timedelta(weeks=weeks)
        if when in parts.index:
            rows[f"week {weeks} ({when:%Y-%m-%d})"] = parts.loc[when]
    rows[f"end ({parts.index[-1]:%Y-%m-%d}, week {(parts.index[-1] - start).days // 7})"] = parts.iloc[-1]
    rows["mean absolute, all weeks"] = parts.abs().mean()
    return pd.DataFrame(rows).T


ASSUMPTION_NAMES = {"assets": "the asset path (RMPs and MBS run-off)", "tga": "the TGA path",
                    "rrp": "the ON RRP path", "currency": "the currency trend",
                    "other": "other liabilities held flat"}


def largest_miss(result: pd.DataFrame) -> str:
    """The item (one of ITEMS) whose assumption contributed most to the reserves miss, by mean absolute size.

    ``ASSUMPTION_NAMES`` says it in words."""
    return miss_by_assumption(result).drop(columns="reserves").abs().mean().idxmax()


# --- spread relation -----------------------------------------------------------------------

SPREAD = "SOFR − IORB"
RANGE_PERCENTILES = (5, 95)  # the ranges reported for the slope and the zero crossing
BAND_HALF_WIDTH = 125.0  # billions: "weeks with reserves that close" to a projected level
SPREAD_SINCE = "2025-01-01"  # the money-markets chapter's 2025 and 2026 periods: ON RRP nearly empty


def weekly_spreads(since: str = SPREAD_SINCE) -> pd.DataFrame:
    """Weekly mean SOFR − IORB (bp) next to week-average reserves (billions), from `since`."""
    weekly = mm.align_to_reserves(mm.daily_spreads(mm.daily_rates()), data.load("WRESBAL"))
    return weekly.loc[since:, [SPREAD, "reserves"]].dropna()


def spread_fit(weekly: pd.DataFrame, block_weeks: int = 8, draws: int = 1000, seed: int = 0) -> dict:
    """Least-squares line of the weekly spread on reserves, and where it crosses zero.

    The slope is in bp per $100B of reserves. Weekly errors are autocorrelated, so the
    ranges come from a moving-block bootstrap (blocks of `block_weeks` weeks, fixed seed):
    RANGE_PERCENTILES (5th to 95th) of the slope and of the zero-crossing level (billions).
    """
    x = weekly["reserves"].to_numpy() / 100
    y = weekly[SPREAD].to_numpy()
    slope, intercept = np.polyfit(x, y, 1)
    slopes, intercepts = block_bootstrap_lines(x, y, block_weeks, draws, seed)
    low, high = RANGE_PERCENTILES
    with np.errstate(divide="ignore", invalid="ignore"):
        crossings = np.where(slopes < 0, -intercepts / slopes * 100, np.nan)
    return {"weeks": len(x), "from": weekly.index[0], "to": weekly.index[-1],
            "slope": slope, "slope lo": np.percentile(slopes, low), "slope hi": np.percentile(slopes, high),
            "zero at": -intercept / slope * 100,
            "zero lo": np.nanpercentile(crossings, low), "zero hi": np.nanpercentile(crossings, high),
            "reserves min": float(weekly["reserves"].min()), "reserves max": float(weekly["reserves"].max())}


def block_bootstrap_lines(x: np.ndarray, y: np.ndarray, block_weeks: int, draws: int, seed: int):
    """Slopes and intercepts of least-squares lines on `draws` moving-block resamples of (x, y)."""
    rng = np.random.default_rng(seed)
    n_blocks = math.ceil(len(x) / block_weeks)
    starts = rng.integers(0, len(x) - block_weeks + 1, (draws, n_blocks))
    take = (starts[:, :, None] + np.arange(block_weeks)).reshape(draws, -1)[:, : len(x)]
    xs, ys = x[take], y[take]
    x_dev = xs - xs.mean(axis=1, keepdims=True)
    slopes = (x_dev * (ys - ys.mean(axis=1, keepdims=True))).sum(axis=1) / (x_dev ** 2).sum(axis=1)
    return slopes, ys.mean(axis=1) - slopes * xs.mean(axis=1)


def spread_band(weekly: pd.DataFrame, reserves: float, half_width: float = BAND_HALF_WIDTH, min_weeks: int = 5) -> dict:
    """What the spread did in weeks whose reserves were within `half_width` billion of `reserves`.

    Returns the number of such weeks, the median and the 10th-90th percentile of the weekly
    spread (bp) and the share of weeks (percent) with SOFR above IORB; NaNs when fewer than
    `min_weeks` weeks are that close (the data say nothing there).
    """
    near = weekly[(weekly["reserves"] - reserves).abs() <= half_width][SPREAD]
    if len(near) < min_weeks:
        return {"weeks": len(near), "median": np.nan, "p10": np.nan, "p90": np.nan, "share above IORB": np.nan}
    return {"weeks": len(near), "median": near.median(), "p10": near.quantile(0.1), "p90": near.quantile(0.9),
            "share above IORB": 100 * float((near > 0).mean())}


def risk_zone(reserves: float, fit: dict) -> str:
    """Where a reserves level sits against the range in which the fitted spread turns positive."""
    if reserves < fit["reserves min"] or reserves > fit["reserves max"]:
        return "outside the observed range"
    if reserves < fit["zero lo"]:
        return "below the turning range"
    if reserves <= fit["zero hi"]:
        return "inside the turning range"
    return "above the turning range"


# --- scenario grid -------------------------------------------------------------------------

def grid(scenarios: dict[str, Assumptions], weeks: int = 26, start=None,
         frame: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Project every named scenario from the same start (loading the data once)."""
    frame = history() if frame is None else frame
    return {name: project(assumptions, weeks, start, frame) for name, assumptions in scenarios.items()}


def ahead_table(projections: dict[str, pd.DataFrame], weekly: pd.DataFrame, fit: dict,
                horizons=(13, 26)) -> pd.DataFrame:
    """Reserves, net liquidity and the spread-risk reading `horizons` weeks ahead, per scenario."""
    rows = []
    for name, levels in projections.items():
        for weeks in horizons:
            if weeks >= len(levels):
                continue
            row = levels.iloc[weeks]
            band = spread_band(weekly, row["reserves"])
            rows.append({"scenario": name, "weeks ahead": weeks, "date": row.name,
                         "reserves": row["reserves"], "net liquidity": row["net_liquidity"],
                         "TGA": row["tga"], "ON RRP": row["rrp"], "spread risk": risk_zone(row["reserves"], fit),
                         "weeks that close": band["weeks"], "median SOFR − IORB (bp)": band["median"],
                         "weeks SOFR above IORB (%)": band["share above IORB"]})
    return pd.DataFrame(rows).set_index(["scenario", "weeks ahead"])


def standard_grid(tga_target: float, rmp_paces=(0, 20, 40)) -> dict[str, Assumptions]:
    """The chapter's grid: RMP paces x (TGA flat | rebuilt to `tga_target`), ON RRP at zero."""
    scenarios = {}
    for pace in rmp_paces:
        for label, tga in (("TGA flat", "flat"), ("TGA rebuilt", tga_target)):
            scenarios[f"RMPs {pace}/month, {label}"] = Assumptions(rmp_per_month=pace, tga=tga, rrp=0.0)
    return scenarios



def t_account(projected: pd.DataFrame, weeks: int | None = None) -> pd.DataFrame:
    """The Fed's T-account of the projection: each item's change from the start to week `weeks`.

    Two sides, billions of USD; the asset side's total equals the liability side's total
    (the identity). None = the last projected week.
    """
    end = projected.iloc[-1 if weeks is None else weeks]
    change = end - projected.iloc[0]
    liabilities = ["reserves", "tga", "rrp", "currency", "other"]
    names = {"reserves": "reserves (residual)", "tga": "TGA", "rrp": "ON RRP", "currency": "currency",
             "other": "other liabilities and capital (held flat)"}
    rows = [("assets", "total assets", change["assets"])]
    rows += [("liabilities and capital", names[item], change[item]) for item in liabilities]
    table = pd.DataFrame(rows, columns=["side", "item", "change"]).set_index(["side", "item"])
    table.attrs.update({"from": projected.index[0], "to": end.name})
    return table
