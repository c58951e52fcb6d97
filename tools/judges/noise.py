"""Judges for notebooks 03 and 04: my_GWN, isi_cv_LIF and my_OU.

isi_cv_LIF is deterministic: its answers are compared with the reference's on spike trains of 0
to 400 spikes, with the exercise's freedoms (cv from np.std or the sample std, so NaN or 0 for one
interval; isi empty or NaN for fewer than two spikes; isi as a list).

my_GWN and my_OU return random currents, so they are judged by the exercise's contract, not bit
for bit (a mutant that only changes which random numbers are drawn, or flips the sign of the
noise, is equivalent):

- the seeding contract: the same myseed gives the same current, different seeds different
  currents, myseed=False and the default (no myseed) fresh currents at every call;
- deterministic answers: with sig = 0 the current is mu at every step, exactly;
- statistics of long traces (10^5 to 2·10^5 samples per parameter set, four sets in which no
  parameter equals another), with tolerances of 5.5 standard errors: my_GWN's mean, std, shape
  (Kolmogorov-Smirnov distance to the normal) and independence at lags 1 to 10; my_OU's one-step
  fit (the correlation of neighbouring samples and the std of the kick, Euler-Maruyama's or the
  exact update's), the kicks' shape and independence, the mean and the std, no sample beyond
  8 std; and over 1500 seeds the start and the first 8 samples: mean mu, std sig, correlations
  (1 - dt/tau)^k;
- where a candidate's noise is made of the normal numbers of np.random.default_rng(seed) or
  np.random.seed(seed) (as the solution's and most mutants' are), my_GWN's mean and scale are
  exact: they are compared to 1e-9, which finds a wrong constant (dt/1001) that no sample size
  would.
"""

import math

import numpy as np

from neurolab.exercises.noise import _as_stream, _ks_normal, _lag_corr, _ou_steps, _streams
from neurolab.models.lif import default_pars

from ._common import Raised, call, differ, first_difference

#: the tolerance of every statistical comparison, in standard errors
Z = 5.5


# --- shared by the random currents ----------------------------------------------------------

def _current(got, Lt):
    """The candidate's current as a float array of shape (Lt,), or the reason it is not one."""
    if isinstance(got, Raised):
        return None, f"{got!r}"
    try:
        if np.iscomplexobj(got):
            return None, "complex values"
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError) as exc:
        return None, f"not numbers ({exc})"
    if arr.shape != (Lt,):
        return None, f"shape {arr.shape}, expected ({Lt},)"
    if not np.all(np.isfinite(arr)):
        return None, f"{np.count_nonzero(~np.isfinite(arr))} values not finite"
    return arr, None


def _draw(fn, pars, mu, sig, *seed, state=0):
    """fn(pars, mu, sig[, seed]) as a (Lt,) array, or the reason it is not one."""
    return _current(call(fn, (pars, mu, sig, *seed), seed=state), pars["range_t"].size)


def _seeding(candidate, mu, sig, **overrides):
    """The first broken promise of the seeding contract, or None."""
    pars = default_pars(T=20.0, **overrides)
    draws = {}
    for key, seed, state in [("7a", (7,), 1), ("7b", (7,), 2), ("99a", (99,), 3),
                             ("99b", (99,), 4), ("8", (8,), 5), ("Fa", (False,), 6),
                             ("Fb", (False,), 7), ("-a", (), 8), ("-b", (), 9)]:
        arr, why = _draw(candidate, pars, mu, sig, *seed, state=state)
        if why:
            return f"seeding, myseed = {seed[0] if seed else 'default'}: {why}"
        draws[key] = arr
    for a, b, what in [("7a", "7b", "myseed = 7 twice"), ("99a", "99b", "myseed = 99 twice")]:
        if not np.array_equal(draws[a], draws[b]):
            return f"{what} gave different currents"
    for a, b, what in [("7a", "8", "myseed = 7 and 8"), ("Fa", "Fb", "myseed=False twice"),
                       ("-a", "-b", "no myseed twice")]:
        if np.allclose(draws[a], draws[b]):
            return f"{what} gave the same current"
    return None


