"""Run at the start of each notebook kernel under test (PYTHONSTARTUP, set by the repository's
conftest.py): showing a figure, with ``plt.show()`` or ``nl.plotting.show(fig, alt=...)`` (which
saves it with ``Figure.savefig``), runs the colour audit (tests/colour_audit.py) on it first, and
a figure that fails makes its cell fail with the audit's sentences. It imports only matplotlib
and the audit: nothing of neurolab, so a notebook that forgets an import still fails."""

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from tests.colour_audit import audit_figure

_show = plt.show
_savefig = Figure.savefig


def _fail_on(problems):
    if problems:
        raise AssertionError("the colour audit (tests/colour_audit.py) fails:\n"
                             + "\n".join(problems))


def _audited_savefig(self, *args, **kwargs):
    _fail_on(audit_figure(self, "the figure"))
    return _savefig(self, *args, **kwargs)


def _audited_show(*args, **kwargs):
    problems = [p for num in plt.get_fignums()
                for p in audit_figure(plt.figure(num), f"figure {num}")]
    _show(*args, **kwargs)
    _fail_on(problems)


plt.show = _audited_show
Figure.savefig = _audited_savefig
