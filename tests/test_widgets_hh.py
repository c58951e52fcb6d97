"""The Hodgkin-Huxley explorer (notebook 06) and its plotting helpers: the explorer builds, its
sliders change the figure's data the right way, and reset() brings back the defaults."""

import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure

import neurolab as nl
from neurolab import widgets as nw
from neurolab.models.hh import DAMPING_RATIO
from neurolab.plotting import (
    plot_conductances,
    plot_gates,
    plot_hh_fi_curve,
    plot_hh_voltage,
    plot_rate_functions,
    plot_steady_states,
    plot_time_constants,
)
from test_widgets_base import (
    assert_constructor_refuses,
    assert_every_control_refuses_impossible_values,
)


@pytest.fixture
def hh(explorers):
    return explorers.get(nw.HHExplorer)


def spike_marks(ex):
    """Every event the figure marks: spikes (filled) and small spikes (open triangles)."""
    marks = np.r_[ex.v_artists["spikes"].get_xdata(), ex.small.get_xdata()]
    return np.sort(np.asarray(marks, dtype=float))


def ydata(line):
    return np.asarray(line.get_ydata(), dtype=float)


def test_builds_with_a_10uA_step(hh):
    assert set(hh.controls) == {"I", "dI", "duration", "gbar_Na", "gbar_K"}
    assert all("(" in w.description for w in hh.controls.values())  # units in labels
    assert "µA/cm²" in hh.controls["I"].description
    assert hh.values == {"I": 10.0, "dI": 0.0, "duration": 80.0, "gbar_Na": 120.0,
                         "gbar_K": 36.0}
    assert bytes(hh.image.value)[:4] == b"\x89PNG"
    # the figure shows exactly what the library computes for that step
    pars = nl.hh_pars(T=100.0)
    r = nl.run_hh(pars, nl.step_current(pars, 10.0, t_on=10.0, t_off=90.0))
    np.testing.assert_array_equal(ydata(hh.v_artists["v"]), r.v)
    for gate in ("m", "h", "n"):
        np.testing.assert_array_equal(ydata(hh.gate_artists[gate]), getattr(r, gate))
    for name in ("g_Na", "g_K", "g_L"):
        np.testing.assert_array_equal(ydata(hh.g_artists[name]), getattr(r, name))
    np.testing.assert_array_equal(spike_marks(hh), r.spikes)
    # periodic firing only while the step is on (the last spike may peak just after it)
    sp = spike_marks(hh)
    assert sp.size >= 5 and sp.min() > 10.0 and sp.max() < 90.0
    assert np.ptp(np.diff(sp)[1:]) < 0.1  # regular intervals (ms)
    assert f"{sp.size} spikes" in hh.ax_v.get_title()
    # the shaded band marks the step
    assert hh.span.get_x() == 10.0 and hh.span.get_width() == pytest.approx(80.0)


def test_no_current_stays_at_rest(hh):
    hh.set(I=0.0)
    v = ydata(hh.v_artists["v"])
    assert spike_marks(hh).size == 0
    assert np.max(np.abs(v + 65.0)) < 0.1
    n0, m0, h0 = nl.hh_steady_state(-65.0)
    for gate, x0 in (("n", n0), ("m", m0), ("h", h0)):
        assert np.max(np.abs(ydata(hh.gate_artists[gate]) - x0)) < 1e-3
    assert "no spike: 0 Hz" in hh.ax_v.get_title()


def test_more_current_more_spikes(hh):
    counts = []
    for I in (2.0, 4.0, 10.0, 30.0, 60.0, 100.0):
        hh.controls["I"].value = I  # a slider drag
        counts.append(spike_marks(hh).size)
    assert counts[0] == 0  # 2 µA/cm²: a small depolarisation only
    assert counts[1] == 1  # 4 µA/cm²: one spike at the onset, then rest (below repetitive firing)
    assert all(a < b for a, b in zip(counts[1:], counts[2:]))
    # strong input: the spikes shrink (their peaks fall), but the -40 mV level still counts them
    hh.set(I=10.0)
    peak_10 = ydata(hh.v_artists["v"]).max()
    hh.set(I=100.0)
    assert ydata(hh.v_artists["v"])[3000:].max() < peak_10 - 30.0


