"""Analysis helpers shared by chapters: levels on dates, changes over windows, monthly paces."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data import events


def _as_date(when) -> pd.Timestamp:
    """An ISO date, a Timestamp, or an event key from data/events.csv."""
    if isinstance(when, str) and not when[:4].isdigit():
        return events.event_date(when)
    return pd.Timestamp(when)


STALE_AFTER_DAYS = 14  # older than this, the "last observation" is from across a data gap


def level_on(series: pd.Series, when, max_gap_days: int | None = STALE_AFTER_DAYS) -> tuple[pd.Timestamp, float]:
    """The last observation on or before `when` (a weekly Wednesday level is known only on Wednesdays).

    `when` may be a date, an event key, or None for the latest observation. An observation
    more than `max_gap_days` older than `when` is refused rather than silently used (the
    2018-21 MBS gap would otherwise answer a 2020 question with a 2018 value); pass None
    to allow any age.
    """
    when = series.index.max() if when is None else _as_date(when)
    known = series.loc[:when].dropna()
    if known.empty:
        raise ValueError(f"{series.name}: no observation on or before {when:%Y-%m-%d}")
    age = (when - known.index[-1]).days
    if max_gap_days is not None and age > max_gap_days:
        raise ValueError(f"{series.name}: the last observation before {when:%Y-%m-%d} is {age} days old "
                         f"({known.index[-1]:%Y-%m-%d}), across a gap in the data")
    return known.index[-1], float(known.iloc[-1])


@dataclass(frozen=True)
class Change:
    start_date: pd.Timestamp
    start: float
    end_date: pd.Timestamp
    end: float

    @property
    def change(self) -> float:
        return self.end - self.start

    @property
    def pct(self) -> float:
        return 100.0 * self.change / self.start

    @property
    def months(self) -> float:
        return (self.end_date - self.start_date).days / (365.25 / 12)

    @property
    def per_month(self) -> float:
        return self.change / self.months


def change_between(series: pd.Series, start, end) -> Change:
    d0, v0 = level_on(series, start)
    d1, v1 = level_on(series, end)
    return Change(d0, v0, d1, v1)


def era_table(series: pd.Series, eras=None) -> pd.DataFrame:
    """Start and end levels, change, percent change and monthly pace of `series` over each era.

    Levels are the last observations on or before each era's start and end dates.
    """
    eras = BALANCE_SHEET_ERAS if eras is None else eras
    rows = []
    for name, _short, start, end, _kind in eras:
        c = change_between(series, start, end)
        rows.append({"era": name, "from": f"{c.start_date:%Y-%m-%d}", "to": f"{c.end_date:%Y-%m-%d}",
                     "start": c.start, "end": c.end, "change": c.change, "change %": c.pct,
                     "months": c.months, "per month": c.per_month})
    return pd.DataFrame(rows).set_index("era")


def month_end_levels(series: pd.Series, complete_within_days: int | None = None) -> pd.Series:
    """The last observation of each calendar month.

    With `complete_within_days`, a final month whose data stop more than that many days
    before its end is left out: its "month-end" level would be a mid-month level (6 suits
    Wednesday data, whose last Wednesday can fall up to six days before the month ends;
    0 suits daily closes).
    """
    clean = series.dropna()
    levels = clean.resample("ME").last().dropna()
    if complete_within_days is not None and \
            clean.index.max() < levels.index[-1] - pd.Timedelta(days=complete_within_days):
        levels = levels.iloc[:-1]
    return levels


def monthly_changes(series: pd.Series, start=None, end=None) -> pd.Series:
    """Change in the month-end level (last observation in each month) from one month to the next.

    A final month whose data stop more than a week before its end is left out.
    """
    return month_end_levels(series, complete_within_days=6).diff().loc[start:end].dropna()


def peak(series: pd.Series, start=None, end=None) -> tuple[pd.Timestamp, float]:
    window = series.loc[start:end].dropna()
    return window.idxmax(), float(window.max())


def trough(series: pd.Series, start=None, end=None) -> tuple[pd.Timestamp, float]:
    window = series.loc[start:end].dropna()
    return window.idxmin(), float(window.min())


def mbs_holdings(mbst: pd.Series, wshomcb: pd.Series) -> pd.Series:
    """MBS held outright: MBST to 2018-06-13, WSHOMCB from 2021-05-26, NaN in the gap between.

    The two series never overlap, so they are not spliced: the gap is kept visible as
    weekly NaNs on the Wednesday calendar.
    """
    if not mbst.index.max() < wshomcb.index.min():
        raise ValueError("MBST and WSHOMCB overlap; revisit the splice rule")
    joined = pd.concat([mbst, wshomcb])
    wednesdays = pd.date_range(joined.index.min(), joined.index.max(), freq="W-WED")
    return joined.reindex(wednesdays.union(joined.index)).rename("MBS")


# Eras of the balance sheet: (name, short label, start, end, kind). Starts and ends are event
# keys from data/events.csv (sourced) or dates explained in the QE-vs-QT chapter; None = latest.
# Kind "reserve management" marks growth that is not QE: bills bought to keep reserves ample
# (the book's verdict in the RMP chapter), so it must not be drawn as a QE era.
BALANCE_SHEET_ERAS = [
    ("Crisis and QE1", "QE1", "2008-09-03", "qe1_end", "expansion"),
    ("QE2", "QE2", "qe2", "2011-06-30", "expansion"),
    ("QE3", "QE3", "qe3", "qe3_end", "expansion"),
    ("Run-off 2017-19", "Run-off", "runoff_2017", "runoff_2019_end", "contraction"),
    ("Bill purchases 2019-20", "Bills", "bills_2019", "covid_qe", "reserve management"),
    ("Pandemic QE", "Pandemic QE", "covid_qe", "walcl_peak", "expansion"),
    ("QT 2022-25", "QT", "qt_start", "qt_end", "contraction"),
    ("Reserve-management purchases", "RMPs", "rmp_start", None, "reserve management"),
]


def resolve_eras(series: pd.Series, eras=BALANCE_SHEET_ERAS) -> pd.DataFrame:
    """Eras with their start and end as dates (None = the series' last date)."""
    rows = [{"era": name, "short": short, "start": _as_date(start),
             "end": series.index.max() if end is None else _as_date(end), "direction": kind}
            for name, short, start, end, kind in eras]
    return pd.DataFrame(rows).set_index("era")


def caps_by_month(caps: pd.DataFrame, months: pd.DatetimeIndex) -> pd.DataFrame:
    """The run-off caps in force in each month (indexed by month-end dates like `months`)."""
    rows = {}
    for month_end in months:
        regime = caps[(caps["start"] <= month_end) & (caps["end"] >= month_end)]
        if len(regime) != 1:
            raise ValueError(f"{month_end:%Y-%m}: {len(regime)} cap regimes in force, expected 1")
        rows[month_end] = regime.iloc[0][["treasury_cap_bn", "mbs_cap_bn"]].astype(float)
    return pd.DataFrame(rows).T


def share_of_cap(decline: pd.Series, cap: pd.Series) -> pd.Series:
    """Monthly decline as a share of the cap in force (1.0 = ran off exactly at the cap)."""
    return (decline / cap.reindex(decline.index)).rename("share of cap")


def runoff_by_regime(decline: pd.Series, caps: pd.DataFrame, cap_column: str) -> pd.DataFrame:
    """Average monthly decline under each cap regime, against that regime's cap."""
    rows = []
    for regime in caps.itertuples():
        window = decline.loc[regime.start:regime.end]
        cap = float(getattr(regime, cap_column))
        rows.append({"from": f"{regime.start:%Y-%m}", "to": f"{regime.end:%Y-%m}", "months": len(window),
                     "cap": cap, "average decline": window.mean(), "share of cap": window.mean() / cap})
    return pd.DataFrame(rows)
