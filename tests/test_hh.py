"""Tests of the Hodgkin-Huxley model (neurolab.models.hh) against textbook behaviour.

Reference numbers: rates and steady states from the closed-form 1952 rate functions; resting
potential -65 mV; repetitive firing from rest for long current steps sets in at about
6.26 µA/cm² with a rate of about 50 Hz (Rinzel 1978; Koch, Biophysics of Computation, ch. 6);
the firing period at 10 µA/cm², 14.64 ms, from a fourth-order Runge-Kutta run at dt = 0.002 ms.
"""

import dataclasses
import math
import warnings

import numpy as np
import pytest

from neurolab.inputs import step_current
from neurolab.models.hh import (
    HH_SPIKE_THRESHOLD,
    alpha_h,
    alpha_m,
    alpha_n,
    beta_h,
    beta_m,
    beta_n,
    hh_pars,
    hh_steady_state,
    hh_time_constants,
    run_hh,
)
from neurolab.models.result import Result


def naive_rates(v):
    """The textbook formulas written out directly (fine away from -40 and -55 mV)."""
    return (
        0.01 * (v + 55) / (1 - math.exp(-(v + 55) / 10)),
        0.125 * math.exp(-(v + 65) / 80),
        0.1 * (v + 40) / (1 - math.exp(-(v + 40) / 10)),
        4 * math.exp(-(v + 65) / 18),
        0.07 * math.exp(-(v + 65) / 20),
        1 / (1 + math.exp(-(v + 35) / 10)),
    )


RATES = (alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h)


# --- rate functions, steady states, time constants --------------------------------------------

@pytest.mark.parametrize("v", [-100.0, -65.0, -55.3, -40.5, -39.5, -20.0, 0.0, 40.0])
def test_rates_match_the_textbook_formulas(v):
    for f, expected in zip(RATES, naive_rates(v)):
        assert f(v) == pytest.approx(expected, rel=1e-12)


def test_rates_at_rest():
    got = [f(-65.0) for f in RATES]
    assert got == pytest.approx([0.058198, 0.125, 0.223564, 4.0, 0.07, 0.047426], abs=1e-6)


def test_removable_singularities_give_the_limit_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert alpha_n(-55.0) == 0.1
        assert alpha_m(-40.0) == 1.0
        arr_n = alpha_n(np.array([-56.0, -55.0, -54.0]))
        arr_m = alpha_m(np.array([-41.0, -40.0, -39.0]))
        n_inf, m_inf, h_inf = hh_steady_state(np.array([-55.0, -40.0]))
        taus = hh_time_constants(np.array([-55.0, -40.0]))
    assert np.all(np.isfinite(arr_n)) and arr_n[1] == 0.1
    assert np.all(np.isfinite(arr_m)) and arr_m[1] == 1.0
    for a in (n_inf, m_inf, h_inf, *taus):
        assert np.all(np.isfinite(a))


@pytest.mark.parametrize("d", [1e-12, -1e-12, 1e-9, -1e-9, 1e-6, -1e-6, 1e-3, -1e-3])
def test_rates_are_continuous_next_to_the_singularities(d):
    # x / (1 - exp(-x)) = 1 + x/2 + x²/12 + O(x⁴), x = d / 10
    series = lambda x: 1 + x / 2 + x * x / 12
    assert alpha_m(-40.0 + d) == pytest.approx(series(d / 10), rel=1e-13)
    assert alpha_n(-55.0 + d) == pytest.approx(0.1 * series(d / 10), rel=1e-13)


def test_steady_states_at_rest():
    n_inf, m_inf, h_inf = hh_steady_state(-65.0)
    assert isinstance(n_inf, float)
    assert n_inf == pytest.approx(0.3177, abs=5e-4)
    assert m_inf == pytest.approx(0.0529, abs=5e-4)
    assert h_inf == pytest.approx(0.5961, abs=5e-4)


