"""Event windows, abnormal returns, placebo dates and the bootstrap."""

import numpy as np
import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import crypto as cr
from fedbook.analysis import eventstudy as es
from fedbook.analysis import returns as rt

TRADING = pd.bdate_range("2025-01-01", periods=40)


# --- event time and windows ------------------------------------------------------------------

def test_day_zero_is_the_first_date_on_or_after_the_event():
    assert es.day_zero(TRADING, "2025-01-04") == 3        # Saturday -> Monday 6 Jan (position 3)
    assert es.day_zero(TRADING, "2025-01-06") == 3
    assert es.day_zero(TRADING, "2030-01-01") is None


def test_window_sums_over_positions():
    values = np.arange(10, dtype=float)
    assert es.window_sums(values, [5], (0, 2)).tolist() == [5 + 6 + 7]
    assert es.window_sums(values, [5, 2], (-2, -1)).tolist() == [3 + 4, 0 + 1]
    assert np.isnan(es.window_sums(values, [1], (-2, 0))[0])           # runs off the start
    assert np.isnan(es.window_sums(values, [8], (0, 2))[0])            # runs off the end
    with pytest.raises(ValueError, match="after its end"):
        es.window_sums(values, [5], (2, 1))


def test_a_missing_return_inside_a_window_gives_nan_not_a_filled_value():
    values = np.array([1.0, np.nan, 1.0, 1.0, 1.0])
    out = es.window_sums(values, [1, 3], (0, 1))
    assert np.isnan(out[0]) and out[1] == 2.0


def test_pre_event_beta_recovers_a_known_slope():
    rng = np.random.default_rng(0)
    bench = rng.normal(0, 0.01, 300)
    asset = 1.5 * bench + 0.002                                        # intercept does not bias the slope
    betas = es.pre_event_betas(asset, bench, [200, 250], (-130, -11))
    assert betas == pytest.approx([1.5, 1.5])


def test_vectorised_betas_match_a_plain_regression():
    rng = np.random.default_rng(1)
    bench = rng.normal(0, 0.01, 400)
    asset = 0.8 * bench + rng.normal(0, 0.02, 400)
    positions = [150, 222, 399]
    expected = [np.polyfit(bench[p - 130:p - 10], asset[p - 130:p - 10], 1)[0] for p in positions]
    assert es.pre_event_betas(asset, bench, positions) == pytest.approx(expected)


def test_abnormal_sums_beta_and_market_models():
    bench = np.tile([0.01, -0.01], 100)
    asset = 2.0 * bench
    asset[150] += 0.05                                                 # an "event" on day 150
    beta = es.abnormal_sums(asset, bench, [150], (0, 0))
    assert beta["beta"][0] == pytest.approx(2.0)
    assert beta["abnormal"][0] == pytest.approx(0.05)
    market = es.abnormal_sums(asset, bench, [150], (0, 0), model="market")
    assert market["abnormal"][0] == pytest.approx(asset[150] - bench[150])
    with pytest.raises(ValueError, match="model"):
        es.abnormal_sums(asset, bench, [150], (0, 0), model="capm")


def test_coverage_and_eligible_positions():
    windows = [(-5, -1), (0, 5)]
    assert es.covered(100, 10, windows, (-10, -6))
    assert not es.covered(100, 9, windows, (-10, -6))
    assert not es.covered(100, 95, windows, (-10, -6))
    assert not es.covered(100, None, windows, (-10, -6))
    pool = es.eligible_positions(100, windows, (-10, -6), exclude=[50], buffer=3)
    assert pool.min() == 10 and pool.max() == 94
    assert not set(range(47, 54)) & set(pool)


# --- placebo and bootstrap --------------------------------------------------------------------

def test_placebo_draws_are_reproducible_and_without_replacement_when_possible():
    pool = np.arange(100)
    a, b = es.draw_placebos(pool, 50, seed=3), es.draw_placebos(pool, 50, seed=3)
    assert (a == b).all() and len(set(a)) == 50
    assert len(es.draw_placebos(pool[:10], 30, seed=3)) == 30          # more than the pool: with replacement


def test_placebo_p_value_and_percentile():
    draws = np.arange(100, dtype=float)                                # 0..99
    assert es.placebo_p(49.5, draws) == pytest.approx(1.0)
    assert es.placebo_p(200.0, draws) == 0.0
    assert es.placebo_p(-1.0, draws) == 0.0
    assert es.placebo_p(4.0, draws) == pytest.approx(0.10)             # 5 of 100 at or below, doubled
    assert es.percentile_rank(10.0, draws) == pytest.approx(10.0)
    assert np.isnan(es.placebo_p(np.nan, draws))


def test_placebo_means_draw_one_value_per_pool():
    means = es.placebo_means([np.array([1.0, 1.0]), np.array([3.0])], n=50, seed=0)
    assert means == pytest.approx(np.full(50, 2.0))


def test_bootstrap_interval_of_a_mean():
    lo, hi = es.bootstrap_mean_ci([2.0, 2.0, 2.0], n=100, seed=0)
    assert lo == hi == 2.0
    lo, hi = es.bootstrap_mean_ci([-1.0, 0.0, 1.0, 2.0], n=2000, seed=0, level=0.9)
    assert lo < 0.5 < hi and -1.0 <= lo and hi <= 2.0
    assert np.isnan(es.bootstrap_mean_ci([1.0])[0])


