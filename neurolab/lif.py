"""The leaky integrate-and-fire neuron (LIF).

    tau_m dV/dt = -(V - E_L) + I(t) / g_L         (ms, mV, pA, nS)

When V reaches V_th a spike is recorded, V is reset to V_reset and held there for the
refractory period tref.
"""

import numpy as np

from ._batch import BatchSpikes
from ._checks import as_float_array, as_injected, check_bool, value_range
from .inputs import step_current
from .params import LIF

#: The LIF's membrane potential must stay above this (mV). Its trace lies between
#: min(V_init, V_reset, E_L + I/g_L) and V_th, so only a strongly negative current (or E_L,
#: V_init or V_reset set that low) drives it here: a real membrane breaks down long before.
V_FLOOR = -1000.0


def refractory_steps(tref, dt):
    """tref in whole time steps. round(), because tref/dt in floating point lands next to the
    whole number: a float countdown holds the voltage one step too long when it lands above
    (0.07 / 0.01 = 7.000000000000001 would hold 8 steps), and int() one too few when it lands
    below (0.7 / 0.1 = 6.999999999999999 would give 6)."""
    return int(round(tref / dt))


def run_lif(pars, I_inj, stop=False):
    """Simulate the LIF neuron with forward Euler.

    pars   dict from ``default_pars``.
    I_inj  injected current in pA: a scalar (DC), a trace of shape (Lt,) on ``pars['range_t']``,
           or a batch of shape (n, 1) / (n, Lt) of n independent neurons simulated in one
           vectorized pass.
    stop   if True (a bool), the input is on only for the middle 200 ms of the run,
           T/2 - 100 ms <= t < T/2 + 100 ms (zero before and after).

    Step size: dt <= tau_m / 10 (checked with the parameters): forward Euler's relative error
    on the time to threshold is about dt / (2 tau_m), 5 % at the bound; with dt near tau_m it
    fires where the exact solution never reaches threshold.
    Bounds: at most 2e7 samples n × Lt per call; a run whose membrane potential would fall
    below -1000 mV (e.g. I = -1e305 pA, or E_L + I/g_L overflowing) is a ValueError, not NaN.

    Returns ``(v, spikes)``: v in mV with shape (Lt,) or (n, Lt); spikes the spike times in ms,
    an array, or a list of n arrays for a batch. A batch gives exactly what n single runs give.

    Each step: if the neuron is refractory, V is held at V_reset; otherwise, if V >= V_th, a
    spike is recorded and V is reset; then V advances by one Euler step,
    V += (V_inf(t) - V) dt / tau_m with V_inf = E_L + I / g_L. The spike time is the time of the
    step at which V was found at or above threshold; the stored trace shows V_reset there.
    """
    p = LIF.check(pars)
    stop = check_bool("stop", stop)
    I, batch = as_injected("I_inj", I_inj, p["Lt"], T=p["T"], dt=p["dt"])
    low = _lowest_voltage(p, I)
    if stop:
        T = p["T"]
        I = I * step_current(pars, 1.0, t_on=T / 2 - 100.0, t_off=T / 2 + 100.0)
    k = p["dt"] / p["tau_m"]
    nref = refractory_steps(p["tref"], p["dt"])
    if batch:
        v_inf = np.empty(I.shape[::-1])  # time-major (Lt, n), written in one pass
        np.divide(I.T, p["g_L"], out=v_inf)
        v_inf += p["E_L"]
        with np.errstate(over="ignore", invalid="ignore"):  # judged below, with V_FLOOR
            v, spikes = _euler_batch(v_inf, k, p["V_init"], p["V_th"], p["V_reset"], nref)
        result = v, spikes.times(p["dt"])
    else:
        v_inf = I / p["g_L"] + p["E_L"]
        v, steps = _euler_single(v_inf.tolist(), k, p["V_init"], p["V_th"], p["V_reset"], nref)
        result = np.array(v), np.array(steps, dtype=np.int64) * p["dt"]
    if low < V_FLOOR:  # the bound allows it: look at what the run actually did
        _check_floor(p, result[0], "the membrane potential")
    return result


