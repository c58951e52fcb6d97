"""Spike-train analyses, f-I curves and spectra."""

import warnings

import numpy as np
import pytest

import neurolab as nl


def test_cv_of_regular_train_is_zero():
    isi, cv = nl.isi_cv(np.arange(0.0, 1000.0, 25.0))
    assert np.allclose(isi, 25.0) and cv == pytest.approx(0.0, abs=1e-12)


def test_cv_of_poisson_train_is_one():
    rng = np.random.default_rng(0)
    times = np.cumsum(rng.exponential(20.0, size=20000))
    _, cv = nl.isi_cv(times)
    assert cv == pytest.approx(1.0, abs=0.03)


def test_cv_is_nan_with_fewer_than_two_spikes():
    for train in ([], [12.0]):
        isi, cv = nl.isi_cv(np.array(train))
        assert isi.size == 0 and np.isnan(cv)


def test_cv_of_dc_driven_lif_is_zero_and_batches_work():
    pars = nl.default_pars(T=1000)
    spikes = nl.run_lif(pars, np.array([[250.0], [100.0]])).spikes
    isis, cvs = nl.isi_cv(spikes)
    assert cvs[0] == pytest.approx(0.0, abs=1e-9) and np.isnan(cvs[1])
    assert list(nl.spike_count(spikes)) == [spikes[0].size, 0]
    assert nl.spike_rate(spikes, pars["T"])[0] == pytest.approx(spikes[0].size)


def test_fi_curve_dc_and_noise():
    pars = nl.default_pars(T=1000)
    I = np.array([150.0, 250.0, 400.0])
    np.testing.assert_allclose(nl.fi_curve(pars, I), nl.lif_rate(pars, I), rtol=0.02, atol=1e-9)
    noisy = nl.fi_curve(pars, I, sig=4.0, seed=1)
    assert noisy[0] > 0  # noise makes a sub-rheobase mean current fire
    assert np.all(np.diff(noisy) > 0)
    assert np.array_equal(noisy, nl.fi_curve(pars, I, sig=4.0, seed=1))
    counts = nl.fi_curve(pars, I, method="count")
    assert counts[0] == 0 and counts[2] == pytest.approx(nl.lif_rate(pars, 400.0), rel=0.05)


def test_psd_peak_and_parseval():
    dt = 0.1  # ms -> 10 kHz sampling
    t = np.arange(20000) * dt / 1000.0
    x = 3.0 * np.sin(2 * np.pi * 50.0 * t) + 1.0 * np.sin(2 * np.pi * 120.0 * t)
    f, S = nl.psd(x, dt)
    assert f[-1] == pytest.approx(5000.0)
    top2 = sorted(f[np.argsort(S)[-2:]])
    assert top2 == pytest.approx([50.0, 120.0])
    assert np.sum(S) * (f[1] - f[0]) == pytest.approx(np.mean(x ** 2), rel=1e-10)
    # power of a sine A sin: A²/2 concentrated in its bin
    assert S[np.argmin(abs(f - 50.0))] * (f[1] - f[0]) == pytest.approx(4.5, rel=1e-6)


def test_psd_of_white_noise_is_flat_at_two_sigma_squared_dt():
    rng = np.random.default_rng(1)
    dt = 0.5
    x = rng.standard_normal(200000) * 2.0
    f, S = nl.psd(x, dt)
    assert np.mean(S[1:-1]) == pytest.approx(2 * 4.0 * dt / 1000.0, rel=0.02)
    assert np.sum(S) * (f[1] - f[0]) == pytest.approx(np.mean(x ** 2), rel=1e-10)


@pytest.mark.parametrize("kwargs", [
    dict(I_low=300.0, I_high=400.0),  # the bracket above the rheobase
    dict(I_low=1e9, I_high=2e9),
    dict(I_low=1000.0),  # one end given, beyond the other's default
    dict(I_high=-100.0),
    dict(I_low=-5000.0, I_high=-4000.0),
])
def test_find_rheobase_from_any_bracket(kwargs):
    """Wherever the bracket lies, the search moves it and finds the rheobase (200 pA): it never
    blames an end the caller did not give, nor a current it derived itself."""
    assert nl.find_rheobase(nl.default_pars(), **kwargs) == pytest.approx(200.0, abs=0.01)


def test_find_rheobase_errors_say_what_the_probe_came_from():
    with pytest.raises(ValueError, match=r"points must be at most 1000.*points = 10000000"):
        nl.find_rheobase(nl.default_pars(), points=10 ** 7)
    with pytest.raises(ValueError, match=r"I_low must be below I_high, got I_low = 5.0 pA, "
                                         r"I_high = 5.0 pA"):
        nl.find_rheobase(nl.default_pars(), I_low=5.0, I_high=5.0)
    # noise so strong that the membrane leaves the model's range: the error names the bracket
    # and sig the probes came from
    with pytest.raises(ValueError, match=r"I_low must be at least -9250 pA.*got I_low = -5e\+05"):
        nl.find_rheobase(nl.default_pars(), I_low=-5e5, I_high=-4e5)
    with pytest.raises(ValueError, match=r"find_rheobase: the run probing mean currents .* \(from "
                                         r"the bracket 0 \(default\) to 500 \(default\) pA"
                                         r".*sig up to 1e\+04"):
        nl.find_rheobase(nl.default_pars(), sig=1e4, seed=1)


def test_stop_window_is_the_middle_200_ms_or_the_whole_short_run():
    """stop=True switches the input on for T/2 - 100 <= t < T/2 + 100 ms: the whole run when
    T <= 200 ms (and no error about t_on or t_off, which the caller never gave)."""
    short = nl.default_pars(T=100.0)
    v_stop = nl.run_lif(short, 150.0, stop=True).v
    v_all = nl.run_lif(short, 150.0).v
    assert np.array_equal(v_stop, v_all)
    pars = nl.default_pars(T=400.0)
    v = nl.run_lif(pars, 150.0, stop=True).v
    t = pars["range_t"]
    assert np.all(v[t <= 100.0] == pars["E_L"]) and v[t < 300.0][-1] > pars["E_L"] + 10.0


def test_step_rule_warnings_name_the_function_called():
    """fi_curve's step-rule warning names fi_curve and points at its caller; find_rheobase,
    which only asks whether a current fires, never warns about rates."""
    pars = nl.default_pars(tref=0.0, T=200.0)
    with pytest.warns(nl.StepRuleWarning, match=r"^fi_curve: .*dt = 0.1 ms") as caught:
        nl.fi_curve(pars, [3000.0])
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error", nl.StepRuleWarning)
        nl.find_rheobase(pars, I_low=1000.0, I_high=5000.0)
