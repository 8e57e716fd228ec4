"""A tiny fake FRED API on 127.0.0.1 for offline tests, scriptable per test.

It answers ``/fred/series`` from the recorded bodies in ``tests/fixtures/fred`` and
``/fred/series/observations`` in FRED's XML shape with REAL values from the committed
snapshot. Failure scenarios only drop, reorder, blank ('.') or shift real observations;
no value is ever invented.

Use the ``fake_fred`` fixture (import it into a test module)::

    fake_fred.fail("WALCL", "throttled", times=1)   # one 429, then normal answers
    fake_fred.fail("WALCL", "slow", delay=2.0)      # answer, correctly, after 2 s
    fake_fred.fail("WALCL", "trickle", interval=0.2)  # the real answer, one byte every 0.2 s
    fake_fred.fail("WALCL", "drop_mid_body")        # headers and half the body, then close
    fake_fred.alter("WALCL", "truncate", rows=10)   # drop the first 10 observations
    fake_fred.hits[("observations", "WALCL")]       # how many requests arrived

Paths outside ``/fred/...`` answer 404 (``/forbidden/...``: 403) with a plain-text body,
as a web server that is not the FRED API would; ``fail("*", ...)`` applies to every series.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import quoteattr

import pandas as pd
import pytest

from fedbook.data import store

FAKE_KEY = "abcdefghijklmnopqrstuvwxyz012345"
FIXTURES = Path(__file__).parent / "fixtures" / "fred"
REALTIME = "2026-11-22"
HANG_SECONDS = 10.0  # far longer than the tests' client timeout; released at teardown
ENDPOINTS = {"/fred/series": "info", "/fred/series/observations": "observations"}
FAILURES = {  # name -> (HTTP status, recorded body)
    "bad_key": (400, "error_bad_key.xml"),
    "unknown": (400, "error_unknown_series.xml"),
    "throttled": (429, "error_throttled.xml"),
    "server_error": (500, "error_server.xml"),
    "hang": (None, None),  # answer nothing until the test ends
    "truncated_body": (200, None),  # the first half of the real answer: unparseable XML
    "slow": (200, None),  # the real answer after `delay` seconds
    "trickle": (200, None),  # the real answer, one byte every `interval` seconds
    "drop_mid_body": (200, None),  # headers (full Content-Length) and half the body, then close
    "drop": (None, None),  # close the connection without answering
}
ANSWERING = {"truncated_body", "slow", "trickle", "drop_mid_body"}  # failures that still send (part of) the data


@lru_cache(maxsize=None)
def committed_values(series_id: str) -> pd.Series:
    """The committed snapshot's values (what fedbook.data.load_published reads), pinned to
    the repo's data/ so a test's FEDBOOK_DATA_DIR copy cannot change what FRED 'publishes'."""
    entry = store.read_manifest(store.REPO_DATA_DIR)["series"][series_id]
    return store.read_series_file(store.REPO_DATA_DIR / "snapshot" / entry["file"], entry["sha256"])


def known_series() -> set[str]:
    return {p.stem.removeprefix("series_") for p in FIXTURES.glob("series_*.xml")}


@dataclass
class Failure:
    kind: str
    times: int | None  # None: every request
    endpoint: str | None  # None: both endpoints
    options: dict = field(default_factory=dict)


@dataclass
class FakeFred:
    root_url: str = ""
    hits: Counter = field(default_factory=Counter)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    alterations: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, series_id: str, kind: str, times: int | None = None, endpoint: str | None = None,
             **options) -> None:
        """Answer requests for `series_id` ('*': any) with a failure named in FAILURES (bad_key, hang, ...)."""
        assert kind in FAILURES, kind
        self.failures.setdefault(series_id, []).append(Failure(kind, times, endpoint, options))

    def alter(self, series_id: str, kind: str, **options) -> None:
        """Serve changed (but real) data: dots, all_dots, units, truncate, revise, unsorted, empty.

        Several alterations of one series apply in the order given.
        """
        self.alterations.setdefault(series_id, []).append((kind, options))

    def next_failure(self, series_id: str, endpoint: str) -> Failure | None:
        with self.lock:
            for failure in self.failures.get(series_id, []) + self.failures.get("*", []):
                if failure.endpoint in (None, endpoint) and failure.times != 0:
                    if failure.times is not None:
                        failure.times -= 1
                    return failure
        return None

    # -- response bodies ---------------------------------------------------------------------

    def info_body(self, series_id: str) -> bytes:
        body = (FIXTURES / f"series_{series_id}.xml").read_text(encoding="utf-8")
        for kind, options in self.alterations.get(series_id, []):
            if kind == "units":  # FRED changed the unit it publishes in
                body = body.replace(f'units="{committed_units(series_id)}"', f"units={quoteattr(options['units'])}")
        return body.encode("utf-8")

    def observations_body(self, series_id: str) -> bytes:
        rows = self.observation_rows(series_id)
        lines = [
            '<?xml version="1.0" encoding="utf-8" ?>',
            f'<observations realtime_start="{REALTIME}" realtime_end="{REALTIME}" observation_start="1776-07-04" '
            f'observation_end="9999-12-31" units="lin" output_type="1" file_type="xml" '
            f'order_by="observation_date" sort_order="asc" count="{len(rows)}" offset="0" limit="100000">',
        ]
        lines += [f'  <observation realtime_start="{REALTIME}" realtime_end="{REALTIME}" date="{d}" value="{v}"/>'
                  for d, v in rows]
        lines.append("</observations>")
        return ("\n".join(lines) + "\n").encode("utf-8")

    def observation_rows(self, series_id: str) -> list[tuple[str, str]]:
        values = committed_values(series_id)
        rows = [(f"{d:%Y-%m-%d}", fred_number(v)) for d, v in values.items()]
        for kind, options in self.alterations.get(series_id, []):
            rows = alter_rows(rows, kind, options, values)
        return rows


def alter_rows(rows: list[tuple[str, str]], kind: str, options: dict, values) -> list[tuple[str, str]]:
    """One scripted change to FRED's answer, made only by dropping, moving or blanking real rows."""
    rows = list(rows)
    if kind == "truncate":  # FRED's history starts later than the snapshot's
        return rows[options.get("rows", 10):]
    if kind == "revise":  # one date now carries the next date's (real) value
        i = options.get("position", len(rows) // 2)
        rows[i] = (rows[i][0], rows[i + 1][1])
    elif kind == "unsorted":
        rows[-2], rows[-1] = rows[-1], rows[-2]
    elif kind == "all_dots":
        rows = [(d, ".") for d, _ in rows]
    elif kind == "empty":
        rows = []
    elif kind == "dots":  # FRED lists market holidays as '.'; the snapshot skipped them
        rows = sorted(rows + [(d, ".") for d in holidays(values)])
    return rows


def committed_units(series_id: str) -> str:
    return store.read_manifest(store.REPO_DATA_DIR)["series"][series_id]["units"]


def fred_number(value: float) -> str:
    """FRED writes whole numbers without a decimal point."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def holidays(values: pd.Series) -> list[str]:
    """Business days in the last year of `values` with no observation (market holidays)."""
    last_year = pd.bdate_range(values.index[-1] - pd.Timedelta(days=365), values.index[-1])
    return [f"{d:%Y-%m-%d}" for d in last_year.difference(values.index)]


def make_handler(fake: FakeFred):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (http.server's naming)
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            endpoint, series_id = ENDPOINTS.get(url.path), query.get("series_id", "")
            with fake.lock:
                fake.hits[(endpoint, series_id)] += 1
            if endpoint is None:
                status = 403 if url.path.startswith("/forbidden/") else 404
                return self.send_body(status, b"<html>Not here</html>", "text/html")
            if not query.get("api_key"):
                return self.send_fixture(400, "error_no_key.xml")
            if query["api_key"] != FAKE_KEY:
                return self.send_fixture(400, "error_bad_key.xml")
            failure = fake.next_failure(series_id, endpoint)
            kind = failure.kind if failure else None
            if kind in ("hang", "drop"):
                if kind == "hang":
                    fake.release.wait(HANG_SECONDS)  # the client times out first
                self.close_connection = True
                return None
            if kind and kind not in ANSWERING:
                return self.send_fixture(*FAILURES[kind])
            if series_id not in known_series():
                return self.send_fixture(*FAILURES["unknown"])
            body = fake.info_body(series_id) if endpoint == "info" else fake.observations_body(series_id)
            return self.answer(failure, body)

        def answer(self, failure: Failure | None, body: bytes) -> None:
            kind, options = (failure.kind, failure.options) if failure else (None, {})
            if kind == "truncated_body":
                return self.send_body(200, body[: len(body) // 2])
            if kind == "slow" and fake.release.wait(options.get("delay", 1.0)):
                return None  # the test ended first
            if kind == "drop_mid_body":
                self.close_connection = True
                return self.send_body(200, body, cut_at=len(body) // 2)
            if kind == "trickle":
                return self.send_body(200, body, interval=options.get("interval", 0.2))
            return self.send_body(200, body)

        def send_fixture(self, status: int, name: str) -> None:
            self.send_body(status, (FIXTURES / name).read_bytes())

        def send_body(self, status: int, body: bytes, content_type: str = "text/xml; charset=UTF-8",
                      cut_at: int | None = None, interval: float | None = None) -> None:
            """Send `body` (or its first `cut_at` bytes), all at once or a byte every `interval` s."""
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if interval is None:
                    self.wfile.write(body[:cut_at])
                    return
                for i in range(len(body)):
                    if fake.release.wait(interval):
                        return
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up

        def log_message(self, *args) -> None:  # request lines carry the key: never print them
            pass

    return Handler


@pytest.fixture
def fake_fred(monkeypatch):
    """A running fake FRED; FRED_API_KEY is set to the key it accepts."""
    monkeypatch.setenv("FRED_API_KEY", FAKE_KEY)
    for name in ("NO_PROXY", "no_proxy"):  # a proxy in the environment must not intercept 127.0.0.1
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    fake = FakeFred()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(fake))
    server.daemon_threads = True
    fake.root_url = f"http://127.0.0.1:{server.server_address[1]}/fred"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
