"""Strategy simulations: each rule checked on tiny hand-made paths, then on the snapshot."""

import numpy as np
import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import strategies as st


def rel(*prices):
    """One path of closes relative to the first (a hand-made logic input, not a data series)."""
    values = np.array(prices, dtype=float)
    return (values / values[0])[None, :]


def test_daily_windows_relative_to_the_start_and_spaced_by_step():
    prices = pd.Series(np.arange(1.0, 11.0), index=pd.date_range("2024-01-01", periods=10, freq="D"))
    starts, windows, dropped = st.daily_windows(prices, horizon=3, step=2)
    assert list(starts) == list(pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-05", "2024-01-07"]))
    assert dropped == 0
    np.testing.assert_allclose(windows[1], [1.0, 4 / 3, 5 / 3, 2.0])


def test_daily_windows_drop_windows_with_a_missing_day_and_never_fill():
    prices = pd.Series(np.arange(1.0, 11.0), index=pd.date_range("2024-01-01", periods=10, freq="D"))
    prices = prices.drop(pd.Timestamp("2024-01-05"))
    starts, windows, dropped = st.daily_windows(prices, horizon=3, step=1)
    assert dropped == 4  # the four windows that contain 5 January
    assert not np.isnan(windows).any()
    assert pd.Timestamp("2024-01-03") not in starts


def test_lump_sum_pays_the_cost_once():
    np.testing.assert_allclose(st.lump_sum(rel(100, 110, 90), cost=0.01)[0], [0.99, 1.089, 0.891])


def test_dca_on_flat_prices_keeps_capital_less_costs_and_holds_cash_until_invested():
    values = st.dca(rel(100, 100, 100, 100, 100), days=4, cost=0.001)[0]
    np.testing.assert_allclose(values, [1 - 0.001 / 4, 1 - 0.002 / 4, 1 - 0.003 / 4, 0.999, 0.999])


def test_dca_buys_more_units_when_prices_fall():
    values = st.dca(rel(100, 50, 100), days=2, cost=0.0)[0]
    # half bought at 100 (0.5 units of the start price), half at 50 (1.0 unit): 1.5 units at the end
    np.testing.assert_allclose(values, [1.0, 0.75, 1.5])


def test_ladder_takes_profits_then_trails_a_stop_from_the_running_high():
    # +20% (sell 25%), +50% (sell 25%), high at 2.0, then 1.6 = 20% below the high: sell the rest.
    values = st.ladder(rel(100, 120, 150, 200, 160, 300), cost=0.0)[0]
    cash_after_stop = 0.25 * 1.2 + 0.25 * 1.5 + 0.5 * 1.6
    holding_half = [0.5 * x + 0.25 * 1.2 + 0.25 * 1.5 for x in (1.5, 2.0)]
    np.testing.assert_allclose(values, [1.0, 1.2, *holding_half, cash_after_stop, cash_after_stop])


def test_ladder_is_buy_and_hold_until_the_first_take_profit():
    path = rel(100, 110, 90, 60, 119)
    np.testing.assert_allclose(st.ladder(path, cost=0.001), st.lump_sum(path, cost=0.001))


def test_ladder_stop_before_the_second_take_profit_sells_three_quarters():
    values = st.ladder(rel(100, 125, 100, 160), cost=0.0)[0]  # 100 = exactly 20% below the 125 high
    np.testing.assert_allclose(values, [1.0, 1.25, 0.25 * 1.25 + 0.75 * 1.0, 0.25 * 1.25 + 0.75 * 1.0])


def test_ladder_costs_apply_to_every_sale():
    values = st.ladder(rel(100, 120, 120), st.LadderRule(((0.2, 1.0),), 0.2), cost=0.01)[0]
    np.testing.assert_allclose(values[-1], 0.99 * 1.2 * 0.99)


@pytest.mark.parametrize("kwargs", [dict(take_profits=((0.5, 0.25), (0.2, 0.25))),
                                    dict(take_profits=((0.2, 0.7), (0.5, 0.7))),
                                    dict(trailing_stop=1.5)])
def test_ladder_rule_rejects_inconsistent_settings(kwargs):
    with pytest.raises(ValueError):
        st.LadderRule(**kwargs)


def test_path_metrics_on_a_known_path():
    metrics = st.path_metrics(np.array([[1.0, 1.2, 0.9, 1.1]])).iloc[0]
    assert metrics["final"] == pytest.approx(1.1)
    assert metrics["max_drawdown"] == pytest.approx(0.9 / 1.2 - 1)
    assert not metrics["loss"]
    daily = np.array([0.2, 0.9 / 1.2 - 1, 1.1 / 0.9 - 1])
    assert metrics["downside_dev"] == pytest.approx(np.sqrt((np.minimum(daily, 0) ** 2).mean() * 365))


@pytest.fixture(scope="module")
def btc_results():
    return st.simulate({"BTC": fb.load("BTC-USD.COINBASE")})


def test_simulation_on_real_closes_has_every_strategy_and_start(btc_results):
    counts = btc_results.groupby("strategy").size()
    assert set(counts.index) == {"lump sum", "DCA 14 days", "DCA 28 days", "ladder"}
    assert counts.nunique() == 1 and counts.iloc[0] > 400
    assert (btc_results["start"].diff().dropna().dt.days.isin([st.STEP_DAYS, -(counts.iloc[0] - 1) * 7])).all()


def test_ladder_and_dca_are_never_deeper_than_buy_and_hold(btc_results):
    # Both only ever hold less of the coin than the lump sum, so their worst fall cannot be deeper.
    for strategy in ("ladder", "DCA 14 days", "DCA 28 days"):
        paired = st.paired_comparison(btc_results, strategy, "lump sum")
        assert paired["share deeper DD"].iloc[0] == 0


def test_paired_comparison_of_a_strategy_with_itself_is_neutral(btc_results):
    paired = st.paired_comparison(btc_results, "ladder", "ladder").iloc[0]
    assert paired["median DD gain"] == 0 and paired["median return cost"] == 0
    assert paired["share shallower DD"] == 0


def test_summary_reports_return_and_risk_together(btc_results):
    table = st.summary(btc_results)
    assert {"final median", "P(loss)", "max DD median", "volatility median", "downside dev median"} <= set(table)
    assert (table["final p10"] <= table["final median"]).all() and (table["final median"] <= table["final p90"]).all()


def test_value_paths_match_the_simulation_for_one_start(btc_results):
    prices = fb.load("BTC-USD.COINBASE")
    start = btc_results["start"].iloc[100]
    paths = st.value_paths(prices, start)
    row = btc_results[(btc_results["start"] == start) & (btc_results["strategy"] == "ladder")].iloc[0]
    assert paths["ladder"].iloc[-1] == pytest.approx(row["final"])
    assert len(paths) == st.HORIZON_DAYS + 1
    with pytest.raises(ValueError):
        st.value_paths(prices, prices.index[-10])