def _sig_zero(reference, candidate, cases):
    """With sig = 0 the current is mu at every step, exactly (cases of (label, pars, mu))."""
    zero = [(f"{label}, sig = 0", (pars, mu, 0.0, 5)) for label, pars, mu in cases]
    return first_difference(reference, candidate, zero)


def _within(got, want, se, what):
    return None if abs(got - want) <= Z * se else \
        f"{what} {got:.6g}, expected {want:.6g} ± {Z * se:.3g} ({Z} standard errors)"


def _independent(x, lags, what):
    """None when x's correlations at ``lags`` are within Z standard errors of 0."""
    tolerance = Z / math.sqrt(x.size)
    for lag in lags:
        r = _lag_corr(x, lag)
        if abs(r) > tolerance:
            return f"{what} {lag} apart correlate by {r:.4f} (tolerance {tolerance:.4f})"
    return None


def _gaussian(x, what):
    ks = _ks_normal(x)
    limit = 3.0 / math.sqrt(x.size)  # P(D > limit) ≈ 2 e^-18 for normal samples
    return None if ks <= limit else f"{what} are not Gaussian (KS distance {ks:.4f} > {limit:.4f})"


# --- my_GWN ---------------------------------------------------------------------------------

#: (dt ms, mu pA, sig pA·√s, samples, other parameters): no value equals another
GWN_SETS = [
    (0.1, 150.0, 2.5, 200_000, dict(tau_m=12.0, tref=1.5, tau_ou=7.0)),
    (0.05, -60.0, 1.5, 200_000, dict(tau_m=9.0, tref=2.5, tau_ou=4.0)),
    (0.02, 35.0, 0.7, 200_000, dict(tau_m=15.0, tref=3.0, tau_ou=20.0)),
    (0.5, 420.0, 3.3, 100_000, dict(tau_m=20.0, tref=1.0, tau_ou=6.0)),
]


def _gwn_differs(I, mu, sig, dt, seed):
    """How the noise I (one trace, myseed = seed) breaks the contract of my_GWN, or None."""
    scale = sig / math.sqrt(dt / 1000.0)
    for name, z in _streams(seed, I.size):
        fit = _as_stream(I, z)
        if fit:
            a, b = fit
            if abs(abs(b) - scale) > 1e-9 * scale or abs(a - mu) > 1e-9 * (abs(mu) + scale):
                return (f"the noise is {a:.10g} + {b:.10g} × {name}({seed})'s normal numbers, "
                        f"expected mu = {mu:.10g} and ±{scale:.10g}")
            return None
    n = I.size
    return (_within(I.mean(), mu, scale / math.sqrt(n), "mean")
            or _within(I.std() / scale, 1.0, 1 / math.sqrt(2 * n), "std / (sig/√dt)")
            or _gaussian(I, "the samples")
            or _independent(I, range(1, 11), "samples"))


def judge_my_GWN(reference, candidate):
    cases = []
    for dt, mu, sig, samples, other in GWN_SETS:
        pars = default_pars(dt=dt, T=samples * dt, **other)
        label = f"dt = {dt} ms, mu = {mu} pA, sig = {sig} pA·√s"
        cases.append((label, pars, mu))
        for seed in (11, 4242):
            I, why = _draw(candidate, pars, mu, sig, seed)
            found = why or _gwn_differs(I, mu, sig, dt, seed)
            if found:
                return f"{label}, myseed = {seed}: {found}"
    for steps in (2, 3):
        pars = default_pars(dt=0.1, T=steps * 0.1, tau_m=12.0)
        _, why = _draw(candidate, pars, 5.0, 2.0, 3)
        if why:
            return f"{steps} time steps: {why}"
    return _sig_zero(reference, candidate, cases) or _seeding(candidate, 150.0, 2.5, tref=1.5)


# --- isi_cv_LIF -----------------------------------------------------------------------------

