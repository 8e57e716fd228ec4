"""Fault injection, offline: a tampered or corrupt manifest, a slow, trickling, dropping or
misaddressed FRED, and a refresh killed at every stage of its write and at random times.

After every fault the user gets one clear line (no traceback, no key), the snapshot still
verifies, and nothing is left behind. The fake FRED (tests/fred_server.py) serves only real
snapshot values; faults only delay, cut or misdirect them.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from fred_server import FAKE_KEY, committed_values, fake_fred  # noqa: F401  (fixture)
from test_fred_live import TEST_TIMEOUT, Sleeps, closed_port_url, failing, make_client

import fedbook
from fedbook.__main__ import main
from fedbook.data import LiveDataWarning, fred, live, store

REPO = Path(__file__).resolve().parents[1]
SLACK = 1.5  # seconds allowed beyond a deadline for thread scheduling on a loaded 2-core machine


# -- helpers ---------------------------------------------------------------------------------

@pytest.fixture
def snapshot(data_copy) -> Path:
    return data_copy / "snapshot"


def edit_manifest(snapshot: Path, change, reseal: bool = False) -> None:
    """Apply `change(manifest)` to manifest.json; with `reseal`, also update the seal (a
    tamper who knows the design) so that only the checks against files and code remain."""
    path = snapshot / store.MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    if reseal:
        store.write_manifest(snapshot, manifest)
    else:
        path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def set_field(series_id: str, name: str, value):
    return lambda manifest: manifest["series"][series_id].__setitem__(name, value)


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    text = out + err
    assert "Traceback" not in text and FAKE_KEY not in text
    return code, text


def load_error(series_id: str = "WALCL") -> str:
    with pytest.raises(store.SnapshotError) as caught:
        fedbook.load(series_id)
    message = str(caught.value)
    assert "\n" not in message and "manifest.json" in message
    return message


# -- 1. the manifest is verified, not trusted ------------------------------------------------

def test_units_edited_in_the_manifest_are_refused_at_load_and_verify(snapshot, capsys):
    edit_manifest(snapshot, set_field("WALCL", "units", "Billions of U.S. Dollars"))
    expected = "series WALCL field 'units' is 'Billions of U.S. Dollars', expected 'Millions of U.S. Dollars'"
    assert expected in load_error()
    code, text = run(capsys, "verify")
    assert code == 1 and expected in text


def test_units_edited_are_refused_in_live_mode_too_not_used_as_a_fallback(snapshot, live_fake):
    edit_manifest(snapshot, set_field("WALCL", "units", "Billions of U.S. Dollars"), reseal=True)
    with pytest.raises(store.SnapshotError, match="field 'units'"):
        fedbook.load("WALCL", source="live")
    assert live_fake.hits[("info", "WALCL")] == 0


def test_units_edited_and_resealed_are_still_refused(snapshot):
    # Even a tamper that recomputes the seal cannot rescale a series: units come from code.
    edit_manifest(snapshot, set_field("WALCL", "units", "Billions of U.S. Dollars"), reseal=True)
    assert "field 'units'" in load_error()


def test_a_series_pointed_at_another_series_file_is_refused(snapshot, capsys):
    treast = json.loads((snapshot / store.MANIFEST_NAME).read_text())["series"]["TREAST"]

    def point_at_treast(manifest):
        manifest["series"]["WALCL"].update(file=treast["file"], sha256=treast["sha256"])

    edit_manifest(snapshot, point_at_treast, reseal=True)
    message = load_error()
    assert "series WALCL field 'file' is 'series/TREAST.csv', expected 'series/WALCL.csv'" in message
    assert run(capsys, "verify")[0] == 1


def test_a_fred_id_pointed_at_another_series_is_refused(snapshot):
    edit_manifest(snapshot, set_field("WALCL", "fred_id", "TREAST"), reseal=True)
    assert "series WALCL field 'fred_id' is 'TREAST', expected 'WALCL'" in load_error()


def walcl_file_facts(snapshot) -> dict[str, str]:
    """Rows, first and last date of WALCL's file, read from the file itself (not the manifest)."""
    dates = [line.split(",")[0] for line in (snapshot / "series" / "WALCL.csv").read_text().splitlines()[1:]]
    return {"rows": str(len(dates)), "first": repr(dates[0]), "last": repr(dates[-1])}


