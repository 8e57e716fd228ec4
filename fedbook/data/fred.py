"""A FRED API client that fails clearly: deadlines, bounded retries, specific errors.

It is ``fredapi.Fred`` with one method replaced. fredapi opens URLs without a timeout
(a stalled connection hangs a notebook forever) and turns every HTTP failure into a bare
``ValueError``. Here every request has a deadline for the whole exchange (connecting,
the headers and the complete body, so a server trickling bytes cannot hold it open;
``$FEDBOOK_FRED_TIMEOUT`` seconds, default 15); HTTP 429, 5xx, timeouts and dropped
connections are retried a bounded number of times with backoff; and each failure becomes
its own subclass of :class:`FredError` whose message says what to do. Once a request has
failed in a way that says FRED itself is unusable (unreachable, stalled, down, throttling,
a wrong address), the client refuses further requests at once (``outage``) instead of
waiting again for every series. No message ever contains the API key: it travels only in
the query string, and every URL or text shown is redacted.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import fredapi
import pandas as pd

from . import settings
from .errors import LiveError

log = logging.getLogger(__name__)

API_KEY_ENV = "FRED_API_KEY"
API_KEY_HELP = "https://fred.stlouisfed.org/docs/api/api_key.html"
DEFAULT_ROOT_URL = "https://api.stlouisfed.org/fred"
ROOT_URL_ENV = "FEDBOOK_FRED_URL"  # another address for the API (a mirror, a proxy, a test server)
TIMEOUT_ENV = "FEDBOOK_FRED_TIMEOUT"  # seconds one request may take in all, body included
DEFAULT_TIMEOUT_SECONDS = 15.0
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 60.0
MISSING = "."  # FRED's marker for a missing observation

_KEY_IN_URL = re.compile(r"([?&]api_key=)[^&\s\"'<>]+")  # the query parameter, not FRED_API_KEY=


def redact(text: str, api_key: str | None = None) -> str:
    """`text` with the API key removed, whether it appears bare or as a query parameter.

    The bare key is replaced only as a whole token (not inside a longer word): replacing a
    short key inside words would mangle the message and, by the gaps it leaves, reveal it.
    """
    text = _KEY_IN_URL.sub(r"\1<FRED_API_KEY>", str(text))
    if api_key:
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(api_key)}(?![A-Za-z0-9])", "<FRED_API_KEY>", text)
    return text


class FredError(LiveError):
    """Any failure talking to FRED. Messages are redacted of the API key on construction.

    ``outage`` is True for failures that say FRED itself cannot be used right now, so
    that later series are not tried again (as opposed to a problem with one series).
    """

    outage = False

    def __init__(self, message: str):
        super().__init__(redact(message))


class MissingKeyError(FredError):
    pass


class BadKeyError(FredError):
    pass


class FredUnknownSeriesError(FredError):
    pass


class ThrottledError(FredError):
    outage = True


class ServerError(FredError):
    outage = True


class NetworkError(FredError):
    """FRED's address cannot be reached at all (refused, no route, name not found)."""

    outage = True


class DroppedConnectionError(NetworkError):
    """FRED was reached, but the connection closed before its answer was complete."""


class FredTimeoutError(FredError):
    """No answer, or no complete answer, within the request's deadline."""

    outage = True


class WrongAddressError(FredError):
    """The address answered, but not as the FRED API (HTTP 403 or 404 without FRED's error body)."""

    outage = True


class OutageError(FredError):
    """A request not even tried, because FRED already failed earlier in this session.

    ``first`` is False once the same outage has been reported in this process.
    """

    outage = True
    first = True


class BadResponseError(FredError):
    pass


@dataclass
class _Retryable:
    """Internal: one attempt failed in a way worth retrying; `final` is raised if none is left."""

    final: FredError
    retry_after: float | None = None


def api_key_from_env() -> str:
    key = os.environ.get(API_KEY_ENV, "").strip()
    if not key:
        raise MissingKeyError(f"{API_KEY_ENV} is not set: get a free key at {API_KEY_HELP} "
                              f"and export {API_KEY_ENV}=...")
    return key


