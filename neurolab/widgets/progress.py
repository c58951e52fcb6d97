"""A progress bar for computations in a notebook that take more than a moment."""

import time

import ipywidgets as widgets
from IPython.display import display


class ProgressBar:
    """A bar with the fraction done and the time taken, shown in the output of the cell that
    creates it. Pass it as ``progress`` to a long run; as a context manager it also marks the
    end (green, "done in 1.4 s"), an interrupt (orange) or a failure (red), and ``elapsed`` then
    holds the seconds. ``start``: the ``time.perf_counter()`` the run began, if before now.

        with ProgressBar("f-I sweep, 61 currents") as progress:
            result = nl.run_hh(pars, I[:, None], progress=progress)
    """

    def __init__(self, description, start=None):
        self.bar = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description=description,
                                         style={"description_width": "initial"},
                                         layout=widgets.Layout(width="420px"))
        self.label = widgets.Label("0%")
        self.widget = widgets.HBox([self.bar, self.label])
        self.elapsed = 0.0
        self._start = time.perf_counter() if start is None else start  # a perf_counter time
        display(self.widget)

    def __call__(self, fraction):
        """Show ``fraction`` done (0 to 1)."""
        self.elapsed = time.perf_counter() - self._start
        self.bar.value = min(max(float(fraction), 0.0), 1.0)
        self.label.value = f"{self.bar.value:.0%} · {self.elapsed:.1f} s"

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.elapsed = time.perf_counter() - self._start
        if exc_type is None:
            self.bar.value = 1.0
            self.bar.bar_style = "success"
            self.label.value = f"done in {self.elapsed:.1f} s"
        elif issubclass(exc_type, KeyboardInterrupt):
            self.bar.bar_style = "warning"
            self.label.value = f"interrupted after {self.elapsed:.1f} s"
        else:
            self.bar.bar_style = "danger"
            self.label.value = f"failed after {self.elapsed:.1f} s: {exc_type.__name__}"
        return False
