"""Analysis helpers: levels on dates, changes, monthly paces, the MBS gap, QT caps."""

import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import levels as an
from fedbook.data import events

WEDNESDAYS = pd.date_range("2025-01-01", periods=10, freq="W-WED")


def weekly(values):
    return pd.Series(values, index=WEDNESDAYS[: len(values)], dtype=float, name="x")


def test_level_on_takes_the_last_observation_on_or_before_the_date():
    series = weekly([10, 20, 30])
    assert an.level_on(series, "2025-01-09") == (WEDNESDAYS[1], 20.0)
    assert an.level_on(series, WEDNESDAYS[2]) == (WEDNESDAYS[2], 30.0)
    assert an.level_on(series, None) == (WEDNESDAYS[2], 30.0)


def test_level_on_refuses_dates_before_the_data():
    with pytest.raises(ValueError, match="no observation on or before 2024-12-01"):
        an.level_on(weekly([1, 2]), "2024-12-01")


def test_level_on_refuses_a_value_from_across_a_data_gap():
    mbs = an.mbs_holdings(fb.load("MBST"), fb.load("WSHOMCB"))
    with pytest.raises(ValueError, match="2020-03-11 is 637 days old"):
        an.level_on(mbs, "2020-03-11")
    assert an.level_on(mbs, "2020-03-11", max_gap_days=None)[0] == pd.Timestamp("2018-06-13")


def test_level_on_accepts_event_keys():
    walcl = fb.load("WALCL")
    assert an.level_on(walcl, "walcl_peak")[0] == events.event_date("walcl_peak")


def test_change_between_reports_change_percent_and_pace():
    change = an.change_between(weekly([100, 110, 120, 150]), WEDNESDAYS[0], WEDNESDAYS[3])
    assert change.change == 50 and change.pct == 50
    assert change.per_month == pytest.approx(50 / (21 / (365.25 / 12)))


def test_monthly_changes_leave_out_an_incomplete_last_month():
    dates = pd.to_datetime(["2025-01-29", "2025-02-26", "2025-03-05"])
    series = pd.Series([1.0, 3.0, 4.0], index=dates)
    changes = an.monthly_changes(series)
    assert list(changes.index.strftime("%Y-%m")) == ["2025-02"]
    assert changes.iloc[0] == 2.0


def test_mbs_holdings_keeps_the_2018_2021_gap_empty():
    mbs = an.mbs_holdings(fb.load("MBST"), fb.load("WSHOMCB"))
    gap = mbs.loc["2018-06-14":"2021-05-25"]
    assert len(gap) > 150 and gap.isna().all()
    assert mbs.loc["2018-06-13"] == pytest.approx(fb.load("MBST").iloc[-1])


def test_mbs_holdings_refuses_overlapping_inputs():
    with pytest.raises(ValueError, match="overlap"):
        an.mbs_holdings(weekly([1, 2, 3]), weekly([1, 2]))


def test_caps_by_month_finds_exactly_one_regime_per_qt_month():
    months = pd.date_range("2022-06-30", "2025-11-30", freq="ME")
    caps = an.caps_by_month(events.qt_caps(), months)
    assert caps.loc["2022-06-30", "treasury_cap_bn"] == 30
    assert caps.loc["2023-01-31", "treasury_cap_bn"] == 60
    assert caps.loc["2025-11-30", "treasury_cap_bn"] == 5
    assert (caps["mbs_cap_bn"] <= 35).all()


def test_caps_by_month_refuses_a_month_outside_qt():
    with pytest.raises(ValueError, match="2021-01: 0 cap regimes"):
        an.caps_by_month(events.qt_caps(), pd.DatetimeIndex(["2021-01-31"]))


def test_era_table_uses_levels_on_era_dates():
    walcl = fb.load("WALCL")
    table = an.era_table(walcl)
    qt = table.loc["QT 2022-25"]
    assert qt["from"] == "2022-06-01" and qt["to"] == "2025-11-26"
    assert qt["change"] == pytest.approx(walcl.loc["2025-11-26"] - walcl.loc["2022-06-01"])
    assert (table.loc[["QE2", "QE3", "Pandemic QE"], "change"] > 0).all()
    assert (table.loc[["Run-off 2017-19", "QT 2022-25"], "change"] < 0).all()


def test_computed_walcl_peak_matches_the_dated_event():
    assert an.peak(fb.load("WALCL"))[0] == events.event_date("walcl_peak")


def test_event_table_rows_all_cite_a_source():
    table = events.events()
    assert table["source"].str.startswith("http").all()
    assert table["quality"].str.match(r"^(P|R|W)( \(copy\))?$").all()


def test_unknown_event_key_is_a_clear_error():
    with pytest.raises(KeyError, match="no event 'qe9'"):
        events.event_date("qe9")


def test_sources_table_lists_the_events_by_date_with_their_sources():
    table = events.sources_table(["qt_end", "qe2", "qt_start"])
    assert list(table["date"]) == ["2010-11-03", "2022-06-01", "2025-12-01"]
    assert list(table.columns) == ["date", "label", "quality", "source"]
    assert table["source"].str.startswith("http").all()


def test_bill_purchases_and_rmps_are_not_drawn_as_qe_eras():
    # The book's verdict (RMP chapter) is that reserve-management bill purchases are not QE.
    eras = an.resolve_eras(fb.load("WALCL"))
    assert eras.loc["Bill purchases 2019-20", "direction"] == "reserve management"
    assert eras.loc["Reserve-management purchases", "direction"] == "reserve management"
    assert set(eras.loc[eras["direction"] == "expansion", "short"]) == {"QE1", "QE2", "QE3", "Pandemic QE"}


def test_rate_decisions_taken_with_balance_sheet_news_are_flagged():
    flags = events.rate_decision(["runoff_2019_end", "bills_2019", "covid_qe", "qt_end_decision", "qt_end",
                                  "rmp_decision", "fomc_2026_01"])
    assert flags.to_dict() == {"runoff_2019_end": "cut", "bills_2019": "", "covid_qe": "cut",
                               "qt_end_decision": "cut", "qt_end": "", "rmp_decision": "cut",
                               "fomc_2026_01": "hold"}
