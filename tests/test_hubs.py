"""The Littlest JupyterHub's user environment, for real: deploy/tljh/setup.sh's install step
(`--env-only`) runs against a stand-in for TLJH's user environment, a Python 3.12 venv holding
what TLJH 2 installs there, and must add the course without changing that environment's Python,
its jupyterhub (which must match the hub's) or anything else TLJH put there.

What TLJH 2 puts into /opt/tljh/user (the-littlest-jupyterhub, tljh/installer.py,
ensure_user_environment): miniforge 24.7.1-2, i.e. Python 3.12 with conda and mamba; then with
pip `jupyterhub>=5.2.0,<6` (tljh/requirements-hub-env.txt) and, on a fresh install,
tljh/requirements-user-env-extras.txt: notebook>=7.2.2,<8, jupyterlab>=4.2.5,<5,
nbgitpuller>=1.2.1,<2, jupyter-resource-usage>=1.1.0,<2, ipywidgets>=8.1.5,<9. TLJH_USER_ENV pins
what those ranges give on PyPI today; pip picks everything they pull in, as on a real install.
conda's own packages (conda, mamba, requests, ...) are not in the stand-in: binder/requirements.txt
pins none of them or what they need."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from interpreters import require_python

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
from binder_env import binder_pins  # noqa: E402

SETUP = REPO / "deploy" / "tljh" / "setup.sh"

# A fresh TLJH 2 install today: the newest releases within TLJH's ranges (see the docstring),
# installed in TLJH's order (jupyterhub first, then the extras).
TLJH_USER_ENV = [
    ["jupyterhub==5.5.4"],
    ["notebook==7.6.5", "jupyterlab==4.6.6", "nbgitpuller==1.3.0",
     "jupyter-resource-usage==1.3.0", "ipywidgets==8.1.9"],
]

ANSI = re.compile(r"\x1b\[[0-9;]*m")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="TLJH runs on Linux only")


def run(cmd, **kw):
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        raise AssertionError(f"{cmd} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return res


def versions(python):
    """{canonical name: version} of everything installed in python's environment."""
    out = run([python, "-c", "import importlib.metadata as m, json; print(json.dumps("
               "{d.metadata['Name']: d.version for d in m.distributions()}))"]).stdout
    return {canonicalize_name(name): version for name, version in json.loads(out).items()}


def course_checkout(dest):
    """What setup.sh's step 1 leaves in /srv/neurolab, enough for step 2: the repository without
    its history, venvs, notebooks and tests (pip then builds neurolab there, not in REPO)."""
    heavy = {".git", ".venv", ".hypothesis", "notebooks", "tests", "benchmarks", "docs",
             "node_modules", "build", "dist", "work", "__pycache__"}
    shutil.copytree(REPO, dest, ignore=lambda d, names: [
        n for n in names if n in heavy or n.startswith(".venv") or n.endswith(".egg-info")])
    return dest


