"""Analyses of spike trains and signals: counts, rates, ISI and CV, f-I curves, rheobase
search, power spectra. Spike trains are arrays of spike times in ms, or lists of them (batches)."""

import numpy as np

from ._checks import as_float_array, check_number
from .inputs import gwn
from .lif import lif_rheobase, run_lif
from .params import LIF


def _is_batch(spikes):
    """A list/tuple of spike trains (not a plain list of numbers)."""
    return isinstance(spikes, (list, tuple)) and any(np.ndim(s) == 1 for s in spikes)


def _train(spike_times):
    arr = as_float_array("spike_times", spike_times)
    if arr.ndim != 1:
        raise ValueError(f"spike_times must be 1-D (times in ms), got shape {arr.shape}")
    return arr


def spike_count(spikes):
    """Number of spikes: an int, or an int array for a batch (list of trains)."""
    if _is_batch(spikes):
        return np.array([_train(s).size for s in spikes])
    return _train(spikes).size


def spike_rate(spikes, T):
    """Mean firing rate in Hz: spike count / duration T (ms). Array for a batch."""
    T = check_number("T", T, positive=True)
    return spike_count(spikes) * 1000.0 / T


def isi_cv(spike_times):
    """Interspike intervals (ms) and their coefficient of variation CV = std(ISI) / mean(ISI).

    A regular train has CV 0, a Poisson train CV close to 1. With fewer than two spikes there
    is no interval: isi is empty and cv is NaN. For a batch (a list of trains) the result is
    (list of isi arrays, array of cv).
    """
    if _is_batch(spike_times):
        pairs = [isi_cv(s) for s in spike_times]
        return [p[0] for p in pairs], np.array([p[1] for p in pairs])
    isi = np.diff(_train(spike_times))
    cv = float(np.std(isi) / np.mean(isi)) if isi.size else float("nan")
    return isi, cv


def isi_rate(spikes):
    """Steady firing rate in Hz from the mean interspike interval, 1000 / mean(ISI);
    0 with fewer than two spikes (no sustained firing). Array for a batch."""
    if _is_batch(spikes):
        return np.array([isi_rate(s) for s in spikes])
    isi = np.diff(_train(spikes))
    return 1000.0 / isi.mean() if isi.size else 0.0


def fi_curve(pars, I_values, sig=0.0, seed=None, method="isi"):
    """Firing rate (Hz) of the LIF neuron for each mean current in I_values (pA), simulated as
    one batch of neurons.

    sig     white-noise amplitude in pA·√s (see ``gwn``); 0 gives constant (DC) input. With
            noise, each current gets its own independent noise trace from ``seed``.
    method  'isi': 1000 / mean interspike interval, the steady rate (matches ``lif_rate`` for
            DC input; 0 with fewer than two spikes); 'count': spike count / T.
    """
    I = as_float_array("I_values", I_values)
    if I.ndim != 1 or I.size == 0:
        raise ValueError(f"I_values must be a non-empty 1-D array of currents (pA), got shape {I.shape}")
    if method not in ("isi", "count"):
        raise ValueError(f"method must be 'isi' or 'count', got {method!r}")
    p = LIF.check(pars)
    sig = check_number("sig", sig, nonnegative=True)
    I_inj = gwn(pars, I, sig, seed=seed) if sig > 0 else I[:, None]
    _, spikes = run_lif(pars, I_inj)
    return isi_rate(spikes) if method == "isi" else spike_rate(spikes, p["T"])


def find_rheobase(pars, sig=0.0, seed=None, I_low=None, I_high=None, tol=0.01, points=15):
    """Smallest mean current (pA) that makes the LIF neuron spike at least once in T, to within
    ``tol`` pA, by bisection generalised to ``points`` probes per round, all simulated as one
    batch (each round shrinks the bracket by points + 1).

    sig may be a scalar or a 1-D array of white-noise amplitudes (pA·√s). The noise is frozen:
    one trace from ``seed``, scaled by each sig (common random numbers, so a curve over sig shows
    the effect of sig, not of different draws) and shifted by the mean current being probed. The
    answer is the minimum mean input needed to spike with that noise. Returns a float, or an
    array for array sig.

    The bracket [I_low, I_high] defaults to [0, 2 * lif_rheobase + 100] and is widened until the
    neuron is silent at I_low and fires at I_high.
    """
    p = LIF.check(pars)
    sig_arr = as_float_array("sig", sig)
    if sig_arr.ndim > 1 or np.any(sig_arr < 0):
        raise ValueError(f"sig must be a scalar or a 1-D array of values >= 0, got {sig!r:.80}")
    tol = check_number("tol", tol, positive=True)
    points = check_number("points", points, positive=True, integer=True)
    sigs = np.atleast_1d(sig_arr)
    noise = sigs[:, None] * gwn(pars, 0.0, 1.0, seed=seed)
    span = max(abs(lif_rheobase(pars)), 100.0)
    lo = np.full(sigs.size, 0.0 if I_low is None else check_number("I_low", I_low))
    hi = np.full(sigs.size, 2 * span + 100.0 if I_high is None else check_number("I_high", I_high))
    if np.any(lo >= hi):
        raise ValueError(f"I_low must be below I_high, got I_low = {lo[0]} pA, I_high = {hi[0]} pA")

    def fires(levels):
        """levels (n_sig, m) -> bool (n_sig, m): does the neuron spike with that mean input?"""
        n_sig, m = levels.shape
        I_inj = (levels[:, :, None] + noise[:, None, :]).reshape(n_sig * m, p["Lt"])
        _, spikes = run_lif(pars, I_inj)
        return (spike_count(spikes) > 0).reshape(n_sig, m)

    for _ in range(60):  # widen the bracket: silent at lo, firing at hi
        ends = fires(np.stack([lo, hi], axis=1))
        if not ends[:, 0].any() and ends[:, 1].all():
            break
        width = hi - lo
        lo = np.where(ends[:, 0], lo - width, lo)
        hi = np.where(ends[:, 1], hi, hi + width)
    else:
        raise RuntimeError("find_rheobase could not bracket the rheobase; pass I_low and I_high")
    while np.max(hi - lo) > tol:
        probes = lo[:, None] + (hi - lo)[:, None] * np.arange(1, points + 1) / (points + 1)
        fired = fires(probes)
        first = np.where(fired.any(axis=1), fired.argmax(axis=1), points)  # first firing probe
        rows = np.arange(sigs.size)
        new_hi = np.where(first < points, probes[rows, np.minimum(first, points - 1)], hi)
        new_lo = np.where(first > 0, probes[rows, np.maximum(first - 1, 0)], lo)
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
    dt = check_number("dt", dt, positive=True)
    n = x.size
    dt_s = dt / 1000.0
    X = np.fft.rfft(x)
    S = np.abs(X) ** 2 * dt_s / n
    S[1:(n + 1) // 2] *= 2.0  # bins with a mirror at negative frequency
    f = np.fft.rfftfreq(n, dt_s)
    return f, S

def zero_crossings(x, y):
    """The x where the sampled curve y(x) crosses zero, by linear interpolation between
    neighbouring samples of opposite sign (exact zeros are included). For fixed points of
    dV/dt = F(V)/C: pass the voltage grid and F."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    exact = x[y == 0.0]
    k = np.nonzero(y[:-1] * y[1:] < 0)[0]
    cross = x[k] - y[k] * (x[k + 1] - x[k]) / (y[k + 1] - y[k])
    return np.sort(np.concatenate([exact, cross]))
