"""How tables look on the website: every cell in full, sources as links, no row numbers.

pandas' own notebook HTML cuts long cells at 50 characters (so a source's address was
not on the page at all), prints source addresses as plain text and shows the 0..n-1
row numbers of a default index, which mean nothing to a reader. Inside a Jupyter kernel
``install()`` (run when ``fedbook.book`` is imported) makes the kernel render every
DataFrame with ``reader_html`` instead:

- no cell text is shortened (the row and column limits of ``pd.options.display`` stay);
- every cell that is a web address becomes a link whose target is the full address;
- the index is left out when it is a default 0..n-1 range (a named or dated index stays);
- every date (``YYYY-MM-DD``) in a cell's text is wrapped in ``<span class="fb-date">``
  so the stylesheet keeps it on one line (addresses in ``href`` are left alone).

The plain-text output (what nbval compares) is pandas' own and does not change.
"""

from __future__ import annotations

import re

import pandas as pd

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")


def is_row_number_index(index: pd.Index) -> bool:
    """True for the default 0, 1, 2, ... index, which carries no information for a reader."""
    return (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
            and index.name is None)


def reader_html(frame: pd.DataFrame) -> str:
    html = frame.to_html(index=not is_row_number_index(frame.index), render_links=True, border=0,
                         max_rows=pd.get_option("display.max_rows"),
                         max_cols=pd.get_option("display.max_columns"),
                         show_dimensions=pd.get_option("display.show_dimensions"))
    return TEXT_BETWEEN_TAGS.sub(lambda m: ">" + DATE.sub(r'<span class="fb-date">\g<0></span>', m.group(1)) + "<",
                                 html)


def install() -> None:
    """Inside an IPython kernel, render DataFrames with reader_html; elsewhere do nothing."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python without IPython: nothing to configure
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, reader_html)
