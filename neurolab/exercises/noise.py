"""Checks for notebooks 03 and 04: my_GWN, isi_cv_LIF and my_OU.

Random currents are judged by their statistics, so any random generator is accepted: the mean,
the spread, the shape of the distribution (a Kolmogorov-Smirnov distance to the normal one) and
the correlation between samples, on long traces (tens of thousands of samples), with tolerances of
five to six standard errors. When a student's noise is made of the very normal numbers of
np.random.default_rng(myseed) or np.random.seed(myseed) (the course's styles), its scale and mean
are also compared exactly, to the last digits."""

import math

import numpy as np

from ..analysis import isi_cv
from ..inputs import gwn, ou
from ..models.lif import default_pars
from ._core import (
    _call,
    _check,
    _float,
    _key_hint,
    _numbers,
    _pair,
    _times,
    _trace,
    _two,
    _Wrong,
    exercise,
)

# --- shared by the random currents ----------------------------------------------------------

def _seed(myseed):
    """The assignment's myseed (an int, or False for fresh randomness) as a default_rng seed."""
    return None if myseed is False else myseed


def _lag_corr(x, lag, centred=False):
    """The correlation of x with itself ``lag`` samples later (x's mean removed, unless
    ``centred`` says it is)."""
    if not centred:
        x = x - x.mean()
    return float(np.dot(x[:-lag], x[lag:]) / np.dot(x, x))


_erf = np.frompyfunc(math.erf, 1, 1)


def _ks_normal(x):
    """The Kolmogorov-Smirnov distance between the distribution of x (standardised by its own
    mean and std) and the standard normal: the largest gap between the two cumulative
    distributions. For n normal samples it stays below 2.7 / sqrt(n) (p < 1e-6); uniform noise
    scores about 0.06, exponential noise about 0.1."""
    z = np.sort((x - x.mean()) / x.std())
    cdf = 0.5 * (1.0 + _erf(z / math.sqrt(2.0)).astype(float))
    n = z.size
    return float(max(np.max(np.arange(1, n + 1) / n - cdf), np.max(cdf - np.arange(n) / n)))


def _correlated_lag(x, lags, tolerance):
    """(lag, correlation) of the first lag in ``lags`` whose correlation exceeds ``tolerance``
    in size, or None."""
    x = x - x.mean()
    for lag in lags:
        r = _lag_corr(x, lag, centred=True)
        if abs(r) > tolerance:
            return lag, r
    return None


def _streams(seed, n):
    """The n standard normal numbers each of the course's generators draws after seeding with
    ``seed``: np.random.default_rng(seed), and np.random.seed(seed) / RandomState(seed) (randn,
    normal and standard_normal all draw the same numbers)."""
    return [("np.random.default_rng", np.random.default_rng(seed).standard_normal(n)),
            ("np.random.seed", np.random.RandomState(seed).standard_normal(n))]


def _as_stream(y, z):
    """(a, b) when y = a + b z to rounding, else None."""
    zc = z - z.mean()
    b = float(np.dot(y - y.mean(), zc) / np.dot(zc, zc))
    a = float(y.mean() - b * z.mean())
    size = abs(a) + abs(b) * float(np.abs(z).max())
    return (a, b) if np.max(np.abs(y - a - b * z)) <= 1e-9 * size else None


def _same(a, b, rtol=1e-9):
    return abs(a - b) <= rtol * max(abs(a), abs(b))


def _signature_hint(name, pars):
    """A hint for a student's exception: the keys of pars (KeyError), the signature with its
    default (TypeError about myseed)."""
    keys = _key_hint(pars)

    def hint(exc):
        if isinstance(exc, TypeError) and "myseed" in str(exc):
            return f"the signature is {name}(pars, mu, sig, myseed=False)"
        return keys(exc)
    return hint


