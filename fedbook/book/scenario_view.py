"""Scenario lab on the page: the projection chart, the printed table and the Jupyter sliders.

Shared by the chapter ``notebooks/scenario-lab.ipynb`` and ``python -m fedbook scenario``,
so both draw the same chart. Money in billions of USD; spreads in basis points. The numbers
come from ``fedbook.analysis.scenario``; nothing is computed here but layout.
"""

from __future__ import annotations

import pandas as pd

from ..analysis import scenario as sc
from . import charts

SOURCE_IDS = ["WALCL", "WRESBAL", "WDTGAL", "RRPONTSYD", "WCURCIR", "WSHOMCB"]
SPREAD_IDS = ["SOFR", "IORB"]
HISTORY_WEEKS = 52
TURNING_COLOUR = "#D55E00"


def draw_reserves(ax, projected: pd.DataFrame, past: pd.DataFrame | None, fit: dict, label: str = "projected") -> None:
    """Reserves: the data before the start, the projection after it, and the turning range shaded."""
    ax.axhspan(fit["zero lo"], fit["zero hi"], color=TURNING_COLOUR, alpha=0.15, lw=0,
               label="SOFR − IORB turns positive (5–95% range)")
    if past is not None:
        ax.plot(past.index, past["reserves"], color="black", lw=1.2, label="reserves (data)")
    ax.plot(projected.index, projected["reserves"], color=charts.PALETTE[0], lw=2.0, label=label)


def scenario_figure(projected: pd.DataFrame, past: pd.DataFrame, fit: dict, title: str):
    """Two panels: reserves with the turning range; TGA, ON RRP and net liquidity change."""
    fig, axes = charts.figure(2, 1, sharex=True, height=7.0)
    draw_reserves(axes[0], projected, past, fit)
    axes[0].legend(loc="best", fontsize=8.5)
    start = projected.index[0]
    for column, colour, name in (("tga", charts.PALETTE[1], "TGA"), ("rrp", charts.PALETTE[2], "ON RRP"),
                                 ("net_liquidity", charts.PALETTE[4], "net liquidity")):
        both = pd.concat([past[column], projected[column].iloc[1:]]) - projected.loc[start, column]
        axes[1].plot(both.index, both, color=colour, lw=1.4, label=f"{name}, change since {start:%Y-%m-%d}")
    axes[1].axvline(start, color="#555555", lw=0.8, ls="--")
    axes[1].axhline(0, color="black", lw=0.6)
    axes[1].legend(loc="best", fontsize=8.5)
    axes[1].set_ylabel("billions of USD")
    charts.finish(fig, axes[0], title, "Billions of U.S. Dollars", SOURCE_IDS + SPREAD_IDS, legend=False,
                  note="Projection on the balance-sheet identity (Wednesday basis; reserves a week average). "
                       "Not a forecast: it follows the stated assumptions.")
    return fig, axes


def past_weeks(frame: pd.DataFrame, start: pd.Timestamp, weeks: int = HISTORY_WEEKS) -> pd.DataFrame:
    """The data of the `weeks` weeks up to the start, with reserves and net liquidity."""
    window = frame.loc[start - pd.Timedelta(weeks=weeks):start, sc.ITEMS]
    return sc.with_reserves(window)


def printed_table(projected: pd.DataFrame, weekly: pd.DataFrame, fit: dict, every: int = 4) -> pd.DataFrame:
    """Every `every`-th week and the last: levels (billions) and the spread-risk reading."""
    rows = list(range(0, len(projected), every))
    if rows[-1] != len(projected) - 1:
        rows.append(len(projected) - 1)
    table = projected.iloc[rows][["assets", "reserves", "tga", "rrp", "currency", "net_liquidity"]].round(0)
    table.insert(0, "week", rows)
    table["spread risk"] = [sc.risk_zone(r, fit) for r in table["reserves"]]
    table["SOFR>IORB weeks %"] = [sc.spread_band(weekly, r)["share above IORB"] for r in table["reserves"]]
    table.index = table.index.strftime("%Y-%m-%d")
    return table.rename(columns={"tga": "TGA", "rrp": "ON RRP", "net_liquidity": "net liquidity"})


_slider_panels = 0  # how many panels this kernel has made (each needs its own widget id)


def sliders(frame: pd.DataFrame, fit: dict, weeks: int = 26):
    """ipywidgets sliders that re-project and redraw reserves (Jupyter only; the website shows the grid).

    The panel gets a predictable widget id ("fedbook-scenario-lab-1" in a fresh kernel):
    a random one would change the stored output on every run (and looks like an API key).
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    global _slider_panels
    _slider_panels += 1
    start = frame.index.max()
    controls = {
        "rmp": widgets.FloatSlider(value=20, min=0, max=100, step=5, description="RMPs $B/mo"),
        "tga_target": widgets.FloatSlider(value=round(float(frame.loc[start, "tga"])), min=0, max=1500, step=25,
                                          description="TGA $B"),
        "rrp_target": widgets.FloatSlider(value=0, min=0, max=500, step=10, description="ON RRP $B"),
        "horizon": widgets.IntSlider(value=weeks, min=4, max=104, step=1, description="weeks"),
    }

    def redraw(rmp, tga_target, rrp_target, horizon):
        fig = slider_figure(frame, fit, start, rmp, tga_target, rrp_target, horizon)
        plt.show()
        return fig

    output = widgets.interactive_output(redraw, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())[:2]), widgets.HBox(list(controls.values())[2:]), output],
                        model_id=f"fedbook-scenario-lab-{_slider_panels}")


def slider_figure(frame: pd.DataFrame, fit: dict, start, rmp: float, tga_target: float, rrp_target: float,
                  horizon: int):
    """The sliders' chart: reserves under the chosen RMP pace, TGA and ON RRP targets."""
    assumptions = sc.Assumptions(rmp_per_month=rmp, tga=float(tga_target), rrp=float(rrp_target))
    projected = sc.project(assumptions, int(horizon), start, frame)
    fig, ax = charts.figure(height=4.5)
    draw_reserves(ax, projected, past_weeks(frame, start), fit)
    ax.legend(loc="best", fontsize=8.5)
    charts.finish(fig, ax, "Your scenario: reserves", "Billions of U.S. Dollars", SOURCE_IDS + SPREAD_IDS,
                  legend=False, note=f"RMPs {rmp:.0f} a month; TGA to {tga_target:.0f}; ON RRP to {rrp_target:.0f}.")
    return fig
