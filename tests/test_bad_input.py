"""Bad input gets an exception that names the parameter, its value and what is allowed."""

import numpy as np
import pytest

import neurolab as nl


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
