"""Scenario lab: the projection on the identity, backtests, the spread relation and the command."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from fedbook.__main__ import main
from fedbook.analysis import scenario as sc


@pytest.fixture(scope="module")
def frame():
    return sc.history()


FLAT = sc.Assumptions(rmp_per_month=0, mbs_runoff_per_month=0, other_assets_per_month=0,
                      tga="flat", rrp="flat", currency_per_month=0)


# --- the projection -------------------------------------------------------------------------

@pytest.mark.parametrize("assumptions", [
    FLAT,
    sc.Assumptions(rmp_per_month=40, tga="seasonal", rrp=0.0),
    sc.Assumptions(rmp_per_month=20, tga=1100.0, tga_weeks=8, reinvested_share=0.0, other_assets_per_month=-15),
])
def test_identity_holds_exactly_in_every_projected_week(frame, assumptions):
    projected = sc.project(assumptions, 104, "2025-12-03", frame)
    liabilities = projected[["reserves", "tga", "rrp", "currency", "other"]].sum(axis=1)
    assert (projected["assets"] - liabilities).abs().max() < 1e-9
    sc.check_identity(projected)
    assert np.allclose(projected["net_liquidity"], projected["assets"] - projected["tga"] - projected["rrp"])


def test_check_identity_catches_a_broken_week(frame):
    projected = sc.project(FLAT, 4, None, frame)
    projected.iloc[2, projected.columns.get_loc("reserves")] += 1.0
    with pytest.raises(AssertionError, match="identity fails"):
        sc.check_identity(projected)


def test_zero_change_scenario_is_flat(frame):
    projected = sc.project(FLAT, 52, "2026-02-04", frame)
    assert (projected.nunique() == 1).all()
    assert projected["reserves"].iloc[-1] == pytest.approx(frame.loc["2026-02-04", "reserves"])


def test_the_start_row_is_the_data(frame):
    projected = sc.project(sc.Assumptions(rmp_per_month=40, tga="seasonal"), 10, "2026-03-06", frame)
    start = pd.Timestamp("2026-03-04")  # the last complete Wednesday on or before the 6th
    assert projected.index[0] == start
    for item in sc.ITEMS + ["reserves"]:
        assert projected.loc[start, item] == pytest.approx(frame.loc[start, item])


@pytest.mark.parametrize("tga", ["flat", "seasonal", 1200.0])
def test_more_rmps_never_lower_reserves(frame, tga):
    paths = [sc.project(sc.Assumptions(rmp_per_month=pace, tga=tga), 78, "2025-12-03", frame)["reserves"]
             for pace in (0, 10, 20, 40, 80, 160)]
    for lower, higher in zip(paths, paths[1:]):
        assert (higher >= lower).all()
    assert paths[-1].iloc[-1] > paths[0].iloc[-1]


def test_monthly_paces_become_weekly_steps(frame):
    pace = 30.0
    projected = sc.project(replace(FLAT, rmp_per_month=pace), 20, None, frame)
    steps = projected["assets"].diff().dropna()
    assert np.allclose(steps, pace / sc.WEEKS_PER_MONTH)
    assert np.allclose(projected["reserves"].diff().dropna(), pace / sc.WEEKS_PER_MONTH)


def test_mbs_runoff_lowers_assets_only_when_not_reinvested(frame):
    kept = sc.project(replace(FLAT, mbs_runoff_per_month=15, reinvested_share=1.0), 8, None, frame)
    lost = sc.project(replace(FLAT, mbs_runoff_per_month=15, reinvested_share=0.4), 8, None, frame)
    assert kept["assets"].iloc[-1] == pytest.approx(kept["assets"].iloc[0])
    assert lost["assets"].iloc[0] - lost["assets"].iloc[-1] == pytest.approx(8 * 0.6 * 15 / sc.WEEKS_PER_MONTH)


def test_tga_target_is_reached_linearly_then_held(frame):
    projected = sc.project(replace(FLAT, tga=1000.0, tga_weeks=4), 10, "2026-02-04", frame)
    tga0 = frame.loc["2026-02-04", "tga"]
    assert projected["tga"].iloc[2] == pytest.approx(tga0 + (1000 - tga0) / 2)
    assert (projected["tga"].iloc[4:] == 1000).all()
    # every dollar the TGA gains comes out of reserves, nothing else moves
    assert np.allclose(projected["reserves"] + projected["tga"], projected["reserves"].iloc[0] + tga0)


def test_on_rrp_path_goes_to_its_target_and_never_below_zero(frame):
    projected = sc.project(replace(FLAT, rrp=0.0, rrp_weeks=1), 5, "2025-12-31", frame)
    assert frame.loc["2025-12-31", "rrp"] > 50  # year-end inflow: a start with a large ON RRP
    assert (projected["rrp"].iloc[1:] == 0).all() and (projected["rrp"] >= 0).all()


def test_seasonal_tga_uses_only_data_up_to_the_start(frame):
    start = pd.Timestamp("2025-12-03")
    full = sc.project(sc.Assumptions(tga="seasonal"), 40, start, frame)
    tampered = frame.copy()
    tampered.loc[tampered.index > start, ["tga", "assets", "currency"]] += 500.0
    assert full.equals(sc.project(sc.Assumptions(tga="seasonal"), 40, start, tampered))


def test_seasonal_tga_has_no_trend_over_a_year(frame):
    # the weekly medians are centred, so 52 weeks on the path returns close to the start level
    projected = sc.project(sc.Assumptions(tga="seasonal"), 52, "2025-12-03", frame)
    swing = projected["tga"].max() - projected["tga"].min()
    assert abs(projected["tga"].iloc[-1] - projected["tga"].iloc[0]) < 0.1 * swing


# --- backtests -----------------------------------------------------------------------------

def test_fed_realised_paths_the_model_reproduces_realised_reserves(frame):
    for start in ("2025-12-03", "2019-10-09"):
        replay = sc.realised_paths(start, None if start > "2020" else "2020-03-11", frame)
        realised = frame["reserves"].reindex(replay.index)
        both = pd.concat([replay["reserves"], realised], axis=1).dropna()
        assert len(both) > 20
        assert (both.iloc[:, 0] - both.iloc[:, 1]).abs().max() < 1e-6


def test_backtest_miss_splits_exactly_by_assumption(frame):
    result = sc.backtest(sc.Assumptions(rmp_per_month=40), "2025-12-03", None, frame)
    parts = sc.miss_by_assumption(result)
    assert np.allclose(parts.drop(columns="reserves").sum(axis=1), parts["reserves"])
    assert result["error"].iloc[0].abs().max() < 1e-9  # the start week is the data
    assert sc.largest_miss(result) in sc.ITEMS


def test_backtest_compares_only_complete_weeks(frame):
    result = sc.backtest(sc.Assumptions(rmp_per_month=60), "2019-10-09", "2020-03-11", frame)
    assert not result.isna().any().any()
    assert pd.Timestamp("2019-12-25") not in result.index  # no ON RRP operation that Wednesday


def test_error_summary_names_horizons_and_the_end(frame):
    result = sc.backtest(sc.Assumptions(rmp_per_month=40), "2025-12-03", None, frame)
    summary = sc.error_summary(result)
    assert summary.index[0].startswith("week 13 (2026-03-04)")
    assert summary.index[-1] == "mean absolute, all weeks"


# --- the spread relation --------------------------------------------------------------------

def line(slope_per_100, zero_at, noise=None):
    reserves = np.linspace(2800, 3400, 60)
    spread = slope_per_100 * (reserves - zero_at) / 100 + (0 if noise is None else noise)
    return pd.DataFrame({sc.SPREAD: spread, "reserves": reserves},
                        index=pd.date_range("2025-01-01", periods=60, freq="W-WED"))


def test_spread_fit_recovers_a_known_line_and_its_crossing():
    fit = sc.spread_fit(line(-2.0, 3000.0))
    assert fit["slope"] == pytest.approx(-2.0) and fit["zero at"] == pytest.approx(3000.0)
    assert fit["zero lo"] == pytest.approx(3000.0) and fit["zero hi"] == pytest.approx(3000.0)


def test_spread_fit_ranges_widen_with_noise_and_are_reproducible():
    noise = np.random.default_rng(1).normal(0, 3, 60)
    fit = sc.spread_fit(line(-2.0, 3000.0, noise))
    assert fit["zero lo"] < fit["zero at"] < fit["zero hi"]
    assert fit == sc.spread_fit(line(-2.0, 3000.0, noise))


def test_spread_band_says_nothing_where_there_are_too_few_weeks():
    weekly = line(-2.0, 3000.0)
    assert np.isnan(sc.spread_band(weekly, 5000.0)["median"])
    band = sc.spread_band(weekly, 2850.0)  # weeks 2800 to 2975: all below the crossing
    assert band["weeks"] >= 5 and band["share above IORB"] == 100.0


def test_risk_zone_against_the_turning_range():
    fit = {"zero lo": 2950.0, "zero hi": 3100.0, "reserves min": 2800.0, "reserves max": 3500.0}
    assert sc.risk_zone(2900, fit) == "below the turning range"
    assert sc.risk_zone(3000, fit) == "inside the turning range"
    assert sc.risk_zone(3200, fit) == "above the turning range"
    assert sc.risk_zone(2500, fit) == "outside the observed range"


def test_the_real_spread_relation_slopes_down():
    fit = sc.spread_fit(sc.weekly_spreads())
    assert fit["slope hi"] < 0 and fit["zero lo"] < fit["zero at"] < fit["zero hi"]


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"rmp_per_month": -5}, "rmp_per_month must be from 0 to 500"),
    ({"rmp_per_month": 1e6}, "rmp_per_month must be from 0 to 500"),
    ({"rmp_per_month": "lots"}, "rmp_per_month must be a number"),
    ({"rmp_per_month": float("nan")}, "rmp_per_month must be from"),
    ({"tga": -1.0}, "tga_target must be from 0 to 3000"),
    ({"tga": "rebuild"}, "tga must be one of flat, seasonal"),
    ({"rrp": "seasonal"}, "rrp must be one of flat"),
    ({"reinvested_share": 1.5}, "reinvested_share must be from 0 to 1"),
    ({"tga_weeks": 2.5}, "tga_weeks must be a whole number"),
])
def test_bad_assumptions_name_the_argument_and_its_range(kwargs, message):
    with pytest.raises(sc.ScenarioError, match=message):
        sc.Assumptions(**kwargs).checked()


@pytest.mark.parametrize("weeks, start, message", [
    (261, None, "weeks must be from 1 to 260"),
    (0, None, "weeks must be from 1 to 260"),
    (26, "1990-01-03", "start must be between"),
    (26, "2031-01-01", "start must be between"),
    (26, "no_such_event", "start must be a date"),
])
def test_bad_horizon_or_start(frame, weeks, start, message):
    with pytest.raises(sc.ScenarioError, match=message):
        sc.project(sc.Assumptions(), weeks, start, frame)


# --- the command ----------------------------------------------------------------------------

def test_command_prints_the_table_and_writes_the_chart(tmp_path, capsys):
    chart = tmp_path / "s.png"
    assert main(["scenario", "--rmp", "20", "--tga-target", "900", "--weeks", "26", "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "reserves" in out and "spread risk" in out and "not a forecast" in out
    assert chart.stat().st_size > 10_000


@pytest.mark.parametrize("args, message", [
    (["--rmp", "-5"], "--rmp must be from 0 to 500"),
    (["--rmp", "abc"], "--rmp must be a number"),
    (["--tga-target", "-100"], "--tga-target must be from 0 to 3000"),
    (["--weeks", "400"], "--weeks must be from 1 to 260"),
    (["--start", "1999-01-06"], "start must be between"),
    (["--reinvested-share", "2"], "--reinvested-share must be from 0 to 1"),
])
def test_command_refuses_bad_input_in_one_line_and_writes_nothing(tmp_path, capsys, args, message):
    chart = tmp_path / "s.png"
    assert main(["scenario", *args, "--chart", str(chart)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.count("\n") == 1 and "nothing was written" in captured.err
    assert captured.out == "" and not chart.exists()


def test_command_help_documents_every_assumption_and_its_unit(capsys):
    with pytest.raises(SystemExit):
        main(["scenario", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for option in ("--rmp", "--mbs-runoff", "--reinvested-share", "--other-assets", "--tga-target", "--tga-rule",
                   "--tga-weeks", "--rrp-target", "--rrp-weeks", "--currency", "--weeks", "--start", "--chart"):
        assert option in text
    assert text.count("billions of USD") >= 6 and "not a forecast" in text


# --- the page helpers (chart, printed table, sliders) -----------------------------------------

def test_printed_table_has_every_fourth_week_and_the_last(frame):
    from fedbook.book import scenario_view as view

    projected = sc.project(sc.Assumptions(rmp_per_month=20), 10, None, frame)
    weekly = sc.weekly_spreads()
    table = view.printed_table(projected, weekly, sc.spread_fit(weekly))
    assert table["week"].tolist() == [0, 4, 8, 10]
    assert set(table["spread risk"]) <= {"below the turning range", "inside the turning range",
                                          "above the turning range", "outside the observed range"}


def test_sliders_build_without_a_front_end_with_a_predictable_id(frame):
    pytest.importorskip("ipywidgets")
    import matplotlib

    matplotlib.use("Agg")
    from fedbook.book import scenario_view as view

    fit = sc.spread_fit(sc.weekly_spreads())
    first, second = view.sliders(frame, fit), view.sliders(frame, fit)
    assert first.model_id.startswith("fedbook-scenario-lab-") and first.model_id != second.model_id
    figure = view.slider_figure(frame, fit, frame.index.max(), 40, 1000, 0, 13)
    assert figure.axes[0].get_title(loc="left") == "Your scenario: reserves"
