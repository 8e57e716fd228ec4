"""What changed since the last edition (discipline 5): the previous edition's verdicts, and a
reason for every verdict that differs now.

The previous edition is the book as built on the snapshot of 2026-08-19 (Fed data to that
Wednesday), before the verdict disciplines of ``rules`` were written down. ``changes`` lists
every claim whose verdict differs from it with the reason recorded here; a change without a
reason is an error, so a verdict can never move silently.
"""

from __future__ import annotations

import pandas as pd

from .rules import CONTRADICTED as C
from .rules import NOT_TESTABLE as N
from .rules import PARTLY as P
from .rules import SUPPORTED as S
from .rules import ClaimResult

__all__ = ["PREVIOUS_EDITION", "PREVIOUS_VERDICTS", "REASONS", "changes", "unexplained"]

PREVIOUS_EDITION = "the edition built on the snapshot of 2026-08-19"

PREVIOUS_VERDICTS = {
    "1": P, "2a": S, "2b": S, "2c": S, "3": C, "4": P, "5": N, "6": S, "7": C, "8a": S, "8b": S, "9": P,
    "10": P, "11": N, "12": N, "13a": P, "13b": P, "14a": C, "14b": S, "14c": P, "14d": S, "15": C,
    "16a": S, "16b": N, "17a": C, "17b": N, "18a": C, "18b": N, "19": N, "20": P, "21a": C, "21b": P,
}

REASONS = {
    "11": "Discipline 4: dated standing-repo take-ups on file (P or R sources) bound the rank even without the "
          "RPONTSYD series; by the end of the articles' window at least four larger operations are on file, so "
          "'second largest since COVID' is impossible.",
    "17b": "The broad dollar index (DTWEXBGS) is now in the snapshot: in the QT announcement windows of 17a the "
           "dollar moved the claimed way in only half of the events, under both windows.",
    "18a": "Discipline 3: the Fed's dated statements give its criterion in other terms but none states that a "
           "reserves-to-GDP level plays no part; absence of a statement is not a contradiction.",
    "18b": "Nominal GDP is now in the snapshot: reserves in the last week of run-off were inside 8-10% of GDP "
           "under both definitions of GDP known by the articles' window.",
}


def changes(results: dict[str, ClaimResult]) -> pd.DataFrame:
    """Claims whose verdict differs from the previous edition, with the recorded reason."""
    rows = [{"claim": k, "previous edition": PREVIOUS_VERDICTS.get(k, "(new claim)"), "now": r.verdict,
             "reason": REASONS.get(k, "")}
            for k, r in results.items() if PREVIOUS_VERDICTS.get(k) != r.verdict]
    return pd.DataFrame(rows, columns=["claim", "previous edition", "now", "reason"]).set_index("claim")


def unexplained(results: dict[str, ClaimResult]) -> list[str]:
    """Changed verdicts without a reason, and reasons kept for verdicts that did not change."""
    changed = set(changes(results).index)
    return sorted((changed - set(REASONS)) | (set(REASONS) - changed))