def test_depolarisation_block(hh):
    hh.set(I=160.0, duration=90.0)
    late = ydata(hh.v_artists["v"])[hh.base["range_t"] >= 80.0]
    assert late.max() < nl.HH_SPIKE_THRESHOLD  # no full spikes any more
    assert -50.0 < late.mean() < -38.0 and np.ptp(late) < 8.0  # V held near -42 mV, ringing
    assert spike_marks(hh).max() < 80.0


def test_duration_shortens_the_train(hh):
    counts = []
    for d in (0.5, 5.0, 20.0, 40.0, 80.0):
        hh.set(duration=d)
        counts.append(spike_marks(hh).size)
        assert hh.span.get_width() == pytest.approx(d)
        if counts[-1]:
            assert spike_marks(hh).max() < 10.0 + d + 3.0  # spikes only while the step is on
    assert counts[0] == 0  # 10 µA/cm² for 0.5 ms is too weak to fire
    assert counts[1] == 1
    assert all(a < b for a, b in zip(counts[1:], counts[2:]))
    hh.set(duration=5.0)
    assert "from 10 to 15 ms\n1 spike (peak > 0 mV)" in hh.ax_v.get_title()


def test_channel_densities(hh):
    # the conductance traces are the model's: gbar_Na m^3 h and gbar_K n^4 of the gate traces
    hh.set(gbar_Na=150.0, gbar_K=30.0)
    m, h, n = (ydata(hh.gate_artists[g]) for g in ("m", "h", "n"))
    np.testing.assert_allclose(ydata(hh.g_artists["g_Na"]), 150.0 * m**3 * h, rtol=1e-12)
    np.testing.assert_allclose(ydata(hh.g_artists["g_K"]), 30.0 * n**4, rtol=1e-12)
    np.testing.assert_array_equal(ydata(hh.g_artists["g_L"]), 0.3)
    # less sodium: smaller g_Na peaks and, at half the density, no repetitive firing
    peaks = []
    for gbar_Na in (180.0, 120.0, 60.0):
        hh.set(gbar_Na=gbar_Na, gbar_K=36.0)
        peaks.append(ydata(hh.g_artists["g_Na"]).max())
    assert peaks[0] > peaks[1] > peaks[2]
    assert spike_marks(hh).size <= 1
    # more potassium: fewer spikes
    counts = []
    for gbar_K in (24.0, 36.0, 60.0):
        hh.set(gbar_Na=120.0, gbar_K=gbar_K)
        counts.append(spike_marks(hh).size)
    assert counts[0] > counts[1] > counts[2]


def test_reset_restores_the_defaults(hh):
    default_v = ydata(hh.v_artists["v"]).copy()
    default_spikes = spike_marks(hh).copy()
    hh.set(I=50.0, duration=30.0, gbar_Na=90.0, gbar_K=50.0)
    assert not np.array_equal(ydata(hh.v_artists["v"]), default_v)
    hh.reset()
    assert hh.values == hh.defaults
    np.testing.assert_array_equal(ydata(hh.v_artists["v"]), default_v)
    np.testing.assert_array_equal(spike_marks(hh), default_spikes)
    assert hh.span.get_width() == pytest.approx(80.0)
    assert np.isfinite(hh.last_update_ms)
    print(f"HHExplorer last update: {hh.last_update_ms:.0f} ms")