@pytest.fixture(scope="module")
def tljh_user_env(tmp_path_factory):
    python312 = require_python("3.12", "TLJH's stand-in runs on it")
    env = tmp_path_factory.mktemp("tljh") / "user"
    run([python312, "-m", "venv", str(env)], timeout=120)
    python = str(env / "bin" / "python")
    for step in TLJH_USER_ENV:
        run([python, "-m", "pip", "install", "--quiet", *step], timeout=900)
    return python


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_tljh_install_step_adds_the_course_and_changes_nothing_of_tljhs(tljh_user_env, tmp_path):
    python = tljh_user_env
    before = versions(python)
    py_before = run([python, "-V"]).stdout
    assert py_before.startswith("Python 3.12.") and before["jupyterhub"] == "5.5.4"
    course = course_checkout(tmp_path / "neurolab")
    res = subprocess.run(["bash", str(SETUP), "--env-only", str(course)], capture_output=True,
                         text=True, timeout=900, cwd=tmp_path,
                         env={**os.environ, "TLJH_USER_PYTHON": python})
    assert res.returncode == 0, (res.stdout[-3000:], res.stderr[-3000:])
    assert "warning: pip check" not in res.stderr
    after = versions(python)

    # TLJH's Python and jupyterhub are untouched; so is everything TLJH installed that
    # binder/requirements.txt does not pin (nothing is downgraded or replaced)
    assert run([python, "-V"]).stdout == py_before
    assert after["jupyterhub"] == before["jupyterhub"]
    pins = binder_pins()
    changed = {n: (v, after.get(n)) for n, v in before.items() if after.get(n) != v}
    assert set(changed) <= set(pins), changed
    # every pin is installed at exactly its version; neurolab came from the course folder
    assert {n: after.get(n) for n in pins} == pins
    assert set(after) - set(before) <= set(pins) | {"neurolab"}
    assert after["neurolab"] and after["ipykernel"] == "7.4.0"
    run([python, "-m", "pip", "check"])
    # the course's JupyterLab settings, where that environment's JupyterLab reads them
    lab_settings = Path(python).parents[1] / "share/jupyter/lab/settings/overrides.d"
    assert (lab_settings / "neurolab.json").read_bytes() == (REPO / "overrides.json").read_bytes()

    # the students' kernel imports the course from the environment (not from the checkout)
    out = run([python, "-c", "import neurolab, ipywidgets, ipykernel, matplotlib;"
               "print(neurolab.__file__, ipywidgets.__version__, ipykernel.__version__)"],
              cwd=tmp_path, env={**os.environ, "MPLBACKEND": "Agg"}).stdout.split()
    assert "site-packages" in out[0] and out[1:] == [pins["ipywidgets"], "7.4.0"]
    # the widgets' front end is in the server's environment, and JupyterLab loads it
    jupyter = str(Path(python).with_name("jupyter"))
    labext = run([jupyter, "labextension", "list"], cwd=tmp_path)
    listing = ANSI.sub("", labext.stdout + labext.stderr)
    assert re.search(r"^\s+@jupyter-widgets/jupyterlab-manager v\S+ enabled OK "
                     r"\(python, jupyterlab_widgets\)$", listing, re.M), listing
    # the server extensions TLJH installed still load (each validates OK, none fails)
    serverext = run([jupyter, "server", "extension", "list"], cwd=tmp_path)
    listing = ANSI.sub("", serverext.stdout + serverext.stderr)
    for ext in ("jupyterlab", "notebook", "nbgitpuller", "jupyter_resource_usage"):
        assert re.search(rf"^\s+{ext} \S*\s*OK$", listing, re.M), (ext, listing)
    assert not re.search(r"^\s+X\b", listing, re.M) and "Traceback" not in listing, listing

@pytest.mark.slow
@pytest.mark.timeout(900)
def test_tljh_install_step_never_changes_jupyterhub(tljh_user_env, tmp_path):
    """Should binder/requirements.txt ever pin another jupyterhub (the user environment's must
    match the hub's), pip stops at the conflict, setup.sh fails and nothing has changed."""
    python = tljh_user_env
    course = course_checkout(tmp_path / "neurolab")
    requirements = course / "binder" / "requirements.txt"
    requirements.write_text(requirements.read_text() + "jupyterhub==5.5.0\n")
    before = versions(python)
    res = subprocess.run(["bash", str(SETUP), "--env-only", str(course)], capture_output=True,
                         text=True, timeout=600, cwd=tmp_path,
                         env={**os.environ, "TLJH_USER_PYTHON": python})
    assert res.returncode == 1, (res.stdout[-3000:], res.stderr[-3000:])
    assert "holding jupyterhub==5.5.4 jupyterlab==4.6.6 notebook==7.6.5" in res.stderr
    assert versions(python) == before


def test_tljh_install_step_refuses_a_python_older_than_the_pins(tmp_path):
    """A TLJH 1.x user environment (Python 3.10): setup.sh stops with a clear message before it
    installs anything (the venv has no pip, so an install attempt would fail differently)."""
    env = tmp_path / "user"
    run([require_python("3.10", "a TLJH 1 user environment"), "-m", "venv", "--without-pip",
         str(env)], timeout=120)
    res = subprocess.run(["bash", str(SETUP), "--env-only", str(REPO)], capture_output=True,
                         text=True, timeout=120,
                         env={**os.environ, "TLJH_USER_PYTHON": str(env / "bin" / "python")})
    assert res.returncode == 1
    assert "is Python 3.10." in res.stderr and "needs 3.11 or newer" in res.stderr, res.stderr
    assert "pip" not in res.stdout
