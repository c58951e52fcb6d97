"""Bad input gets an exception that names the parameter, its value and what is allowed."""

import numpy as np
import pytest

import neurolab as nl
from neurolab._engine import Engine


@pytest.mark.parametrize("key, value, words", [
    ("dt", 0.0, "dt must be > 0"),
    ("dt", -0.1, "dt must be > 0"),
    ("T", 0.0, "T must be > 0"),
    ("tau_m", -5.0, "tau_m must be > 0"),
    ("g_L", 0.0, "g_L must be > 0"),
    ("tau_ou", 0.0, "tau_ou must be > 0"),
    ("tref", -1.0, "tref must be >= 0"),
    ("V_reset", -50.0, "V_reset must be below V_th"),
    ("T", 0.05, "T must be at least one time step"),
    ("tau_m", float("nan"), "tau_m must be finite"),
])
def test_bad_parameters(key, value, words):
    with pytest.raises(ValueError, match=words) as err:
        nl.default_pars(**{key: value})
    assert str(value) in str(err.value) or key in str(err.value)


def test_unknown_key_lists_valid_keys():
    with pytest.raises(ValueError) as err:
        nl.default_pars(tau_mem=20)
    assert "'tau_mem'" in str(err.value) and "tau_m" in str(err.value) and "V_th" in str(err.value)


def test_non_numeric_parameter():
    with pytest.raises(TypeError, match="tau_m must be a real number"):
        nl.default_pars(tau_m="10")


def test_hand_edited_parameters_are_checked_at_run_time():
    pars = nl.default_pars()
    pars["tau_m"] = 0.0
    with pytest.raises(ValueError, match="tau_m must be > 0"):
        nl.run_lif(pars, 100.0)
    pars = nl.default_pars()
    pars["T"] = 800.0  # range_t no longer matches
    with pytest.raises(ValueError, match="range_t"):
        nl.run_lif(pars, 100.0)


@pytest.mark.parametrize("I, err, words", [
    (np.nan, ValueError, "I_inj must contain only finite"),
    (np.array([1.0, np.inf] * 2000), ValueError, "I_inj must contain only finite"),
    (np.zeros(3999), ValueError, r"shape \(3999,\)"),
    (np.zeros((2, 3, 4)), ValueError, "I_inj must be a scalar, a trace"),
    (np.zeros((5, 7)), ValueError, r"\(n, 1\) or \(n, 4000\)"),
    ("100", TypeError, "I_inj must be a number"),
    (None, TypeError, "I_inj must be a number"),
    ([1, "a"], TypeError, "I_inj must be a number"),
])
def test_bad_injected_current(I, err, words):
    with pytest.raises(err, match=words):
        nl.run_lif(nl.default_pars(), I)


def test_batch_hint_for_a_1d_array_of_currents():
    with pytest.raises(ValueError, match=r"I\[:, None\]"):
        nl.run_lif(nl.default_pars(), np.array([100.0, 200.0]))


def test_bad_analysis_input():
    with pytest.raises(ValueError, match="dt must be > 0"):
        nl.psd(np.ones(10), 0.0)
    with pytest.raises(ValueError, match="x must be a 1-D signal"):
        nl.psd(np.ones((2, 2)), 0.1)
    with pytest.raises(ValueError, match="sig must be >= 0"):
        nl.fi_curve(nl.default_pars(), [100.0], sig=-1.0)
    with pytest.raises(ValueError, match="I_values must be a non-empty 1-D"):
        nl.fi_curve(nl.default_pars(), [])
    with pytest.raises(ValueError, match="spike_times must contain only finite"):
        nl.isi_cv(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="sig must be >= 0"):
        nl.siegert_rate(nl.default_pars(), 100.0, -2.0)


# --- issue 11: nothing hangs, nothing is silently wrong ----------------------------------------

@pytest.mark.parametrize("I, err, words", [
    (True, TypeError, "I_inj must be a number.*True/False"),
    (np.True_, TypeError, "I_inj must be a number.*True/False"),
    (np.ones(4000, dtype=bool), TypeError, "I_inj .*True/False"),
    (1 + 2j, TypeError, "I_inj .*complex"),
    (np.full(4000, 100 + 1j), TypeError, "I_inj .*complex"),
    ([["100"]], TypeError, "I_inj must be a number"),
    (np.array([1.0, None] * 2000, dtype=object), TypeError, "I_inj .*None"),
    ([[1.0], [1.0, 2.0]], ValueError, "I_inj .*ragged"),
    ([[100.0], [True]], TypeError, "I_inj .*found True"),  # numpy alone would make it 1.0
])
def test_bool_complex_string_and_object_currents_are_rejected(I, err, words):
    with pytest.raises(err, match=words):
        nl.run_lif(nl.default_pars(), I)


