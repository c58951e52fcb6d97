"""Every Python the README names installs the pinned set: the first and the latest micro release
of each minor from 3.10 to 3.13 and the system Pythons of Debian 12, Ubuntu 22.04 and 24.04
(pip's dry run, with --python-version, from an interpreter of that minor: environment markers
are judged on the running interpreter, so the pinned files may only use python_version markers,
which every micro of a minor judges alike). And `make lab`'s install runs with this machine's
own system python3, and says which package to install when venv or ensurepip is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from interpreters import find_python, is_ci

REPO = Path(__file__).resolve().parents[1]
PINNED = ("requirements.txt", "requirements-test.txt", "constraints.txt")
# First and latest micro of each minor (latest as listed by uv 0.13.9's CPython downloads,
# 2026-12), and the system python3 of Debian 12, Ubuntu 22.04 and Ubuntu 24.04.
TARGETS = {"3.10": ["3.10.0", "3.10.12", "3.10.22"],
           "3.11": ["3.11.0", "3.11.2", "3.11.18"],
           "3.12": ["3.12.0", "3.12.3", "3.12.16"],
           "3.13": ["3.13.0", "3.13.18"]}


def test_pinned_files_use_only_minor_version_markers():
    for name in PINNED:
        for line in (REPO / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if not line or line.startswith("-"):
                continue
            req = Requirement(line)
            assert str(req.specifier).startswith("=="), f"{name}: {line} is not a pin"
            if req.marker is not None:
                used = set(re.findall(r"[a-z_]+(?=\s*[<>=!])", str(req.marker)))
                assert used == {"python_version"}, f"{name}: {line} (only python_version markers)"


def dry_run(python: str, target: str, tmp: Path) -> str:
    """pip's resolution of the test set (requirements-test.txt includes requirements.txt) for
    one target Python; '' when it resolves, else pip's complaint."""
    res = subprocess.run(
        [python, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
         "--only-binary=:all:", "--python-version", target, "--target", str(tmp / target),
         "-r", str(REPO / "requirements-test.txt"), "-c", str(REPO / "constraints.txt")],
        capture_output=True, text=True, timeout=900, env={**os.environ, "PIP_CONSTRAINT": ""})
    if res.returncode == 0:
        return ""
    lines = [l for l in res.stderr.splitlines() if "is ignored: it is neither" not in l]
    return "\n".join(lines[-25:])


@pytest.mark.slow
def test_pins_resolve_on_every_named_python(tmp_path):
    jobs, missing = [], []
    for minor, targets in TARGETS.items():
        python = find_python(minor)
        if python is None:
            missing.append(minor)
            continue
        jobs += [(python, t) for t in targets]
    if missing and is_ci():
        pytest.fail(f"no interpreter for Python {', '.join(missing)} (needed to judge markers)")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda job: (job[1], dry_run(*job, tmp_path)), jobs))
    failed = {target: err for target, err in results if err}
    if failed and not is_ci() and all(re.search(r"(?i)connection|resolve host|network", e)
                                      and "ResolutionImpossible" not in e
                                      for e in failed.values()):
        pytest.skip(f"no package index here: {next(iter(failed.values()))[-300:]}")
    assert not failed, "\n\n".join(f"Python {t}:\n{e}" for t, e in failed.items())
    if missing:
        pytest.skip(f"resolved for {len(jobs)} targets; no interpreter for {missing}")


def system_python() -> str | None:
    """This machine's own python3 (the distribution's, not pyenv's or a venv's)."""
    for cand in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.access(cand, os.X_OK):
            return cand
    return None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make (the README's route)")
def test_make_lab_installs_with_the_system_python3(tmp_path):
    python = system_python()
    if python is None:
        pytest.skip("no system python3 at /usr/bin/python3")
    venv = tmp_path / "venv"
    res = subprocess.run(["make", "--no-print-directory", "runtime", f"PYTHON={python}",
                          f"VENV={venv}"], cwd=REPO, capture_output=True, text=True, timeout=1500)
    version = subprocess.run([python, "--version"], capture_output=True, text=True).stdout
    assert res.returncode == 0, f"make lab's install with {python} ({version.strip()}) " \
        f"failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    check = subprocess.run(
        [venv / "bin/python", "-c", "import sys, neurolab, ipywidgets, jupyterlab; "
         "print(sys.version.split()[0], jupyterlab.__version__)"],
        capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.split()[0] == version.split()[1]
    lab = subprocess.run([venv / "bin/jupyter", "lab", "--version"], capture_output=True,
                         text=True, timeout=120)
    assert lab.stdout.strip() == check.stdout.split()[1], lab.stdout + lab.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make (the README's route)")
def test_make_names_the_package_when_ensurepip_is_missing(tmp_path):
    """As on Debian or Ubuntu without python3-venv: ensurepip cannot be imported."""
    (tmp_path / "ensurepip.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'ensurepip'\")\n")
    venv = tmp_path / "venv"
    res = subprocess.run(["make", "--no-print-directory", "runtime", f"PYTHON={sys.executable}",
                          f"VENV={venv}"], cwd=REPO, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)})
    minor = "{}.{}".format(*sys.version_info[:2])
    assert res.returncode != 0
    assert f"sudo apt install python{minor}-venv" in res.stderr, res.stdout + res.stderr
    assert "Traceback" not in res.stderr and not venv.exists()
