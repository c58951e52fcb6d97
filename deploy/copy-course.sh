#!/usr/bin/env bash
# Start a student's server with the course in ~/work: copy the student edition of the notebooks
# into ~/work, never overwriting a file that is already there (a student's own edits survive
# every course update), then run the given command (jupyterhub-singleuser and its arguments).
#
#   NEUROLAB_COURSE_DIR  where the course repository is (default: the folder above this script)
#   NEUROLAB_WORK_DIR    the student's folder (default: ~/work)
#
# Used as the single-user command by every hub setting in deploy/ (z2jh, TLJH, the local load test).
set -euo pipefail
course="${NEUROLAB_COURSE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
work="${NEUROLAB_WORK_DIR:-$HOME/work}"
src="$course/notebooks/student"
[ -d "$src" ] || src="$course/notebooks"   # before the student edition exists: the sources
mkdir -p "$work"
for nb in "$src"/*.ipynb; do
    [ -e "$nb" ] || continue
    dest="$work/$(basename "$nb")"
    [ -e "$dest" ] || cp "$nb" "$dest"
done
[ "$#" -gt 0 ] && exec "$@"
exit 0