def _seed_case(mu, sig, what, **overrides):
    """A case for a random current (my_GWN, my_OU): the same myseed gives the same current,
    different seeds different ones, and myseed=False, or no myseed at all, fresh randomness at
    every call."""
    pars = default_pars(T=50.0, **overrides)
    Lt = pars["range_t"].size

    def run(func):
        draw = lambda *seed: _trace(_call(func, pars, mu, sig, *seed), f"the {what}", Lt)
        a, b = draw(2020), draw(2020)
        if not np.allclose(a, b, rtol=1e-12, atol=0):
            raise _Wrong(f"myseed = 2020 twice did not give the same {what}: seed the generator "
                         f"with myseed")
        if np.allclose(draw(1), draw(2)):
            raise _Wrong(f"myseed = 1 and 2 gave the same {what}: the seed is not used")
        if np.allclose(draw(False), draw(False)):
            raise _Wrong(f"myseed=False gave the same {what} twice: without a seed each call must "
                         f"draw fresh noise (np.random.default_rng(None), not default_rng(False))")
        if np.allclose(draw(), draw()):
            raise _Wrong(f"without myseed (its default) two calls gave the same {what}: the "
                         f"default must be myseed=False, fresh noise at every call")
    return run


# --- 03 my_GWN ----------------------------------------------------------------------------

def _ref_my_GWN(pars, mu, sig, myseed=False):
    """nl.gwn with the assignment's signature."""
    return gwn(pars, mu, sig, seed=_seed(myseed))


#: (dt ms, mu pA, sig pA·√s) of the statistics cases; the mean lies 20 to 140 standard errors
#: from 0, and no value equals another or a parameter of default_pars
GWN_CASES = ((0.1, 150.0, 2.5), (0.05, -60.0, 1.5), (0.02, 90.0, 4.0))
GWN_SAMPLES = 50000


@exercise("my_GWN", _ref_my_GWN, "nl.gwn")
def check_my_GWN(f):
    """Check ``my_GWN(pars, mu, sig, myseed=False)``: Gaussian white noise in pA on
    pars['range_t'], each sample mu + sig / sqrt(dt in s) * N(0, 1). Judged by its statistics
    at dt = 0.1, 0.05 and 0.02 ms (50 000 samples each): standard deviation within 2 %, mean
    within 6 standard errors, Gaussian shape (Kolmogorov-Smirnov distance to the normal) and no
    correlation between samples at lags 1 to 5, so any random generator is accepted (noise of
    either sign too); noise made of the normal numbers of np.random.default_rng(myseed) or
    np.random.seed(myseed) has its scale and mean compared exactly too. The same myseed must give
    the same noise, different seeds different noise, and myseed=False (the default) fresh noise
    at each call.
    Names: a fixed ×100 (right only at dt = 0.1 ms), no 1/√dt at all, dt in ms instead of s,
    √dt multiplied instead of divided, uniform instead of Gaussian, mean not mu, correlated
    samples, seed ignored, myseed=False giving the same noise each time."""
    cases = [(f"dt = {dt:g} ms, mu = {mu:g} pA, sig = {sig:g} pA·√s, myseed = 2020",
              _gwn_stats_case(dt, mu, sig)) for dt, mu, sig in GWN_CASES]
    cases.append(("seeds: myseed = 2020 twice, 1 vs 2, False twice, none twice",
                  _seed_case(150.0, 2.5, "noise")))
    return _check("my_GWN", f, cases, hint=_signature_hint("my_GWN", default_pars()))


def _gwn_stats_case(dt, mu, sig, seed=2020):
    N = GWN_SAMPLES
    pars = default_pars(dt=dt, T=N * dt)
    Lt = pars["range_t"].size
    want = sig / math.sqrt(dt / 1000.0)

    def run(func):
        I = _trace(_call(func, pars, mu, sig, seed), "the noise", Lt)
        z = (I - mu) / want
        if np.all((z >= 0) & (z < 1)):
            raise _Wrong("the samples lie in [mu, mu + scale): uniform noise (np.random.rand); "
                         "white noise is Gaussian (np.random.randn or rng.standard_normal)")
        _gwn_std(I, dt, sig, want)
        se = want / math.sqrt(Lt)
        if abs(I.mean() - mu) > 6 * se:
            w, g = _two(mu, I.mean())
            cause = ": the mean mu is missing (add mu to the noise)" if abs(I.mean()) < 6 * se \
                else ""
            raise _Wrong(f"mean {g} pA, expected mu = {w} pA{cause}")
        ks = _ks_normal(I)
        if ks > 2.7 / math.sqrt(Lt):
            raise _Wrong(f"the values are not Gaussian: their distribution is {ks:.3f} away from "
                         f"the normal one (at most {2.7 / math.sqrt(Lt):.3f} by chance); draw "
                         f"them with np.random.randn or rng.standard_normal")
        found = _correlated_lag(I, range(1, 6), 5 / math.sqrt(Lt))
        if found:
            raise _Wrong(f"samples {found[0]} apart are correlated (correlation {found[1]:.3f}): "
                         f"white noise draws every sample independently")
        _gwn_exact(I, mu, want, seed)
    return run


