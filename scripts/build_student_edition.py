"""Build the solutions-free website into _build/student-html (`make book-noanswers`).

Options: --no-execute renders the stored outputs instead of re-executing the chapters.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fedbook.book.editions import REPO, write_student_tree

out = REPO / "_build" / "student-html"
with tempfile.TemporaryDirectory() as tmp:
    tree = write_student_tree(Path(tmp) / "book", execute="--no-execute" not in sys.argv[1:])
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(tree), "-W", "-n", "--keep-going"])
    if result.returncode:
        sys.exit(f"the solutions-free edition did not build (exit {result.returncode}); see the messages above")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(tree / "_build" / "html", out)
print(f"solutions-free edition: {out.relative_to(REPO)}/index.html")