@pytest.mark.parametrize("name, value", [("rows", 99999), ("last", "2099-09-30"), ("first", "2001-01-03")])
def test_wrong_rows_or_dates_are_refused_naming_expected_and_found(snapshot, capsys, name, value):
    found = walcl_file_facts(snapshot)[name]
    for reseal in (False, True):  # with the seal stale, and with the seal recomputed
        edit_manifest(snapshot, set_field("WALCL", name, value), reseal=reseal)
        expected = f"series WALCL field '{name}' is {value!r}, but series/WALCL.csv has {found}"
        assert expected in load_error()
        code, text = run(capsys, "verify")
        assert code == 1 and f"FAILED series/WALCL.csv: " in text and expected in text


def test_a_descriptive_edit_is_caught_by_the_seal(snapshot, capsys):
    edit_manifest(snapshot, set_field("WALCL", "title", "Something else"))
    message = load_error("DFF")  # any load: the manifest as a whole is no longer trusted
    assert "was changed after it was written" in message and "a descriptive field was edited" in message
    code, text = run(capsys, "verify")
    assert code == 1 and text.startswith("error: ") and "manifest.sha256" in text


def test_a_missing_seal_is_refused(snapshot, capsys):
    (snapshot / store.SEAL_NAME).unlink()
    assert "manifest.sha256 is missing" in load_error()
    assert run(capsys, "verify")[0] == 1


# -- 4. a corrupt manifest: one line, exit 1, no traceback -------------------------------------

CORRUPT = {
    "a JSON list": (lambda raw: b"[1, 2]\n", "a JSON list, expected an object"),
    "null sha256": (None, "field 'sha256' is None, expected a value of type str"),
    "null file": (None, "field 'file' is None, expected a value of type str"),
    "non-UTF-8 byte": (lambda raw: raw.replace(b"Total assets", b"Total \xff assets", 1), "is not UTF-8 text"),
    "an entry that is a list": (None, "series WALCL is a JSON list, expected an object"),
    "rows as text": (None, "field 'rows' is '1236', expected a value of type int"),
    "a missing field": (None, "lacks fields ['units']"),
    "not JSON": (lambda raw: raw[:100], "is not valid JSON"),
}
CORRUPT_EDITS = {
    "null sha256": set_field("WALCL", "sha256", None),
    "null file": set_field("WALCL", "file", None),
    "an entry that is a list": lambda m: m["series"].__setitem__("WALCL", [1]),
    "rows as text": set_field("WALCL", "rows", "1236"),
    "a missing field": lambda m: m["series"]["WALCL"].pop("units"),
}


@pytest.mark.parametrize("case", CORRUPT)
def test_a_corrupt_manifest_is_one_line_exit_1_no_traceback(snapshot, capsys, case):
    rewrite, words = CORRUPT[case]
    path = snapshot / store.MANIFEST_NAME
    if rewrite is None:
        edit_manifest(snapshot, CORRUPT_EDITS[case])
    else:
        path.write_bytes(rewrite(path.read_bytes()))
    assert words in load_error()
    code, text = run(capsys, "verify")
    assert code == 1 and len(text.strip().splitlines()) == 1
    assert text.startswith(f"error: {path}") and words in text


def test_a_corrupt_manifest_through_the_real_command_line(snapshot):
    (snapshot / store.MANIFEST_NAME).write_bytes(b'{"schema": 1, "series": {"WALCL": \xff}}')
    result = subprocess.run([sys.executable, "-m", "fedbook", "verify"], capture_output=True, text=True,
                            env={**os.environ}, cwd=REPO)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "not UTF-8" in result.stderr


# -- 6. verify, load: the smaller defects -------------------------------------------------------

