"""The claims ledger: popular claims about QT, "hidden QE" and crypto, each judged by explicit rules.

What belongs here: one module per topic (``balance_sheet``, ``money_markets``, ``markets``,
``crypto_events``, ``cycles``, ``strategy_claims``), each claim a small function that measures
something on the snapshot (or reads a dated, sourced fact from ``data/events.csv`` /
``data/policy_amounts.csv``) and returns a :class:`~fedbook.claims.rules.ClaimResult`; the
verdict rules and named tolerances (``rules``); the shared windows and measurements
(``measures``); and the ledger tables (``ledger``). The verdict is never typed in: it comes
from the rules, with every threshold a named constant, so a data refresh re-judges every
claim; ``tests/test_claims.py`` pins the verdicts so a flip is noticed and explained.
This subpackage may import ``fedbook.analysis`` and ``fedbook.data``; nothing imports it but
the chapter and the tests.

Conventions: money in billions of USD (``fb.load`` converts the H.4.1 series from
millions; ``RRPONTSYD`` is published in billions), rates in percent, prices in USD (or
USDT for Binance files) per coin. Balance-sheet levels are Wednesday levels; crypto
closes are 00:00 UTC daily bars unless a CoinGecko spot snapshot (about 09:30 UTC) is named.
"""

from . import rules
from .balance_sheet import *  # noqa: F401,F403  the chapter reaches every claim as ``cl.claim_…``
from .crypto_events import *  # noqa: F401,F403
from .cycles import *  # noqa: F401,F403
from . import editions  # noqa: F401  the chapter's "what changed" note
from .ledger import *  # noqa: F401,F403
from .markets import *  # noqa: F401,F403
from .measures import *  # noqa: F401,F403
from .money_markets import *  # noqa: F401,F403
from .rules import *  # noqa: F401,F403
from .strategy_claims import *  # noqa: F401,F403


def __getattr__(name: str):
    """Tolerances are read live from ``rules``, so ``cl.LEVEL_TOL`` follows ``cl.tolerances(...)``."""
    if name in rules.TOLERANCES:
        return getattr(rules, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
