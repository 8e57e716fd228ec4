"""Presentation: what turns analysis into the book's pages and handouts.

What belongs here: the one chart style with unit, source and as-of line (``charts``),
gluing computed numbers into prose (``glue``, re-exported below), executing chapters
deterministically and keeping chart alt text in sync (``notebooks``), and generating the
student copies (``student``); how DataFrames look on the page (``tables``, installed below
when running in a Jupyter kernel), the website's Sphinx extension (``website``) and the
real-browser checks of the built site (``browser``). Modules here may import ``fedbook.data`` and
``fedbook.analysis``; nothing below imports them, and they compute no economic result.
"""

from .glue import glue, glue_many, plain, trillions  # noqa: F401  notebooks use ``from fedbook.book import glue``
from .tables import install as _install_reader_tables

_install_reader_tables()  # only acts inside a Jupyter kernel: full cells, links, no row numbers
