"""Data access and provenance: the bottom layer of the package.

What belongs here: reading the embedded, sha256-verified snapshot (``store``), converting
publishers' units to book units (``units``), loading series by id (``series``, re-exported
below), the dated event and policy tables in ``data/*.csv`` (``events``), the live FRED
path (``fred`` client, ``live`` cache, outage memory and fallback, ``errors``, validated
environment ``settings``), rewriting the snapshot
from FRED (``refresh``) and building it from raw public copies (``snapshot``). Nothing here
computes an economic result. This subpackage imports nothing from the rest of ``fedbook``;
``analysis``, ``claims`` and ``book`` import from it.
"""

from .series import (  # noqa: F401  the loading API, also re-exported by fedbook itself
    LiveDataWarning,
    SeriesInfo,
    UnknownSeriesError,
    catalog,
    entry,
    info,
    load,
    load_frame,
    load_published,
    manifest,
    resolve_source,
    series_ids,
)
