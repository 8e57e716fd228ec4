"""The snapshot extended to October 2026 from shared/data/update-2026-10 (issue 8).

Pins where each fresher copy is spliced in and that it agrees with the copies before it,
the replaced partial crypto day, the unspliced stablecoin history, the two new series,
and the build's refusals on bad input (nothing written).
"""

import shutil

import pandas as pd
import pytest
from conftest import SHARED_RAW

import fedbook as fb
from fedbook.__main__ import main
from fedbook.data import store, units
from fedbook.data.snapshot import build, rawread
from fedbook.data.snapshot.recipes import RECIPES, Piece, update_file

UPDATE_DIR = SHARED_RAW.parent / "update-2026-10"
needs_update = pytest.mark.skipif(not UPDATE_DIR.is_dir(), reason="../shared/data/update-2026-10 not present")


def entry(series_id: str) -> dict:
    return store.read_manifest(store.REPO_DATA_DIR)["series"][series_id]


# (series, fresher file's first date = switch date, overlap rows, overlap first, overlap last)
UPDATE_SPLICES = [
    ("WALCL", "2025-08-20", 53, "2025-08-20", "2026-08-19"),
    ("TREAST", "2025-08-20", 53, "2025-08-20", "2026-08-19"),
    ("WRESBAL", "2025-08-20", 53, "2025-08-20", "2026-08-19"),
    ("WSHOMCB", "2024-12-11", 89, "2024-12-11", "2026-08-19"),
    ("RRPONTSYD", "2026-05-22", 63, "2026-05-22", "2026-08-21"),
    ("SOFR", "2026-06-09", 51, "2026-06-09", "2026-08-20"),
    ("EFFR", "2026-07-31", 15, "2026-07-31", "2026-08-20"),
    ("IORB", "2026-07-27", 26, "2026-07-27", "2026-08-21"),
    ("DGS10", "2026-06-29", 38, "2026-06-29", "2026-08-20"),
    ("DGS2", "2026-05-12", 70, "2026-05-12", "2026-08-20"),
    ("SP500", "2026-04-13", 91, "2026-04-13", "2026-08-20"),
    ("NASDAQCOM", "2026-08-17", 4, "2026-08-17", "2026-08-20"),
    ("VIXCLS", "2026-07-09", 31, "2026-07-09", "2026-08-20"),
    ("BTC-USD.COINBASE", "2026-08-06", 15, "2026-08-06", "2026-08-20"),
    ("ETH-USD.COINBASE", "2026-08-04", 17, "2026-08-04", "2026-08-20"),
]


@pytest.mark.parametrize("sid, switch, rows, first, last", UPDATE_SPLICES)
def test_the_october_copies_are_spliced_where_they_overlap_and_agree_exactly(sid, switch, rows, first, last):
    splice = entry(sid)["splice"][-1]
    assert splice["fresh_file"].startswith("update-2026-10/"), sid
    assert (splice["switch_date"], splice["overlap_rows"]) == (switch, rows)
    assert (splice["overlap_first"], splice["overlap_last"]) == (first, last)
    assert splice["overlap_max_rel_diff"] == 0.0 and splice["compared_at_sig_digits"] is None


def test_fed_series_reach_october_2026():
    for sid in ["WALCL", "TREAST", "WSHOMCB", "WRESBAL"]:
        assert entry(sid)["last"] == "2026-10-07", sid
    assert entry("RRPONTSYD")["last"] == "2026-10-09"
    assert entry("IORB")["last"] == "2026-10-13"


def test_the_september_rate_rise_is_in_the_data():
    iorb = fb.load("IORB")
    assert iorb["2026-09-16"] == pytest.approx(3.65) and iorb["2026-09-17"] == pytest.approx(3.90)


def test_partial_crypto_day_is_replaced_and_the_new_last_day_dropped():
    for sid, full_day in [("BTC-USD.COINBASE", 78325.5), ("ETH-USD.COINBASE", 2515.8)]:
        meta = entry(sid)
        assert meta["sources"][0]["dropped_last"] == ["2026-08-21"]  # the 22:19 UTC copy
        assert meta["sources"][1]["dropped_last"] == ["2026-09-25"]  # may be partial too
        assert meta["replaces"]["dates"] == ["2026-08-21"] and "partial" in meta["replaces"]["why"]
        values = fb.data.load_published(sid)
        assert values["2026-08-21"] == full_day and values.index[-1] == pd.Timestamp("2026-09-24")


def test_stablecoin_supply_is_one_version_never_spliced():
    meta = entry("STABLECOINS.DEFILLAMA")
    assert len(meta["sources"]) == 1 and not meta["splice"]
    assert meta["last"] == "2026-08-21"


@needs_update
def test_the_revised_stablecoin_history_would_be_refused_as_a_splice():
    old, _ = rawread.read_piece(SHARED_RAW, Piece("STABLECOIN_SUPPLY_TOTAL_DEFILLAMA__dylanlayden__finance-terminal.csv"))
    new, _ = rawread.read_piece(SHARED_RAW, Piece(update_file(
        "dylanlayden/STABLECOIN_SUPPLY_TOTAL_DEFILLAMA__dylanlayden__finance-terminal__09f8b156_tail.csv")))
    with pytest.raises(rawread.RawFormatError, match="disagrees with the copy before it"):
        rawread.splice(old, new, fresh_name="revised stablecoin copy")


