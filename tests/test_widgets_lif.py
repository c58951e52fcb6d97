"""The LIF explorers (notebooks 01-02): they build, their sliders change the figure's data the
right way, and reset() brings back the defaults."""

import numpy as np
import pytest

import neurolab as nl
from neurolab import widgets as nw
from test_widgets_base import (
    assert_constructor_refuses,
    assert_every_control_refuses_impossible_values,
)


def spike_marks(line):
    """Spike times drawn by a marker line."""
    return np.asarray(line.get_xdata(), dtype=float)


# --- LIFExplorer --------------------------------------------------------------------------


@pytest.fixture
def lif(explorers):
    return explorers.get(nw.LIFExplorer)


def test_lif_explorer_builds_with_a_subthreshold_pulse(lif):
    assert set(lif.controls) == {"I_inj", "tau_m"}
    assert all("(" in w.description for w in lif.controls.values())  # units in labels
    assert lif.values == {"I_inj": 100.0, "tau_m": 10.0}
    assert bytes(lif.image.value)[:4] == b"\x89PNG"
    v = lif.artists["v"].get_ydata()
    pars = nl.default_pars(T=500)
    expected = nl.run_lif(pars, 100.0, stop=True).v
    np.testing.assert_array_equal(v, expected)
    assert spike_marks(lif.artists["spikes"]).size == 0
    # steady state during the pulse: E_L + I/g_L = -65 mV, below threshold
    assert lif.artists["v_inf"].get_ydata() == pytest.approx([-65.0, -65.0])
    assert v.max() < pars["V_th"]
    assert "0 spikes" in lif.ax.get_title()


def test_lif_explorer_more_current_more_spikes(lif):
    counts = []
    for I in (150.0, 250.0, 350.0, 500.0):
        lif.set(I_inj=I)
        counts.append(spike_marks(lif.artists["spikes"]).size)
        assert lif.artists["v_inf"].get_ydata()[0] == pytest.approx(-75.0 + I / 10.0)
    assert counts[0] == 0  # V_inf = -60 mV stays below threshold
    assert all(a < b for a, b in zip(counts, counts[1:]))
    # spikes only while the pulse is on (150 <= t < 350 ms)
    sp = spike_marks(lif.artists["spikes"])
    assert sp.min() >= 150.0 and sp.max() < 350.0


def test_lif_explorer_slower_membrane_fewer_spikes_and_slower_rise(lif):
    lif.set(I_inj=300.0, tau_m=10.0)
    fast = spike_marks(lif.artists["spikes"]).size
    lif.set(tau_m=30.0)
    slow = spike_marks(lif.artists["spikes"]).size
    assert 0 < slow < fast
    # subthreshold: the rise after the pulse onset is slower with a larger tau_m
    t = lif.base["range_t"]
    at = np.searchsorted(t, 160.0)  # 10 ms after onset
    lif.set(I_inj=100.0, tau_m=5.0)
    v_fast = lif.artists["v"].get_ydata()[at]
    lif.set(tau_m=40.0)
    v_slow = lif.artists["v"].get_ydata()[at]
    assert v_slow < v_fast < -65.0


def test_lif_explorer_controls_trigger_redraws_and_reset(lif):
    default_v = lif.artists["v"].get_ydata().copy()
    lif.controls["I_inj"].value = 400.0  # a slider drag, not set()
    assert spike_marks(lif.artists["spikes"]).size > 0
    lif.controls["tau_m"].value = 20.0
    assert not np.array_equal(lif.artists["v"].get_ydata(), default_v)
    lif.reset()
    assert lif.values == lif.defaults
    np.testing.assert_array_equal(lif.artists["v"].get_ydata(), default_v)
    assert spike_marks(lif.artists["spikes"]).size == 0
    assert np.isfinite(lif.last_update_ms)


def test_lif_explorer_constant_input():
    ex = nw.LIFExplorer(T=200.0, pulse=False)
    ex.set(I_inj=300.0)
    pars = nl.default_pars(T=200.0)
    spikes = nl.run_lif(pars, 300.0).spikes
    np.testing.assert_allclose(spike_marks(ex.artists["spikes"]), spikes)
    assert list(ex.artists["v_inf"].get_xdata()) == [0.0, 200.0]


# --- FIExplorer ---------------------------------------------------------------------------


@pytest.fixture
def fi(explorers):
    return explorers.get(nw.FIExplorer)


def sim_rates(ex):
    return np.asarray(ex.fi["sim"].get_ydata(), dtype=float)


