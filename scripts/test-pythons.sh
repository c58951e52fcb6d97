#!/usr/bin/env bash
# The README promises Python 3.10 to 3.13. `make test` runs everything on .venv's Python; this
# script (run by `make test` after that) runs the import, the unit tests and one notebook (nbval)
# on the oldest and the newest of the range, each in its own venv (.venv-py3.10, .venv-py3.13)
# installed from the same pinned files (requirements-test.txt with constraints.txt), which also
# checks that every pin installs there. Idempotent: a venv is reinstalled only when one of those
# files changes.
#   NEUROLAB_PYTHONS="3.10 3.13"   the versions (found as pythonX.Y on PATH or under ~/.pyenv)
#   A missing interpreter is a failure under CI=true and a loud warning otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

NOTEBOOK=notebooks/01_lif_neuron.ipynb
source scripts/find-python.sh

versions=${NEUROLAB_PYTHONS:-3.10 3.13}
for v in $versions; do
    echo "== Python $v: import, unit tests and $NOTEBOOK"
    if ! py=$(find_python "$v"); then
        echo "WARNING: python$v not found; Python $v was NOT tested (install it, e.g. pyenv install $v)"
        if is_ci; then echo "CI=true: every Python of the README's range must be tested"; exit 1; fi
        continue
    fi
    venv=.venv-py$v
    want=$(cat requirements.txt requirements-test.txt constraints.txt pyproject.toml | sha256sum)
    if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$want" ]; then
        start=$SECONDS
        rm -rf "$venv"
        "$py" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --upgrade pip
        "$venv/bin/python" -m pip install --quiet -r requirements-test.txt -c constraints.txt
        "$venv/bin/python" -m pip install --quiet --no-deps -e .
        "$venv/bin/python" -m pip check
        echo "$want" > "$venv/.installed"
        echo "   installed $venv in $((SECONDS - start)) s"
    fi
    start=$SECONDS
    # The main run has numba (requirements-test.txt), so the simulators run the compiled
    # kernels; the newest Python runs everything on the numpy paths students have.
    if [ "$v" = "${versions##* }" ]; then
        export NEUROLAB_COMPILED=0
        echo "   NEUROLAB_COMPILED=0: the numpy paths"
    else
        unset NEUROLAB_COMPILED
    fi
    "$venv/bin/python" -c 'import sys, neurolab as nl; run = nl.run_lif(nl.default_pars(T=100), 300.0); assert run.spikes.size > 0 and run.v.shape == run.t.shape; print("   import neurolab", nl.__version__, "on Python", sys.version.split()[0], "ok")'
    # The unit tests; not the browser, delivery, pins, deployment and hub tests (servers,
    # installs and tools, not the Python of the course's code: they run in .venv).
    "$venv/bin/python" -m pytest -q -p no:cacheprovider --durations=5 -o addopts=--nbval-lax \
        --ignore=tests/browser --ignore-glob='tests/test_delivery*' --ignore=tests/test_pins.py \
        --ignore=tests/test_deploy.py --ignore=tests/test_hubs.py --ignore=tests/test_loadtest.py \
        tests "$NOTEBOOK"
    echo "   Python $v tested in $((SECONDS - start)) s"
done
