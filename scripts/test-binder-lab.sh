#!/usr/bin/env bash
# The browser smoke test on the JupyterLab that Binder and the hubs serve (4.4.9, from Binder's
# base environment), not only on the one `make lab` installs. `make test` runs it after pytest.
#
# .venv-binder stands in for Binder's image: the Python of binder/runtime.txt, Binder's base
# packages at the versions repo2docker locks them (tools/binder_env.py reads repo2docker's lock),
# binder/requirements.txt on top, neurolab (as binder/postBuild installs it), and only pytest,
# pytest-timeout and playwright (requirements-test.txt's pins) to drive the browser. Then every
# notebook is opened in Chromium, run top to bottom, and one slider of each explorer is dragged
# (tests/browser/test_notebooks_in_browser.py::test_notebook_in_browser), and a fresh JupyterLab
# started as repo2docker starts it shows no prompt over a notebook (test_routes_in_browser.py).
# Idempotent: the venv is rebuilt only when one of the files it comes from changes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/find-python.sh

v=$(.venv/bin/python tools/binder_env.py python)
echo "== Binder's JupyterLab on Python $v: the notebooks in a real browser"
if ! py=$(find_python "$v"); then
    echo "WARNING: python$v not found; Binder's JupyterLab was NOT tested (e.g. pyenv install $v)"
    if is_ci; then echo "CI=true: Binder's JupyterLab must be tested"; exit 1; fi
    exit 0
fi
venv=.venv-binder
lock=$(.venv/bin/python -c 'import sys; sys.path.insert(0, "tools"); import binder_env; print(binder_env.lock_file(binder_env.binder_python()))')
want=$(cat binder/* requirements-test.txt pyproject.toml tools/binder_env.py "$lock" | sha256sum)
if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$want" ]; then
    start=$SECONDS
    rm -rf "$venv"
    "$py" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    .venv/bin/python tools/binder_env.py requirements > "$venv/requirements.txt"
    .venv/bin/python tools/binder_env.py constraints > "$venv/constraints.txt"
    grep -E '^(pytest|pytest-timeout|playwright)==' requirements-test.txt >> "$venv/requirements.txt"
    "$venv/bin/python" -m pip install --quiet --only-binary=:all: \
        -r "$venv/requirements.txt" -c "$venv/constraints.txt"
    "$venv/bin/python" -m pip check
    echo "$want" > "$venv/.installed"
    echo "   installed $venv in $((SECONDS - start)) s"
fi
# binder/postBuild as repo2docker runs it, every time (neurolab's sources are not in $want):
# neurolab itself and the course's JupyterLab settings (overrides.json)
PATH="$PWD/$venv/bin:$PATH" PIP_QUIET=1 bash binder/postBuild
lab=$("$venv/bin/python" -c 'import jupyterlab; print(jupyterlab.__version__)')
echo "   JupyterLab $lab"
start=$SECONDS
NEUROLAB_ROUTE=binder "$venv/bin/python" -m pytest -q -p no:cacheprovider -o addopts= \
    --durations=10 "tests/browser/test_notebooks_in_browser.py::test_notebook_in_browser" \
    tests/browser/test_routes_in_browser.py
echo "   Binder's JupyterLab $lab tested in $((SECONDS - start)) s"
