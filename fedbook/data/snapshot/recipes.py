"""Recipes: which raw public copy (or documented splice) becomes each snapshot series.

This is the one place where the book decides *where* each series comes from. The
choices follow ``shared/data/README.md`` ("Recommended" files) and, for the fresher
copies to October 2026, ``shared/data/update-2026-10/README.md``. Values are never typed
here: a recipe only names raw files, columns and the rows to drop (partial bars, a
documented bad first value). ``build.py`` reads the files and checks every splice.

A piece whose file name starts with ``update-2026-10/`` is read from that folder beside
``raw/``; its provenance comes from the folder's ``prov.tsv`` instead of ``inventory.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Units exactly as the publisher states them (FRED's `units` field where it is a FRED series).
USD_MN = "Millions of U.S. Dollars"
USD_BN = "Billions of U.S. Dollars"
USD = "U.S. Dollars"
PERCENT = "Percent"
INDEX = "Index"
USD_PER_COIN = "U.S. Dollars per coin"
USDT_PER_COIN = "Tether (USDT) per coin"
USD_BN_BEA = "Billions of Dollars"  # FRED's units field for GDP (nominal, SAAR)
INDEX_JAN2006 = "Index Jan 2006=100"  # FRED's units field for DTWEXBGS

H41 = "Federal Reserve Board, H.4.1 release, via FRED"
NYFED = "Federal Reserve Bank of New York, via FRED"
FRB_H15 = "Federal Reserve Board, H.15 release, via FRED"

# Commit dates of the source repositories (from shared/data/README.md, "Source repositories").
# "not recorded" upstream is kept as None rather than guessed.
COMMIT_DATES = {
    "benjaminpo/crypto-price": "2022-02-15",
    "chzanotti/liquidez-monitor": "2026-08-08",
    "cool1990/Invest_Dashboard_V2": None,
    "dylanlayden/BTC-ETH-Macro": "2024-02-09",
    "dylanlayden/finance-terminal": "2026-08-21",
    "Gyumin5/MoneyFlow": "2025-09-30",
    "HerbieDB/HerbieDB.github.io": "2023-01-16",
    "Jellydidy/macro-watch": "2026-08-21",
    "jonsflow/risk-divergence": "2026-03-28",
    "jonsflow/risk-model": "2026-08-21",
    "lihaidong43/fed-liquity-monitor": "2025-11-23",
    "rongyouwow-svg/v3-trading-system": "2026-03-19",
    "sivamsapingali/Codex_Macro-Monitor": "2026-01-03",
    "Thecoderstef/Macro-Charts": "2026-07-30",
    "ThisGuyIsNotAJumpingBear/cyptocurrency-backtesting-model": "2021-07-18",
    "zeketests/crypto-daily-prices": "2026-05-01",
}


# The second gathering (shared/data/update-2026-10), read from beside raw/.
UPDATE = "update-2026-10"
UPDATE_PROVENANCE = "prov.tsv"

# Commit dates in the second gathering, by commit. prov.tsv records none; the jonsflow FRED
# cache states fetched_at 2026-10-10 inside the file, so that commit is no older than that.
# Unknown dates stay None rather than guessed.
UPDATE_COMMIT_DATES = {
    "114751070e5636d6fafe3af783935c42c7a07e79": "2026-10-10",
}


def update_file(path: str) -> str:
    """The name a recipe uses for a file of the second gathering."""
    return f"{UPDATE}/{path}"


def is_update_file(raw_file: str) -> bool:
    return raw_file.startswith(UPDATE + "/")


def update_provenance_class(how_obtained: str) -> str:
    """prov.tsv's "how_obtained" reduced to the manifest's provenance classes."""
    text = how_obtained.lower()
    if text.startswith("stitched"):
        return "stitched (byte-copied versions plus one transcribed version)"
    if text.startswith("git show"):
        return "byte copy"
    return "transcribed, not byte-verified"


def provenance_class(raw_file: str) -> str:
    """The provenance classes of shared/data/README.md ("Transformations")."""
    if "__cool1990__" in raw_file:
        return "transcribed, not byte-verified"
    if raw_file.startswith("WTREGEN__chzanotti"):
        return "stitched"
    if raw_file.startswith("COINGECKO_TOP100"):
        return "re-containered"
    is_fred_cache = raw_file.endswith("__jonsflow__risk-model.csv") and not raw_file.startswith(
        ("BTC-USD", "ETH-USD", "SPY", "QQQ")
    )
    return "re-containered" if is_fred_cache else "byte copy"


@dataclass(frozen=True)
class Piece:
    """One raw file's contribution to a snapshot series."""

    file: str
    column: str | None = None  # value column; None = the file's second column
    drop_last_rows: int = 0  # partial last bars
    drop_first_rows: int = 0  # documented bad first values (after empty rows are removed)
    coin_name: str | None = None  # CoinGecko stacked file: exact `name` to keep
    why: str = ""  # why this piece (and its drops) is used
    # The copy before this one was written with this many significant digits: the overlap
    # is compared after rounding this piece to them (exact agreement otherwise).
    compare_at_sig_digits: int | None = None


