"""Checks for notebooks 03 and 04: my_GWN, isi_cv_LIF and my_OU."""

import math

import numpy as np

from ..analysis import isi_cv
from ..inputs import gwn, ou
from ..params import default_pars
from ._core import _Wrong, _call, _check, _float, _array, _trace, _pair, _times


# --- 03 my_GWN ----------------------------------------------------------------------------

def _seed(myseed):
    """The assignment's myseed (an int, or False for fresh randomness) as a default_rng seed."""
    return None if myseed is False else myseed


def _ref_my_GWN(pars, mu, sig, myseed=False):
    """nl.gwn with the assignment's signature."""
    return gwn(pars, mu, sig, seed=_seed(myseed))


def _lag_corr(x, lag):
    x = x - x.mean()
    return float(np.dot(x[:-lag], x[lag:]) / np.dot(x, x))


def check_my_GWN(f):
    """Check ``my_GWN(pars, mu, sig, myseed=False)``: Gaussian white noise in pA on
    pars['range_t'], each sample mu + sig / sqrt(dt in s) * N(0, 1). Judged by its statistics
    (mean, standard deviation at dt = 0.1, 0.05 and 0.01 ms, no correlation between samples),
    so any random generator is accepted; the same myseed must give the same noise, different
    seeds different noise, and myseed=False fresh noise at each call.
    Names: a fixed ×100 (right only at dt = 0.1 ms), no 1/√dt at all, dt in ms instead of s,
    √dt multiplied instead of divided, uniform instead of Gaussian, mean not mu, correlated
    samples, seed ignored, myseed=False giving the same noise each time."""
    mu, sig = 5.0, 2.5
    cases = [(f"dt = {dt:g} ms, mu = {mu:g} pA, sig = {sig:g}", _gwn_stats_case(dt, mu, sig))
             for dt in (0.1, 0.05, 0.01)]
    cases.append(("seeds: myseed = 2020 twice, 1 vs 2, False twice",
                  _seed_case(0.0, 1.0, "noise")))
    return _check("my_GWN", f, cases)


def _gwn_stats_case(dt, mu, sig):
    N = 50000
    pars = default_pars(dt=dt, T=N * dt)
    Lt = pars["range_t"].size
    want = sig / math.sqrt(dt / 1000.0)

    def run(func):
        I = _trace(_call(func, pars, mu, sig, 2020), "the noise", Lt)
        got = float(I.std())
        z = (I - mu) / want
        if np.all((z >= 0) & (z < 1)):
            raise _Wrong("the samples lie in [mu, mu + scale): uniform noise (np.random.rand); "
                         "white noise is Gaussian (np.random.randn or rng.standard_normal)")
        if abs(got / want - 1) > 0.02:
            msg = f"std {got:.4g} pA, expected sig/√(dt in s) = {want:.4g} pA"
            guesses = [
                (sig * 100.0, f"the noise does not scale with 1/√dt: at dt = {dt:g} ms its std "
                              f"is off by {_root(0.1 / dt)} (a fixed ×100 is right only at "
                              f"dt = 0.1 ms)"),
                (sig, "the noise is not scaled by 1/√(dt in s)"),
                (sig / math.sqrt(dt), "1/√dt with dt in ms; dt must be in seconds (dt/1000)"),
                (sig * math.sqrt(dt / 1000.0), "multiplied by √dt instead of divided by it"),
                (sig * math.sqrt(dt), "multiplied by √dt (in ms) instead of divided by "
                                      "√(dt in s)"),
            ]
            for value, cause in guesses:
                if abs(got / value - 1) < 0.02:
                    raise _Wrong(f"{msg}: {cause}")
            raise _Wrong(msg)
        se = want / math.sqrt(Lt)
        if abs(I.mean() - mu) > 6 * se:
            raise _Wrong(f"mean {I.mean():.4g} pA, expected mu = {mu:g} pA")
        r1 = _lag_corr(I, 1)
        if abs(r1) > 5 / math.sqrt(Lt):
            raise _Wrong(f"neighbouring samples are correlated (lag-1 correlation {r1:.3f}): "
                         f"white noise draws every sample independently")
    return run


def _root(x):
    """√x for a message: '√2', '√10' for whole x, else the number."""
    return f"√{round(x):d}" if abs(x - round(x)) < 1e-9 else f"{math.sqrt(x):.3g}"