def _gwn_std(I, dt, sig, want):
    """The spread of the noise: its std within 2 % (6 standard errors) of sig/√(dt in s)."""
    got = float(I.std())
    if abs(got / want - 1) <= 0.02:
        return
    w, g = _two(want, got)
    msg = f"std {g} pA, expected sig/√(dt in s) = {w} pA"
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


def _gwn_exact(I, mu, want, seed):
    """Noise made of the normal numbers of a course generator seeded with ``seed``: mean and
    scale compared exactly (either sign of the noise)."""
    for name, z in _streams(seed, I.size):
        fit = _as_stream(I, z)
        if fit is None:
            continue
        a, b = fit
        if not _same(abs(b), want):
            w, g = _two(want, abs(b))
            raise _Wrong(f"your noise is {name}({seed})'s normal numbers times {g} pA, expected "
                         f"sig/√(dt in s) = {w} pA")
        if not (_same(a, mu) or abs(a - mu) <= 1e-12 * want):
            w, g = _two(mu, a)
            raise _Wrong(f"your noise is {name}({seed})'s normal numbers around {g} pA, "
                         f"expected mu = {w} pA")
        return


def _root(x):
    """√x for a message: '√2', '√10' for whole x, else the number."""
    return f"√{round(x):d}" if abs(x - round(x)) < 1e-9 else f"{math.sqrt(x):.3g}"


# --- 03 isi_cv_LIF ------------------------------------------------------------------------

def _ref_isi_cv_LIF(spike_times):
    """nl.isi_cv: with fewer than two spikes isi is empty and cv NaN."""
    return isi_cv(np.asarray(spike_times, dtype=float))


def _cvs(isi):
    """The accepted CVs of intervals ``isi`` (at least one): with np.std, and with the sample
    std (ddof=1; NaN for a single interval)."""
    mean = np.mean(isi)
    sample = np.std(isi, ddof=1) / mean if isi.size > 1 else math.nan
    return float(np.std(isi) / mean), float(sample)


@exercise("isi_cv_LIF", _ref_isi_cv_LIF, "nl.isi_cv")
def check_isi_cv_LIF(f):
    """Check ``isi_cv_LIF(spike_times) -> (isi, cv)``: isi = np.diff(spike_times) in ms (an
    array or a list), cv = std(isi) / mean(isi) with np.std or the sample std (ddof=1). With two
    spikes (one interval) cv is 0 with np.std and NaN with ddof=1: both are accepted. With fewer
    than two spikes cv is NaN and isi NaN or empty.
    Names: CV from the variance instead of the standard deviation, ISIs not the differences of
    the spike times, CV from the spike times, mean/std inverted, no NaN for fewer than two
    spikes."""
    rng = np.random.default_rng(3)
    irregular = np.round(np.cumsum(rng.gamma(2.0, 11.0, size=30)) + 5.0, 1)
    cases = [
        ("30 irregular spikes", irregular),
        ("regular spikes at 10, 20, ..., 50 ms", np.arange(1, 6) * 10.0),
        ("three spikes at 5, 17 and 41 ms", np.array([5.0, 17.0, 41.0])),
        ("two spikes at 5 and 17 ms", np.array([5.0, 17.0])),
        ("one spike", np.array([12.3])),
        ("no spikes (an empty array)", np.array([])),
    ]
    return _check("isi_cv_LIF", f, [(label, _isi_case(t)) for label, t in cases])