def test_verify_names_files_the_manifest_does_not_list(snapshot, capsys):
    shutil.copy(snapshot / "series" / "WALCL.csv", snapshot / "series" / "WALCL (copy).csv")
    code, text = run(capsys, "verify")
    assert code == 1 and "FAILED series/WALCL (copy).csv: not in the manifest" in text


def test_verify_ok_says_what_it_checked(data_copy, capsys):
    code, text = run(capsys, "verify")
    assert code == 0 and "rows, first and last dates, units" in text and "manifest.sha256" in text


def test_a_lower_case_id_suggests_the_series():
    with pytest.raises(fedbook.UnknownSeriesError, match=r"unknown series 'walcl'.*Did you mean WALCL\b"):
        fedbook.load("walcl")


@pytest.mark.parametrize("bad", [None, 42, ["WALCL"]])
def test_a_non_string_id_is_a_clear_error(bad):
    with pytest.raises(fedbook.UnknownSeriesError, match="a series id is a string such as 'WALCL'"):
        fedbook.load(bad)


# -- 3. debris of a killed writer --------------------------------------------------------------

def test_stale_staging_and_backup_folders_are_removed_by_the_next_reader(data_copy):
    stale = data_copy / ".snapshot-new-killed"
    shutil.copytree(data_copy / "snapshot", stale)
    shutil.copytree(data_copy / "snapshot", data_copy / store.BACKUP_NAME)
    assert fedbook.load("WALCL").max() == pytest.approx(8965.487)
    assert store.debris(data_copy) == []


def test_a_running_writers_staging_folder_is_left_alone(data_copy):
    staging = data_copy / ".snapshot-new-running"
    staging.mkdir()
    with store.locked(data_copy):  # as write_snapshot holds it while it writes
        fedbook.load("WALCL")
        assert staging.exists()
    store.snapshot_dir(data_copy)
    assert not staging.exists()


def test_staging_folders_are_git_ignored():
    patterns = (REPO / ".gitignore").read_text().splitlines()
    assert "data/.snapshot-new-*/" in patterns and "data/.snapshot-old/" in patterns


# -- 2 and 5. FRED faults: deadlines and accurate diagnoses -------------------------------------

def timed(call):
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


def test_a_slow_server_times_out_per_request(fake_fred):
    fake_fred.fail("WALCL", "slow", delay=5.0)
    seconds, error = timed(lambda: failing(lambda: make_client(fake_fred.root_url).series_info("WALCL"),
                                           fred.FredTimeoutError))
    assert f"did not answer within {TEST_TIMEOUT:g} s" in str(error)
    assert seconds < 3 * TEST_TIMEOUT + SLACK


def test_a_trickled_body_is_cut_off_at_the_deadline(fake_fred):
    # One byte every 0.1 s never trips a socket timeout of 0.5 s; only a deadline stops it.
    fake_fred.fail("WALCL", "trickle", interval=0.1, endpoint="info")
    client = make_client(fake_fred.root_url)
    seconds, error = timed(lambda: failing(lambda: client.series_info("WALCL"), fred.FredTimeoutError))
    assert "was still incomplete after 0.5 s" in str(error) and "bytes received" in str(error)
    assert "FEDBOOK_FRED_TIMEOUT" in str(error) and "cannot reach" not in str(error)
    assert seconds < 3 * TEST_TIMEOUT + SLACK


def test_a_body_dropped_mid_way_is_not_called_unreachable(fake_fred):
    fake_fred.fail("WALCL", "drop_mid_body", endpoint="observations")
    error = failing(lambda: make_client(fake_fred.root_url).observations("WALCL"), fred.DroppedConnectionError)
    assert "closed the connection before its answer" in str(error) and "cannot reach" not in str(error)
    assert fake_fred.hits[("observations", "WALCL")] == 3  # retried: a dropped connection may be transient


