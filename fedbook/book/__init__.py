"""Presentation: what turns analysis into the book's pages and handouts.

What belongs here: the one chart style with unit, source and as-of line (``charts``),
gluing computed numbers into prose (``glue``, re-exported below), executing chapters
deterministically and keeping chart alt text in sync (``notebooks``), generating the
student copies (``student``), the teaching material and instructor guide from
``book/teaching/`` (``teaching``), the glossary links (``glossary``) and the
solutions-free edition of the site (``editions``). Modules here may import ``fedbook.data`` and
``fedbook.analysis``; nothing below imports them, and they compute no economic result.
"""

from .glue import glue, glue_many, plain, trillions  # noqa: F401  notebooks use ``from fedbook.book import glue``
