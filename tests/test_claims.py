"""The claims ledger: verdict rules at their boundaries, data-availability rules, and the
current verdict of every claim pinned on the committed snapshot.

If a data refresh flips a verdict, test_verdict_is_pinned fails and says which claim moved
and what the data now show. Check the result, then update PINNED in the same commit.
"""

import math

import numpy as np
import pandas as pd
import pytest

from fedbook import claims as cl

S, P, C, N = cl.SUPPORTED, cl.PARTLY, cl.CONTRADICTED, cl.NOT_TESTABLE

# The verdicts on the committed snapshot (as of the data in data/snapshot/manifest.json). A
# verdict that differs from the previous edition needs a reason in fedbook/claims/editions.py.
PINNED = {
    "1": P, "2a": S, "2b": S, "2c": S, "3": C, "4": P, "5": N, "6": S, "7": C, "8a": S, "8b": S, "9": P,
    "10": P, "11": C, "12": N, "13a": P, "13b": P, "14a": C, "14b": S, "14c": P, "14d": S, "15": C,
    "16a": S, "16b": N, "17a": C, "17b": C, "18a": N, "18b": S, "19": N, "20": P, "21a": C, "21b": P,
}


# --- verdict rules at their boundaries -----------------------------------------------------

@pytest.mark.parametrize("measured, expected", [
    (100.0, S), (110.0, S), (90.0, S),            # inside and on the ±10% boundary
    (110.0 * 1.0001, P), (120.0, P), (80.0, P),   # just outside, up to twice the tolerance
    (120.0 * 1.0001, C), (-35.0, C),             # beyond; a fall when a rise was claimed
])
def test_within_tolerance_boundaries(measured, expected):
    assert cl.within_tolerance(measured, 100.0, 0.10) == expected


def test_within_tolerance_floating_point_boundary_counts_as_inside():
    assert cl.within_tolerance(2000 * 1.1, 2000, 0.1) == S  # 2200.0000000000005
    assert cl.within_tolerance(9000 * (1 - cl.LEVEL_TOL), 9000, cl.LEVEL_TOL) == S


def test_within_tolerance_rejects_a_zero_claim_or_tolerance():
    with pytest.raises(ValueError):
        cl.within_tolerance(1.0, 0.0, 0.1)
    with pytest.raises(ValueError):
        cl.within_tolerance(1.0, 1.0, 0.0)
    with pytest.raises(ValueError):
        cl.within_tolerance(math.nan, 1.0, 0.1)


@pytest.mark.parametrize("measured, expected", [(0.67, S), (0.77, S), (0.66, P), (0.62, P), (0.6199, C)])
def test_within_abs_for_correlations(measured, expected):
    assert cl.within_abs(measured, 0.72, cl.CORR_TOL) == expected


@pytest.mark.parametrize("measured, expected", [(30.0, S), (11.0, S), (9.0, S), (8.99, P), (7.0, P), (6.99, C),
                                                (-2.0, C)])
def test_at_least_for_claimed_rises(measured, expected):
    assert cl.at_least(measured, 11.0, 2.0) == expected


@pytest.mark.parametrize("measured, expected", [(5.51, S), (5.5, P), (5.5 * 0.97, P), (5.3, C)])
def test_above_is_strict_with_a_partly_band_below(measured, expected):
    assert cl.above(measured, 5.5, 0.03) == expected


@pytest.mark.parametrize("passed, total, need, expected", [
    (3, 3, "all", S), (2, 3, "all", P), (0, 3, "all", C), (0, 0, "all", N),
    (3, 4, "most", S), (2, 4, "most", P), (1, 2, "most", P), (0, 4, "most", C),
])
def test_share_verdict(passed, total, need, expected):
    assert cl.share_verdict(passed, total, need) == expected


def test_share_verdict_rejects_bad_counts():
    with pytest.raises(ValueError):
        cl.share_verdict(4, 3)
    with pytest.raises(ValueError):
        cl.share_verdict(1, 3, "some")


