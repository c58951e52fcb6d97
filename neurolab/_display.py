"""How a run shows its progress: a bar in a notebook (``ProgressBar``, ipywidgets), a line
on stderr elsewhere (``TextProgress``). ``open_display`` picks one for ``_batch.Progress``."""

import sys
import time


def _in_notebook():
    """True in a Jupyter kernel (IPython's shell there has a kernel)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def open_display(what, start):
    """A progress display for a run: the bar below in a notebook (when ipywidgets is there),
    else a line on stderr."""
    if _in_notebook():
        try:
            return ProgressBar(what, start=start)
        except ImportError:  # no ipywidgets: the text line below
            pass
    return TextProgress(what, start=start)


class TextProgress:
    """A progress line on stderr, rewritten in place: 'run_lif: 45% · 3.2 s'."""

    def __init__(self, what, start=None, stream=None):
        self.what, self.stream = what, stream or sys.stderr
        self.start = time.perf_counter() if start is None else start

    def __call__(self, fraction):
        elapsed = time.perf_counter() - self.start
        self.stream.write(f"\r{self.what}: {fraction:.0%} · {elapsed:.1f} s".ljust(60))
        self.stream.flush()

    def __exit__(self, exc_type, exc, tb):
        elapsed = time.perf_counter() - self.start
        outcome = (f"done in {elapsed:.1f} s" if exc_type is None else
                   f"interrupted after {elapsed:.1f} s" if issubclass(exc_type, KeyboardInterrupt)
                   else f"failed after {elapsed:.1f} s: {exc_type.__name__}")
        self.stream.write(f"\r{self.what}: {outcome}".ljust(60) + "\n")
        self.stream.flush()


class ProgressBar:
    """A bar with the fraction done and the time taken, shown in the output of the cell that
    creates it. Pass it as ``progress`` to a long run; as a context manager it also marks the
    end (green, "done in 1.4 s"), an interrupt (orange) or a failure (red), and ``elapsed`` then
    holds the seconds. ``start``: the ``time.perf_counter()`` the run began, if before now.

        with ProgressBar("f-I sweep, 61 currents") as progress:
            result = nl.run_hh(pars, I[:, None], progress=progress)
    """

    def __init__(self, description, start=None):
        import ipywidgets as widgets  # here: importing neurolab needs no widgets
        from IPython.display import display

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