class FredClient(fredapi.Fred):
    """fredapi.Fred with timeouts, bounded retries and specific, key-free errors.

    `sleep` is injectable so tests do not wait out the backoff.
    """

    def __init__(self, api_key: str | None = None, root_url: str | None = None,
                 timeout: float | None = None, attempts: int = DEFAULT_ATTEMPTS,
                 backoff: float = DEFAULT_BACKOFF_SECONDS, sleep: Callable[[float], None] = time.sleep):
        key = api_key.strip() if api_key else api_key_from_env()
        super().__init__(api_key=key)
        self.custom_root = bool(root_url or os.environ.get(ROOT_URL_ENV))
        self.root_url = (root_url or os.environ.get(ROOT_URL_ENV) or DEFAULT_ROOT_URL).rstrip("/")
        self.timeout = timeout if timeout is not None else request_timeout()
        self.attempts, self.backoff, self.sleep = max(1, attempts), backoff, sleep
        self.outage: FredError | None = None  # the failure that showed FRED unusable, if any
        self.last_response_attrs: dict[str, str] = {}
        self._last_response_rows = 0

    def __repr__(self) -> str:  # the default repr is harmless, but never risk showing the key
        return f"FredClient(root_url={self.root_url!r}, timeout={self.timeout})"

    # -- the public API the book uses ------------------------------------------------------

    def series_info(self, series_id: str) -> dict:
        """FRED's metadata for a series: title, units, frequency, last_updated, ..."""
        try:
            info = dict(self.get_series_info(series_id))
        except (ValueError, IndexError) as exc:
            raise BadResponseError(f"FRED returned no series information for {series_id}: {exc}") from None
        missing = [k for k in ("title", "units", "frequency", "last_updated") if not info.get(k)]
        if missing:
            raise BadResponseError(f"FRED's information for {series_id} lacks {missing}")
        return info

    def observations(self, series_id: str) -> pd.Series:
        """All observations as floats on a DatetimeIndex; FRED's '.' stays NaN here.

        ``attrs`` carries ``missing`` (how many '.' values) and ``realtime`` (FRED's
        realtime_start/realtime_end of the response), for provenance.
        """
        try:
            raw = self.get_series(series_id)
        except (ValueError, TypeError) as exc:
            raise BadResponseError(f"FRED's observations for {series_id} are unreadable: {exc}") from None
        if raw.empty:
            raise BadResponseError(f"FRED returned no observations for {series_id}")
        if len(raw) != self._last_response_rows:  # fredapi keys by date, so duplicates vanish silently
            raise BadResponseError(f"FRED's observations for {series_id} repeat some dates")
        values = pd.Series(raw.to_numpy(dtype=float), index=pd.DatetimeIndex(raw.index, name="date"),
                           name=series_id)
        missing = int(values.isna().sum())
        if missing == len(values):
            raise BadResponseError(f"every one of the {missing} values FRED returned for {series_id} "
                                   f"is missing ('{MISSING}')")
        log.info("FRED %s: %d observations, %d missing ('.')", series_id, len(values), missing)
        values.attrs.update(missing=missing, realtime={
            "start": self.last_response_attrs.get("realtime_start"),
            "end": self.last_response_attrs.get("realtime_end")})
        return values

    def _parse(self, date_str, format="%Y-%m-%d"):
        """fredapi calls pd.to_datetime once per observation; strptime is ~10x faster."""
        return datetime.strptime(date_str, format)

    # -- transport -------------------------------------------------------------------------

    def _Fred__fetch_data(self, url: str) -> ET.Element:
        """Replaces fredapi's private fetch (name-mangled): timeout, retries, clear errors."""
        body = self._get_with_retries(url)
        try:
            root = ET.fromstring(body)
        except ET.ParseError as exc:
            raise BadResponseError(f"FRED sent a response that is not valid XML for {url} ({exc})") from None
        self.last_response_attrs, self._last_response_rows = dict(root.attrib), len(root)
        return root

    def _get_with_retries(self, url: str) -> bytes:
        if self.outage is not None:
            raise OutageError(f"not asking FRED for {_series_id(url)}: {self.outage}")
        try:
            return self._retry(url)
        except FredError as exc:
            if exc.outage:
                self.outage = exc
            raise

    def _retry(self, url: str) -> bytes:
        full_url = f"{url}&api_key={urllib.parse.quote_plus(self.api_key)}"
        for attempt in range(1, self.attempts + 1):
            log.debug("GET %s (attempt %d of %d)", url, attempt, self.attempts)
            outcome = self._get_once(full_url, url)
            if isinstance(outcome, bytes):
                return outcome
            if isinstance(outcome, FredError) or attempt == self.attempts:
                raise outcome.final if isinstance(outcome, _Retryable) else outcome
            delay = outcome.retry_after if outcome.retry_after is not None else self.backoff * 2 ** (attempt - 1)
            log.info("FRED request failed (%s); retrying in %.1f s", outcome.final, delay)
            self.sleep(min(delay, MAX_BACKOFF_SECONDS))
        raise AssertionError("unreachable")

    def _get_once(self, full_url: str, shown_url: str) -> bytes | FredError | _Retryable:
        """One request: the body, a transient failure to retry, or a final error.

        Errors are returned, not raised inside the ``except`` blocks, so they carry no
        ``__context__`` pointing at urllib's exception (whose ``url`` holds the key).
        """
        deadline = time.monotonic() + self.timeout
        try:
            response = urllib.request.urlopen(full_url, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            return self._http_error(exc, shown_url)
        except TimeoutError:
            return _Retryable(self._timeout_error(shown_url))
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                return _Retryable(self._timeout_error(shown_url))
            return self._network_error(exc.reason)
        except (ConnectionResetError, http.client.HTTPException) as exc:  # closed before any answer
            return _Retryable(self._dropped_error(shown_url, exc, received=0))
        except OSError as exc:
            return self._network_error(exc)
        with response:
            return self._read_body(response, deadline, shown_url)

    def _read_body(self, response, deadline: float, shown_url: str) -> bytes | _Retryable:
        """The whole body, or a retryable failure if it is dropped or not complete by `deadline`.

        A socket timeout alone bounds each read, not the body: a server sending one byte
        every few seconds would never trip it. So read in pieces and check the clock.
        """
        chunks: list[bytes] = []
        received = 0
        try:
            while (remaining := deadline - time.monotonic()) > 0:
                _limit_wait(response, remaining)
                chunk = response.read1(1 << 16)
                if not chunk:
                    _check_complete(response, received)
                    return b"".join(chunks)
                chunks.append(chunk)
                received += len(chunk)
        except TimeoutError:
            pass
        except (OSError, http.client.HTTPException) as exc:
            return _Retryable(self._dropped_error(shown_url, exc, received))
        return _Retryable(self._slow_body_error(shown_url, received))

    # -- mapping failures to errors --------------------------------------------------------

    def _http_error(self, exc: urllib.error.HTTPError, shown_url: str) -> FredError | _Retryable:
        status, message = exc.code, self._error_message(exc)
        tries = f"after {self.attempts} attempt{'s' * (self.attempts > 1)}"
        if status == 429:
            return _Retryable(ThrottledError(
                f"FRED is rate-limiting requests (HTTP 429: {message}) {tries}. FRED allows about "
                f"120 requests a minute per key: wait a minute and try again."), _retry_after(exc))
        if status >= 500:
            return _Retryable(ServerError(
                f"FRED's server failed (HTTP {status}: {message}) {tries} for {self._redact(shown_url)}. "
                f"FRED may be down or in maintenance: try again later."))
        if status == 400 and "api_key" in message.lower():
            return BadKeyError(f"FRED rejected the API key in {API_KEY_ENV} (HTTP 400: {message}) "
                               f"Check or request a key at {API_KEY_HELP}.")
        if "does not exist" in message.lower():  # FRED's own answer about a series id
            series = _series_id(shown_url)
            return FredUnknownSeriesError(f"FRED has no series {series!r} (HTTP {status}: {message}) "
                                          f"Check the fred_id in the snapshot manifest.")
        if status in (401, 403, 404):  # the address is not (or not allowed to reach) the FRED API
            return self._wrong_address_error(status, message, shown_url)
        return FredError(f"FRED refused the request {self._redact(shown_url)} (HTTP {status}: {message})")

    def _error_message(self, exc: urllib.error.HTTPError) -> str:
        """FRED's own message from its XML error body, else the HTTP reason."""
        try:
            body = exc.read()
            message = ET.fromstring(body).get("message") if body else None
        except (ET.ParseError, OSError, http.client.HTTPException):
            message = None
        finally:
            exc.close()
        return self._redact(" ".join((message or str(exc.reason) or "no message").split()))

    def _timeout_error(self, shown_url: str) -> FredTimeoutError:
        return FredTimeoutError(f"FRED did not answer within {self.timeout:g} s ({self.attempts} "
                                f"attempt{'s' * (self.attempts > 1)}) for {self._redact(shown_url)}. "
                                f"The network or FRED is slow: try again later.")

    def _wrong_address_error(self, status: int, message: str, shown_url: str) -> WrongAddressError:
        where = (f"check {ROOT_URL_ENV} (now {self.root_url!r}): it must be the API's root, such as "
                 f"{DEFAULT_ROOT_URL}" if self.custom_root else "a proxy or firewall may be in the way")
        return WrongAddressError(f"{self._redact(shown_url)} answered HTTP {status} ({message}), which is not "
                                 f"how the FRED API answers: {where}.")

    def _slow_body_error(self, shown_url: str, received: int) -> FredTimeoutError:
        return FredTimeoutError(f"FRED's answer for {self._redact(shown_url)} was still incomplete after "
                                f"{self.timeout:g} s ({received} bytes received; {self.attempts} attempt"
                                f"{'s' * (self.attempts > 1)}): the connection is too slow. Try again later, "
                                f"or allow more time with {TIMEOUT_ENV}.")

    def _dropped_error(self, shown_url: str, exc: BaseException, received: int) -> DroppedConnectionError:
        reason = self._redact(str(exc) or type(exc).__name__)
        return DroppedConnectionError(f"FRED closed the connection before its answer for {self._redact(shown_url)} "
                                      f"was complete ({received} bytes received: {reason}; {self.attempts} "
                                      f"attempt{'s' * (self.attempts > 1)}). The network or FRED is unstable: "
                                      f"try again later.")

    def _network_error(self, reason: object) -> NetworkError:
        return NetworkError(f"cannot reach FRED at {self.root_url} ({self._redact(str(reason))}). "
                            f"Check the internet connection (and any proxy settings).")

    def _redact(self, text: str) -> str:
        return redact(text, self.api_key)


def request_timeout() -> float:
    """$FEDBOOK_FRED_TIMEOUT, the deadline of one request in seconds (default 15)."""
    return settings.number(TIMEOUT_ENV, "seconds", DEFAULT_TIMEOUT_SECONDS, minimum=0.0, allow_minimum=False)


def _limit_wait(response, seconds: float) -> None:
    """Let the next socket read wait at most `seconds` (http.client keeps the socket in
    ``fp.raw._sock``; if that ever changes, the per-request socket timeout still applies)."""
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(seconds, 0.001))


def _check_complete(response, received: int) -> None:
    """An answer shorter than its Content-Length was cut off."""
    length = response.headers.get("Content-Length")
    if length is not None and length.isdigit() and int(length) != received:
        raise http.client.IncompleteRead(b"", int(length) - received)


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    """The server's Retry-After in seconds, if it sent a number."""
    try:
        return float(exc.headers.get("Retry-After"))
    except (TypeError, ValueError, AttributeError):
        return None


def _series_id(url: str) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    return query.get("series_id", ["?"])[0]
