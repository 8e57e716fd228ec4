"""Crypto sector baskets: logic on tiny hand-made prices, then checks on the real snapshot."""

import numpy as np
import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import crypto as cr

DAYS = pd.date_range("2025-01-01", periods=6, freq="D")


# --- logic on hand-made prices -------------------------------------------------------------

def test_basket_is_the_mean_of_the_members_with_a_return_that_day():
    prices = pd.DataFrame({"a": [100.0, 110.0, 121.0, 121.0],
                           "b": [np.nan, 50.0, 40.0, 60.0]}, index=DAYS[:4])
    basket = cr.basket_returns(prices)
    assert np.isnan(basket.iloc[0])                       # base row: nobody has a return
    assert basket.iloc[1] == pytest.approx(0.10)          # b has its first price only: a alone
    assert basket.iloc[2] == pytest.approx((0.10 - 0.20) / 2)
    assert basket.iloc[3] == pytest.approx((0.0 + 0.5) / 2)
    assert cr.member_counts(prices).tolist() == [0, 1, 2, 2]


def test_a_gap_is_not_bridged_and_the_member_sits_out():
    prices = pd.DataFrame({"a": [100.0, np.nan, 120.0, 132.0], "b": [10.0, 11.0, 12.1, 13.31]}, index=DAYS[:4])
    returns = cr.member_returns(prices)
    assert returns["a"].isna().tolist() == [True, True, True, False]   # no 100 -> 120 return
    assert cr.basket_returns(prices).iloc[2] == pytest.approx(0.10)    # b alone on day 2


def test_basket_has_no_return_when_no_member_has_one():
    prices = pd.DataFrame({"a": [1.0, np.nan, 2.0]}, index=DAYS[:3])
    assert cr.basket_returns(prices).isna().all()


def test_index_level_starts_at_base_on_the_row_before_the_first_return():
    returns = pd.Series([np.nan, 0.1, -0.5], index=DAYS[:3], name="x")
    level = cr.index_level(returns)
    assert level.tolist() == pytest.approx([100.0, 110.0, 55.0])
    assert level.index[0] == DAYS[0]


def test_index_level_refuses_to_bridge_a_gap_or_invent_a_base_date():
    with pytest.raises(ValueError, match="gap"):
        cr.index_level(pd.Series([np.nan, 0.1, np.nan, 0.2], index=DAYS[:4], name="x"))
    with pytest.raises(ValueError, match="no row before"):
        cr.index_level(pd.Series([0.1, 0.2], index=DAYS[:2], name="x"))


def test_trading_days_fold_the_weekend_into_monday():
    # Thu 2 Jan 2025 .. Mon 6 Jan; stocks trade Thu, Fri, Mon
    days = pd.date_range("2025-01-02", "2025-01-06", freq="D")
    daily = pd.Series([0.0, 0.10, 0.10, 0.10, 0.10], index=days, name="x")
    trading = pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-06"])
    out = cr.to_trading_days(daily, trading)
    assert list(out.index) == list(trading[1:])           # the first trading date has no predecessor
    assert out.loc["2025-01-03"] == pytest.approx(0.10)
    assert out.loc["2025-01-06"] == pytest.approx(1.1 ** 3 - 1)   # Sat, Sun, Mon compounded


