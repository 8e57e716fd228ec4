"""The shared chart style: units on the axis, a source line with the as-of date."""

import matplotlib

matplotlib.use("Agg")

import fedbook as fb  # noqa: E402
from fedbook.book import charts  # noqa: E402


def test_source_note_names_publisher_series_origin_and_as_of_date():
    note = charts.source_note(["WALCL", "RRPONTSYD"])
    assert "Federal Reserve Board, H.4.1" in note and "New York" in note
    assert "(WALCL, RRPONTSYD)" in note
    assert "Embedded snapshot, data as of 2026-10-07 (WALCL); 2026-10-09 (RRPONTSYD)" in note


def test_source_note_with_one_end_date_names_it_once():
    assert charts.source_note(["WALCL", "TREAST"]).endswith("Embedded snapshot, data as of 2026-10-07.")


def test_finish_labels_units_and_adds_the_source_line():
    fig, ax = charts.figure()
    walcl = fb.load("WALCL")
    ax.plot(walcl.index, walcl)
    charts.finish(fig, ax, "Total assets", fb.info("WALCL").unit, ["WALCL"])
    assert ax.get_ylabel() == "billions of USD"
    assert ax.get_title(loc="left") == "Total assets"
    assert any("data as of 2026-10-07" in t.get_text() for t in fig.texts)


def test_mark_events_draws_only_events_inside_the_axis():
    import matplotlib.dates as mdates

    from fedbook.data import events

    fig, ax = charts.figure()
    walcl = fb.load("WALCL").loc["2025"]
    ax.plot(walcl.index, walcl)
    lo, hi = (mdates.num2date(x).replace(tzinfo=None) for x in ax.get_xlim())
    inside = events.select(kinds=["programme", "fomc"], start=lo, end=hi)
    everywhere = events.select(kinds=["programme", "fomc"])
    before = len(ax.lines)
    charts.mark_events(ax, kinds=["programme", "fomc"])
    assert len(ax.lines) - before == len(inside) > 0
    assert len(everywhere) > len(inside)


def test_monthly_bars_sit_inside_the_month_they_measure():
    import pandas as pd

    month_ends = pd.DatetimeIndex(["2025-12-31", "2026-01-31", "2026-02-28"])
    placed = charts.mid_month(month_ends)
    assert list(placed.strftime("%Y-%m-%d")) == ["2025-12-15", "2026-01-15", "2026-02-15"]
    # a December bar must sit before the next year's tick, not under it
    assert placed[0] < pd.Timestamp("2026-01-01") - pd.Timedelta(days=10)