def test_a_connection_closed_without_an_answer_is_not_called_unreachable(fake_fred):
    fake_fred.fail("WALCL", "drop", times=1)
    assert make_client(fake_fred.root_url).series_info("WALCL")["units"] == "Millions of U.S. Dollars"
    fake_fred.fail("WALCL", "drop")
    error = failing(lambda: make_client(fake_fred.root_url).series_info("WALCL"), fred.DroppedConnectionError)
    assert "closed the connection" in str(error) and "cannot reach" not in str(error)


@pytest.mark.parametrize("path, status", [("/wrong/fred", 404), ("/forbidden/fred", 403)])
def test_a_wrong_fedbook_fred_url_is_named_not_blamed_on_the_series(fake_fred, monkeypatch, path, status):
    base = fake_fred.root_url.removesuffix("/fred")
    monkeypatch.setenv("FEDBOOK_FRED_URL", base + path)
    client = fred.FredClient(timeout=TEST_TIMEOUT, sleep=Sleeps())
    error = failing(lambda: client.series_info("WALCL"), fred.WrongAddressError)
    assert f"HTTP {status}" in str(error) and "check FEDBOOK_FRED_URL" in str(error)
    assert "has no series" not in str(error) and "fred_id" not in str(error)


def test_an_unknown_series_is_still_diagnosed_as_one(fake_fred):
    error = failing(lambda: make_client(fake_fred.root_url).series_info("NOSUCHSERIES"),
                    fred.FredUnknownSeriesError)
    assert "FRED has no series 'NOSUCHSERIES'" in str(error)


@pytest.mark.parametrize("key", ["a", "B", "e", "e1"])
def test_a_short_key_is_redacted_only_as_a_whole_token(key):
    text = f"Bad Request for https://x/fred/series?series_id=WALCL&api_key={key} (key {key})"
    cleaned = fred.redact(text, key)
    assert cleaned.startswith("Bad Request for") and "<FRED_API_KEY>d" not in cleaned
    assert cleaned.endswith("api_key=<FRED_API_KEY> (key <FRED_API_KEY>)")


