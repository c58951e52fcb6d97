"""The Hodgkin-Huxley model of the squid giant axon (1952), in the modern convention (rest at
about -65 mV, depolarisation positive).

    C dV/dt = I_inj - g_Na (V - E_Na) - g_K (V - E_K) - g_L (V - E_L)
    g_Na = gbar_Na m^3 h,   g_K = gbar_K n^4   (gbar: the maximal conductances, mS/cm²)
    dx/dt = alpha_x(V) (1 - x) - beta_x(V) x        for each gate x in n, m, h

Units: V in mV, t in ms, currents in µA/cm², conductances in mS/cm², C in µF/cm²,
rates alpha/beta in 1/ms, gates n, m, h dimensionless in [0, 1].

The rate functions (1/ms, V in mV; temperature 6.3 °C, so no temperature factor):

    alpha_n = 0.01 (V + 55) / (1 - exp(-(V + 55)/10))    beta_n = 0.125 exp(-(V + 65)/80)
    alpha_m = 0.1  (V + 40) / (1 - exp(-(V + 40)/10))    beta_m = 4 exp(-(V + 65)/18)
    alpha_h = 0.07 exp(-(V + 65)/20)                      beta_h = 1 / (1 + exp(-(V + 35)/10))

alpha_n and alpha_m have the form c x / (1 - exp(-x)), 0/0 at x = 0 (V = -55 and -40 mV). The
singularity is removable: x / (1 - e^-x) -> 1. It is computed as y / expm1(y) with y = -x,
which is accurate right next to x = 0 (no cancellation in 1 - e^-x), and x = 0 itself gives
the limit, so both functions are finite and continuous everywhere.
"""

import math

import numpy as np

from .._batch import Chunks, Progress, describe_run, narrow_chunks, spike_trains
from .._checks import as_float_array, as_injected, check_bool, check_number
from .._engine import check_size, engine
from ..params import ParameterSet
from .lif import TRACE_ALTERNATIVES
from .result import Result

#: Spike detection level (mV): a spike is an upward crossing of this voltage. Chosen low
#: because strong input makes small spikes. Measured with run_hh (dt = 0.01 ms, the last 100 ms
#: of 300 ms steps), the peaks of periodic firing fall from about +30 mV near onset to +7.2 mV
#: at 50 µA/cm², +1.4 at 60, -1.5 at 65, -20.2 at 100, -28.6 at 120, -35.2 at 140, -38.7 at 150
#: and -39.7 at 152; the oscillation stops between 152 and 153 µA/cm² (depolarisation block,
#: V settling near -41 to -43 mV). A level of 0 mV misses all firing above ~62 µA/cm², -20 mV
#: all above ~99; -40 mV counts it up to the block. Non-spikes stay well below -40 mV: rest is
#: -65 to -59.6 mV for 0-10 µA/cm², a 1 ms pulse 0.1 % too weak to fire peaks at -56 mV, and V
#: between spikes near onset stays below -53 mV. Past the block (153 to ~300 µA/cm²) V rings
#: about a level just below or above -40 mV after the first spike, and the first few ringing
#: peaks above -40 mV are counted (4 crossings at 200 µA/cm²): they are the small, dying spikes
#: of the block. Pass ``threshold=0.0`` to count full-size spikes only.
HH_SPIKE_THRESHOLD = -40.0

#: |V| beyond this (mV) means the input drove the model far outside where it means anything
#: (the squid membrane breaks down long before; V_init has the same bound): the run is a
#: ValueError. Measured with run_hh (100 ms steps): V stays within -65 ... +61 mV up to
#: I = 500 µA/cm², reaches +141 mV at 2000 and +269 mV at 5000 µA/cm² (2678 mV at 1e5); a
#: hyperpolarising -30 µA/cm² gives -154 mV, -50 gives -221 mV.
_V_LIMIT = 200.0

