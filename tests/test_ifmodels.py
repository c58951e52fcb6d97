"""Tests of the integrate-and-fire extensions: EIF, AdEx (and its firing patterns) and GEM."""

import math

import numpy as np
import pytest

from neurolab.analysis import isi_cv
from neurolab.inputs import gwn, step_current
from neurolab.models import (
    ADEX_PATTERNS,
    PATTERN_ONSET,
    adex_pars,
    adex_pattern,
    eif_pars,
    eif_rheobase,
    gem_activation,
    gem_pars,
    run_adex,
    run_eif,
    run_gem,
)

MODELS = {
    "eif": (eif_pars, run_eif),
    "adex": (adex_pars, run_adex),
    "gem": (gem_pars, run_gem),
}


# ---------------------------------------------------------------- parameters and arithmetic


@pytest.mark.parametrize("make", [eif_pars, adex_pars, gem_pars])
def test_pars_grid_and_unknown_key(make):
    p = make(T=50.0, dt=0.5)
    assert p["range_t"].shape == (100,)
    assert p["range_t"][-1] == pytest.approx(49.5, abs=1e-12)
    with pytest.raises(ValueError, match=r"unknown .* 'tau_m'.*valid keys are: C, g_L"):
        make(tau_m=10.0)


def test_shared_eif_part_of_defaults():
    eif, gem = eif_pars(), gem_pars()
    for key in eif:
        if key != "range_t":
            assert gem[key] == eif[key], key


def test_first_euler_step_by_hand():
    p = adex_pars(T=1.0, V_init=-60.0, w_init=5.0)
    r = run_adex(p, 100.0)
    v, w, spikes = r.v, r.w, r.spikes
    C, gL, EL, VT, dT = p["C"], p["g_L"], p["E_L"], p["V_T"], p["Delta_T"]
    dv = (-gL * (-60.0 - EL) + gL * dT * math.exp((-60.0 - VT) / dT) - 5.0 + 100.0) / C
    dw = (p["a"] * (-60.0 - EL) - 5.0) / p["tau_w"]
    assert v[0] == -60.0 and w[0] == 5.0
    assert v[1] == pytest.approx(-60.0 + p["dt"] * dv, abs=1e-12)
    assert w[1] == pytest.approx(5.0 + p["dt"] * dw, abs=1e-12)
    assert spikes.size == 0


def _rest_state(p, I):
    """Stable fixed point of the EIF part below V_T, F(V) = 0, by bisection (mV)."""
    F = lambda V: -p["g_L"] * (V - p["E_L"]) + p["g_L"] * p["Delta_T"] * math.exp(
        (V - p["V_T"]) / p["Delta_T"]) + I
    lo, hi = p["E_L"] - 50.0, p["V_T"]
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if F(mid) > 0 else (lo, mid)
    return 0.5 * (lo + hi)


def test_eif_settles_at_its_rest_state():
    p = eif_pars(T=400.0)
    r = run_eif(p, 150.0)
    v, spikes = r.v, r.spikes
    assert spikes.size == 0
    assert v[-1] == pytest.approx(_rest_state(p, 150.0), abs=1e-6)


def test_adex_and_gem_steady_states():
    # AdEx below rheobase: w settles at a (V - E_L) (tau_w = 30 ms, 2 s = 67 tau_w).
    p = adex_pars(T=2000.0, tau_w=30.0)
    r = run_adex(p, 100.0)
    v, w, spikes = r.v, r.w, r.spikes
    assert spikes.size == 0
    assert w[-1] == pytest.approx(p["a"] * (v[-1] - p["E_L"]), abs=1e-6)
    # GEM: x settles at f(V) and stays in [0, 1].
    g = gem_pars(T=3000.0)
    r = run_gem(g, 100.0)
    v, x, spikes = r.v, r.x, r.spikes
    assert spikes.size == 0
    assert x[-1] == pytest.approx(gem_activation(g, v[-1]), abs=1e-6)
    assert np.all((x >= 0) & (x <= 1))


