"""T-accounts: double-entry bookkeeping for the Fed, banks, the Treasury, money-market funds and the public.

A `Ledger` holds each institution's assets and its liabilities and capital. An operation is a
list of `Entry` rows (institution, account, change); `Ledger.post` applies it step by step and
refuses, with an error that names the institution and the amounts, any step that

- changes one institution's assets by a different amount than its liabilities and capital
  (`UnbalancedPosting`);
- drives an account below zero where that is impossible, such as the ON RRP (`NegativeBalance`);
- breaks a claim between two institutions: every financial asset is someone else's liability,
  so the Fed's reserve liabilities must equal the banks' reserve assets (`BrokenLink`);
- names an account the institution does not have (`UnknownAccount`: usually a typo).

The starting balances of `starting_ledger()` and the amounts of the operations are
illustrative teaching units, not data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ASSETS = "assets"
LIABILITIES = "liabilities and capital"
SIDES = (ASSETS, LIABILITIES)
TOLERANCE = 1e-9

FED, BANKS, TREASURY, MMFS, PUBLIC = "Fed", "Banks", "Treasury", "MMFs", "Public"
SECURITIES = "Treasury securities"


class PostingError(ValueError):
    """A posting that would leave the accounts inconsistent."""


class UnbalancedPosting(PostingError):
    pass


class NegativeBalance(PostingError):
    pass


class BrokenLink(PostingError):
    pass


class UnknownAccount(PostingError, KeyError):
    def __str__(self) -> str:  # KeyError would print the message in quotes
        return self.args[0]


@dataclass(frozen=True)
class Entry:
    """A change to one account. Positive increases the balance, on either side."""

    institution: str
    account: str
    change: float
    step: str = ""


@dataclass(frozen=True)
class Link:
    """A claim held by others: the issuer's liability equals the sum of the holders' assets."""

    issuer: tuple[str, str]
    holders: tuple[tuple[str, str], ...]


def _fmt(value: float, signed: bool = False) -> str:
    value = value + 0.0  # no "-0"
    text = f"{value:+,.0f}" if signed and round(value) != 0 else f"{value:,.0f}"
    return text.replace("-", "−")  # a true minus sign reads better in tables


class Ledger:
    """Institutions' balance sheets: {institution: {"assets": {...}, "liabilities and capital": {...}}}."""

    def __init__(self, books: dict, links=(), may_be_negative=()):
        self._books = {inst: {side: dict(sides.get(side, {})) for side in SIDES} for inst, sides in books.items()}
        self.links = tuple(links)
        self.may_be_negative = frozenset(may_be_negative)
        for inst, sides in self._books.items():
            shared = set(sides[ASSETS]) & set(sides[LIABILITIES])
            if shared:
                raise ValueError(f"{inst}: account names must be unique, {sorted(shared)} are on both sides")
        self._check_all(step="opening balances")

    # ----- reading ------------------------------------------------------------------------
    @property
    def institutions(self) -> list[str]:
        return list(self._books)

    def side_of(self, institution: str, account: str) -> str:
        if institution not in self._books:
            raise UnknownAccount(f"no institution {institution!r} (known: {', '.join(self._books)})")
        for side in SIDES:
            if account in self._books[institution][side]:
                return side
        known = [a for side in SIDES for a in self._books[institution][side]]
        raise UnknownAccount(f"{institution} has no account {account!r} (known: {', '.join(known)})")

    def balance(self, institution: str, account: str) -> float:
        side = self.side_of(institution, account)
        return self._books[institution][side][account]

    def total(self, institution: str, side: str = ASSETS) -> float:
        return float(sum(self._books[institution][side].values()))

    def accounts(self, institution: str, side: str) -> dict:
        return dict(self._books[institution][side])

    # ----- changing -----------------------------------------------------------------------
    def with_account(self, institution: str, side: str, account: str) -> Ledger:
        """A copy with a new, empty account (opening balance zero keeps the books balanced)."""
        if side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, not {side!r}")
        books = self._copy()
        books.setdefault(institution, {s: {} for s in SIDES})[side].setdefault(account, 0.0)
        return Ledger(books, self.links, self.may_be_negative)

    def post(self, entries) -> Ledger:
        """Apply the entries step by step; return the new, checked ledger (self is unchanged)."""
        books = self._copy()
        for step, step_entries in _by_step(entries).items():
            step = step or "posting"
            for e in step_entries:
                side = self.side_of(e.institution, e.account)
                books[e.institution][side][e.account] += e.change
            _check_step_balanced(self, step, step_entries)
            Ledger._check_books(books, self.links, self.may_be_negative, step)
        return Ledger(books, self.links, self.may_be_negative)

    def _copy(self) -> dict:
        return {inst: {side: dict(accts) for side, accts in sides.items()} for inst, sides in self._books.items()}

    def _check_all(self, step: str) -> None:
        for inst in self._books:
            gap = self.total(inst, ASSETS) - self.total(inst, LIABILITIES)
            if abs(gap) > TOLERANCE:
                raise UnbalancedPosting(f"{step}: {inst} has assets {_fmt(self.total(inst, ASSETS))} but "
                                        f"liabilities and capital {_fmt(self.total(inst, LIABILITIES))} "
                                        f"(imbalance {_fmt(gap, True)})")
        Ledger._check_books(self._books, self.links, self.may_be_negative, step)

    @staticmethod
    def _check_books(books, links, may_be_negative, step) -> None:
        for inst, sides in books.items():
            for side in SIDES:
                for account, value in sides[side].items():
                    if value < -TOLERANCE and (inst, account) not in may_be_negative:
                        raise NegativeBalance(f"{step}: {inst} {account!r} would be {_fmt(value)}; "
                                              f"this account cannot go below zero")
        for link in links:
            issued = _lookup(books, *link.issuer)
            held = sum(_lookup(books, *holder) for holder in link.holders)
            if abs(issued - held) > TOLERANCE:
                holders = " + ".join(f"{i} {a!r}" for i, a in link.holders)
                raise BrokenLink(f"{step}: {link.issuer[0]} {link.issuer[1]!r} is {_fmt(issued)} but {holders} "
                                 f"hold {_fmt(held)}; every claim must be on both balance sheets")

    # ----- showing ------------------------------------------------------------------------
    def t_account(self, institution: str) -> pd.DataFrame:
        """The institution's T-account: assets on the left, liabilities and capital on the right."""
        return _t_table({side: self._books[institution][side] for side in SIDES}, signed=False)

    def t_accounts(self, institutions=None) -> pd.DataFrame:
        """Several T-accounts stacked into one table, one block per institution."""
        return _stack({inst: self.t_account(inst) for inst in institutions or self.institutions})

    def changes_table(self, entries, step: str | None = None) -> pd.DataFrame:
        """T-accounts of the changes an operation makes (net over its steps, or one step)."""
        net = net_changes(entries, step)
        touched = {e.institution for e in entries if step is None or e.step == step}
        blocks = {}
        for inst in [i for i in self.institutions if i in touched]:
            sides = {side: {} for side in SIDES}
            for (i, account), change in net.items():
                if i == inst:
                    sides[self.side_of(inst, account)][account] = change
            blocks[inst] = _t_table(sides, signed=True)
        return _stack(blocks)


