"""The balance-sheet identity on weekly data: one unit, stated bases, a residual that adds up."""

import numpy as np
import pandas as pd
import pytest

from fedbook import data
from fedbook.analysis import identity as bi
from fedbook.book import charts

WED = pd.date_range("2025-01-01", periods=4, freq="W-WED")


def tiny(**overrides):
    values = {"assets": [100.0, 110.0, 105.0, 120.0], "reserves": [40.0, 45.0, 41.0, 50.0],
              "tga": [20.0, 22.0, 21.0, 25.0], "rrp": [10.0, 9.0, 8.0, 7.0], "currency": [25.0, 26.0, 27.0, 28.0]}
    values.update(overrides)
    return bi.with_residual(pd.DataFrame(values, index=WED), "test")


@pytest.fixture(scope="module")
def wednesday_levels():
    return bi.levels("WDTGAL", "wednesday")


def test_levels_are_in_billions_from_both_publisher_units(wednesday_levels):
    day = pd.Timestamp("2025-12-03")
    # H.4.1 items are published in millions, RRPONTSYD in billions: one unit after loading.
    assert data.entry("WALCL")["units"] == "Millions of U.S. Dollars"
    assert data.entry("RRPONTSYD")["units"] == "Billions of U.S. Dollars"
    assert wednesday_levels.loc[day, "assets"] == pytest.approx(data.load_published("WALCL")[day] / 1000)
    assert wednesday_levels.loc[day, "reserves"] == pytest.approx(data.load_published("WRESBAL")[day] / 1000)
    assert wednesday_levels.loc[day, "rrp"] == pytest.approx(data.load_published("RRPONTSYD")[day])
    assert wednesday_levels.loc[day, "tga"] == pytest.approx(data.load_published("WDTGAL")[day] / 1000)


def test_residual_level_is_plausible_only_if_units_match(wednesday_levels):
    # Other liabilities and capital have been a few hundred billion since 2019. Mixing millions
    # with billions would put this in the millions or make it hugely negative.
    other = wednesday_levels.loc["2019":, "other"].dropna()
    assert other.between(100, 1000).all()


def test_identity_adds_up_weekly_and_monthly_on_real_data(wednesday_levels):
    weekly = bi.weekly_changes(wednesday_levels, "2022-06-01", "2025-11-26")
    monthly = bi.monthly_changes(wednesday_levels, "2022-06", "2025-11")
    bi.check_adds_up(weekly)
    bi.check_adds_up(monthly)
    assert len(monthly) == 42 and monthly.attrs["basis"].startswith("TGA Wednesday level")


def test_check_adds_up_catches_a_broken_row():
    changes = tiny().diff().dropna()
    changes.iloc[1, changes.columns.get_loc("reserves")] += 1.0
    with pytest.raises(AssertionError, match="2025-01-15 by 1.0"):
        bi.check_adds_up(changes)


def test_residual_is_left_missing_when_an_item_is_missing():
    frame = tiny(rrp=[10.0, np.nan, 8.0, 7.0])
    assert np.isnan(frame.loc[WED[1], "other"])
    assert frame.loc[WED[0], "other"] == 100 - 40 - 20 - 10 - 25


def test_weekly_changes_drop_both_weeks_around_a_gap():
    frame = tiny(rrp=[10.0, np.nan, 8.0, 7.0])
    changes = bi.weekly_changes(frame)
    assert list(changes.index) == [WED[3]]
    assert changes.loc[WED[3], "assets"] == 15


def test_rrp_on_wednesdays_takes_the_day_or_the_week_mean():
    days = pd.to_datetime(["2024-12-19", "2024-12-20", "2024-12-23", "2024-12-24", "2024-12-26", "2025-01-02"])
    daily = pd.Series([1.0, 2.0, 3.0, 6.0, 10.0, 20.0], index=days)
    weds = pd.DatetimeIndex(["2024-12-25", "2025-01-01"])  # both holidays: no operation
    assert bi.rrp_on_wednesdays(daily, weds, "wednesday").isna().all()
    week = bi.rrp_on_wednesdays(daily, weds, "week_average")
    assert week.iloc[0] == pytest.approx(3.0) and week.iloc[1] == pytest.approx(10.0)
    with pytest.raises(ValueError, match="rrp basis"):
        bi.rrp_on_wednesdays(daily, weds, "daily")


