"""Fixtures for the real-browser notebook tests (JupyterLab + Debian's chromium).

Session-wide: one JupyterLab server on 127.0.0.1 serving a temporary copy of the
notebooks (the repo's files are never opened by it, so never saved with outputs), and
one headless chromium driven by playwright.  Per test: a fresh browser context.

Environment variables:
  CI=true                        missing browser/playwright is a FAILURE, not a skip
  NEUROLAB_BROWSER_NOTEBOOKS     glob (or directory) of notebooks to test instead of
                                 notebooks/*.ipynb, e.g. tests/browser/fixtures/explorer_ok.ipynb
  NEUROLAB_CHROMIUM              browser binary (default /usr/bin/chromium)
  NEUROLAB_BROWSER_TIMEOUT_SCALE multiply every browser timeout (slow machine)
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # works with any --import-mode
    sys.path.insert(0, str(HERE))

import nb_browser as nbb  # noqa: E402
from nb_browser import (  # noqa: E402
    ARTIFACTS,
    FIXTURES,
    REPO,
    notebook_paths,
    require_browser,
    slug as _slug,
    timeouts,
)

# The harness's own fixture notebooks (one raises on purpose) are not for nbval.
collect_ignore_glob = ["fixtures/*"]

TEST_TIMEOUT = 300  # pytest-timeout, per browser test (if the plugin is active)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: runs notebooks in JupyterLab in a real (headless) chromium"
    )


def pytest_collection_modifyitems(config, items):
    has_timeout = config.pluginmanager.hasplugin("timeout")
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents and item.get_closest_marker("browser"):
            if has_timeout and not item.get_closest_marker("timeout"):
                item.add_marker(pytest.mark.timeout(TEST_TIMEOUT))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not nbb.NOT_RUN:
        return
    tr = terminalreporter
    tr.write_sep("!", "BROWSER TESTS DID NOT RUN", red=True, bold=True)
    tr.write_line(nbb.NOT_RUN[0], red=True, bold=True)
    tr.write_line(
        "The notebooks were NOT checked in a real browser. Install Debian's chromium "
        "(`apt-get install -y chromium`) and the playwright Python package; with CI=true "
        "this is a failure.",
        red=True,
    )


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """Temp copies of every notebook dir under test + the harness fixtures.
    Returns (root, {absolute source notebook path: path relative to root})."""
    root = tmp_path_factory.mktemp("jlab-root")
    mapping: dict[Path, str] = {}
    dirs = sorted({p.parent.resolve() for p in notebook_paths()} | {FIXTURES.resolve()})
    for k, d in enumerate(dirs):
        name = "harness-fixtures" if d == FIXTURES.resolve() else (
            "notebooks" if d == (REPO / "notebooks").resolve() else f"src{k}-{_slug(d.name)}"
        )
        nbb.copy_tree(d, root / name)
        for nb in d.glob("*.ipynb"):
            mapping[nb.resolve()] = f"{name}/{nb.name}"
    return root, mapping


@pytest.fixture(scope="session")
def jupyter_server(served, tmp_path_factory):
    require_browser()  # no point in starting a server without a browser
    root, _ = served
    home = tmp_path_factory.mktemp("jlab-home")
    server = nbb.JupyterLabServer(root=root, home=home, extra_pythonpath=[str(REPO)])
    try:
        server.start()
    except Exception as exc:
        _save_server_log(server)
        pytest.fail(f"JupyterLab did not start: {exc}", pytrace=False)
    yield server
    server.stop()


# One chromium per test module, not per session: Playwright's sync API keeps its event loop
# marked as running in this thread while it is started, and later tests that call asyncio.run()
# (the explorers' redraw tests, the hub load test) would fail behind it.
@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        br = nbb.launch_browser(pw)
    except Exception as exc:
        pw.stop()
        pytest.fail(
            f"chromium ({nbb.CHROMIUM}) is installed but could not be launched: {exc}",
            pytrace=False,
        )
    yield br
    br.close()
    pw.stop()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(30_000)
    pg = ctx.new_page()
    yield pg
    ctx.close()


def _save_server_log(server: nbb.JupyterLabServer) -> Path | None:
    if server.log_path and server.log_path.exists():
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        dst = ARTIFACTS / "browser-jupyterlab-server.log"
        shutil.copyfile(server.log_path, dst)
        return dst
    return None


class NotebookChecker:
    """Runs nb_browser.check_notebook and turns problems into a clear failure."""

    def __init__(self, page, server, served):
        self.page = page
        self.server = server
        self.root, self.mapping = served
        self.count = 0
        self.opened: list[str] = []

    def rel(self, nb: Path) -> str:
        return self.mapping[nb.resolve()]

    def run(self, nb: Path, t: nbb.Timeouts | None = None) -> nbb.NotebookReport:
        rel = self.rel(nb)
        self.count += 1
        self.server.shutdown_sessions(rel)  # a fresh kernel every time
        self.opened.append(rel)
        workspace = _slug(f"t{os.getpid()}-{self.count}-{nb.stem}")
        return nbb.check_notebook(self.page, self.server, rel, workspace, t or timeouts())

    def artifacts(self, nb: Path, rep: nbb.NotebookReport) -> str:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = f"browser-{_slug(nb.stem)}"
        shot = ARTIFACTS / f"{stem}.png"
        try:
            nbb.show_problem(self.page, rep.problems)
            self.page.screenshot(path=str(shot), timeout=15_000)
        except Exception as exc:
            shot = Path(f"(screenshot failed: {exc})")
        details = ARTIFACTS / f"{stem}.txt"
        details.write_text(
            "\n".join(
                [f"notebook: {nb}", f"served as: {rep.rel_path}", "", "problems:"]
                + [f"  - {p}" for p in rep.problems]
                + ["", f"timings (s): {rep.seconds}", "", "harness log:"]
                + [f"  {x}" for x in rep.log]
                + ["", "browser console errors:"]
                + [f"  {x}" for x in rep.console[:50]]
                + ["", "JupyterLab server log (tail):", self.server.log_tail(60)]
            )
        )
        log = _save_server_log(self.server)
        return f"screenshot: {shot}\ndetails: {details}\nserver log: {log}"

    def assert_ok(self, nb: Path, rep: nbb.NotebookReport) -> None:
        if not rep.problems:
            return
        where = self.artifacts(nb, rep)
        lines = "\n".join(f"  - {p}" for p in rep.problems)
        extra = ""
        if rep.console:
            extra = "\nbrowser console errors (first 5):\n" + "\n".join(
                f"  {c}" for c in rep.console[:5]
            )
        pytest.fail(
            f"notebook {nb.name} failed in JupyterLab/chromium:\n{lines}{extra}\n{where}",
            pytrace=False,
        )


@pytest.fixture
def checker(page, jupyter_server, served):
    ch = NotebookChecker(page, jupyter_server, served)
    yield ch
    # Close the page first (a live JupyterLab would react to its kernel going away),
    # then free the kernel (memory, CPU) for the next notebook.
    page.context.close()
    for rel in ch.opened:
        jupyter_server.shutdown_sessions(rel)
