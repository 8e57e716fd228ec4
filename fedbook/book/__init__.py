"""Presentation: what turns analysis into the book's pages and handouts.

What belongs here: the one chart style with unit, source and as-of line (``charts``),
gluing computed numbers into prose (``glue``, re-exported below) and citing them as
``{eval}`` expressions every reader sees (``inline``), executing chapters
deterministically and keeping chart alt text in sync (``notebooks``), generating the
student copies (``student``), the teaching material and instructor guide from
``book/teaching/`` (``teaching``), the glossary links (``glossary``), the solutions-free
edition of the site (``editions``), the helper-package wheel with the data snapshot
(``wheel``); how DataFrames look on the page (``tables``, installed below when running in a
Jupyter kernel), the website's Sphinx extensions (``sphinx_ext`` for {eval} numbers and the
download boxes, ``website`` for offline math, figures and clean pages) and the real-browser
checks of the built site (``browser``). Modules here may import ``fedbook.data`` and
``fedbook.analysis``; nothing below imports them, and they compute no economic result.
"""

from .glue import glue, glue_many, plain, trillions  # noqa: F401  notebooks use ``from fedbook.book import glue``
from .tables import install as _install_reader_tables

_install_reader_tables()  # only acts inside a Jupyter kernel: full cells, links, no row numbers
