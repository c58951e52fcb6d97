"""Every teaching notebook, run for real: JupyterLab + headless Debian chromium.

For each notebooks/*.ipynb: open it in JupyterLab, Run All Cells, wait for the kernel,
then require no error output, no "Error displaying widget", an execution count on every
code cell, and for every `.neurolab-explorer` widget a non-empty figure that changes
when a slider is moved, whose words (accessible name and live region) give every slider's value,
and whose controls Tab reaches with a visible focus ring; and no serious or critical axe-core
violation (WCAG 2.2 A/AA) in any output, figures without alt text among them.

The `test_harness_*` tests run the same checking code on notebooks/pages that are
known to be broken, so that the notebook test cannot pass vacuously.

See conftest.py for the environment variables (CI, NEUROLAB_BROWSER_NOTEBOOKS, ...).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import nb_browser as nbb
from nb_browser import FIXTURES, REPO, notebook_paths, require_browser

pytestmark = pytest.mark.browser

NOTEBOOKS = notebook_paths()


def _id(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(REPO / "notebooks"))
    except ValueError:
        return p.name


@pytest.mark.parametrize(
    "notebook",
    NOTEBOOKS
    or [
        pytest.param(
            None,
            marks=pytest.mark.skip(
                reason="no notebooks matched notebooks/*.ipynb (or NEUROLAB_BROWSER_NOTEBOOKS): "
                "nothing was checked in the browser"
            ),
            id="no-notebooks",
        )
    ],
    ids=_id,
)
def test_notebook_in_browser(notebook: Path, checker):
    rep = checker.run(notebook)
    checker.assert_ok(notebook, rep)
    print(f"{notebook.name}: {rep.explorers} explorer(s), timings {rep.seconds}")


# --------------------------------------------------------------------------- self-tests


def test_harness_passes_a_working_explorer(checker, page):
    nb = FIXTURES / "explorer_ok.ipynb"
    rep = checker.run(nb)
    checker.assert_ok(nb, rep)
    assert rep.explorers == 1, f"expected to find 1 explorer, found {rep.explorers}"
    # code cells: 3 non-empty ones all ran (the empty one needs no count)
    assert rep.state["counts"] and all(c.isdigit() for c in rep.state["counts"]), rep.state
    # the image bytes can be read back (the byte-identical check is not vacuous)
    img = nbb.notebook_panel(page).locator(nbb.EXPLORER).locator(nbb.IMAGE).first
    assert nbb._img_digest(img), "could not hash the explorer's image bytes"
    # the kernel is this venv's python (the server was launched with sys.executable)
    text = nbb.notebook_panel(page).inner_text()
    assert f"kernel prefix: {sys.prefix}" in text, (
        f"kernel is not the test interpreter's environment ({sys.prefix}); panel text:\n"
        + text[:2000]
    )


def test_harness_detects_a_raising_cell(checker, page):
    nb = FIXTURES / "raises.ipynb"
    rep = checker.run(nb, nbb.Timeouts(run=60))
    joined = "\n".join(rep.problems)
    assert rep.problems, "a notebook whose cell raises was NOT detected as failing"
    assert "ValueError" in joined and "deliberate failure" in joined, joined
    # the second, independent detector (saved notebook read back via the REST API)
    saved = nbb.saved_notebook_errors(page, nbb.notebook_panel(page), checker.server,
                                      rep.rel_path, [])
    assert any("ValueError" in p for p in saved), saved
    assert any("without execution count" in p for p in saved), saved  # cell after the error


def test_harness_detects_broken_explorers(checker):
    """#1: the slider callback raises -- the figure must be seen not to change, and the
    traceback (JupyterLab puts it in its Log Console, not in a cell) reported;
    #2: the callback ignores the slider (re-renders the same figure: the Image value
    does not change, so nothing is sent to the browser) -- must not pass either."""
    nb = FIXTURES / "explorer_broken.ipynb"
    rep = checker.run(nb, nbb.Timeouts(redraw=3))
    assert rep.explorers == 2, rep.problems
    one = [p for p in rep.problems if p.startswith("explorer #1 ")]
    two = [p for p in rep.problems if p.startswith("explorer #2 ")]
    assert one and "did not change" in one[0] and "no redraw" in one[0], rep.problems
    assert two and "did not change" in two[0], rep.problems
    assert any("Log Console" in p and "ZeroDivisionError" in p for p in rep.problems), rep.problems


# A page that looks like JupyterLab's DOM for the outputs the checker must flag / ignore.
_FAKE_NOTEBOOK = """
<div id="jp-main-dock-panel"><div class="jp-NotebookPanel"><div class="jp-Notebook">
 <div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea-output"
   data-mime-type="application/vnd.jupyter.stderr"><pre>/x.py:3: DeprecationWarning: old
  warnings.warn("old")</pre></div></div>
 <div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea-output"
   data-mime-type="application/vnd.jupyter.stdout"><pre>ValueError: only printed</pre></div></div>
 <div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea-output"
   data-mime-type="application/vnd.jupyter.stderr"
   ><pre>ValueError: printed to stderr</pre></div></div>
 %s
</div></div></div>
"""

_BAD_OUTPUTS = {
    "traceback": """<div class="jp-Cell jp-CodeCell">
      <div class="jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stderr"><pre>
Traceback (most recent call last):
  File "x.py", line 1
ZeroDivisionError: division by zero</pre></div></div>""",
    "error mime": """<div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea-output"
      data-mime-type="application/vnd.jupyter.error">KeyError: 'x'</div></div>""",
    "widget error": """<div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea-output"
      data-mime-type="application/vnd.jupyter.widget-view+json">Error displaying widget:
      model not found</div></div>""",
}


@pytest.fixture
def bare_page(browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    yield pg
    ctx.close()


def test_harness_error_detection_on_rendered_pages(bare_page):
    bare_page.set_content(_FAKE_NOTEBOOK % "")
    clean = nbb.collect_errors(bare_page, nbb.notebook_panel(bare_page))
    assert clean == [], f"warnings / printed text must not count as errors: {clean}"
    for what, html in _BAD_OUTPUTS.items():
        bare_page.set_content(_FAKE_NOTEBOOK % html)
        found = nbb.collect_errors(bare_page, nbb.notebook_panel(bare_page))
        assert len(found) == 1 and "cell #4" in found[0], f"{what}: {found}"


def test_harness_flags_an_explorer_without_its_class(bare_page):
    bare_page.set_content(_FAKE_NOTEBOOK % """<div class="jp-Cell jp-CodeCell">
      <div class="jp-OutputArea-output" data-mime-type="application/vnd.jupyter.widget-view+json">
        <div class="jupyter-widgets widget-vbox"><div class="widget-slider widget-hslider"></div>
        <img class="widget-image" src=""></div></div></div>""")
    n, problems = nbb.check_explorers(bare_page, nbb.notebook_panel(bare_page), nbb.Timeouts())
    assert n == 0 and len(problems) == 1 and "cell #4" in problems[0], problems


def test_missing_browser_is_loud(monkeypatch):
    """No chromium: skip with a loud reason locally, FAIL under CI=true."""
    monkeypatch.setattr(nbb, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(nbb, "NOT_RUN", [])  # keep the real summary clean
    reason = nbb.browser_unavailable_reason()
    assert reason and "DID NOT RUN" in reason and "apt-get install -y chromium" in reason
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require_browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="DID NOT RUN"):
        require_browser()
