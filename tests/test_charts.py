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


def test_finish_labels_units_and_records_caption_and_source_line():
    fig, ax = charts.figure()
    walcl = fb.load("WALCL")
    ax.plot(walcl.index, walcl)
    charts.finish(fig, ax, "Total assets", fb.info("WALCL").unit, ["WALCL"], note="Wednesday levels.",
                  label="fig-assets")
    assert ax.get_ylabel() == "billions of USD"
    assert ax.get_title(loc="left") == "Total assets"
    record = charts.caption(fig)
    assert record["caption"] == "Total assets." and record["label"] == "fig-assets"
    assert record["source"].endswith(f"data as of {fb.info('WALCL').last}. Wednesday levels.")
    assert not any("data as of" in t.get_text() for t in fig.texts)  # searchable caption text, not pixels


def test_caption_of_a_multi_panel_figure_prefers_its_suptitle_and_joins_sources():
    fig, axes = charts.figure(2, 1)
    charts.finish(fig, axes[0], "Assets", "millions of USD", ["WALCL"])
    charts.finish(fig, axes[1], "Reverse repos", "billions of USD", ["RRPONTSYD"])
    record = charts.caption(fig)
    assert record["caption"] == "Assets; Reverse repos."
    assert "(WALCL)" in record["source"] and "(RRPONTSYD)" in record["source"]
    fig.suptitle("Two panels")
    assert charts.caption(fig)["caption"] == "Two panels."
    assert charts.caption(charts.figure()[0]) is None  # never finished: no caption invented


def test_png_output_is_a_sharp_palette_png_sized_in_css_pixels_with_its_caption():
    import base64
    import io

    from PIL import Image

    fig, ax = charts.figure()
    walcl = fb.load("WALCL")
    ax.plot(walcl.index, walcl)
    charts.finish(fig, ax, "Total assets", fb.info("WALCL").unit, ["WALCL"])
    data, metadata = charts.png_output(fig)
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    assert image.mode == "P"  # 256-colour palette
    assert abs(image.width - metadata["width"] * charts.PIXEL_DENSITY) <= 1
    assert 900 <= metadata["width"] <= 1000  # 9.5 inches at 100 CSS px per inch, tight box
    assert metadata[charts.FIGURE_METADATA_KEY] == {**charts.caption(fig), "smallest_text_pt": 11.0}
    assert charts.png_output(charts.figure()[0].__class__()) is None  # an empty figure shows nothing


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


def test_no_chart_text_is_shown_smaller_than_the_floor():
    fig, ax = charts.figure()
    ax.plot([0, 1], [0, 1])
    ax.text(0.5, 0.5, "tiny", fontsize=6)
    charts.finish(fig, ax, "Line", "percent", ["SOFR"])
    _, metadata = charts.png_output(fig)
    assert metadata[charts.FIGURE_METADATA_KEY]["smallest_text_pt"] == charts.MIN_TEXT_PT


def test_the_website_reads_back_every_part_of_the_source_line_charts_write():
    from fedbook.book import website

    note = charts.source_note(["WALCL", "RRPONTSYD"], "Wednesday levels (ON RRP on that day).")
    parts = website.SOURCE_LINE.match(note)
    assert parts["ids"] == "WALCL, RRPONTSYD" and parts["origin"] == "Embedded snapshot"
    assert "2026-10-07 (WALCL)" in parts["as_of"] and parts["note"] == "Wednesday levels (ON RRP on that day)."
    fixed, own_note = website.split_source(note)
    assert fixed + " " + own_note == note and fixed.endswith("(RRPONTSYD).")