def test_fi_explorer_builds_and_matches_the_library(fi):
    assert set(fi.controls) == {"tau_m", "tref", "g_L", "I_trace"}
    assert all("(" in w.description for w in fi.controls.values())
    pars = nl.default_pars(T=400.0)
    np.testing.assert_array_equal(sim_rates(fi), nl.fi_curve(pars, fi.currents))
    np.testing.assert_allclose(fi.fi["closed"].get_ydata(), nl.lif_rate(pars, fi.I_fine))
    assert fi.rheo.get_xdata()[0] == pytest.approx(200.0)
    assert fi.ceiling.get_ydata()[0] == pytest.approx(500.0)
    # silent up to the rheobase, firing above it, close to the closed form everywhere
    rates = sim_rates(fi)
    assert np.all(rates[fi.currents <= 200.0] == 0) and np.all(rates[fi.currents > 200.0] > 0)
    # the simulated interspike interval is a whole number of Euler steps: within one step of the
    # closed form plus Euler's relative error of about dt / (2 tau_m) of the time to threshold
    firing = rates > 0
    isi_sim = 1000.0 / rates[firing]
    isi_closed = 1000.0 / nl.lif_rate(pars, fi.currents[firing])
    allowed = pars["dt"] + pars["dt"] / (2 * pars["tau_m"]) * (isi_closed - pars["tref"])
    assert np.all(np.abs(isi_sim - isi_closed) <= allowed)
    # the star sits on the chosen current and its rate; the trace fires at that rate
    (x,), (y,) = fi.star.get_data()
    assert x == 300.0 and y == pytest.approx(nl.lif_rate(pars, 300.0), abs=1.0)
    assert spike_marks(fi.trace["spikes"]).size > 5


def test_fi_explorer_larger_tau_m_lowers_rates_not_rheobase(fi):
    base = sim_rates(fi)
    fi.set(tau_m=20.0)
    slow = sim_rates(fi)
    above = fi.currents > 200.0
    assert np.all(slow[above] < base[above]) and np.all(slow[~above] == 0)
    assert fi.rheo.get_xdata()[0] == pytest.approx(200.0)
    # ISI - tref scales with tau_m (the log factor does not depend on it), up to one time step
    pick = fi.currents >= 250.0
    ratio = (1000.0 / slow[pick] - 2.0) / (1000.0 / base[pick] - 2.0)
    assert np.all(np.abs(ratio - 2.0) < 0.05)


def test_fi_explorer_refractory_period_sets_the_ceiling(fi):
    fi.set(tau_m=5.0, tref=1.0, g_L=5.0)
    fast = sim_rates(fi).max()
    fi.set(tref=5.0)
    assert fi.ceiling.get_ydata()[0] == pytest.approx(200.0)
    capped = sim_rates(fi)
    assert capped.max() < 200.0 < fast
    assert np.all(capped[fi.currents > 100.0] > 0)


def test_fi_explorer_leak_shifts_the_rheobase(fi):
    fi.set(g_L=15.0)
    rates = sim_rates(fi)
    assert fi.rheo.get_xdata()[0] == pytest.approx(300.0)
    assert np.all(rates[fi.currents <= 300.0] == 0) and np.all(rates[fi.currents > 300.0] > 0)
    fi.set(g_L=5.0)
    rates = sim_rates(fi)
    assert fi.rheo.get_xdata()[0] == pytest.approx(100.0)
    assert np.all(rates[fi.currents <= 100.0] == 0) and np.all(rates[fi.currents > 100.0] > 0)


def test_fi_explorer_trace_current(fi):
    fi.set(I_trace=150.0)  # below rheobase: a silent trace that settles at -60 mV
    assert spike_marks(fi.trace["spikes"]).size == 0
    assert fi.trace["v"].get_ydata()[-1] == pytest.approx(-60.0, abs=0.01)
    assert fi.star.get_data()[1][0] == 0.0
    counts = []
    for I in (250.0, 350.0, 450.0):
        fi.controls["I_trace"].value = I
        counts.append(spike_marks(fi.trace["spikes"]).size)
    assert counts[0] < counts[1] < counts[2]
    assert np.all(spike_marks(fi.trace["spikes"]) < 200.0)  # only the shown window


def test_fi_explorer_reset(fi):
    default = sim_rates(fi).copy()
    fi.set(tau_m=25.0, tref=4.0, g_L=8.0, I_trace=100.0)
    assert not np.array_equal(sim_rates(fi), default)
    fi.reset()
    assert fi.values == fi.defaults
    np.testing.assert_array_equal(sim_rates(fi), default)
    assert fi.ceiling.get_ydata()[0] == pytest.approx(500.0)
    assert fi.rheo.get_xdata()[0] == pytest.approx(200.0)
    assert np.isfinite(fi.last_update_ms)