@pytest.mark.parametrize("parts, expected", [
    ([S, S], S), ([C, C], C), ([N, N], N), ([S, C], P), ([S, N], P), ([P, S], P), ([C, N], P),
])
def test_combine(parts, expected):
    assert cl.combine(parts) == expected


def test_combine_rejects_unknown_verdicts():
    with pytest.raises(ValueError):
        cl.combine(["true"])
    with pytest.raises(ValueError):
        cl.combine([])


@pytest.mark.parametrize("measured, quality, expected", [
    (S, "P", S), (S, "R", S), (C, "R", C), (S, "P (copy)", S),
    (S, "W", P), (P, "W", P), (C, "W", N),  # a weak source cannot settle a claim either way
])
def test_sourced_fact_quality_rule(measured, quality, expected):
    assert cl.sourced_fact(measured, quality) == expected


def test_verdicts_outside_the_vocabulary_are_refused():
    with pytest.raises(ValueError):
        cl.ClaimResult("x", "t", "s", "test", "tol", "result", "true")


# --- data availability -----------------------------------------------------------------------

@pytest.mark.parametrize("need", ["liquidations", "repo_ops", "crypto_mcap"])
def test_series_the_snapshot_lacks_are_reported_missing_with_a_source(need):
    missing = cl.availability(need)
    assert missing, (f"{cl.REQUIRED[need].series_id} is now in the snapshot: write the test of the claims that "
                     "need it in fedbook/claims/ (they still report 'not testable')")
    assert missing[0].source


@pytest.mark.parametrize("need, claim", [("gdp", "18b"), ("dollar", "17b")])
def test_claims_needing_gdp_and_the_dollar_are_judged_from_data(need, claim):
    assert not cl.availability(need)
    result = getattr(cl, f"claim_{claim}")()
    assert result.verdict != N and cl.REQUIRED[need].series_id in result.data and result.by_definition


def test_repo_claims_are_judged_from_data_once_repo_operations_are_supplied():
    # Tiny hand-made operation totals (logic input only) to exercise the rule that will run when
    # RPONTSYD joins the snapshot.
    days = pd.to_datetime(["2020-03-16", "2021-06-30", "2025-06-30", "2025-12-31"])
    second = pd.Series([20.0, 13.4, 5.0, 38.5], index=days)
    third = pd.Series([20.0, 15.0, 13.6, 38.5], index=days)
    assert cl.claim_11(second).verdict == S
    assert cl.claim_11(third).verdict == C
    assert cl.claim_11(pd.Series([1.0], index=days[:1])).verdict == C
    assert cl.claim_12(second).verdict == S
    assert cl.claim_12(second.drop(days[-1])).verdict == C


# --- measurement helpers ---------------------------------------------------------------------

def test_rate_cuts_ignore_one_day_dips_and_find_lasting_cuts():
    days = pd.date_range("2024-01-01", periods=30, freq="D")
    rate = pd.Series(2.40, index=days)
    rate.iloc[12] = 2.10                 # a one-day dip is not a cut
    rate.iloc[20:] = 2.15                # a lasting 25 bp cut
    assert list(cl.rate_cuts(rate)) == [days[20]]


def test_pivots_match_the_policy_record():
    from fedbook import data
    dff = data.load("DFF")
    assert cl.pivot_date(2019, dff) == pd.Timestamp("2019-08-01")  # cut of 31 Jul, effective 1 Aug
    assert cl.pivot_date(2020, dff) == pd.Timestamp("2020-03-04")  # emergency cut of 3 Mar
    assert cl.pivot_date(2023, dff) is None                         # no cut in 2023, run-off running
    assert cl.pivot_date(2024, dff) is None                         # cut in September, QT still running


@pytest.mark.parametrize("forward, typical, expected", [
    ([0.2, 0.5], [0.1, 0.3], True), ([0.2, 0.1], [0.1, 0.3], False), ([-0.1, 0.9], [0.0, 0.1], False),
    ([0.2, 4.5, 4.7], [0.3, 0.8, 1.5], True),
])
def test_episode_passes(forward, typical, expected):
    assert cl.episode_passes(forward, typical) == expected


