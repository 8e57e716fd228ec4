"""fedbook: data, charts and analysis helpers for the executable book on the Fed's balance sheet."""

from .data import (  # noqa: E402,F401  the public API notebooks use
    LiveDataWarning,
    UnknownSeriesError,
    catalog,
    info,
    load,
    load_frame,
    series_ids,
)
from .data.store import SnapshotError  # noqa: E402,F401

# In a Jupyter kernel, DataFrames render for readers: every cell in full, sources as links,
# no pandas row numbers (fedbook.book.tables; importing fedbook.book installs it).
from .book import tables as _reader_tables  # noqa: E402,F401
