"""The Fed's balance-sheet identity on weekly data.

    total assets = reserves + TGA + ON RRP + currency + other liabilities and capital

The snapshot has the first four liabilities; "other" is whatever is left (foreign official
and other deposits, the foreign official reverse-repo pool, capital, the deferred asset,
and any measurement mismatch). So the identity always holds: the question is how big and
how noisy the residual is.

Units: everything in billions of USD, as `fedbook.load` returns it. The H.4.1 series
(WALCL, WRESBAL, WDTGAL, WTREGEN, WCURCIR) are published in millions, RRPONTSYD in billions;
the loader converts from the units recorded in the snapshot manifest.

Measurement basis: WALCL, WDTGAL and WCURCIR are Wednesday levels; WRESBAL and WTREGEN are
averages of the week ending Wednesday; RRPONTSYD is daily. There is no Wednesday-level
reserves series and no week-average total assets in the snapshot, so every choice mixes
bases somewhere; the mismatch lands in the residual. Choose the TGA series (`tga`) and the
ON RRP sampling (`rrp`: the Wednesday value, or the mean of the week's operations) and
compare.
"""

from __future__ import annotations

import pandas as pd

from .. import data
from . import levels as lv

TGA_SERIES = ("WDTGAL", "WTREGEN")
RRP_BASES = ("wednesday", "week_average")
COMPONENTS = ["reserves", "tga", "rrp", "currency", "other"]
LABELS = {"assets": "Total assets", "reserves": "Reserves", "tga": "Treasury General Account",
          "rrp": "ON RRP", "currency": "Currency", "other": "Other liabilities and capital (residual)"}
SERIES = {"assets": "WALCL", "reserves": "WRESBAL", "currency": "WCURCIR", "rrp": "RRPONTSYD"}


def rrp_on_wednesdays(daily: pd.Series, wednesdays: pd.DatetimeIndex, basis: str = "wednesday") -> pd.Series:
    """ON RRP on each Wednesday: that day's value (NaN when there was no operation, e.g. a holiday)
    or the mean of the operations in the week ending that Wednesday (Thursday to Wednesday)."""
    if basis == "wednesday":
        return daily.reindex(wednesdays)
    if basis == "week_average":
        return daily.resample("W-WED").mean().reindex(wednesdays)
    raise ValueError(f"rrp basis must be one of {RRP_BASES}, not {basis!r}")


def basis_label(tga: str = "WDTGAL", rrp: str = "wednesday") -> str:
    tga_text = "TGA Wednesday level (WDTGAL)" if tga == "WDTGAL" else "TGA week average (WTREGEN)"
    rrp_text = "ON RRP on the Wednesday" if rrp == "wednesday" else "ON RRP week average"
    return f"{tga_text}, {rrp_text}"


def levels(tga: str = "WDTGAL", rrp: str | None = "wednesday") -> pd.DataFrame:
    """Weekly levels (billions of USD) on WALCL's Wednesdays, with 'other' as the residual.

    A row with any component missing keeps NaN in 'other' (never filled). With rrp=None the
    ON RRP is not named and stays inside 'other': its daily series is sparse before 2013,
    so naming it would empty 'other' in those years.
    """
    if tga not in TGA_SERIES:
        raise ValueError(f"tga must be one of {TGA_SERIES}, not {tga!r}")
    assets = data.load(SERIES["assets"])
    wednesdays = assets.index
    frame = pd.DataFrame({
        "assets": assets,
        "reserves": data.load(SERIES["reserves"]).reindex(wednesdays),
        "tga": data.load(tga).reindex(wednesdays),
        "rrp": rrp_on_wednesdays(data.load(SERIES["rrp"]), wednesdays, rrp) if rrp else None,
        "currency": data.load(SERIES["currency"]).reindex(wednesdays),
    })
    if rrp is None:
        frame = frame.drop(columns="rrp")
    return with_residual(frame, basis_label(tga, rrp) if rrp else f"{basis_label(tga)}; ON RRP inside 'other'")


def with_residual(frame: pd.DataFrame, basis: str = "") -> pd.DataFrame:
    """Add 'other' = assets minus the named liabilities (NaN unless every item is present)."""
    frame = frame.copy()
    named = frame[[c for c in ("reserves", "tga", "rrp", "currency") if c in frame.columns]]
    frame["other"] = (frame["assets"] - named.sum(axis=1)).where(named.notna().all(axis=1) & frame["assets"].notna())
    frame.attrs["basis"] = basis
    return frame


