"""The explorer framework: one figure off pyplot, redrawn in place, controls with units."""

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
import matplotlib.pyplot as plt  # noqa: E402

from neurolab.widgets import Explorer, slider  # noqa: E402


class Sine(Explorer):
    title = "test"

    def make_controls(self):
        return {"f": slider("frequency", "Hz", 2.0, 1.0, 10.0, 0.5),
                "a": slider("amplitude", "mV", 1.0, 0.0, 2.0, 0.1)}

    def setup(self, fig):
        self.ax = fig.add_subplot()
        self.t = np.linspace(0, 1, 200)
        (self.line,) = self.ax.plot(self.t, 0 * self.t, label="x")
        self.ax.set_ylim(-2, 2)
        self.ax.legend()
        self.updates = 0
        return [self.line]

    def update(self, f, a):
        self.updates += 1
        self.line.set_ydata(a * np.sin(2 * np.pi * f * self.t))


def test_explorer_draws_in_place_without_pyplot():
    plt.close("all")
    ex = Sine()
    assert plt.get_fignums() == []  # never registered with pyplot: nothing piles up
    assert ex.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "neurolab-explorer" in ex._dom_classes
    before_png, before_pos = ex.image.value, ex.ax.get_position().bounds
    ex.controls["a"].value = 2.0
    assert np.max(ex.line.get_ydata()) == pytest.approx(2.0, abs=0.01)
    assert ex.image.value != before_png
    assert ex.ax.get_position().bounds == before_pos  # layout frozen: axes do not jump
    assert ex.ax.get_ylim() == (-2, 2)
    assert ex.last_update_ms > 0


def test_set_redraws_once_and_reset_restores_defaults():
    ex = Sine()
    n = ex.updates
    ex.set(f=5.0, a=0.5)
    assert ex.updates == n + 1 and ex.values == {"f": 5.0, "a": 0.5}
    ex.reset()
    assert ex.values == {"f": 2.0, "a": 1.0} and ex.updates == n + 2
    with pytest.raises(ValueError, match="unknown control"):
        ex.set(freq=3.0)


def test_slider_labels_carry_units():
    s = slider("membrane time constant", "ms", 10.0, 1.0, 50.0, 0.5)
    assert s.description == "membrane time constant (ms)" and s.readout_format == ".1f"


def test_progress_bar_shows_fraction_and_outcome():
    from neurolab.widgets import ProgressBar

    with ProgressBar("sweep") as progress:
        progress(0.25)
        assert progress.bar.value == 0.25 and progress.label.value.startswith("25%")
        assert progress.bar.description == "sweep"
    assert progress.bar.value == 1.0 and progress.bar.bar_style == "success"
    assert progress.label.value.startswith("done in") and progress.elapsed >= 0.0

    with pytest.raises(ZeroDivisionError):
        with ProgressBar("failing") as failing:
            failing(0.5)
            1 / 0
    assert failing.bar.bar_style == "danger" and "ZeroDivisionError" in failing.label.value
    assert failing.bar.value == 0.5
