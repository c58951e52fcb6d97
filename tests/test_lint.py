"""The code passes ruff with the project's settings (pyproject.toml, [tool.ruff]): `make lint`."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_check_is_clean():
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, f"ruff check . (make lint) found:\n{res.stdout}{res.stderr}"