#: Largest time step (ms). Exponential Euler is first-order: measured against a dt = 0.0025 ms
#: reference over 200 ms steps of 3 to 140 µA/cm², its firing periods are too long by at most
#: 0.6 % at dt = 0.01 ms, 2.0 % at 0.025, 4.1 % at 0.05, 8 % at 0.1 and 18 % at 0.2 ms, and
#: the spike counts differ by at most one (0.025 ms) but by 1-3 at 0.1 ms and 1-5 at 0.2 ms
#: (0.5 ms: 11 spikes instead of 14 at 10 µA/cm²; 2 ms: 1). At 0.025 ms the periods are within
#: 2 %, as close as the LIF's dt <= tau_m/10 rule keeps its interspike intervals.
HH_DT_MAX = 0.025

#: Most time steps Lt one Hodgkin-Huxley run may have (half of MAX_SAMPLES: a step costs more).
#: How many neurons a run may have is set by the memory available (neurolab.engine).
HH_MAX_SAMPLES = 10_000_000

HH = ParameterSet(
    "HH",
    dict(C=1.0, gbar_Na=120.0, gbar_K=36.0, g_L=0.3, E_Na=50.0, E_K=-77.0, E_L=-54.387,
         V_init=-65.0, T=100.0, dt=0.01),
    positive=("C", "T", "dt"),
    nonnegative=("gbar_Na", "gbar_K", "g_L"),
    relations=[
        (lambda p: -_V_LIMIT <= p["V_init"] <= _V_LIMIT,
         "V_init must be between -200 and 200 mV, got V_init = {V_init} mV"),
        (lambda p: p["dt"] <= HH_DT_MAX,
         f"dt must be at most {HH_DT_MAX} ms for the Hodgkin-Huxley model (exponential Euler's "
         f"firing periods are then within 2 % of the exact ones; at 0.1 ms they are 8 % too long "
         f"and spikes are lost), got dt = {{dt}} ms"),
    ],
    units=dict(C="µF/cm²", gbar_Na="mS/cm²", gbar_K="mS/cm²", g_L="mS/cm²", E_Na="mV", E_K="mV",
               E_L="mV", V_init="mV", T="ms", dt="ms"),
    max_samples=HH_MAX_SAMPLES,
    renamed=dict(gNa="gbar_Na", gK="gbar_K", gL="g_L", ENa="E_Na", EK="E_K", EL="E_L"),
)


def hh_pars(**overrides):
    """Parameters of the Hodgkin-Huxley squid-axon model, with ``overrides`` applied.

    C       1       µF/cm²  membrane capacitance
    gbar_Na 120     mS/cm²  maximal sodium conductance (ḡ_Na)
    gbar_K  36      mS/cm²  maximal potassium conductance (ḡ_K)
    g_L     0.3     mS/cm²  leak conductance
    E_Na    50      mV      sodium reversal potential
    E_K     -77     mV      potassium reversal potential
    E_L     -54.387 mV      leak reversal (chosen so that the resting potential is -65 mV)
    V_init  -65     mV      initial membrane potential (-200 to 200 mV); the gates n, m, h
                            start at their steady state at V_init
    T       100     ms      duration of a run
    dt      0.01    ms      time step, at most 0.025 ms (``HH_DT_MAX``: firing periods within
                            2 % of the exact ones; see its comment for the measurements)
    range_t (ms)            derived time grid 0, dt, ..., < T; at most 1e7 steps

    An unknown key is a ValueError that lists the valid ones.
    """
    return HH.make(**overrides)


# --- rate functions -----------------------------------------------------------------------

def _x_over_1mexp(y):
    """x / (1 - exp(-x)) for x = -y, computed as y / expm1(y), with its limit 1 at y = 0."""
    d = np.expm1(y)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = y / d
    return np.where(y == 0, 1.0, r)


#: The rate functions accept |v| up to this (mV): they are fits to data between about -100
#: and +50 mV, and overflow below about -7100 mV.
_V_RATES = 1000.0


def _voltage(v):
    v = as_float_array("v", v, unit="mV")
    if np.any(np.abs(v) > _V_RATES):
        raise ValueError(f"v must be between -{_V_RATES:g} and {_V_RATES:g} mV, got "
                         f"{float(v[np.abs(v) > _V_RATES].ravel()[0])!r} mV")
    return v


def _out(a):
    return float(a) if np.ndim(a) == 0 else a