def _lookup(books, institution, account) -> float:
    for side in SIDES:
        if account in books[institution][side]:
            return books[institution][side][account]
    raise UnknownAccount(f"{institution} has no account {account!r}")


def _by_step(entries) -> dict:
    steps: dict[str, list[Entry]] = {}
    for e in entries:
        steps.setdefault(e.step, []).append(e)
    return steps


def _check_step_balanced(ledger: Ledger, step: str, entries) -> None:
    for inst in dict.fromkeys(e.institution for e in entries):
        moves = {side: 0.0 for side in SIDES}
        for e in entries:
            if e.institution == inst:
                moves[ledger.side_of(inst, e.account)] += e.change
        gap = moves[ASSETS] - moves[LIABILITIES]
        if abs(gap) > TOLERANCE:
            raise UnbalancedPosting(f"{step}: for {inst}, assets change by {_fmt(moves[ASSETS], True)} but "
                                    f"liabilities and capital by {_fmt(moves[LIABILITIES], True)} "
                                    f"(imbalance {_fmt(gap, True)})")


def net_changes(entries, step: str | None = None) -> dict:
    """{(institution, account): net change}, dropping accounts whose changes cancel out."""
    net: dict[tuple[str, str], float] = {}
    for e in entries:
        if step is None or e.step == step:
            net[(e.institution, e.account)] = net.get((e.institution, e.account), 0.0) + e.change
    return {key: value for key, value in net.items() if abs(value) > TOLERANCE}


def steps(entries) -> list[str]:
    return list(_by_step(entries))


