"""RMP-vs-QE helpers: anchor windows, reinvestment and net purchases, episode paces, absorption, duration."""

import math

import numpy as np
import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import levels as an
from fedbook.analysis import rmp
from fedbook.data import events

WEDNESDAYS = pd.date_range("2025-11-05", periods=20, freq="W-WED")


def weekly(values, name="x"):
    return pd.Series(values, index=WEDNESDAYS[: len(values)], dtype=float, name=name)


# --- anchors and windows -------------------------------------------------------------------

def test_anchor_dates_start_on_or_before_start_then_mid_month():
    anchors = rmp.anchor_dates(WEDNESDAYS, "2025-12-12")
    # 2025-12-10 is the Wednesday before the start; then the last Wednesday on or before the 15th.
    assert [f"{d:%Y-%m-%d}" for d in anchors] == ["2025-12-10", "2026-01-14", "2026-02-11", "2026-03-11"]


def test_anchor_dates_skip_a_window_shorter_than_min_days():
    # Starting on 1 December, the 15 December anchor (10 December) is only 14 days on: skipped.
    anchors = rmp.anchor_dates(WEDNESDAYS, "2025-12-01")
    assert f"{anchors[0]:%Y-%m-%d}" == "2025-11-26" and f"{anchors[1]:%Y-%m-%d}" == "2026-01-14"


def test_anchor_dates_accept_an_event_key_and_refuse_dates_before_the_data():
    assert rmp.anchor_dates(WEDNESDAYS, "rmp_start")[0] == pd.Timestamp("2025-12-10")
    with pytest.raises(ValueError, match="no observation"):
        rmp.anchor_dates(WEDNESDAYS, "2025-01-01")


def test_window_changes_are_indexed_by_the_window_end():
    series = weekly(range(20))
    anchors = pd.DatetimeIndex([WEDNESDAYS[0], WEDNESDAYS[4], WEDNESDAYS[9]])
    changes = rmp.window_changes(series, anchors)
    assert list(changes.index) == [WEDNESDAYS[4], WEDNESDAYS[9]] and changes.tolist() == [4.0, 5.0]


def test_level_or_nan_refuses_a_stale_observation_across_a_gap():
    series = weekly([1, 2, np.nan, np.nan, np.nan, 6])
    assert rmp.level_or_nan(series, WEDNESDAYS[1]) == (WEDNESDAYS[1], 2.0)
    date, value = rmp.level_or_nan(series, WEDNESDAYS[4])
    assert date is None and math.isnan(value)
    assert rmp.level_or_nan(series, None) == (WEDNESDAYS[5], 6.0)


def test_stays_at_or_above_from_finds_the_last_crossing():
    series = weekly([5, 1, 6, 2, 7, 8])
    assert rmp.stays_at_or_above_from(series, 5, WEDNESDAYS[0]) == WEDNESDAYS[4]
    assert rmp.stays_at_or_above_from(series, 0, WEDNESDAYS[0]) == WEDNESDAYS[0]
    assert rmp.stays_at_or_above_from(series, 9, WEDNESDAYS[0]) is None
    assert rmp.stays_at_or_above_from(series, 5, WEDNESDAYS[0], WEDNESDAYS[2]) == WEDNESDAYS[2]


# --- reinvestment and net purchases --------------------------------------------------------

def hand_made_holdings():
    """Treasuries +10 a week; MBS -3 in the last week of each month (a paydown)."""
    treasuries = weekly(np.arange(20) * 10.0, "TREAST")
    paydown = pd.Series(WEDNESDAYS.month, index=WEDNESDAYS).ne(
        pd.Series(WEDNESDAYS.month, index=WEDNESDAYS).shift(-1)).astype(float)
    mbs = (100 - 3 * paydown.cumsum()).rename("WSHOMCB")
    return treasuries, mbs


def test_purchase_windows_subtract_the_mbs_run_off_from_treasury_growth():
    treasuries, mbs = hand_made_holdings()
    table = rmp.purchase_windows(treasuries, mbs, "2025-12-10")
    first = table.iloc[0]
    assert (first["from"], first["to"]) == (pd.Timestamp("2025-12-10"), pd.Timestamp("2026-01-14"))
    assert first["Treasury growth"] == 50 and first["MBS run-off"] == 3
    assert first["net new purchases (upper bound)"] == 47
    assert first["months"] == pytest.approx(35 / (365.25 / 12))