def test_a_short_bad_key_gives_an_unmangled_message(fake_fred, monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", "a")
    error = failing(lambda: make_client(fake_fred.root_url).series_info("WALCL"), fred.BadKeyError)
    assert "Bad Request" in str(error) and "B<FRED_API_KEY>d" not in str(error)


def test_a_client_stops_asking_after_fred_failed(fake_fred):
    fake_fred.fail("*", "hang")
    client = make_client(fake_fred.root_url)
    failing(lambda: client.series_info("WALCL"), fred.FredTimeoutError)
    seconds, error = timed(lambda: failing(lambda: client.series_info("TREAST"), fred.OutageError))
    assert seconds < 0.2 and "not asking FRED for TREAST" in str(error)
    assert fake_fred.hits[("info", "TREAST")] == 0


# -- the live path in a session: fall back at once, warn once -----------------------------------

@pytest.fixture
def live_fake(fake_fred, monkeypatch):
    monkeypatch.setattr(live, "make_client", lambda: make_client(fake_fred.root_url))
    return fake_fred


SERIES = ["WALCL", "TREAST", "RRPONTSYD", "SOFR", "SP500"]


def load_all_live() -> tuple[float, list]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        started = time.monotonic()
        frames = [fedbook.load(sid, source="live") for sid in SERIES]
        seconds = time.monotonic() - started
    for sid, values in zip(SERIES, frames):
        assert values.equals(fedbook.data.load(sid)), sid  # the snapshot, in book units
        assert fedbook.info(sid).origin == "snapshot"
    return seconds, [w for w in caught if issubclass(w.category, LiveDataWarning)]


def test_a_stalled_fred_costs_one_series_then_everything_falls_back_at_once(live_fake):
    live_fake.fail("*", "hang")
    seconds, warned = load_all_live()
    assert len(warned) == 1 and "did not answer" in str(warned[0].message)
    assert "not tried again" in str(warned[0].message)
    assert sum(live_fake.hits[("info", sid)] for sid in SERIES[1:]) == 0
    assert seconds < 3 * TEST_TIMEOUT + SLACK


def test_the_outage_is_remembered_by_the_builds_next_process(live_fake):
    live_fake.fail("*", "trickle", interval=0.1)
    load_all_live()
    live._outage.clear()  # a new kernel: nothing in memory, only the record in the cache folder
    live._outage_reported.clear()
    seconds, warned = load_all_live()
    assert len(warned) == 1 and "every further series" in str(warned[0].message)
    assert seconds < 0.5 and live_fake.hits[("info", "TREAST")] == 0


def test_outage_memory_can_be_switched_off(live_fake, monkeypatch):
    monkeypatch.setenv("FEDBOOK_FRED_OUTAGE_MINUTES", "0")
    live_fake.fail("*", "server_error")
    _, warned = load_all_live()
    assert len(warned) == len(SERIES) and all(live_fake.hits[("info", sid)] == 3 for sid in SERIES)


def test_an_outage_of_one_address_does_not_block_another(live_fake, monkeypatch):
    live.remember_outage(closed_port_url(), "cannot reach FRED (test)")
    with warnings.catch_warnings():
        warnings.simplefilter("error", LiveDataWarning)
        fedbook.load("WALCL", source="live")
    assert fedbook.info("WALCL").origin == "FRED API (live)"


def test_a_fresh_cache_is_still_served_during_an_outage(live_fake):
    live.fetch_published({"id": "WALCL", "fred_id": "WALCL", "units": "Millions of U.S. Dollars"})
    live.remember_outage(live_fake.root_url, "test outage")
    with warnings.catch_warnings():
        warnings.simplefilter("error", LiveDataWarning)
        fedbook.load("WALCL", source="live")
    assert fedbook.info("WALCL").origin == "FRED API (live)"


def test_a_tampered_cache_is_not_served(live_fake, tmp_path):
    meta = {"id": "WALCL", "fred_id": "WALCL", "units": "Millions of U.S. Dollars"}
    live.fetch_published(meta)
    path = live.cache_path(meta)
    record = json.loads(path.read_text())
    record["values"][-1] *= 1000  # as if someone rescaled a cached value
    path.write_text(json.dumps(record))
    assert live.fetch_published(meta).equals(committed_values("WALCL").rename("WALCL"))
    assert live_fake.hits[("observations", "WALCL")] == 2


@pytest.mark.parametrize("name, value", [("FEDBOOK_CACHE_TTL_HOURS", v) for v in ("-1", "nan", "inf", "twelve")]
                         + [("FEDBOOK_FRED_TIMEOUT", v) for v in ("0", "-5", "nan", "inf")]
                         + [("FEDBOOK_FRED_OUTAGE_MINUTES", v) for v in ("-1", "nan")])
def test_unusable_settings_are_refused_with_a_warning(live_fake, monkeypatch, name, value):
    monkeypatch.setattr(live, "make_client", lambda: fred.FredClient(root_url=live_fake.root_url, sleep=Sleeps()))
    monkeypatch.setenv(name, value)
    with pytest.warns(LiveDataWarning, match=rf"{name} must be a number of \w+ \(.*finite\), not '{value}'"):
        values = fedbook.load("WALCL", source="live")
    assert values.equals(fedbook.load("WALCL"))


# -- 3. refresh killed at every stage of the write, and at random times --------------------------

MUTATIONS = [(Path, "write_bytes"), (Path, "write_text"), (Path, "mkdir"), (Path, "rename"),
             (store.shutil, "rmtree"), (store.tempfile, "mkdtemp")]


def count_or_die_at(step: int | None, counter: list) -> None:
    """Patch every filesystem mutation write_snapshot makes; die like SIGKILL at the step-th one."""
    for owner, name in MUTATIONS:
        original = getattr(owner, name)

        def patched(*args, _original=original, _name=name, **kwargs):
            counter.append(_name)
            if step is not None and len(counter) == step:
                os._exit(137)  # no finally blocks, no cleanup: what SIGKILL leaves
            return _original(*args, **kwargs)

        setattr(owner, name, patched)


def new_values(base: Path) -> tuple[dict, dict]:
    manifest = store.read_manifest(base)
    values = {sid: store.read_entry(base / "snapshot", e) for sid, e in manifest["series"].items()}
    values["WALCL"] = values["WALCL"].iloc[:-3]
    return manifest, values


def snapshot_state(base: Path) -> dict:
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted((base / "snapshot").rglob("*"))
            if p.is_file()}