def test_steady_states_are_probabilities_with_the_right_slopes():
    v = np.linspace(-100.0, 50.0, 1501)
    n_inf, m_inf, h_inf = hh_steady_state(v)
    for x in (n_inf, m_inf, h_inf):
        assert x.shape == v.shape
        assert np.all((x >= 0) & (x <= 1))
    assert np.all(np.diff(n_inf) > 0) and np.all(np.diff(m_inf) > 0)  # activation
    assert np.all(np.diff(h_inf) < 0)  # inactivation
    assert m_inf[-1] > 0.99 and h_inf[0] > 0.99 and h_inf[-1] < 0.01


def test_time_constants():
    tau_n, tau_m, tau_h = hh_time_constants(-65.0)
    assert (tau_n, tau_m, tau_h) == pytest.approx((5.4586, 0.2368, 8.5160), abs=1e-3)
    v = np.linspace(-100.0, 50.0, 1501)
    tn, tm, th = hh_time_constants(v)
    assert np.all(tm > 0) and tm.max() < 0.51  # m is fast: at most ~0.5 ms (near -39 mV)
    assert 8.0 < th.max() < 9.0 and -70 < v[th.argmax()] < -63  # h peaks at ~8.6 ms
    assert 5.5 < tn.max() < 6.0 and -80 < v[tn.argmax()] < -73  # n peaks at ~5.8 ms
    assert np.all(tm < tn) and np.all(tm < th)  # m is always the fastest gate


# --- single runs --------------------------------------------------------------------------

def test_defaults():
    p = hh_pars()
    keys = ("C", "gbar_Na", "gbar_K", "g_L", "E_Na", "E_K", "E_L", "V_init", "T", "dt")
    assert {k: p[k] for k in keys} == dict(
        C=1.0, gbar_Na=120.0, gbar_K=36.0, g_L=0.3, E_Na=50.0, E_K=-77.0, E_L=-54.387,
        V_init=-65.0, T=100.0, dt=0.01,
    )
    assert p["range_t"].shape == (10000,)


def test_stays_at_rest_without_input():
    p = hh_pars()
    r = run_hh(p, 0.0)
    assert isinstance(r, Result) and r.model == "HH"
    assert r.v.shape == r.m.shape == r.h.shape == r.n.shape == r.g_L.shape == (10000,)
    np.testing.assert_array_equal(r.t, p["range_t"])
    assert np.max(np.abs(r.v + 65.0)) < 0.1
    n0, m0, h0 = hh_steady_state(-65.0)
    assert r.n[0] == n0 and r.m[0] == m0 and r.h[0] == h0
    for x, x0 in ((r.n, n0), (r.m, m0), (r.h, h0)):
        assert np.max(np.abs(x - x0)) < 1e-3
    assert r.spikes.size == 0
    # conductances at rest (mS/cm²)
    np.testing.assert_array_equal(r.g_L, 0.3)
    np.testing.assert_allclose(r.g_Na, 120.0 * r.m**3 * r.h, rtol=1e-12)
    np.testing.assert_allclose(r.g_K, 36.0 * r.n**4, rtol=1e-12)
    assert r.g_Na[0] == pytest.approx(0.0106, abs=2e-4)
    assert r.g_K[0] == pytest.approx(0.367, abs=2e-3)


