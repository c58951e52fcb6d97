"""Input currents: units, statistics within sampling error, seeding and batches."""

import numpy as np
import pytest

import neurolab as nl


def test_step_current_window_in_ms():
    pars = nl.default_pars(T=100)
    I = nl.step_current(pars, 50.0, t_on=20.0, t_off=30.0)
    t = pars["range_t"]
    assert I.shape == t.shape
    assert np.all(I[(t >= 20.0) & (t < 30.0)] == 50.0)
    assert np.all(I[(t < 20.0) | (t >= 30.0)] == 0.0)
    assert nl.step_current(pars, [1.0, 2.0]).shape == (2, t.size)


@pytest.mark.parametrize("dt", [0.1, 0.01])
def test_gwn_statistics_and_units(dt):
    pars = nl.default_pars(T=10000, dt=dt)
    mu, sig = 150.0, 2.5
    I = nl.gwn(pars, mu, sig, seed=1)
    n = I.size
    per_sample = sig / np.sqrt(dt / 1000.0)  # pA·√s / √s
    assert per_sample == pytest.approx(2.5 * (100.0 if dt == 0.1 else np.sqrt(1e5)))
    assert abs(I.mean() - mu) < 4 * per_sample / np.sqrt(n)
    assert I.std() == pytest.approx(per_sample, rel=4 * np.sqrt(0.5 / n))
    lag1 = np.corrcoef(I[:-1], I[1:])[0, 1]
    assert abs(lag1) < 4 / np.sqrt(n)


def test_gwn_voltage_fluctuations_do_not_depend_on_dt():
    """sig in pA·√s makes the free membrane's std sig / (g_L sqrt(2 tau_m[s])) for any dt."""
    p0 = nl.default_pars(V_th=1e6, V_reset=-1e6, T=5000.0)
    sig = 3.0
    expected = sig / (p0["g_L"] * np.sqrt(2 * p0["tau_m"] / 1000.0))
    for dt in (0.1, 0.02):
        pars = nl.default_pars(V_th=1e6, V_reset=-1e6, T=5000.0, dt=dt)
        v = nl.run_lif(pars, nl.gwn(pars, 0.0, sig, seed=3, n=20)).v
        steady = v[:, int(100 / dt):]  # after 10 tau_m
        assert steady.std() == pytest.approx(expected, rel=0.04)


def test_ou_statistics():
    pars = nl.default_pars(T=20000, tau_ou=10.0)
    mu, sig = 200.0, 30.0
    I = nl.ou(pars, mu, sig, seed=4, n=8)
    n_indep = I.size * pars["dt"] / (2 * pars["tau_ou"])  # effective independent samples
    assert abs(I.mean() - mu) < 4 * sig / np.sqrt(n_indep)
    assert I.std() == pytest.approx(sig, rel=0.03)
    lag = int(round(pars["tau_ou"] / pars["dt"]))
    x = I - I.mean(axis=1, keepdims=True)
    acf = np.mean(x[:, :-lag] * x[:, lag:]) / np.mean(x * x)
    assert acf == pytest.approx(np.exp(-1.0), abs=0.03)


def test_ou_starts_stationary_and_tau_can_vary_per_trace():
    pars = nl.default_pars(T=50)
    first = np.array([nl.ou(pars, 100.0, 10.0, seed=s)[0] for s in range(400)])
    assert abs(first.mean() - 100.0) < 2.0 and first.std() == pytest.approx(10.0, rel=0.15)
    taus = np.array([2.0, 50.0])
    I = nl.ou(nl.default_pars(T=5000), 0.0, 1.0, seed=1, tau_ou=taus)
    lag1 = [np.corrcoef(row[:-1], row[1:])[0, 1] for row in I]
    assert lag1[0] == pytest.approx(np.exp(-0.1 / 2.0), abs=0.01)
    assert lag1[1] == pytest.approx(np.exp(-0.1 / 50.0), abs=0.01)


def test_ou_batch_rows_equal_single_arithmetic():
    pars = nl.default_pars(T=200)
    batch = nl.ou(pars, np.array([150.0]), 20.0, seed=9)
    single = nl.ou(pars, 150.0, 20.0, seed=9)
    assert np.array_equal(batch[0], single)


@pytest.mark.parametrize("make", [nl.gwn, nl.ou])
def test_seeding_and_global_state(make):
    pars = nl.default_pars(T=100)
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    a = make(pars, 10.0, 2.0, seed=42)
    b = make(pars, 10.0, 2.0, seed=42)
    c = make(pars, 10.0, 2.0, seed=43)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert np.array_equal(np.random.get_state()[1], before)
    assert make(pars, [1.0, 2.0, 3.0], 1.0, seed=1).shape == (3, pars["range_t"].size)


@pytest.mark.parametrize("make", [nl.gwn, nl.ou])
def test_negative_sigma_is_rejected(make):
    with pytest.raises(ValueError, match="sig must be >= 0"):
        make(nl.default_pars(), 10.0, -1.0)


@pytest.mark.parametrize("tau", [0.049, 0.05, 0.1, 0.3, 1.0])
def test_ou_exact_update_has_the_right_std_and_correlation_for_any_dt(tau):
    """Euler-Maruyama gave NaN at tau_ou = 0.049 ms and a std 100 times too large at 0.05 ms
    (dt = 0.1 ms); the exact update has std sig and lag-1 correlation e^{-dt/tau}."""
    pars = nl.default_pars(T=4000.0)
    sig = 3.0
    I = nl.ou(pars, 10.0, sig, seed=11, tau_ou=tau, n=4)
    n, rho = I.size, np.exp(-0.1 / tau)
    # 5 standard errors of a std from n AR(1) samples with lag-1 correlation rho
    assert I.std() == pytest.approx(sig, rel=5 * np.sqrt((1 + rho**2) / (2 * n * (1 - rho**2))))
    x = I - 10.0
    lag1 = np.mean(x[:, :-1] * x[:, 1:]) / np.mean(x * x)
    assert lag1 == pytest.approx(np.exp(-0.1 / tau), abs=5 / np.sqrt(n) + 0.01)


def test_ou_one_step_is_the_exact_transition():
    """I[1] = mu + (I[0] - mu) e^{-a} + sig sqrt(1 - e^{-2a}) xi[1], from the same normals."""
    pars = nl.default_pars(T=0.3, tau_ou=2.0)
    I = nl.ou(pars, 5.0, 2.0, seed=3)
    xi = np.random.default_rng(3).standard_normal(3)
    a = 0.1 / 2.0
    assert I[0] == 5.0 + 2.0 * xi[0]
    assert I[1] == pytest.approx(
        5.0 + (I[0] - 5.0) * np.exp(-a) + 2.0 * np.sqrt(1 - np.exp(-2 * a)) * xi[1], rel=1e-14)