def complete(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.dropna(subset=["assets"] + COMPONENTS)


def weekly_changes(frame: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Week-on-week changes; a week is kept only if both Wednesdays are complete."""
    changes = frame.diff()
    consecutive = frame.index.to_series().diff() == pd.Timedelta(days=7)
    changes = changes[consecutive.values].dropna(subset=["assets"] + COMPONENTS)
    return _keep_attrs(changes.loc[start:end], frame)


def monthly_changes(frame: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Change between the last complete Wednesdays of consecutive months.

    Because the residual is defined on levels, these monthly changes still add up exactly.
    A final month whose data stop more than six days before its end is left out.
    """
    full = complete(frame)
    changes = pd.DataFrame({col: lv.monthly_changes(full[col]) for col in full.columns})
    return _keep_attrs(changes.loc[start:end], frame)


def change_over(frame: pd.DataFrame, start, end) -> pd.Series:
    """Change in each item between the last complete Wednesdays on or before `start` and `end`
    (dates or event keys); the dates used are in `.attrs`."""
    full = complete(frame)
    d0, _ = lv.level_on(full["assets"], start)
    d1, _ = lv.level_on(full["assets"], end)
    change = full.loc[d1] - full.loc[d0]
    change.attrs.update({"from": d0, "to": d1, "basis": frame.attrs.get("basis", "")})
    return change


def shares_of_asset_change(change: pd.Series) -> pd.Series:
    """Each item's change as a percentage of the change in total assets (signs kept)."""
    return 100 * change / change["assets"]


def check_adds_up(changes: pd.DataFrame, tolerance: float = 1e-6) -> None:
    """Raise if the liability changes do not sum to the change in total assets."""
    gap = (changes["assets"] - changes[COMPONENTS].sum(axis=1)).abs()
    if (gap > tolerance).any():
        raise AssertionError(f"identity fails on {gap.idxmax():%Y-%m-%d} by {gap.max():.6f} billion")


def residual_stats(changes: pd.DataFrame) -> pd.Series:
    """How big the residual is next to the moves it sits beside (billions of USD per period)."""
    abs_mean = changes.abs().mean()
    return pd.Series({
        "periods": len(changes),
        "mean |change in assets|": abs_mean["assets"],
        "mean |change in reserves|": abs_mean["reserves"],
        "mean |residual|": abs_mean["other"],
        "residual / |change in assets|": abs_mean["other"] / abs_mean["assets"],
        "residual / |change in reserves|": abs_mean["other"] / abs_mean["reserves"],
        "residual, standard deviation": changes["other"].std(),
        "residual, mean": changes["other"].mean(),
    })


def basis_comparison(start=None, end=None, freq: str = "weekly") -> pd.DataFrame:
    """Residual statistics for every choice of TGA series and ON RRP sampling."""
    step = {"weekly": weekly_changes, "monthly": monthly_changes}[freq]
    rows = {}
    for tga in TGA_SERIES:
        for rrp in RRP_BASES:
            rows[(tga, rrp)] = residual_stats(step(levels(tga, rrp), start, end))
    table = pd.DataFrame(rows).T
    table.index.names = ["TGA series", "ON RRP"]
    return table


def dropped_weeks(frame: pd.DataFrame, start=None, end=None) -> pd.DatetimeIndex:
    """Wednesdays with total assets but a missing component (kept as gaps, not filled)."""
    window = frame.loc[start:end]
    missing = window[COMPONENTS].isna().any(axis=1) & window["assets"].notna()
    return window.index[missing]


def tga_rebuild_window(tga: pd.Series, search_start, search_end, horizon_weeks: int = 20):
    """Trough of the TGA within the search window and its highest level in the following weeks."""
    trough_date, trough = lv.trough(tga, search_start, search_end)
    after = tga.loc[trough_date:trough_date + pd.Timedelta(weeks=horizon_weeks)]
    return trough_date, after.idxmax()


def _keep_attrs(result: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    result.attrs["basis"] = source.attrs.get("basis", "")
    return result


def stack_signed(ax, changes: pd.DataFrame, colours: dict, width: float, labels: dict | None = None,
                 x=None) -> None:
    """Stacked bars where positive parts stack up from zero and negative parts stack down.

    `x` places the bars (default: the index), e.g. mid-month for month-end-indexed changes.
    """
    labels = labels or LABELS
    x = changes.index if x is None else x
    up = pd.Series(0.0, index=changes.index)
    down = pd.Series(0.0, index=changes.index)
    for col in COMPONENTS:
        values = changes[col]
        bottom = up.where(values >= 0, down)
        ax.bar(x, values, width=width, bottom=bottom, color=colours[col], label=labels[col], lw=0)
        up = up + values.clip(lower=0)
        down = down + values.clip(upper=0)
