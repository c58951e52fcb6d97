"""The explorers of notebook 05 (EIF, AdEx, GEM): they build, their controls change the figure's
data the right way, choosing an AdEx pattern sets the sliders with a single redraw, and reset()
brings back the defaults."""

import numpy as np
import pytest

import neurolab as nl
from neurolab import eif_current, widgets as nw
from test_widgets_base import (
    assert_constructor_refuses,
    assert_every_control_refuses_impossible_values,
)


def n_strokes(line, V_spike=0.0):
    """Spikes drawn as strokes: samples of a voltage line at the cut-off V_spike."""
    return int(np.count_nonzero(np.asarray(line.get_ydata(), dtype=float) == V_spike))


def count_refreshes(ex):
    calls = []
    original = ex.refresh

    def counted():
        calls.append(1)
        original()

    ex.refresh = counted
    return calls


# --- EIFExplorer --------------------------------------------------------------------------


@pytest.fixture
def eif(explorers):
    return explorers.get(nw.EIFExplorer)


def test_eif_explorer_builds_below_rheobase(eif):
    assert set(eif.controls) == {"Delta_T", "I"}
    assert all("(" in w.description for w in eif.controls.values())  # units in labels
    assert bytes(eif.image.value)[:4] == b"\x89PNG"
    p = eif.base
    assert eif.values == {"Delta_T": 2.0, "I": 150.0}
    # 150 pA < rheobase 180 pA: a rest state and a threshold, no spike
    rest, thresh = eif.fixed_points
    assert rest < p["V_T"] < thresh
    assert eif.result["spikes"].size == 0
    assert n_strokes(eif.eif_trace["v"]) == 0
    assert "= 180 pA" in eif.ax_f.get_title()
    # the fixed points are zeros of F, and the simulated neuron settles at the rest state
    assert abs(eif_current(p, rest, 150.0)) < 1e-3
    assert eif.result["v"][-1] == pytest.approx(rest, abs=1e-3)


def test_eif_explorer_iv_curve_is_the_equation(eif):
    eif.set(Delta_T=1.5, I=120.0)
    p = dict(eif.base, Delta_T=1.5)
    V, dvdt = eif.eif_iv["curve"].get_data()
    np.testing.assert_allclose(dvdt, eif_current(p, V, 120.0) / p["C"], rtol=1e-12)
    # the LIF line: -g_L (V - E_L) + I, drawn up to its threshold V_T only
    V_lif, dvdt_lif = eif.lif_iv["curve"].get_data()
    assert V_lif.max() <= p["V_T"]
    np.testing.assert_allclose(dvdt_lif, (-p["g_L"] * (V_lif - p["E_L"]) + 120.0) / p["C"])
    # the EIF curve's minimum is at V_T
    assert V[np.argmin(dvdt)] == pytest.approx(p["V_T"], abs=0.06)


def test_eif_explorer_fires_above_its_rheobase_where_the_lif_does_not(eif):
    eif.set(I=190.0)  # EIF rheobase 180 pA, LIF rheobase 200 pA
    assert eif.fixed_points.size == 0
    assert eif.result["spikes"].size > 0
    assert n_strokes(eif.eif_trace["v"]) == eif.result["spikes"].size
    assert eif.result["spikes_lif"].size == 0
    eif.set(I=220.0)
    assert eif.result["spikes_lif"].size > 0


def test_eif_explorer_sharper_onset_raises_the_rheobase(eif):
    # rheobase g_L (V_T - E_L - Delta_T): 195 pA at Delta_T = 0.5 mV, 180 pA at 2 mV
    eif.set(Delta_T=0.5, I=190.0)
    assert eif.result["spikes"].size == 0 and eif.fixed_points.size == 2
    assert "= 195 pA" in eif.ax_f.get_title()
    eif.set(Delta_T=2.0)
    assert eif.result["spikes"].size > 0
    # at a fixed current above all these rheobases, a softer onset fires faster
    intervals = []
    for dT in (1.0, 2.0, 3.0, 4.0):
        eif.set(Delta_T=dT, I=200.0)
        intervals.append(np.diff(eif.result["spikes"]).mean())
    assert all(a > b for a, b in zip(intervals, intervals[1:]))


