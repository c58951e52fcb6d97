"""Protocols: experiments that simulate a model over a range of inputs and reduce the runs to
one number each, the LIF's f-I curve (``fi_curve``) and its rheobase (``find_rheobase``), each
run as one batch of neurons. Units: ms, mV, pA, Hz."""

import numpy as np

from ._checks import as_float_array, check_choice, check_number, rng_from
from ._engine import check_size
from .analysis import _isi_rate_of
from .inputs import gwn, noisy_current
from .models.lif import LIF, V_FLOOR, _run_lif, lif_rheobase


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
        raise ValueError(f"I_values must be a non-empty 1-D array of currents (pA), "
                         f"got shape {I.shape}")
    check_choice("method", method, ("isi", "count"))
    p = LIF.check(pars)
    sig = check_number("sig", sig, nonnegative=True, unit="pA·√s")
    rng_from(seed)  # a bad seed is an error even when there is no noise
    if sig > 0:
        I_inj = noisy_current(pars, I, sig, seed, "fi_curve", "I_values and sig")
        source = "the current I_values plus the noise of amplitude sig"
    else:
        I_inj, source = I[:, None], "the current I_values"
    spikes = _run_lif(p, I_inj, stop=False, trace=False, progress=None, source=source,
                      warn_as="fi_curve").spikes
    if method == "count":
        return np.array([s.size for s in spikes]) * 1000.0 / p["T"]
    return np.array([_isi_rate_of(s) for s in spikes])  # the run's trains need no checks