@dataclass(frozen=True)
class Recipe:
    id: str
    title: str
    units: str
    frequency: str
    basis: str
    publisher: str
    pieces: tuple[Piece, ...]
    group: str
    fred_id: str | None = None  # set when the live path can fetch it from FRED
    notes: tuple[str, ...] = field(default_factory=tuple)
    # The publisher serves only a recent window (FRED's SP500: ten years), so a refresh keeps
    # the snapshot's older history instead of refusing to "lose" it.
    rolling_window: bool = False
    # Dates whose value in the committed snapshot this recipe deliberately replaces (a
    # partial day superseded by the full day), with the reason. Any other difference from
    # the committed snapshot makes the build refuse.
    replaces: tuple[str, ...] = ()
    replaces_why: str = ""


def _fred(id, title, units, frequency, basis, publisher, pieces, group, notes=(), rolling_window=False):
    return Recipe(id, title, units, frequency, basis, publisher, tuple(pieces), group, id, tuple(notes),
                  rolling_window)


_JONSFLOW_TAIL = "jonsflow_rm_2026-10-10/{series}__jonsflow__risk-model__114751_tail.csv"


def _jonsflow_tail(series: str) -> Piece:
    return Piece(update_file(_JONSFLOW_TAIL.format(series=series)),
                 why="second gathering: the same FRED cache at a later commit (to October 2026), transcribed")


def _long_then_fresh(series: str) -> list[Piece]:
    """jonsflow/risk-divergence for history, then jonsflow/risk-model (the README's splice),
    then the same risk-model cache at its October 2026 commit."""
    return [
        Piece(f"{series}__jonsflow__risk-divergence.csv", why="long history (to late March 2026)"),
        Piece(f"{series}__jonsflow__risk-model.csv", why="fresher copy (to August 2026)"),
        _jonsflow_tail(series),
    ]


