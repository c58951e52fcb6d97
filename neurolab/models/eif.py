"""The exponential integrate-and-fire neuron (EIF).

    C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) + I(t)
              (C in pF, g_L in nS, voltages in mV, I in pA, t in ms)

The exponential term is negligible well below V_T and takes over near it: once V passes V_T by
a few Delta_T it runs away in finite time (the upstroke of a spike). The run-away is cut at
V_spike, where a spike is recorded and V is reset to V_r (and held there for tref ms).
"""

import numpy as np

from .._checks import as_float_array, check_bool, check_number, check_pars
from ..params import ParameterSet
from ._integrate import simulate
from .result import Result

#: Parameters shared by the EIF, AdEx and GEM (their EIF part).
EIF_DEFAULTS = dict(
    C=200.0, g_L=10.0, E_L=-70.0, V_T=-50.0, Delta_T=2.0, V_spike=0.0, V_r=-58.0,
    tref=0.0, V_init=-70.0, T=400.0, dt=0.1,
)
EIF_POSITIVE = ("C", "g_L", "Delta_T", "T", "dt")
EIF_UNITS = dict(C="pF", g_L="nS", E_L="mV", V_T="mV", Delta_T="mV", V_spike="mV", V_r="mV",
                 tref="ms", V_init="mV", T="ms", dt="ms")

# exp((V - V_T)/Delta_T) is evaluated up to V_spike; past exp(709) a double overflows.
_MAX_EXP_ARG = 500.0

EIF_RELATIONS = [
    (lambda p: p["V_T"] < p["V_spike"],
     "V_spike must be above V_T, got V_spike = {V_spike} mV and V_T = {V_T} mV"),
    (lambda p: p["V_r"] < p["V_spike"],
     "V_r must be below V_spike, got V_r = {V_r} mV and V_spike = {V_spike} mV"),
    (lambda p: (p["V_spike"] - p["V_T"]) / p["Delta_T"] <= _MAX_EXP_ARG,
     f"(V_spike - V_T) / Delta_T must be at most {_MAX_EXP_ARG:g} (exp overflows beyond), got "
     "V_spike = {V_spike} mV, V_T = {V_T} mV, Delta_T = {Delta_T} mV"),
    (lambda p: p["dt"] <= 0.1 * p["C"] / p["g_L"],
     "dt must be at most a tenth of the membrane time constant C/g_L for forward Euler, got "
     "dt = {dt} ms with C = {C} pF and g_L = {g_L} nS"),
]

EIF = ParameterSet("EIF", EIF_DEFAULTS, positive=EIF_POSITIVE, nonnegative=("tref",),
                   relations=EIF_RELATIONS, units=EIF_UNITS)


def values_of(pars, *keys):
    """The checked numbers pars[key] for the model curves, which accept any dict with those
    keys (parameters of the EIF, AdEx or GEM, or an ADEX_PATTERNS entry)."""
    check_pars(pars, "eif_pars, adex_pars or gem_pars", keys)
    values = [check_number(k, pars[k], unit=EIF_UNITS.get(k, "")) for k in keys]
    for k, value in zip(keys, values):
        if k in EIF_POSITIVE and not value > 0:
            raise ValueError(f"{k} must be > 0 {EIF_UNITS.get(k, '')}, got {value!r}")
    return values


def eif_pars(**overrides):
    """Parameters of the exponential integrate-and-fire neuron, with ``overrides`` applied.

    C        200 pF   membrane capacitance (tau_m = C/g_L = 20 ms)
    g_L       10 nS   leak conductance
    E_L      -70 mV   leak reversal (resting) potential
    V_T      -50 mV   threshold of the exponential term (the V-nullcline's minimum)
    Delta_T    2 mV   slope factor: sharpness of spike initiation (0 would be the LIF)
    V_spike    0 mV   cut-off: a spike is recorded when V reaches it
    V_r      -58 mV   reset potential after a spike
    tref       0 ms   refractory period (V held at V_r), counted in whole steps
    V_init   -70 mV   initial membrane potential (change it with E_L to start at rest)
    T        400 ms   duration of a run
    dt       0.1 ms   time step
    range_t  (ms)     derived time grid 0, dt, ..., < T

    Rules: V_T < V_spike, V_r < V_spike, (V_spike - V_T)/Delta_T <= 500, dt <= C/(10 g_L).
    An unknown key is a ValueError that lists the valid ones.
    """
    return EIF.make(**overrides)


