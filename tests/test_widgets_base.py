"""The explorer framework: one figure off pyplot, redrawn in place, controls with units."""

import html

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
import matplotlib.pyplot as plt  # noqa: E402

from neurolab.widgets import Explorer, _base, slider  # noqa: E402


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
            raise ZeroDivisionError("division by zero")
    assert failing.bar.bar_style == "danger" and "ZeroDivisionError" in failing.label.value
    assert failing.bar.value == 0.5


# --- impossible input is refused by name, never clamped ---------------------------------------
# ``refusals`` and ``assert_refused`` are shared with the explorers' test files.


def refusals(ex):
    """(control, value, words the message must hold) for values that no control of ``ex`` can
    take: beyond either end of a slider's range (a log slider's range is 10**min .. 10**max),
    NaN, inf, a bool, a string, None, a fraction for an integer slider, a missing option."""
    import ipywidgets as widgets

    for name, w in ex.controls.items():
        if isinstance(w, widgets.Dropdown):
            yield name, "no such option", [name, "must be one of", repr(w.options[0]),
                                           "'no such option'"]
            yield name, None, [name, "must be one of"]
            continue
        lo, hi = w.min, w.max
        if isinstance(w, widgets.FloatLogSlider):
            lo, hi = w.base ** lo, w.base ** hi
        span = hi - lo
        described = [name, w.description]
        number = int if isinstance(w, widgets.IntSlider) else float  # as the message shows it
        for value in (hi + span, lo - span, hi + 1e12):
            yield name, value, described + [f"between {lo:g} and {hi:g}", f"got {number(value)!r}"]
        yield name, float("nan"), described + ["finite"]
        yield name, float("inf"), described + ["finite"]
        for value in (True, "1", None, [lo]):
            yield name, value, described + ["real number"]
        if isinstance(w, widgets.IntSlider):
            yield name, lo + 0.5, described + ["whole number"]


def assert_refused(ex, name, value, words):
    """``ex.set(name=value)`` raises a ValueError/TypeError whose message holds ``words``, changes
    no control and not the picture, shows the refusal in red in the status without marking the
    picture stale, and ``ex.error`` holds it."""
    before, png, border = ex.values, ex.image.value, ex.image.layout.border
    with pytest.raises((ValueError, TypeError)) as info:
        ex.set(**{name: value})
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)
    assert ex.values == before and ex.image.value == png
    assert ex.error is info.value
    assert "#c62828" in ex.status.value and "nothing changed" in ex.status.value
    assert html.escape(message[:40]) in ex.status.value
    assert ex.image.layout.border == border  # still the picture of the controls' values


def assert_every_control_refuses_impossible_values(ex):
    """Every refusal of ``refusals``, then ``reset()`` still works and clears the error."""
    for name, value, words in refusals(ex):
        assert_refused(ex, name, value, words)
    ex.reset()
    assert ex.error is None and ex.values == ex.defaults
    assert "nothing changed" not in ex.status.value


def assert_constructor_refuses(cls, kwargs, words):
    """``cls(**kwargs)`` raises a ValueError/TypeError naming the argument (``words``)."""
    with pytest.raises((ValueError, TypeError)) as info:
        cls(**kwargs)
    for word in words:
        assert word in str(info.value), (word, str(info.value))


class AllKinds(Sine):
    """Sine with one control of every kind: an integer slider, a log slider and a dropdown."""

    def make_controls(self):
        import ipywidgets as widgets

        return {**super().make_controls(),
                "n": slider("harmonics", "", 3, 1, 9, 1, integer=True),
                "k": slider("gain", "", 1.0, -2.0, 1.0, 0.1, log=True),  # 0.01 .. 10
                "shape": widgets.Dropdown(options=["sine", "square"], value="sine",
                                          description="shape")}

    def update(self, f, a, n, k, shape):
        super().update(f, a)


@pytest.fixture(scope="module")
def kinds():
    return AllKinds()


def test_set_refuses_values_no_control_can_take(kinds):
    assert_every_control_refuses_impossible_values(kinds)