def _lowest_voltage(p, I):
    """A lower bound (mV) of the LIF's trace, from the parameters and the range of I: V is
    always a weighted mean of its previous value and V_inf = E_L + I/g_L (k = dt/tau_m <= 1),
    or V_reset. A ValueError if V_inf overflows."""
    lo, hi = value_range(I)
    with np.errstate(over="ignore"):
        v_lo = p["E_L"] + np.float64(lo) / p["g_L"]
        v_hi = p["E_L"] + np.float64(hi) / p["g_L"]
    if not (np.isfinite(v_lo) and np.isfinite(v_hi)):
        raise ValueError(
            f"I_inj / g_L overflows: I_inj from {lo:.3g} to {hi:.3g} pA with g_L = {p['g_L']:.3g} "
            f"nS gives V_inf = E_L + I/g_L beyond the float range; use physiological values "
            f"(tens to thousands of pA, g_L of a few nS)"
        )
    return min(p["V_init"], p["V_reset"], float(v_lo))


def _check_floor(p, v, what):
    lowest = float(v.min())
    if not lowest >= V_FLOOR:  # NaN fails too
        raise ValueError(
            f"{what} fell to {lowest:.4g} mV, below {V_FLOOR:g} mV where the LIF model means "
            f"nothing: V_inf = E_L + I_inj/g_L is far too negative (E_L = {p['E_L']} mV, "
            f"g_L = {p['g_L']} nS) or V_init / V_reset are; use a smaller negative current"
        )


def _euler_single(v_inf, k, v0, v_th, v_reset, nref):
    """One neuron on Python floats: numpy's per-call cost would dominate a scalar loop."""
    Lt = len(v_inf)
    trace = [0.0] * Lt
    steps = []
    v = v0
    hold = 0
    for it in range(Lt - 1):
        if hold:
            v = v_reset
            hold -= 1
        elif v >= v_th:
            steps.append(it)
            v = v_reset
            hold = nref
        trace[it] = v
        v = v + (v_inf[it] - v) * k
    trace[Lt - 1] = v_reset if hold else v  # a hold that runs past the end still holds
    return trace, steps


def _euler_batch(drive, k, v0, v_th, v_reset, nref):
    """n neurons at once, the same arithmetic as `_euler_single` on each; drive is V_inf,
    time-major (Lt, n). Returns the trace (n, Lt) and the `BatchSpikes`, which also holds the
    refractory neurons at V_reset. The trace is filled row by row (each row contiguous).
    """
    Lt, n = drive.shape
    trace = np.empty((Lt, n))
    trace[0] = v0
    spikes = BatchSpikes(n, k, nref)
    factor = spikes.factor
    hit = np.empty(n, dtype=bool)
    # Constants as 0-d arrays and outputs passed positionally: numpy's per-call cost is most
    # of a step for small batches, and this trims it by about a third (same arithmetic).
    v_th = np.array(v_th)
    ge, count, sub, mul, add = np.greater_equal, np.count_nonzero, np.subtract, np.multiply, np.add
    for it, (v, nxt, d) in enumerate(zip(trace[:-1], trace[1:], drive)):
        spikes.release(it)
        ge(v, v_th, hit)
        if count(hit):
            idx = hit.nonzero()[0]
            v[idx] = v_reset
            spikes.spike(it, idx)
        sub(d, v, nxt)
        mul(nxt, factor, nxt)
        add(nxt, v, nxt)
    return trace.T, spikes


def lif_rheobase(pars):
    """Smallest constant current (pA) that makes the LIF neuron fire: g_L (V_th - E_L).

    Below it V settles at E_L + I/g_L < V_th and never spikes."""
    p = LIF.check(pars)
    return p["g_L"] * (p["V_th"] - p["E_L"])


def lif_rate(pars, I):
    """Closed-form firing rate (Hz) of the LIF neuron under constant current I (pA).

    For I above the rheobase, V relaxes from V_reset towards V_inf = E_L + I/g_L and the
    interspike interval is  tref + tau_m ln((V_inf - V_reset) / (V_inf - V_th))  (ms);
    at or below the rheobase the rate is 0. I may be a scalar or an array.
    """
    p = LIF.check(pars)
    I = as_float_array("I", I, unit="pA")
    with np.errstate(over="ignore"):
        v_inf = p["E_L"] + I / p["g_L"]
    above = v_inf > p["V_th"]
    ratio = np.where(above, (v_inf - p["V_reset"]) / np.where(above, v_inf - p["V_th"], 1.0), 1.0)
    isi = p["tref"] + p["tau_m"] * np.log(ratio)
    rate = np.where(above, 1000.0 / np.where(above, isi, 1.0), 0.0)
    return float(rate) if rate.ndim == 0 else rate