def _isi_case(t):
    def run(func):
        isi_out, cv_out = _pair(_call(func, t), "isi_cv_LIF")
        if t.size < 2:
            _no_interval(isi_out, cv_out)
            return
        want_isi = np.diff(t)
        isi = _numbers(isi_out, "isi").ravel()
        if isi.shape != want_isi.shape or not np.allclose(isi, want_isi, rtol=1e-9, atol=1e-9):
            if isi.size == t.size and np.allclose(isi, t) or \
                    isi.size == t.size - 1 and np.allclose(isi, t[1:]):
                raise _Wrong("isi holds the spike times themselves: the ISIs are the differences "
                             "of consecutive spike times, np.diff(spike_times)")
            raise _Wrong(f"isi should be np.diff(spike_times) = {_times(want_isi)} ms, "
                         f"got {_times(isi)}")
        ok = _cvs(want_isi)
        cv = _float(cv_out, "cv", finite=False)
        if math.isnan(cv) and math.isnan(ok[1]):
            return  # one interval, sample std: undefined
        cv = _float(cv_out, "cv")
        if any(np.isclose(cv, c, rtol=1e-9, atol=1e-12) for c in ok):
            return
        w, g = _two(ok[0], cv)
        msg = f"CV {g}, expected std(isi)/mean(isi) = {w}"
        std, var, mean = np.std(want_isi), np.var(want_isi), np.mean(want_isi)
        guesses = [
            (var / mean, "CV computed from the variance instead of the standard deviation"),
            (np.var(want_isi, ddof=1) / mean, "CV computed from the variance instead "
                                              "of the standard deviation"),
            (mean / std if std else np.inf, "inverted: mean/std instead of std/mean"),
            (np.std(t) / np.mean(t), "CV computed from the spike times instead of the ISIs"),
        ]
        for value, cause in guesses:
            if np.isclose(cv, value, rtol=1e-9):
                raise _Wrong(f"{msg}: {cause}")
        raise _Wrong(msg)
    return run


def _no_interval(isi_out, cv_out):
    """Fewer than two spikes: isi empty or NaN, cv NaN."""
    cv = _float(cv_out, "cv", finite=False)
    isi = _numbers(isi_out, "isi", finite=False)
    if not (isi.size == 0 or (isi.size == 1 and np.isnan(isi).all())):
        raise _Wrong(f"with fewer than two spikes there is no interval: isi should be NaN "
                     f"(or empty), got {_times(isi)}")
    if not math.isnan(cv):
        raise _Wrong(f"with fewer than two spikes CV is undefined: return NaN, got {cv:g}")


# --- 04 my_OU -----------------------------------------------------------------------------

def _ref_my_OU(pars, mu, sig, myseed=False):
    """nl.ou with the assignment's signature (tau_ou = pars['tau_ou'])."""
    return ou(pars, mu, sig, seed=_seed(myseed))


#: (tau_ou ms, dt ms, mu pA, sig pA, length after the burn-in ms) of the statistics cases: no
#: value equals another or a parameter of default_pars (tau_m 10 ms, tref 2 ms)
OU_CASES = ((3.0, 0.1, 120.0, 7.0, 3000.0), (3.0, 0.05, -45.0, 12.0, 2000.0),
            (7.0, 0.1, 80.0, 4.0, 4000.0))
#: the start case: tau_ou, dt, mu, sig (as above), runs (seeds 1, 2, ...) of `steps` samples
OU_START = dict(tau=3.0, dt=0.5, mu=60.0, sig=9.0, runs=300, steps=8)


def _ou_steps(a):
    """(one-step correlation, std of the kick per step in units of sig) of Euler-Maruyama and of
    the exact update, a = dt / tau_ou."""
    return ((1 - a, math.sqrt(2 * a)), (math.exp(-a), math.sqrt(-math.expm1(-2 * a))))


