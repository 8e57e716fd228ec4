"""The broad dollar index around balance-sheet decisions: announcement-window changes, and how
they compare with ordinary windows of the same length.

Units and basis: ``DTWEXBGS`` is the Federal Reserve Board's nominal broad dollar index (goods
and services), an index with January 2006 = 100, daily on business days; a rise is a stronger
dollar. Its values are noon buying rates in New York, so a decision released at 14:00 ET on day
D first shows in D+1's value: a window from the business day before D to the business day
after it is the shortest that contains the news. Changes here are in percent of the index.

What the data cannot separate: a balance-sheet decision is released with a rate decision, a
statement and (usually) a press conference, and on some days with other central banks' news
and data releases; a window measures all of it together. The few QT decisions are mostly
anticipated (plans are signalled in minutes and speeches), so the news on the day is whatever
the market had not yet priced. With four events, a share of "right-signed" moves is a
description, not a test; the comparison with every ordinary window of the same length says
how large a move has to be before it stands out from daily noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def change_around(series: pd.Series, day, after: int = 1, percent: bool = True) -> float:
    """Change from the last observation before `day` to the `after`-th observation after it.

    `percent=True` gives the percentage change (index levels), False the change in the
    series' own unit (yields in percentage points).
    """
    day = pd.Timestamp(day)
    values = series.dropna()
    before = values.loc[:day - pd.Timedelta(days=1)]
    later = values.loc[day + pd.Timedelta(days=1):]
    if before.empty or len(later) < after:
        raise ValueError(f"{series.name}: no data on both sides of {day:%Y-%m-%d} for a window of {after} after")
    start, end = float(before.iloc[-1]), float(later.iloc[after - 1])
    return 100.0 * (end / start - 1.0) if percent else end - start


def announcement_moves(series: pd.Series, news: dict, windows=(1, 5)) -> pd.DataFrame:
    """One row per announcement: its date, the sign of the news (+1 tightening, -1 easing) and
    the percentage change over each window (observations after the day), with whether the
    move has the sign a "QT pushes up the dollar" claim predicts."""
    rows = []
    for day, sign in news.items():
        row = {"date": pd.Timestamp(day), "news": "tightening" if sign > 0 else "easing", "sign": sign}
        for after in windows:
            move = change_around(series, day, after)
            row[f"[-1,+{after}] %"] = move
            row[f"[-1,+{after}] as claimed"] = bool(np.sign(move) == sign)
        rows.append(row)
    return pd.DataFrame(rows)


def ordinary_window_moves(series: pd.Series, after: int = 1) -> pd.Series:
    """Percentage change over every window of the same shape (the observation before a day to
    the `after`-th after it), on every business day in the series: the background noise."""
    values = series.dropna()
    return 100.0 * (values.shift(-(after + 1)) / values - 1.0).dropna()


def share_of_ordinary_at_least(series: pd.Series, move: float, after: int = 1) -> float:
    """Share of ordinary windows whose absolute move is at least |move| (1 = utterly ordinary)."""
    ordinary = ordinary_window_moves(series, after).abs()
    return float((ordinary >= abs(move)).mean())