#: Most (mu, sig) pairs one siegert_rate call evaluates (each is a 4001-point integral).
SIEGERT_MAX = 10_000


def siegert_rate(pars, mu, sig):
    """Mean firing rate (Hz) of the LIF neuron driven by white noise, from the Siegert
    (Ricciardi) first-passage-time formula.

    Input I(t) = mu + sig xi(t): mean mu in pA, amplitude sig in pA·√s (as ``gwn``). The membrane
    potential then has mean mu_V = E_L + mu/g_L and fluctuations of scale
    sigma = sig / (g_L sqrt(tau_m in s)) (mV; the free membrane's std is sigma/√2), and

        1/rate = tref + tau_m sqrt(pi) * integral_{y_r}^{y_th} exp(u²) (1 + erf u) du,
        y_th = (V_th - mu_V)/sigma,  y_r = (V_reset - mu_V)/sigma.

    The integral is evaluated as  integral_0^inf exp(-x²) (exp(2 y_th x) - exp(2 y_r x)) / x dx,
    which equals sqrt(pi) times it and needs no error function (numpy only). sig = 0 gives
    ``lif_rate``. mu and sig may be scalars or arrays (broadcast together).
    """
    p = LIF.check(pars)
    mu = as_float_array("mu", mu, unit="pA")
    sig = as_float_array("sig", sig, unit="pA·√s")
    if np.any(sig < 0):
        raise ValueError(f"sig must be >= 0 pA·√s, got {float(sig[sig < 0].ravel()[0])!r}")
    try:
        mu, sig = np.broadcast_arrays(mu, sig)
    except ValueError:
        raise ValueError(f"mu and sig must have shapes that broadcast together, got "
                         f"{mu.shape} and {sig.shape}") from None
    if mu.size > SIEGERT_MAX:
        raise ValueError(f"siegert_rate evaluates one integral per (mu, sig) pair; at most "
                         f"{SIEGERT_MAX:g} pairs per call (about 2 s), got {mu.size}")
    tau_s = p["tau_m"] / 1000.0
    rates = np.empty(mu.shape)
    for idx in np.ndindex(mu.shape):
        if sig[idx] == 0:
            rates[idx] = lif_rate(pars, mu[idx])
            continue
        mu_v = p["E_L"] + mu[idx] / p["g_L"]
        sigma = sig[idx] / (p["g_L"] * np.sqrt(tau_s))
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            y_th = (p["V_th"] - mu_v) / sigma
            y_r = (p["V_reset"] - mu_v) / sigma
        if not (np.isfinite(y_th) and np.isfinite(y_r)):  # noise below float resolution
            rates[idx] = lif_rate(pars, mu[idx])
            continue
        integral = _siegert_integral(y_th, y_r)
        rates[idx] = 1.0 / (p["tref"] / 1000.0 + tau_s * integral)
    return float(rates) if rates.ndim == 0 else rates


def _siegert_integral(y_th, y_r, n=4001):
    """sqrt(pi) * integral_{y_r}^{y_th} exp(u²)(1 + erf u) du for y_r < y_th.

    Integrates g(x) = exp(2 y_th x - x²) (1 - exp(-2 (y_th - y_r) x)) / x over x in (0, max(y_th, 0) + 12]
    by Simpson's rule in s = ln x (g x is smooth in s). The log grid resolves both the scale
    1/|y| of weak noise (large |y|) and the peak near x = y_th of strong noise; the sliver
    below the grid's first point adds g(0) x_min with g(0) = 2 (y_th - y_r)."""
    x_min = 1e-7 / max(1.0, abs(y_th), abs(y_r))
    x = np.geomspace(x_min, max(y_th, 0.0) + 12.0, n)
    with np.errstate(over="ignore", invalid="ignore"):
        gx = np.exp(2 * y_th * x - x * x) * -np.expm1(-2 * (y_th - y_r) * x)  # g(x) * x
    h = np.log(x[1] / x[0])
    total = h / 3 * (gx[0] + gx[-1] + 4 * gx[1:-1:2].sum() + 2 * gx[2:-1:2].sum())
    total += 2.0 * (y_th - y_r) * x_min
    return total if np.isfinite(total) else np.inf