@exercise("my_OU", _ref_my_OU, "nl.ou")
def check_my_OU(f):
    """Check ``my_OU(pars, mu, sig, myseed=False)``: an Ornstein-Uhlenbeck current in pA,
    tau = pars['tau_ou'], by Euler-Maruyama, I[k+1] = I[k] + dt/tau (mu - I[k]) +
    sig sqrt(2 dt/tau) z[k+1], or by the exact update of nl.ou, started from mu + sig z[0].
    On long traces (after a burn-in of 10 tau, at two dt and two tau) the step from one sample
    to the next is fitted: the correlation of neighbouring samples (1 - dt/tau, or e^-dt/tau),
    the std of the random kick (sig sqrt(2 dt/tau)), which must be Gaussian and independent from
    step to step, and the mean (mu); no sample may stray more than 8 std from the trace's mean.
    Over 300 seeds, every sample of a short run must have mean mu and std sig, I[0] included
    (the stationary start), and samples k steps apart the correlation (1 - dt/tau)^k. The same
    myseed must give the same current; myseed=False (the default) fresh noise.
    Names: no √(2 dt/τ) noise factor, √(dt/τ) without the 2, dt/τ missing from the drift (no
    memory), the correlation time not pars['tau_ou'], mean not mu, start not drawn around mu,
    seed ignored."""
    cases = [(f"tau_ou = {tau:g} ms, dt = {dt:g} ms, mu = {mu:g} pA, sig = {sig:g} pA, "
              f"myseed = 2020", _ou_case(tau, dt, mu, sig, T))
             for tau, dt, mu, sig, T in OU_CASES]
    s = OU_START
    cases.append((f"the start: {s['runs']} runs of {s['steps']} steps, myseed = 1 to "
                  f"{s['runs']}, tau_ou = {s['tau']:g} ms, dt = {s['dt']:g} ms, "
                  f"mu = {s['mu']:g} pA, sig = {s['sig']:g} pA", _ou_start_case(**s)))
    cases.append(("seeds: myseed = 2020 twice, 1 vs 2, False twice, none twice",
                  _seed_case(120.0, 7.0, "current", tau_ou=3.0)))
    return _check("my_OU", f, cases, hint=_signature_hint("my_OU", default_pars()))


def _ou_case(tau, dt, mu, sig, T):
    burn = 10 * tau
    pars = default_pars(dt=dt, T=T + burn, tau_ou=tau)
    Lt = pars["range_t"].size
    skip = int(round(burn / dt))
    a = dt / tau
    (phi_euler, kick_euler), (phi_exact, kick_exact) = _ou_steps(a)

    def run(func):
        I = _trace(_call(func, pars, mu, sig, 2020), "the current", Lt)
        x = I[skip:]
        far = np.flatnonzero(np.abs(x - x.mean()) > 8 * x.std())
        if far.size:
            k = skip + int(far[0])
            raise _Wrong(f"I[{k}] (t = {k * dt:g} ms) is {I[k]:.4g} pA, "
                         f"{abs(I[k] - x.mean()) / x.std():.0f} std from the trace's mean "
                         f"{x.mean():.4g} pA" +
                         (": the last sample is never computed" if k == Lt - 1 else ""))
        c1 = _lag_corr(x, 1)
        if c1 < 0.5:
            raise _Wrong(f"the current has no memory (correlation between neighbouring samples "
                         f"{c1:.2f}, expected 1 - dt/tau = {phi_euler:.3f}): dt/τ missing from "
                         f"the drift, I[k+1] = I[k] + dt/tau (mu - I[k]) + …")
        before, after = x[:-1], x[1:]
        n = before.size
        phi = float(np.dot(before - before.mean(), after - after.mean())
                    / np.dot(before - before.mean(), before - before.mean()))
        kick = after - phi * before
        kick = kick - kick.mean()
        found = _correlated_lag(kick, range(1, 6), 5 / math.sqrt(n))
        if found:
            raise _Wrong(f"the random kicks of steps {found[0]} apart correlate by "
                         f"{found[1]:.3f} (what is left of each step after the drift "
                         f"(1 - {phi:.4g}) (mu - I[k])): each step's kick must be a fresh, "
                         f"independent normal number")
        if min(abs(phi - phi_euler), abs(phi - phi_exact)) > 6 * math.sqrt((1 - phi_euler ** 2)
                                                                            / n):
            tau_est = -dt / math.log(phi) if 0 < phi < 1 else float("nan")
            w, g = _two(phi_euler, phi)
            raise _Wrong(f"neighbouring samples correlate by {g}, expected 1 - dt/tau = {w}: "
                         f"the correlation time is about {tau_est:.3g} ms, not "
                         f"pars['tau_ou'] = {tau:g} ms")
        _ou_kick(float(kick.std()), sig, kick_euler, kick_exact, n)
        ks = _ks_normal(kick)
        if ks > 2.7 / math.sqrt(n):
            raise _Wrong(f"the random kicks are not Gaussian: their distribution is {ks:.3f} "
                         f"away from the normal one (at most {2.7 / math.sqrt(n):.3f} by "
                         f"chance); draw them with rng.standard_normal or np.random.randn")
        se = sig * math.sqrt(2 * tau / T)
        if abs(x.mean() - mu) > 6 * se:
            w, g = _two(mu, x.mean())
            raise _Wrong(f"mean {g} pA after a burn-in of 10 tau, expected mu = {w} pA")
    return run