def test_gem_activation():
    g = gem_pars()
    assert gem_activation(g, g["V_x"]) == 0.5
    assert gem_activation(g, -70.0) == pytest.approx(1 / (1 + math.exp(4.5)), abs=1e-15)
    f = gem_activation(g, np.array([-1e6, -60.0, -52.0, -44.0, 1e6]))
    assert f.shape == (5,) and 0.0 <= f[0] < 1e-300 and f[-1] == 1.0
    assert f[1] == pytest.approx(1 - f[3], abs=1e-15)  # symmetric about V_x


def test_spike_reset_and_adaptation_jump():
    p = adex_pars(T=200.0)
    r = run_adex(p, 500.0)
    v, w, spikes = r.v, r.w, r.spikes
    assert spikes.size >= 3
    assert np.all(v < p["V_spike"])
    s = np.rint(spikes / p["dt"]).astype(int)
    assert np.all(v[s] == p["V_r"])
    # the sample of a spike shows w advanced by one Euler step from the previous sample, plus b
    k = s[1]
    euler = w[k - 1] + (p["a"] * (v[k - 1] - p["E_L"]) - w[k - 1]) * (p["dt"] / p["tau_w"])
    assert w[k] == euler + p["b"]


@pytest.mark.parametrize("tref, held", [(2.0, 21), (1.1, 12), (0.0, 1)])
def test_refractory_hold(tref, held):
    p = eif_pars(T=100.0, tref=tref)
    r = run_eif(p, 1000.0)
    v, spikes = r.v, r.spikes
    s = int(round(spikes[0] / p["dt"]))
    assert np.all(v[s:s + held] == p["V_r"])
    assert v[s + held] > p["V_r"]


def test_spike_at_last_sample_is_recorded():
    p = eif_pars(T=100.0, V_init=5.0)  # starts above V_spike: spike at t = 0
    r = run_eif(p, 0.0)
    v, spikes = r.v, r.spikes
    assert spikes[0] == 0.0 and v[0] == p["V_r"]


# ---------------------------------------------------------------- rheobase


def test_eif_rheobase_closed_form():
    assert eif_rheobase(eif_pars()) == pytest.approx(10.0 * (-50.0 + 70.0 - 2.0), abs=1e-12)
    assert eif_rheobase(eif_pars(g_L=20.0, Delta_T=1.0)) == pytest.approx(380.0, abs=1e-12)


def test_eif_rheobase_against_simulation():
    """0.01 pA below the closed-form rheobase: no spike in 6 s; 0.01 pA above: spikes (the
    bottleneck passage takes about pi C sqrt(2 Delta_T / (g_L eps)) = 4.0 s)."""
    p = eif_pars(T=6000.0)
    I_rh = eif_rheobase(p)
    below = run_eif(p, I_rh - 0.01).spikes
    above = run_eif(p, I_rh + 0.01).spikes
    assert below.size == 0
    assert above.size >= 1
    passage = math.pi * p["C"] * math.sqrt(2 * p["Delta_T"] / (p["g_L"] * 0.01))
    assert above[0] == pytest.approx(passage, rel=0.1)


# ---------------------------------------------------------------- AdEx firing patterns


def _pattern_spikes(name, **kw):
    pars, I = adex_pattern(name, **kw)
    spikes = run_adex(pars, I).spikes
    return spikes - PATTERN_ONSET, pars


def test_pattern_table_complete():
    expected = {"tonic", "adapting", "initial burst", "regular bursting",
                "delayed accelerating", "transient", "irregular"}
    assert set(ADEX_PATTERNS) == expected
    for values in ADEX_PATTERNS.values():
        adex_pars(**{k: v for k, v in values.items() if k != "I"})  # all valid AdEx keys
        assert values["I"] > 0


def test_step_starts_after_onset():
    pars, I = adex_pattern("tonic")
    onset = int(round(PATTERN_ONSET / pars["dt"]))
    assert np.all(I[:onset] == 0) and np.all(I[onset:] == ADEX_PATTERNS["tonic"]["I"])
    with pytest.raises(ValueError, match="unknown AdEx pattern 'bursty'.*'tonic'"):
        adex_pattern("bursty")


def test_tonic():
    spikes, _ = _pattern_spikes("tonic")
    _, cv = isi_cv(spikes)
    assert spikes.size > 20 and cv < 0.1


