"""Units: every money stock reaches the book in billions of USD, converted from the manifest."""

import pandas as pd
import pytest

import fedbook as fb
from fedbook.data import load_published, units

H41_MILLIONS = ["WALCL", "TREAST", "WSHOMCB", "MBST", "WRESBAL", "WTREGEN", "WDTGAL", "WCURCIR"]
RATES = ["SOFR", "EFFR", "DFF", "IORB", "DGS10", "DGS2", "DFEDTARU", "DFEDTARL"]


@pytest.mark.parametrize("series_id", H41_MILLIONS)
def test_h41_series_are_published_in_millions_and_loaded_in_billions(series_id):
    meta = fb.info(series_id)
    assert meta.published_unit == "Millions of U.S. Dollars"
    assert meta.unit == "Billions of U.S. Dollars"
    pd.testing.assert_series_equal(fb.load(series_id), load_published(series_id) / 1000.0)


def test_rrp_is_published_in_billions_and_not_rescaled():
    assert fb.info("RRPONTSYD").published_unit == "Billions of U.S. Dollars"
    pd.testing.assert_series_equal(fb.load("RRPONTSYD"), load_published("RRPONTSYD"))


def test_rrp_and_walcl_share_a_unit_so_they_can_be_combined():
    # Known published values (shared/data/README.md, sanity checks): the 2022-12-30 ON RRP
    # peak of 2,553.716 billion and the 2022-04-13 WALCL peak of 8,965,487 million.
    assert fb.load("RRPONTSYD").max() == pytest.approx(2553.716)
    assert fb.load("WALCL").max() == pytest.approx(8965.487)


@pytest.mark.parametrize("series_id", RATES)
def test_rates_stay_in_percent(series_id):
    assert fb.info(series_id).unit == "Percent"
    pd.testing.assert_series_equal(fb.load(series_id), load_published(series_id))


def test_stablecoin_supply_is_converted_from_dollars_to_billions():
    assert fb.info("STABLECOINS.DEFILLAMA").published_unit == "U.S. Dollars"
    pd.testing.assert_series_equal(fb.load("STABLECOINS.DEFILLAMA"),
                                   load_published("STABLECOINS.DEFILLAMA") / 1e9)


def test_crypto_prices_keep_their_quote_unit():
    assert fb.info("BTC-USD.COINBASE").unit == "U.S. Dollars per coin"
    assert fb.info("BTC-USDT.BINANCE").unit == "Tether (USDT) per coin"


def test_every_manifest_unit_is_known_and_consistent():
    for sid, entry in fb.data.manifest()["series"].items():
        assert entry["book_unit"] == units.book_unit(entry["units"]), sid
        assert entry["scale_to_book"] == units.scale_to_book(entry["units"]), sid


def test_an_unknown_unit_is_an_error_not_a_guess():
    with pytest.raises(units.UnknownUnitError, match="Thousands of Euros"):
        units.book_unit("Thousands of Euros")