def test_purchase_windows_reinvestment_share_zero_counts_all_growth_as_purchases():
    treasuries, mbs = hand_made_holdings()
    table = rmp.purchase_windows(treasuries, mbs, "2025-12-10", reinvested_share=0.0)
    assert (table["net new purchases (upper bound)"] == table["Treasury growth"]).all()


def test_purchase_windows_lag_uses_the_previous_windows_run_off():
    treasuries, mbs = hand_made_holdings()
    mbs.loc["2026-01-28":] -= 4  # an extra paydown in the second window only
    same = rmp.purchase_windows(treasuries, mbs, "2025-12-10")
    lagged = rmp.purchase_windows(treasuries, mbs, "2025-12-10", lag=1)
    assert same["reinvestment assumed"].iloc[1] == 7
    assert lagged["reinvestment assumed"].iloc[2] == 7  # reinvested one window later
    assert lagged["reinvestment assumed"].iloc[0] == 3  # November's paydown, from before the start


def test_net_pace_and_before_after_on_hand_made_data():
    treasuries, mbs = hand_made_holdings()
    pace = rmp.net_pace(treasuries, mbs, WEDNESDAYS[0], WEDNESDAYS[8])
    assert pace["Treasury growth"] == 80 and pace["MBS run-off"] == 6
    assert pace["net new purchases, a month"] == pytest.approx(74 / (56 / (365.25 / 12)))
    split = rmp.before_after(treasuries, mbs, WEDNESDAYS[0], WEDNESDAYS[8], WEDNESDAYS[16])
    assert list(split.index) == ["before", "after"] and split.loc["after", "from"] == WEDNESDAYS[8]


def test_first_rmp_schedule_on_snapshot_data_is_close_to_the_announced_round():
    # Real data: the first window (2025-12-10 to 2026-01-14) against the announced ~$40B.
    table = rmp.purchase_windows(fb.load("TREAST"), fb.load("WSHOMCB"), "rmp_start")
    first = table.iloc[0]
    assert f"{first['to']:%Y-%m-%d}" == "2026-01-14"
    assert abs(first["net new purchases (upper bound)"] - events.announced("rmp_first_round")) < 5


# --- episodes ------------------------------------------------------------------------------

def test_episode_paces_leave_mbs_nan_across_the_gap():
    mbs = an.mbs_holdings(fb.load("MBST"), fb.load("WSHOMCB"))
    table = rmp.episode_paces(fb.load("TREAST"), mbs, fb.load("WALCL"))
    assert list(table.index) == [name for name, _, _ in rmp.EPISODES]
    assert math.isnan(table.loc["Pandemic QE", "MBS a month"])
    assert math.isnan(table.loc["Bill purchases 2019-20", "securities a month"])
    assert table.loc["QE3", "MBS a month"] > 0 and table.loc["RMPs", "MBS a month"] < 0


def test_episode_paces_arithmetic_on_hand_made_data():
    treasuries, mbs = hand_made_holdings()
    assets = (treasuries + mbs + 1000).rename("WALCL")
    table = rmp.episode_paces(treasuries, mbs, assets, [("test", WEDNESDAYS[0], WEDNESDAYS[8])])
    row = table.loc["test"]
    months = 56 / (365.25 / 12)
    assert row["Treasuries a month"] == pytest.approx(80 / months)
    assert row["securities a month"] == pytest.approx(74 / months)
    assert row["securities a month, % of assets"] == pytest.approx(100 * 74 / months / 1100)
    assert row["fastest four weeks, Treasuries"] == 40


# --- where the asset growth went -------------------------------------------------------------

def test_with_other_is_the_residual_and_stays_nan_when_an_item_is_missing():
    frame = pd.DataFrame({"assets": [100.0, 110.0], "reserves": [50.0, np.nan], "currency": [30.0, 31.0],
                          "TGA": [10.0, 12.0]})
    other = rmp.with_other(frame)["other"]
    assert other.iloc[0] == 10 and math.isnan(other.iloc[1])


def test_averaged_change_compares_means_of_the_last_weeks():
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6]}, index=WEDNESDAYS[:6])
    assert rmp.averaged_change(frame, WEDNESDAYS[1], WEDNESDAYS[5], weeks=2)["a"] == 4.0
    assert rmp.averaged_change(frame, WEDNESDAYS[1], WEDNESDAYS[5], weeks=1)["a"] == 4.0
    with pytest.raises(ValueError, match="fewer than 3"):
        rmp.averaged_change(frame, WEDNESDAYS[1], WEDNESDAYS[5], weeks=3)