def test_adapting():
    spikes, _ = _pattern_spikes("adapting")
    isi = np.diff(spikes)
    assert np.all(np.diff(isi[:6]) > 0)  # the first intervals grow one after another
    assert isi[-1] > 3 * isi[0]


def test_initial_burst():
    spikes, _ = _pattern_spikes("initial burst")
    isi = np.diff(spikes)
    assert isi.size >= 5
    assert isi[:2].max() < 0.25 * np.median(isi[2:])


def test_regular_bursting():
    """Bimodal ISIs: split at the widest gap of the sorted ISIs, both groups recur and the
    long intervals are many times the short ones."""
    spikes, _ = _pattern_spikes("regular bursting", T=1000.0)
    isi = np.sort(np.diff(spikes))
    cut = np.argmax(np.diff(isi)) + 1
    short, long_ = isi[:cut], isi[cut:]
    assert short.size >= 3 and long_.size >= 3
    assert long_.min() > 10 * short.max()


def test_delayed_accelerating():
    spikes, pars = _pattern_spikes("delayed accelerating")
    isi = np.diff(spikes)
    assert spikes[0] > isi.max()  # the first spike comes later than any interval
    assert isi[-1] < 0.6 * isi[0]  # and the firing accelerates
    # the delay comes from a < 0: at 200 pA the neuron fires only after >100 ms; with a = 0
    # (w stays 0) it does not fire at all
    I = step_current(pars, 200.0, t_on=PATTERN_ONSET)
    late = run_adex(pars, I).spikes
    never = run_adex({**pars, "a": 0.0}, I).spikes
    assert late[0] - PATTERN_ONSET > 100.0 and never.size == 0


def test_transient():
    spikes, pars = _pattern_spikes("transient")
    assert spikes.size >= 1
    assert spikes.max() < 100.0  # all spikes within 100 ms of the onset; silent for 450 ms


def test_irregular():
    spikes, _ = _pattern_spikes("irregular")
    _, cv = isi_cv(spikes)
    assert spikes.size > 20 and cv > 0.5


# ---------------------------------------------------------------- GEM vs EIF


def test_gem_adapts_where_eif_cannot():
    g = gem_pars(T=1000.0)
    I = step_current(g, 400.0, t_on=50.0)
    gem = run_gem(g, I)
    x, gem_spikes = gem.x, gem.spikes
    eif_spikes = run_eif(eif_pars(T=1000.0), I).spikes
    gem_isi, eif_isi = np.diff(gem_spikes), np.diff(eif_spikes)
    # EIF: constant intervals
    assert np.ptp(eif_isi) < 0.01 * eif_isi.mean()
    # GEM: the same first interval (x starts nearly closed), then longer and longer ones
    assert gem_isi[0] == pytest.approx(eif_isi[0], rel=0.1)
    assert gem_isi[-1] > 1.5 * gem_isi[0]
    assert np.all(np.diff(gem_isi) > -0.15)  # non-decreasing to within one time step
    assert x.max() == pytest.approx(0.56, abs=0.02)


# ---------------------------------------------------------------- batches


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("tref", [0.0, 1.1])
def test_batch_equals_single_runs(model, tref):
    make, run = MODELS[model]
    p = make(T=200.0, tref=tref)
    I = gwn(p, np.linspace(100.0, 600.0, 6), 5.0, seed=7)
    batch = run(p, I)
    assert batch.v.shape == (6, p["range_t"].size) and len(batch.spikes) == 6
    for i in range(6):
        single = run(p, I[i])
        assert single.extras.keys() == batch.extras.keys()
        assert np.array_equal(single.v, batch.v[i])
        for name in single.extras:
            assert np.array_equal(single.extras[name], batch.extras[name][i]), name
        assert np.array_equal(single.spikes, batch.spikes[i])
    assert sum(s.size for s in batch.spikes) > 20  # the comparison covers many spikes and resets


