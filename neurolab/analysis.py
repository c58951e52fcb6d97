"""Analyses of spike trains and signals: counts, rates, ISI and CV, f-I curves, rheobase
search, power spectra. Spike trains are arrays of spike times in ms, or lists of them (batches).

Every analysis checks its spike trains: each train (each neuron's, for a batch) must be 1-D,
finite and strictly increasing (a neuron cannot spike twice at the same time, and unsorted
times would give negative intervals); anything else is a ValueError or TypeError naming it."""

import numpy as np

from ._checks import (MAX_SAMPLES, as_float_array, check_choice, check_number, check_size,
                      rng_from, spike_train)
from .inputs import gwn
from .lif import lif_rheobase, run_lif
from .params import LIF


def _is_batch(spikes):
    """A list/tuple of spike trains (not a plain list of numbers)."""
    return isinstance(spikes, (list, tuple)) and any(np.ndim(s) == 1 for s in spikes)


def _trains(spikes, name="spikes"):
    """The checked trains of a batch, each named by its index."""
    return [spike_train(f"{name}[{i}]", s) for i, s in enumerate(spikes)]


def spike_count(spikes):
    """Number of spikes: an int, or an int array for a batch (list of trains)."""
    if _is_batch(spikes):
        return np.array([s.size for s in _trains(spikes)], dtype=int)
    return spike_train("spike_times", spikes).size


def spike_rate(spikes, T):
    """Mean firing rate in Hz: spike count / duration T (ms). Array for a batch."""
    T = check_number("T", T, positive=True, unit="ms")
    return spike_count(spikes) * 1000.0 / T


def isi_cv(spike_times):
    """Interspike intervals (ms) and their coefficient of variation CV = std(ISI) / mean(ISI).

    A regular train has CV 0, a Poisson train CV close to 1. With fewer than two spikes there
    is no interval: isi is empty and cv is NaN. For a batch (a list of trains) the result is
    (list of isi arrays, array of cv).
    """
    if _is_batch(spike_times):
        pairs = [_isi_cv_of(s) for s in _trains(spike_times, "spike_times")]
        return [p[0] for p in pairs], np.array([p[1] for p in pairs])
    return _isi_cv_of(spike_train("spike_times", spike_times))


def _isi_cv_of(train):
    """(isi, cv) of one already checked spike train."""
    isi = np.diff(train)
    cv = float(np.std(isi) / np.mean(isi)) if isi.size else float("nan")
    return isi, cv


def isi_rate(spikes):
    """Steady firing rate in Hz from the mean interspike interval, 1000 / mean(ISI);
    0 with fewer than two spikes (no sustained firing). Array for a batch."""
    if _is_batch(spikes):
        return np.array([_isi_rate_of(s) for s in _trains(spikes)])
    return _isi_rate_of(spike_train("spikes", spikes))


def _isi_rate_of(train):
    """1000 / mean(ISI) in Hz of one already checked spike train (0 with fewer than two spikes)."""
    isi = np.diff(train)
    if not isi.size:
        return 0.0
    with np.errstate(over="ignore"):
        rate = 1000.0 / isi.mean()
    if not np.isfinite(rate):
        raise ValueError(f"spikes: the mean interspike interval, {isi.mean():.3g} ms, is too "
                         f"short for a rate in Hz (1000 / mean ISI overflows)")
    return rate


def fi_curve(pars, I_values, sig=0.0, seed=None, method="isi"):
    """Firing rate (Hz) of the LIF neuron for each mean current in I_values (pA), simulated as
    one batch of neurons.

    sig     white-noise amplitude in pA·√s (see ``gwn``); 0 gives constant (DC) input. With
            noise, each current gets its own independent noise trace from ``seed``.
    method  'isi': 1000 / mean interspike interval, the steady rate (matches ``lif_rate`` for
            DC input; 0 with fewer than two spikes); 'count': spike count / T.
    """
    I = as_float_array("I_values", I_values, unit="pA")
    if I.ndim != 1 or I.size == 0:
        raise ValueError(f"I_values must be a non-empty 1-D array of currents (pA), got shape {I.shape}")
    check_choice("method", method, ("isi", "count"))
    p = LIF.check(pars)
    sig = check_number("sig", sig, nonnegative=True, unit="pA·√s")
    rng_from(seed)  # a bad seed is an error even when there is no noise
    I_inj = gwn(pars, I, sig, seed=seed) if sig > 0 else I[:, None]
    spikes = run_lif(pars, I_inj, trace=False)
    return isi_rate(spikes) if method == "isi" else spike_rate(spikes, p["T"])


#: find_rheobase: the finest tolerance (pA), and the most rounds of bracket widening and of
#: narrowing. Float spacing near 200 pA is 3e-14 pA, so a tolerance far below 1e-9 pA could
#: never be met (the probes collapse onto the bracket's ends); 1e-9 pA is 1e-11 of a typical
#: rheobase, far finer than any simulation resolves.
RHEOBASE_TOL_MIN = 1e-9
_WIDEN_ROUNDS = 60
_NARROW_ROUNDS = 200


