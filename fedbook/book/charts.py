"""One chart style for the whole book.

Every figure gets: a title saying what it shows, the unit in the axis label, and a
source line naming the publisher, the series ids, where the data came from (snapshot or
live) and the data's as-of date. Colours are the Okabe-Ito palette (colour-blind safe).

The caption (what the chart shows) and the source line are recorded on the figure, not
drawn into its pixels: inside a Jupyter kernel the chart's PNG output carries them as
output metadata (key ``fedbook_figure``), and the website's extension
(``fedbook.book.website``) turns that output into a numbered figure whose caption is
searchable text. PNGs are drawn at ``PIXEL_DENSITY`` image pixels per CSS pixel so they
stay sharp on phone screens and when zoomed; sizes are in CSS pixels (100 per inch).
"""

from __future__ import annotations

import io
from binascii import b2a_base64

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
# Event labels are drawn at SMALLEST_TEXT_PT; no text is shown smaller than MIN_TEXT_PT (a
# smaller size set in a chapter is raised when the chart is displayed), so the website's
# phone layout (720 CSS px wide charts) keeps all chart text at 8 CSS px or more.
SMALLEST_TEXT_PT = 9.0
MIN_TEXT_PT = 8.0
CSS_PX_PER_INCH = 100  # figure.dpi: one figure pixel is one CSS pixel on the page
PIXEL_DENSITY = 1.5  # PNG pixels per CSS pixel: sharp on phones, a third of a 2x file's weight
FIGURE_METADATA_KEY = "fedbook_figure"  # read by fedbook.book.website


def use_book_style() -> None:
    plt.rcParams.update({
        "figure.figsize": (9.5, 4.8),
        "figure.dpi": CSS_PX_PER_INCH,
        "savefig.dpi": CSS_PX_PER_INCH * PIXEL_DENSITY,
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 11,
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
           ylabel: str | None = None, label: str | None = None):
    """Title, unit-labelled y axis, date axis, and the caption and source line on record.

    `ylabel` overrides the unit label when the axis shows a derived quantity (say,
    "billions of USD a month"). `label` names the figure for cross-references in prose
    (``{numref}`label` `` on the website). Call it once per panel of a multi-panel figure.
    Returns None on purpose: as a cell's last line it then displays nothing extra (nbval
    runs cells without history, where a trailing ';' does not suppress output).
    """
    if title is not None:  # None keeps a title already set (e.g. on another panel)
        ax.set_title(title)
    ax.set_ylabel(ylabel or units.short_label(unit))
    if isinstance(ax.xaxis.get_major_locator(), mdates.AutoDateLocator) or _is_date_axis(ax):
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    if legend and ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best")
    # Here, not in figure(): the kernel's inline backend installs its own PNG formatter when
    # the first figure is created, which would replace ours for a chapter's first chart.
    _show_captions_in_kernel()
    record = fig.__dict__.setdefault("_fedbook_panels", [])
    record.append({"title": title or ax.get_title(loc="left"), "source": source_note(series_ids, note),
                   "label": label})


def caption(fig) -> dict | None:
    """What the website shows under a chart: {'caption', 'source', 'label'}; None if the
    figure never went through finish(). The caption is the figure's suptitle, else its
    panels' titles; the source joins each panel's distinct source line."""
    panels = fig.__dict__.get("_fedbook_panels")
    if not panels:
        return None
    suptitle = fig._suptitle.get_text().strip() if fig._suptitle is not None else ""
    titles = list(dict.fromkeys(p["title"] for p in panels if p["title"]))
    text = suptitle or "; ".join(titles) or "Chart"
    labels = [p["label"] for p in panels if p["label"]]
    return {"caption": text if text.endswith((".", "?", "!")) else text + ".",
            "source": " ".join(dict.fromkeys(p["source"] for p in panels)),
            "label": labels[0] if labels else None}


def png_output(fig):
    """(PNG bytes, output metadata) for a kernel's display: PIXEL_DENSITY times as many
    pixels as CSS pixels, the CSS size as width/height, and the caption record."""
    from IPython.core.pylabtools import print_figure

    raise_small_text(fig)
    png = print_figure(fig, fmt="png", bbox_inches="tight", base64=False,
                       dpi=CSS_PX_PER_INCH * PIXEL_DENSITY)
    if png is None:  # an empty figure: show nothing, as IPython does
        return None
    png = palette_png(png)
    width, height = _png_size(png)
    metadata = {"width": round(width / PIXEL_DENSITY), "height": round(height / PIXEL_DENSITY)}
    record = caption(fig)
    if record is not None:
        metadata[FIGURE_METADATA_KEY] = {**record, "smallest_text_pt": smallest_text_pt(fig)}
    return b2a_base64(png, newline=False).decode("ascii"), metadata


def raise_small_text(fig, floor: float = MIN_TEXT_PT) -> None:
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        if text.get_fontsize() < floor:
            text.set_fontsize(floor)


def smallest_text_pt(fig) -> float:
    """Font size (points) of the smallest visible text in the figure: the website's phone
    check turns it into CSS pixels at the size the chart is shown."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return float(min(sizes)) if sizes else 0.0


def palette_png(png: bytes) -> bytes:
    """The same chart as a 256-colour PNG: flat colours and anti-aliased lines survive, and
    the file is about a third of the size (pages stay light on phones). Deterministic."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # the IHDR chunk


def _show_captions_in_kernel() -> None:
    """Inside a Jupyter kernel, display figures with png_output (caption as metadata)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        from matplotlib.figure import Figure

        shell.display_formatter.formatters["image/png"].for_type(Figure, png_output)


def _is_date_axis(ax) -> bool:
    converter = ax.xaxis.get_converter()  # (the .converter attribute is deprecated since Matplotlib 3.10)
    return isinstance(converter, mdates.DateConverter)


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
            ax.text(row["date"], ymax, f" {row['label']}", rotation=90, va="top", ha="right", fontsize=SMALLEST_TEXT_PT,
                    color="#333333")


def mid_month(month_ends: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The 15th of each month, where a monthly bar belongs.

    Monthly changes are indexed by month-end dates; a bar drawn there straddles the next
    month's tick (December's bar sits under January), so bars are placed mid-month instead.
    """
    return pd.DatetimeIndex(month_ends).to_period("M").to_timestamp() + pd.Timedelta(days=14)


def shade(ax, start, end, kind: str = "neutral", label: str | None = None) -> None:
    ax.axvspan(pd.Timestamp(start), pd.Timestamp(end), color=ERA_COLOURS[kind], alpha=0.18, lw=0, label=label)