def test_eif_explorer_reset(eif):
    default = eif.eif_trace["v"].get_ydata().copy()
    eif.controls["I"].value = 300.0  # a slider drag
    eif.controls["Delta_T"].value = 4.0
    assert not np.array_equal(eif.eif_trace["v"].get_ydata(), default)
    eif.reset()
    assert eif.values == eif.defaults
    np.testing.assert_array_equal(eif.eif_trace["v"].get_ydata(), default)
    assert np.isfinite(eif.last_update_ms)


# --- AdExExplorer -------------------------------------------------------------------------


@pytest.fixture
def adex(explorers):
    return explorers.get(nw.AdExExplorer)


def isis(ex):
    return np.diff(ex.result["spikes"])


def test_adex_explorer_builds_with_the_adapting_pattern(adex):
    assert list(adex.controls) == ["pattern", "I", "a", "b", "tau_w"]
    assert all("(" in w.description for name, w in adex.controls.items() if name != "pattern")
    assert list(adex.controls["pattern"].options) == list(nl.ADEX_PATTERNS)
    expected = nw.AdExExplorer.pattern_values("adapting")
    assert adex.values == {"pattern": "adapting", **expected}
    pars, I = nl.adex_pattern("adapting")
    run = nl.run_adex(pars, I)
    v, w, spikes = run.v, run.w, run.spikes
    np.testing.assert_array_equal(adex.result["spikes"], spikes)
    np.testing.assert_array_equal(adex.trace["w"].get_ydata(), w)
    assert n_strokes(adex.trace["v"]) == spikes.size
    # the phase-plane path: the run, broken once at each reset
    pv, pw = adex.pp["path"].get_data()
    assert np.count_nonzero(np.isnan(pv)) == spikes.size and pv.size == v.size + spikes.size
    assert adex.pp["resets"].get_xdata() == pytest.approx([pars["V_r"]] * spikes.size)
    assert bytes(adex.image.value)[:4] == b"\x89PNG"


@pytest.mark.parametrize("name", list(nl.ADEX_PATTERNS))
def test_adex_explorer_each_pattern_is_the_library_run(adex, name):
    if name == adex.values["pattern"]:
        adex.set(pattern="tonic")
    calls = count_refreshes(adex)
    adex.controls["pattern"].value = name  # as a user picks it in the dropdown
    assert len(calls) == 1  # sliders moved muted: one redraw
    assert adex.values == {"pattern": name, **nw.AdExExplorer.pattern_values(name)}
    pars, I = nl.adex_pattern(name)
    run = nl.run_adex(pars, I)
    w, spikes = run.w, run.spikes
    np.testing.assert_array_equal(adex.result["spikes"], spikes)
    np.testing.assert_array_equal(adex.trace["w"].get_ydata(), w)
    assert name in adex.ax_v.get_title()
    # the a slider stops just above -g_L of the pattern
    assert -pars["g_L"] < adex.controls["a"].min <= -pars["g_L"] + 0.5


def test_adex_explorer_adapting_vs_tonic_isi_growth(adex):
    adapting = isis(adex)
    adex.controls["pattern"].value = "tonic"
    tonic = isis(adex)
    assert adapting[-1] / adapting[0] > 3.0
    assert tonic[-1] / tonic[0] < 1.2
    assert tonic.size > adapting.size


def test_adex_explorer_larger_b_fewer_spikes_and_higher_w(adex):
    counts, w_max = [], []
    for b in (0.0, 30.0, 60.0, 120.0, 240.0):
        adex.set(b=b)
        counts.append(adex.result["spikes"].size)
        w_max.append(adex.trace["w"].get_ydata().max())
    assert all(x > y for x, y in zip(counts, counts[1:]))
    assert all(x < y for x, y in zip(w_max, w_max[1:]))


def test_adex_explorer_nullclines_follow_I_and_a(adex):
    V, w_V = (np.asarray(x) for x in adex.pp["v_null"].get_data())
    adex.controls["I"].value = 600.0
    _, w_V2 = adex.pp["v_null"].get_data()
    np.testing.assert_allclose(w_V2 - w_V, 100.0)  # the V-nullcline moves up by the added current
    more = adex.result["spikes"].size
    adex.controls["I"].value = 300.0
    assert adex.result["spikes"].size < more
    adex.controls["a"].value = 8.0
    Vw, ww = adex.pp["w_null"].get_data()
    np.testing.assert_allclose(ww, 8.0 * (Vw - nl.ADEX_PATTERNS["adapting"]["E_L"]))
    assert "a = 8 nS" in adex.ax_pp.get_title()