@pytest.mark.parametrize("seed, err", [(-1, ValueError), (1.5, TypeError), ("x", TypeError),
                                       (True, TypeError), ([1, -2], TypeError)])
def test_bad_seeds_name_the_seed(seed, err):
    for call in (lambda: nl.gwn(nl.default_pars(), 0.0, 1.0, seed=seed),
                 lambda: nl.ou(nl.default_pars(), 0.0, 1.0, seed=seed),
                 lambda: nl.fi_curve(nl.default_pars(), [100.0], seed=seed)):
        with pytest.raises(err, match="seed must be"):
            call()


def test_generators_and_seed_sequences_are_seeds():
    pars = nl.default_pars(T=50.0)
    a = nl.gwn(pars, 0.0, 1.0, seed=np.random.SeedSequence(5))
    assert np.array_equal(a, nl.gwn(pars, 0.0, 1.0, seed=np.random.SeedSequence(5)))
    rng = np.random.default_rng(1)
    assert not np.array_equal(nl.gwn(pars, 0.0, 1.0, seed=rng), nl.gwn(pars, 0.0, 1.0, seed=rng))


@pytest.mark.parametrize("stop", ["no", "False", 1, None, np.array([True, False])])
def test_stop_must_be_true_or_false(stop):
    with pytest.raises(TypeError, match="stop must be True or False"):
        nl.run_lif(nl.default_pars(), 100.0, stop=stop)


def test_lif_step_size_rule():
    # tau_m = 0.07 ms with dt = 0.1 ms fired 191 times at 150 pA where the closed form says 0
    with pytest.raises(ValueError, match="dt must be at most a tenth of tau_m.*tau_m = 0.07 ms"):
        nl.default_pars(tau_m=0.07)
    pars = nl.default_pars()
    pars["tau_m"] = 0.5
    with pytest.raises(ValueError, match="dt must be at most a tenth of tau_m"):
        nl.run_lif(pars, 150.0)
    nl.default_pars(tau_m=1.0)  # the bound itself is allowed


@pytest.mark.parametrize("overrides, words", [
    (dict(T=1e7), r"T = 10000000.0 ms and dt = 0.1 ms give 1e\+08 time steps"),
    (dict(dt=1e-9), "dt = 1e-09 ms"),
    (dict(T=1e308), "T = 1e.308 ms"),
    (dict(dt=5e-324), "dt = 5e-324 ms"),
    (dict(dt=5e-324, tau_m=1e-322), "tau_m must be between 1e-12 and 1e.12"),
])
def test_huge_grids_are_refused_naming_T_and_dt(overrides, words):
    with pytest.raises(ValueError, match=words):
        nl.default_pars(**overrides)


def test_batch_ceiling_names_T_dt_and_the_batch_before_allocating(monkeypatch):
    """The limit comes from the memory available (here said to be 1 GB, so 500 MB allowed);
    a (n, 1) batch: nothing of size n x Lt exists before the check."""
    monkeypatch.setattr(Engine, "available_memory", staticmethod(lambda: 1_000_000_000))
    pars = nl.default_pars(T=4000.0)
    with pytest.raises(ValueError, match=r"n = 10000 neurons \(the voltage trace\) × 40000 time "
                                         r"steps \(T = 4000.0 ms, dt = 0.1 ms\) would take 3.2 GB"):
        nl.run_lif(pars, np.zeros((10_000, 1)))
    with pytest.raises(ValueError, match="n = 1000000"):
        nl.gwn(pars, 0.0, 1.0, n=1_000_000)
    with pytest.raises(ValueError, match="n = 6000"):
        nl.ou(pars, np.zeros(6000), 1.0)
    with pytest.raises(ValueError, match="n = 6000"):
        nl.fi_curve(pars, np.linspace(0.0, 500.0, 6000), sig=1.0)  # its noisy input
    assert nl.fi_curve(pars, np.linspace(0.0, 500.0, 6000)[::100]).shape == (60,)  # DC: no trace


