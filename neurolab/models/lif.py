"""The leaky integrate-and-fire neuron (LIF).

    tau_m dV/dt = -(V - E_L) + I(t) / g_L         (ms, mV, pA, nS)

When V reaches V_th a spike is recorded, V is reset to V_reset and held there for the
refractory period tref.
"""

import numpy as np

from .._batch import (
    BatchSpikes,
    Chunks,
    Progress,
    describe_run,
    narrow_chunks,
    spike_trains,
    warn_unresolved_isi,
)
from .._checks import as_float_array, as_injected, check_bool, value_range
from .._engine import check_size, engine
from ..params import ParameterSet
from .result import Result

LIF = ParameterSet(
    "LIF",
    dict(V_th=-55.0, V_reset=-75.0, tau_m=10.0, g_L=10.0, V_init=-75.0, E_L=-75.0,
         tref=2.0, T=400.0, dt=0.1, tau_ou=10.0),
    positive=("tau_m", "g_L", "T", "dt", "tau_ou"),
    nonnegative=("tref",),
    relations=[
        (lambda p: p["V_reset"] < p["V_th"],
         "V_reset must be below V_th, got V_reset = {V_reset} mV and V_th = {V_th} mV"),
        (lambda p: p["dt"] <= 0.1 * p["tau_m"],
         "dt must be at most a tenth of tau_m for forward Euler (its relative error on the time "
         "to threshold is about dt/(2 tau_m), 5 % at the bound; at dt = tau_m it fires when the "
         "exact solution never reaches threshold), got dt = {dt} ms and tau_m = {tau_m} ms"),
    ],
    units=dict(V_th="mV", V_reset="mV", tau_m="ms", g_L="nS", V_init="mV", E_L="mV", tref="ms",
               T="ms", dt="ms", tau_ou="ms"),
)


def default_pars(**overrides):
    """Parameters of the leaky integrate-and-fire neuron (LIF), with ``overrides`` applied.

    V_th     -55 mV   spike threshold
    V_reset  -75 mV   reset potential after a spike
    tau_m     10 ms   membrane time constant C/g_L
    g_L       10 nS   leak conductance
    V_init   -75 mV   initial membrane potential
    E_L      -75 mV   leak reversal (resting) potential
    tref       2 ms   absolute refractory period
    T        400 ms   duration of a run
    dt       0.1 ms   time step
    tau_ou    10 ms   correlation time of Ornstein-Uhlenbeck input
    range_t  (ms)     derived time grid 0, dt, ..., < T

    Rules: all finite real numbers; tau_m, g_L, T, dt, tau_ou > 0, tref >= 0;
    V_reset < V_th; dt <= tau_m / 10 (forward Euler's relative error on the time to threshold,
    about dt / (2 tau_m), stays below 5 %); at most 2e7 time steps T/dt.
    An unknown key is a ValueError that lists the valid ones.
    """
    return LIF.make(**overrides)


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


#: Batches of at most this many LIF neurons run one neuron at a time on Python floats: a batch
#: step costs numpy's per-call overhead of its few array operations whatever the width, a
#: Python-float step about 0.15 µs per neuron. Measured (20000 steps, spikes only): 16 neurons
#: 46 ms one at a time, 69 ms as a batch; 32 neurons 94 and 71 ms.
NARROW_BATCH = 16

#: What to do instead when a trace is too large for the memory (for the error message).
TRACE_ALTERNATIVES = ("pass trace=False for the spike times only (memory independent of T), "
                      "or use fewer neurons or a shorter T")


