#!/usr/bin/env bash
# The Littlest JupyterHub (one VM) for a class. Run as root on the VM once TLJH is installed
# (https://tljh.jupyter.org), and again for every course update:
#     sudo bash setup.sh https://github.com/<owner>/neurolab.git [branch-or-tag]
# Only on paper: there is no TLJH VM on the development machine. What is tested here: this
# script's syntax and that it sets the same limits, start command and default URL as
# deploy/z2jh/config.yaml (tests/test_deploy.py); that start command and default URL run in the
# local load test.
set -euo pipefail
repo_url="${1:?usage: setup.sh <git URL of the course repository> [branch-or-tag]}"
ref="${2:-main}"
course=/srv/neurolab           # the course, outside the students' homes

# 1. The course: cloned once, then updated in place (students' ~/work is never touched).
if [ -d "$course/.git" ]; then
    git -C "$course" fetch --quiet origin "$ref"
    git -C "$course" checkout --quiet --force FETCH_HEAD
else
    git clone --quiet --branch "$ref" "$repo_url" "$course"
fi

# 2. The one environment (binder/, the same as Binder and the z2jh image) into TLJH's user
#    environment, then binder/postBuild (installs neurolab).
/opt/tljh/user/bin/mamba env update --prefix /opt/tljh/user --file "$course/binder/environment.yml"
(cd "$course" && PATH="/opt/tljh/user/bin:$PATH" bash binder/postBuild)

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
c.Spawner.cmd = ["$course/deploy/copy-course.sh", "/opt/tljh/user/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab/tree/work/00_python_practice.ipynb"
PY

tljh-config reload
