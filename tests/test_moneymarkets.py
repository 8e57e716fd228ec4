"""Money-market helpers: spreads in basis points, weekly alignment, period labels, counting, absorption."""

import numpy as np
import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import moneymarkets as mm
from fedbook.data import events


def daily(values, start="2025-01-02", freq="B"):
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq=freq), dtype=float)


# --- spreads ---------------------------------------------------------------------------

def test_spread_bp_is_in_basis_points_without_float_noise():
    spread = mm.spread_bp(daily([4.51, 4.40]), daily([4.40, 4.40]))
    assert spread.tolist() == [11.0, 0.0]


def test_spread_bp_keeps_only_days_with_both_rates():
    rate = daily([1.0, 2.0, 3.0])
    reference = pd.Series([0.5, 0.5], index=rate.index[[0, 2]])
    spread = mm.spread_bp(rate, reference)
    assert list(spread.index) == list(rate.index[[0, 2]]) and spread.tolist() == [50.0, 250.0]


# --- weekly alignment -------------------------------------------------------------------

def test_to_weeks_averages_thursday_to_wednesday():
    # 2025-01-02 is a Thursday: Thu..Wed (5 business days) form the week ending 2025-01-08.
    series = daily([1, 2, 3, 4, 5, 10, 20])
    weekly = mm.to_weeks(series, min_days=1)
    assert weekly.loc["2025-01-08"] == 3.0
    assert weekly.loc["2025-01-15"] == 15.0


def test_to_weeks_last_takes_the_wednesday():
    weekly = mm.to_weeks(daily([1, 2, 3, 4, 5]), how="last")
    assert weekly.loc["2025-01-08"] == 5.0


def test_to_weeks_leaves_thin_weeks_empty():
    weekly = mm.to_weeks(daily([1, 2, 3, 4, 5, 10, 20]), min_days=3)
    assert weekly.loc["2025-01-08"] == 3.0 and np.isnan(weekly.loc["2025-01-15"])


def test_to_weeks_rejects_unknown_summaries():
    with pytest.raises(ValueError, match="how must be"):
        mm.to_weeks(daily([1, 2, 3]), how="median")


def test_align_to_reserves_puts_spreads_on_the_reserves_wednesdays():
    spreads = pd.DataFrame({"s": daily([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])})
    reserves = pd.Series([100.0, 200.0], index=pd.to_datetime(["2025-01-08", "2025-01-15"]))
    aligned = mm.align_to_reserves(spreads, reserves)
    assert list(aligned.index) == list(reserves.index)
    assert aligned["s"].tolist() == [3.0, 8.0] and aligned["reserves"].tolist() == [100.0, 200.0]


def test_weekly_spreads_on_real_data_start_with_iorb():
    weekly = mm.align_to_reserves(mm.daily_spreads(mm.daily_rates()), fb.load("WRESBAL"))
    first = weekly["SOFR − IORB"].first_valid_index()
    assert first == pd.Timestamp("2021-08-04")  # IORB starts Thursday 2021-07-29
    assert weekly.loc[:"2021-07-28", "SOFR − IORB"].isna().all()
    assert weekly.loc["2018-04-11":"2019-12-25", "SOFR − EFFR"].notna().all()


# --- the rates frame on real data ------------------------------------------------------

def test_daily_rates_leave_iorb_empty_before_it_exists():
    rates = mm.daily_rates()
    assert rates.index[0] == pd.Timestamp("2018-04-03")
    assert rates.loc[:"2021-07-28", "IORB"].isna().all()
    assert rates.loc["2021-07-29":, "IORB"].notna().all()


def test_iorb_sits_ten_bp_below_the_top_of_the_range_in_the_snapshot():
    rates = mm.daily_rates(start="2021-07-29")
    assert set(mm.spread_bp(rates["top"], rates["IORB"]).unique()) == {10.0}


def test_readings_on_the_2019_spike_and_the_2025_tax_date():
    table = mm.readings_on(mm.daily_rates(), ["2019-09-17", "2025-09-15"])
    spike, tax = table.loc["2019-09-17"], table.loc["2025-09-15"]
    assert spike["SOFR"] == 5.25 and spike["SOFR change (bp)"] == 282.0 and np.isnan(spike["IORB"])
    assert tax["SOFR − IORB (bp)"] == 11.0 and tax["SOFR − top (bp)"] == 1.0


def test_readings_on_refuses_a_day_without_sofr():
    with pytest.raises(KeyError, match="2025-09-13"):
        mm.readings_on(mm.daily_rates(), ["2025-09-13"])  # a Saturday


# --- periods, slopes, bins --------------------------------------------------------------

def test_label_periods_names_each_date_and_others():
    index = pd.to_datetime(["2019-09-18", "2020-06-03", "2022-12-28", "2025-10-29", "2026-03-04"])
    assert mm.label_periods(index).tolist() == ["2018–19", mm.OTHER, "2021–22", "2025", "2026"]


def test_period_slopes_recover_a_known_line():
    index = pd.date_range("2025-01-01", periods=6, freq="W-WED")
    reserves = pd.Series([3000.0, 3100, 3200, 3300, 3400, 3500], index=index)
    weekly = pd.DataFrame({"reserves": reserves, "s": 50 - 2.0 * (reserves - 3000) / 100})
    table = mm.period_slopes(weekly, "s", periods=(("P", "2025-01-01", "2025-12-31"),))
    assert table.loc["P", "slope"] == pytest.approx(-2.0)
    assert table.loc["P", "weeks"] == 6 and table.loc["P", "reserves min"] == 3000