def _seed_case(mu, sig, what):
    """A case for a random current (my_GWN, my_OU): the same myseed gives the same current,
    different seeds different ones, and myseed=False fresh randomness at every call."""
    def run(func):
        pars = default_pars(T=50.0)
        draw = lambda seed: _array(_call(func, pars, mu, sig, seed), what)
        a, b = draw(2020), draw(2020)
        if a.shape != b.shape or not np.allclose(a, b, rtol=1e-12, atol=0):
            raise _Wrong(f"myseed = 2020 twice did not give the same {what}: seed the generator "
                         f"with myseed")
        c, d = draw(1), draw(2)
        if c.shape == d.shape and np.allclose(c, d):
            raise _Wrong(f"myseed = 1 and 2 gave the same {what}: the seed is not used")
        e, g = draw(False), draw(False)
        if e.shape == g.shape and np.allclose(e, g):
            raise _Wrong(f"myseed=False gave the same {what} twice: without a seed each call must "
                         f"draw fresh noise (np.random.default_rng(None), not default_rng(False))")
    return run


# --- 03 isi_cv_LIF ------------------------------------------------------------------------

def _ref_isi_cv_LIF(spike_times):
    """nl.isi_cv: with fewer than two spikes isi is empty and cv NaN."""
    return isi_cv(np.asarray(spike_times, dtype=float))


def check_isi_cv_LIF(f):
    """Check ``isi_cv_LIF(spike_times) -> (isi, cv)``: isi = np.diff(spike_times) in ms,
    cv = std(isi) / mean(isi) (np.std, or the sample std with ddof=1); with fewer than two
    spikes cv is NaN and isi NaN or an empty array.
    Names: CV from the variance instead of the standard deviation, ISIs not the differences of
    the spike times, CV from the spike times, mean/std inverted, no NaN for fewer than two
    spikes."""
    rng = np.random.default_rng(3)
    irregular = np.cumsum(rng.exponential(20.0, size=30)) + 5.0
    cases = [
        ("30 irregular spikes", irregular),
        ("regular spikes at 10, 20, ..., 50 ms", np.arange(1, 6) * 10.0),
        ("two spikes at 5 and 17 ms", np.array([5.0, 17.0])),
        ("one spike", np.array([12.3])),
        ("no spikes (an empty array)", np.array([])),
    ]
    return _check("isi_cv_LIF", f, [(label, _isi_case(t)) for label, t in cases])


def _isi_case(t):
    def run(func):
        isi_out, cv_out = _pair(_call(func, t), "isi_cv_LIF")
        if t.size < 2:
            cv = _float(cv_out, "cv")
            isi = np.asarray(isi_out, dtype=float)
            if not (isi.size == 0 or (isi.size == 1 and np.isnan(isi).all())):
                raise _Wrong(f"with fewer than two spikes there is no interval: isi should be NaN "
                             f"(or empty), got {isi.tolist()}")
            if not np.isnan(cv):
                raise _Wrong(f"with fewer than two spikes CV is undefined: return NaN, got {cv:g}")
            return
        want_isi, want_cv = _ref_isi_cv_LIF(t)
        isi = _array(isi_out, "isi").ravel()
        if isi.shape != want_isi.shape or not np.allclose(isi, want_isi, rtol=1e-9, atol=1e-9):
            if isi.size == t.size and np.allclose(isi, t) or \
                    isi.size == t.size - 1 and np.allclose(isi, t[1:]):
                raise _Wrong("isi holds the spike times themselves: the ISIs are the differences "
                             "of consecutive spike times, np.diff(spike_times)")
            raise _Wrong(f"isi should be np.diff(spike_times) = {_times(want_isi)} ms, "
                         f"got {_times(isi)}")
        cv = _float(cv_out, "cv")
        ok = [want_cv, np.std(want_isi, ddof=1) / np.mean(want_isi)]
        if any(np.isclose(cv, c, rtol=1e-9, atol=1e-12) for c in ok):
            return
        msg = f"CV {cv:.4g}, expected std(isi)/mean(isi) = {ok[0]:.4g}"
        guesses = [
            (np.var(want_isi) / np.mean(want_isi), "CV computed from the variance instead of the "
                                                  "standard deviation"),
            (np.var(want_isi, ddof=1) / np.mean(want_isi), "CV computed from the variance instead "
                                                          "of the standard deviation"),
            (np.mean(want_isi) / np.std(want_isi) if np.std(want_isi) else np.inf,
             "inverted: mean/std instead of std/mean"),
            (np.std(t) / np.mean(t), "CV computed from the spike times instead of the ISIs"),
        ]
        for value, cause in guesses:
            if np.isclose(cv, value, rtol=1e-9):
                raise _Wrong(f"{msg}: {cause}")
        raise _Wrong(msg)
    return run