def run_lif(pars, I_inj, stop=False, trace=True, progress=None):
    """Simulate the LIF neuron with forward Euler.

    pars      dict from ``default_pars``.
    I_inj     injected current in pA: a scalar (DC), a trace of shape (Lt,) on
              ``pars['range_t']``, or a batch of shape (n, 1) / (n, Lt) of n independent neurons.
    stop      if True (a bool), the input is on only for the middle 200 ms of the run,
              T/2 - 100 ms <= t < T/2 + 100 ms (zero before and after; with T <= 200 ms that
              is the whole run).
    trace     True: return the voltage trace and the spikes. False: return only the spike times,
              keeping no trace; the run then works through time in chunks and its memory does
              not grow with T. Use it for rates, f-I curves and ISI statistics.
    progress  None (default): a run that takes more than a second shows its progress (a bar
              in a notebook, a line on stderr elsewhere); True: show it at once; False:
              never; or a callable told the fraction done (0 to 1] about 50 times, ending
              with 1.0. An interrupted run (Ctrl-C, the notebook's stop button) stops within
              a chunk of steps and leaves nothing half-done behind.

    Step size: dt <= tau_m / 10 (checked with the parameters): forward Euler's relative error
    on the time to threshold is about dt / (2 tau_m), 5 % at the bound; with dt near tau_m it
    fires where the exact solution never reaches threshold. At strong drive the interspike
    interval, not tau_m, limits the step: a simulated interval is a whole number of steps, so a
    run whose intervals are shorter than 20 steps warns (``neurolab.StepRuleWarning``) that its
    rate may be more than 5 % low, and says which dt resolves them.
    Bounds: the trace (8 bytes per neuron and step) may take at most the share of the memory
    available now that ``neurolab.engine`` allows; a run whose membrane potential would fall
    below -1000 mV (e.g. I = -1e305 pA, or E_L + I/g_L overflowing) is a ValueError, not NaN.

    Returns a ``Result``: ``v`` in mV with shape (Lt,) or (n, Lt) (None with trace=False);
    ``spikes`` the spike times in ms, an array, or a list of n arrays for a batch. A batch
    gives exactly what n single runs give, with or without the trace.

    Each step: if the neuron is refractory, V is held at V_reset; otherwise, if V >= V_th, a
    spike is recorded and V is reset; then V advances by one Euler step,
    V += (V_inf(t) - V) dt / tau_m with V_inf = E_L + I / g_L. The spike time is the time of the
    step at which V was found at or above threshold; the stored trace shows V_reset there.
    """
    return _run_lif(LIF.check(pars), I_inj, check_bool("stop", stop), check_bool("trace", trace),
                    progress, source="the input current I_inj (mean and noise together)")


def _run_lif(p, I_inj, stop, trace, progress, *, source, warn_as="run_lif"):
    """run_lif on parameters already checked (``p`` from ``LIF.check``; stop and trace bools),
    so that a protocol running many batches validates once. ``source`` describes I_inj in the
    errors about its size (fi_curve and find_rheobase name the arguments their currents came
    from); the step-rule warning goes out in the name ``warn_as`` at the caller of the function
    that called this one (None: no warning)."""
    Lt = p["Lt"]
    I, batch = as_injected("I_inj", I_inj, Lt)
    n = I.shape[0] if batch else 1
    progress = Progress(progress, describe_run("run_lif", n, p["T"]))
    if trace:
        check_size(n, Lt, p["T"], p["dt"], what="neurons (the voltage trace)",
                   alternatives=TRACE_ALTERNATIVES)
    window = None
    low = _lowest_voltage(p, I, source)
    if stop:
        T = p["T"]
        t = np.arange(Lt) * p["dt"]
        window = ((t >= T / 2 - 100.0) & (t < T / 2 + 100.0)).astype(float)
        low = min(low, p["E_L"])
    # the bound allows it: look at the run
    run = _Run(p, window, watch_floor=low < V_FLOOR, source=source)
    kernels = engine.kernels()
    with progress:
        if kernels is not None:
            v, spikes = run.compiled(kernels, I, Chunks(Lt - 1, n, progress), trace)
            if not batch:
                v, spikes = (None if v is None else v[0]), spikes[0]
        elif not batch:
            v, spikes = run.single(I, Chunks(Lt - 1, 1, progress), trace)
        elif n > NARROW_BATCH:
            v, spikes = run.batch(I, Chunks(Lt - 1, n, progress), trace)
            spikes = spikes.times(p["dt"])
        else:  # one neuron at a time, progress over the whole batch
            rows = [run.single(I[i], narrow_chunks(Lt - 1, progress, i, n), trace)
                    for i in range(n)]
            v = np.array([r[0] for r in rows]) if trace else None
            spikes = [r[1] for r in rows]
    if warn_as is not None:
        warn_unresolved_isi(spikes, p["dt"], warn_as, stacklevel=4)
    return Result("LIF", p["dt"], v, spikes)