BALANCE_SHEET = [
    _fred("WALCL", "Total assets of the Federal Reserve", USD_MN, "weekly", "Wednesday level", H41,
          _long_then_fresh("WALCL"), "balance sheet"),
    _fred("TREAST", "Treasury securities held outright (bills, notes, bonds, TIPS)", USD_MN, "weekly",
          "Wednesday level", H41, _long_then_fresh("TREAST"), "balance sheet",
          ["Includes T-bills: no bills-only series (WSHOBL) is in the snapshot."]),
    _fred("WSHOMCB", "Mortgage-backed securities held outright", USD_MN, "weekly", "Wednesday level", H41,
          [Piece("WSHOMCB__jonsflow__risk-model.csv", why="history (to August 2026)"),
           _jonsflow_tail("WSHOMCB")], "balance sheet",
          ["Starts 2021-05-26 in the snapshot. Use MBST for 2002-12-18 to 2018-06-13; "
           "2018-06 to 2021-05 is a gap with no public copy."]),
    _fred("MBST", "Mortgage-backed securities held outright (discontinued series)", USD_MN, "weekly",
          "Wednesday level", H41, [Piece("MBST__jonsflow__risk-divergence.csv", why="the only copy")],
          "balance sheet",
          ["FRED discontinued MBST in 2018 (last value 2018-06-13). It does not overlap WSHOMCB, "
           "so the two cannot be spliced with a check; the book shows the gap."]),
    _fred("WRESBAL", "Reserve balances with Federal Reserve Banks", USD_MN, "weekly",
          "week average (week ending Wednesday)", H41, _long_then_fresh("WRESBAL"), "balance sheet"),
    _fred("WTREGEN", "Treasury General Account (U.S. Treasury deposits at Federal Reserve Banks)", USD_MN,
          "weekly", "week average (week ending Wednesday)", H41,
          [Piece("WTREGEN__lihaidong43__fed-liquity-monitor.csv", why="history (to 2025-11-19)"),
           Piece("WTREGEN__chzanotti__liquidez-monitor.csv", column="WTREGEN",
                 why="fresher copy stitched from 31 versions (to 2026-08-05)")],
          "balance sheet"),
    _fred("WDTGAL", "Treasury General Account, Wednesday level", USD_MN, "weekly", "Wednesday level", H41,
          [Piece("WDTGAL__cool1990__Invest_Dashboard_V2.csv", why="the only Wednesday-level TGA copy")],
          "balance sheet",
          ["Transcribed by hand upstream, not byte-verified; re-verify against FRED with a key "
           "(python -m fedbook refresh)."]),
    _fred("WCURCIR", "Currency in circulation", USD_MN, "weekly", "Wednesday level", H41,
          [Piece("WCURCIR__cool1990__Invest_Dashboard_V2.csv", why="the only copy")], "balance sheet",
          ["Transcribed by hand upstream, not byte-verified; re-verify against FRED with a key."]),
    _fred("RRPONTSYD", "Overnight reverse repurchase agreements (ON RRP), Treasury securities sold",
          USD_BN, "daily", "daily total (business days with operations)", NYFED,
          _long_then_fresh("RRPONTSYD"), "balance sheet",
          ["Published in billions, unlike the H.4.1 series (millions).",
           "Lists only days with operations: sparse before 2013."]),
]

RATES = [
    _fred("SOFR", "Secured Overnight Financing Rate", PERCENT, "daily", "daily (business days)", NYFED,
          _long_then_fresh("SOFR"), "rates", ["Starts 2018-04-03."]),
    _fred("EFFR", "Effective federal funds rate", PERCENT, "daily", "daily (business days)", NYFED,
          _long_then_fresh("EFFR"), "rates"),
    _fred("DFF", "Federal funds effective rate (daily, incl. weekends)", PERCENT, "daily",
          "daily (calendar days)", FRB_H15, [Piece("DFF__dylanlayden__finance-terminal.csv",
                                                   why="long history from 1990")], "rates"),
    _fred("IORB", "Interest rate on reserve balances", PERCENT, "daily", "daily (calendar days)",
          "Federal Reserve Board, via FRED", [Piece("IORB__jonsflow__risk-model.csv", why="history (to August 2026)"), _jonsflow_tail("IORB")],
          "rates", ["Exists only from 2021-07-29 (IOER before, not in the snapshot)."]),
    _fred("DFEDTARU", "Federal funds target range, upper limit", PERCENT, "daily", "daily (calendar days)",
          "Federal Reserve Board, via FRED", [Piece("DFEDTARU__jonsflow__risk-model.csv", why="only copy")],
          "rates", ["From 2021-05-23 only in the snapshot."]),
    _fred("DFEDTARL", "Federal funds target range, lower limit", PERCENT, "daily", "daily (calendar days)",
          "Federal Reserve Board, via FRED", [Piece("DFEDTARL__jonsflow__risk-model.csv", why="only copy")],
          "rates", ["From 2021-05-23 only in the snapshot."]),
    _fred("DGS10", "10-year Treasury constant-maturity yield", PERCENT, "daily", "daily (business days)",
          FRB_H15, [Piece("DGS10__Jellydidy__macro-watch.csv", why="recommended copy"), _jonsflow_tail("DGS10")],
          "rates"),
    _fred("DGS2", "2-year Treasury constant-maturity yield", PERCENT, "daily", "daily (business days)",
          FRB_H15, [Piece("DGS2__Jellydidy__macro-watch.csv", why="recommended copy"),
                    Piece(update_file("cool1990/DGS2__cool1990__Invest_Dashboard_V2__4278ddc7_tail.csv"),
                          why="second gathering (to October 2026), transcribed")], "rates"),
    _fred("T10Y2Y", "10-year minus 2-year Treasury yield spread", "Percent (percentage points)", "daily",
          "daily (business days)", "Federal Reserve Bank of St. Louis, via FRED",
          [Piece("T10Y2Y__Jellydidy__macro-watch.csv", why="recommended copy")], "rates"),
]

