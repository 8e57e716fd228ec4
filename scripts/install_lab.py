"""Install the pinned Jupyter front ends (requirements-lab.txt) into this environment: `make lab`.

Without network access to the package registry pip fails deep in a traceback; this says
so in one line instead, and changes nothing (pip installs all or nothing).
"""

import subprocess
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "requirements-lab.txt"
REQUIREMENTS = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT  # another file: for tests

result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                         "--timeout", "20", "--retries", "1", "-r", str(REQUIREMENTS)],
                        capture_output=True, text=True)
if result.returncode != 0:
    lines = [line for line in result.stderr.splitlines() if line.strip() and "WARNING: Location" not in line]
    reason = lines[-1] if lines else "pip failed"
    sys.exit(f"make lab: could not install JupyterLab from {REQUIREMENTS.name} (is the package registry "
             f"reachable?): {reason}")
