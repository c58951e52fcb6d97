"""What every explorer shows: size and sharpness settings, visible errors, bad arguments, axes
that follow the data, and titles that agree with the numbers (issue: explorers for a laptop and
a projector that never show a wrong picture). The browser side is in tests/browser."""

import asyncio
import io

import numpy as np
import pytest
from PIL import Image

import neurolab as nl
from neurolab import widgets as nw
from neurolab.widgets import _base


def inside(ax, values, axis="y"):
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    return values.size == 0 or (values.min() >= lo and values.max() <= hi)


# --- the picture -----------------------------------------------------------------------------


def test_png_writer_gives_the_pixels_back():
    rng = np.random.default_rng(3)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    img = Image.open(io.BytesIO(_base.png_bytes(rgba)))
    assert img.mode == "RGB" and img.size == (53, 37)
    np.testing.assert_array_equal(np.asarray(img), rgba[:, :, :3])


def test_picture_is_rendered_at_twice_its_css_size(explorers):
    ex = explorers.get(nw.LIFExplorer)
    width, height = Image.open(io.BytesIO(ex.image.value)).size
    css_width = int(ex.image.layout.width.removesuffix("px"))
    assert width == 2 * css_width == 2 * _base.WIDTH
    assert height == round(2 * ex.figsize[1] * _base.CSS_DPI)
    assert ex.image.layout.max_width == "100%"


@pytest.mark.parametrize("cls", [nw.LIFExplorer, nw.HHExplorer, nw.AdExExplorer])
def test_short_labels_long_tooltips(cls, explorers):
    ex = explorers.get(cls)
    for w in ex.controls.values():
        assert len(w.description) <= 16, w.description
        assert w.tooltip and w.tooltip != w.description
        if hasattr(w, "readout"):
            assert w.readout and w.continuous_update  # a value can be typed, drags update


def test_status_names_the_values_of_the_picture(explorers):
    ex = explorers.get(nw.LIFExplorer)
    ex.set(I_inj=250.0, tau_m=20.0)
    # formatted as the sliders' readouts show them (step 5 pA and 1 ms: no decimals)
    assert ex.status.tooltip == "picture for: I (pA) = 250; τ_m (ms) = 20"


# --- errors ----------------------------------------------------------------------------------


class Fragile(nw.LIFExplorer):
    def update(self, I_inj, tau_m):
        if I_inj > 400:
            raise RuntimeError(f"forced failure at {I_inj:g} pA")
        super().update(I_inj=I_inj, tau_m=tau_m)


def test_a_failing_update_is_shown_and_the_next_change_recovers(capsys):
    ex = Fragile()
    good = ex.image.value
    ex.controls["I_inj"].value = 450.0  # as a slider drag
    assert isinstance(ex.error, RuntimeError)
    assert "RuntimeError: forced failure at 450 pA" in ex.status.value
    assert "#c62828" in ex.status.value and "stale" in ex.status.value  # red, one line
    assert ex.image.value == good  # the last good picture stays ...
    assert "dashed" in ex.image.layout.border  # ... marked stale
    assert "Traceback" in ex.last_traceback and "forced failure" in ex.last_traceback
    ex.controls["I_inj"].value = 300.0
    assert ex.error is None and "forced failure" not in ex.status.value
    assert "transparent" in ex.image.layout.border and ex.image.value != good