def alpha_n(v):
    """Opening rate of the potassium activation gate n (1/ms) at V = v (mV):
    0.01 (v + 55) / (1 - exp(-(v + 55)/10)); 0.1 at v = -55 mV (the limit)."""
    v = _voltage(v)
    return _out(0.1 * _x_over_1mexp((v + 55.0) / -10.0))


def beta_n(v):
    """Closing rate of n (1/ms): 0.125 exp(-(v + 65)/80)."""
    v = _voltage(v)
    return _out(0.125 * np.exp((v + 65.0) / -80.0))


def alpha_m(v):
    """Opening rate of the sodium activation gate m (1/ms) at V = v (mV):
    0.1 (v + 40) / (1 - exp(-(v + 40)/10)); 1 at v = -40 mV (the limit)."""
    v = _voltage(v)
    return _out(_x_over_1mexp((v + 40.0) / -10.0))


def beta_m(v):
    """Closing rate of m (1/ms): 4 exp(-(v + 65)/18)."""
    v = _voltage(v)
    return _out(4.0 * np.exp((v + 65.0) / -18.0))


def alpha_h(v):
    """Rate (1/ms) at which the sodium inactivation gate h recovers: 0.07 exp(-(v + 65)/20)."""
    v = _voltage(v)
    return _out(0.07 * np.exp((v + 65.0) / -20.0))


def beta_h(v):
    """Rate (1/ms) at which h inactivates: 1 / (1 + exp(-(v + 35)/10))."""
    v = _voltage(v)
    return _out(1.0 / (np.exp((v + 35.0) / -10.0) + 1.0))


def hh_steady_state(v):
    """Steady-state gate values at V = v (mV): ``(n_inf, m_inf, h_inf)``, each
    x_inf = alpha_x / (alpha_x + beta_x), in [0, 1]. v may be a scalar or an array.

    At -65 mV: n_inf = 0.3177, m_inf = 0.0529, h_inf = 0.5961."""
    v = _voltage(v)
    pairs = ((alpha_n(v), beta_n(v)), (alpha_m(v), beta_m(v)), (alpha_h(v), beta_h(v)))
    return tuple(_out(a / (a + b)) for a, b in pairs)


def hh_time_constants(v):
    """Time constants of the gates at V = v (mV) in ms: ``(tau_n, tau_m, tau_h)``, each
    tau_x = 1 / (alpha_x + beta_x). With V held at v, gate x relaxes to x_inf as
    exp(-t / tau_x). v may be a scalar or an array."""
    v = _voltage(v)
    pairs = ((alpha_n(v), beta_n(v)), (alpha_m(v), beta_m(v)), (alpha_h(v), beta_h(v)))
    return tuple(_out(1.0 / (a + b)) for a, b in pairs)


# --- simulation ---------------------------------------------------------------------------