def _trains():
    """Spike trains (ms, increasing) of 0 to 400 spikes: regular, irregular (exponential,
    gamma, uniform intervals), starting at 0 or late, on a 0.1 ms grid or not."""
    rng = np.random.default_rng(20240603)
    trains = [("no spikes", np.array([])), ("one spike", np.array([37.2])),
              ("one spike at 0", np.array([0.0])), ("two spikes", np.array([5.0, 17.0])),
              ("two spikes 0.1 ms apart", np.array([100.0, 100.1])),
              ("three spikes", np.array([5.0, 17.0, 41.0])),
              ("three regular spikes", np.array([2.0, 4.0, 6.0])),
              ("mean ISI 1 ms", np.array([0.0, 0.5, 2.0, 2.6, 4.0])),
              ("regular, 40 spikes", 3.0 + 7.5 * np.arange(40)),
              ("late spikes", 1e5 + np.cumsum(rng.exponential(3.0, 12)))]
    for n in (4, 5, 7, 10, 31, 100, 400):
        gaps = {"exponential": rng.exponential(20.0, n - 1), "gamma": rng.gamma(4.0, 5.0, n - 1),
                "uniform": rng.uniform(2.0, 60.0, n - 1)}
        for kind, gap in gaps.items():
            t = np.concatenate([[rng.uniform(0.0, 50.0)], gap]).cumsum()
            trains.append((f"{n} spikes, {kind} intervals", np.round(t, 1) if n % 2 else t))
    return trains


TRAINS = _trains()


