"""Shared by the test modules: what a bare `pytest` runs, and one explorer of each kind per
module (``explorers``).

A bare ``pytest`` (no paths, no ``-m``) is the quick loop while you work: the unit tests under
``tests/`` (``testpaths``) without the ``slow`` and ``browser`` ones, on every core
(pytest-xdist; ``-n 0`` for one process). Name paths or ``-m`` to choose yourself:
``pytest tests/test_in_kernel.py`` runs its slow tests, and ``make test`` runs
``pytest tests notebooks``, every test and both editions of the notebooks, in one process."""

import os
import warnings
from pathlib import Path

import pytest

QUICK = "not slow and not browser"
BROWSER = Path(__file__).resolve().parent / "browser"  # every test there is marked browser


QUICK_RUN = pytest.StashKey[bool]()  # set on a bare run


def _bare(config):
    return config.args_source == pytest.Config.ArgsSource.TESTPATHS and not config.option.markexpr


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads -n
def pytest_cmdline_main(config):
    # The bare run uses every core (pytest-xdist, -n auto) unless -n is given (-n 0: one
    # process). Each test file goes to one worker, so a module's shared fixtures are built once.
    # A worker is started with the same (empty) arguments: it must not start workers itself.
    worker = hasattr(config, "workerinput") or "PYTEST_XDIST_WORKER" in os.environ
    if (_bare(config) and not worker and config.pluginmanager.hasplugin("xdist")
            and config.option.numprocesses is None and config.option.dist == "no"
            and not config.option.collectonly):
        config.option.numprocesses = "auto"
        config.option.dist = "loadfile"


def pytest_configure(config):
    if _bare(config):
        config.option.markexpr = QUICK
        config.stash[QUICK_RUN] = True


def pytest_ignore_collect(collection_path, config):
    # The bare run deselects the browser tests: it need not import their harness (playwright).
    if config.stash.get(QUICK_RUN, False) and collection_path == BROWSER:
        return True
    return None


def pytest_report_header(config):
    if config.stash.get(QUICK_RUN, False):
        return f"bare pytest: the quick unit tests (-m '{QUICK}'); every test: make test"


# --- one explorer of each kind per module ------------------------------------------------------


class ExplorerPool:
    """Explorers built once per test module and handed to each test as they were built.

    ``get(cls, **kwargs)`` returns the module's explorer of that class and those arguments.
    Building one costs 0.15-0.6 s (full matplotlib draws); putting it back costs one redraw.
    Before it is handed out again, whatever an earlier test changed is undone: stand-ins for
    methods (``ex.refresh = counted``) are removed, every control gets back the value, range and
    settings it was built with (without a redraw), the error, drag and merge state and the
    picture's frame are those of a new explorer, and one ``refresh()`` redraws. The explorer is
    reused only if it then shows exactly its first picture (the PNG bytes), with the same axes
    limits and controls; otherwise a new one is built (and a warning says so)."""

    #: Explorer state kept outside the controls and the figure (``Explorer.__init__``).
    FLAGS = ("error", "last_traceback", "_muted", "_dirty", "_scheduled", "_quiet_until",
             "_dragging", "_last_comm", "_settle_scheduled")

    def __init__(self):
        self._built = {}

    def get(self, cls, **kwargs):
        key = (cls, tuple(sorted(kwargs.items())))
        if key in self._built:
            ex, first = self._built[key]
            try:
                back = self._put_back(ex, first)
            except Exception:  # an earlier test left it in a state it cannot leave
                back = False
            if back:
                return ex
            warnings.warn(f"{cls.__name__}({kwargs}) did not come back to its first picture "
                          f"after a test; built a new one", stacklevel=2)
        ex = cls(**kwargs)
        self._built[key] = (ex, self._state(ex))
        return ex

    @staticmethod
    def _traits(w):
        names = [k for k in ("options", "base", "min", "max", "step") if w.has_trait(k)]
        names += [k for k in w.keys if not k.startswith("_") and k not in
                  ("layout", "style", "index", *names)]
        return {k: getattr(w, k) for k in names + ["value"]}

    def _state(self, ex):
        return {
            "attributes": set(vars(ex)),
            "controls": {name: self._traits(w) for name, w in ex.controls.items()},
            "flags": {name: getattr(ex, name) for name in self.FLAGS if name in vars(ex)},
            "border": ex.image.layout.border,
            "limits": [(ax.get_xlim(), ax.get_ylim()) for ax in ex.fig.axes],
            "png": ex.image.value,
        }

    def _put_back(self, ex, first):
        for name in set(vars(ex)) - first["attributes"]:
            if hasattr(type(ex), name):  # a test's stand-in for a method
                delattr(ex, name)
        ex._muted = True  # controls back without a redraw
        try:
            for name, w in ex.controls.items():
                changed = {k: v for k, v in first["controls"][name].items()
                           if getattr(w, k) != v}
                with w.hold_trait_notifications():
                    for k, v in changed.items():
                        setattr(w, k, v)
        finally:
            for name, value in first["flags"].items():
                setattr(ex, name, value)
        ex.recent_update_ms.clear()
        ex.image.layout.border = first["border"]
        ex.refresh()
        return (ex.error is None and ex.image.value == first["png"]
                and [(ax.get_xlim(), ax.get_ylim()) for ax in ex.fig.axes] == first["limits"]
                and {name: self._traits(w) for name, w in ex.controls.items()}
                == first["controls"])


@pytest.fixture(scope="module")
def explorers():
    """The module's ``ExplorerPool``: ``explorers.get(nw.LIFExplorer)``."""
    return ExplorerPool()