def run_hh(pars, I_inj, threshold=HH_SPIKE_THRESHOLD, trace=True, progress=None):
    """Simulate the Hodgkin-Huxley model with the exponential Euler method.

    pars       dict from ``hh_pars``.
    I_inj      injected current in µA/cm²: a scalar (DC), a trace of shape (Lt,) on
               ``pars['range_t']``, or a batch of shape (n, 1) / (n, Lt) of n independent
               neurons simulated in one vectorized pass.
    threshold  spike detection level in mV (default ``HH_SPIKE_THRESHOLD`` = -40 mV, low enough
               to count the small spikes of strong input; see its comment for the evidence).
    progress   as in ``run_lif``: None shows the progress of a run that takes more than a
               second, True at once, False never; or a callable told the fraction done (0 to
               1] about 50 times, ending with 1.0 (e.g. ``neurolab.widgets.ProgressBar``).
    trace      False: return only the spike times, keeping no traces; the run then works
               through time in chunks and its memory does not grow with T (for rates and f-I
               curves).

    Returns a ``Result`` with t, v and spikes, and the extras m, h, n (gates) and g_Na
    = gbar_Na m³h, g_K = gbar_K n⁴, g_L (conductances, mS/cm²), traces of shape (Lt,) or
    (n, Lt); with trace=False only the spike times (an array, or a list of n arrays). A batch
    gives exactly (bit for bit) what n single runs give. The gates start at their steady state
    at V_init.

    Limits: dt <= 0.025 ms (``HH_DT_MAX``, checked with the parameters), at most 1e7 steps T/dt
    (``HH_MAX_SAMPLES``); the traces (7 arrays of 8 bytes per neuron and step) may take at most
    the share of the memory available now that ``neurolab.engine`` allows; and a run whose
    membrane potential leaves ±200 mV (e.g. I_inj = 1e4 µA/cm²) is a ValueError naming I_inj,
    not an absurd trace.

    Integrator: exponential Euler. Over one step each variable x obeys a linear equation
    dx/dt = A - B x with A and B frozen at the start of the step (a gate: A = alpha_x,
    B = alpha_x + beta_x in 1/ms; the voltage: A = (g_Na E_Na + g_K E_K + g_L E_L + I_inj)/C in
    mV/ms, B = (g_Na + g_K + g_L)/C in 1/ms), and the step solves that linear equation exactly:

        x[k+1] = x[k] + dt (A - B x[k]) phi(B dt),    phi(y) = (1 - exp(-y)) / y.

    This is the course's forward-Euler step with dt shortened to dt phi(B dt); phi -> 1 as
    dt -> 0, so the two methods agree for small steps (both are first-order accurate). Why not
    plain forward Euler: here x[k+1] is a weighted mean of x[k] and its target A/B, so the gates
    never leave [0, 1] and V never overshoots, whatever dt. Forward Euler overflows to NaN at
    dt = 0.1 ms, a value students try; exponential Euler still fires regularly there, with
    periods 5-9 % too long. At the default dt = 0.01 ms its periods are within 0.75 % and its
    spike times within 0.04 ms of a fine-step (0.002 ms) Runge-Kutta reference (forward Euler:
    within 0.4 %; both far below what a plot shows). The price is four more exp calls per step.

    A spike is recorded at the first sample at or above ``threshold`` after a sample below it;
    its time is that sample's time.
    """
    p = HH.check(pars)
    threshold = check_number("threshold", threshold, unit="mV")
    trace = check_bool("trace", trace)
    Lt, dt = p["Lt"], p["dt"]
    I, batch = as_injected("I_inj", I_inj, Lt)
    n = I.shape[0] if batch else 1
    progress = Progress(progress, describe_run("run_hh", n, p["T"]))
    if trace:
        check_size(n, Lt, p["T"], dt, arrays=HH_TRACE_ARRAYS,
                   what="neurons (the traces of v, m, h, n and the conductances)",
                   alternatives=TRACE_ALTERNATIVES)
    run = _Run(p, I, threshold)
    kernels = engine.kernels()
    with progress:
        if kernels is not None:
            result = run.compiled(kernels, I, Chunks(Lt - 1, 4 * n, progress), trace)
            if not batch:
                result = result[0] if not trace else tuple(x[0] for x in result)
        elif not batch:
            result = run.single(I, Chunks(Lt - 1, 1, progress), trace)
        elif n > NARROW_BATCH:
            result = run.batch(I, Chunks(Lt - 1, 4 * n, progress), trace)
        else:  # one neuron at a time, progress over the whole batch
            rows = [run.single(I[i], narrow_chunks(Lt - 1, progress, i, n), trace)
                    for i in range(n)]
            if trace:
                result = tuple(np.array(x) for x in zip(*(r[:4] for r in rows))) + \
                    ([r[4] for r in rows],)
            else:
                result = rows
    if not trace:
        return Result("HH", dt, None, result)
    v, n_gate, m, h, spikes = result
    g_Na = m * m * m * h * p["gbar_Na"]  # the same products the integrator uses
    g_K = n_gate * n_gate * n_gate * n_gate * p["gbar_K"]
    g_L = np.full(v.shape, p["g_L"])
    return Result("HH", dt, v, spikes,
                  dict(m=m, h=h, n=n_gate, g_Na=g_Na, g_K=g_K, g_L=g_L))


#: Batches of at most this many neurons run one neuron at a time on Python floats (see
#: ``lif.NARROW_BATCH``). Measured (10000 steps, spikes only): 4 neurons 128 ms one at a time,
#: 230 ms as a batch; 8 neurons 250 and 231 ms.
NARROW_BATCH = 6

