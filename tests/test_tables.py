"""Tables on the website: full cells, sources as links, no pandas row numbers, dates on one line."""

import pandas as pd

from fedbook.book import tables
from fedbook.data import events

LONG_URL = "https://www.federalreserve.gov/monetarypolicy/files/a-very-long-document-name-" + "x" * 60 + ".pdf"


def test_sources_table_shows_every_address_in_full_as_a_link():
    table = events.sources_table(["qe1_expanded", "qt_start", "qt_end"])
    html = tables.reader_html(table)
    for url in table["source"]:
        assert f'<a href="{url}" target="_blank">{url}</a>' in html
    assert "..." not in html and "\u2026" not in html


def test_long_cells_are_not_cut():
    html = tables.reader_html(pd.DataFrame({"source": [LONG_URL]}))
    assert html.count(LONG_URL) == 2  # the link's target and its text


def test_default_row_numbers_are_dropped_but_a_meaningful_index_stays():
    numbered = tables.reader_html(pd.DataFrame({"value": [1.5, 2.5]}))
    assert "<th>0</th>" not in numbered and "<th>1</th>" not in numbered
    dated = tables.reader_html(pd.DataFrame({"value": [1.5]}, index=pd.Index(["2022-04-13"], name="date")))
    assert '<th><span class="fb-date">2022-04-13</span></th>' in dated
    labelled = tables.reader_html(pd.DataFrame({"value": [1.5]}, index=["QE2"]))
    assert "<th>QE2</th>" in labelled


def test_dates_in_cells_are_marked_to_stay_on_one_line_but_addresses_are_untouched():
    url = "https://example.org/2025-12-01/statement.htm"
    html = tables.reader_html(pd.DataFrame({"date": ["2025-12-01"], "label": ["QT ends 2025-12-01 early"],
                                            "source": [url]}))
    assert '<td><span class="fb-date">2025-12-01</span></td>' in html
    assert '<td>QT ends <span class="fb-date">2025-12-01</span> early</td>' in html
    assert f'href="{url}"' in html


def test_install_outside_a_kernel_does_nothing():
    tables.install()  # no IPython shell in pytest: must not raise or change pandas
    assert "<th>0</th>" in pd.DataFrame({"a": [1]})._repr_html_()
