"""Errors of the live data path, shared by the FRED client (``fred``) and the cache and
fallback logic (``live``); kept apart so that neither module has to import the other's
internals (``live`` uses ``fred``, never the reverse)."""

from __future__ import annotations


class LiveError(Exception):
    """A live fetch failed; the caller should fall back to the snapshot."""


class UnitChangedError(LiveError):
    """FRED now publishes the series in another unit than the manifest records."""


class LiveDataError(LiveError):
    """FRED's data fails a sanity check (dates out of order, nothing left after dropping '.')."""