@pytest.fixture
def small_copy(data_copy) -> Path:
    """The data copy cut down to three series (a sealed manifest listing only them): a write
    takes a dozen filesystem steps, not eighty."""
    snapshot = data_copy / "snapshot"
    whole = json.loads((snapshot / store.MANIFEST_NAME).read_text())
    keep = {sid: whole["series"][sid] for sid in ("WALCL", "RRPONTSYD", "SOFR")}
    store.write_manifest(snapshot, {**whole, "series": keep})
    for path in (snapshot / "series").iterdir():
        if path.stem not in keep:
            path.unlink()
    return data_copy


def test_a_write_killed_at_every_step_leaves_a_whole_snapshot_and_no_debris(small_copy, capsys, monkeypatch):
    base = small_copy
    old_state = snapshot_state(base)
    steps: list = []
    with monkeypatch.context() as patch:  # a dry run, counting the steps
        for owner, name in MUTATIONS:
            patch.setattr(owner, name, getattr(owner, name))
        count_or_die_at(None, steps)
        store.write_snapshot(base, *new_values(base))
    new_state = snapshot_state(base)
    assert new_state != old_state and len(steps) >= 10
    outcomes = []
    for step in range(1, len(steps) + 2):  # the last run is not killed: it completes
        shutil.rmtree(base / "snapshot")
        for name, payload in old_state.items():
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            (base / name).write_bytes(payload)
        manifest, values = new_values(base)
        pid = os.fork()
        if pid == 0:  # the child: write, and die at this step
            count_or_die_at(step, [])
            store.write_snapshot(base, manifest, values)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert os.WEXITSTATUS(status) == (0 if step > len(steps) else 137), step
        code, text = run(capsys, "verify")  # the next run repairs and cleans up
        where = (step, (steps + ["completed"])[step - 1])
        assert code == 0, (*where, text)
        assert snapshot_state(base) in (old_state, new_state), where
        assert store.debris(base) == [], where
        outcomes.append(snapshot_state(base) == new_state)
    assert outcomes[0] is False and outcomes[-1] is True  # killed early: old data; not killed: new data


def test_refresh_killed_at_random_times_leaves_a_whole_snapshot_and_no_debris(data_copy, fake_fred, capsys):
    manifest, values = new_values(data_copy)
    store.write_snapshot(data_copy, manifest, values)  # three weeks behind FRED: a refresh rewrites it
    old_state = snapshot_state(data_copy)
    env = {**os.environ, "FEDBOOK_FRED_URL": fake_fred.root_url, "FRED_API_KEY": FAKE_KEY,
           "FEDBOOK_DATA_DIR": str(data_copy), "NO_PROXY": "127.0.0.1,localhost"}
    command = [sys.executable, "-m", "fedbook", "refresh", "--series", "WALCL", "RRPONTSYD", "SOFR"]
    seconds, finished = timed(lambda: subprocess.run(command, env=env, capture_output=True, text=True))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    new_state = snapshot_state(data_copy)
    rng = random.Random(9)
    for attempt in range(8):
        store.write_snapshot(data_copy, manifest, values)  # back to the old data
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * seconds)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert run(capsys, "verify")[0] == 0, attempt
        assert series_files(snapshot_state(data_copy)) in (series_files(old_state), series_files(new_state)), attempt
        assert store.debris(data_copy) == [], attempt


def series_files(state: dict) -> dict:
    """The data files of a snapshot state (the manifest also records the time of each refresh)."""
    return {name: payload for name, payload in state.items() if name.startswith("snapshot/series/")}