def test_result_is_frozen():
    r = run_hh(hh_pars(T=1.0), 0.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.v = None
    assert repr(r).startswith("Result(HH: ")


def test_10uA_step_fires_periodically():
    p = hh_pars()
    r = run_hh(p, 10.0)
    isi = np.diff(r.spikes)
    assert r.spikes.size == 7
    assert r.spikes[0] == pytest.approx(1.64, abs=0.1)  # the first spike comes at once
    assert np.ptp(isi[1:]) < 0.05  # regular after the first interval (ms)
    assert isi[-1] == pytest.approx(14.64, rel=0.01)  # about 68 Hz
    # full-size action potentials with an undershoot towards E_K
    assert 35.0 < r.v.max() < 45.0
    assert -77.0 < r.v[2000:].min() < -72.0
    # during the upstroke g_Na dominates, and it peaks before g_K
    k = np.searchsorted(r.t, r.spikes[2])
    window = slice(k - 100, k + 500)
    assert r.g_Na[window].argmax() < r.g_K[window].argmax()
    assert r.g_Na[window].max() > 15.0 and 5.0 < r.g_K[window].max() < r.g_Na[window].max()
    assert np.all((r.n >= 0) & (r.n <= 1) & (r.m >= 0) & (r.m <= 1) & (r.h >= 0) & (r.h <= 1))


def test_step_current_trace():
    p = hh_pars()
    r = run_hh(p, step_current(p, 10.0, t_on=20.0, t_off=80.0))
    # nothing before the step; the last spike, already under way at 80 ms, peaks after it
    assert np.all((r.spikes > 20.0) & (r.spikes < 80.0 + 3.0))
    assert r.spikes.size == 5
    assert np.ptp(np.diff(r.spikes)[1:-1]) < 0.05


def test_threshold_catches_small_spikes_of_strong_input():
    p = hh_pars(T=200.0)
    r = run_hh(p, np.array([[100.0], [140.0]]))
    for v, s in zip(r.v, r.spikes):
        late = v[p["range_t"] >= 100.0]
        assert late.max() < -19.0  # small spikes: 0 mV or -20 mV would miss them all
        assert late.min() < -50.0
        assert np.sum(s >= 100.0) >= 14  # ~140-160 Hz sustained
    assert HH_SPIKE_THRESHOLD == -40.0
    # a higher threshold is allowed and counts only the big first spike
    assert [len(s) for s in run_hh(p, np.array([[100.0], [140.0]]), threshold=0.0).spikes] == [1, 1]


def test_spike_counts_agree_between_time_steps():
    currents = np.array([[0.0], [3.0], [8.0], [10.0], [20.0], [50.0]])
    coarse = run_hh(hh_pars(dt=0.01), currents)
    fine = run_hh(hh_pars(dt=0.005), currents)
    assert [len(s) for s in coarse.spikes] == [len(s) for s in fine.spikes] == [0, 1, 7, 7, 9, 12]
    for a, b in zip(coarse.spikes, fine.spikes):
        np.testing.assert_allclose(a, b, rtol=0.005, atol=0.05)  # first order: ~0.3 % at 100 ms


def test_largest_time_step_stays_bounded_and_accurate():
    # at the largest allowed step the gates stay in [0, 1] and the spikes are those of dt = 0.01
    from neurolab.models.hh import HH_DT_MAX
    r = run_hh(hh_pars(dt=HH_DT_MAX), np.array([[0.0], [10.0]]))
    assert np.all(np.isfinite(r.v))
    for x in (r.n, r.m, r.h):
        assert np.all((x >= 0) & (x <= 1))
    assert [len(s) for s in r.spikes] == [0, 7]
    assert np.max(np.abs(r.v[0] + 65.0)) < 0.1
    ref = run_hh(hh_pars(dt=0.0025), 10.0).spikes
    period, period_ref = np.mean(np.diff(r.spikes[1][1:])), np.mean(np.diff(ref[1:]))
    assert period == pytest.approx(period_ref, rel=0.02)


@pytest.mark.parametrize("dt", [0.03, 0.1, 0.5, 2.0])
def test_too_large_time_step_is_an_error_naming_dt(dt):
    # at 0.5 ms exponential Euler fires 11 times in 200 ms at 10 µA/cm² instead of 14
    with pytest.raises(ValueError, match=r"dt must be at most 0\.025 ms"):
        hh_pars(dt=dt)
    pars = hh_pars()
    pars["dt"] = dt
    with pytest.raises(ValueError, match="dt must be at most"):
        run_hh(pars, 10.0)


def test_fi_onset_of_repetitive_firing():
    """Sustained firing: at least two spikes in the last 200 ms of a 500 ms step. Below the
    onset a few spikes come and stop (the slow passage near a vanished limit cycle can last
    over 100 ms right at the onset, hence the late window)."""
    currents = np.round(np.arange(5.9, 6.71, 0.05), 2)
    p = hh_pars(T=500.0)
    r = run_hh(p, currents[:, None])
    late = [s[s >= 300.0] for s in r.spikes]
    sustained = np.array([len(s) >= 2 for s in late])
    assert sustained.any() and not sustained.all()
    k = int(np.argmax(sustained))
    assert np.all(sustained[k:]) and not np.any(sustained[:k])  # one clean onset
    onset = currents[k]
    assert 6.2 <= onset <= 6.35
    rate = 1000.0 / np.mean(np.diff(late[k]))
    assert 45.0 <= rate <= 60.0  # the f-I curve jumps from 0 to ~50 Hz
    # every current below the onset still fires at least once (the step itself)
    assert all(len(s) >= 1 for s in r.spikes)
    rates = [1000.0 / np.mean(np.diff(s)) for s in late[k:]]
    assert np.all(np.diff(rates) > 0)


# --- batches ------------------------------------------------------------------------------

def _assert_same(single, batch, i):
    for name in ("v", "m", "h", "n", "g_Na", "g_K", "g_L"):
        assert np.array_equal(getattr(single, name), getattr(batch, name)[i]), name
    assert np.array_equal(single.spikes, batch.spikes[i])


def test_batch_equals_single_runs_exactly():
    p = hh_pars(T=60.0)
    currents = np.array([0.0, 2.5, 6.5, 10.0, 50.0, 120.0, -10.0])
    batch = run_hh(p, currents[:, None])
    assert batch.v.shape == (7, 6000) and len(batch.spikes) == 7
    for i, c in enumerate(currents):
        _assert_same(run_hh(p, c), batch, i)


def test_batch_of_traces_equals_single_runs_exactly():
    p = hh_pars(T=50.0)
    rng = np.random.default_rng(1)
    I = 8.0 + 6.0 * rng.standard_normal((4, p["range_t"].size))
    batch = run_hh(p, I)
    assert [len(s) for s in batch.spikes] != [0, 0, 0, 0]
    for i in range(4):
        _assert_same(run_hh(p, I[i]), batch, i)


@pytest.mark.parametrize("v_init", [-55.0, -40.0])
def test_starting_on_a_singularity(v_init):
    p = hh_pars(V_init=v_init, T=20.0)
    batch = run_hh(p, np.array([[0.0], [5.0]]))
    assert np.all(np.isfinite(batch.v))
    for i, c in enumerate((0.0, 5.0)):
        _assert_same(run_hh(p, c), batch, i)


def test_no_conductance_is_a_perfect_integrator():
    p = hh_pars(gbar_Na=0.0, gbar_K=0.0, g_L=0.0, C=2.0, T=10.0)
    batch = run_hh(p, np.array([[0.0], [4.0]]))
    np.testing.assert_allclose(batch.v[1], -65.0 + 4.0 / 2.0 * p["range_t"], atol=1e-9)
    np.testing.assert_array_equal(batch.v[0], -65.0)
    for i, c in enumerate((0.0, 4.0)):
        _assert_same(run_hh(p, c), batch, i)


# --- bad input ----------------------------------------------------------------------------

def test_unknown_key_lists_valid_keys():
    with pytest.raises(ValueError, match="g_Na") as e:
        hh_pars(g_Na=100.0)
    for key in ("gbar_Na", "gbar_K", "g_L", "E_Na", "E_K", "E_L", "V_init", "C", "T", "dt"):
        assert key in str(e.value)


@pytest.mark.parametrize("key, value, exc, words", [
    ("C", 0.0, ValueError, ["C", "> 0"]),
    ("dt", -0.01, ValueError, ["dt", "> 0"]),
    ("T", 0.0, ValueError, ["T", "> 0"]),
    ("gbar_K", -1.0, ValueError, ["gbar_K", ">= 0"]),
    ("gbar_Na", float("nan"), ValueError, ["gbar_Na", "finite"]),
    ("E_L", "-54", TypeError, ["E_L", "real number"]),
    ("V_init", None, TypeError, ["V_init"]),
    ("V_init", -1e5, ValueError, ["V_init", "-200", "200"]),
])
def test_bad_parameters(key, value, exc, words):
    with pytest.raises(exc) as e:
        hh_pars(**{key: value})
    for w in words:
        assert w in str(e.value)
    pars = hh_pars()
    pars[key] = value  # edited by hand: run_hh checks again
    with pytest.raises(exc, match=key):
        run_hh(pars, 0.0)


def test_bad_pars_dict():
    with pytest.raises(TypeError, match="pars"):
        run_hh([1, 2], 0.0)
    with pytest.raises(ValueError, match="gbar_Na"):
        run_hh({"T": 10.0, "dt": 0.1}, 0.0)
    pars = hh_pars()
    pars["T"] = 200.0  # stale range_t
    with pytest.raises(ValueError, match="range_t"):
        run_hh(pars, 0.0)


@pytest.mark.parametrize("I, exc, words", [
    (float("nan"), ValueError, ["I_inj", "finite", "nan"]),
    (np.r_[np.zeros(999), np.inf], ValueError, ["I_inj", "finite", "inf"]),
    (np.zeros(999), ValueError, ["I_inj", "(1000,)", "(999,)"]),
    (np.zeros(5), ValueError, ["I_inj", "(5, 1)"]),
    (np.zeros((2, 3, 1000)), ValueError, ["I_inj", "shape"]),
    (np.zeros((2, 999)), ValueError, ["I_inj", "(2, 999)"]),
    ("10", TypeError, ["I_inj"]),
    (None, TypeError, ["I_inj"]),
])
def test_bad_current(I, exc, words):
    with pytest.raises(exc) as e:
        run_hh(hh_pars(T=10.0), I)
    for w in words:
        assert w in str(e.value)


@pytest.mark.parametrize("I", [-1e6, [[-1e6], [0.0]], 1e7, 1e5, 1e4, -100.0])
def test_absurd_current_is_an_error_not_nan(I):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="I_inj"):
            run_hh(hh_pars(T=5.0), I)


