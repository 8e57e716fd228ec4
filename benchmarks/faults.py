"""The live path's fault table: for each FRED fault, what the user sees and how long it takes
to fall back, with the default settings (15 s per request, 3 attempts, 2 s and 4 s back-off).

Offline: each fault is played by the test suite's fake FRED (tests/fred_server.py, real
snapshot values only) or, for "stalled", by a local server that accepts and never answers.
Five series are loaded with source="live"; the table gives the time for the first one, the
time for the other four together, and the warnings shown. Not a test: it reports.

Run: .venv/bin/python benchmarks/faults.py [--timeout SECONDS]   (about 4 minutes with defaults)
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
import warnings
from http.server import ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "benchmarks")]

import fred_server  # noqa: E402  (the fake FRED of the tests)
from run import stalled_server  # noqa: E402

import fedbook  # noqa: E402
from fedbook.data import LiveDataWarning, live  # noqa: E402

SERIES = ["WALCL", "TREAST", "RRPONTSYD", "SOFR", "SP500"]
OTHER_KEY = "zyxwvutsrqponmlkjihgfedcba543210"


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/fred"


def start_fake() -> fred_server.FakeFred:
    fake = fred_server.FakeFred()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fred_server.make_handler(fake))
    server.daemon_threads = True
    fake.root_url = f"http://127.0.0.1:{server.server_address[1]}/fred"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake


FAULTS = {  # name -> set-up(fake) returning the FRED root URL to use (and env changes)
    "no network (port closed)": lambda f: (closed_port_url(), {}),
    "stalled: accepts, never answers": lambda f: (stalled_server(), {}),
    "answers after 20 s": lambda f: (f.fail("*", "slow", delay=20.0), f.root_url, {})[1:],
    "trickles 1 byte every 5 s": lambda f: (f.fail("*", "trickle", interval=5.0), f.root_url, {})[1:],
    "drops the connection mid-body": lambda f: (f.fail("*", "drop_mid_body"), f.root_url, {})[1:],
    "closes without answering": lambda f: (f.fail("*", "drop"), f.root_url, {})[1:],
    "HTTP 500 on every request": lambda f: (f.fail("*", "server_error"), f.root_url, {})[1:],
    "HTTP 429 on every request": lambda f: (f.fail("*", "throttled"), f.root_url, {})[1:],
    "FEDBOOK_FRED_URL wrong path (404)": lambda f: (f.root_url.removesuffix("/fred") + "/wrong/fred", {}),
    "FEDBOOK_FRED_URL forbidden (403)": lambda f: (f.root_url.removesuffix("/fred") + "/forbidden/fred", {}),
    "key not registered": lambda f: (f.root_url, {"FRED_API_KEY": OTHER_KEY}),
    "no key": lambda f: (f.root_url, {"FRED_API_KEY": ""}),
    "unit changed at FRED (WALCL only)": lambda f: (f.alter("WALCL", "units", units="Billions of U.S. Dollars"),
                                                     f.root_url, {})[1:],
    "healthy (for comparison)": lambda f: (f.root_url, {}),
}


def run_fault(name: str, set_up) -> dict:
    fake = start_fake()
    root_url, env = set_up(fake)
    with tempfile.TemporaryDirectory() as cache:
        os.environ.update({"FEDBOOK_FRED_URL": root_url, "FRED_API_KEY": fred_server.FAKE_KEY,
                           "FEDBOOK_CACHE_DIR": cache, "NO_PROXY": "127.0.0.1,localhost", **env})
        live._outage.clear()
        live._outage_reported.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            times = []
            for sid in SERIES:
                started = time.monotonic()
                fedbook.load(sid, source="live")
                times.append(time.monotonic() - started)
    fake.release.set()
    shown = [str(w.message) for w in caught if issubclass(w.category, LiveDataWarning)]
    origins = {fedbook.info(sid).origin for sid in SERIES}
    return {"fault": name, "first_s": times[0], "rest_s": sum(times[1:]), "warnings": len(shown),
            "first_warning": shown[0] if shown else "(none)", "origins": ", ".join(sorted(origins))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", help="FEDBOOK_FRED_TIMEOUT for this run (default: the book's default)")
    args = parser.parse_args()
    if args.timeout:
        os.environ["FEDBOOK_FRED_TIMEOUT"] = args.timeout
    print("| fault | what the user sees (first warning) | warnings for 5 series | first series | other 4 |")
    print("|---|---|---|---|---|")
    for name, set_up in FAULTS.items():
        row = run_fault(name, set_up)
        print(f"| {row['fault']} | {row['first_warning'][:260]} | {row['warnings']} | {row['first_s']:.1f} s "
              f"| {row['rest_s']:.2f} s |", flush=True)


if __name__ == "__main__":
    main()
