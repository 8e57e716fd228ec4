"""One chart style for the whole book.

Every figure gets: a title saying what it shows, the unit in the axis label, and a
source line naming the publisher, the series ids, where the data came from (snapshot or
live) and the data's as-of date. Colours are the Okabe-Ito palette (colour-blind safe).
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from cycler import cycler

from .. import data
from ..data import events, units

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# "reserve management": balance-sheet growth that is not QE (the 2019-20 bill purchases, RMPs).
ERA_COLOURS = {"expansion": "#56B4E9", "contraction": "#E69F00", "reserve management": "#009E73",
               "neutral": "#BBBBBB"}


def use_book_style() -> None:
    plt.rcParams.update({
        "figure.figsize": (9.5, 4.8),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "font.size": 10.5,
        "axes.titlesize": 12.5,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 10.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.prop_cycle": cycler(color=PALETTE),
        "legend.frameon": False,
        "figure.constrained_layout.use": True,
        "svg.hashsalt": "fedbook",  # deterministic output
    })


def figure(nrows: int = 1, ncols: int = 1, height: float | None = None, **kwargs):
    use_book_style()
    width = plt.rcParams["figure.figsize"][0]
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height or 4.8 * (0.8 + 0.45 * (nrows - 1))), **kwargs)
    return fig, axes


def source_note(series_ids, extra: str | None = None) -> str:
    """'Source: <publishers> (<ids>). <origin>, data as of <date>.'

    When the series end on different dates, each date is named with its series, so a
    combined line is never credited with a later date than its shortest input.
    """
    infos = [data.info(s) for s in series_ids]
    publishers = list(dict.fromkeys(i.publisher for i in infos))
    ids = ", ".join(i.id for i in infos)
    origins = sorted({i.origin for i in infos})
    origin = "embedded snapshot" if origins == ["snapshot"] else " + ".join(origins)
    note = f"Source: {'; '.join(publishers)} ({ids}). {origin.capitalize()}, {as_of_text(infos)}."
    return f"{note} {extra}" if extra else note


def as_of_text(infos) -> str:
    by_date: dict[str, list[str]] = {}
    for info in infos:
        by_date.setdefault(info.last, []).append(info.id)
    if len(by_date) == 1:
        return f"data as of {next(iter(by_date))}"
    parts = [f"{date} ({', '.join(ids)})" for date, ids in sorted(by_date.items())]
    return "data as of " + "; ".join(parts)


def finish(fig, ax, title: str | None, unit: str, series_ids, note: str | None = None, legend: bool = True,
           ylabel: str | None = None):
    """Title, unit-labelled y axis, date axis and the source line.

    `ylabel` overrides the unit label when the axis shows a derived quantity (say,
    "billions of USD a month"). Returns None on purpose: as a cell's last line it then
    displays nothing extra (nbval runs cells without history, where a trailing ';' does
    not suppress output).
    """
    if title is not None:  # None keeps a title already set (e.g. on another panel)
        ax.set_title(title)
    ax.set_ylabel(ylabel or units.short_label(unit))
    if isinstance(ax.xaxis.get_major_locator(), mdates.AutoDateLocator) or _is_date_axis(ax):
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    if legend and ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best")
    fig.text(0.0, -0.01, source_note(series_ids, note), ha="left", va="top", fontsize=8.5, color="#444444",
             wrap=True, transform=fig.transFigure)


def _is_date_axis(ax) -> bool:
    return isinstance(ax.xaxis.converter, mdates.DateConverter) if hasattr(ax.xaxis, "converter") else False


def mark_events(ax, keys=None, kinds=None, label: bool = True, start=None, end=None) -> None:
    """Dashed vertical lines (with labels) at events from the shared table."""
    lo, hi = ax.get_xlim()
    table = events.select(keys=keys, kinds=kinds, start=start, end=end)
    ymax = ax.get_ylim()[1]
    for _, row in table.iterrows():
        x = mdates.date2num(row["date"])
        if not lo <= x <= hi:
            continue
        ax.axvline(row["date"], color="#555555", lw=0.8, ls="--", alpha=0.7, zorder=1)
        if label:
            ax.text(row["date"], ymax, f" {row['label']}", rotation=90, va="top", ha="right", fontsize=7.5,
                    color="#333333")


def mid_month(month_ends: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The 15th of each month, where a monthly bar belongs.

    Monthly changes are indexed by month-end dates; a bar drawn there straddles the next
    month's tick (December's bar sits under January), so bars are placed mid-month instead.
    """
    return pd.DatetimeIndex(month_ends).to_period("M").to_timestamp() + pd.Timedelta(days=14)


def shade(ax, start, end, kind: str = "neutral", label: str | None = None) -> None:
    ax.axvspan(pd.Timestamp(start), pd.Timestamp(end), color=ERA_COLOURS[kind], alpha=0.18, lw=0, label=label)