def test_levels_refuse_an_unknown_tga_series():
    with pytest.raises(ValueError, match="tga must be one of"):
        bi.levels("TGA")


def test_monthly_changes_telescope_to_the_change_over_the_window(wednesday_levels):
    monthly = bi.monthly_changes(wednesday_levels, "2023-01", "2023-12")
    whole = bi.change_over(wednesday_levels, "2022-12-31", "2023-12-31")
    assert monthly.sum().to_dict() == pytest.approx(whole.to_dict())


def test_change_over_accepts_event_keys_and_reports_its_dates(wednesday_levels):
    change = bi.change_over(wednesday_levels, "qt_start", "qt_end")
    assert change.attrs["from"] == pd.Timestamp("2022-06-01") and change.attrs["to"] == pd.Timestamp("2025-11-26")
    assert change["assets"] == pytest.approx(change[bi.COMPONENTS].sum())
    assert change["rrp"] < change["reserves"] < 0  # QT drained the ON RRP far more than reserves


def test_dropped_weeks_are_holiday_wednesdays_without_an_rrp_operation(wednesday_levels):
    dropped = bi.dropped_weeks(wednesday_levels, "2024-01-01", "2025-06-30")
    assert pd.Timestamp("2024-12-25") in dropped and pd.Timestamp("2025-01-01") in dropped
    assert bi.dropped_weeks(bi.levels("WDTGAL", "week_average"), "2024-01-01", "2025-06-30").empty


def test_residual_stats_on_hand_made_changes():
    changes = pd.DataFrame({"assets": [10.0, -10.0], "reserves": [5.0, -15.0], "tga": [0.0, 0.0],
                            "rrp": [0.0, 0.0], "currency": [0.0, 0.0], "other": [5.0, 5.0]})
    stats = bi.residual_stats(changes)
    assert stats["mean |residual|"] == 5 and stats["residual / |change in assets|"] == 0.5
    assert stats["residual / |change in reserves|"] == 0.5 and stats["periods"] == 2


def test_basis_comparison_covers_every_tga_and_rrp_choice():
    table = bi.basis_comparison("2025-12-03", "2026-03-25")
    assert list(table.index) == [(t, r) for t in bi.TGA_SERIES for r in bi.RRP_BASES]
    assert (table["periods"] > 10).all()


def test_tga_rebuild_window_finds_the_2023_trough():
    tga = data.load("WDTGAL")
    trough, peak = bi.tga_rebuild_window(tga, "2023-05-01", "2023-06-30", horizon_weeks=20)
    assert trough == pd.Timestamp("2023-05-31") and tga[peak] > 10 * tga[trough]
    assert peak <= trough + pd.Timedelta(weeks=20)


def test_stack_signed_stacks_gains_up_and_losses_down():
    changes = pd.DataFrame({"reserves": [5.0], "tga": [-3.0], "rrp": [2.0], "currency": [-1.0], "other": [0.0]},
                           index=WED[:1])
    fig, ax = charts.figure()
    bi.stack_signed(ax, changes, {c: "grey" for c in bi.COMPONENTS}, width=3)
    bars = [(p.get_y(), p.get_height()) for p in ax.patches]
    assert bars == [(0.0, 5.0), (0.0, -3.0), (5.0, 2.0), (-3.0, -1.0), (7.0, 0.0)]


def test_over_qt_the_on_rrp_not_reserves_absorbed_most_of_the_fall_in_assets():
    # The first chapter's mechanism paragraph rests on this: run-off did not mainly drain reserves.
    shares = bi.shares_of_asset_change(bi.change_over(bi.levels("WDTGAL", "wednesday"), "qt_start", "qt_end"))
    assert shares["assets"] == pytest.approx(100)
    assert shares["rrp"] > 50 > shares["reserves"]


def test_stacked_bars_can_be_placed_mid_month():
    import matplotlib

    matplotlib.use("Agg")
    changes = bi.monthly_changes(bi.levels("WDTGAL", "wednesday"), "2023-01", "2023-03")
    fig, ax = charts.figure()
    x = charts.mid_month(changes.index)
    bi.stack_signed(ax, changes, {c: "black" for c in bi.COMPONENTS}, width=20, x=x)
    centres = sorted({round(p.get_x() + p.get_width() / 2, 3) for p in ax.patches})
    assert centres == sorted({round(v, 3) for v in matplotlib.dates.date2num(x)})
