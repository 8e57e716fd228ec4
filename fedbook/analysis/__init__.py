"""Analysis: the economics each chapter computes, as small functions tested on their own.

What belongs here: levels and changes on dates (``levels``), the balance-sheet identity and
T-accounts (``identity``, ``taccounts``), reserve-management purchases (``rmp``), money
markets (``moneymarkets``), net liquidity and correlation studies (``liquidity``,
``correlation``), returns and drawdowns (``returns``), crypto baskets and event studies
(``crypto``, ``eventstudy``), the dollar around balance-sheet decisions (``dollar``) and
strategy simulations (``strategies``). Modules here may
import ``fedbook.data`` and each other, never ``fedbook.claims`` or ``fedbook.book``: they
return numbers and tables, and leave verdicts and pages to the layers above.
"""