def test_adex_explorer_limits_fixed_while_dragging_new_per_pattern(adex):
    limits = lambda: [ax.get_xlim() + ax.get_ylim() for ax in (adex.ax_v, adex.ax_w, adex.ax_pp)]
    before = limits()
    adex.set(b=250.0, tau_w=50.0, a=-5.0, I=100.0)
    assert limits() == before
    adex.controls["pattern"].value = "delayed accelerating"
    after = limits()
    assert after != before
    assert adex.ax_w.get_ylim()[0] < -164.0  # covers the pattern's negative w
    adex.controls["pattern"].value = "adapting"
    assert limits() == before


def test_adex_explorer_set_pattern_with_overrides(adex):
    adex.set(pattern="tonic", b=40.0)
    assert adex.values == {"pattern": "tonic", **nw.AdExExplorer.pattern_values("tonic"), "b": 40.0}
    pars, I = nl.adex_pattern("tonic", b=40.0)
    np.testing.assert_array_equal(adex.result["spikes"], nl.run_adex(pars, I).spikes)
    # b > 0 makes the tonic neuron adapt (its tau_w is short: w saturates after a few spikes)
    isi = isis(adex)
    adex.set(b=0.0)
    assert isi[-1] / isi[0] > 1.25 > isis(adex)[-1] / isis(adex)[0]
    with pytest.raises(ValueError, match="^pattern must be one of 'tonic', .*got 'bursty'$"):
        adex.set(pattern="bursty")
    assert adex.values["pattern"] == "tonic" and "got &#x27;bursty&#x27;" in adex.status.value


def test_adex_explorer_a_bound_follows_the_pattern(adex):
    adex.controls["pattern"].value = "irregular"  # g_L 12 nS, a = -11 nS
    assert adex.controls["a"].value == -11.0
    adex.controls["pattern"].value = "tonic"  # g_L 10 nS
    adex.controls["a"].value = -11.0  # the slider stops above -g_L
    assert adex.controls["a"].value == -9.5
    assert adex.result["pars"]["a"] == -9.5


def test_adex_explorer_reset(adex):
    default_v = adex.trace["v"].get_ydata().copy()
    default_limits = adex.ax_pp.get_ylim()
    adex.controls["pattern"].value = "irregular"
    adex.controls["b"].value = 90.0
    adex.reset()
    assert adex.values == adex.defaults
    assert adex.controls["a"].min == -11.5  # adapting: g_L = 12 nS
    np.testing.assert_array_equal(adex.trace["v"].get_ydata(), default_v)
    assert adex.ax_pp.get_ylim() == default_limits
    with pytest.raises(ValueError, match="unknown AdEx pattern"):
        nw.AdExExplorer(pattern="bursty")


# --- GEMExplorer --------------------------------------------------------------------------


@pytest.fixture
def gem(explorers):
    return explorers.get(nw.GEMExplorer)


def test_gem_explorer_builds_gem_adapts_eif_does_not(gem):
    assert set(gem.controls) == {"g_x", "tau_x", "I"}
    assert all("(" in w.description for w in gem.controls.values())
    r = gem.result
    eif_isi, gem_isi = np.diff(r["spikes_eif"]), np.diff(r["spikes_gem"])
    assert np.ptp(eif_isi) < 0.01 * eif_isi.mean()
    assert gem_isi[-1] > 1.5 * gem_isi[0]
    assert r["spikes_gem"].size < r["spikes_eif"].size
    t, isi = gem.gem_isi.get_data()
    np.testing.assert_array_equal(isi, gem_isi)
    np.testing.assert_array_equal(t, r["spikes_gem"][1:])
    np.testing.assert_array_equal(gem.x_line.get_ydata(), r["x"])
    assert n_strokes(gem.eif_trace["v"]) == r["spikes_eif"].size


def test_gem_explorer_without_slow_current_is_the_eif(gem):
    gem.set(g_x=0.0)
    r = gem.result
    np.testing.assert_array_equal(r["v_gem"], r["v_eif"])
    np.testing.assert_array_equal(r["spikes_gem"], r["spikes_eif"])


def test_gem_explorer_stronger_slow_current_fewer_spikes(gem):
    counts = []
    for g_x in (0.0, 100.0, 200.0, 300.0):
        gem.set(g_x=g_x)
        counts.append(gem.result["spikes_gem"].size)
    assert all(a > b for a, b in zip(counts, counts[1:]))


