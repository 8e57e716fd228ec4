"""Re-execute chapter notebooks in place (all, or the paths given) and print their run times."""

import sys
from pathlib import Path

from fedbook.book.notebooks import chapter_paths, execute

paths = [Path(p) for p in sys.argv[1:]] or chapter_paths()
for path in paths:
    print(f"{path.name}: executed in {execute(path):.1f} s", flush=True)