def test_set_refuses_by_name_and_range_before_changing_anything(kinds):
    kinds.reset()
    n = kinds.updates
    with pytest.raises(ValueError) as info:
        kinds.set(a=1.5, f=1e6)  # a is fine, f is not: neither changes, no redraw
    assert str(info.value) == "f (frequency (Hz)) must be between 1 and 10, got 1000000.0"
    assert kinds.values == kinds.defaults and kinds.updates == n
    # a log slider's range is 10**min .. 10**max, its ends included
    kinds.set(k=0.01)
    kinds.set(k=10.0)
    assert kinds.values["k"] == pytest.approx(10.0) and kinds.error is None
    with pytest.raises(ValueError, match=r"k \(gain\) must be between 0.01 and 10, got 0.005"):
        kinds.set(k=0.005)
    with pytest.raises(ValueError, match="n \\(harmonics\\) must be a whole number, got 2.5"):
        kinds.set(n=2.5)
    kinds.set(n=4.0)  # a whole number given as a float is fine
    assert kinds.values["n"] == 4
    with pytest.raises(ValueError, match="shape must be one of 'sine', 'square', got 'triangle'"):
        kinds.set(shape="triangle")
    with pytest.raises(ValueError, match="unknown control"):
        kinds.set(phase=1.0)
    assert "unknown control" in kinds.status.value
    # in range but off the step grid: accepted as it is (the browser snaps it)
    kinds.set(f=2.26)
    assert kinds.values["f"] == 2.26 and kinds.error is None


def test_a_refusal_keeps_a_stale_frame_and_the_next_change_clears_both(kinds):
    kinds.reset()
    kinds.image.layout.border = _base.STALE_BORDER  # as after a failed update
    with pytest.raises(ValueError):
        kinds.set(a=-1.0)
    assert kinds.image.layout.border == _base.STALE_BORDER
    kinds.set(a=0.5)
    assert kinds.error is None and kinds.image.layout.border == _base.FRESH_BORDER


def test_check_arg_names_the_argument_and_what_is_allowed():
    check_arg = _base.check_arg
    assert check_arg("T", 5, 0.0, 10.0, low_open=True, unit="ms") == 5.0
    assert check_arg("n", 3.0, 2, 9, integer=True) == 3
    for value, kind, message in [
        (-1, ValueError, "T must be > 0 ms, got -1.0"),
        (11.0, ValueError, "T must be at most 10 ms (why), got 11.0"),
        (True, TypeError, "T must be a real number (ms), got True"),
        ("5", TypeError, "T must be a real number (ms), got '5'"),
        (None, TypeError, "T must be a real number (ms), got None"),
        (float("nan"), ValueError, "T must be finite, got nan"),
    ]:
        with pytest.raises(kind) as info:
            check_arg("T", value, 0.0, low_open=True, unit="ms") if value == -1 else \
                check_arg("T", value, high=10.0, unit="ms", why=" (why)")
        assert str(info.value).startswith(message), str(info.value)
    with pytest.raises(ValueError, match="^n must be between 2 and 9, got 10$"):
        check_arg("n", 10, 2, 9, integer=True)
    with pytest.raises(ValueError, match="t_on must be before T = 100 ms"):
        _base.check_onset(100.0, 100.0)
    with pytest.raises(ValueError, match="at least 0.5 ms of step"):
        _base.check_onset(99.8, 100.0, shortest=0.5)
    assert _base.check_onset(99.5, 100.0, shortest=0.5) == 99.5
    with pytest.raises(ValueError, match="show must be > 0.1 ms"):
        _base.check_window("show", 0.1, 0.1, 50.0)
    with pytest.raises(ValueError, match="show must be at most 50 ms"):
        _base.check_window("show", 50.5, 0.1, 50.0)


def test_fixed_seed_checks_the_seed_and_freezes_the_noise():
    assert _base.fixed_seed(7) == 7
    sequence = np.random.SeedSequence(3)
    assert _base.fixed_seed(sequence) is sequence
    drawn = _base.fixed_seed(None)  # fresh noise, but the same at every update
    assert isinstance(drawn, int) and drawn >= 0
    assert _base.fixed_seed(np.random.default_rng(1)) == _base.fixed_seed(np.random.default_rng(1))
    for seed, kind in [(-1, ValueError), (1.5, TypeError), ("x", TypeError), (True, TypeError)]:
        with pytest.raises(kind, match="seed"):
            _base.fixed_seed(seed)
