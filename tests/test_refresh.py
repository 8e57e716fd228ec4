"""`python -m fedbook refresh / verify / build-snapshot`, offline, on a temporary copy of the snapshot."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
from datetime import datetime, timezone
from pathlib import Path

import pytest
from fred_server import FAKE_KEY, committed_values, fake_fred  # noqa: F401  (fixture)

import fedbook
from fedbook.__main__ import main
from fedbook.data import fred, live, store

OTHER_KEY = "zyxwvutsrqponmlkjihgfedcba543210"
PAIR = ["WALCL", "RRPONTSYD"]  # two small FRED series: fast


@pytest.fixture(autouse=True)
def offline_env(tmp_path, monkeypatch):
    monkeypatch.setenv("FEDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("FEDBOOK_SOURCE", "FEDBOOK_CACHE_TTL_HOURS", "FEDBOOK_FRED_URL", "FRED_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(fred, "DEFAULT_ROOT_URL", closed_port_url())  # nothing real is ever reachable


# A few series for most tests: every refresh rewrites (and re-reads) the whole snapshot.
SUBSET = ["WALCL", "TREAST", "RRPONTSYD", "SOFR", "DFF", "SP500", "BTC-USD.COINBASE", "STABLECOINS.DEFILLAMA"]


@pytest.fixture
def full_copy(tmp_path, monkeypatch) -> Path:
    """A byte-for-byte copy of the committed snapshot, used through FEDBOOK_DATA_DIR."""
    base = tmp_path / "data"
    shutil.copytree(store.REPO_DATA_DIR / "snapshot", base / "snapshot")
    monkeypatch.setenv("FEDBOOK_DATA_DIR", str(base))
    return base


@pytest.fixture
def subset_copy(full_copy) -> Path:
    """The copy cut down to SUBSET: the same files, a manifest (sealed) listing only those series."""
    path = full_copy / "snapshot" / "manifest.json"
    whole = json.loads(path.read_text())
    store.write_manifest(path.parent, {**whole, "series": {sid: whole["series"][sid] for sid in SUBSET}})
    for name in {f"{e['file']}" for e in whole["series"].values()} - {f"series/{sid}.csv" for sid in SUBSET}:
        (full_copy / "snapshot" / name).unlink()
    return full_copy


@pytest.fixture
def fake(fake_fred, monkeypatch):
    monkeypatch.setattr(live, "make_client", lambda: client_for(fake_fred.root_url))
    return fake_fred


def client_for(root_url: str) -> fred.FredClient:
    return fred.FredClient(root_url=root_url, timeout=0.5, sleep=lambda seconds: None)


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/fred"


def file_hashes(base: Path) -> dict[str, str]:
    """sha256 of every file under `base`, hidden staging folders included."""
    return {str(p.relative_to(base)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(base.rglob("*")) if p.is_file()}


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    text = out + err
    assert FAKE_KEY not in text and OTHER_KEY not in text
    assert "Traceback" not in text
    return code, text


def manifest(base: Path) -> dict:
    return json.loads((base / "snapshot" / "manifest.json").read_text())


def drop_last_rows(base: Path, series_ids: list[str], rows: int) -> None:
    """Make the copy look older: its last `rows` observations are not in it yet."""
    old = store.read_manifest(base)
    values = {sid: store.read_series_file(base / "snapshot" / e["file"], e["sha256"]) for sid, e in old["series"].items()}
    for sid in series_ids:
        values[sid] = values[sid].iloc[:-rows]
    store.write_snapshot(base, old, values)


# -- success --------------------------------------------------------------------------------

def test_refresh_rewrites_the_snapshot_and_records_provenance(full_copy, fake, capsys):
    drop_last_rows(full_copy, PAIR, rows=3)
    before_manifest, before = manifest(full_copy), file_hashes(full_copy)

    code, text = run(capsys, "refresh", "--series", *PAIR)

    assert code == 0, text
    rows = len(committed_values("WALCL"))
    assert "make execute" in text and f"WALCL: OK, {rows - 3} -> {rows} rows" in text
    after_manifest, after = manifest(full_copy), file_hashes(full_copy)
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    for sid in PAIR:
        entry = after_manifest["series"][sid]
        assert entry["origin"] == "FRED API" and entry["vintage"] == today
        assert entry["previous_sources"] == before_manifest["series"][sid]["sources"]
        (source,) = entry["sources"]
        assert source["repository"] == "FRED API" and source["fetched_at"].startswith(today)
        assert source["realtime"] == {"start": "2026-11-22", "end": "2026-11-22"}
        assert entry["rows"] == len(committed_values(sid))
        assert fedbook.data.load_published(sid).equals(committed_values(sid).rename(sid))
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"snapshot/manifest.json", "snapshot/manifest.sha256", "snapshot/series/WALCL.csv",
                       "snapshot/series/RRPONTSYD.csv"}
    assert set(after) == set(before)  # no staging or backup folder left behind
    assert run(capsys, "verify")[0] == 0
    assert len(fedbook.catalog()) == len(after_manifest["series"])  # the catalog still reads the new sources


def test_second_refresh_keeps_the_original_provenance(subset_copy, fake, capsys):
    original = manifest(subset_copy)["series"]["WALCL"]["sources"]
    assert run(capsys, "refresh", "--series", "WALCL")[0] == 0
    assert run(capsys, "refresh", "--series", "WALCL")[0] == 0
    assert manifest(subset_copy)["series"]["WALCL"]["previous_sources"] == original


def test_a_rolling_window_series_keeps_its_older_snapshot_history(subset_copy, fake, capsys):
    # FRED serves only ten years of SP500: its answer starts later than the snapshot does.
    fake.alter("SP500", "truncate", rows=150)
    before = fedbook.data.load_published("SP500")

    code, text = run(capsys, "refresh", "--series", "SP500")

    assert code == 0, text
    assert "150 older snapshot rows kept" in text
    assert fedbook.data.load_published("SP500").equals(before)  # nothing lost, nothing changed
    kept, fetched = manifest(subset_copy)["series"]["SP500"]["sources"]
    assert kept["provenance"] == "kept history" and kept["rows_read"] == 150
    assert fetched["repository"] == "FRED API" and fetched["first"] == f"{before.index[150]:%Y-%m-%d}"


def test_a_rolling_window_series_must_still_agree_on_the_overlap(subset_copy, fake, capsys):
    fake.alter("SP500", "truncate", rows=150)
    fake.alter("SP500", "revise")
    before = file_hashes(subset_copy)
    code, text = run(capsys, "refresh", "--series", "SP500")
    assert code == 1 and "differ from the snapshot" in text
    assert file_hashes(subset_copy) == before


def test_missing_values_are_skipped_not_filled(subset_copy, fake, capsys):
    fake.alter("SOFR", "dots")
    code, text = run(capsys, "refresh", "--series", "SOFR")
    assert code == 0, text
    assert fedbook.data.load_published("SOFR").equals(committed_values("SOFR").rename("SOFR"))
    assert manifest(subset_copy)["series"]["SOFR"]["sources"][0]["missing_rows_skipped"] > 0


def test_allow_revisions_accepts_and_lists_them(subset_copy, fake, capsys):
    fake.alter("WALCL", "revise", position=100)
    real = committed_values("WALCL")
    code, text = run(capsys, "refresh", "--series", "WALCL", "--allow-revisions")
    assert code == 0, text
    revised_day = real.index[100]
    assert f"{revised_day:%Y-%m-%d}: {float(real.iloc[100])!r} -> {float(real.iloc[101])!r}" in text
    assert "np.float64" not in text  # plain numbers, not numpy reprs
    assert fedbook.data.load_published("WALCL").loc[revised_day] == real.iloc[101]
    assert manifest(subset_copy)["series"]["WALCL"]["sources"][0]["revisions_accepted"] == 1


# -- failures: nothing written ----------------------------------------------------------------

def unreachable(fake, monkeypatch):
    monkeypatch.setattr(live, "make_client", lambda: client_for(closed_port_url()))


FAILURES = {  # name -> (set-up, words the report must contain)
    "bad key": (lambda fake, mp: mp.setenv("FRED_API_KEY", OTHER_KEY), "FRED rejected the API key"),
    "unknown series": (lambda fake, mp: fake.fail("RRPONTSYD", "unknown"), "FRED has no series 'RRPONTSYD'"),
    "persistent 429": (lambda fake, mp: fake.fail("RRPONTSYD", "throttled"), "HTTP 429"),
    "server error": (lambda fake, mp: fake.fail("RRPONTSYD", "server_error"), "HTTP 500"),
    "hang": (lambda fake, mp: fake.fail("RRPONTSYD", "hang", endpoint="observations"), "did not answer within 0.5 s"),
    "unreachable": (unreachable, "cannot reach FRED"),
    "all missing": (lambda fake, mp: fake.alter("RRPONTSYD", "all_dots"), "is missing ('.')"),
    "changed unit": (lambda fake, mp: fake.alter("RRPONTSYD", "units", units="Millions of U.S. Dollars"),
                     "FRED now publishes RRPONTSYD in 'Millions of U.S. Dollars'"),
    "truncated history": (lambda fake, mp: fake.alter("RRPONTSYD", "truncate", rows=5), "would lose history"),
    "revised value": (lambda fake, mp: fake.alter("RRPONTSYD", "revise"), "--allow-revisions"),
    "dates out of order": (lambda fake, mp: fake.alter("RRPONTSYD", "unsorted"), "not strictly increasing"),
}


@pytest.mark.parametrize("name", FAILURES)
def test_any_failure_writes_nothing(name, subset_copy, fake, monkeypatch, capsys):
    set_up, words = FAILURES[name]
    set_up(fake, monkeypatch)
    before = file_hashes(subset_copy)

    code, text = run(capsys, "refresh", "--series", *PAIR)  # WALCL passes, RRPONTSYD may not

    assert code == 1
    assert words in text and "Nothing was written; the snapshot is unchanged." in text
    assert file_hashes(subset_copy) == before


def test_missing_key_is_one_clear_line(subset_copy, capsys):
    before = file_hashes(subset_copy)
    code, text = run(capsys, "refresh")
    assert code == 1
    assert text.strip() == ("error: FRED_API_KEY is not set: get a free key at "
                            "https://fred.stlouisfed.org/docs/api/api_key.html and export FRED_API_KEY=...")
    assert file_hashes(subset_copy) == before


@pytest.mark.parametrize("argv, words", [(["WALCL", "WALCX"], "unknown series 'WALCX'"),
                                         (["BTC-USD.COINBASE"], "not a FRED series")])
def test_bad_series_choice(subset_copy, fake, capsys, argv, words):
    code, text = run(capsys, "refresh", "--series", *argv)
    assert code == 2 and words in text and len(text.strip().splitlines()) == 1


def test_failure_while_writing_leaves_the_old_snapshot(subset_copy, fake, monkeypatch, capsys):
    def disk_full(base, staging):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_swap_in", disk_full)
    before = file_hashes(subset_copy)
    code, text = run(capsys, "refresh", "--series", *PAIR)
    assert code == 1 and "No space left on device" in text and "old snapshot is unchanged" in text
    assert file_hashes(subset_copy) == before


def test_swap_interrupted_between_renames_leaves_the_old_snapshot(subset_copy, fake, monkeypatch, capsys):
    def crash_mid_swap(base, staging):
        (base / "snapshot").rename(base / ".snapshot-old")  # the first rename happened, the second never will
        raise OSError("simulated crash during the swap")

    monkeypatch.setattr(store, "_swap_in", crash_mid_swap)
    before = file_hashes(subset_copy)
    code, text = run(capsys, "refresh", "--series", *PAIR)
    assert code == 1 and "old snapshot is unchanged" in text
    assert file_hashes(subset_copy) == before
    assert run(capsys, "verify")[0] == 0


# -- verify and build-snapshot ----------------------------------------------------------------

def test_verify_ok(subset_copy, capsys):
    code, text = run(capsys, "verify")
    assert code == 0 and text.startswith(f"OK: all {len(SUBSET)} snapshot files")


def test_verify_names_the_tampered_file(subset_copy, capsys):
    path = subset_copy / "snapshot" / "series" / "WALCL.csv"
    path.write_bytes(path.read_bytes().replace(b"719542", b"719543", 1))
    code, text = run(capsys, "verify")
    assert code == 1 and "FAILED series/WALCL.csv" in text and "git checkout -- data/" in text


def test_verify_without_a_manifest(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FEDBOOK_DATA_DIR", str(tmp_path / "empty"))
    code, text = run(capsys, "verify")
    assert code == 1 and text.startswith("error: no snapshot manifest")


def test_build_snapshot_without_raw_data(subset_copy, tmp_path, capsys):
    before = file_hashes(subset_copy)
    code, text = run(capsys, "build-snapshot", "--raw", str(tmp_path / "no-raw"))
    assert code == 1 and "raw data folder" in text and "not found" in text
    assert file_hashes(subset_copy) == before
