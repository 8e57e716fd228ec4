"""Shared helpers for returns across markets and for net liquidity."""

import numpy as np
import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import liquidity
from fedbook.analysis import returns as rt

DAYS = pd.date_range("2025-01-01", periods=6, freq="D")


def test_simple_and_log_returns():
    prices = pd.Series([100.0, 110.0, 99.0], index=DAYS[:3])
    assert rt.returns(prices).tolist() == pytest.approx([0.1, -0.1])
    assert rt.returns(prices, "log").tolist() == pytest.approx([np.log(1.1), np.log(0.9)])
    with pytest.raises(ValueError, match="kind"):
        rt.returns(prices, "pct")


def test_common_dates_fold_crypto_weekends_into_the_next_trading_day():
    crypto = pd.Series([1.0, 2.0, 3.0, 4.0], index=pd.to_datetime(["2025-01-03", "2025-01-04", "2025-01-05",
                                                                   "2025-01-06"]), name="btc")
    stocks = pd.Series([10.0, 11.0], index=pd.to_datetime(["2025-01-03", "2025-01-06"]), name="spx")
    frame = rt.on_common_dates(crypto, stocks)
    assert list(frame.index.strftime("%a")) == ["Fri", "Mon"]
    assert rt.returns(frame["btc"]).iloc[0] == pytest.approx(3.0)  # Friday to Monday, weekend included


def test_rolling_correlation_needs_full_windows():
    x = pd.Series([1.0, 2.0, 3.0, 2.0, 5.0], index=DAYS[:5])
    corr = rt.rolling_correlation(x, 2 * x, window=3)
    assert len(corr) == 3 and corr.tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_drawdown_from_running_peak():
    prices = pd.Series([100.0, 120.0, 60.0, 130.0], index=DAYS[:4])
    assert rt.drawdown(prices).tolist() == pytest.approx([0.0, 0.0, -0.5, 0.0])
    assert rt.max_drawdown(prices) == pytest.approx(-0.5)


def test_total_return_uses_last_prices_on_or_before_dates():
    prices = pd.Series([100.0, 150.0], index=DAYS[[0, 3]])
    assert rt.total_return(prices, DAYS[1], DAYS[5]) == pytest.approx(0.5)


def test_net_liquidity_wednesday_basis_subtracts_in_one_unit():
    frame = liquidity.components("wednesday")
    day = pd.Timestamp("2025-12-03")
    expected = fb.load("WALCL")[day] - fb.load("WDTGAL")[day] - fb.load("RRPONTSYD")[day]
    assert frame.loc[day, "net_liquidity"] == pytest.approx(expected)
    # magnitudes in billions: total assets ~6,536, TGA ~908, ON RRP a few billion
    assert 6000 < frame.loc[day, "assets"] < 7000 and 500 < frame.loc[day, "tga"] < 1200


def test_net_liquidity_week_average_uses_weekly_means_of_rrp():
    frame = liquidity.components("week_average")
    day = pd.Timestamp("2025-12-03")
    week = fb.load("RRPONTSYD").loc["2025-11-27":"2025-12-03"]
    assert frame.loc[day, "rrp"] == pytest.approx(week.mean())
    assert frame.loc[day, "tga"] == pytest.approx(fb.load("WTREGEN")[day])


def test_net_liquidity_rejects_an_unknown_basis():
    with pytest.raises(ValueError, match="basis"):
        liquidity.components("daily")