#: Arrays of n × Lt floats a run with traces keeps: v, n, m, h, g_Na, g_K, g_L.
HH_TRACE_ARRAYS = 7


class _Run:
    """One Hodgkin-Huxley run through its chunks of steps: a neuron on Python floats
    (`single`) or a batch on arrays (`batch`), the same operations in the same order, so both
    give the same bits. Each chunk's voltage is judged (`_check_range`) and searched for
    spikes as it is made."""

    def __init__(self, p, I, threshold):
        self.p, self.I, self.threshold = p, I, threshold
        self.v0 = p["V_init"]
        self.gates0 = tuple(float(x) for x in hh_steady_state(self.v0))  # (n, m, h)
        self.const = (p["dt"], p["C"], p["gbar_Na"], p["gbar_K"], p["g_L"], p["E_Na"], p["E_K"],
                      p["E_L"])

    def single(self, I, chunks, keep):
        """One neuron, I of shape (Lt,): (v, n, m, h, spike times), or the spike times alone."""
        Lt, dt = I.shape[-1], self.p["dt"]
        out = [np.empty(Lt) for _ in range(4)] if keep else None
        state = (self.v0,) + self.gates0
        found = []
        for start, stop in chunks:
            # the rates overflow only far beyond _V_LIMIT: the NaN or inf fails _check_range
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                samples, state = _expeuler_single(I[start:stop].tolist(), state, *self.const)
            v = np.array(samples[0] + [state[0]])  # samples start ... stop
            _check_range(v, self.I)
            found.append(_crossings(v, self.threshold) + start)
            if keep:
                for x, chunk in zip(out, samples):
                    x[start:stop] = chunk
        spikes = np.concatenate(found) * dt
        if not keep:
            return spikes
        for x, last in zip(out, state):
            x[Lt - 1] = last
        return (*out, spikes)

    def compiled(self, kernels, I, chunks, keep):
        """n neurons (a 1-D I is one) through the compiled kernel: (v, n, m, h (each (n, Lt)),
        list of spike times), or the list of spike times alone."""
        I, wide = kernels.contiguous_input(I)
        N, Lt = I.shape[0], self.p["Lt"]
        state = np.empty((N, 4))
        state[:, 0] = self.v0
        state[:, 1:] = self.gates0
        previous = np.full(N, self.v0)
        Y = np.empty((4, N, Lt) if keep else (4, 1, 1))
        step_buf, neuron_buf = kernels.spike_buffers(N, chunks.longest)
        steps, neurons = [], []
        for start, stop in chunks:
            count, worst = kernels.hh(I, wide, *self.const, state, previous, start, stop, Lt - 1,
                                      self.threshold, _V_LIMIT, Y, keep, step_buf, neuron_buf)
            _check_range(np.array([worst]), self.I)
            steps.append(step_buf[:count].copy())
            neurons.append(neuron_buf[:count].copy())
        spikes = spike_trains(steps, neurons, N, self.p["dt"])
        if not keep:
            return spikes
        return Y[0], Y[1], Y[2], Y[3], spikes

    def batch(self, I, chunks, keep):
        """n neurons, I of shape (n, Lt): (v, n, m, h (each (n, Lt)), list of spike times), or
        the list of spike times alone."""
        N, Lt = I.shape
        dt = self.p["dt"]
        Y = np.empty((Lt if keep else chunks.longest + 1, 4, N))  # per step: v, n, m, h
        Y[0, 0] = self.v0
        Y[0, 1:] = np.array(self.gates0)[:, None]
        drive = np.empty((chunks.longest, N))
        steps, neurons = [], []
        for start, stop in chunks:
            m = stop - start
            drive[:m] = I[:, start:stop].T
            Yc = Y[start:stop + 1] if keep else Y[:m + 1]
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                _expeuler_batch(Yc, drive[:m], *self.const)
            v = Yc[:, 0, :]  # samples start ... stop, time-major
            _check_range(v, self.I)
            k, i = np.nonzero((v[:-1] < self.threshold) & (v[1:] >= self.threshold))
            steps.append(k + start + 1)
            neurons.append(i)
            if not keep:
                Y[0] = Y[m]
        spikes = spike_trains(steps, neurons, N, dt)
        if not keep:
            return spikes
        return Y[:, 0, :].T, Y[:, 1, :].T, Y[:, 2, :].T, Y[:, 3, :].T, spikes


