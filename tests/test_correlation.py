"""Correlation-study helpers: Wednesday sampling, changes, subperiods, lead/lag, honest statistics."""

import math

import numpy as np
import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import correlation as cr
from fedbook.analysis import liquidity

WEDS = pd.date_range("2025-01-01", periods=6, freq="W-WED")


def test_sample_on_takes_the_last_close_on_or_before_never_after():
    days = pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-09", "2025-01-10"])  # Mon Tue Thu Fri
    prices = pd.Series([1.0, 2.0, 3.0, 4.0], index=days)
    out = cr.sample_on(prices, pd.to_datetime(["2025-01-08", "2025-01-15"]), max_age_days=3)
    assert out.iloc[0] == 2.0  # Wednesday missing: Tuesday's close, not Thursday's
    assert math.isnan(out.iloc[1])  # Friday is 5 days old: too stale, left as a gap
    ages = cr.sample_age_days(prices, pd.to_datetime(["2025-01-08", "2025-01-05"]))
    assert ages.iloc[0] == 1 and math.isnan(ages.iloc[1])  # before the first price: no age


def test_sample_on_a_real_wednesday_holiday_uses_tuesday():
    spx = fb.load("SP500")
    christmas = pd.Timestamp("2024-12-25")  # a Wednesday; the market was closed
    assert christmas not in spx.index
    out = cr.sample_on(spx, [christmas])
    assert out.iloc[0] == spx[pd.Timestamp("2024-12-24")]


def test_changes_keep_gaps_and_reject_unknown_kinds():
    levels = pd.Series([100.0, 110.0, np.nan, 121.0, 110.0], index=WEDS[:5])
    assert cr.changes(levels, "diff").tolist()[0] == 10.0
    simple = cr.changes(levels, "simple")
    assert simple.iloc[0] == pytest.approx(0.1) and simple.iloc[1:3].isna().all()  # no 2-week change
    assert cr.changes(levels, "log").iloc[3] == pytest.approx(math.log(110 / 121))
    with pytest.raises(ValueError, match="kind"):
        cr.changes(levels, "pct")


def test_pair_correlation_uses_common_dates_within_the_window():
    x = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=WEDS[:5])
    y = pd.Series([2.0, 4.0, 6.0, 8.0, 0.0], index=WEDS[:5])
    r, n = cr.pair_correlation(x, y, end=WEDS[3])
    assert r == pytest.approx(1.0) and n == 4
    r, n = cr.pair_correlation(x, y, start=WEDS[4])
    assert math.isnan(r) and n == 1


def test_subperiods_follow_the_event_table():
    periods = cr.subperiods()
    assert list(periods) == ["2016-19", "2020-22", "2022-25", "2025-26"]
    assert periods["2022-25"][0] == pd.Timestamp("2022-06-01")  # qt_start
    assert periods["2025-26"][0] == pd.Timestamp("2025-12-01")  # qt_end
    assert periods["2020-22"][1] == pd.Timestamp("2022-05-31")


def test_correlation_summary_separates_levels_from_changes():
    # two lines trending up with opposite week-to-week wiggles: levels +, changes -
    x = pd.Series([0.0, 2.0, 2.0, 4.0, 4.0, 6.0, 6.0, 8.0], index=pd.date_range("2024-01-03", periods=8,
                                                                                     freq="W-WED")) + 10
    y = pd.Series([0.0, 0.0, 2.0, 2.0, 4.0, 4.0, 6.0, 6.0], index=x.index) + 10
    table = cr.correlation_summary(x, y)
    row = table.loc["full sample"]
    assert row["levels"] > 0.8 and row["changes"] < -0.9 and row["log changes"] < -0.9
    assert row["weeks"] == 7 and row["levels n"] == 8


