#!/usr/bin/env bash
# Start a student's server with the course in ~/work: copy each notebook of the student edition
# that ~/work does not have yet (never overwriting: a student's own edits survive every course
# update), then run the given command (jupyterhub-singleuser and its arguments). The copy is the
# one `make lab` makes (copy_student_edition in jupyter_server_config.py; standard library only).
#
#   NEUROLAB_COURSE_DIR  the course repository (default: the folder above this script)
#   NEUROLAB_WORK_DIR    the student's folder (default: ~/work)
#
# The single-user start command of every hub setting in deploy/ (z2jh, TLJH, the local load test).
set -euo pipefail
course="${NEUROLAB_COURSE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
work="${NEUROLAB_WORK_DIR:-$HOME/work}"
python3 - "$course" "$work" <<'PY'
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from jupyter_server_config import copy_student_edition  # noqa: E402

copy_student_edition(dst=Path(sys.argv[2]))
PY
[ "$#" -gt 0 ] && exec "$@"
exit 0