def test_limits_cover_the_slider_ranges(hh):
    limits = [ax.get_ylim() for ax in (hh.ax_v, hh.ax_x, hh.ax_g)] + [hh.ax_g.get_xlim()]
    c = hh.controls
    for I, gbar_Na, gbar_K in itertools.product((c["I"].min, 10.0, 80.0, c["I"].max),
                                                (c["gbar_Na"].min, c["gbar_Na"].max),
                                                (c["gbar_K"].min, c["gbar_K"].max)):
        hh.set(I=I, duration=c["duration"].max, gbar_Na=gbar_Na, gbar_K=gbar_K)
        v = ydata(hh.v_artists["v"])
        assert hh.V_LIM[0] < v.min() and v.max() < hh.V_LIM[1] - 5.0  # below the spike marks
        for name in ("g_Na", "g_K"):
            assert ydata(hh.g_artists[name]).max() < hh.G_LIM[1]
    assert [ax.get_ylim() for ax in (hh.ax_v, hh.ax_x, hh.ax_g)] + [hh.ax_g.get_xlim()] == limits


def test_other_run_length_and_onset():
    ex = nw.HHExplorer(T=50.0, t_on=5.0)
    assert ex.controls["duration"].max == 45.0
    assert ex.ax_g.get_xlim() == (0.0, 50.0)
    ex.set(duration=45.0)
    assert spike_marks(ex).min() > 5.0
    with pytest.raises(ValueError, match="t_on"):
        nw.HHExplorer(T=50.0, t_on=60.0)


# --- plotting helpers ---------------------------------------------------------------------

def test_plotting_helpers_draw_the_library_values():
    fig = Figure()
    axes = fig.subplots(2, 4).ravel()
    v = np.linspace(-100.0, 50.0, 301)
    rates = plot_rate_functions(axes[:3], v)
    assert set(rates) == {f"{k}_{g}" for k in ("alpha", "beta") for g in "nmh"}
    np.testing.assert_array_equal(ydata(rates["alpha_m"]), nl.alpha_m(v))
    np.testing.assert_array_equal(ydata(rates["beta_h"]), nl.beta_h(v))
    ss = plot_steady_states(axes[3], v)
    np.testing.assert_array_equal(ydata(ss["h"]), nl.hh_steady_state(v)[2])
    taus = plot_time_constants(axes[4], v)
    np.testing.assert_array_equal(ydata(taus["n"]), nl.hh_time_constants(v)[0])
    for ax in axes[:5]:
        assert "(mV)" in ax.get_xlabel()

    r = nl.run_hh(nl.hh_pars(T=20.0), 10.0)
    tr = plot_hh_voltage(axes[5], r.t, r.v, r.spikes)
    np.testing.assert_array_equal(tr["spikes"].get_xdata(), r.spikes)
    assert ydata(tr["threshold"])[0] == nl.HH_SPIKE_THRESHOLD
    gates = plot_gates(axes[6], r.t, r.m, r.h, r.n)
    np.testing.assert_array_equal(ydata(gates["h"]), r.h)
    g = plot_conductances(axes[7], r.t, r.g_Na, r.g_K, r.g_L)
    np.testing.assert_array_equal(ydata(g["g_K"]), r.g_K)
    assert "mS/cm²" in axes[7].get_ylabel() and "ms" in axes[7].get_xlabel()


def test_fi_plot_separates_firing_and_silent():
    fig = Figure()
    ax = fig.subplots()
    out = plot_hh_fi_curve(ax, [0.0, 5.0, 6.3, 10.0], [0.0, 0.0, 51.0, 68.0], onset=6.3)
    np.testing.assert_array_equal(out["firing"].get_xdata(), [6.3, 10.0])
    np.testing.assert_array_equal(out["silent"].get_xdata(), [0.0, 5.0])
    assert out["onset"].get_xdata()[0] == 6.3
    assert "µA/cm²" in ax.get_xlabel() and "Hz" in ax.get_ylabel()
    assert plot_hh_fi_curve(ax, [1.0], [0.0])["onset"] is None


def test_nothing_registered_with_pyplot():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    nw.HHExplorer(T=20.0, t_on=2.0)
    assert plt.get_fignums() == before


# --- the spike criterion: spikes overshoot, damped ringing is no firing ----------------------