def _t_table(sides: dict, signed: bool) -> pd.DataFrame:
    left, right = list(sides[ASSETS].items()), list(sides[LIABILITIES].items())
    rows = max(len(left), len(right), 1)
    left += [("", None)] * (rows - len(left))
    right += [("", None)] * (rows - len(right))
    if not sides[ASSETS] and not sides[LIABILITIES]:
        left[0] = ("(no net change)", None)
    table = [[la, _cell(lv, signed), ra, _cell(rv, signed)] for (la, lv), (ra, rv) in zip(left, right)]
    table.append(["Total", _fmt(sum(sides[ASSETS].values()), signed),
                  "Total", _fmt(sum(sides[LIABILITIES].values()), signed)])
    columns = pd.MultiIndex.from_product([["Assets", "Liabilities and capital"], ["account", "amount"]])
    return pd.DataFrame(table, columns=columns)


def _cell(value, signed: bool) -> str:
    return "" if value is None else _fmt(value, signed)


def _stack(blocks: dict) -> pd.DataFrame:
    frames = []
    for inst, frame in blocks.items():
        frame = frame.copy()
        frame.index = [inst] + [""] * (len(frame) - 1)
        frames.append(frame)
    return pd.concat(frames)


# ----- the illustrative system ------------------------------------------------------------

# Who holds whose claims. Currency is counted as held by the public (bank vault cash is
# left out to keep the example small).
LINKS = (
    Link((FED, "reserves"), ((BANKS, "reserves"),)),
    Link((FED, "TGA"), ((TREASURY, "TGA"),)),
    Link((FED, "ON RRP"), ((MMFS, "ON RRP"),)),
    Link((FED, "currency"), ((PUBLIC, "currency"),)),
    Link((BANKS, "deposits"), ((PUBLIC, "deposits"),)),
    Link((PUBLIC, "loans"), ((BANKS, "loans"),)),
    Link((MMFS, "shares"), ((PUBLIC, "MMF shares"),)),
    Link((TREASURY, SECURITIES), ((FED, SECURITIES), (BANKS, SECURITIES), (MMFS, SECURITIES), (PUBLIC, SECURITIES))),
)


def starting_ledger() -> Ledger:
    """Five balanced balance sheets in illustrative round units (not data)."""
    books = {
        FED: {ASSETS: {SECURITIES: 1000},
              LIABILITIES: {"reserves": 400, "currency": 300, "TGA": 150, "ON RRP": 100, "capital": 50}},
        BANKS: {ASSETS: {"reserves": 400, SECURITIES: 200, "loans": 900},
                LIABILITIES: {"deposits": 1400, "capital": 100}},
        TREASURY: {ASSETS: {"TGA": 150},
                   LIABILITIES: {SECURITIES: 2000, "net position": -1850}},
        MMFS: {ASSETS: {"ON RRP": 100, SECURITIES: 300},
               LIABILITIES: {"shares": 400}},
        PUBLIC: {ASSETS: {"deposits": 1400, "currency": 300, "MMF shares": 400, SECURITIES: 500},
                 LIABILITIES: {"loans": 900, "net worth": 1700}},
    }
    # The Treasury's net position is its accumulated deficits: negative by nature.
    return Ledger(books, LINKS, may_be_negative={(TREASURY, "net position")})


# ----- the five operations ----------------------------------------------------------------

def _entries(step: str, rows) -> list[Entry]:
    return [Entry(inst, account, change, step) for inst, account, change in rows]


def qe_purchase(amount: float = 100) -> list[Entry]:
    """The Fed buys Treasuries from a dealer and pays by crediting the dealer's bank's reserves."""
    return _entries("Fed buys securities from a dealer", [
        (FED, SECURITIES, amount), (FED, "reserves", amount),
        (BANKS, "reserves", amount), (BANKS, "deposits", amount),
        (PUBLIC, SECURITIES, -amount), (PUBLIC, "deposits", amount),
    ])


