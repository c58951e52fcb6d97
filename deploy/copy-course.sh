#!/usr/bin/env bash
# Start a student's server with the course in ~/work: copy each notebook of the student edition
# that ~/work does not have yet (never overwriting: a student's own edits survive every course
# update), then run the given command (jupyterhub-singleuser and its arguments). The copy is the
# one `make lab` makes (copy_student_edition in jupyter_server_config.py; standard library only).
# When the copy fails (~/work a file, read-only, full, ...) it prints one line saying what to do,
# which goes to the server's log, and the server starts all the same: the student can log in.
#
#   NEUROLAB_COURSE_DIR  the course repository (default: the folder above this script)
#   NEUROLAB_WORK_DIR    the student's folder (default: ~/work)
#
# The single-user start command of every hub setting in deploy/ (z2jh, TLJH, the local load test).
set -euo pipefail
course="${NEUROLAB_COURSE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
work="${NEUROLAB_WORK_DIR:-$HOME/work}"
python3 - "$course" "$work" <<'PY' || true  # its line says what failed; start the server anyway
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from jupyter_server_config import copy_student_edition, explain  # noqa: E402

work = Path(sys.argv[2])
try:
    copy_student_edition(dst=work)
except Exception as error:  # noqa: BLE001 (one line in the server's log, not a traceback)
    sys.exit(f"{explain(error, work)}; the server starts without copying the course notebooks")
PY
[ "$#" -gt 0 ] && exec "$@"
exit 0