class _Run:
    """One LIF run through its chunks of steps: a neuron on Python floats (`single`) or a batch
    on arrays (`batch`), the same arithmetic in the same order, so both give the same bits."""

    def __init__(self, p, window, watch_floor, source):
        self.p, self.window, self.watch_floor, self.source = p, window, watch_floor, source
        self.k = p["dt"] / p["tau_m"]
        self.nref = refractory_steps(p["tref"], p["dt"])

    def _current(self, I, start, stop):
        """I over steps start ... stop - 1 (its last axis), with the stop window applied."""
        I = I[..., start:stop]
        return I if self.window is None else I * self.window[start:stop]

    def single(self, I, chunks, keep):
        """One neuron, I of shape (Lt,): (v or None, spike times)."""
        p = self.p
        Lt = I.shape[-1]
        v_out = np.empty(Lt) if keep else None
        steps = []
        v, hold = p["V_init"], 0
        for start, stop in chunks:
            v_inf = (self._current(I, start, stop) / p["g_L"] + p["E_L"]).tolist()
            samples, v, hold = _euler_single(v_inf, self.k, v, hold, p["V_th"], p["V_reset"],
                                             self.nref, start, steps)
            if self.watch_floor:
                _check_floor(p, np.array(samples + [v]), self.source)
            if keep:
                v_out[start:stop] = samples
        if keep:
            v_out[Lt - 1] = p["V_reset"] if hold else v  # a hold past the end still holds
        return v_out, np.array(steps, dtype=np.int64) * p["dt"]

    def compiled(self, kernels, I, chunks, keep):
        """n neurons (a 1-D I is one) through the compiled kernel: (v (n, Lt) or None, list
        of spike times)."""
        p = self.p
        I, wide = kernels.contiguous_input(I)
        n, Lt = I.shape[0], self.p["Lt"]
        v = np.full(n, p["V_init"])
        hold = np.zeros(n, dtype=np.int64)
        trace = np.empty((n, Lt) if keep else (1, 1))
        window = np.ones(1) if self.window is None else self.window
        step_buf, neuron_buf = kernels.spike_buffers(n, chunks.longest)
        steps, neurons = [], []
        for start, stop in chunks:
            count, lowest = kernels.lif(I, wide, window, self.window is not None, p["g_L"],
                                        p["E_L"], self.k, p["V_th"], p["V_reset"], self.nref,
                                        v, hold, start, stop, trace, keep, step_buf, neuron_buf)
            if self.watch_floor:
                _check_floor(p, np.array([lowest, *v]), self.source)
            steps.append(step_buf[:count].copy())
            neurons.append(neuron_buf[:count].copy())
        if keep:
            trace[:, Lt - 1] = np.where(hold > 0, p["V_reset"], v)  # a hold past the end holds
        spikes = spike_trains(steps, neurons, n, p["dt"])
        return (trace if keep else None), spikes

    def batch(self, I, chunks, keep):
        """n neurons, I of shape (n, Lt): (v (n, Lt) or None, BatchSpikes)."""
        p = self.p
        n, Lt = I.shape
        # time-major: row it holds every neuron's V at step it, written in one pass
        V = np.empty((Lt if keep else chunks.longest + 1, n))
        V[0] = p["V_init"]
        drive = np.empty((chunks.longest, n))
        spikes = BatchSpikes(n, self.k, self.nref)
        for start, stop in chunks:
            m = stop - start
            d = drive[:m]
            np.divide(self._current(I, start, stop).T, p["g_L"], out=d)
            d += p["E_L"]
            rows = V[start:stop + 1] if keep else V[:m + 1]
            with np.errstate(over="ignore", invalid="ignore"):  # judged with V_FLOOR
                _euler_batch(rows, d, spikes, start, p["V_th"], p["V_reset"])
            if self.watch_floor:
                _check_floor(p, rows, self.source)
            if not keep:
                V[0] = V[m]
        return (V.T if keep else None), spikes


