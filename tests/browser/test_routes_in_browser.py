"""A fresh start of each route this machine can run: no toast or dialog covers the notebook.

JupyterLab's own first-start prompts ("Would you like to get notified about official Jupyter
news?", update checks) sat over the lower right of the explorers on the projector. The course's
settings (overrides.json) turn them off on every route; this test starts JupyterLab exactly as
a route does, with nothing of the browser harness's own settings (no user settings, no
--LabApp.news_url), opens a notebook at a laptop and a projector size, waits for the kernel and
a few seconds more, and fails on any toast or dialog on the page.

Routes (NEUROLAB_ROUTE):
  make-lab  (default) `jupyter lab --config=jupyter_server_config.py` from a course copy, which
            puts overrides.json where JupyterLab reads it (it is removed first: the start must
            put it back)
  binder    scripts/test-binder-lab.sh, in .venv-binder after binder/postBuild: `jupyter lab`
            with JupyterLab's defaults on a copy of the repository, as repo2docker starts it
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import nb_browser as nbb

pytestmark = pytest.mark.browser

ROUTE = os.environ.get("NEUROLAB_ROUTE", "make-lab")
NOTEBOOK = "03_noisy_input.ipynb"
# the laptop and the projector sizes of the explorers' tests (the projector at 150 % zoom)
SCREENS = {"laptop": ({"width": 1366, "height": 768}, 1.0),
           "projector": ({"width": 1280, "height": 720}, 1.5)}
SETTLE_S = 8.0  # after the kernel is idle: JupyterLab's news prompt came within 2 s here


def course_copy(dst: Path) -> Path:
    """What a route has of the repository: the server config, the settings, the notebooks."""
    for name in ("jupyter_server_config.py", "overrides.json"):
        shutil.copy2(nbb.REPO / name, dst / name)
    nbb.copy_tree(nbb.REPO / "notebooks", dst / "notebooks")
    return dst


def start(route: str, root: Path, home: Path):
    """JupyterLab as the route starts it, on root, with a fresh home; (process, base URL,
    token, log file) once it answers."""
    port, token = nbb.free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items()
           if k not in ("JUPYTER_PATH", "JUPYTER_TOKEN", "JUPYTERLAB_DIR", "JUPYTER_CONFIG_PATH")}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "cfg"),
               JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_RUNTIME_DIR=str(home / "run"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "ws"), IPYTHONDIR=str(home / "ipy"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    jupyter = str(Path(sys.executable).with_name("jupyter"))
    cmd = [jupyter, "lab", "--no-browser", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    if route == "make-lab":
        cmd.insert(2, "--config=jupyter_server_config.py")  # as the Makefile's `lab` target
    else:  # repo2docker: JupyterLab's defaults on the repository (here, local and as root)
        cmd += ["--ServerApp.ip=127.0.0.1", "--allow-root"]
    log = home / "lab.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"JupyterLab exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"{base}/lab?token={token}", timeout=5).read()
            return proc, base, token, log
        except (urllib.error.URLError, ConnectionError, OSError) as err:
            if time.monotonic() > deadline:
                stop(proc)
                raise AssertionError(
                    f"JupyterLab did not answer in 90 s:\n{log.read_text()}") from err
            time.sleep(0.25)


def stop(proc):
    try:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)


# Everything JupyterLab puts over a notebook: toasts (react-toastify) and modal dialogs.
_JS_COVERS = """() => Array.from(document.querySelectorAll('.Toastify__toast, .jp-Dialog'))
    .filter(el => el.getClientRects().length > 0)
    .map(el => el.className.split(' ')[0] + ': ' + el.innerText.replace(/\\s+/g, ' ').trim())"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    nbb.require_browser()
    if ROUTE not in ("make-lab", "binder"):
        pytest.fail(f"NEUROLAB_ROUTE must be make-lab or binder, got {ROUTE!r}", pytrace=False)
    root = course_copy(tmp_path_factory.mktemp("route-course"))
    if ROUTE == "make-lab":
        import jupyter_server_config as cfg

        target = cfg.lab_settings_target()
        target.unlink(missing_ok=True)  # the start itself must put the settings in place
    proc, base, token, log = start(ROUTE, root, tmp_path_factory.mktemp("route-home"))
    yield root, base, token, log
    stop(proc)
    if ROUTE == "make-lab":
        assert target.read_bytes() == (nbb.REPO / "overrides.json").read_bytes(), \
            f"`make lab` did not put the course's settings in {target}"


@pytest.mark.parametrize("screen", SCREENS)
def test_a_fresh_start_shows_nothing_over_the_notebook(browser, served, screen):
    root, base, token, log = served
    rel = f"work/{NOTEBOOK}" if ROUTE == "make-lab" else f"notebooks/student/{NOTEBOOK}"
    assert (root / rel).is_file(), f"{rel} is not where the route puts it"
    viewport, ratio = SCREENS[screen]
    ctx = browser.new_context(viewport=viewport, device_scale_factor=ratio)
    page = ctx.new_page()
    try:
        workspace = f"route-{ROUTE}-{screen}-{secrets.token_hex(3)}"
        page.goto(f"{base}/lab/workspaces/{workspace}/tree/{rel}?token={token}",
                  wait_until="load", timeout=90_000)
        panel = nbb.notebook_panel(page)
        panel.wait_for(state="visible", timeout=90_000)
        deadline = time.monotonic() + 90
        while not nbb._kernel_ready(panel.evaluate(nbb._JS_STATE)):
            assert time.monotonic() < deadline, "no idle kernel within 90 s"
            page.wait_for_timeout(250)
        page.wait_for_timeout(SETTLE_S * 1000)
        covers = page.evaluate(_JS_COVERS)
        nbb.ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = nbb.ARTIFACTS / f"route-{ROUTE}-{screen}.png"
        page.screenshot(path=str(shot))
        assert covers == [], (f"on a fresh start of the {ROUTE} route at {screen} size, "
                              f"over the notebook: {covers} (screenshot {shot})")
    finally:
        ctx.close()
