#!/usr/bin/env bash
# The Littlest JupyterHub (one VM) for a class. Run as root on the VM once TLJH is installed
# (https://tljh.jupyter.org), and again for every course update:
#     sudo bash setup.sh https://github.com/<owner>/neurolab.git [branch-or-tag]
# Step 2 alone (the students' packages, from a course folder already there; no git, no
# tljh-config):
#     sudo bash setup.sh --env-only [course folder, default /srv/neurolab]
# Tested here: step 2 for real against a stand-in for TLJH's user environment (a Python 3.12
# venv with what TLJH installs there; tests/test_hubs.py), this script's syntax, and that it
# sets the same limits, start command and default URL as deploy/z2jh/config.yaml
# (tests/test_deploy.py); that start command and default URL run in the local load test.
# Only on paper: TLJH itself, tljh-config and systemd (no TLJH VM on the development machine).
set -euo pipefail
course=/srv/neurolab           # the course, outside the students' homes
# TLJH's user environment: the students' kernels and jupyterhub-singleuser run from it (TLJH 2
# installs Python 3.12 there, then jupyterhub 5, JupyterLab 4, notebook 7 and ipywidgets 8 with
# pip). TLJH_USER_PYTHON points step 2 elsewhere (the tests use a stand-in).
user_python="${TLJH_USER_PYTHON:-/opt/tljh/user/bin/python}"

# Python and jupyterhub versions of an environment (jupyterhub there must match the hub's).
env_versions() {
    "$1" - <<'PY'
import platform
from importlib.metadata import PackageNotFoundError, version
try:
    hub = version("jupyterhub")
except PackageNotFoundError:
    hub = "none"
print(f"python {platform.python_version()}, jupyterhub {hub}")
PY
}

# 2. The one environment (binder/, the same pins as Binder and the z2jh image) into TLJH's user
#    environment with its own pip, then binder/postBuild (installs neurolab). pip never changes
#    the environment's Python (conda, with binder/runtime.txt's 3.11, would replace TLJH's 3.12
#    and everything installed for it); the pins add to what TLJH installed and downgrade none of
#    it (tests/test_hubs.py). binder/runtime.txt (3.11) is for Binder and the image only.
#    jupyterhub, jupyterlab and notebook are held at the versions TLJH installed: should a pin
#    ever need another one, pip stops with a conflict before it changes anything.
install_environment() {
    local dir="$1" before after
    if ! "$user_python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "setup.sh: $user_python is $("$user_python" -V 2>&1); binder/requirements.txt" \
             "needs 3.11 or newer (a TLJH 2 install has 3.12): upgrade TLJH, see deploy/README.md" >&2
        exit 1
    fi
    before="$(env_versions "$user_python")"
    held="$(mktemp)"
    trap 'rm -f "$held"' EXIT
    "$user_python" - >"$held" <<'PY'
from importlib.metadata import PackageNotFoundError, version
for name in ("jupyterhub", "jupyterlab", "notebook"):
    try:
        print(f"{name}=={version(name)}")
    except PackageNotFoundError:
        pass
PY
    if ! PIP_ROOT_USER_ACTION=ignore "$user_python" -m pip install --no-input \
            --requirement "$dir/binder/requirements.txt" --constraint "$held"; then
        echo "setup.sh: pip failed (its message is above) to install $dir/binder/requirements.txt" \
             "into $user_python's environment, holding $(xargs <"$held") as TLJH installed them" >&2
        exit 1
    fi
    (cd "$dir" && PIP_ROOT_USER_ACTION=ignore PATH="$(dirname "$user_python"):$PATH" \
        bash binder/postBuild)
    after="$(env_versions "$user_python")"
    if [ "$before" != "$after" ]; then
        echo "setup.sh: installing binder/ changed TLJH's user environment: $before -> $after" >&2
        exit 1
    fi
    "$user_python" -m pip check \
        || echo "setup.sh: warning: pip check found the conflicts above in $user_python" >&2
}

if [ "${1:-}" = "--env-only" ]; then
    install_environment "${2:-$course}"
    exit 0
fi
repo_url="${1:?usage: setup.sh <git URL of the course repository> [branch-or-tag]}"
ref="${2:-main}"

# 1. The course: cloned once, then updated in place (students' ~/work is never touched).
if [ -d "$course/.git" ]; then
    git -C "$course" fetch --quiet origin "$ref"
    git -C "$course" checkout --quiet --force FETCH_HEAD
else
    git clone --quiet --branch "$ref" "$repo_url" "$course"
fi

# 2. The students' packages and neurolab (install_environment above).
install_environment "$course"

# 3. Per-student limits (TLJH has limits only, no guarantees: size the VM from the README's
#    table), JupyterLab, and idle culling: the same numbers as deploy/z2jh/config.yaml.
tljh-config set limits.memory 1G
tljh-config set limits.cpu 1
tljh-config set user_environment.default_app jupyterlab
tljh-config set services.cull.enabled true
tljh-config set services.cull.timeout 3600
tljh-config set services.cull.every 300

# 4. Start command (copies the student edition into ~/work, never overwriting) and default URL.
install -m 644 /dev/stdin /opt/tljh/config/jupyterhub_config.d/neurolab.py <<PY
c.Spawner.cmd = ["$course/deploy/copy-course.sh", "$(dirname "$user_python")/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab/tree/work/00_python_practice.ipynb"
PY

tljh-config reload