MARKETS = [
    _fred("SP500", "S&P 500 index", INDEX, "daily", "daily close (trading days)", "S&P Dow Jones Indices, via FRED",
          [Piece("SP500__sivamsapingali__Codex_Macro-Monitor.csv", why="adds 2016-01-04 to 2016-07-22"),
           Piece("SP500__dylanlayden__finance-terminal.csv", why="fresher copy (to 2026-08-20)"),
           Piece(update_file("cool1990/SP500__cool1990__Invest_Dashboard_V2__68e9e0d8_tail.csv"),
                 why="second gathering (to October 2026), transcribed")],
          "equities", ["FRED publishes only about ten years of SP500, so the series starts in 2016."],
          rolling_window=True),
    _fred("NASDAQCOM", "NASDAQ Composite index", INDEX, "daily", "daily close (trading days)",
          "NASDAQ OMX Group, via FRED",
          [Piece("NASDAQCOM__Jellydidy__macro-watch.csv", why="recommended"),
           Piece(update_file("jellydidy/NASDAQCOM__Jellydidy__macro-watch__02dfd696_tail.csv"),
                 why="same file at a later commit (to September 2026), transcribed")],
          "equities"),
    _fred("VIXCLS", "CBOE Volatility Index (VIX)", INDEX, "daily", "daily close (trading days)",
          "Chicago Board Options Exchange, via FRED",
          [Piece("VIXCLS__jonsflow__risk-model.csv", why="history (to August 2026)"), _jonsflow_tail("VIXCLS")],
          "equities", ["From 2021-05-24 only in the snapshot."]),
    _fred("CBBTCUSD", "Coinbase Bitcoin price (FRED series)", USD_PER_COIN, "daily", "daily close (00:00 UTC)",
          "Coinbase, via FRED",
          [Piece("CBBTCUSD__HerbieDB__HerbieDB.github.io.csv", why="history from 2014-12-01"),
           Piece("CBBTCUSD__dylanlayden__BTC-ETH-Macro.csv", why="fresher copy (to 2024-02-09)")],
          "crypto majors", ["FRED's Coinbase series; the freshest public copy ends 2024-02-09. "
                            "After that the book uses BTC-USD.COINBASE (same venue, different cut)."]),
    _fred("CBETHUSD", "Coinbase Ether price (FRED series)", USD_PER_COIN, "daily", "daily close (00:00 UTC)",
          "Coinbase, via FRED",
          [Piece("CBETHUSD__HerbieDB__HerbieDB.github.io.csv", why="history from 2016-05-18"),
           Piece("CBETHUSD__dylanlayden__BTC-ETH-Macro.csv", why="fresher copy (to 2024-02-09)")],
          "crypto majors", ["Ends 2024-02-09; after that use ETH-USD.COINBASE."]),
]


MACRO = [
    _fred("DTWEXBGS", "Nominal broad U.S. dollar index (goods and services)", INDEX_JAN2006, "daily",
          "daily (business days)", "Federal Reserve Board, H.10 release, via FRED",
          [Piece(update_file("dylanlayden/DTWEXBGS__dylanlayden__finance-terminal.csv"),
                 why="long history from 2006 (to 2026-08-14), byte copy"),
           Piece(update_file("chzanotti/DTWEXBGS__chzanotti__liquidez-monitor__stitched.csv"), column="DTWEXBGS",
                 compare_at_sig_digits=6,
                 why="fresher copy (to 2026-09-04) stitched from 19 versions; 4 decimals, so it is compared "
                     "with the 6-significant-digit history after rounding")],
          "dollar",
          ["Values from 2026-02-17 carry 4 decimals (the stitched copy), earlier ones 6 significant digits.",
           "Weights are trade shares: a broad index, not the ICE DXY that markets quote."]),
    _fred("GDP", "Gross domestic product (nominal)", USD_BN_BEA, "quarterly",
          "seasonally adjusted annual rate; dated at the first day of the quarter",
          "U.S. Bureau of Economic Analysis, via FRED",
          [Piece(update_file("cool1990/GDP__cool1990__Invest_Dashboard__443941aa.csv"),
                 why="the only copy; transcribed and not cross-checked against a second source")],
          "macro",
          ["Transcribed from a public copy, one source only: re-verify against FRED with a key.",
           "BEA revises GDP: the values are one vintage (to 2026-Q2), not real-time data."]),
]


