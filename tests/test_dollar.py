"""fedbook.analysis.dollar: announcement windows on the broad dollar index (DTWEXBGS)."""

import pandas as pd
import pytest

import fedbook as fb
from fedbook.analysis import dollar

DAYS = pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-05", "2024-01-08", "2024-01-09"])
INDEX = pd.Series([100.0, 101.0, 102.0, 99.0, 98.0], index=DAYS, name="TEST")  # logic input only


def test_change_around_spans_the_day_before_to_the_nth_observation_after():
    # Decision on 2024-01-04 (no observation that day): from 01-03 (101) to 01-05 (102) and 01-09 (98).
    assert dollar.change_around(INDEX, "2024-01-04", 1) == pytest.approx(100 * (102 / 101 - 1))
    assert dollar.change_around(INDEX, "2024-01-04", 3) == pytest.approx(100 * (98 / 101 - 1))
    assert dollar.change_around(INDEX, "2024-01-04", 1, percent=False) == pytest.approx(1.0)


def test_change_around_refuses_a_window_beyond_the_data():
    with pytest.raises(ValueError, match="2024-01-08"):
        dollar.change_around(INDEX, "2024-01-08", 2)


def test_announcement_moves_mark_the_claimed_direction():
    table = dollar.announcement_moves(INDEX, {"2024-01-04": +1, "2024-01-03": -1}, windows=(1,))
    assert list(table["[-1,+1] as claimed"]) == [True, False]  # +1.0% on tightening; +2.0% on easing


def test_ordinary_windows_and_the_share_at_least_as_large():
    moves = dollar.ordinary_window_moves(INDEX, after=1)
    assert len(moves) == len(INDEX) - 2
    assert dollar.share_of_ordinary_at_least(INDEX, 0.0) == 1.0


def test_the_dollar_index_is_loaded_as_an_index_level():
    info = fb.info("DTWEXBGS")
    assert info.unit == "Index Jan 2006=100" and 80 < fb.load("DTWEXBGS").median() < 140
