"""Other Python interpreters for the tests that need one of a given minor version (the pins'
resolution, TLJH's stand-in): found as pythonX.Y on the PATH, else under ~/.pyenv, as
scripts/find-python.sh finds them for the shell scripts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def is_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def find_python(minor: str) -> str | None:
    """A runnable pythonX.Y ("3.12"), the newest pyenv one when none is on the PATH (a pyenv
    shim exists even without that version, so each candidate is run once)."""
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    pyenv = sorted(versions.glob(f"{minor}.*/bin/python{minor}"),
                   key=lambda p: [int(x) for x in p.parts[-3].split(".") if x.isdigit()])
    for cand in [shutil.which(f"python{minor}"), *map(str, reversed(pyenv))]:
        if cand and subprocess.run([cand, "-c", "import sys"], capture_output=True).returncode == 0:
            return cand
    return None


def require_python(minor: str, why: str) -> str:
    """find_python, or skip the test saying why it needs that Python (a failure under CI)."""
    python = find_python(minor)
    if python is None:
        message = f"no Python {minor} (python{minor} on the PATH or under ~/.pyenv): {why}"
        if is_ci():
            pytest.fail(message)
        pytest.skip(message)
    return python
