"""Run at the start of each notebook kernel under test (PYTHONSTARTUP, set by the repository's
conftest.py): ``plt.show()`` runs the colour audit (tests/colour_audit.py) on every open figure
first, and a figure that fails makes its cell fail with the audit's sentences. Every figure of
the notebooks is shown with ``plt.show()``."""

import matplotlib.pyplot as plt

from tests.colour_audit import audit_figure

_show = plt.show


def _audited_show(*args, **kwargs):
    problems = [p for num in plt.get_fignums()
                for p in audit_figure(plt.figure(num), f"figure {num}")]
    _show(*args, **kwargs)
    if problems:
        raise AssertionError("the colour audit (tests/colour_audit.py) fails:\n"
                             + "\n".join(problems))


plt.show = _audited_show