def run_eif(pars, I_inj, trace=True, progress=None):
    """Simulate the EIF neuron with forward Euler (see ``eif_pars`` for the parameters).

        V[k+1] = V[k] + dt/C * (-g_L (V[k] - E_L) + g_L Delta_T exp((V[k] - V_T)/Delta_T) + I[k])

    (V mV, t and dt ms, C pF, g_L nS, I pA.)

    pars   dict from ``eif_pars``.
    I_inj  injected current in pA: a scalar (DC), a trace of shape (Lt,) on ``pars['range_t']``,
           or a batch of shape (n, 1) / (n, Lt) of n independent neurons run in one vectorized
           pass (exactly what n single runs give).
    trace  False: return only the spike times, keeping no trace (memory independent of T; for
           rates, f-I curves and ISI statistics).
    progress  as in ``run_lif``: None shows the progress of a run that takes more than a
           second, True at once, False never; or a callable told the fraction done.

    Returns a ``Result``: ``v`` in mV, shape (Lt,) or (n, Lt) (None with trace=False);
    ``spikes`` the spike times in ms, an array or a list of n arrays. At each step a neuron
    found at V >= V_spike spikes: its time is recorded and the sample shows V_r (the stored trace
    never reaches V_spike).
    """
    p = EIF.check(pars)
    trace = check_bool("trace", trace)
    v, _, spikes = simulate(p, I_inj, trace=trace, progress=progress, model="run_eif")
    return Result("EIF", p["dt"], v, spikes)


def eif_rheobase(pars):
    """Smallest constant current (pA) that makes the EIF fire: g_L (V_T - E_L - Delta_T).

    With constant I, dV/dt = F(V)/C with
    F(V) = -g_L (V - E_L) + g_L Delta_T e^{(V - V_T)/Delta_T} + I.
    F'(V) = g_L (e^{(V - V_T)/Delta_T} - 1) vanishes at V = V_T, where F is smallest:
    F(V_T) = I - g_L (V_T - E_L) + g_L Delta_T. While F(V_T) < 0 the V-nullcline crosses zero
    twice: a stable rest state below V_T and an unstable one (the effective threshold) above,
    and V starting at rest stays there. At I = g_L (V_T - E_L - Delta_T) the two meet at V_T
    (a saddle-node bifurcation); above it F > 0 everywhere and V runs away to a spike, after a
    passage through the bottleneck near V_T that lasts about
    pi C sqrt(2 Delta_T / (g_L (I - I_rh))) ms, so the rate rises from 0 continuously.

    Forward Euler has the same fixed points as the equation (V + dt F(V)/C = V  <=>  F(V) = 0),
    and with dt <= C/(10 g_L) it approaches the rest state without overshoot, so a neuron
    started at E_L obeys the same rheobase (independent of V_spike, V_r and dt).
    """
    p = EIF.check(pars)
    return p["g_L"] * (p["V_T"] - p["E_L"] - p["Delta_T"])


def eif_current(pars, V, I=0.0):
    """C dV/dt (pA) of the EIF at voltage V (mV) under a constant current I (pA):
    F(V) = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) + I.
    Divide by C (pF) for dV/dt in mV/ms. Works with the parameters of the EIF, AdEx (w = 0) and
    GEM (x = 0). V and I are numbers or arrays that broadcast together; the result has their
    broadcast shape (a float for numbers). The exponential is capped at exp(700); a result
    beyond the float range is a ValueError."""
    g_L, E_L, V_T, dT = values_of(pars, "g_L", "E_L", "V_T", "Delta_T")
    V = as_float_array("V", V, unit="mV")
    I = as_float_array("I", I, unit="pA")
    try:
        np.broadcast_shapes(V.shape, I.shape)
    except ValueError:
        raise ValueError(f"V and I must have shapes that broadcast together, got {V.shape} and "
                         f"{I.shape}") from None
    with np.errstate(over="ignore"):
        F = -g_L * (V - E_L) + g_L * dT * np.exp(np.minimum((V - V_T) / dT, 700.0)) + I
    if not np.all(np.isfinite(F)):
        raise ValueError(f"eif_current overflows for these V (up to {np.max(np.abs(V)):.3g} mV) "
                         f"and parameters; use V within a few hundred mV of V_T = {V_T} mV")
    return float(F) if F.ndim == 0 else F


def lif_current(pars, V, I=0.0):
    """C dV/dt (pA) of the leaky integrate-and-fire neuron with the same leak as the EIF at
    voltage V (mV) under a constant current I (pA): -g_L (V - E_L) + I. It has no upswing of its
    own: a spike is declared when V reaches a hard threshold. Shapes as in ``eif_current``."""
    g_L, E_L = values_of(pars, "g_L", "E_L")
    V = as_float_array("V", V, unit="mV")
    I = as_float_array("I", I, unit="pA")
    try:
        F = -g_L * (V - E_L) + I
    except ValueError:
        raise ValueError(f"V and I must have shapes that broadcast together, got {V.shape} and "
                         f"{I.shape}") from None
    return float(F) if F.ndim == 0 else F
