"""JupyterLab settings for the course (`make lab`, or by hand on any system:
`jupyter lab --config=jupyter_server_config.py` from this folder).

- Students work in their own copies: every notebook of the student edition (notebooks/student/)
  that is not in work/ yet is copied there (a file already in work/ is never overwritten, so a
  course update adds its new notebooks and touches nothing a student saved). work/ is
  git-ignored: `git pull` never conflicts with it. JupyterLab opens on work/; the course
  notebooks (notebooks/) are one folder up.
- Tracked notebooks (under notebooks/) are saved without outputs, execution counts or widget
  state (the keys nbstripout removes) and with the notebook metadata they have on disk, so
  running and saving one changes nothing git tracks, and a reopened notebook has no stale
  widgets. Files under work/ are saved as they are.
- JupyterLab starts with the course's settings, overrides.json (no news or update prompts over
  the figures, autosave every 2 minutes, a new notebook starts its kernel without asking): they
  are put where JupyterLab reads its defaults, <app dir>/settings/overrides.d/neurolab.json
  (install_lab_settings; binder/postBuild does the same on Binder and the hubs). A student's
  own settings still win.
- Only this computer can connect (127.0.0.1); root (Docker, WSL, a course server) is allowed
  when it is the user who runs it.
- Kernels get CurveZMQ transport encryption from the server (their kernel spec declares
  support), which is what ipykernel's "Kernel is running over TCP without encryption" warning
  asks for. Without CurveZMQ in pyzmq the warning stays: the kernel's ports are on 127.0.0.1
  only and every message is signed with a per-kernel key, so only someone already logged in to
  this computer could read them.

Guarantees (nothing here loses a student's work, and nothing here stops JupyterLab):
- The copy never overwrites or opens an existing file of work/ (a symbolic link to an existing
  file counts as one); a link that points nowhere is replaced by the copy, with a line saying
  so. Each notebook is written to a hidden temporary file beside it, flushed to disk, and only
  then put in place, if its name is still free: a failed copy leaves no file behind, never an
  empty or partial notebook.
- A fault (work/ a file, a link to nothing, read-only or full; a course notebook that cannot
  be read) is one line on stderr saying what is wrong and what to do, never a traceback.
  JupyterLab still starts with every setting below; when work/ is not a folder it opens on
  notebooks/student/ instead.
- The pre-save hook never fails a save: if it cannot strip a notebook it logs one line and
  the notebook is saved exactly as JupyterLab sent it.

`python jupyter_server_config.py` only copies the new student notebooks into work/ (what a
student runs after `git pull` without restarting JupyterLab); it exits with 1 and the line
when work/ cannot take them. `python jupyter_server_config.py --lab-settings` only installs
overrides.json for this Python's JupyterLab (binder/postBuild). Standard library only:
deploy/copy-course.sh uses the copy too.
"""

import copy
import errno
import json
import logging
import os
import secrets
import sys
import warnings
from contextlib import suppress
from pathlib import Path

REPO = Path(__file__).resolve().parent
STUDENT_EDITION = REPO / "notebooks" / "student"
WORK = REPO / "work"
WORK_URL = "/lab/tree/work"
FALLBACK_URL = "/lab/tree/notebooks/student"  # when work/ is not a folder (work/ would 404)

# What is removed from a tracked notebook when it is saved: nbstripout's default keys.
NOTEBOOK_KEYS = ("widgets", "signature")
CELL_KEYS = ("collapsed", "ExecuteTime", "execution", "heading_collapsed", "hidden", "scrolled")


# ------------------------------------------------------------------ the copy into work/


class WorkUnusable(Exception):
    """The folder for the students' copies cannot take them; str() is the line to print."""


def warn(line):
    print(line, file=sys.stderr, flush=True)


def shown(path):
    """A path as the student knows it: relative to the course folder when inside it."""
    path = Path(os.path.abspath(path))
    try:
        return path.relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def points_nowhere(path):
    """Whether path is a symbolic link to nothing (replacing it loses nothing)."""
    return os.path.islink(path) and not os.path.exists(path)


def copy_student_edition(src=STUDENT_EDITION, dst=WORK):
    """Copy each notebook in src that dst does not have yet; return the names copied.

    An existing file in dst is never opened. Raises WorkUnusable when dst cannot take the copy
    (it may then hold some of the notebooks, each complete); a notebook of src that cannot be
    read is skipped with a line on stderr."""
    dst = Path(dst)
    check_work_folder(dst)
    copied = []
    for notebook in sorted(Path(src).glob("*.ipynb")):
        target = dst / notebook.name
        dangling = points_nowhere(target)
        if os.path.lexists(target) and not dangling:
            continue
        try:
            data = notebook.read_bytes()
        except OSError as error:
            warn(f"{shown(notebook)} cannot be read ({reason(error)}): skipped it (the other "
                 f"notebooks are copied into {shown(dst)}/); make it readable or restore it "
                 f"(git checkout -- {shown(notebook)}) and start again")
            continue
        try:
            if dangling:
                link = os.readlink(target)
                os.unlink(target)
            placed = write_new_file(target, data)
        except OSError as error:
            raise cannot_write(dst, error) from None
        if placed:
            copied.append(notebook.name)
            if dangling:
                warn(f"{shown(target)} was a link to {link}, which does not exist: replaced it "
                     "with the course's notebook")
    return copied