_PARTIAL_DAY = ("the first gathering copied the file at 22:19 UTC on 2026-08-21, so its last row was a "
                "partial day; the later copy's full-day close replaces it")


def _coinbase(coin: str, name: str, tail_commit: str = "09f8b156") -> Recipe:
    tail = f"dylanlayden/{coin}-USD_COINBASE__dylanlayden__finance-terminal__{tail_commit}_tail.csv"
    return Recipe(f"{coin}-USD.COINBASE", f"{name} price, Coinbase Exchange daily close", USD_PER_COIN, "daily",
                  "daily close (00:00 UTC candle)", "Coinbase Exchange",
                  (Piece(f"{coin}-USD_COINBASE__dylanlayden__finance-terminal.csv", drop_last_rows=1,
                         why="daily close to 2026-08-20; the last row (2026-08-21) was a partial day"),
                   Piece(update_file(tail), drop_last_rows=1,
                         why="same file at a later commit, transcribed; its last row (2026-09-25) may be a "
                             "partial day in the same way and is dropped")),
                  "crypto majors",
                  notes=("Written upstream with 6 significant digits (BTC above 100,000 rounds to whole dollars).",
                         "Same venue as FRED's CB*USD series but a different cut: median gap 0.05-0.07%."),
                  replaces=("2026-08-21",), replaces_why=_PARTIAL_DAY)


def _yahoo(coin: str, name: str, file: str, column: str, drop_last: int, why: str, notes=()) -> Recipe:
    return Recipe(f"{coin}-USD.YAHOO", f"{name} price, Yahoo Finance daily close", USD_PER_COIN, "daily",
                  "daily close (UTC day bar)", "Yahoo Finance",
                  (Piece(file, column=column, drop_last_rows=drop_last, why=why),), "crypto", notes=tuple(notes))


def _binance(coin: str, name: str) -> Recipe:
    return Recipe(f"{coin}-USDT.BINANCE", f"{name} price in USDT, Binance spot daily close", USDT_PER_COIN,
                  "daily", "daily close (00:00-24:00 UTC bar)", "Binance",
                  (Piece(f"{coin}USDT_1d__rongyouwow-svg__v3-trading-system.csv", column="close",
                         drop_last_rows=1, why="last row is a partial day and is dropped"),),
                  "crypto", notes=("Quoted in USDT, not USD.",))


def _coingecko(coin: str, name: str) -> Recipe:
    return Recipe(f"{coin}-USD.COINGECKO", f"{name} price, CoinGecko spot snapshot", USD_PER_COIN, "irregular",
                  "spot snapshot at about 09:30 UTC (not a close)", "CoinGecko (top-100 daily files)",
                  (Piece("COINGECKO_TOP100_DAILY_SNAPSHOTS__zeketests__crypto-daily-prices.csv", column="price",
                         coin_name=name, why="only source covering December 2025 for most alt-coins"),),
                  "crypto", notes=("Irregular sampling (weekdays only in some weeks, weekly from 2026-04-17).",
                                   "A snapshot, not a close: mixing it with 00:00 UTC closes can shift a move by a day."))


_GYUMIN = "Yahoo Adj_Close; the file's last row (2025-09-30, the commit day) may be partial and is dropped"
_BENJ = "Yahoo Close; last row (2022-02-14) is partial and is dropped"