def find_rheobase(pars, sig=0.0, seed=None, I_low=None, I_high=None, tol=0.01, points=15):
    """Smallest mean current (pA) that makes the LIF neuron spike at least once in T, to within
    ``tol`` pA, by bisection generalised to ``points`` probes per round, all simulated as one
    batch (each round shrinks the bracket by points + 1).

    sig may be a scalar or a 1-D array of white-noise amplitudes (pA·√s). The noise is frozen:
    one trace from ``seed``, scaled by each sig (common random numbers, so a curve over sig shows
    the effect of sig, not of different draws) and shifted by the mean current being probed. The
    answer is the minimum mean input needed to spike with that noise. Returns a float, or an
    array for array sig.

    The bracket [I_low, I_high] defaults to [0, 2 * lif_rheobase + 100] and is widened (at most
    60 times, doubling) until the neuron is silent at I_low and fires at I_high.

    Limits: tol >= 1e-9 pA; at most 200 rounds of narrowing (the search also stops, at float
    resolution, if the bracket cannot shrink further); with noise, each round's input currents
    (len(sig) × points neurons × Lt steps) within the memory ``neurolab.engine`` allows. A
    neuron that starts at or above threshold (V_init >= V_th), or a run too short to spike
    (T < 3 dt: the first spike can come at the third sample at the earliest), has no rheobase:
    that is a ValueError saying so.
    """
    p = LIF.check(pars)
    sig_arr = as_float_array("sig", sig, unit="pA·√s")
    if sig_arr.ndim > 1 or sig_arr.size == 0 or np.any(sig_arr < 0):
        raise ValueError(f"sig must be a scalar or a non-empty 1-D array of values >= 0 pA·√s, "
                         f"got {sig!r:.80}")
    tol = check_number("tol", tol, positive=True, unit="pA")
    if tol < RHEOBASE_TOL_MIN:
        raise ValueError(f"tol must be at least {RHEOBASE_TOL_MIN:g} pA (currents are floats: near "
                         f"200 pA they are spaced 3e-14 pA apart, and no simulation resolves "
                         f"less), got tol = {tol!r} pA")
    points = check_number("points", points, positive=True, integer=True)
    sigs = np.atleast_1d(sig_arr)
    noisy = bool(np.any(sigs))
    if noisy:  # each round's input: one noisy current per probe
        check_size(sigs.size * max(points, 2), p["Lt"], p["T"], p["dt"],
                   what=f"probes (len(sig) = {sigs.size} × points = {points})",
                   alternatives="use fewer points or sig values, or a shorter T")
    if p["V_init"] >= p["V_th"]:
        raise ValueError(
            f"find_rheobase: V_init = {p['V_init']} mV is at or above V_th = {p['V_th']} mV, so "
            f"the neuron spikes at t = 0 whatever the current: there is no rheobase to find. "
            f"Start below threshold (e.g. V_init = E_L = {p['E_L']} mV)"
        )
    if p["Lt"] < 3:
        raise ValueError(
            f"find_rheobase: T = {p['T']} ms is only {p['Lt']} time step(s) of dt = {p['dt']} ms; "
            f"a neuron starting below threshold can first spike at the third sample (t = 2 dt), "
            f"so no current makes it spike. Use a T of at least 3 dt (several tau_m = "
            f"{p['tau_m']} ms for a meaningful rheobase)"
        )
    lo0 = 0.0 if I_low is None else check_number("I_low", I_low, unit="pA")
    span = max(abs(lif_rheobase(pars)), 100.0)
    hi0 = 2 * span + 100.0 if I_high is None else check_number("I_high", I_high, unit="pA")
    if lo0 >= hi0:
        raise ValueError(f"I_low must be below I_high, got I_low = {lo0} pA, I_high = {hi0} pA")
    # the probes must keep E_L + I/g_L finite and above the LIF's voltage floor
    limit = 1e12 * max(1.0, p["g_L"])
    for name, value in (("I_low", lo0), ("I_high", hi0)):
        if abs(value) > limit:
            raise ValueError(f"{name} must be within ±{limit:.3g} pA (far beyond any rheobase), "
                             f"got {value!r} pA")
    noise = sigs[:, None] * gwn(pars, 0.0, 1.0, seed=seed)
    lo = np.full(sigs.size, lo0)
    hi = np.full(sigs.size, hi0)

    def fires(levels):
        """levels (n_sig, m) -> bool (n_sig, m): does the neuron spike with that mean input?"""
        n_sig, m = levels.shape
        if noisy:
            I_inj = (levels[:, :, None] + noise[:, None, :]).reshape(n_sig * m, p["Lt"])
        else:  # constant currents: levels + 0 == levels
            I_inj = levels.reshape(n_sig * m, 1)
        spikes = run_lif(pars, I_inj, trace=False)
        return np.array([s.size > 0 for s in spikes]).reshape(n_sig, m)

    no_bracket = (
        f"find_rheobase found no current between -{limit:.3g} and {limit:.3g} pA at which "
        f"the neuron is silent and another at which it fires within T = {p['T']} ms; check "
        f"the parameters (V_th = {p['V_th']} mV, E_L = {p['E_L']} mV, g_L = {p['g_L']} nS) "
        f"and sig"
    )
    for _ in range(_WIDEN_ROUNDS):  # widen the bracket: silent at lo, firing at hi
        ends = fires(np.stack([lo, hi], axis=1))
        if not ends[:, 0].any() and ends[:, 1].all():
            break
        width = hi - lo
        lo = np.where(ends[:, 0], lo - width, lo)
        hi = np.where(ends[:, 1], hi, hi + width)
        if np.any(np.abs(lo) > limit) or np.any(np.abs(hi) > limit):
            raise ValueError(no_bracket)
    else:
        raise ValueError(no_bracket)
    for _ in range(_NARROW_ROUNDS):
        if np.max(hi - lo) <= tol:
            break
        probes = lo[:, None] + (hi - lo)[:, None] * np.arange(1, points + 1) / (points + 1)
        fired = fires(probes)
        first = np.where(fired.any(axis=1), fired.argmax(axis=1), points)  # first firing probe
        rows = np.arange(sigs.size)
        new_hi = np.where(first < points, probes[rows, np.minimum(first, points - 1)], hi)
        new_lo = np.where(first > 0, probes[rows, np.maximum(first - 1, 0)], lo)
        if np.array_equal(new_lo, lo) and np.array_equal(new_hi, hi):
            break  # float resolution: the bracket cannot shrink any further
        lo, hi = new_lo, new_hi
    return float(hi[0]) if sig_arr.ndim == 0 else hi