@pytest.mark.parametrize("g_L, I", [(1e-10, -1e305), (1e-10, 1e305), (10.0, -1e12)])
def test_lif_divergence_is_an_error_not_nan(g_L, I):
    pars = nl.default_pars(g_L=g_L)
    if I > 0:  # V_inf = +1e315 would overflow; the threshold resets V, but E_L + I/g_L is inf
        with pytest.raises(ValueError,
                           match="overflows the float range for the input current I_inj"):
            nl.run_lif(pars, I)
        return
    for I_inj in (I, np.array([[I], [0.0]])):
        with pytest.raises(ValueError, match="I_inj"):
            nl.run_lif(pars, I_inj)


def test_negative_but_sane_currents_still_run():
    v = nl.run_lif(nl.default_pars(), -5000.0).v  # V_inf = -575 mV: odd, but finite and allowed
    assert np.isfinite(v).all() and v.min() > -576.0


def test_find_rheobase_tolerance_floor_and_honest_errors():
    with pytest.raises(ValueError, match=r"tol must be at least 1e-09 pA"):
        nl.find_rheobase(nl.default_pars(), tol=1e-14)
    with pytest.raises(ValueError, match="V_init = -55.0 mV is at or above V_th") as err:
        nl.find_rheobase(nl.default_pars(V_init=-55.0))
    assert "I_low" not in str(err.value)
    with pytest.raises(ValueError, match="T = 0.1 ms is only 1 time step") as err:
        nl.find_rheobase(nl.default_pars(T=0.1))
    assert "I_low" not in str(err.value)
    with pytest.raises(ValueError, match=r"I_high must be at most 1e\+13 pA"):
        nl.find_rheobase(nl.default_pars(), I_low=0.0, I_high=1e308)


def test_find_rheobase_stops_at_float_resolution():
    # currents near 1e8 pA are spaced 1.5e-8 pA apart, coarser than tol = 1e-9: no endless loop
    pars = nl.default_pars(E_L=-75.0, V_th=-55.0, g_L=5e6)  # rheobase 1e8 pA
    found = nl.find_rheobase(pars, tol=1e-9)
    assert found == pytest.approx(1e8, rel=1e-12)


@pytest.mark.parametrize("train, words", [
    ([10.0, 5.0, 20.0], "entry 1 goes back to 5.0 after 10.0"),
    ([5.0, 5.0, 10.0], "entry 1 repeats 5.0"),
    ([1.0, np.nan], "finite"),
    (np.ones((2, 2)), "must be 1-D"),
    (["1", "2"], "must be a number"),
    ([True, False], "True/False"),
])
def test_spike_trains_must_be_finite_sorted_1d(train, words):
    for fn in (nl.isi_cv, nl.isi_rate, nl.spike_count, lambda s: nl.spike_rate(s, 100.0)):
        with pytest.raises((ValueError, TypeError), match=words):
            fn(train)
    if np.ndim(train) == 1:  # in a batch the error names the neuron
        with pytest.raises((ValueError, TypeError), match=r"spike(_time)?s\[1\]"):
            nl.isi_rate([np.array([1.0, 2.0]), train])


def test_model_curves_name_their_arguments():
    ep = nl.eif_pars()
    with pytest.raises(TypeError, match="V must be a number"):
        nl.eif_current(ep, "x")
    with pytest.raises(TypeError, match="I must be a number"):
        nl.eif_current(ep, -60.0, "x")
    with pytest.raises(ValueError, match="V and I must have shapes that broadcast"):
        nl.eif_current(ep, [1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(TypeError, match="pars must be a parameter dict"):
        nl.adex_nullclines(None, -60.0)
    with pytest.raises(ValueError, match="pars lacks 'a'"):
        nl.adex_nullclines(ep, -60.0)
    with pytest.raises(ValueError, match=r"y must have the shape of x, \(3,\)"):
        nl.zero_crossings([1.0, 2.0, 3.0], [1.0, -1.0])
    with pytest.raises(ValueError, match="x must be strictly increasing"):
        nl.zero_crossings([2.0, 1.0], [1.0, -1.0])
    with pytest.raises(TypeError, match="x must be a number"):
        nl.zero_crossings("abc", [1.0, -1.0, 1.0])
    with pytest.raises(TypeError, match="name must be one of"):
        nl.adex_pattern(["tonic"])
    with pytest.raises(TypeError, match="method must be one of"):
        nl.fi_curve(nl.default_pars(), [100.0], method=3)