@pytest.mark.parametrize("make, match", [
    (lambda: nw.ISIExplorer(show=0), "show must be > 0"),
    (lambda: nw.OUExplorer(show=0), "show must be > 0"),
    (lambda: nw.ISIExplorer(show=5000.0), "show must be at most"),
    (lambda: nw.FIExplorer(t_show=0), "t_show must be > 0"),
    (lambda: nw.NoisyFIExplorer(I_values=[]), "I_values must hold at least two"),
    (lambda: nw.NoisyFIExplorer(I_values=[100.0]), "I_values must hold at least two"),
    (lambda: nw.NoisyFIExplorer(I_values=[100.0, float("nan")]), "I_values must contain only"),
    (lambda: nw.LIFExplorer(T=-1), "T must be > 0"),
    (lambda: nw.HHExplorer(t_on=200.0), "t_on must be before T"),
    (lambda: nw.GEMExplorer(t_on="x"), "t_on must be a real number"),
    (lambda: nw.AdExExplorer(pattern="bursty"), "unknown AdEx pattern"),
])
def test_constructors_reject_bad_arguments(make, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make()


# --- axes follow the data, titles follow the numbers ------------------------------------------


def test_lif_steady_state_line_stays_on_the_axes(explorers):
    ex = explorers.get(nw.LIFExplorer)
    for I in (100.0, 350.0, 500.0):
        ex.set(I_inj=I)
        v_inf = ex.artists["v_inf"].get_ydata()[0]
        assert v_inf == pytest.approx(-75.0 + I / 10.0)
        assert inside(ex.ax, [v_inf]) and inside(ex.ax, ex.artists["v"].get_ydata())


@pytest.mark.parametrize("cls", [nw.ISIExplorer, nw.OUExplorer])
def test_histogram_shows_its_tallest_bar(cls):
    ex = cls()
    ex.set(mu=300.0, sig=0.0)  # no noise: (nearly) every interval in one bin
    heights = ex.hist.get_data()[0]
    assert heights.max() > 0.9
    assert heights.max() <= ex.ax_h.get_ylim()[1] <= heights.max() + 0.15


def test_gem_long_intervals_are_not_cut():
    ex = nw.GEMExplorer()
    ex.set(I=190.0, g_x=0.0)  # EIF and GEM alike, just above the rheobase: ISIs above 100 ms
    isi = np.diff(ex.result["spikes_eif"])
    assert isi.max() > 100.0
    assert inside(ex.axes["isi"], isi)
    assert ex.controls["I"].min == 180.0  # below it neither model fires: no dead stretch


def test_adex_traces_stay_on_the_axes_at_slider_extremes(explorers):
    ex = explorers.get(nw.AdExExplorer)
    for values in ({"a": 20.0, "b": 300.0, "tau_w": 500.0, "I": 800.0},
                   {"a": ex.controls["a"].min, "b": 0.0, "tau_w": 10.0, "I": 0.0},
                   {"b": 300.0, "tau_w": 10.0, "I": 800.0}):
        ex.set(**values)
        w = ex.result["w"]
        assert inside(ex.ax_w, w) and inside(ex.ax_pp, w)
        assert inside(ex.ax_v, ex.result["v"])


def test_adex_pattern_sets_every_value_in_one_step(explorers):
    ex = explorers.get(nw.AdExExplorer)
    refreshes = []
    original = ex.refresh
    ex.refresh = lambda: (refreshes.append(dict(ex.values)), original())
    for name in ("transient", "irregular", "tonic", "delayed accelerating", "initial burst"):
        ex.controls["pattern"].value = name  # as the dropdown does
        preset = nl.ADEX_PATTERNS[name]
        assert refreshes[-1] == {"pattern": name,
                                 **{k: preset[k] for k in ("I", "a", "b", "tau_w")}}
        assert ex.result["pars"]["a"] == preset["a"] and ex.result["pars"]["g_L"] == preset["g_L"]
        assert ex.controls["a"].min > -preset["g_L"]
        assert all(w.continuous_update for w in ex.controls.values() if hasattr(w, "min"))
    assert len(refreshes) == 5  # one simulation per switch


def test_eif_title_agrees_with_the_trace_at_the_rheobase():
    ex = nw.EIFExplorer()
    ex.set(Delta_T=5.0, I=150.0)  # rheobase g_L (V_T - E_L - Delta_T) = 150 pA exactly
    assert ex.result["spikes"].size == 0
    assert "runs away" not in ex.ax_f.get_title() and "at the rheobase" in ex.ax_f.get_title()
    ex.set(Delta_T=5.0, I=200.0)
    assert ex.result["spikes"].size > 0 and "runs away" in ex.ax_f.get_title()
    ex.set(Delta_T=2.0, I=150.0)
    assert "rest" in ex.ax_f.get_title() and ex.result["spikes"].size == 0


def test_fi_rate_axis_is_fitted_to_the_curve():
    ex = nw.FIExplorer()
    top = max(np.nanmax(ex.rates), np.max(ex.fi["closed"].get_ydata()))
    assert top < ex.ax_fi.get_ylim()[1] <= top * 1.08 + 50.0
    assert "above the axis" in ex.ax_fi.get_title()  # the 500 Hz ceiling is named, not drawn


# --- drags: the newest values win --------------------------------------------------------------


class FakeKernel:
    """Just enough of an ipykernel (its public API): the parent of the message being handled."""

    def get_parent(self, channel):
        return {"header": {"msg_type": "comm_msg"}}


def test_updates_within_the_merge_window_are_drawn_once_with_the_newest_values(monkeypatch):
    ex = nw.LIFExplorer()
    drawn = []
    original = ex.update
    monkeypatch.setattr(ex, "update", lambda **v: (drawn.append(v["I_inj"]), original(**v)))
    monkeypatch.setattr(_base, "_kernel", lambda: FakeKernel())

    async def drag():
        # a burst: the first is drawn in its handler, the next ones arrive within the window
        for value in (200.0, 300.0, 400.0):
            ex.controls["I_inj"].value = value
        assert drawn == [200.0]
        await asyncio.sleep(_base.MERGE_WINDOW_S + 0.2)
        assert drawn == [200.0, 400.0]  # one trailing redraw, of the newest values
        ex.controls["I_inj"].value = 450.0  # a lone update after the window: drawn at once
        assert drawn == [200.0, 400.0, 450.0]
        ex.controls["I_inj"].value = 350.0  # within the window again: booked ...
        ex.set(I_inj=100.0)  # ... but a cell's change is drawn at once
        assert drawn[-1] == 100.0
        await asyncio.sleep(_base.MERGE_WINDOW_S + 0.2)
        assert drawn[-1] == 100.0  # the booked redraw found nothing new to draw
        assert drawn.count(100.0) == 1

    asyncio.run(drag())
    assert ex.values["I_inj"] == 100.0 and ex.error is None