def test_trading_day_return_is_missing_if_any_of_its_days_is():
    days = pd.date_range("2025-01-02", "2025-01-06", freq="D")
    daily = pd.DataFrame({"x": [0.0, 0.1, np.nan, 0.1, 0.1], "y": [0.0, 0.1, 0.1, 0.1, 0.1]}, index=days)
    out = cr.to_trading_days(daily, pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-06"]))
    assert np.isnan(out.loc["2025-01-06", "x"]) and out.loc["2025-01-06", "y"] == pytest.approx(1.1 ** 3 - 1)


def test_trading_day_return_is_missing_when_data_start_mid_week():
    daily = pd.Series([0.1, 0.1], index=pd.to_datetime(["2025-01-05", "2025-01-06"]), name="x")  # Sun, Mon
    out = cr.to_trading_days(daily, pd.to_datetime(["2025-01-03", "2025-01-06"]))
    assert out.isna().all()                               # Saturday is unknown


def test_common_span_trims_the_edges_but_rejects_an_inner_gap():
    frame = pd.DataFrame({"a": [np.nan, 1.0, 2.0, 3.0], "b": [1.0, 1.0, 2.0, np.nan]}, index=DAYS[:4])
    assert list(cr.common_span(frame).index) == list(DAYS[1:3])
    frame.iloc[2, 0] = np.nan
    frame.iloc[3, 1] = 4.0
    with pytest.raises(ValueError, match="gap inside"):
        cr.common_span(frame)


def test_return_over_starts_from_the_price_before_the_start_day():
    prices = pd.Series([100.0, 110.0, 121.0], index=DAYS[:3], name="x")
    assert cr.return_over(prices, DAYS[1], DAYS[2]) == pytest.approx(0.21)   # from the close of DAYS[0]
    with pytest.raises(ValueError):
        cr.return_over(prices, DAYS[0], DAYS[2])


def test_beta_and_risk_table():
    x = pd.Series([0.01, -0.02, 0.03, 0.0, -0.01], index=DAYS[:5])
    assert cr.beta(2 * x, x) == pytest.approx(2.0)
    table = cr.risk_table(pd.DataFrame({"double": 2 * x}), x, periods_per_year=365)
    assert table.loc["double", "beta"] == pytest.approx(2.0)
    assert table.loc["double", "correlation"] == pytest.approx(1.0)
    assert table.loc["double", "volatility"] == pytest.approx(2 * x.std() * np.sqrt(365))


def test_price_frame_rejects_an_unknown_calendar():
    with pytest.raises(ValueError, match="calendar"):
        cr.price_frame(["BTC-USD.YAHOO"], calendar="weekly")


# --- the real snapshot ---------------------------------------------------------------------

def test_members_follow_what_each_venue_has():
    assert cr.members("Memes", "binance") == ["DOGE-USDT.BINANCE", "PEPE-USDT.BINANCE"]
    assert cr.members("Memes", "yahoo") == ["DOGE-USD.YAHOO"]
    assert "SHIB-USD.COINGECKO" in cr.members("Memes", "coingecko")
    assert "UNI-USD.YAHOO" not in cr.members("DeFi", "yahoo")


def test_membership_table_records_listing_dates_and_gaps():
    table = cr.membership_table().set_index(["venue", "coin"])
    assert table.loc[("yahoo", "COMP"), "last"] == "2022-02-13"
    assert table.loc[("yahoo", "MKR"), "last"] == "2022-02-13"
    assert table.loc[("binance", "AVAX"), "last"] == "2026-03-02"
    assert table.loc[("binance", "SOL"), "first"] == "2023-06-09"
    assert table.loc[("yahoo", "AVAX"), "missing days"] == 69
    assert table.loc[("binance", "BTC"), "missing days"] == 0
    assert (table.loc["binance", "quote"] == "USDT").all()


def test_partial_last_bars_were_dropped_after_the_last_kept_day():
    table = cr.dropped_partial_bars(["SOL-USDT.BINANCE", "AVAX-USDT.BINANCE", "BTC-USD.COINGECKO"]).set_index("series")
    assert table.loc["SOL-USDT.BINANCE", "dropped last"] == "2026-03-04"
    assert table.loc["AVAX-USDT.BINANCE", "last kept"] == "2026-03-02"
    assert table.loc["BTC-USD.COINGECKO", "dropped last"] == "none"


def test_daily_calendar_shows_the_avax_gap_as_missing_days():
    frame = cr.price_frame(["AVAX-USD.YAHOO"], "daily", end="2020-10-01")
    assert frame.index.to_series().diff().dt.days.max() == 1
    assert frame.iloc[:, 0].isna().sum() == 69


def test_real_majors_basket_is_the_mean_of_btc_and_eth_returns():
    day = pd.Timestamp("2025-12-02")
    btc, eth = fb.load("BTC-USDT.BINANCE"), fb.load("ETH-USDT.BINANCE")
    expected = (btc[day] / btc[day - pd.Timedelta(days=1)] - 1 + eth[day] / eth[day - pd.Timedelta(days=1)] - 1) / 2
    assert cr.sector_returns("binance", sectors=["Majors"]).loc[day, "Majors"] == pytest.approx(expected)


def test_real_trading_day_return_spans_the_weekend():
    btc = fb.load("BTC-USDT.BINANCE")
    daily = cr.member_returns(cr.price_frame(["BTC-USDT.BINANCE"], start="2025-11-01"))["BTC-USDT.BINANCE"]
    trading = fb.load("SP500").loc["2025-11-01":"2025-12-31"].index
    monday, friday = pd.Timestamp("2025-12-08"), pd.Timestamp("2025-12-05")
    assert cr.to_trading_days(daily, trading)[monday] == pytest.approx(btc[monday] / btc[friday] - 1)


def test_members_enter_when_their_data_start():
    assert cr.members_on("binance", "Layer-1s", "2023-06-09") == ["AVAX"]
    assert len(cr.members_on("binance", "Layer-1s", "2023-06-10")) == 7
    assert cr.members_on("yahoo", "DeFi", "2022-06-01") == ["LINK"]
    assert sorted(cr.members_on("yahoo", "DeFi", "2021-06-01")) == ["AAVE", "COMP", "LINK", "MKR"]


def test_coingecko_baskets_use_the_snapshot_dates_only():
    prices = cr.sector_prices("coingecko", sectors=["Majors"])["Majors"]
    assert len(prices) == 231                             # one row per snapshot, no calendar days added
    assert prices.notna().all().all()


def test_sector_levels_start_at_100_on_the_start_date():
    levels = cr.sector_levels("binance", start="2025-11-30", end="2025-12-31")
    assert (levels.iloc[0] == 100.0).all() and levels.index[0] == pd.Timestamp("2025-11-30")
    btc, eth = fb.load("BTC-USDT.BINANCE"), fb.load("ETH-USDT.BINANCE")
    day1 = pd.Timestamp("2025-12-01")
    first = 100 * (1 + (btc[day1] / btc["2025-11-30"] - 1 + eth[day1] / eth["2025-11-30"] - 1) / 2)
    assert levels.loc[day1, "Majors"] == pytest.approx(first)