def test_dollar_index_is_in_the_snapshot_with_its_rounding_checked_splice():
    meta = entry("DTWEXBGS")
    assert meta["units"] == "Index Jan 2006=100" and meta["frequency"] == "daily"
    assert [s["provenance"] for s in meta["sources"]] == [
        "byte copy", "stitched (byte-copied versions plus one transcribed version)"]
    (splice,) = meta["splice"]
    assert splice["compared_at_sig_digits"] == 6 and splice["switch_date"] == "2026-02-17"
    assert splice["overlap_rows"] == 126
    # Half a unit in the 6th significant digit of a value near 120 is 0.0005: relative 4.2e-6.
    assert 0 < splice["overlap_max_rel_diff"] < 0.0005 / 115
    assert (meta["first"], meta["last"]) == ("2006-01-02", "2026-09-04")
    assert fb.load("DTWEXBGS")["2006-01-02"] == pytest.approx(101.415)


def test_gdp_is_nominal_quarterly_saar_in_billions_and_marked_transcribed():
    meta = entry("GDP")
    assert meta["units"] == "Billions of Dollars" and meta["book_unit"] == units.BOOK_MONEY_UNIT
    assert meta["scale_to_book"] == 1.0 and meta["frequency"] == "quarterly"
    assert "seasonally adjusted annual rate" in meta["basis"]
    assert meta["sources"][0]["provenance"] == "transcribed, not byte-verified"
    gdp = fb.load("GDP")
    assert (gdp.index[0], gdp.index[-1]) == (pd.Timestamp("1947-01-01"), pd.Timestamp("2026-04-01"))
    assert gdp["2026-04-01"] == pytest.approx(32563.03)  # billions, as published


def test_gdp_units_scale_is_explicit():
    assert units.scale_to_book("Billions of Dollars") == 1.0
    assert units.short_label("Index Jan 2006=100") == "index (Jan 2006 = 100)"


def test_unit_families_catch_a_millions_billions_mixup():
    assert build.unit_family("USD millions, Wednesday level") == build.unit_family("Millions of U.S. Dollars")
    assert build.unit_family("USD billions, daily") != build.unit_family("Millions of U.S. Dollars")


def test_rounding_tolerance_is_half_a_unit_in_the_last_place():
    history = pd.Series([118.123, 0.0123457], index=pd.to_datetime(["2026-01-01", "2026-01-02"]))
    close = pd.Series([118.1234, 0.01234566], index=history.index)
    rawread.splice(history, close, sig_digits=6)
    off = pd.Series([118.1236, 0.01234566], index=history.index)
    with pytest.raises(rawread.RawFormatError, match="on 2026-01-01: 118.123 vs 118.1236"):
        rawread.splice(history, off, sig_digits=6)


# -- bad input: build-snapshot refuses, names the file, date and values, writes nothing -----------

@pytest.fixture
def shared_copy(tmp_path, data_copy):
    """A writable copy of shared/data (raw + update) and of data/ (FEDBOOK_DATA_DIR)."""
    if not UPDATE_DIR.is_dir():
        pytest.skip("../shared/data/update-2026-10 not present")
    target = tmp_path / "shared"
    shutil.copytree(SHARED_RAW.parent, target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def snapshot_hashes(base) -> dict:
    return {p.name: store.sha256_file(p) for p in (base / "snapshot").rglob("*") if p.is_file()}


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def build_refuses(capsys, shared, data_copy) -> str:
    before = snapshot_hashes(data_copy)
    assert main(["build-snapshot", "--raw", str(shared / "raw")]) == 2
    assert snapshot_hashes(data_copy) == before and not list(data_copy.glob(".snapshot-new-*"))
    message = capsys.readouterr().err
    assert message.count("\n") == 1, message  # one clear line
    return message


def test_build_refuses_a_fresher_copy_that_disagrees_on_the_overlap(shared_copy, data_copy, capsys):
    tail = shared_copy / "update-2026-10" / "jonsflow_rm_2026-10-10" / "WALCL__jonsflow__risk-model__114751_tail.csv"
    replace_in(tail, "2025-08-27,6603384.0", "2025-08-27,6603385.0")
    message = build_refuses(capsys, shared_copy, data_copy)
    assert "WALCL__jonsflow__risk-model__114751_tail.csv" in message
    assert "2025-08-27: 6603384.0 vs 6603385.0" in message


def test_build_refuses_a_file_whose_stated_units_differ(shared_copy, data_copy, capsys):
    prov = shared_copy / "update-2026-10" / "prov.tsv"
    text = prov.read_text().splitlines(keepends=True)
    line = next(i for i, row in enumerate(text) if row.startswith("WRESBAL\t"))
    text[line] = text[line].replace("USD millions, week average", "USD billions, week average")
    prov.write_text("".join(text))
    message = build_refuses(capsys, shared_copy, data_copy)
    assert "WRESBAL__jonsflow__risk-model__114751_tail.csv: units 'USD billions, week average' differ" in message


def test_build_refuses_to_change_a_committed_value(shared_copy, data_copy, capsys):
    # Before 2021-05-26 WALCL comes from risk-divergence alone, so no splice can catch this:
    # only the comparison with the committed snapshot does.
    history = shared_copy / "raw" / "WALCL__jonsflow__risk-divergence.csv"
    committed = fb.data.load_published("WALCL")["2010-01-06"]
    assert f"2010-01-06,{committed:.1f}" in history.read_text()
    replace_in(history, f"2010-01-06,{committed:.1f}", f"2010-01-06,{committed + 1:.1f}")
    message = build_refuses(capsys, shared_copy, data_copy)
    assert "WALCL: the raw copies disagree with the committed snapshot (series/WALCL.csv)" in message
    assert f"2010-01-06: snapshot {committed} vs raw {committed + 1}" in message