def _crossings(v, threshold):
    """Indices k >= 1 of a 1-D trace with v[k-1] < threshold <= v[k] (upward crossings)."""
    return np.nonzero((v[:-1] < threshold) & (v[1:] >= threshold))[0] + 1


def _check_range(v, I):
    """A ValueError if some |V| exceeds _V_LIMIT (NaN counts as exceeding it)."""
    inside = np.abs(v) <= _V_LIMIT
    if not inside.all():
        worst = v[~inside].ravel()[0]
        lo, hi = float(np.min(I)), float(np.max(I))
        raise ValueError(
            f"the membrane potential reached {worst:.4g} mV, beyond ±{_V_LIMIT:g} mV where the "
            f"Hodgkin-Huxley model means nothing (I_inj from {lo:.4g} to {hi:.4g} µA/cm²): "
            f"I_inj should stay within about -30 ... 2000 µA/cm², the conductances within a few "
            f"hundred mS/cm² and the reversal potentials E_Na, E_K, E_L within ±200 mV"
        )


def _expeuler_single(I, state, dt, C, gbar_Na, gbar_K, g_L, E_Na, E_K, E_L):
    """One neuron on Python floats (numpy's per-call cost would dominate a scalar loop), over
    len(I) steps from ``state`` = (v, n, m, h). Returns the samples ([v], [n], [m], [h]) of
    those steps and the state after them.
    `_expeuler_batch` does the same operations in the same order; keep the two in step.

    exp and expm1 are numpy's, called on one float (about 0.2 µs, not math's 0.03 µs): numpy
    may compute them with SIMD code whose last bit differs from the C library's (it does on
    AVX-512 machines), and a batch must give exactly what single runs give."""
    exp, expm1 = np.exp, np.expm1
    v, n, m, h = state
    mdt = -dt          # gate step: x - (A - S x) expm1(-dt S) / S
    kv = dt / C
    mkv = -kv          # voltage step: v - (J - g v) expm1(-(dt/C) g) / g
    g_L_E_L = g_L * E_L
    steps = len(I)
    vs, ns, ms, hs = [0.0] * steps, [0.0] * steps, [0.0] * steps, [0.0] * steps
    for k in range(steps):
        vs[k] = v
        ns[k] = n
        ms[k] = m
        hs[k] = h
        # rates at v (1/ms); y / expm1(y) with y = -x is x / (1 - exp(-x))
        y = (v + 55.0) / -10.0
        an = 0.1 * (y / float(expm1(y))) if y else 0.1
        y = (v + 40.0) / -10.0
        am = y / float(expm1(y)) if y else 1.0
        u = v + 65.0
        ah = 0.07 * float(exp(u / -20.0))
        bn = 0.125 * float(exp(u / -80.0))
        bm = 4.0 * float(exp(u / -18.0))
        bh = 1.0 / (float(exp((v + 35.0) / -10.0)) + 1.0)
        # voltage, with the gates at the start of the step
        gk = n * n * n * n * gbar_K
        gna = m * m * m * h * gbar_Na
        g = gk + gna + g_L
        J = gk * E_K + gna * E_Na + g_L_E_L + I[k]
        if g:
            v = v - (J - g * v) * float(expm1(mkv * g)) / g
        else:  # no conductance at all: the limit g -> 0, a perfect integrator
            v = v + kv * J
        # gates
        s = an + bn
        n = n - (an - s * n) * float(expm1(mdt * s)) / s
        s = am + bm
        m = m - (am - s * m) * float(expm1(mdt * s)) / s
        s = ah + bh
        h = h - (ah - s * h) * float(expm1(mdt * s)) / s
    return (vs, ns, ms, hs), (v, n, m, h)