def _lowest_voltage(p, I, source):
    """A lower bound (mV) of the LIF's trace, from the parameters and the range of I: V is
    always a weighted mean of its previous value and V_inf = E_L + I/g_L (k = dt/tau_m <= 1),
    or V_reset. A ValueError if V_inf overflows."""
    lo, hi = value_range(I)
    with np.errstate(over="ignore"):
        v_lo = p["E_L"] + np.float64(lo) / p["g_L"]
        v_hi = p["E_L"] + np.float64(hi) / p["g_L"]
    if not (np.isfinite(v_lo) and np.isfinite(v_hi)):
        raise ValueError(
            f"V_inf = E_L + I/g_L overflows the float range for {source}, from {lo:.3g} to "
            f"{hi:.3g} pA with g_L = {p['g_L']:.3g} nS; use physiological values (tens to "
            f"thousands of pA, g_L of a few nS)"
        )
    return min(p["V_init"], p["V_reset"], float(v_lo))


def _check_floor(p, v, source):
    lowest = float(v.min())
    if not lowest >= V_FLOOR:  # NaN fails too
        raise ValueError(
            f"the membrane potential fell to {lowest:.4g} mV, below {V_FLOOR:g} mV where the LIF "
            f"model means nothing: {source} is so negative that V_inf "
            f"= E_L + I/g_L lies far below it (E_L = {p['E_L']} mV, g_L = {p['g_L']} nS), or "
            f"V_init / V_reset are that low; use a less negative current or weaker noise"
        )


def _euler_single(v_inf, k, v, hold, v_th, v_reset, nref, it0, steps):
    """One neuron on Python floats (numpy's per-call cost would dominate a scalar loop), over
    the steps it0 ... it0 + len(v_inf) - 1, starting from V = v with ``hold`` refractory steps
    left. Appends the spike steps to ``steps``; returns the samples of those steps and the
    state (v, hold) after them."""
    samples = [0.0] * len(v_inf)
    for j, target in enumerate(v_inf):
        if hold:
            v = v_reset
            hold -= 1
        elif v >= v_th:
            steps.append(it0 + j)
            v = v_reset
            hold = nref
        samples[j] = v
        v = v + (target - v) * k
    return samples, v, hold


def _euler_batch(V, drive, spikes, it0, v_th, v_reset):
    """n neurons at once, the same arithmetic as `_euler_single` on each, over the steps
    it0 ... it0 + len(drive) - 1: V (len(drive) + 1 rows, n columns) holds the state at step
    it0 in its first row and gets the following samples; drive is V_inf, time-major. The
    `BatchSpikes` records the spikes and holds refractory neurons at V_reset.
    """
    n = V.shape[1]
    factor = spikes.factor
    hit = np.empty(n, dtype=bool)
    # Constants as 0-d arrays and outputs passed positionally: numpy's per-call cost is most
    # of a step for small batches, and this trims it by about a third (same arithmetic).
    v_th = np.array(v_th)
    ge, count, sub, mul, add = np.greater_equal, np.count_nonzero, np.subtract, np.multiply, np.add
    for it, (v, nxt, d) in enumerate(zip(V[:-1], V[1:], drive), it0):
        spikes.release(it)
        ge(v, v_th, hit)
        if count(hit):
            idx = hit.nonzero()[0]
            v[idx] = v_reset
            spikes.spike(it, idx)
        sub(d, v, nxt)
        mul(nxt, factor, nxt)
        add(nxt, v, nxt)


def lif_rheobase(pars):
    """Smallest constant current (pA) that makes the LIF neuron fire: g_L (V_th - E_L).

    Below it V settles at E_L + I/g_L < V_th and never spikes."""
    p = LIF.check(pars)
    return p["g_L"] * (p["V_th"] - p["E_L"])


