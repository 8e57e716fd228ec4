"""Regenerate student/ (chapters without solutions or outputs, prose in plain Markdown with the
executed chapter's numbers). Run after editing or re-executing a chapter."""

from fedbook.book.notebooks import chapter_paths
from fedbook.book.student import write_all

for path in write_all(chapter_paths()):
    print(f"wrote {path.relative_to(path.parents[1])}")