def _expeuler_batch(Y, I, dt, C, gbar_Na, gbar_K, g_L, E_Na, E_K, E_L):
    """n neurons at once, time-major, over len(I) steps (I has shape (steps, n)): the
    arithmetic of `_expeuler_single`, operation by operation, on arrays. Y (steps + 1, 4, n)
    holds the state (rows v, n, m, h) at the first step in Y[0] and gets the following ones.

    numpy's per-call cost dominates for the small n of a sweep, so the work is done on stacked
    rows to need few calls per step (27): the state is one (4, n) array per time step (rows v,
    n, m, h); the six rates come from one exp and one expm1 call on a (6, n) array of
    exponents; n^4 and m^3 h are built together as rows of a (2, n) array; and the four
    variables advance together with the same update x - (A - S x) expm1(-c S) / S, where the
    rows of A are J, alpha_n, alpha_m, alpha_h, those of S are g, alpha_x + beta_x, and c is
    dt/C for v and dt for the gates.
    """
    N = I.shape[1]
    kv = dt / C
    check_g = not g_L > 0  # with g_L > 0, g >= g_L > 0 always
    # scalar operands as 0-d arrays: numpy handles them faster than Python floats
    g_L, g_L_E_L, one = np.array(g_L), np.array(g_L * E_L), np.array(1.0)
    col = lambda *x: np.array(x, dtype=float)[:, None]
    off_z = col(55.0, 40.0, 65.0, 65.0, 65.0, 35.0)
    div_z = col(-10.0, -10.0, -20.0, -80.0, -18.0, -10.0)
    scale_r = col(0.1, 1.0, 0.07, 0.125, 4.0)  # x * 1.0 == x exactly
    g_max = col(gbar_K, gbar_Na)
    e_rev = col(E_K, E_Na)
    step_c = col(-kv, -dt, -dt, -dt)
    # exponents y: (v + 55)/-10, (v + 40)/-10, (v + 65)/-20, /-80, /-18, (v + 35)/-10
    Z = np.empty((6, N))
    R = np.empty((7, N))  # J, alpha_n, alpha_m, alpha_h, beta_n, beta_m, beta_h
    S = np.empty((4, N))  # g, alpha + beta of n, m, h
    W, E = np.empty((4, N)), np.empty((4, N))
    D = np.empty((2, N))
    G, GE = np.empty((2, N)), np.empty((2, N))  # gk, gna; gk E_K, gna E_Na
    Z01, Z26, R12, R36, R15, R6 = Z[0:2], Z[2:6], R[1:3], R[3:7], R[1:6], R[6]
    J, g, A, S13, A13, B46 = R[0], S[0], R[0:4], S[1:4], R[1:4], R[4:7]
    G0, G1, GE0, GE1 = G[0], G[1], GE[0], GE[1]
    add, sub, mul, div = np.add, np.subtract, np.multiply, np.divide
    exp, expm1, count = np.exp, np.expm1, np.count_nonzero
    for Yk, Yn, Ik in zip(Y[:-1], Y[1:], I):
        v, nm, nh = Yk[0], Yk[1:3], Yk[1:4:2]
        # rates at v (1/ms)
        add(v, off_z, out=Z)
        div(Z, div_z, out=Z)
        expm1(Z01, out=D)
        div(Z01, D, out=R12)
        if count(D) < 2 * N:  # y = 0 exactly: the removable singularity, limit 1
            R12[D == 0] = 1.0
        exp(Z26, out=R36)
        mul(R15, scale_r, out=R15)
        add(R6, one, out=R6)
        div(one, R6, out=R6)
        # voltage terms, with the gates at the start of the step
        mul(nm, nm, out=G)  # n n, m m
        mul(G, nm, out=G)  # n n n, m m m
        mul(G, nh, out=G)  # n n n n, m m m h
        mul(G, g_max, out=G)  # gk, gna
        add(G0, G1, out=g)
        add(g, g_L, out=g)
        mul(G, e_rev, out=GE)
        add(GE0, GE1, out=J)
        add(J, g_L_E_L, out=J)
        add(J, Ik, out=J)
        add(A13, B46, out=S13)
        # all four variables: x - (A - S x) expm1(-c S) / S
        mul(S, Yk, out=W)
        sub(A, W, out=W)
        mul(S, step_c, out=E)
        expm1(E, out=E)
        mul(W, E, out=W)
        div(W, S, out=W)
        sub(Yk, W, out=Yn)
        if check_g and count(g) < N:
            zero = g == 0
            Yn[0][zero] = v[zero] + kv * J[zero]