#: find_rheobase: the finest tolerance (pA), and the most rounds of bracket widening and of
#: narrowing. Float spacing near 200 pA is 3e-14 pA, so a tolerance far below 1e-9 pA could
#: never be met (the probes collapse onto the bracket's ends); 1e-9 pA is 1e-11 of a typical
#: rheobase, far finer than any simulation resolves.
RHEOBASE_TOL_MIN = 1e-9
#: More probes per round than this only cost time: a round of 1000 already shrinks the bracket
#: 1001-fold, and its cost grows with the number of probes.
RHEOBASE_POINTS_MAX = 1000
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
    array for array sig (a value repeated in sig is searched once).

    The bracket [I_low, I_high] defaults to [0, 2 * lif_rheobase + 100] pA (moved to start at
    I_low, or to end at I_high, when only that end is given and lies beyond it) and is widened
    (at most 60 times, doubling) until the neuron is silent at I_low and fires at I_high; it is
    never widened below the mean current that holds V_inf = E_L + I/g_L at -500 mV.

    Limits: tol >= 1e-9 pA; points <= 1000; at most 200 rounds of narrowing (the search also
    stops, at float resolution, if the bracket cannot shrink further); with noise, each round's
    input currents (distinct sig values × points neurons × Lt steps) within the memory
    ``neurolab.engine`` allows. A neuron that starts at or above threshold (V_init >= V_th), or
    a run too short to spike (T < 3 dt: the first spike can come at the third sample at the
    earliest), has no rheobase: that is a ValueError saying so.
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
    if points > RHEOBASE_POINTS_MAX:
        raise ValueError(f"points must be at most {RHEOBASE_POINTS_MAX} (more probes per round "
                         f"cost time and narrow the bracket no faster), got points = {points}")
    # equal sig values share the frozen noise and so the answer: search each value once
    sigs, answer_of = np.unique(sig_arr, return_inverse=True)
    noisy = bool(np.any(sigs))
    if noisy:  # each round's input: one noisy current per probe
        check_size(sigs.size * max(points, 2), p["Lt"], p["T"], p["dt"],
                   what=f"probes ({sigs.size} distinct sig values × points = {points})",
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
    # the default bracket [0, 2 * rheobase + 100] pA, moved to lie beyond an end that is given;
    # the probes must keep V_inf = E_L + I/g_L above the LIF's voltage floor
    floor_current = p["g_L"] * (V_FLOOR - p["E_L"])
    width0 = 2 * max(abs(lif_rheobase(pars)), 100.0) + 100.0
    lo0 = None if I_low is None else check_number("I_low", I_low, unit="pA")
    hi0 = None if I_high is None else check_number("I_high", I_high, unit="pA")
    limit = 1e12 * max(1.0, p["g_L"])  # keeps E_L + I/g_L finite, far beyond any rheobase
    for name, value in (("I_low", lo0), ("I_high", hi0)):
        if value is not None and value < floor_current:
            raise ValueError(
                f"{name} must be at least {floor_current:.4g} pA, where V_inf = E_L + I/g_L "
                f"reaches the LIF's floor of {V_FLOOR:g} mV (E_L = {p['E_L']} mV, g_L = "
                f"{p['g_L']} nS), got {name} = {value:.4g} pA")
        if value is not None and value > limit:
            raise ValueError(f"{name} must be at most {limit:.3g} pA (far beyond any rheobase), "
                             f"got {value!r} pA")
    if lo0 is None:
        lo0 = 0.0 if hi0 is None or hi0 > 0.0 else max(hi0 - width0, floor_current)
    if hi0 is None:
        hi0 = max(width0, lo0 + width0)
    elif lo0 >= hi0:
        raise ValueError(f"I_low must be below I_high, got I_low = {lo0} pA, I_high = {hi0} pA")
    with np.errstate(over="ignore", invalid="ignore"):
        noise = sigs[:, None] * gwn(pars, 0.0, 1.0, seed=seed)
    if not np.all(np.isfinite(noise)):
        raise ValueError(f"sig = {sigs.max():.4g} pA·√s is so large that the noise current "
                         f"overflows the float range (about 1e308 pA); use physiological values")
    lo = np.full(sigs.size, lo0)
    hi = np.full(sigs.size, hi0)

    low_end = f"I_low = {lo0:.4g}" if I_low is not None else f"{lo0:.4g} (default)"
    high_end = f"I_high = {hi0:.4g}" if I_high is not None else f"{hi0:.4g} (default)"
    bracket = f"{low_end} to {high_end} pA"
    source = "the probe current" + (" plus the noise of amplitude sig" if noisy else "")

    def fires(levels):
        """levels (n_sig, m) -> bool (n_sig, m): does the neuron spike with that mean input?"""
        n_sig, m = levels.shape
        if noisy:
            I_inj = (levels[:, :, None] + noise[:, None, :]).reshape(n_sig * m, p["Lt"])
        else:  # constant currents: levels + 0 == levels
            I_inj = levels.reshape(n_sig * m, 1)
        try:
            spikes = _run_lif(p, I_inj, stop=False, trace=False, progress=False,
                              source=source, warn_as=None).spikes  # spike or not matters
        except ValueError as exc:  # say which probe failed, and where it came from
            raise ValueError(
                f"find_rheobase: the run probing mean currents {levels.min():.4g} to "
                f"{levels.max():.4g} pA (from the bracket {bracket}, widened or narrowed; sig "
                f"up to {sigs.max():.4g} pA·√s) failed: {exc}") from exc
        return np.array([s.size > 0 for s in spikes]).reshape(n_sig, m)

    # the probes' range: V_inf = E_L + I/g_L down to half the LIF's voltage floor, up to twice
    # the largest bracket end accepted
    lowest, highest = min(lo0, p["g_L"] * (V_FLOOR / 2 - p["E_L"])), max(hi0, 2 * limit)
    no_bracket = (
        f"find_rheobase found no current between {lowest:.4g} and {highest:.3g} pA at which the "
        f"neuron is silent and another at which it fires within T = {p['T']} ms; check the "
        f"parameters (V_th = {p['V_th']} mV, E_L = {p['E_L']} mV, g_L = {p['g_L']} nS) and sig"
    )
    for _ in range(_WIDEN_ROUNDS):  # widen the bracket: silent at lo, firing at hi
        ends = fires(np.stack([lo, hi], axis=1))
        if not ends[:, 0].any() and ends[:, 1].all():
            break
        if np.any(ends[:, 0] & (lo <= lowest)) or np.any(~ends[:, 1] & (hi >= highest)):
            raise ValueError(no_bracket)
        width = hi - lo
        lo = np.where(ends[:, 0], np.maximum(lo - width, lowest), lo)
        hi = np.where(ends[:, 1], hi, np.minimum(hi + width, highest))
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
    return float(hi[0]) if sig_arr.ndim == 0 else hi[answer_of.reshape(sig_arr.shape)]
