"""Analyses of spike trains and signals: counts, rates, ISI and CV, power spectra, zero
crossings. They take arrays and run no simulation (``protocols`` does). Spike trains are arrays
of spike times in ms, or lists of them (batches).

Every analysis checks its spike trains: each train (each neuron's, for a batch) must be 1-D,
finite and strictly increasing (a neuron cannot spike twice at the same time, and unsorted
times would give negative intervals); anything else is a ValueError or TypeError naming it."""

import numpy as np

from ._checks import (
    MAX_SAMPLES,
    as_float_array,
    check_number,
    spike_train,
)


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
    if not np.isfinite(nyquist):
        raise ValueError(f"dt = {dt!r} ms is too small for frequencies in Hz (the Nyquist "
                         f"frequency 500/dt overflows); give dt in ms, e.g. 0.1")
    if not np.isfinite(n * dt_s):
        raise ValueError(f"dt = {dt!r} ms is too large: the signal's duration n * dt overflows "
                         f"the float range; give dt in ms, e.g. 0.1")
    X = np.fft.rfft(x)
    with np.errstate(over="ignore", invalid="ignore"):
        power = np.abs(X) ** 2 / n
        S = power * dt_s
        S[1:(n + 1) // 2] *= 2.0  # bins with a mirror at negative frequency
    if not np.all(np.isfinite(power)):
        raise ValueError(f"x is too large for its power to be computed (max |x| = "
                         f"{np.max(np.abs(x)):.3g}; its square overflows); rescale it")
    if not np.all(np.isfinite(S)):
        raise ValueError(f"dt = {dt!r} ms is too large: the power times dt overflows the float "
                         f"range; give dt in ms, e.g. 0.1")
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