def isi_differs(t, got):
    """None when ``got`` is a correct (isi, cv) of spike train t (see check_isi_cv_LIF)."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return f"expected (isi, cv), got {type(got).__name__}"
    try:
        isi = np.asarray(got[0], dtype=float).ravel()
        cv = np.asarray(got[1], dtype=float)
    except (TypeError, ValueError) as exc:
        return f"isi and cv are not numbers ({exc})"
    if cv.size != 1 or np.iscomplexobj(got[1]) or np.iscomplexobj(got[0]):
        return f"cv should be one real number, got {got[1]!r:.60}"
    cv = float(cv.reshape(()))
    if t.size < 2:
        if not (isi.size == 0 or (isi.size == 1 and np.isnan(isi[0]))):
            return f"fewer than two spikes: isi should be empty or NaN, got {isi}"
        return None if math.isnan(cv) else f"fewer than two spikes: cv should be NaN, got {cv}"
    found = differ(np.diff(t), isi, where="isi")
    if found:
        return found
    want = np.diff(t)
    population = np.std(want) / np.mean(want)
    sample = np.std(want, ddof=1) / np.mean(want) if want.size > 1 else math.nan
    if math.isnan(cv):
        return None if math.isnan(sample) else f"cv is NaN, expected {population}"
    ok = any(abs(cv - c) <= 1e-9 * abs(c) + 1e-12
             for c in (population, sample) if not math.isnan(c))
    return None if ok else f"cv {cv!r}, expected {population!r} (or {sample!r} with ddof=1)"


def judge_isi_cv_LIF(reference, candidate):
    for label, t in TRAINS:
        want, got = call(reference, (t,)), call(candidate, (t,))
        if isinstance(want, Raised):
            raise RuntimeError(f"the reference raised on {label}: {want!r}")
        found = f"{got!r}" if isinstance(got, Raised) else isi_differs(t, got)
        if found:
            return f"{label}: {found}"
    return None


# --- my_OU ----------------------------------------------------------------------------------

#: (tau_ou ms, dt ms, mu pA, sig pA, length after the burn-in ms, other parameters)
OU_SETS = [
    (3.0, 0.1, 120.0, 7.0, 10_000.0, dict(tau_m=12.0, tref=1.5)),
    (7.0, 0.05, -45.0, 12.0, 5_000.0, dict(tau_m=9.0, tref=2.5)),
    (1.5, 0.2, 33.0, 2.5, 20_000.0, dict(tau_m=15.0, tref=1.0)),
    (25.0, 0.1, 250.0, 18.0, 20_000.0, dict(tau_m=20.0, tref=4.0)),
]
#: the start: many short runs, one seed each
OU_START = dict(tau=3.0, dt=0.5, mu=60.0, sig=9.0, runs=1500, steps=8)


def _ou_differs(I, tau, dt, mu, sig, T, skip):
    """How the current I (one long trace) breaks the contract of my_OU, or None."""
    a = dt / tau
    (phi_e, kick_e), (phi_x, kick_x) = _ou_steps(a)
    high = sig / math.sqrt(1 - a / 2)
    x = I[skip:]
    if np.max(np.abs(x - mu)) > 8 * high:
        k = skip + int(np.argmax(np.abs(x - mu)))
        return f"I[{k}] = {I[k]:.6g} is more than 8 std from mu"
    before, after = x[:-1] - x[:-1].mean(), x[1:] - x[1:].mean()
    n = before.size
    phi = float(np.dot(before, after) / np.dot(before, before))
    se_phi = math.sqrt((1 - phi_e ** 2) / n)
    if min(abs(phi - phi_e), abs(phi - phi_x)) > Z * se_phi:
        return f"one-step correlation {phi:.6f}, expected {phi_e:.6f} (Euler) or {phi_x:.6f}"
    kick = after - phi * before
    kick_std = float(kick.std()) / sig
    if min(abs(kick_std / k - 1) for k in (kick_e, kick_x)) > Z / math.sqrt(2 * n):
        return f"kick std {kick_std:.6f} sig, expected {kick_e:.6f} or {kick_x:.6f}"
    se_std = math.sqrt((1 + phi_e ** 2) / (2 * n * (1 - phi_e ** 2)))
    return (_gaussian(kick, "the kicks")
            or _independent(kick, range(1, 11), "kicks")
            or _within(x.mean(), mu, sig * math.sqrt(2 * tau / T), "mean")
            or (None if sig * (1 - Z * se_std) <= x.std() <= high * (1 + Z * se_std) else
                f"std {x.std():.6g}, expected {sig} (exact) to {high:.6g} (Euler)"))


def _ou_start(candidate, tau, dt, mu, sig, runs, steps):
    """Over many seeds, each of the first samples has mean mu and std sig (the start too), and
    samples k apart correlate by (1 - dt/tau)^k; None or the first departure."""
    pars = default_pars(dt=dt, T=steps * dt, tau_ou=tau, tau_m=12.0, tref=1.5)
    rows = []
    for seed in range(1, runs + 1):
        I, why = _draw(candidate, pars, mu, sig, seed)
        if why:
            return f"myseed = {seed}: {why}"
        rows.append(I)
    X = np.array(rows)
    (phi_e, _), (phi_x, _) = _ou_steps(dt / tau)
    high = sig / math.sqrt(1 - dt / tau / 2)
    for k in range(steps):
        found = (_within(X[:, k].mean(), mu, high / math.sqrt(runs), f"mean of I[{k}]")
                 or (None if sig * (1 - Z / math.sqrt(2 * runs)) <= X[:, k].std()
                     <= high * (1 + Z / math.sqrt(2 * runs))
                     else f"std of I[{k}] {X[:, k].std():.5g}, expected {sig}"))
        if found:
            return found
    r = np.corrcoef(X, rowvar=False)
    for j in range(steps):
        for k in range(j + 1, steps):
            lo, hi = sorted((phi_e ** (k - j), phi_x ** (k - j)))
            se = (1 - lo ** 2) / math.sqrt(runs)
            if not lo - Z * se <= r[j, k] <= hi + Z * se:
                return f"I[{j}] and I[{k}] correlate by {r[j, k]:.4f}, expected {lo:.4f}"
    return None


def judge_my_OU(reference, candidate):
    cases = []
    for tau, dt, mu, sig, T, other in OU_SETS:
        burn = 10 * tau
        pars = default_pars(dt=dt, T=T + burn, tau_ou=tau, **other)
        label = f"tau_ou = {tau} ms, dt = {dt} ms, mu = {mu} pA, sig = {sig} pA"
        cases.append((label, pars, mu))
        I, why = _draw(candidate, pars, mu, sig, 2024)
        found = why or _ou_differs(I, tau, dt, mu, sig, T, int(round(burn / dt)))
        if found:
            return f"{label}: {found}"
    found = _ou_start(candidate, **OU_START)
    if found:
        return f"the start over {OU_START['runs']} seeds: {found}"
    return _sig_zero(reference, candidate, cases) or \
        _seeding(candidate, 120.0, 7.0, tau_ou=3.0, tref=1.5)


JUDGES = {"my_GWN": judge_my_GWN, "isi_cv_LIF": judge_isi_cv_LIF, "my_OU": judge_my_OU}