def psd(x, dt):
    """One-sided power spectral density of a real signal sampled every dt ms.

    Returns (f, S): frequencies in Hz from 0 to the Nyquist frequency 500/dt, and S in
    (units of x)² / Hz, normalised so that sum(S) * (f[1] - f[0]) equals mean(x²) (Parseval).
    Because x is real its spectrum is symmetric, so the negative frequencies are folded onto
    the positive ones (doubling every bin but 0 Hz and, for even length, the Nyquist bin).
    """
    x = as_float_array("x", x)
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"x must be a 1-D signal of at least 2 samples, got shape {x.shape}")
    dt = check_number("dt", dt, positive=True, unit="ms")
    if x.size > MAX_SAMPLES:
        raise ValueError(f"x has {x.size} samples, more than the {MAX_SAMPLES:.3g} one call takes")
    n = x.size
    dt_s = dt / 1000.0
    with np.errstate(over="ignore", divide="ignore"):
        nyquist = np.float64(0.5) / dt_s
    if not np.isfinite(nyquist) or not np.isfinite(n * dt_s) or n * dt_s == 0:
        raise ValueError(f"dt = {dt!r} ms is too small for frequencies in Hz (the Nyquist "
                         f"frequency 500/dt overflows); give dt in ms, e.g. 0.1")
    X = np.fft.rfft(x)
    with np.errstate(over="ignore", invalid="ignore"):
        S = np.abs(X) ** 2 * dt_s / n
    if not np.all(np.isfinite(S)):
        raise ValueError(f"x is too large for its power to be computed (max |x| = "
                         f"{np.max(np.abs(x)):.3g}; its square overflows); rescale it")
    S[1:(n + 1) // 2] *= 2.0  # bins with a mirror at negative frequency
    f = np.fft.rfftfreq(n, dt_s)
    return f, S

def zero_crossings(x, y):
    """The x where the sampled curve y(x) crosses zero, by linear interpolation between
    neighbouring samples of opposite sign (exact zeros are included). For fixed points of
    dV/dt = F(V)/C: pass the voltage grid and F.

    x: 1-D, finite and strictly increasing; y: finite, of x's shape."""
    x, y = as_float_array("x", x), as_float_array("y", y)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must be a non-empty 1-D grid, got shape {x.shape}")
    if y.shape != x.shape:
        raise ValueError(f"y must have the shape of x, {x.shape}, got {y.shape}")
    if x.size > 1 and not np.all(x[1:] > x[:-1]):
        raise ValueError("x must be strictly increasing (a grid of sample points)")
    exact = x[y == 0.0]
    k = np.nonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0)[0]
    # the fraction of the interval where the line through the two samples crosses zero, from
    # the samples scaled to at most 1 in size (so neither huge nor subnormal values overflow or
    # vanish); they have opposite signs, so y0 - y1 is at least 1 in size
    scale = np.maximum(np.abs(y[k]), np.abs(y[k + 1]))
    y0, y1 = y[k] / scale, y[k + 1] / scale
    frac = y0 / (y0 - y1)
    half_width = 0.5 * x[k + 1] - 0.5 * x[k]
    cross = x[k] + frac * half_width + frac * half_width
    cross = np.clip(cross, x[k], x[k + 1])  # rounding cannot leave the interval
    return np.sort(np.concatenate([exact, cross]))