def test_period_slopes_leave_empty_periods_empty():
    weekly = pd.DataFrame({"reserves": [1.0], "s": [2.0]}, index=pd.to_datetime(["2025-01-01"]))
    table = mm.period_slopes(weekly, "s", periods=(("none", "2010-01-01", "2010-12-31"),))
    assert table.loc["none", "weeks"] == 0 and np.isnan(table.loc["none", "slope"])


def test_binned_median_uses_half_open_bins():
    weekly = pd.DataFrame({"reserves": [2900.0, 3000.0, 3100.0, 3260.0], "s": [5.0, -1.0, -3.0, -9.0]})
    table = mm.binned_median(weekly, "s", width=250)
    assert list(table.index) == [2750.0, 3000.0, 3250.0]
    assert table["median spread"].tolist() == [5.0, -2.0, -9.0] and table["weeks"].tolist() == [1, 2, 1]


# --- monthly warning signals -------------------------------------------------------------

def tiny_rates():
    index = pd.to_datetime(["2025-09-12", "2025-09-15", "2025-09-16", "2025-10-01"])
    return pd.DataFrame({"SOFR": [4.42, 4.51, 4.39, 4.20], "EFFR": [4.33, 4.33, 4.33, 4.08],
                         "IORB": [4.40, 4.40, 4.40, 4.15], "top": [4.50, 4.50, 4.50, 4.25],
                         "bottom": [4.25, 4.25, 4.25, 4.00]}, index=index)


def test_monthly_signals_count_days_above_iorb_and_the_range():
    table = mm.monthly_signals(tiny_rates())
    sept = table.loc[pd.Period("2025-09")]
    assert sept["days"] == 3 and sept["days SOFR > IORB + threshold"] == 2 and sept["days SOFR > top"] == 1
    assert sept["share above IORB + threshold (%)"] == pytest.approx(200 / 3)
    assert sept["max SOFR − IORB (bp)"] == 11.0 and sept["mean EFFR − IORB (bp)"] == -7.0
    assert table.loc[pd.Period("2025-10"), "days SOFR > IORB + threshold"] == 1


def test_monthly_signals_threshold_is_strict():
    table = mm.monthly_signals(tiny_rates(), threshold_bp=2.0)
    assert table.loc[pd.Period("2025-09"), "days SOFR > IORB + threshold"] == 1  # 2 bp is not above 2 bp
    assert table.attrs["threshold_bp"] == 2.0


def test_monthly_signals_on_real_data_start_with_iorb():
    table = mm.monthly_signals(mm.daily_rates())
    assert table.index[0] == pd.Period("2021-07")
    assert table.loc[pd.Period("2025-10"), "max SOFR − IORB (bp)"] == 32.0


# --- absorption of a balance-sheet change -----------------------------------------------

def test_absorption_splits_the_change_and_keeps_a_residual():
    index = pd.date_range("2025-01-01", periods=3, freq="W-WED")
    levels = {"assets": pd.Series([100.0, 90, 80], index=index),
              "a": pd.Series([50.0, 45, 40], index=index),
              "b": pd.Series([30.0, 30, 35], index=index)}
    table = mm.absorption(levels, "assets", index[0], index[2])
    assert table.loc["a", "change"] == -10 and table.loc["b", "change"] == 5
    assert table.loc["other (residual)", "change"] == -15
    assert table.drop(index="assets")["share of total change (%)"].sum() == pytest.approx(100)


def test_absorption_reads_daily_items_on_the_total_series_wednesdays():
    wednesdays = pd.to_datetime(["2025-01-01", "2025-01-08"])
    daily_item = daily([5, 6, 7, 8, 9, 10], start="2025-01-02")  # no value on the first Wednesday
    levels = {"assets": pd.Series([10.0, 20.0], index=wednesdays), "x": daily_item}
    with pytest.raises(ValueError, match="no observation"):
        mm.absorption(levels, "assets", "2025-01-01", "2025-01-08")
    levels["x"] = pd.concat([pd.Series([4.0], index=pd.to_datetime(["2024-12-31"])), daily_item])
    table = mm.absorption(levels, "assets", "2025-01-01", "2025-01-10")
    assert table.loc["x", "read from"] == "2024-12-31" and table.loc["x", "read to"] == "2025-01-08"
    assert table.loc["x", "change"] == 5.0


def test_rrp_peak_in_the_data_matches_the_dated_event():
    rrp = fb.load("RRPONTSYD")
    assert rrp.loc["2021":"2023"].idxmax() == events.event_date("rrp_peak")


def test_reserves_to_gdp_is_a_quarterly_average_over_gdp_in_percent():
    ratio = mm.reserves_to_gdp()
    reserves, gdp = fb.load("WRESBAL"), fb.load("GDP")  # both billions of USD
    q3 = reserves.loc["2025-07-01":"2025-09-30"]
    assert ratio["2025-07-01"] == pytest.approx(100 * q3.mean() / gdp["2025-07-01"])
    assert ratio.index[-1] == gdp.index[-1]  # the latest quarter with GDP (reserves complete)
    assert 5 < ratio.loc["2010":].min() and ratio.max() < 20  # percent, not a fraction or a unit slip
    current = reserves.index[-1].to_period("Q").start_time
    assert current not in ratio.index  # an incomplete quarter is left out, not filled
