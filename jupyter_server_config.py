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
- Only this computer can connect (127.0.0.1); root (Docker, WSL, a course server) is allowed
  when it is the user who runs it.
- Kernels get CurveZMQ transport encryption from the server (their kernel spec declares
  support), which is what ipykernel's "Kernel is running over TCP without encryption" warning
  asks for. Without CurveZMQ in pyzmq the warning stays: the kernel's ports are on 127.0.0.1
  only and every message is signed with a per-kernel key, so only someone already logged in to
  this computer could read them.

`python jupyter_server_config.py` only copies the new student notebooks into work/ (what a
student runs after `git pull` without restarting JupyterLab).
"""

import json
import os
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent
STUDENT_EDITION = REPO / "notebooks" / "student"
WORK = REPO / "work"

# What is removed from a tracked notebook when it is saved: nbstripout's default keys.
NOTEBOOK_KEYS = ("widgets", "signature")
CELL_KEYS = ("collapsed", "ExecuteTime", "execution", "heading_collapsed", "hidden", "scrolled")


def copy_student_edition(src=STUDENT_EDITION, dst=WORK):
    """Copy each notebook in src that dst does not have yet; return the names copied.
    An existing file in dst is never opened for writing."""
    dst.mkdir(exist_ok=True)
    copied = []
    for notebook in sorted(Path(src).glob("*.ipynb")):
        try:
            with open(dst / notebook.name, "xb") as out:  # "x": fails if the file exists
                out.write(notebook.read_bytes())
        except FileExistsError:
            continue
        copied.append(notebook.name)
    return copied


def strip_tracked_notebook(model, path, contents_manager=None, **kwargs):
    """pre_save_hook: a notebook under notebooks/ is saved without outputs, execution counts
    and widget state, and keeps the notebook metadata it has on disk (a kernel run rewrites the
    kernel's name and Python version there); anything else is saved unchanged."""
    if model.get("type") != "notebook" or not path.replace("\\", "/").lstrip("/").startswith(
        "notebooks/"
    ):
        return
    notebook = model["content"]
    os_path = getattr(contents_manager, "_get_os_path", None)  # FileContentsManager's
    on_disk = Path(os_path(path)) if os_path else None
    if on_disk is not None and on_disk.is_file():
        try:
            notebook["metadata"] = json.loads(on_disk.read_text(encoding="utf-8"))["metadata"]
        except (ValueError, KeyError):
            pass  # not a readable notebook on disk: strip below
    for key in NOTEBOOK_KEYS:
        notebook.get("metadata", {}).pop(key, None)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in CELL_KEYS:
            cell.get("metadata", {}).pop(key, None)


def report(copied):
    where = WORK.name
    if copied:
        print(f"Copied {len(copied)} new notebook(s) into {where}: {', '.join(copied)}", flush=True)
    print(f"Your own copies are in {where}/ (yours to change; course updates never touch them). "
          "The course notebooks are in notebooks/.", flush=True)


if __name__ == "__main__":
    report(copy_student_edition())
elif "get_config" in globals():  # loaded by Jupyter (imported, it only defines the above)
    c = get_config()  # noqa: F821
    report(copy_student_edition())
    c.ServerApp.root_dir = str(REPO)
    c.LabApp.default_url = "/lab/tree/work"  # the URL printed and opened: the file browser on work/
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
