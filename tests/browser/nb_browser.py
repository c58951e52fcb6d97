"""Helpers for the real-browser notebook tests.

* ``browser_unavailable_reason`` -- is Debian's chromium + the playwright package here?
* ``JupyterLabServer`` -- a throwaway JupyterLab on 127.0.0.1 with clean
  config/settings/workspace/runtime dirs, serving a temporary copy of notebooks.
* ``check_notebook`` (with ``collect_errors``, ``saved_notebook_errors``,
  ``check_explorers``, ``log_console_errors``) -- drive one notebook in a Playwright
  page and report what is wrong as a list of strings
  (empty list == fine), so that the checking code can itself be tested against
  notebooks that are known to be broken.

Nothing here imports playwright at module level, so that collection works (and the
tests can skip/fail loudly) on a machine without it.
"""

from __future__ import annotations

import atexit
import glob
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("NEUROLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Mime types / texts that mean "this notebook is broken".
ERROR_MIME = "application/vnd.jupyter.error"
STDERR_MIME = "application/vnd.jupyter.stderr"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_ERROR_TEXT = "Error displaying widget"

EXPLORER = ".neurolab-explorer"
SLIDER = ".widget-slider, .widget-hslider"
SLIDER_HANDLE = ".noUi-handle"
IMAGE = "img.widget-image, .widget-image img"


def is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def browser_unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None if they can."""
    problems = []
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        problems.append(
            f"{CHROMIUM} not found (install Debian's chromium: `apt-get install -y chromium`; "
            "never `playwright install`, it downloads a browser)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except Exception as exc:  # ImportError, or a broken install
        problems.append(
            f"the `playwright` Python package is not importable ({exc!r}; "
            f"`{sys.executable} -m pip install playwright`)"
        )
    if not problems:
        return None
    return "BROWSER TESTS DID NOT RUN: " + "; ".join(problems)


NOT_RUN: list[str] = []  # why the browser tests were skipped (for the pytest summary)


def require_browser() -> None:
    """Skip loudly (locally) or fail (CI=true) when chromium/playwright are missing."""
    import pytest

    reason = browser_unavailable_reason()
    if reason is None:
        return
    if is_ci():
        pytest.fail(f"{reason}. CI=true: CI must run the browser tests.", pytrace=False)
    if reason not in NOT_RUN:
        NOT_RUN.append(reason)
    pytest.skip(reason)


HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURES = HERE / "fixtures"
ARTIFACTS = REPO / "tests" / "artifacts"


def notebook_paths() -> list[Path]:
    """What the parametrized test runs over (collection time): notebooks/*.ipynb, or
    the glob/directory in NEUROLAB_BROWSER_NOTEBOOKS."""
    override = os.environ.get("NEUROLAB_BROWSER_NOTEBOOKS")
    if override:
        p = Path(override)
        if not p.is_absolute():
            p = Path.cwd() / p
        if p.is_dir():
            return sorted(p.glob("*.ipynb"))
        return sorted(Path(x) for x in glob.glob(str(p)) if x.endswith(".ipynb"))
    return sorted((REPO / "notebooks").glob("*.ipynb"))


def slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", s).strip("-") or "x"


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))


# User settings for the throwaway JupyterLab: no news/update prompts, no autosave,
# every cell attached to the DOM (the default windowing mode may skip off-screen cells).
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


@dataclass
class JupyterLabServer:
    root: Path  # served directory (a temp copy, never the repo)
    home: Path  # temp dir for config/data/runtime/settings/workspaces/logs
    extra_pythonpath: list[str] = field(default_factory=list)
    startup_timeout: float = 90.0

    port: int = 0
    token: str = ""
    proc: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, rel_path: str, workspace: str) -> str:
        quoted = urllib.parse.quote(rel_path)
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{quoted}?token={self.token}"

    def start(self) -> None:
        cfg = self.home / "config"
        data = self.home / "data"
        runtime = self.home / "runtime"
        settings = self.home / "user-settings"
        workspaces = self.home / "workspaces"
        ipython = self.home / "ipython"
        for d in (cfg, data, runtime, settings, workspaces, ipython):
            d.mkdir(parents=True, exist_ok=True)
        for plugin, values in USER_SETTINGS.items():
            _write_json(settings / f"{plugin}.jupyterlab-settings", values)
        _write_json(
            cfg / "jupyter_server_config.json",
            {
                "LabApp": {
                    "news_url": None,
                    "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                    "user_settings_dir": str(settings),
                    "workspaces_dir": str(workspaces),
                }
            },
        )

        self.port = free_port()
        self.token = secrets.token_hex(16)
        env = dict(os.environ)
        venv_bin = str(Path(sys.executable).parent)
        env.update(
            JUPYTER_CONFIG_DIR=str(cfg),
            JUPYTER_DATA_DIR=str(data),
            JUPYTER_RUNTIME_DIR=str(runtime),
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(workspaces),
            IPYTHONDIR=str(ipython),
            # `python` in the python3 kernelspec is replaced by sys.executable by
            # jupyter_client anyway; putting the venv first on PATH makes sure.
            PATH=venv_bin + os.pathsep + env.get("PATH", ""),
            PYTHONPATH=os.pathsep.join(
                self.extra_pythonpath + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
            ),
            JUPYTER_PLATFORM_DIRS="1",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_TOKEN", None)
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--allow-root",
            "--no-browser",
            "--ServerApp.open_browser=False",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run commands by id
            f"--LabApp.user_settings_dir={self.home / 'user-settings'}",
            f"--LabApp.workspaces_dir={self.home / 'workspaces'}",
        ] + shlex.split(os.environ.get("NEUROLAB_BROWSER_SERVER_ARGS", ""))
        self.log_path = self.home / "jupyterlab.log"
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            cmd,
            cwd=self.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: stop() signals it as a whole
        )
        log.close()
        atexit.register(self.stop)  # even if pytest is interrupted before teardown
        self._wait_ready()

    def log_tail(self, n: int = 40) -> str:
        if not self.log_path or not self.log_path.exists():
            return "(no log)"
        lines = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(lines[-n:])

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.proc.returncode} during startup:\n"
                    + self.log_tail()
                )
            try:
                # /lab must answer too, not just the REST API: it needs the lab extension.
                self.api("GET", "/api/status")
                self.get_text("/lab")
                return
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                last = exc
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(
            f"JupyterLab not ready after {self.startup_timeout:.0f}s ({last!r}):\n"
            + self.log_tail()
        )

    def get_text(self, path: str) -> str:
        req = urllib.request.Request(
            self.base_url + path, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.read().decode("utf-8", "replace")

    def api(self, method: str, path: str):
        req = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self, rel_path: str | None = None) -> None:
        """Stop the kernels of the sessions for rel_path (all if None); best effort."""
        try:
            for s in self.api("GET", "/api/sessions") or []:
                if rel_path is None or s.get("path") == rel_path:
                    self.api("DELETE", f"/api/sessions/{s['id']}")
        except Exception:
            pass

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.shutdown_sessions()
        # SIGTERM: the server shuts its kernels down (they were already, above) and
        # exits; a kernel left over would exit by itself when its parent is gone.
        pgid = self.proc.pid  # start_new_session: the server leads its own group
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(
        src,
        dst,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc"),
        dirs_exist_ok=True,
    )


# --------------------------------------------------------------------------- browser


@dataclass
class Timeouts:
    load: float = 60.0  # JupyterLab UI + notebook + kernel ready
    run: float = 120.0  # all cells executed
    widgets: float = 30.0  # widget views rendered after execution
    redraw: float = 20.0  # figure changes after a slider move


def timeouts() -> Timeouts:
    """Default timeouts, times NEUROLAB_BROWSER_TIMEOUT_SCALE."""
    scale = float(os.environ.get("NEUROLAB_BROWSER_TIMEOUT_SCALE", "1") or 1)
    t = Timeouts()
    for k in ("load", "run", "widgets", "redraw"):
        setattr(t, k, getattr(t, k) * scale)
    return t


def launch_browser(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )


# JS run in the page.  `panel` is the notebook's .jp-NotebookPanel element.
#
# JupyterLab renders an `error` output with the *stderr* renderer (its data holds both
# application/vnd.jupyter.error and .stderr, the stderr one is shown), so in the DOM an
# exception is a stderr output with a traceback.  (A SyntaxError has no "Traceback"
# line: those are caught by saved_notebook_errors, which reads the saved outputs.)
_JS_IS_ERROR = """
  const isError = (el) => {
    if (el.matches('[data-mime-type="application/vnd.jupyter.error"]')) return true;
    if (!el.matches('[data-mime-type="application/vnd.jupyter.stderr"]')) return false;
    return el.textContent.includes('Traceback');
  };
"""

_JS_STATE = (
    """
(panel) => {"""
    + _JS_IS_ERROR
    + """
  const out = {cells: [], kernel: null, errors: 0};
  const ind = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  out.kernel = ind ? ind.getAttribute('data-status') : null;
  // The indicator says "idle" before any kernel exists: the kernel name says more.
  const kn = panel.querySelector('.jp-Toolbar-kernelName');
  out.kernelName = kn ? kn.textContent.trim() : null;
  const all = Array.from(panel.querySelectorAll('.jp-Notebook .jp-Cell'));
  for (const c of all) {
    if (!c.classList.contains('jp-CodeCell')) continue;
    const prompt = c.querySelector('.jp-InputArea-prompt');
    const src = c.querySelector('.cm-content');
    // A cell whose input is collapsed (the sources' hidden test cells) shows no prompt:
    // its execution count is read from the saved notebook (saved_notebook_errors).
    const input = c.querySelector('.jp-Cell-inputWrapper');
    const hidden = !!c.querySelector('.jp-InputPlaceholder') ||
                   (input !== null && input.offsetParent === null);
    out.cells.push({
      index: all.indexOf(c) + 1,
      prompt: prompt ? prompt.textContent.trim() : '',
      empty: src ? src.textContent.trim() === '' : false,
      hidden: hidden,
    });
  }
  for (const el of panel.querySelectorAll('.jp-OutputArea-output'))
    if (isError(el)) out.errors += 1;
  return out;
}
"""
)


def _prompt_count(prompt: str) -> str:
    m = re.search(r"\[(.*?)\]", prompt)
    return m.group(1).strip() if m else ""


NO_KERNEL = ("", "No Kernel", "Kernel")


def _dismiss_dialogs(page, log: list[str]) -> None:
    """Deal with modal dialogs JupyterLab may raise.

    "Select Kernel" is accepted (default: the notebook's python3) only when the
    notebook really has no kernel -- e.g. an unknown kernelspec name in its metadata.
    Otherwise it is cancelled: accepting it would *change* the kernel, and JupyterLab
    asks again while the change is under way."""
    dialogs = page.locator(".jp-Dialog")
    for _ in range(5):
        if dialogs.count() == 0:
            return
        d = dialogs.first
        try:
            text = " ".join(d.inner_text(timeout=2000).split())
        except Exception:
            continue  # it went away
        if os.environ.get("NEUROLAB_BROWSER_DEBUG"):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"dialog-{time.time():.1f}.png"))
        kn = page.locator(
            "#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName"
        )
        kernel_name = kn.first.inner_text(timeout=1000).strip() if kn.count() else ""
        accept = d.locator(".jp-Dialog-button.jp-mod-accept")
        if "Select Kernel" in text and kernel_name in NO_KERNEL and accept.count():
            log.append(f"{time.strftime('%H:%M:%S')} dialog accepted: {text[:200]}")
            accept.first.click()
        else:
            log.append(f"{time.strftime('%H:%M:%S')} dialog dismissed: {text[:200]}")
            page.keyboard.press("Escape")
        page.wait_for_timeout(300)


def _kernel_ready(state: dict) -> bool:
    return state["kernel"] == "idle" and state.get("kernelName") not in NO_KERNEL + (None,)


def notebook_panel(page):
    return page.locator("#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)").first


def open_notebook(page, server: JupyterLabServer, rel_path: str, workspace: str, t: Timeouts,
                  log: list[str]):
    page.goto(server.lab_url(rel_path, workspace), timeout=t.load * 1000, wait_until="load")
    panel = notebook_panel(page)
    panel.wait_for(state="visible", timeout=t.load * 1000)
    wait_kernel_ready(page, panel, t.load, log)
    return panel


def wait_kernel_ready(page, panel, timeout: float, log: list[str]) -> None:
    """Wait until a kernel is there, connected and idle -- steadily, for a second."""
    deadline = time.monotonic() + timeout
    ready_since = None
    while True:
        _dismiss_dialogs(page, log)
        state = panel.evaluate(_JS_STATE)
        if _kernel_ready(state):
            ready_since = ready_since or time.monotonic()
            if time.monotonic() - ready_since >= 1.0:
                return
        else:
            ready_since = None
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"no idle kernel after {timeout:.0f}s (kernel {state.get('kernelName')!r}, "
                f"status {state['kernel']!r})"
            )
        page.wait_for_timeout(200)


RUN_ALL_COMMANDS = ("runmenu:run-all", "notebook:run-all-cells")


def _focus_notebook(page, panel) -> None:
    """Make this notebook JupyterLab's current widget (commands act on that)."""
    target = panel.locator(".jp-Cell .jp-InputPrompt").first
    if target.count():
        target.click(timeout=5000)
    else:
        panel.locator(".jp-Notebook").click(position={"x": 5, "y": 5}, timeout=5000)
    page.keyboard.press("Escape")  # command mode, not editing a cell


def _started(panel) -> bool:
    # Run All marks every queued cell "[*]" at once; a count means it already ran.
    st = panel.evaluate(_JS_STATE)
    return any(_prompt_count(c["prompt"]) for c in st["cells"])


def _run_all_via_menu(page) -> str:
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^\s*Run\s*$")).first.click(
        timeout=5000
    )
    sel = ", ".join(f'.lm-Menu-item[data-command="{c}"]' for c in RUN_ALL_COMMANDS)
    item = page.locator(sel).first
    item.wait_for(state="visible", timeout=5000)
    if "lm-mod-disabled" in (item.get_attribute("class") or ""):
        page.keyboard.press("Escape")
        return "menu item disabled"
    item.click(timeout=5000)
    return "menu"


def _run_all_via_palette(page) -> str:
    page.keyboard.press("Control+Shift+C")
    page.locator(".lm-CommandPalette-input").fill("Run All Cells")
    sel = ", ".join(f'.lm-CommandPalette-item[data-command="{c}"]' for c in RUN_ALL_COMMANDS)
    page.locator(sel).first.click(timeout=5000)
    return "palette"


def run_all_cells(page, panel, log: list[str], attempts: int = 4) -> None:
    """Run -> Run All Cells (menu; command palette as fallback), retried until the
    notebook visibly starts executing."""
    for attempt in range(attempts):
        how = "?"
        try:
            _dismiss_dialogs(page, log)
            if attempt:
                wait_kernel_ready(page, panel, 30, log)
            _focus_notebook(page, panel)
            how = (_run_all_via_menu if attempt % 2 == 0 else _run_all_via_palette)(page)
        except Exception as exc:
            log.append(f"run-all attempt {attempt + 1}: {type(exc).__name__}: {str(exc)[:200]}")
            page.keyboard.press("Escape")
            continue
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if _started(panel):
                log.append(f"{time.strftime('%H:%M:%S')} run-all started, "
                           f"attempt {attempt + 1} ({how})")
                return
            page.wait_for_timeout(100)
        log.append(f"run-all attempt {attempt + 1} ({how}): nothing started within 5s")
    raise TimeoutError("could not start 'Run All Cells': " + " | ".join(log[-attempts:]))


def wait_until_executed(page, panel, t: Timeouts, log: list[str]) -> dict:
    """Wait until the kernel is idle and every non-empty code cell has an
    execution count -- or a cell failed (Run All stops at the first error), or
    nothing is queued any more although cells did not run (run cancelled)."""
    deadline = time.monotonic() + t.run
    idle_since = None
    while True:
        _dismiss_dialogs(page, log)
        state = panel.evaluate(_JS_STATE)
        code = [c for c in state["cells"] if not c["empty"] and not c["hidden"]]
        counts = [_prompt_count(c["prompt"]) for c in code]
        state["counts"] = counts
        state["not_run"] = [c["index"] for c, n in zip(code, counts) if not n or n == "*"]
        busy = state["kernel"] != "idle" or any(c == "*" for c in counts)
        finished = not state["not_run"] or state["errors"]
        if not busy:
            # the indicator can flicker idle between cells: require a stable idle;
            # a run that stopped without an error output gets a few seconds more
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > (0.75 if finished else 5.0):
                return state
        else:
            idle_since = None
        if time.monotonic() > deadline:
            state["timed_out"] = True
            return state
        page.wait_for_timeout(200)


_JS_ERRORS = (
    """
(panel) => {"""
    + _JS_IS_ERROR
    + """
  const found = [];
  const cells = Array.from(panel.querySelectorAll('.jp-Notebook .jp-Cell'));
  const where = (el) => {
    const c = el.closest('.jp-Cell');
    return c ? `cell #${cells.indexOf(c) + 1}` : 'outside cells';
  };
  for (const el of panel.querySelectorAll('.jp-OutputArea-output'))
    if (isError(el))
      found.push(`${where(el)}: error output: ${el.textContent.trim().slice(-1500)}`);
  for (const el of panel.querySelectorAll('[data-ename]'))
    found.push(`${where(el)}: ename element: ${el.textContent.trim().slice(0, 300)}`);
  if ((document.body.innerText || '').includes('Error displaying widget')) {
    let hit = null;
    for (const el of document.querySelectorAll('.jp-OutputArea-output'))
      if (el.textContent.includes('Error displaying widget')) { hit = el; break; }
    found.push(`${hit ? where(hit) : 'page'}: "Error displaying widget"` +
               (hit ? `: ${hit.textContent.trim().slice(0, 500)}` : ''));
  }
  return found;
}
"""
)


def collect_errors(page, panel) -> list[str]:
    """Every error output / traceback / widget error visible for this notebook."""
    return panel.evaluate(_JS_ERRORS)


def _contents(server: JupyterLabServer, rel_path: str, content: bool):
    return server.api(
        "GET", f"/api/contents/{urllib.parse.quote(rel_path)}?content={int(content)}"
    )


def _save_finished(server: JupyterLabServer, rel_path: str) -> bool:
    """jupyter_server saves a notebook by copying it to an intermediate `.~NAME`, writing the
    file in place and then removing the intermediate. Until then the file may be half written,
    and reading it through the API makes the server "recover" it from the intermediate (an
    HTTP 500 in jupyter_server 2.17, Binder's), so the file is read only once this is gone."""
    path = Path(server.root) / rel_path
    return not path.with_name(".~" + path.name).exists()


def saved_notebook_errors(page, panel, server: JupyterLabServer, rel_path: str,
                          log: list[str], timeout: float = 15.0) -> list[str]:
    """Save the (temporary copy of the) notebook from the UI and read the saved
    outputs back through the REST API: authoritative `output_type == "error"`
    with ename/evalue, whatever the DOM looks like."""
    before = _contents(server, rel_path, False)["last_modified"]
    for how in ("Control+s", "palette"):
        _dismiss_dialogs(page, log)
        _focus_notebook(page, panel)
        if how == "palette":
            page.keyboard.press("Control+Shift+C")
            page.locator(".lm-CommandPalette-input").fill("Save Notebook")
            page.locator('.lm-CommandPalette-item[data-command="docmanager:save"]').first.click(
                timeout=5000
            )
        else:
            page.keyboard.press(how)
        deadline = time.monotonic() + timeout / 2
        while time.monotonic() < deadline:
            if (_contents(server, rel_path, False)["last_modified"] != before
                    and _save_finished(server, rel_path)):
                break
            page.wait_for_timeout(200)
        else:
            log.append(f"save via {how}: file not written")
            continue
        break
    else:
        return [f"could not save the notebook from JupyterLab to read its outputs back "
                f"({'; '.join(log[-2:])})"]
    model = _contents(server, rel_path, True)["content"]
    problems, not_run = [], []
    for i, cell in enumerate(model.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(
                    f"cell #{i}: saved error output: {out.get('ename')}: {out.get('evalue')}"
                )
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        if src.strip() and cell.get("execution_count") is None:
            not_run.append(i)
    if not_run:
        problems.append(f"cell #{not_run[0]}: saved without execution count (all such "
                        f"cells: {not_run})")
    return problems


_JS_WIDGETS_PENDING = """
(panel) => {
  const outs = panel.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]');
  let pending = 0;
  for (const o of outs) {
    const rendered = o.querySelector('.jupyter-widgets, .widget-image, .lm-Widget');
    if (!rendered && !o.textContent.includes('Error displaying widget')) pending += 1;
  }
  return {total: outs.length, pending};
}
"""


def wait_widgets_rendered(page, panel, t: Timeouts) -> list[str]:
    deadline = time.monotonic() + t.widgets
    while True:
        st = panel.evaluate(_JS_WIDGETS_PENDING)
        if st["pending"] == 0:
            return []
        if time.monotonic() > deadline:
            return [f"{st['pending']} of {st['total']} widget outputs not rendered after "
                    f"{t.widgets:.0f}s"]
        page.wait_for_timeout(200)


_JS_IMG = """
(img) => ({src: img.getAttribute('src') || '', complete: img.complete,
           w: img.naturalWidth, h: img.naturalHeight})
"""


def _wait_image(img, page, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        st = img.evaluate(_JS_IMG)
        if st["complete"] and st["w"] > 0:
            return st
        if time.monotonic() > deadline:
            return st
        page.wait_for_timeout(100)


def _slider_value(slider) -> str:
    ro = slider.locator(".widget-readout")
    try:
        if ro.count():
            return ro.first.inner_text(timeout=1000).strip()
    except Exception:
        pass
    h = slider.locator(SLIDER_HANDLE)
    return (h.first.get_attribute("aria-valuenow") or "?") if h.count() else "?"


def _move_slider(page, slider, presses: int = 3) -> str:
    """Move a slider by the keyboard (fallback: mouse drag).  Returns a description."""
    handle = slider.locator(SLIDER_HANDLE)
    before = _slider_value(slider)
    if handle.count():
        h = handle.first
        h.scroll_into_view_if_needed()
        now = h.get_attribute("aria-valuenow")
        vmax = h.get_attribute("aria-valuemax")
        key = "ArrowRight"
        try:
            if now is not None and vmax is not None and float(now) >= float(vmax):
                key = "ArrowLeft"
        except ValueError:
            pass
        h.focus()
        for _ in range(presses):
            page.keyboard.press(key)
            page.wait_for_timeout(50)
        after = _slider_value(slider)
        if after != before:
            return f"{key} x{presses}: {before} -> {after}"
        # keyboard did nothing: drag with the mouse
        box = h.bounding_box()
        track = slider.locator(".noUi-target, .slider-container, .slider").first.bounding_box()
        if box and track:
            x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            dx = track["width"] / 4 if x0 < track["x"] + track["width"] / 2 else -track["width"] / 4
            page.mouse.move(x0, y0)
            page.mouse.down()
            page.mouse.move(x0 + dx, y0, steps=5)
            page.mouse.up()
        return f"drag: {before} -> {_slider_value(slider)}"
    return f"no {SLIDER_HANDLE} in slider"


_JS_DIGEST = """
async (img) => {
  try {
    const buf = await (await fetch(img.getAttribute('src'))).arrayBuffer();
    const d = await crypto.subtle.digest('SHA-256', buf);
    return Array.from(new Uint8Array(d)).map(x => x.toString(16).padStart(2, '0')).join('');
  } catch (e) { return null; }
}
"""


def _img_digest(img) -> str | None:
    """SHA-256 of the image bytes (a new blob URL alone does not prove a new figure)."""
    try:
        return img.evaluate(_JS_DIGEST)
    except Exception:
        return None


def _wait_src_change(img, page, src_before: str, timeout: float) -> bool:
    """Wait for a new src, then until it stops changing (several queued redraws)."""
    deadline = time.monotonic() + timeout
    while img.evaluate(_JS_IMG)["src"] == src_before:
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(100)
    last, stable_since = img.evaluate(_JS_IMG)["src"], time.monotonic()
    while time.monotonic() - stable_since < 0.75 and time.monotonic() < deadline + 5:
        page.wait_for_timeout(100)
        cur = img.evaluate(_JS_IMG)["src"]
        if cur != last:
            last, stable_since = cur, time.monotonic()
    return True


def check_explorers(page, panel, t: Timeouts) -> tuple[int, list[str]]:
    """For every .neurolab-explorer: its image is non-empty, and moving a slider
    changes the image.  Returns (number of explorers, problems)."""
    problems: list[str] = []
    explorers = panel.locator(EXPLORER)
    n = explorers.count()
    # A slider + image widget without the class would silently go unchecked.
    unmarked = panel.evaluate(
        """(panel) => {
          const found = [];
          const cells = Array.from(panel.querySelectorAll('.jp-Notebook .jp-Cell'));
          for (const o of panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="%s"]'))
            if (o.querySelector('%s') && o.querySelector('%s') && !o.querySelector('%s'))
              found.push(cells.indexOf(o.closest('.jp-Cell')) + 1);
          return found;
        }"""  # noqa: UP031 (JavaScript: an f-string would double every brace)
        % (WIDGET_MIME, SLIDER.split(",")[0], IMAGE.split(",")[0], EXPLORER)
    )
    for cell in unmarked:
        problems.append(
            f"cell #{cell}: a widget with a slider and an image but without the CSS class "
            f"{EXPLORER[1:]!r} (add_class) -- explorers must carry it to be checked"
        )
    for i in range(n):
        ex = explorers.nth(i)
        label = f"explorer #{i + 1} of {n}"
        ex.scroll_into_view_if_needed()
        imgs = ex.locator(IMAGE)
        sliders = ex.locator(SLIDER)
        if imgs.count() == 0:
            problems.append(f"{label}: no ipywidgets.Image ({IMAGE}) inside")
            continue
        if sliders.count() == 0:
            problems.append(f"{label}: no slider ({SLIDER}) inside")
            continue
        img = imgs.first
        st = _wait_image(img, page, t.widgets)
        if not (st["complete"] and st["w"] > 0):
            problems.append(f"{label}: image is empty/broken (naturalWidth={st['w']})")
            continue
        digest0 = _img_digest(img)
        moved = []
        changed = False
        for j in range(sliders.count()):
            src_before = img.evaluate(_JS_IMG)["src"]
            desc = _move_slider(page, sliders.nth(j))
            redrawn = _wait_src_change(img, page, src_before, t.redraw)
            if not redrawn:
                moved.append(f"slider #{j + 1}: {desc}: no redraw")
                continue
            cur = _wait_image(img, page, t.redraw)
            if cur["w"] <= 0:
                problems.append(f"{label}: image empty after redraw ({desc})")
                changed = True  # reported already
                break
            digest = _img_digest(img)
            if digest0 is None or digest is None or digest != digest0:
                changed = True
                break
            moved.append(f"slider #{j + 1}: {desc}: redrawn, but the PNG is byte-identical")
        if not changed:
            problems.append(
                f"{label}: figure did not change within {t.redraw:.0f}s after moving its "
                f"sliders ({'; '.join(moved)})"
            )
        problems += [f"{label}: {p}" for p in words_problems(page, ex, t.redraw)]
        problems += [f"{label}: keyboard: {p}" for p in keyboard_problems(page, ex)]
    return n, problems


def _plain(text: str) -> str:
    return text.replace("\u2212", "-")


def words_problems(page, ex, timeout: float) -> list[str]:
    """The picture's accessible name says the value of every slider (as its readout shows it),
    and the live region reads the same words once the picture has settled."""
    deadline = time.monotonic() + timeout
    while True:
        words = picture_words(ex)
        if words["name"] and words["live"] == words["name"]:
            break
        if time.monotonic() > deadline:
            return [f"picture words not settled after {timeout:.0f}s: accessible name "
                    f"{words['snapshot']!r}, live region {words['live']!r}"]
        page.wait_for_timeout(200)
    name = _plain(words["name"])
    sliders = ex.locator(SLIDER)
    return [f"the picture's words {name!r} do not give slider #{j + 1}'s value {value!r}"
            for j in range(sliders.count())
            if f"= {(value := _plain(_slider_value(sliders.nth(j))))}" not in name]


_JS_LOG_ERRORS = (
    """
(root) => {"""
    + _JS_IS_ERROR
    + """
  const found = [];
  for (const el of root.querySelectorAll('.jp-OutputArea-output')) {
    if (!isError(el)) continue;
    const lines = el.textContent.trim().split('\\n').filter(l => l.trim());
    const where = lines.filter(l => /^\\s*Cell In\\[/.test(l)).pop() || '';
    found.push(`${lines[lines.length - 1]}${where ? '  (' + where.trim() + ')' : ''}`);
  }
  return found;
}
"""
)


def log_console_errors(page, log: list[str]) -> list[str]:
    """Exceptions raised in widget callbacks (e.g. a slider's observer) do not appear
    in any cell: JupyterLab routes them to the Log Console, whose status-bar item
    then shows a count.  Open it and report the error entries."""
    item = page.locator(".jp-LogConsoleStatusItem")
    if item.count() == 0 or not item.first.is_visible():
        return []
    text = item.first.inner_text().strip()
    if not re.search(r"[1-9]", text):
        return []
    item.first.click()
    panel = page.locator(".jp-LogConsolePanel").first
    try:
        panel.locator(".jp-OutputArea-output").first.wait_for(timeout=5000)
    except Exception:
        log.append(f"log console shows {text!r} but no entries could be read")
        return []
    errors = list(dict.fromkeys(panel.evaluate(_JS_LOG_ERRORS)))  # dedupe, keep order
    return [f"error in the Log Console (e.g. a widget callback raised): {e}" for e in errors]


@dataclass
class NotebookReport:
    rel_path: str
    problems: list[str] = field(default_factory=list)
    explorers: int = 0
    log: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)


# ------------------------------------------------------------------ accessibility (issue 20)

AXE_JS = HERE / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # make axe (npm, pinned)
#: axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA (text contrast 4.5:1 among them)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_JS_AXE = """
async ([selector, tags]) => {
  const r = await axe.run({include: [selector]},
                          {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': ' +
                                        (n.failureSummary || '').replace(/\\s+/g, ' '))}));
}
"""


def axe_audit(page, selector: str = EXPLORER) -> list[str]:
    """axe-core's WCAG 2.2 A and AA rules on every element matching ``selector`` (by default
    the explorers; the notebook check passes every output: the course's own content, not
    JupyterLab's): each serious or critical violation as a sentence. axe-core is injected into
    the page once."""
    if not AXE_JS.exists():
        return [f"axe-core is missing ({AXE_JS.relative_to(REPO)}): run `make axe`"]
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate(_JS_AXE, [selector, AXE_TAGS])
    return [f"axe {v['id']} ({v['impact']}): {v['help']}: " + " | ".join(v["nodes"])
            for v in found if v["impact"] in ("serious", "critical")]


#: What the keyboard must reach in an explorer: slider handles, dropdowns, buttons.
CONTROLS = ".noUi-handle, select, button"
_JS_FOCUSED = """
(ex) => {
  const a = document.activeElement;
  if (!a || !ex.contains(a)) return null;
  const s = getComputedStyle(a);
  const controls = Array.from(ex.querySelectorAll('%s'));
  return {index: controls.indexOf(a), tag: a.tagName.toLowerCase(),
          name: a.getAttribute('aria-label') || a.getAttribute('title') ||
                (a.textContent || '').trim().slice(0, 40),
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) ||
                (s.boxShadow && s.boxShadow !== 'none')};
}
""" % CONTROLS  # noqa: UP031 (JavaScript: an f-string would double every brace)


def keyboard_problems(page, ex, max_tabs: int = 40) -> list[str]:
    """Every control of explorer ``ex`` is reached with Tab, in order, from its first one, and
    shows a visible focus ring (an outline of at least 1 px or a box shadow) when it is."""
    controls = ex.locator(CONTROLS)
    n = controls.count()
    if n == 0:
        return ["no focusable control"]
    controls.first.focus()
    reached, problems = [], []
    for _ in range(max_tabs):
        f = ex.evaluate(_JS_FOCUSED)
        if f is None:
            break
        if f["index"] >= 0 and f["index"] not in reached:
            reached.append(f["index"])
            if not f["ring"]:
                problems.append(f"control {f['index'] + 1} ({f['tag']} {f['name']!r}) shows no "
                                f"focus ring")
        page.keyboard.press("Tab")
    missing = [i + 1 for i in range(n) if i not in reached]
    if missing:
        problems.append(f"Tab never reaches controls {missing} of {n}")
    elif reached != sorted(reached):
        problems.append(f"Tab visits the controls in the order {[i + 1 for i in reached]}")
    return problems


def picture_words(ex) -> dict:
    """The explorer picture's accessible name (the accessibility tree's img) and what its live
    region holds."""
    img = ex.locator("img.neurolab-picture")
    import yaml  # the aria snapshot is YAML: '- img "Membrane potential V(t) ..."'

    snapshot = img.aria_snapshot()
    node = (yaml.safe_load(snapshot) or [""])[0]
    m = re.fullmatch(r'img "(.*)"', node if isinstance(node, str) else "", re.S)
    return {"name": m.group(1).replace('\\"', '"') if m else None, "snapshot": snapshot,
            "live": ex.get_by_role("status").inner_text()}


def check_notebook(page, server: JupyterLabServer, rel_path: str, workspace: str,
                   t: Timeouts | None = None) -> NotebookReport:
    """Open rel_path in JupyterLab, run all cells, and report every problem."""
    t = t or Timeouts()
    rep = NotebookReport(rel_path)
    page.on("pageerror", lambda e: rep.console.append(f"pageerror: {e}"))
    page.on(
        "console",
        lambda m: rep.console.append(
            f"{time.strftime('%H:%M:%S')} console.{m.type}: {m.text[:300]}")
        if m.type in ("error",) or os.environ.get("NEUROLAB_BROWSER_DEBUG") else None,
    )
    try:
        _check_notebook(page, server, rel_path, workspace, t, rep)
    except Exception as exc:  # a UI step timed out etc.: report it with what we know
        rep.problems.append(
            f"harness could not drive JupyterLab: {type(exc).__name__}: {str(exc)[:1500]}"
        )
    # e.g. "Kernel Restarting: the kernel for ... appears to have died"
    for line in rep.log:
        if "dialog" in line and re.search(r"died|restart|error|fail", line, re.I):
            rep.problems.insert(0, f"JupyterLab showed a {line.split(' ', 1)[1]}")
    return rep


def _check_notebook(page, server, rel_path, workspace, t, rep) -> None:
    t0 = time.monotonic()
    rep.log.append(f"{time.strftime('%H:%M:%S')} opening {rel_path}")
    panel = open_notebook(page, server, rel_path, workspace, t, rep.log)
    rep.seconds["open"] = round(time.monotonic() - t0, 1)
    rep.log.append(f"{time.strftime('%H:%M:%S')} opened, kernel idle")

    t1 = time.monotonic()
    run_all_cells(page, panel, rep.log)
    state = wait_until_executed(page, panel, t, rep.log)
    rep.state = state
    rep.seconds["run"] = round(time.monotonic() - t1, 1)
    rep.log.append(f"{time.strftime('%H:%M:%S')} execution finished: {state.get('counts')}")

    rep.problems += collect_errors(page, panel)
    if state.get("timed_out"):
        rep.problems.append(
            f"execution not finished after {t.run:.0f}s (kernel {state['kernel']!r}, "
            f"prompts {state['counts']})"
        )
        return
    if rep.problems:
        return  # the notebook is broken already; don't spend time on widgets
    # The saved outputs are authoritative (output_type "error", ename, evalue).
    rep.problems += saved_notebook_errors(page, panel, server, rel_path, rep.log)
    if state["not_run"] and not rep.problems:
        rep.problems.append(
            f"Run All stopped without an error output: cells {state['not_run']} have no "
            f"execution count (kernel died/restarted? see the harness log)"
        )
    if rep.problems:
        return

    t2 = time.monotonic()
    rep.problems += wait_widgets_rendered(page, panel, t)
    rep.problems += collect_errors(page, panel)  # widget errors appear late
    n, probs = check_explorers(page, panel, t)
    rep.explorers = n
    rep.problems += probs
    # every output: the explorers, and figures (which need alt text), tables, text
    rep.problems += axe_audit(page, ".jp-OutputArea-output")
    rep.problems += collect_errors(page, panel)
    rep.problems += log_console_errors(page, rep.log)
    rep.seconds["explorers"] = round(time.monotonic() - t2, 1)


def show_problem(page, problems: list[str]) -> None:
    """Scroll the first cell / explorer a problem names into view (for the screenshot)."""
    panel = notebook_panel(page)
    for p in problems:
        m = re.search(r"(cell|explorer) #(\d+)", p)
        if not m:
            continue
        sel = ".jp-Notebook .jp-Cell" if m.group(1) == "cell" else EXPLORER
        try:
            target = panel.locator(sel).nth(int(m.group(2)) - 1)
            if target.count():
                target.scroll_into_view_if_needed(timeout=3000)
                return
        except Exception:
            return