def test_batch_of_constant_currents():
    p = adex_pars(T=100.0)
    levels = np.array([[0.0], [300.0], [600.0]])
    r = run_adex(p, levels)
    v, w, spikes = r.v, r.w, r.spikes
    r2 = run_adex(p, np.repeat(levels, p["range_t"].size, axis=1))
    v2, w2, spikes2 = r2.v, r2.w, r2.spikes
    assert np.array_equal(v, v2) and np.array_equal(w, w2)
    assert [s.size for s in spikes] == [s.size for s in spikes2]
    assert spikes[0].size == 0 and spikes[2].size > spikes[1].size > 0
    r1 = run_adex(p, levels[:1])
    v1, sp1 = r1.v, r1.spikes
    assert v1.shape == (1, p["range_t"].size) and isinstance(sp1, list)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("model", MODELS)
def test_bad_current(model):
    make, run = MODELS[model]
    p = make(T=10.0)
    with pytest.raises(TypeError, match="I_inj must be a number or an array"):
        run(p, "100")
    with pytest.raises(ValueError, match=r"I_inj must be .*\(100,\).*got shape \(99,\)"):
        run(p, np.zeros(99))
    with pytest.raises(ValueError, match="I_inj must contain only finite numbers, found .*nan"):
        run(p, np.full(100, np.nan))


@pytest.mark.parametrize("make, overrides, message", [
    (eif_pars, dict(C=0.0), r"C must be > 0 pF, got 0.0"),
    (eif_pars, dict(Delta_T=-1.0), r"Delta_T must be > 0 mV, got -1.0"),
    (eif_pars, dict(V_r=0.0), r"V_r must be below V_spike, got V_r = 0.0 mV"),
    (eif_pars, dict(V_spike=-60.0), r"V_spike must be above V_T, got V_spike = -60.0 mV"),
    (eif_pars, dict(Delta_T=0.01),
     r"\(V_spike - V_T\) / Delta_T must be at most 500.*Delta_T = 0.01"),
    (eif_pars, dict(dt=5.0), r"dt must be at most a tenth of .*C/g_L.*dt = 5.0 ms"),
    (eif_pars, dict(tref=-1.0), r"tref must be >= 0 ms, got -1.0"),
    (eif_pars, dict(V_T="high"), r"V_T must be a real number \(mV\), got 'high'"),
    (adex_pars, dict(a=-12.0), r"a must be greater than -g_L.*a = -12.0 nS with g_L = 12.0 nS"),
    (adex_pars, dict(tau_w=0.5), r"dt must be at most a tenth of tau_w.*tau_w = 0.5 ms"),
    (adex_pars, dict(b=float("nan")), r"b must be finite, got nan"),
    (gem_pars, dict(x_init=1.5), r"x_init must be in \[0, 1\].*x_init = 1.5"),
    (gem_pars, dict(k_x=0.0), r"k_x must be > 0 mV, got 0.0"),
])
def test_bad_parameters(make, overrides, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make(**overrides)


def test_hand_edited_and_foreign_pars():
    p = adex_pars(T=10.0)
    p["tau_w"] = 0.0
    with pytest.raises(ValueError, match="tau_w must be > 0 ms, got 0.0"):
        run_adex(p, 0.0)
    with pytest.raises(ValueError, match=r"missing AdEx parameter\(s\) 'a', 'tau_w', 'b'"):
        run_adex(eif_pars(T=10.0), 0.0)
    with pytest.raises(TypeError, match=r"pars must be a parameter dict from gem_pars\(\)"):
        run_gem([1, 2], 0.0)
    stale = eif_pars(T=10.0)
    stale["T"] = 20.0
    with pytest.raises(ValueError, match="range_t'] has 100 samples but T = 20.0 ms"):
        run_eif(stale, 0.0)


def test_divergence_is_an_error_not_nan():
    """The parameter rules keep V and w bounded for sane values; absurd ones (an adaptation
    coupling of 1e12 nS and -1e300 pA) overflow, and that is an error naming dt, not NaN."""
    p = adex_pars(T=20.0, a=1e12)
    with pytest.raises(ValueError, match="diverged.*dt = 0.1 ms"):
        run_adex(p, -1e300)
    with pytest.raises(ValueError, match="diverged"):
        run_adex(p, np.full((2, 1), -1e300))