def _toy_frame():
    rng = np.random.default_rng(5)
    index = pd.bdate_range("2024-01-01", periods=300)
    bench = pd.Series(rng.normal(0, 0.01, 300), index=index)
    assets = pd.DataFrame({"a": 1.2 * bench + rng.normal(0, 0.01, 300)}, index=index)
    return assets, bench


def test_event_table_and_coverage_on_toy_data():
    assets, bench = _toy_frame()
    dates = pd.Series({"early": pd.Timestamp("2024-01-15"), "mid": assets.index[200], "late": pd.Timestamp("2030-01-01")})
    table = es.event_table(assets, bench, dates)
    assert set(table["event"]) == {"mid"} and len(table) == len(es.WINDOWS)
    row = table[table["window"] == "[0,+5]"].iloc[0]
    assert row["raw"] == pytest.approx(assets["a"].iloc[200:206].sum())
    assert row["abnormal"] == pytest.approx(row["raw"] - row["beta"] * bench.iloc[200:206].sum())
    cov = es.coverage(assets.index, dates).set_index("event")
    assert cov["covered"].tolist() == [False, True, False]
    assert "fewer than 130" in cov.loc["early", "reason"] and "before the event" in cov.loc["late", "reason"]


def test_choose_sources_prefers_the_first_covering_source():
    index_a, index_b = pd.bdate_range("2024-01-01", periods=300), pd.bdate_range("2020-01-01", periods=1500)
    dates = pd.Series({"new": index_a[200], "old": pd.Timestamp("2021-06-01"), "none": pd.Timestamp("2035-01-01")})
    plan = es.choose_sources({"a": es.coverage(index_a, dates), "b": es.coverage(index_b, dates)}).set_index("event")
    assert plan.loc["new", "source"] == "a" and plan.loc["old", "source"] == "b"
    assert plan.loc["none", "source"] == "skipped" and "a:" in plan.loc["none", "reason"]


def test_placebo_draws_avoid_event_dates_and_match_the_event_statistic():
    assets, bench = _toy_frame()
    event = assets.index[200]
    draws = es.placebo_draws(assets, bench, [event], n=40, seed=1)
    assert draws.attrs["pool"] > 40
    assert ((draws["day 0"] - event).abs() > pd.Timedelta(days=20)).all()
    again = es.placebo_draws(assets, bench, [event], n=40, seed=1)
    pd.testing.assert_frame_equal(draws, again)
    one = draws[draws["window"] == "[0,+5]"].iloc[0]
    pos = assets.index.get_loc(one["day 0"])
    direct = es.abnormal_sums(assets["a"].to_numpy(), bench.to_numpy(), [pos], (0, 5))["abnormal"][0]
    assert one["abnormal"] == pytest.approx(direct)


def test_placebo_stats_and_average_against_matched_pools():
    table = pd.DataFrame({"venue": ["x", "y"], "asset": ["a", "a"], "window": ["w", "w"], "abnormal": [5.0, 5.0]})
    draws = pd.DataFrame({"venue": ["x"] * 3 + ["y"] * 3, "asset": "a", "window": "w",
                          "abnormal": [0.0, 1.0, 2.0, 10.0, 11.0, 12.0]})
    stats = es.with_placebo_stats(table, draws, by=("venue", "asset", "window"))
    assert stats["placebo pct"].tolist() == [100.0, 0.0]
    avg = es.average_vs_placebo(table, draws, n=500, seed=0).iloc[0]
    assert avg["mean abnormal"] == 5.0 and avg["events"] == 2
    assert 5.0 <= avg["placebo 5%"] <= avg["placebo 95%"] <= 7.0     # x draw (0-2) + y draw (10-12), halved


# --- the real snapshot ------------------------------------------------------------------------

def test_real_event_window_matches_hand_summed_returns():
    sp500 = fb.load("SP500")
    frame = cr.common_span(cr.to_trading_days(cr.sector_returns("binance"), sp500.index))
    bench = rt.returns(sp500).reindex(frame.index)
    table = es.event_table(frame, bench, pd.Series({"qt_end": pd.Timestamp("2025-12-01")}))
    row = table[(table["asset"] == "Majors") & (table["window"] == "[0,+5]")].iloc[0]
    assert row["day 0"] == pd.Timestamp("2025-12-01")
    days = frame.loc["2025-12-01":].index[:6]
    assert row["raw"] == pytest.approx(frame.loc[days, "Majors"].sum())
    assert row["benchmark"] == pytest.approx(rt.returns(sp500).loc[days].sum())
    assert 0.5 < row["beta"] < 5                                       # crypto amplifies stocks


def test_real_coverage_skips_events_after_the_data_end():
    sp500 = fb.load("SP500")
    frame = cr.common_span(cr.to_trading_days(cr.sector_returns("binance"), sp500.index))
    dates = pd.Series({"fomc_2026_01": pd.Timestamp("2026-01-28"), "fomc_2026_03": pd.Timestamp("2026-03-18")})
    cov = es.coverage(frame.index, dates).set_index("event")
    assert cov.loc["fomc_2026_01", "covered"] and not cov.loc["fomc_2026_03", "covered"]
    assert frame.index[-1] == pd.Timestamp("2026-03-03")