@pytest.mark.parametrize("I", [155.0, 160.0])
def test_damped_oscillation_towards_block_is_no_firing(hh, I):
    hh.set(I=I)
    c = hh.response
    assert c["state"] == "damped" and c["rate"] == 0.0
    assert c["spikes"].size == 1  # only the first spike overshoots 0 mV
    assert c["ratio"] < DAMPING_RATIO
    title = hh.ax_v.get_title()
    assert "depolarisation block" in title and "damped" in title and "0 Hz" in title
    # independent check: the cycle amplitude of V in the last 30 ms of the step shrinks
    v, t = hh.result.v, hh.result.t
    late, early = v[(t >= 75) & (t < 90)], v[(t >= 50) & (t < 65)]
    assert np.ptp(late) < 0.8 * np.ptp(early)


def test_small_sustained_spikes_are_firing(hh):
    hh.set(I=100.0)
    c = hh.response
    assert c["state"] == "sustained" and c["spikes"].size == 1 and c["small"].size >= 8
    # the rate is 1000 / mean interval of all crossings of -40 mV, as in notebook 06
    np.testing.assert_allclose(c["rate"], 1000.0 / np.mean(np.diff(hh.result.spikes)), rtol=1e-9)
    assert f"{c['rate']:.0f} Hz" in hh.ax_v.get_title() and "sustained" in hh.ax_v.get_title()
    assert c["small_peak"] < 0.0 < hh.result.v.max()


def test_regular_firing_counts_overshooting_spikes(hh):
    c = hh.response  # 10 µA/cm²
    assert c["state"] == "spiking" and c["small"].size == 0
    np.testing.assert_array_equal(c["spikes"], hh.result.spikes)
    assert "6 spikes (peak > 0 mV), 68 Hz" in hh.ax_v.get_title()


def test_fine_current_adds_to_the_coarse_one(hh):
    hh.set(I=6.0, dI=0.35)
    assert "I = 6.35 µA/cm²" in hh.ax_v.get_title()
    pars = nl.hh_pars(T=100.0)
    r = nl.run_hh(pars, nl.step_current(pars, 6.35, t_on=10.0, t_off=90.0))
    np.testing.assert_array_equal(hh.result.v, r.v)
    hh.set(I=0.0, dI=-1.0)  # never a negative current
    assert "I = 0.00 µA/cm²" in hh.ax_v.get_title()


def test_slider_tracks_have_room_and_long_names_are_tooltips(hh):
    for w in hh.controls.values():
        assert len(w.description) <= 16 and w.tooltip and len(w.tooltip) > len(w.description)


# --- impossible input is refused by name --------------------------------------------------


def test_set_refuses_values_outside_each_controls_range(hh):
    assert_every_control_refuses_impossible_values(hh)
    with pytest.raises(ValueError, match=r"duration \(step \(ms\)\) must be between 0.5 and 90"):
        hh.set(duration=95.0)  # the step would outlast the run (T - t_on = 90 ms)


@pytest.mark.parametrize("kwargs, words", [
    ({"T": 1e12}, ["T must be at most 1000 ms", "1000000000000.0"]),
    ({"T": 0}, ["T must be > 0 ms"]),
    ({"T": "x"}, ["T must be a real number"]),
    ({"T": 5.0}, ["t_on must be before T = 5 ms", "t_on = 10.0"]),
    ({"t_on": 99.99}, ["t_on must be before T = 100 ms", "at least 0.5 ms of step"]),
    ({"t_on": 1e9}, ["t_on must be before T = 100 ms"]),
    ({"t_on": -1}, ["t_on must be at least 0 ms", "-1"]),
    ({"t_on": None}, ["t_on must be a real number"]),
    ({"t_on": float("inf")}, ["t_on must be finite"]),
])
def test_constructor_refuses_bad_arguments_by_name(kwargs, words):
    assert_constructor_refuses(nw.HHExplorer, kwargs, words)