def test_gem_explorer_faster_x_adapts_sooner(gem):
    at = int(round(150.0 / gem.base["dt"]))  # 100 ms after the step's onset
    x_at = []
    for tau_x in (50.0, 200.0, 500.0):
        gem.set(tau_x=tau_x)
        x_at.append(gem.x_line.get_ydata()[at])
    assert x_at[0] > x_at[1] > x_at[2]


def test_gem_explorer_reset(gem):
    default = gem.gem_trace["v"].get_ydata().copy()
    gem.controls["tau_x"].value = 50.0
    gem.controls["I"].value = 550.0
    gem.reset()
    assert gem.values == gem.defaults
    np.testing.assert_array_equal(gem.gem_trace["v"].get_ydata(), default)


# --- impossible input is refused by name --------------------------------------------------


@pytest.fixture(params=[nw.EIFExplorer, nw.AdExExplorer, nw.GEMExplorer],
                ids=lambda c: c.__name__)
def built(request, explorers):
    return explorers.get(request.param)


def test_set_refuses_values_outside_each_controls_range(built):
    assert_every_control_refuses_impossible_values(built)


def test_adex_set_checks_a_against_the_range_of_the_pattern_it_chooses():
    ex = nw.AdExExplorer(pattern="tonic")  # g_L = 10 nS: a >= -9.5 nS
    assert ex.controls["a"].min == -9.5
    # irregular lowers the a slider's end (g_L = 12 nS): a = -11 nS is fine with it ...
    ex.set(pattern="irregular", a=-11.0)
    assert ex.values["a"] == -11.0 and ex.controls["a"].min == -11.5
    # ... but not with tonic, whose range holds after the change: nothing changes
    before = ex.values
    with pytest.raises(ValueError,
                       match=r"^a \(a \(nS\)\) must be between -9.5 and 20, got -11.0$"):
        ex.set(pattern="tonic", a=-11.0)
    assert ex.values == before and ex.controls["a"].min == -11.5
    assert "nothing changed" in ex.status.value
    ex.reset()
    assert ex.values == ex.defaults and ex.error is None


@pytest.mark.parametrize("cls, kwargs, words", [
    (nw.EIFExplorer, {"t_on": -5}, ["t_on must be at least 0 ms", "-5"]),
    (nw.EIFExplorer, {"t_on": 400.0}, ["t_on must be before T = 400 ms", "400.0"]),
    (nw.EIFExplorer, {"T": 10.0}, ["t_on must be before T = 10 ms"]),
    (nw.EIFExplorer, {"T": 1e12}, ["T must be at most 10000 ms"]),
    (nw.EIFExplorer, {"T": None}, ["T must be a real number"]),
    (nw.AdExExplorer, {"pattern": 3}, ["pattern must be one of 'tonic'", "got 3"]),
    (nw.AdExExplorer, {"pattern": ["tonic"]}, ["pattern must be one of", "['tonic']"]),
    (nw.AdExExplorer, {"pattern": None}, ["pattern must be one of"]),
    (nw.AdExExplorer, {"pattern": "x"}, ["unknown AdEx pattern 'x'", "known patterns"]),
    (nw.AdExExplorer, {"T": 1e12}, ["T must be at most 10000 ms"]),
    (nw.AdExExplorer, {"T": 50.0}, ["t_on must be before T = 50 ms"]),
    (nw.AdExExplorer, {"dt": 1e-6}, ["T = 600 ms and dt = 1e-06 ms give", "time steps"]),
    (nw.AdExExplorer, {"dt": 0}, ["dt must be > 0 ms"]),
    (nw.AdExExplorer, {"dt": "0.1"}, ["dt must be a real number"]),
    (nw.AdExExplorer, {"dt": 1.0}, ["dt must be at most a tenth"]),  # initial burst: C/g_L 7.2 ms
    (nw.AdExExplorer, {"t_on": 600.0}, ["t_on must be before T = 600 ms"]),
    (nw.AdExExplorer, {"t_on": True}, ["t_on must be a real number"]),
    (nw.GEMExplorer, {"t_on": "x"}, ["t_on must be a real number"]),
    (nw.GEMExplorer, {"T": -1}, ["T must be > 0 ms"]),
    (nw.GEMExplorer, {"T": 1e12}, ["T must be at most 10000 ms"]),
    (nw.GEMExplorer, {"t_on": 800.0}, ["t_on must be before T = 800 ms"]),
])
def test_constructors_refuse_bad_arguments_by_name(cls, kwargs, words):
    assert_constructor_refuses(cls, kwargs, words)