# --- what a trace does ----------------------------------------------------------------------

#: A spike must overshoot: its peak lies above this voltage (mV).
OVERSHOOT = 0.0
#: An oscillation is damped when its cycle amplitude shrinks by more than 4 % a cycle (geometric
#: mean over the last three cycles of the step). Measured with the explorer's run (step 10-90 ms,
#: standard parameters): 0.999 at 140 µA/cm², 0.982 at 150, 0.964 at 152, 0.954 at 153, 0.927 at
#: 155 and 0.84 at 160; notebook 06's 500 ms runs place the depolarisation block between 152
#: and 153 µA/cm².
DAMPING_RATIO = 0.96


def classify_hh_response(t, v, t_on, t_off, threshold=HH_SPIKE_THRESHOLD):
    """What a Hodgkin-Huxley trace does under a current step from t_on to t_off (ms).

    Events are the upward crossings of ``threshold`` (mV; the times ``run_hh`` reports). A
    *spike* is an event whose peak overshoots ``OVERSHOOT`` (0 mV); a *small spike* peaks between
    the threshold and 0 mV. After the first spike the trace oscillates; the oscillation is
    *damped* when its cycle amplitude (peak minus the trough before it) shrinks by more than
    ``1 - DAMPING_RATIO`` a cycle over the last three cycles of the step: the membrane then
    rings towards depolarisation block and the firing rate is 0 Hz. Otherwise small spikes are
    sustained firing (as in notebook 06's f-I curve, which counts them) and the rate is
    1000 / mean interval between events.

    Returns a dict: 'spikes' (times of overshooting events), 'small' (times of the others),
    'state' ('silent', 'spiking', 'sustained', 'damped' or 'undecided': too few cycles to
    tell), 'rate' (Hz), 'ratio' (the damping ratio or NaN) and 'small_peak' (mV, the last
    small spike's peak or NaN)."""
    t, v = np.asarray(t, dtype=float), np.asarray(v, dtype=float)
    above = v >= threshold
    starts = np.flatnonzero(~above[:-1] & above[1:]) + 1
    ends = np.append(np.flatnonzero(above[:-1] & ~above[1:]) + 1, v.size)
    peaks = np.array([v[i:ends[np.searchsorted(ends, i, side="right")]].max() for i in starts])
    times = t[starts]
    overshoot = peaks > OVERSHOOT
    spikes, small = times[overshoot], times[~overshoot]

    # cycle amplitudes of the oscillation during the step, after the first event
    d = np.diff(v)
    tops = np.flatnonzero((d[:-1] > 0) & (d[1:] <= 0)) + 1
    bottoms = np.flatnonzero((d[:-1] < 0) & (d[1:] >= 0)) + 1
    inside = (t[tops] > (times[0] if times.size else t_off)) & (t[tops] < t_off)
    amplitudes = []
    for k in tops[inside]:
        before = bottoms[bottoms < k]
        if before.size and t[before[-1]] >= t_on:
            amplitudes.append(v[k] - v[before[-1]])
    amplitudes = np.asarray(amplitudes)
    ratio = float("nan")
    if amplitudes.size >= 4 and amplitudes[-4] > 0 and amplitudes[-1] > 0:
        ratio = float((amplitudes[-1] / amplitudes[-4]) ** (1.0 / 3.0))

    if times.size == 0:
        state = "silent"
    elif small.size == 0:
        state = "spiking"
    elif math.isnan(ratio):
        state = "undecided"
    elif ratio < DAMPING_RATIO:
        state = "damped"
    else:
        state = "sustained"
    rate = 0.0
    if state in ("spiking", "sustained", "undecided") and times.size >= 2:
        rate = 1000.0 / float(np.mean(np.diff(times)))
    small_peak = float(peaks[~overshoot][-1]) if small.size else float("nan")
    return {"spikes": spikes, "small": small, "state": state, "rate": rate, "ratio": ratio,
            "small_peak": small_peak}