def test_where_growth_went_relates_reserves_to_their_start_level():
    frame = pd.DataFrame({"assets": [100.0, 100, 130, 130], "reserves": [50.0, 50, 60, 60],
                          "currency": [30.0, 30, 40, 40], "TGA": [10.0, 10, 20, 20]}, index=WEDNESDAYS[:4])
    table = rmp.where_growth_went(rmp.with_other(frame), [("e", WEDNESDAYS[1], WEDNESDAYS[3])], weeks=2)
    row = table.loc["e"]
    assert row["assets"] == 30 and row["reserves"] == 10
    assert row["reserves change, % of start level"] == pytest.approx(20)
    assert row["currency + TGA share of asset growth, %"] == pytest.approx(200 / 3)


def test_where_growth_went_adds_up_on_snapshot_data():
    table = rmp.where_growth_went(rmp.liability_levels())
    parts = table[["reserves", "currency", "TGA", "other"]].sum(axis=1)
    assert np.allclose(parts, table["assets"])
    assert table.loc["Pandemic QE", "assets"] > 4000  # billions of USD: the units are right


def test_rounded_writes_dates_and_rounds_numbers_only():
    frame = pd.DataFrame({"d": pd.to_datetime(["2025-12-10"]), "x": [1.234], "s": ["a"]})
    out = rmp.rounded(frame, 1)
    assert out.loc[0, "d"] == "2025-12-10" and out.loc[0, "x"] == 1.2 and out.loc[0, "s"] == "a"


def test_before_after_has_typed_columns():
    treasuries, mbs = hand_made_holdings()
    split = rmp.before_after(treasuries, mbs, WEDNESDAYS[0], WEDNESDAYS[8], WEDNESDAYS[16])
    assert pd.api.types.is_datetime64_any_dtype(split["from"])
    assert pd.api.types.is_float_dtype(split["net new purchases, a month"])


# --- duration -----------------------------------------------------------------------------

def price(years, yield_pct, coupon_pct, freq=2):
    """Price of a bond per 1 of face, from its cash flows (for checking the closed form)."""
    y, c, n = yield_pct / 100 / freq, coupon_pct / 100 / freq, round(years * freq)
    return sum(c / (1 + y) ** k for k in range(1, n + 1)) + 1 / (1 + y) ** n


@pytest.mark.parametrize("years", [1, 2, 3, 10, 30])
def test_modified_duration_matches_a_numerical_derivative_of_price(years):
    y, h = 4.0, 1e-4
    numeric = -(price(years, y + h, y) - price(years, y - h, y)) / (2 * h / 100) / price(years, y, y)
    assert rmp.modified_duration(years, y) == pytest.approx(numeric, rel=1e-6)


def test_modified_duration_of_a_bill_and_at_zero_yield():
    assert rmp.modified_duration(0.25, 4.0) == pytest.approx(0.25 / 1.02)
    assert rmp.modified_duration(5, 0.0) == 5
    with pytest.raises(ValueError, match="whole number of coupon periods"):
        rmp.modified_duration(2.3, 4.0)


def test_ten_year_equivalents():
    assert rmp.ten_year_equivalents(40, 10, 4.0) == pytest.approx(40)
    assert rmp.ten_year_equivalents(40, 0.25, 4.0) < 2  # a month of bills: almost no duration
    table = rmp.duration_table([0.25, 10], 40, 4.0)
    assert table.loc[10, "10-year equivalents of the amount"] == pytest.approx(40)


# --- sources --------------------------------------------------------------------------------

def test_with_sources_names_keys_with_their_quality_marks():
    table = rmp.with_sources([{"aspect": "a", "keys": ["qe2", "rmp_first_round"]}, {"aspect": "b", "keys": []}])
    assert table.loc[0, "sources"] == "qe2 [P]; rmp_first_round [R]"
    assert table.loc[1, "sources"] == "computed below"


def test_with_sources_refuses_an_unknown_key():
    with pytest.raises(KeyError, match="neither"):
        rmp.with_sources([{"aspect": "a", "keys": ["no_such_fact"]}])