def test_fi_explorer_limits_cover_the_slider_ranges(fi):
    # the rate axis is fitted to the curve: it covers it, and the curve fills most of it
    for values in ({}, {"tau_m": 5.0, "tref": 1.0, "g_L": 5.0}, {"tau_m": 40.0, "g_L": 20.0}):
        fi.set(**values)
        ymax = fi.ax_fi.get_ylim()[1]
        top = max(sim_rates(fi).max(), np.max(fi.fi["closed"].get_ydata()))
        assert top < ymax <= 1.08 * top + 50.0


# --- impossible input is refused by name --------------------------------------------------


@pytest.fixture(params=[nw.LIFExplorer, nw.FIExplorer], ids=lambda c: c.__name__)
def built(request, explorers):
    return explorers.get(request.param)


def test_set_refuses_values_outside_each_controls_range(built):
    assert_every_control_refuses_impossible_values(built)


def test_set_names_the_control_its_label_and_range(lif):
    ex = lif
    with pytest.raises(ValueError) as info:
        ex.set(I_inj=1e6)
    assert str(info.value) == "I_inj (I (pA)) must be between 0 and 500, got 1000000.0"
    assert ex.values == ex.defaults and ex.error is info.value
    assert "I_inj (I (pA)) must be between 0 and 500" in ex.status.value


@pytest.mark.parametrize("cls, kwargs, words", [
    (nw.LIFExplorer, {"pulse": "no"}, ["pulse must be True or False", "'no'"]),
    (nw.LIFExplorer, {"pulse": 1}, ["pulse must be True or False", "1"]),
    (nw.LIFExplorer, {"pulse": None}, ["pulse must be True or False"]),
    (nw.LIFExplorer, {"T": -1}, ["T must be > 0 ms", "-1"]),
    (nw.LIFExplorer, {"T": 0}, ["T must be > 0 ms"]),
    (nw.LIFExplorer, {"T": 1e12}, ["T must be at most 10000 ms", "1000000000000.0"]),
    (nw.LIFExplorer, {"T": float("nan")}, ["T must be finite"]),
    (nw.LIFExplorer, {"T": "500"}, ["T must be a real number", "'500'"]),
    (nw.LIFExplorer, {"T": True}, ["T must be a real number"]),
    (nw.LIFExplorer, {"T": [500.0]}, ["T must be a real number"]),
    (nw.LIFExplorer, {"T": 150.0}, ["T must be more than 200 ms with pulse=True", "150.0",
                                    "pulse=False"]),
    (nw.LIFExplorer, {"T": 200.0}, ["T must be more than 200 ms with pulse=True"]),
    (nw.FIExplorer, {"T": 1e12}, ["T must be at most 5000 ms"]),
    (nw.FIExplorer, {"T": None}, ["T must be a real number"]),
    (nw.FIExplorer, {"T": 100.0, "t_show": 150.0}, ["t_show must be at most 100 ms", "150.0"]),
    (nw.FIExplorer, {"t_show": 0.01}, ["t_show must be > 0.1 ms", "0.01"]),
    (nw.FIExplorer, {"t_show": "x"}, ["t_show must be a real number"]),
    (nw.FIExplorer, {"I_max": 1e-9}, ["I_max must be between 10 and 10000 pA", "1e-09"]),
    (nw.FIExplorer, {"I_max": 1e12}, ["I_max must be between 10 and 10000 pA"]),
    (nw.FIExplorer, {"I_max": None}, ["I_max must be a real number"]),
    (nw.FIExplorer, {"n_currents": 2.5}, ["n_currents must be a whole number", "2.5"]),
    (nw.FIExplorer, {"n_currents": 10**7}, ["n_currents must be between 2 and 201", "10000000"]),
    (nw.FIExplorer, {"n_currents": 1}, ["n_currents must be between 2 and 201"]),
    (nw.FIExplorer, {"n_currents": True}, ["n_currents must be a real number"]),
])
def test_constructors_refuse_bad_arguments_by_name(cls, kwargs, words):
    assert_constructor_refuses(cls, kwargs, words)


def test_fi_explorer_defaults_fit_a_short_run_and_a_small_range():
    ex = nw.FIExplorer(T=100.0, I_max=100.0, n_currents=5)
    assert ex.n_show == 1000  # t_show: 200 ms, or T if shorter
    assert ex.values["I_trace"] == 100.0 == ex.controls["I_trace"].max  # 300 pA, or I_max
    ex.reset()
    assert ex.error is None