def test_lead_lag_pairs_this_weeks_driver_with_later_returns():
    driver = pd.Series([1.0, -1.0, 2.0, 0.0, -2.0, 1.0, 3.0, -1.0], index=pd.date_range("2024-01-03", periods=8,
                                                                                          freq="W-WED"))
    later = driver.shift(2)  # returns that copy the driver two weeks later
    table = cr.lead_lag(driver, later, lags=range(0, 4))
    assert table.loc[2, "correlation"] == pytest.approx(1.0)
    assert table.loc[2, "weeks"] == 6
    assert abs(table.loc[0, "correlation"]) < 0.99


def test_effective_sample_size_collapses_for_trending_real_levels():
    nl = liquidity.net_liquidity("wednesday").loc["2016":]
    spx = cr.sample_on(fb.load("SP500"), nl.index)
    n_levels = cr.effective_sample_size(nl, spx)
    n_changes = cr.effective_sample_size(cr.changes(nl), cr.changes(spx, "simple"))
    assert n_levels < 30  # hundreds of weeks, worth a handful of independent observations
    assert n_changes > 0.7 * cr.pair_correlation(cr.changes(nl), cr.changes(spx, "simple"))[1]


def test_autocorrelation_of_an_alternating_series():
    rho = cr.autocorrelation(np.array([1.0, -1.0] * 10), 2)
    assert rho[0] < -0.9 and rho[1] > 0.85
    with pytest.raises(ValueError, match="constant"):
        cr.autocorrelation(np.ones(5), 1)


def test_fisher_interval_and_p_value():
    lo, hi = cr.fisher_interval(0.0, 103)
    assert lo == pytest.approx(-math.tanh(0.196)) and hi == pytest.approx(math.tanh(0.196))
    assert cr.fisher_interval(0.5, 3) == (-1.0, 1.0)
    assert cr.p_value_zero(0.0, 50) == pytest.approx(1.0)
    assert cr.p_value_zero(math.tanh(1.96 / 10), 103) == pytest.approx(0.05, abs=1e-3)


def test_block_permutation_null_is_deterministic_and_keeps_values():
    x = pd.Series(np.arange(12.0), index=pd.date_range("2024-01-03", periods=12, freq="W-WED"))
    y = x ** 2
    first = cr.block_permutation_null(x, y, block=3, draws=50, seed=1)
    again = cr.block_permutation_null(x, y, block=3, draws=50, seed=1)
    assert np.array_equal(first, again) and first.shape == (50,)
    assert (np.abs(first) <= 1 + 1e-12).all()
    # the identity ordering gives the observed correlation; shuffles spread around it
    assert first.max() <= x.corr(y) + 1e-12
    with pytest.raises(ValueError, match="two blocks"):
        cr.block_permutation_null(x, y, block=8)


def test_share_outside_a_band():
    assert cr.share_outside(pd.Series([0.1, -0.3, 0.5, np.nan]), 0.2) == pytest.approx(2 / 3)


def test_variance_shares_add_up_to_one_on_real_components():
    frame = liquidity.components("wednesday").loc["2016":]
    shares = cr.variance_shares(frame)
    assert shares.sum() == pytest.approx(1.0)
    assert set(shares.index) == {"assets", "tga", "rrp"}


def test_evidence_table_gives_wide_ranges_for_levels_and_narrow_for_changes():
    nl = liquidity.net_liquidity("wednesday").loc["2016":]
    weds = pd.date_range(nl.index[0], nl.index[-1], freq="W-WED")
    nl = nl.reindex(weds)
    spx = cr.sample_on(fb.load("SP500"), weds)
    table = cr.evidence_table(nl, {"S&P 500": spx}, cr.subperiods())
    assert list(table.index.get_level_values("period")) == ["full sample", "2016-19", "2020-22", "2022-25",
                                                            "2025-26"]
    full = table.loc[("S&P 500", "full sample")]
    assert full["levels lo"] <= full["levels"] <= full["levels hi"]
    assert (full["levels hi"] - full["levels lo"]) > 3 * (full["changes hi"] - full["changes lo"])
    assert full["changes N_eff"] > 10 * full["levels N_eff"]
