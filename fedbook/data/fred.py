"""A FRED API client that fails clearly: timeouts, bounded retries, specific errors.

It is ``fredapi.Fred`` with one method replaced. fredapi opens URLs without a timeout
(a stalled connection hangs a notebook forever) and turns every HTTP failure into a bare
``ValueError``. Here every request has a timeout, HTTP 429, 5xx and timeouts are retried
a bounded number of times with backoff, and each failure becomes its own subclass of
:class:`FredError` whose message says what to do. No message ever contains the API key:
it travels only in the query string, and every URL or text shown is redacted.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
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

from .errors import LiveError

log = logging.getLogger(__name__)

API_KEY_ENV = "FRED_API_KEY"
API_KEY_HELP = "https://fred.stlouisfed.org/docs/api/api_key.html"
DEFAULT_ROOT_URL = "https://api.stlouisfed.org/fred"
ROOT_URL_ENV = "FEDBOOK_FRED_URL"  # another address for the API (a mirror, a proxy, a test server)
DEFAULT_TIMEOUT_SECONDS = 15.0
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 60.0
MISSING = "."  # FRED's marker for a missing observation

_KEY_IN_URL = re.compile(r"([?&]api_key=)[^&\s\"'<>]+")  # the query parameter, not FRED_API_KEY=


def redact(text: str, api_key: str | None = None) -> str:
    """`text` with the API key removed, whether it appears bare or as a query parameter."""
    text = str(text)
    if api_key:
        text = text.replace(api_key, "<FRED_API_KEY>")
    return _KEY_IN_URL.sub(r"\1<FRED_API_KEY>", text)


class FredError(LiveError):
    """Any failure talking to FRED. Messages are redacted of the API key on construction."""

    def __init__(self, message: str):
        super().__init__(redact(message))


class MissingKeyError(FredError):
    pass


class BadKeyError(FredError):
    pass


class FredUnknownSeriesError(FredError):
    pass


class ThrottledError(FredError):
    pass


class ServerError(FredError):
    pass


class NetworkError(FredError):
    pass


class FredTimeoutError(FredError):
    pass


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
                 timeout: float = DEFAULT_TIMEOUT_SECONDS, attempts: int = DEFAULT_ATTEMPTS,
                 backoff: float = DEFAULT_BACKOFF_SECONDS, sleep: Callable[[float], None] = time.sleep):
        key = api_key.strip() if api_key else api_key_from_env()
        super().__init__(api_key=key)
        self.root_url = (root_url or os.environ.get(ROOT_URL_ENV) or DEFAULT_ROOT_URL).rstrip("/")
        self.timeout, self.attempts, self.backoff, self.sleep = timeout, max(1, attempts), backoff, sleep
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
        try:
            with urllib.request.urlopen(full_url, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            return self._http_error(exc, shown_url)
        except TimeoutError:
            return _Retryable(self._timeout_error(shown_url))
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                return _Retryable(self._timeout_error(shown_url))
            return self._network_error(exc.reason)
        except (OSError, http.client.HTTPException) as exc:
            return self._network_error(exc)

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
        if status == 404 or "does not exist" in message.lower():
            series = _series_id(shown_url)
            return FredUnknownSeriesError(f"FRED has no series {series!r} (HTTP {status}: {message}) "
                                          f"Check the fred_id in the snapshot manifest.")
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

    def _network_error(self, reason: object) -> NetworkError:
        return NetworkError(f"cannot reach FRED at {self.root_url} ({self._redact(str(reason))}). "
                            f"Check the internet connection (and any proxy settings).")

    def _redact(self, text: str) -> str:
        return redact(text, self.api_key)


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    """The server's Retry-After in seconds, if it sent a number."""
    try:
        return float(exc.headers.get("Retry-After"))
    except (TypeError, ValueError, AttributeError):
        return None


def _series_id(url: str) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    return query.get("series_id", ["?"])[0]
