"""The live FRED path, offline: a fake FRED on 127.0.0.1 serving the committed snapshot's values."""

from __future__ import annotations

import json
import logging
import socket
import time
import traceback
import warnings

import pytest
from fred_server import FAKE_KEY, committed_values, fake_fred, holidays  # noqa: F401  (fixture)

import fedbook
from fedbook.data import LiveDataWarning, fred, live

OTHER_KEY = "zyxwvutsrqponmlkjihgfedcba543210"  # well-formed but not registered with the fake FRED
TEST_TIMEOUT = 0.5


@pytest.fixture(autouse=True)
def offline_live_env(tmp_path, monkeypatch):
    """Cache in tmp_path, no stray configuration, and a default client that can reach nothing."""
    monkeypatch.setenv("FEDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("FEDBOOK_SOURCE", "FEDBOOK_CACHE_TTL_HOURS", "FEDBOOK_DATA_DIR", "FEDBOOK_FRED_URL", "FRED_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(fred, "DEFAULT_ROOT_URL", closed_port_url())


def closed_port_url() -> str:
    with socket.socket() as probe:  # bind port 0, then close it: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/fred"


class Sleeps(list):
    """An injectable sleep that records the delays instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(root_url: str, sleeps: Sleeps | None = None) -> fred.FredClient:
    return fred.FredClient(root_url=root_url, timeout=TEST_TIMEOUT, sleep=sleeps if sleeps is not None else Sleeps())


@pytest.fixture
def use_fake(fake_fred, monkeypatch):
    """Point the live path's default client at the fake FRED."""
    monkeypatch.setattr(live, "make_client", lambda: make_client(fake_fred.root_url))
    return fake_fred


def assert_key_absent(*texts) -> None:
    for text in texts:
        assert FAKE_KEY not in str(text) and OTHER_KEY not in str(text)


def assert_error_has_no_key(error: BaseException) -> None:
    """Not in the message, the repr, the printed traceback, nor any chained exception."""
    assert_key_absent(str(error), repr(error), "".join(traceback.format_exception(error)))
    for linked in (error.__cause__, error.__context__):
        if linked is not None:
            assert_error_has_no_key(linked)


def failing(call, error_class) -> BaseException:
    with pytest.raises(error_class) as caught:
        call()
    assert_error_has_no_key(caught.value)
    return caught.value


META = {"WALCL": {"id": "WALCL", "fred_id": "WALCL", "units": "Millions of U.S. Dollars", "last": "2026-08-19"}}


# -- the client ------------------------------------------------------------------------------

def test_observations_are_the_published_values(fake_fred):
    values = make_client(fake_fred.root_url).observations("WALCL")
    assert values.equals(committed_values("WALCL").rename("WALCL"))
    assert values.attrs["missing"] == 0
    assert values.attrs["realtime"] == {"start": "2026-11-22", "end": "2026-11-22"}


def test_series_info_has_units_frequency_title_last_updated(fake_fred):
    info = make_client(fake_fred.root_url).series_info("WALCL")
    assert info["units"] == "Millions of U.S. Dollars"
    assert info["frequency"] == "Weekly, As of Wednesday"
    assert info["title"].startswith("Assets: Total Assets")
    assert info["last_updated"] == "2026-08-20 16:31:02-05"


def test_missing_key_names_the_variable_and_where_to_get_one():
    error = failing(fred.FredClient, fred.MissingKeyError)
    assert "FRED_API_KEY is not set" in str(error) and fred.API_KEY_HELP in str(error)
    assert isinstance(error, live.LiveError)


def test_unregistered_key(fake_fred, monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", OTHER_KEY)
    error = failing(lambda: make_client(fake_fred.root_url).observations("WALCL"), fred.BadKeyError)
    assert "FRED rejected the API key in FRED_API_KEY" in str(error) and "not registered" in str(error)


def test_unknown_series(fake_fred):
    error = failing(lambda: make_client(fake_fred.root_url).observations("NOSUCHSERIES"), fred.FredUnknownSeriesError)
    assert "'NOSUCHSERIES'" in str(error) and "does not exist" in str(error)


def test_throttled_once_then_success(fake_fred):
    fake_fred.fail("WALCL", "throttled", times=1)
    sleeps = Sleeps()
    values = make_client(fake_fred.root_url, sleeps).observations("WALCL")
    assert len(values) == len(committed_values("WALCL"))
    assert fake_fred.hits[("observations", "WALCL")] == 2 and sleeps == [fred.DEFAULT_BACKOFF_SECONDS]


def test_throttled_persistently(fake_fred):
    fake_fred.fail("WALCL", "throttled")
    sleeps = Sleeps()
    error = failing(lambda: make_client(fake_fred.root_url, sleeps).observations("WALCL"), fred.ThrottledError)
    assert "HTTP 429" in str(error) and "after 3 attempts" in str(error)
    assert fake_fred.hits[("observations", "WALCL")] == 3 and sleeps == [2.0, 4.0]  # backoff doubles


def test_server_error_after_retries(fake_fred):
    fake_fred.fail("WALCL", "server_error")
    error = failing(lambda: make_client(fake_fred.root_url).observations("WALCL"), fred.ServerError)
    assert "HTTP 500" in str(error) and "try again later" in str(error)
    assert fake_fred.hits[("observations", "WALCL")] == 3


def test_hang_times_out(fake_fred):
    fake_fred.fail("WALCL", "hang")
    started = time.monotonic()
    error = failing(lambda: make_client(fake_fred.root_url).observations("WALCL"), fred.FredTimeoutError)
    assert time.monotonic() - started < 3 * TEST_TIMEOUT + 1.5
    assert f"within {TEST_TIMEOUT:g} s" in str(error) and fake_fred.hits[("observations", "WALCL")] == 3


def test_network_unreachable():
    sleeps = Sleeps()
    client = fred.FredClient(api_key=FAKE_KEY, root_url=closed_port_url(), timeout=TEST_TIMEOUT, sleep=sleeps)
    error = failing(lambda: client.observations("WALCL"), fred.NetworkError)
    assert "cannot reach FRED" in str(error) and sleeps == []  # refused: no point retrying


def test_missing_values_stay_nan_in_the_client(fake_fred):
    fake_fred.alter("SOFR", "dots")
    values = make_client(fake_fred.root_url).observations("SOFR")
    blanks = len(holidays(committed_values("SOFR")))
    assert blanks > 0 and values.attrs["missing"] == blanks == int(values.isna().sum())


@pytest.mark.parametrize("kind, words", [("all_dots", "is missing ('.')"), ("empty", "no observations")])
def test_nothing_usable_is_a_bad_response(fake_fred, kind, words):
    fake_fred.alter("WALCL", kind)
    error = failing(lambda: make_client(fake_fred.root_url).observations("WALCL"), fred.BadResponseError)
    assert words in str(error)


def test_unparseable_xml_is_a_bad_response(fake_fred):
    fake_fred.fail("WALCL", "truncated_body", endpoint="observations")
    error = failing(lambda: make_client(fake_fred.root_url).observations("WALCL"), fred.BadResponseError)
    assert "not valid XML" in str(error)


def test_redact_removes_the_key_in_every_form():
    text = f"GET https://x/fred/series?series_id=A&api_key={FAKE_KEY}&x=1 with key {FAKE_KEY}"
    cleaned = fred.redact(text, FAKE_KEY)
    assert FAKE_KEY not in cleaned and "api_key=<FRED_API_KEY>&x=1" in cleaned
    assert "export FRED_API_KEY=..." in fred.redact("export FRED_API_KEY=...")
    assert FAKE_KEY not in str(fred.FredError(f"?api_key={FAKE_KEY}"))


# -- fetch_published: checks, missing values, cache -------------------------------------------

def test_fetch_published_drops_missing_values_and_never_fills(use_fake):
    use_fake.alter("SOFR", "dots")
    meta = {"id": "SOFR", "fred_id": "SOFR", "units": "Percent"}
    assert live.fetch_published(meta).equals(committed_values("SOFR").rename("SOFR"))


def test_changed_unit_names_both_units(use_fake):
    use_fake.alter("WALCL", "units", units="Billions of U.S. Dollars")
    error = failing(lambda: live.fetch_published(META["WALCL"]), live.UnitChangedError)
    assert "'Billions of U.S. Dollars'" in str(error) and "'Millions of U.S. Dollars'" in str(error)


def test_dates_out_of_order_are_rejected(use_fake):
    use_fake.alter("WALCL", "unsorted")
    error = failing(lambda: live.fetch_published(META["WALCL"]), live.LiveDataError)
    assert "strictly increasing" in str(error)


def test_cache_is_reused_within_the_ttl(use_fake, tmp_path):
    first = live.fetch_published(META["WALCL"])
    second = live.fetch_published(META["WALCL"])
    assert second.equals(first) and use_fake.hits[("observations", "WALCL")] == 1
    cache_files = list((tmp_path / "cache").rglob("*"))
    assert [p.name for p in cache_files if p.is_file()] == ["WALCL.json"]  # no temp file left behind
    assert_key_absent((tmp_path / "cache" / "fred" / "WALCL.json").read_text())


def test_cache_expires_with_the_ttl(use_fake, monkeypatch):
    monkeypatch.setenv("FEDBOOK_CACHE_TTL_HOURS", "0")
    live.fetch_published(META["WALCL"])
    live.fetch_published(META["WALCL"])
    assert use_fake.hits[("observations", "WALCL")] == 2


def test_old_or_corrupt_cache_is_ignored(use_fake, tmp_path):
    live.fetch_published(META["WALCL"])
    path = tmp_path / "cache" / "fred" / "WALCL.json"
    record = json.loads(path.read_text())
    path.write_text(json.dumps({**record, "fetched_at": "2000-01-01T00:00:00+00:00"}))
    live.fetch_published(META["WALCL"])
    path.write_text("{ not json")
    assert live.fetch_published(META["WALCL"]).equals(committed_values("WALCL").rename("WALCL"))
    assert use_fake.hits[("observations", "WALCL")] == 3


# -- fedbook.load(source="live") --------------------------------------------------------------

def test_load_live_uses_fred_and_book_units(use_fake):
    with warnings.catch_warnings():
        warnings.simplefilter("error", LiveDataWarning)
        values = fedbook.load("WALCL", source="live")
    assert values.equals(committed_values("WALCL").rename("WALCL") * 0.001)
    assert fedbook.info("WALCL").origin == "FRED API (live)"


@pytest.mark.parametrize("kind", ["server_error", "bad_key", "hang"])
def test_load_live_falls_back_to_the_snapshot_with_a_dated_warning(use_fake, kind):
    use_fake.fail("WALCL", kind)
    with pytest.warns(LiveDataWarning, match=r"data as of 2026-10-07") as caught:
        values = fedbook.load("WALCL", source="live")
    assert values.equals(committed_values("WALCL").rename("WALCL") * 0.001)
    assert fedbook.info("WALCL").origin == "snapshot"
    assert_key_absent(*(w.message for w in caught))


def test_missing_key_falls_back_with_a_warning(monkeypatch):
    monkeypatch.setenv("FEDBOOK_SOURCE", "live")  # the environment switch, not the argument
    with pytest.warns(LiveDataWarning, match=r"FRED_API_KEY is not set.*data as of 2026-10-07"):
        values = fedbook.load("WALCL")
    assert values.equals(committed_values("WALCL").rename("WALCL") * 0.001)


def test_bad_cache_ttl_falls_back_with_a_warning(use_fake, monkeypatch):
    monkeypatch.setenv("FEDBOOK_CACHE_TTL_HOURS", "twelve")
    with pytest.warns(LiveDataWarning, match="FEDBOOK_CACHE_TTL_HOURS must be a number"):
        fedbook.load("WALCL", source="live")


def test_key_never_logged_or_warned(use_fake, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    use_fake.fail("WALCL", "throttled", times=1)
    use_fake.fail("TREAST", "server_error")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fedbook.load("WALCL", source="live")
        fedbook.load("TREAST", source="live")
    out, err = capfd.readouterr()
    assert "GET " in caplog.text  # the requests were logged, redacted
    assert_key_absent(caplog.text, out, err, *(w.message for w in caught))


def test_fedbook_fred_url_points_the_client_elsewhere(monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", FAKE_KEY)
    monkeypatch.setenv("FEDBOOK_FRED_URL", "http://127.0.0.1:9/mirror/fred/")
    assert fred.FredClient().root_url == "http://127.0.0.1:9/mirror/fred"
