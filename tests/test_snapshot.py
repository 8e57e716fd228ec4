"""The embedded snapshot: manifest, integrity checks and clear errors for bad files."""

import json

import pandas as pd
import pytest
from conftest import SHARED_RAW

import fedbook as fb
from fedbook.data import store
from fedbook.data.snapshot import rawread
from fedbook.data.snapshot.recipes import RECIPES, Piece

REQUIRED_SOURCE_FIELDS = {"repository", "path", "commit", "raw_file", "raw_sha256", "provenance"}


def test_manifest_describes_every_series_fully():
    manifest = store.read_manifest()
    assert set(manifest["series"]) == {r.id for r in RECIPES}
    for sid, entry in manifest["series"].items():
        assert entry["rows"] > 0 and entry["first"] <= entry["last"], sid
        assert entry["basis"] and entry["frequency"] and entry["publisher"], sid
        for source in entry["sources"]:
            assert REQUIRED_SOURCE_FIELDS <= set(source), sid
            assert len(source["commit"]) == 40, sid


def test_every_snapshot_file_matches_its_manifest_hash():
    for sid in fb.series_ids():
        values = fb.data.load_published(sid)
        assert values.index.is_monotonic_increasing and not values.isna().any(), sid


def test_spliced_series_record_their_checked_overlap():
    spliced = {sid: e["splice"] for sid, e in store.read_manifest()["series"].items() if e["splice"]}
    assert {"WALCL", "TREAST", "WRESBAL", "RRPONTSYD", "SOFR", "EFFR", "SP500", "WTREGEN"} <= set(spliced)
    for sid, splices in spliced.items():
        for splice in splices:
            exact = splice["compared_at_sig_digits"] is None
            assert splice["overlap_rows"] > 0, sid
            assert splice["overlap_max_rel_diff"] == 0.0 or not exact, sid


def test_a_tampered_file_is_refused_with_its_name(data_copy):
    path = data_copy / "snapshot" / "series" / "WALCL.csv"
    path.write_text(path.read_text().replace("8965487.0", "9965487.0"))
    with pytest.raises(store.SnapshotError, match=r"WALCL\.csv does not match its manifest"):
        fb.load("WALCL")


def test_a_truncated_file_is_refused(data_copy):
    path = data_copy / "snapshot" / "series" / "RRPONTSYD.csv"
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(store.SnapshotError, match="RRPONTSYD.csv"):
        fb.load("RRPONTSYD")


def test_a_missing_file_is_refused(data_copy):
    (data_copy / "snapshot" / "series" / "SOFR.csv").unlink()
    with pytest.raises(store.SnapshotError, match="SOFR.csv is missing"):
        fb.load("SOFR")


def test_a_malformed_file_is_refused_even_with_a_matching_hash(data_copy):
    path = data_copy / "snapshot" / "series" / "IORB.csv"
    path.write_text("date,value\n2025-01-02,4.4\n2025-01-01,4.4\n")
    manifest_path = data_copy / "snapshot" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["series"]["IORB"]["sha256"] = store.sha256_file(path)
    store.write_manifest(manifest_path.parent, manifest)  # a tamper that even updates the seal
    with pytest.raises(store.SnapshotError, match="IORB.csv is malformed: dates are not strictly increasing"):
        fb.load("IORB")


def test_a_corrupt_manifest_is_refused(data_copy):
    (data_copy / "snapshot" / "manifest.json").write_text("{not json")
    with pytest.raises(store.SnapshotError, match="manifest.json is not valid JSON"):
        fb.load("WALCL")


def test_an_unknown_series_gets_suggestions():
    with pytest.raises(fb.UnknownSeriesError, match="unknown series 'WALCLL'.*Did you mean WALCL"):
        fb.load("WALCLL")


def test_an_interrupted_swap_is_rolled_back(data_copy):
    (data_copy / "snapshot").rename(data_copy / ".snapshot-old")
    assert fb.load("WALCL").max() == pytest.approx(8965.487)
    assert (data_copy / "snapshot").exists()


def test_write_snapshot_leaves_the_old_one_when_a_series_is_missing(data_copy):
    before = {p.name: store.sha256_file(p) for p in (data_copy / "snapshot" / "series").iterdir()}
    manifest = store.read_manifest(data_copy)
    with pytest.raises(KeyError):
        store.write_snapshot(data_copy, manifest, {"WALCL": fb.data.load_published("WALCL")})
    after = {p.name: store.sha256_file(p) for p in (data_copy / "snapshot" / "series").iterdir()}
    assert before == after
    assert not list(data_copy.glob(".snapshot-new-*"))


def test_splice_refuses_copies_that_disagree():
    dates = pd.to_datetime(["2024-01-03", "2024-01-10", "2024-01-17"])
    history = pd.Series([1.0, 2.0, 3.0], index=dates)
    fresh = pd.Series([2.0, 3.5], index=dates[1:])
    with pytest.raises(rawread.RawFormatError, match=r"disagrees with the copy before it on the overlap .*"
                                                     r"on 2024-01-17: 3\.0 vs 3\.5"):
        rawread.splice(history, fresh)


def test_splice_refuses_copies_without_overlap():
    history = pd.Series([1.0], index=pd.to_datetime(["2024-01-03"]))
    fresh = pd.Series([2.0], index=pd.to_datetime(["2024-01-10"]))
    with pytest.raises(rawread.RawFormatError, match="shares no dates"):
        rawread.splice(history, fresh)


def test_binance_partial_last_bars_are_dropped():
    entry = store.read_manifest()["series"]["SOL-USDT.BINANCE"]
    assert entry["sources"][0]["dropped_last"] == ["2026-03-04"]
    assert entry["last"] == "2026-03-03"


def test_aave_pre_migration_first_value_is_dropped():
    entry = store.read_manifest()["series"]["AAVE-USD.YAHOO"]
    assert entry["sources"][0]["dropped_first"] == ["2020-10-02"]


needs_raw = pytest.mark.skipif(not SHARED_RAW.is_dir(), reason="../shared/data/raw not present beside the repo")


@needs_raw
def test_the_snapshot_rebuilds_byte_for_byte_from_the_raw_copies(tmp_path):
    from fedbook.data.snapshot.build import build_snapshot

    build_snapshot(SHARED_RAW, out_dir=tmp_path)
    committed = store.REPO_DATA_DIR / "snapshot"
    for path in sorted((tmp_path / "snapshot").rglob("*")):
        if path.is_file():
            relative = path.relative_to(tmp_path / "snapshot")
            assert path.read_bytes() == (committed / relative).read_bytes(), relative


@needs_raw
def test_read_piece_skips_missing_values_without_filling():
    values, facts = rawread.read_piece(SHARED_RAW, Piece("WTREGEN__lihaidong43__fed-liquity-monitor.csv"))
    assert facts["missing_rows_skipped"] == 884
    assert not values.isna().any()