def test_absurd_reversal_potential_is_an_error_not_nan():
    with pytest.raises(ValueError, match="E_Na"):
        run_hh(hh_pars(T=5.0, E_Na=1e6), 0.0)


def test_bad_threshold_and_voltage():
    with pytest.raises(ValueError, match="threshold"):
        run_hh(hh_pars(T=1.0), 0.0, threshold=float("nan"))
    with pytest.raises(TypeError, match="threshold"):
        run_hh(hh_pars(T=1.0), 0.0, threshold="-40")
    with pytest.raises(ValueError, match="v must contain only finite"):
        hh_steady_state([-65.0, float("nan")])
    with pytest.raises(TypeError, match="v must be"):
        alpha_m("-40")


@pytest.mark.parametrize("batch", [False, True])
def test_progress_is_reported_in_order_and_changes_nothing(batch):
    p = hh_pars(T=20.0)  # 2000 steps: 50 reports
    I = np.array([[6.0], [10.0]]) if batch else 10.0
    seen = []
    with_progress = run_hh(p, I, progress=seen.append)
    plain = run_hh(p, I)
    assert len(seen) == 50 and seen[-1] == 1.0
    assert all(0 < a < b for a, b in zip(seen, seen[1:]))
    for name in ("v", "m", "h", "n"):
        assert np.array_equal(getattr(with_progress, name), getattr(plain, name)), name


@pytest.mark.parametrize("T", [0.01, 0.02, 0.3])  # 1, 2 and 30 samples: 0, 1 and 29 steps
def test_progress_of_short_runs_ends_at_one(T):
    seen = []
    run_hh(hh_pars(T=T), 0.0, progress=seen.append)
    assert seen[-1] == 1.0 and len(seen) == max(1, min(round(T / 0.01) - 1, 50))


def test_bad_progress():
    with pytest.raises(TypeError, match="progress must be None, True, False or a callable"):
        run_hh(hh_pars(T=1.0), 0.0, progress=0.5)