def test_month_end_closes_drop_an_incomplete_final_month():
    days = pd.date_range("2024-01-15", "2024-03-20", freq="D")
    closes = cl.month_end_closes(pd.Series(np.arange(len(days), dtype=float), index=days))
    assert list(closes.index) == list(pd.to_datetime(["2024-01-31", "2024-02-29"]))


def test_typical_forward_return_uses_the_last_close_on_or_before_the_horizon():
    days = pd.date_range("2024-01-01", "2024-04-30", freq="D")
    prices = pd.Series(np.linspace(100, 200, len(days)), index=days)
    assert cl.typical_forward_return(prices, 1) > 0


# --- the ledger on the committed snapshot ------------------------------------------------------

@pytest.fixture(scope="module")
def results():
    return cl.all_results()


def test_every_claim_and_part_is_in_the_ledger(results):
    assert list(results) == list(PINNED)
    table = cl.ledger(results)
    assert table["verdict"].isin(cl.VERDICTS).all()


@pytest.mark.parametrize("claim", list(PINNED))
def test_verdict_is_pinned(results, claim):
    got, pinned = results[claim].verdict, PINNED[claim]
    assert got == pinned, (
        f"claim {claim} ({results[claim].topic}) flipped from {pinned!r} to {got!r} on the current data. "
        f"Result now: {results[claim].result} If the new data justify it, update PINNED.")


def test_untestable_claims_name_the_source_that_would_settle_them(results):
    for r in results.values():
        if r.verdict == N:
            assert r.settle_with, f"claim {r.claim}: say which source would settle it"


def test_units_of_key_figures(results):
    # Billions of USD: QT removed trillions, not millions; ON RRP published in billions stays in billions.
    assert 2000 < results["1"].measured < 2500
    assert 50 < results["9"].measured < 70
    assert 0.5 < results["6"].measured < 1.0


def test_tolerances_override_and_restore():
    before = cl.LEVEL_TOL
    with cl.tolerances(LEVEL_TOL=0.001, PARTLY_FACTOR=1.5):
        assert cl.within_tolerance(90370, 91000, cl.LEVEL_TOL) == C
        assert cl.above(5.4, 5.5) == C
    assert cl.LEVEL_TOL == before and cl.within_tolerance(90370, 91000, cl.LEVEL_TOL) == S
    with pytest.raises(ValueError):
        with cl.tolerances(NOT_A_TOLERANCE=1):
            pass


def test_a_tighter_level_tolerance_flips_level_claims(results):
    from fedbook.analysis import strategies as st
    simulation = st.simulate(cl.strategy_prices())
    with cl.tolerances(LEVEL_TOL=0.001):
        tight = cl.all_results(simulation)
    changes = cl.verdict_changes(results, tight)
    assert {"8a", "2b"} <= set(changes.index)
    assert (changes["after"] != S).all()  # a tighter "about" can only weaken verdicts


def test_key_figures_and_counts(results):
    figures = cl.key_figures(results)
    assert figures["distance"].ge(0).all() and "1" in figures.index
    assert cl.verdict_counts(results).sum() == len(PINNED)


def test_the_btc_sp500_correlation_has_one_definition_across_chapters():
    # The crypto chapter and the ledger quote the same 2025 maximum: same function, same inputs.
    from fedbook import data
    from fedbook.analysis import returns as rt

    details = cl.claim_6().details
    chapter = rt.btc_sp500_correlation(data.load("BTC-USD.COINBASE"), data.load("SP500")).loc["2025"]
    assert details["book max 2025"] == pytest.approx(chapter.max())
    assert details["book max date"] == chapter.idxmax()
    first = details["table"].iloc[0]
    assert (first["feed"], first["returns"], first["window"]) == ("BTC-USD.COINBASE", "simple", "60 trading days")
    assert first["max 2025"] == pytest.approx(chapter.max())