def treasury_borrows(amount: float = 100, buyer: str = "public", step: str | None = None) -> list[Entry]:
    """The Treasury sells new securities; the cash lands in its account at the Fed (the TGA).

    buyer="public": households, firms or dealers pay from bank deposits, so reserves fall.
    buyer="mmf": money-market funds pay with cash withdrawn from the ON RRP, so reserves do not move.
    """
    treasury_side = [(TREASURY, "TGA", amount), (TREASURY, SECURITIES, amount), (FED, "TGA", amount)]
    if buyer == "public":
        rows = [(PUBLIC, SECURITIES, amount), (PUBLIC, "deposits", -amount),
                (BANKS, "deposits", -amount), (BANKS, "reserves", -amount), (FED, "reserves", -amount)]
    elif buyer == "mmf":
        rows = [(MMFS, SECURITIES, amount), (MMFS, "ON RRP", -amount), (FED, "ON RRP", -amount)]
    else:
        raise ValueError(f"buyer must be 'public' or 'mmf', not {buyer!r}")
    who = "the public" if buyer == "public" else "money-market funds"
    return _entries(step or f"Treasury sells new securities to {who}", treasury_side + rows)


def qt_runoff(amount: float = 100, refinanced_by: str = "public") -> list[Entry]:
    """A Fed-held security matures and is not rolled over; the Treasury pays from the TGA, then refinances."""
    redemption = _entries("security matures: Treasury pays the Fed from the TGA", [
        (FED, SECURITIES, -amount), (FED, "TGA", -amount),
        (TREASURY, "TGA", -amount), (TREASURY, SECURITIES, -amount),
    ])
    return redemption + treasury_borrows(amount, refinanced_by, step="Treasury refinances by selling new securities")


def tga_rebuild(amount: float = 100, funded_by: str = "public") -> list[Entry]:
    """After a debt-limit episode the Treasury issues bills to rebuild its cash balance at the Fed."""
    return treasury_borrows(amount, funded_by, step="Treasury issues bills to rebuild the TGA")


def rrp_to_bills(amount: float = 100, bills_from: str = "public") -> list[Entry]:
    """Money-market funds take cash out of the ON RRP and buy Treasury bills.

    bills_from="public": they buy existing bills from dealers and others, whose banks receive reserves.
    bills_from="treasury": they buy newly issued bills, and the cash goes to the TGA instead.
    """
    if bills_from == "treasury":
        return treasury_borrows(amount, "mmf", step="MMFs buy new bills from the Treasury")
    if bills_from != "public":
        raise ValueError(f"bills_from must be 'public' or 'treasury', not {bills_from!r}")
    return _entries("MMFs move cash from the ON RRP into bills bought from dealers", [
        (MMFS, "ON RRP", -amount), (MMFS, SECURITIES, amount),
        (FED, "ON RRP", -amount), (FED, "reserves", amount),
        (BANKS, "reserves", amount), (BANKS, "deposits", amount),
        (PUBLIC, SECURITIES, -amount), (PUBLIC, "deposits", amount),
    ])


def currency_growth(amount: float = 100) -> list[Entry]:
    """The public withdraws cash; banks buy the notes from the Fed with reserves."""
    return _entries("public withdraws currency from banks", [
        (PUBLIC, "deposits", -amount), (PUBLIC, "currency", amount),
        (BANKS, "deposits", -amount), (BANKS, "reserves", -amount),
        (FED, "reserves", -amount), (FED, "currency", amount),
    ])


OPERATIONS = {
    "QE purchase from a dealer": qe_purchase,
    "QT run-off, refinanced by the public": qt_runoff,
    "TGA rebuild, bills bought by the public": tga_rebuild,
    "MMFs: ON RRP into bills from dealers": rrp_to_bills,
    "Currency growth": currency_growth,
}

FED_LINES = {"total assets": None, "reserves": "reserves", "TGA": "TGA", "ON RRP": "ON RRP",
             "currency": "currency"}


def fed_changes(entries, ledger: Ledger | None = None) -> pd.Series:
    """Net change in the Fed's total assets and in its main liabilities."""
    ledger = ledger or starting_ledger()
    net = net_changes(entries)
    assets = sum(v for (i, a), v in net.items() if i == FED and ledger.side_of(FED, a) == ASSETS)
    values = {line: (assets if acct is None else net.get((FED, acct), 0.0)) for line, acct in FED_LINES.items()}
    return pd.Series(values, dtype=float) + 0.0  # + 0.0 turns -0.0 into 0.0


def reserves_change(entries) -> float:
    """Net change in reserve balances (the Fed's liability to banks)."""
    return float(net_changes(entries).get((FED, "reserves"), 0.0))


def summary_table(operations: dict) -> pd.DataFrame:
    """One row per operation: what it does to the Fed's balance sheet."""
    return pd.DataFrame({name: fed_changes(entries) for name, entries in operations.items()}).T