def lif_rate(pars, I):
    """Closed-form firing rate (Hz) of the LIF neuron under constant current I (pA).

    For I above the rheobase, V relaxes from V_reset towards V_inf = E_L + I/g_L and the
    interspike interval is  tref + tau_m ln((V_inf - V_reset) / (V_inf - V_th))  (ms);
    at or below the rheobase the rate is 0. I may be a scalar or an array. With tref = 0 the rate
    grows without bound with I; beyond the float range (about 1e308 Hz) it is a ValueError.
    """
    p = LIF.check(pars)
    I = as_float_array("I", I, unit="pA")
    with np.errstate(over="ignore"):
        v_inf = p["E_L"] + I / p["g_L"]
    above = v_inf > p["V_th"]
    # ln(1 + x) with x = (V_th - V_reset) / (V_inf - V_th): no cancellation at strong drive
    # (V_inf -> inf gives x -> 0 and the ISI -> tref).
    x = (p["V_th"] - p["V_reset"]) / np.where(above, v_inf - p["V_th"], 1.0)
    isi = p["tref"] + p["tau_m"] * np.log1p(x)
    with np.errstate(over="ignore", divide="ignore"):
        rate = np.where(above, 1000.0 / np.where(above, isi, 1.0), 0.0)
    if not np.all(np.isfinite(rate)):
        I_bad = float(np.broadcast_to(I, rate.shape)[~np.isfinite(rate)][0])
        raise ValueError(
            f"lif_rate: the rate at I = {I_bad:g} pA with tref = {p['tref']:g} ms exceeds the "
            f"float range (about 1e308 Hz); use a "
            f"physiological current or a refractory period tref > 0"
        )
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
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            mu_v = p["E_L"] + mu[idx] / p["g_L"]
            sigma = sig[idx] / (p["g_L"] * np.sqrt(tau_s))
            y_th = (p["V_th"] - mu_v) / sigma
            y_r = (p["V_reset"] - mu_v) / sigma
            dy = (p["V_th"] - p["V_reset"]) / sigma  # y_th - y_r without cancellation
        if not max(abs(y_th), abs(y_r)) <= _SIEGERT_Y_MAX:  # (NaN too) noise far too weak
            rates[idx] = lif_rate(pars, mu[idx])
            continue
        integral = _siegert_integral(y_th, dy)
        with np.errstate(over="ignore", divide="ignore"):
            rates[idx] = 1.0 / (p["tref"] / 1000.0 + tau_s * integral)
        if not np.isfinite(rates[idx]):
            raise ValueError(
                f"siegert_rate: the rate at mu = {mu[idx]:g} pA, sig = {sig[idx]:g} pA·√s with "
                f"tref = {p['tref']:g} ms exceeds the float range (about 1e308 Hz); use "
                f"physiological values or a refractory period tref > 0"
            )
    return float(rates) if rates.ndim == 0 else rates


#: Beyond this distance of threshold or reset from the mean potential, in units of the noise
#: scale, the noise changes the rate by a relative O(1/y²) = 1e-16 at most: siegert_rate gives
#: lif_rate (and the integral's terms would overflow).
_SIEGERT_Y_MAX = 1e8


def _siegert_integral(y_th, dy, n=4001):
    """sqrt(pi) * integral_{y_r}^{y_th} exp(u²)(1 + erf u) du for y_r = y_th - dy < y_th.

    Integrates g(x) = exp(2 y_th x - x²) (1 - exp(-2 dy x)) / x over x in (0, max(y_th, 0) + 12]
    by Simpson's rule in s = ln x (g x is smooth in s). The log grid resolves both the scale
    1/|y| of weak noise (large |y|) and the peak near x = y_th of strong noise; the sliver
    below the grid's first point adds g(0) x_min with g(0) = 2 dy. dy is passed rather than
    y_r so that a reset very close to threshold (y_r == y_th in floats) still counts."""
    x_min = 1e-7 / max(1.0, abs(y_th), abs(y_th - dy))
    x = np.geomspace(x_min, max(y_th, 0.0) + 12.0, n)
    with np.errstate(over="ignore", invalid="ignore"):
        gx = np.exp(2 * y_th * x - x * x) * -np.expm1(-2 * dy * x)  # g(x) * x
    h = np.log(x[1] / x[0])
    total = h / 3 * (gx[0] + gx[-1] + 4 * gx[1:-1:2].sum() + 2 * gx[2:-1:2].sum())
    total += 2.0 * dy * x_min
    return total if np.isfinite(total) else np.inf