def check_work_folder(dst):
    """Make sure dst is a folder this user can write in, creating it if need be."""
    where = f"{shown(dst)}/"
    if points_nowhere(dst):
        raise WorkUnusable(f"{where} is a link to {os.readlink(dst)}, which does not exist: "
                           f"create that folder, or remove the link {shown(dst)}, and start again")
    if os.path.lexists(dst) and not os.path.isdir(dst):
        raise WorkUnusable(f"{where} is a file, not a folder: rename it (e.g. to "
                           f"{dst.name}.old) and start again")
    try:
        os.mkdir(dst)
    except FileExistsError:
        pass
    except OSError as error:
        raise WorkUnusable(f"{where} cannot be created ({reason(error)}): create it yourself "
                           "and start again") from None
    if not os.access(dst, os.W_OK | os.X_OK):
        raise cannot_write(dst, PermissionError(errno.EACCES, "Permission denied"))


def cannot_write(dst, error):
    where = f"{shown(dst)}/"
    if getattr(error, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WorkUnusable(f"{where} is read-only ({reason(error)}): make it writable (e.g. "
                            f"chmod u+w {shown(dst)}) and start again")
    return WorkUnusable(f"{where} cannot be written ({reason(error)}): fix that (e.g. free "
                        "some disk space) and start again")


def reason(error):
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


def write_new_file(target, data):
    """Write data to target unless target exists; return whether it was written. Either the
    whole file appears under its name or nothing does (no partial file, no temporary left)."""
    temporary = target.with_name(f".{target.name}.partial-{secrets.token_hex(6)}")
    try:
        with open(temporary, "xb") as out:  # hidden: JupyterLab does not list it
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        return move_unless_exists(temporary, target)
    finally:
        with suppress(OSError):  # already gone when it was renamed into place
            os.unlink(temporary)


def move_unless_exists(source, target):
    """Rename source to target if no file is named target (checked atomically by the system);
    return whether it was moved."""
    try:
        if os.name == "nt":
            os.rename(source, target)  # never replaces an existing file on Windows
        else:
            # POSIX rename replaces an existing file; link() fails instead (even for a link)
            os.link(source, target)
        return True
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links (FAT, some network shares)
        if os.path.lexists(target):
            return False
        os.rename(source, target)
        return True


def explain(error, dst=WORK):
    """The line for an exception of copy_student_edition (less what happens next)."""
    if isinstance(error, WorkUnusable):
        return str(error)
    return (f"copying the course notebooks into {shown(dst)}/ failed "
            f"({type(error).__name__}: {error}): please report this")


def report(copied):
    where = WORK.name
    if copied:
        print(f"Copied {len(copied)} new notebook(s) into {where}: {', '.join(copied)}", flush=True)
    print(f"Your own copies are in {where}/ (yours to change; course updates never touch them). "
          "The course notebooks are in notebooks/.", flush=True)


# ------------------------------------------------------------ the course's JupyterLab settings

LAB_SETTINGS = REPO / "overrides.json"
# Beside any other package's file in overrides.d/; a hand-written overrides.json there wins.
LAB_SETTINGS_NAME = "neurolab.json"


def lab_settings_target(app_dir=None):
    """Where JupyterLab reads the course's settings from: <app dir>/settings/overrides.d/, the
    app dir being JupyterLab's own (JUPYTERLAB_DIR, else <sys.prefix>/share/jupyter/lab)."""
    if app_dir is None:
        try:
            from jupyterlab.commands import get_app_dir

            app_dir = get_app_dir()
        except ImportError:  # JupyterLab not installed in this Python (yet)
            app_dir = Path(sys.prefix) / "share" / "jupyter" / "lab"
    return Path(app_dir) / "settings" / "overrides.d" / LAB_SETTINGS_NAME


def install_lab_settings(app_dir=None, src=LAB_SETTINGS):
    """Copy src (the course's overrides.json) to ``lab_settings_target(app_dir)``, unless the
    same bytes are there already; return the path written, or None. The file appears whole
    or not at all; an OSError when it cannot be written (a read-only environment)."""
    data = Path(src).read_bytes()
    target = lab_settings_target(app_dir)
    with suppress(OSError):
        if target.read_bytes() == data:
            return None
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.partial-{secrets.token_hex(6)}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    finally:
        with suppress(OSError):
            os.unlink(temporary)
    return target


# ----------------------------------------------------------------------- the pre-save hook


def strip_tracked_notebook(model, path, contents_manager=None, **kwargs):
    """pre_save_hook: a notebook under notebooks/ is saved without outputs, execution counts
    and widget state, and keeps the notebook metadata it has on disk (a kernel run rewrites the
    kernel's name and Python version there); anything else is saved unchanged.

    "Under notebooks/" is where the file really is (links resolved), in the server's root_dir.
    Never raises: on any error the model is left exactly as JupyterLab sent it, and one line is
    logged. Parts that are not what a notebook has (a cell's metadata a list, ...) are left
    as they are."""
    try:
        if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
            return
        root = getattr(contents_manager, "root_dir", None) or REPO
        os_path = os.path.realpath(os.path.join(root, *path.strip("/").split("/")))
        if not is_inside(os_path, os.path.realpath(os.path.join(root, "notebooks"))):
            return
        notebook = copy.deepcopy(model["content"])  # assigned back only when all went well
        strip(notebook, metadata_on_disk(os_path))
        model["content"] = notebook
    except Exception as error:  # noqa: BLE001 (a save must never fail because of this hook)
        log = getattr(contents_manager, "log", None) or logging.getLogger("neurolab")
        log.warning("neurolab pre-save hook: %s saved as it is, not stripped (%s: %s)",
                    path, type(error).__name__, error)


def is_inside(path, folder):
    """Whether path is in folder or one of its subfolders (both resolved)."""
    path, folder = os.path.normcase(path), os.path.normcase(folder)
    try:
        return path != folder and os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives (Windows)
        return False


def metadata_on_disk(os_path):
    """The notebook metadata of the file at os_path; None if it has none that is usable."""
    if not os.path.isfile(os_path):  # not there yet, or a folder, a pipe, ...
        return None
    try:
        with open(os_path, encoding="utf-8") as fh:
            metadata = json.load(fh).get("metadata")
    except (OSError, ValueError, AttributeError, RecursionError):
        return None
    return metadata if isinstance(metadata, dict) else None


def strip(notebook, disk_metadata):
    if disk_metadata is not None:
        notebook["metadata"] = disk_metadata
    pop_keys(notebook.get("metadata"), NOTEBOOK_KEYS)
    cells = notebook.get("cells")
    for cell in cells if isinstance(cells, list) else ():
        if not isinstance(cell, dict):
            continue
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        pop_keys(cell.get("metadata"), CELL_KEYS)


def pop_keys(mapping, keys):
    if isinstance(mapping, dict):
        for key in keys:
            mapping.pop(key, None)


# ------------------------------------------------------------------------- run or loaded


if __name__ == "__main__" and sys.argv[1:] == ["--lab-settings"]:
    try:
        written = install_lab_settings()
    except OSError as error:
        sys.exit(f"the course's JupyterLab settings could not be written to "
                 f"{lab_settings_target()} ({reason(error)})")
    print(f"JupyterLab settings: {written or lab_settings_target()} "
          f"{'written' if written else 'already current'}")
elif __name__ == "__main__":
    try:
        report(copy_student_edition())
    except Exception as error:  # noqa: BLE001 (one line, never a traceback)
        sys.exit(f"{explain(error)}; the course notebooks were not copied")
elif "get_config" in globals():  # loaded by Jupyter (imported, it only defines the above)
    c = get_config()  # noqa: F821
    try:
        report(copy_student_edition())
    except Exception as error:  # noqa: BLE001 (JupyterLab starts with every setting below)
        elsewhere = "" if os.path.isdir(WORK) else " and opens on notebooks/student/ instead"
        warn(f"{explain(error)}; JupyterLab starts without copying the course notebooks"
             f"{elsewhere}")
    try:
        install_lab_settings()
    except OSError as error:
        warn(f"the course's JupyterLab settings (overrides.json) could not be written to "
             f"{lab_settings_target()} ({reason(error)}): JupyterLab starts with its own "
             "defaults and may ask about Jupyter news (answer No)")
    c.ServerApp.root_dir = str(REPO)
    # the URL printed and opened: the file browser on work/
    c.LabApp.default_url = WORK_URL if os.path.isdir(WORK) else FALLBACK_URL
    c.ServerApp.ip = "127.0.0.1"
    c.ServerApp.allow_root = hasattr(os, "geteuid") and os.geteuid() == 0
    c.ContentsManager.pre_save_hook = strip_tracked_notebook
    # Jupyter applies this config twice (server, then JupyterLab) and warns when it sets the
    # same hook again.
    warnings.filterwarnings("ignore", message="Overriding existing pre_save_hook")
    try:
        import zmq

        if zmq.has("curve"):
            c.KernelManager.transport_encryption = "auto"
    except ImportError:
        pass