def _ou_kick(got, sig, euler, exact, n):
    """The random kick per step: its std within 5 standard errors of sig·√(2 dt/τ)
    (Euler-Maruyama) or of sig·√(1 - e^(-2 dt/τ)) (the exact update)."""
    tolerance = 5 / math.sqrt(2 * n)
    if any(abs(got / (sig * k) - 1) <= tolerance for k in (euler, exact)):
        return
    w, g = _two(sig * euler, got)
    msg = f"the random kick per step has std {g} pA, expected sig·√(2 dt/τ) = {w} pA"
    guesses = [(sig, "OU without its √(2 dt/τ) noise factor"),
               (sig * euler / math.sqrt(2), "noise factor √(dt/τ) instead of √(2 dt/τ)")]
    for value, cause in guesses:
        if abs(got / value - 1) <= tolerance:
            raise _Wrong(f"{msg}: {cause}")
    raise _Wrong(msg)


def _ou_start_case(tau, dt, mu, sig, runs, steps):
    """Many short runs, one seed each: every sample, I[0] included, has mean mu and std sig,
    and samples k steps apart correlate by about (1 - dt/tau)^k."""
    pars = default_pars(dt=dt, T=steps * dt, tau_ou=tau)
    Lt = pars["range_t"].size
    (phi_euler, _), (phi_exact, _) = _ou_steps(dt / tau)
    high = sig / math.sqrt(1 - dt / tau / 2)  # Euler-Maruyama's stationary std

    def run(func):
        X = np.array([_trace(_call(func, pars, mu, sig, seed), "the current", Lt)
                      for seed in range(1, runs + 1)])
        means, stds = X.mean(axis=0), X.std(axis=0)

        def moments(k):
            """None when I[k] has mean mu and std sig over the runs, else the message."""
            ok_mean = abs(means[k] - mu) <= 5 * high / math.sqrt(runs)
            ok_std = sig * (1 - 5 / math.sqrt(2 * runs)) <= stds[k] <= \
                high * (1 + 5 / math.sqrt(2 * runs))
            if ok_mean and ok_std:
                return None
            msg = (f"over {runs} seeds I[{k}] has mean {means[k]:.4g} pA and std "
                   f"{stds[k]:.4g} pA, expected mu = {mu:g} pA and sig = {sig:g} pA")
            if k == 0 and stds[0] <= 1e-9 * (abs(mu) + sig):
                return (f"{msg}: I[0] is the same number in every run; start from "
                        f"mu + sig·z[0], a value drawn from the stationary distribution")
            if k == 0 and ok_std and abs(means[0]) <= 5 * high / math.sqrt(runs):
                return f"{msg}: the start sig·z[0] lacks mu; start from mu + sig·z[0]"
            return msg

        if moments(0):
            raise _Wrong(moments(0))
        r = np.corrcoef(X, rowvar=False)
        for j in range(Lt):
            for k in range(j + 1, Lt):
                lo, hi = sorted((phi_euler ** (k - j), phi_exact ** (k - j)))
                se = (1 - lo ** 2) / math.sqrt(runs)
                if not lo - 5 * se <= r[j, k] <= hi + 5 * se:
                    raise _Wrong(f"over {runs} seeds I[{j}] and I[{k}] correlate by "
                                 f"{r[j, k]:.3f}, expected (1 - dt/tau)^{k - j} = "
                                 f"{phi_euler ** (k - j):.3f} (as when the start and every "
                                 f"step's kick are independent normal numbers)")
        for k in range(1, Lt):
            if moments(k):
                raise _Wrong(moments(k))
    return run