CRYPTO = [
    _coinbase("BTC", "Bitcoin"),
    _coinbase("ETH", "Ether"),
    _yahoo("BTC", "Bitcoin", "BTC-USD__jonsflow__risk-model.csv", "Close", 1,
           "Yahoo Close from 2014; last row (2026-06-05) may be partial and is dropped"),
    _yahoo("ETH", "Ether", "ETH-USD__jonsflow__risk-model.csv", "Close", 1,
           "Yahoo Close from 2017; last row (2026-06-05) may be partial and is dropped"),
    *[_yahoo(c, n, f"{c}-USD__Gyumin5__MoneyFlow.csv", "Adj_Close", 1, _GYUMIN)
      for c, n in [("SOL", "Solana"), ("ADA", "Cardano"), ("AVAX", "Avalanche"), ("XRP", "XRP"),
                   ("DOGE", "Dogecoin"), ("LINK", "Chainlink")]],
    Recipe("AAVE-USD.YAHOO", "Aave price, Yahoo Finance daily close", USD_PER_COIN, "daily",
           "daily close (UTC day bar)", "Yahoo Finance",
           (Piece("AAVE-USD__benjaminpo__crypto-price.csv", column="Close", drop_last_rows=1, drop_first_rows=1,
                  why=_BENJ + "; first value (2020-10-02) is ~100x below the next day (pre-migration LEND) "
                  "and is dropped"),), "crypto"),
    Recipe("COMP-USD.YAHOO", "Compound price, Yahoo Finance daily close (ticker COMP1-USD)", USD_PER_COIN,
           "daily", "daily close (UTC day bar)", "Yahoo Finance",
           (Piece("COMP1-USD__benjaminpo__crypto-price.csv", column="Close", drop_last_rows=1, why=_BENJ),),
           "crypto", notes=("No COMP data after 2022-02-14 in any public copy used here.",)),
    Recipe("MKR-USD.YAHOO", "Maker price, Yahoo Finance daily close", USD_PER_COIN, "daily",
           "daily close (UTC day bar)", "Yahoo Finance",
           (Piece("MKR-USD__benjaminpo__crypto-price.csv", column="Close", drop_last_rows=1, why=_BENJ),),
           "crypto", notes=("Ends 2022-02-14. SKY (2025-26) is a different token, not a continuation.",)),
    *[_binance(c, n) for c, n in [
        ("BTC", "Bitcoin"), ("ETH", "Ether"), ("SOL", "Solana"), ("ADA", "Cardano"), ("AVAX", "Avalanche"),
        ("XRP", "XRP"), ("BNB", "BNB"), ("TRX", "TRON"), ("SUI", "Sui"), ("DOGE", "Dogecoin"),
        ("PEPE", "Pepe"), ("LINK", "Chainlink"), ("UNI", "Uniswap"), ("AAVE", "Aave")]],
    *[_coingecko(c, n) for c, n in [
        ("BTC", "Bitcoin"), ("ETH", "Ethereum"), ("SOL", "Solana"), ("ADA", "Cardano"), ("AVAX", "Avalanche"),
        ("XRP", "XRP"), ("BNB", "BNB"), ("TRX", "TRON"), ("SUI", "Sui"), ("DOGE", "Dogecoin"),
        ("SHIB", "Shiba Inu"), ("PEPE", "Pepe"), ("LINK", "Chainlink"), ("UNI", "Uniswap"), ("AAVE", "Aave"),
        ("USDT", "Tether"), ("USDC", "USDC")]],
    Recipe("STABLECOINS.DEFILLAMA", "Total supply of USD-pegged stablecoins", USD, "daily", "daily total",
           "DefiLlama", (Piece("STABLECOIN_SUPPLY_TOTAL_DEFILLAMA__dylanlayden__finance-terminal.csv",
                               why="one version for the whole series (to 2026-08-21)"),), "crypto liquidity",
           notes=("A total only: no USDT/USDC split.",
                  "Not extended with the September 2026 copy: DefiLlama revised its history (about 0.08% "
                  "lower on every overlapping day), and versions are never spliced.",
                  "Pre-2020 values look incomplete (about $0.11M at end-2017): start analyses in 2020 or later.")),
    Recipe("DEFI_TVL.DEFILLAMA", "DeFi total value locked, all chains", USD, "daily", "daily total", "DefiLlama",
           (Piece("DEFI_TVL_DEFILLAMA__dylanlayden__finance-terminal.csv", why="the only copy"),),
           "crypto liquidity", notes=("Starts at 0 in 2017 (DefiLlama backfill).",)),
]

RECIPES: tuple[Recipe, ...] = tuple(BALANCE_SHEET + RATES + MARKETS + MACRO + CRYPTO)