# --- 04 my_OU -----------------------------------------------------------------------------

def _ref_my_OU(pars, mu, sig, myseed=False):
    """nl.ou with the assignment's signature (tau_ou = pars['tau_ou'])."""
    return ou(pars, mu, sig, seed=_seed(myseed))


def check_my_OU(f):
    """Check ``my_OU(pars, mu, sig, myseed=False)``: an Ornstein-Uhlenbeck current in pA by
    Euler-Maruyama, I[k+1] = I[k] + dt/tau (mu - I[k]) + sqrt(2 dt/tau) sig xi[k+1] with
    tau = pars['tau_ou']. The start may be mu, 0 or a draw from the stationary distribution:
    the statistics are judged after a burn-in of 10 tau (mean mu, std sig, autocorrelation
    1 - dt/tau after one step and about e^-1 after tau), at two dt and two tau. The same myseed
    must give the same current.
    Names: no √(2 dt/τ) noise factor, √(dt/τ) without the 2, dt/τ missing from the drift (no
    memory), tau not taken from pars['tau_ou'], mean not mu, seed ignored."""
    cases = [
        (f"tau_ou = {tau:g} ms, dt = {dt:g} ms, mu = 100 pA, sig = 10 pA",
         _ou_case(tau, dt, 100.0, 10.0))
        for tau, dt in ((2.0, 0.1), (2.0, 0.05), (4.0, 0.1))
    ]
    cases.append(("seeds: myseed = 2020 twice, 1 vs 2, False twice",
                  _seed_case(100.0, 10.0, "current")))
    return _check("my_OU", f, cases)


def _ou_case(tau, dt, mu, sig):
    T = 1000 * tau
    pars = default_pars(dt=dt, T=T + 10 * tau, tau_ou=tau)
    Lt = pars["range_t"].size
    burn = int(round(10 * tau / dt))
    a = dt / tau
    lag = int(round(tau / dt))
    want_std = sig / math.sqrt(1 - a / 2)  # Euler-Maruyama's stationary std
    want_c1, want_ctau = 1 - a, (1 - a) ** lag

    def run(func):
        I = _trace(_call(func, pars, mu, sig, 2020), "the current", Lt)
        x = I[burn:]
        std = float(x.std())
        c1 = _lag_corr(x, 1)
        if c1 < 0.5:
            raise _Wrong(f"the current has no memory (correlation between neighbouring samples "
                         f"{c1:.2f}, expected 1 - dt/tau = {want_c1:.3f}): dt/τ missing from the "
                         f"drift, I[k+1] = I[k] + dt/tau (mu - I[k]) + …")
        if abs(std / want_std - 1) > 0.15:
            msg = f"stationary std {std:.3g} pA, expected sig = {sig:g} pA"
            no_factor = sig / math.sqrt(2 * a - a * a)
            if abs(std / no_factor - 1) < 0.15:
                raise _Wrong(f"{msg}: OU without its √(2 dt/τ) noise factor")
            if abs(std / (want_std / math.sqrt(2)) - 1) < 0.15:
                raise _Wrong(f"{msg}: noise factor √(dt/τ) instead of √(2 dt/τ)")
            raise _Wrong(msg)
        ctau = _lag_corr(x, lag)
        if abs(ctau - want_ctau) > 0.12:
            tau_est = -tau / math.log(ctau) if 0 < ctau < 1 else float("nan")
            raise _Wrong(f"autocorrelation after tau_ou = {tau:g} ms is {ctau:.2f}, expected "
                         f"e^-1 ≈ {want_ctau:.2f}: the correlation time is about "
                         f"{tau_est:.3g} ms, "
                         f"not pars['tau_ou'] = {tau:g} ms")
        se = sig * math.sqrt(2 * tau / T)
        if abs(x.mean() - mu) > 6 * se:
            raise _Wrong(f"mean {x.mean():.4g} pA after a burn-in of 10 tau, expected "
                         f"mu = {mu:g} pA")
    return run
