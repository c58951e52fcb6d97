"""The generalized exponential model (GEM) of the course: the EIF plus a subthreshold
variable x that follows a sigmoid of the voltage.

    C dV/dt     = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - g_x x + I(t)
    tau_x dx/dt = -x + f(V),      f(V) = 1 / (1 + exp(-(V - V_x) / k_x))
    at a spike (V reaches V_spike):  V -> V_r  (x is continuous)

    (C in pF, g_L in nS, voltages and k_x in mV, I in pA, t and tau_x in ms)

Units of x: x is dimensionless, the open fraction of a slow channel, and stays in [0, 1]
(f does, and each Euler step with dt < tau_x mixes x with f). g_x is therefore a current
scale in pA, not a conductance: g_x x is the current (pA) the slow channel draws, at most g_x
when fully open. g_x > 0 makes it an outward, hyperpolarising current (like a slow K+ current).

Unlike the AdEx's w, x is driven only by the voltage, through a saturating sigmoid; it has no
spike-triggered jump. It still gives spike-frequency adaptation, which the EIF cannot: during
firing V sweeps up through V_x, x builds up over tau_x and the slow outward current lengthens
the interspike intervals.
"""

import numpy as np

from .._checks import as_float_array, check_bool
from ..params import ParameterSet
from ._integrate import Slow, simulate
from .eif import EIF_DEFAULTS, EIF_POSITIVE, EIF_RELATIONS, EIF_UNITS
from .result import Result

GEM = ParameterSet(
    "GEM",
    dict(EIF_DEFAULTS, g_x=200.0, tau_x=200.0, V_x=-52.0, k_x=4.0, x_init=0.0),
    positive=EIF_POSITIVE + ("tau_x", "k_x"),
    nonnegative=("tref",),
    relations=EIF_RELATIONS + [
        (lambda p: 0.0 <= p["x_init"] <= 1.0,
         "x_init must be in [0, 1] (x is an open fraction), got x_init = {x_init}"),
        (lambda p: p["dt"] <= 0.1 * p["tau_x"],
         "dt must be at most a tenth of tau_x for forward Euler, got dt = {dt} ms and "
         "tau_x = {tau_x} ms"),
    ],
    units=dict(EIF_UNITS, g_x="pA", tau_x="ms", V_x="mV", k_x="mV", x_init=""),
)


def gem_pars(**overrides):
    """Parameters of the GEM, with ``overrides`` applied. The EIF part equals ``eif_pars()``,
    so ``run_eif(eif_pars(), I)`` is the same neuron without x.

    C        200 pF   membrane capacitance
    g_L       10 nS   leak conductance
    E_L      -70 mV   leak reversal (resting) potential
    V_T      -50 mV   threshold of the exponential term
    Delta_T    2 mV   slope factor of spike initiation
    V_spike    0 mV   cut-off: a spike is recorded when V reaches it
    V_r      -58 mV   reset potential after a spike
    tref       0 ms   refractory period (V held at V_r, x still evolves), whole steps
    g_x      200 pA   current of the fully open slow channel (x = 1); outward for g_x > 0
    tau_x    200 ms   time constant of x
    V_x      -52 mV   half-activation voltage of f
    k_x        4 mV   slope of f (f rises from 0.12 to 0.88 over V_x -+ 2 k_x)
    V_init   -70 mV   initial membrane potential (change it with E_L to start at rest)
    x_init     0      initial x (dimensionless, in [0, 1]); f(-70 mV) = 0.011, nearly closed
    T        400 ms   duration of a run
    dt       0.1 ms   time step
    range_t  (ms)     derived time grid 0, dt, ..., < T

    With these defaults x is almost closed at rest (so the rest state and the rheobase are
    nearly those of the EIF) and opens during firing: under a step of 400 pA the first
    interspike interval is 12.6 ms and the later ones lengthen to 21.1 ms (x reaches 0.56),
    while the EIF fires every 12.1 ms throughout. Rules as ``eif_pars``, plus 0 <= x_init <= 1 and
    dt <= tau_x / 10. An unknown key is a ValueError that lists the valid ones.
    """
    return GEM.make(**overrides)


def gem_activation(pars, v):
    """f(V) = 1 / (1 + exp(-(V - V_x) / k_x)), the steady-state x (dimensionless, in [0, 1])
    at voltage v in mV: a float for a number, an array for an array."""
    p = GEM.check(pars)
    v = as_float_array("v", v, unit="mV")
    with np.errstate(over="ignore"):
        f = 1.0 / (1.0 + np.exp(np.minimum((p["V_x"] - v) / p["k_x"], 700.0)))
    return float(f) if f.ndim == 0 else f


def run_gem(pars, I_inj, trace=True, progress=None):
    """Simulate the GEM with forward Euler; V and x advance together from step k:

        V[k+1] = V[k] + dt/C * (-g_L (V[k] - E_L) + g_L Delta_T exp((V[k] - V_T)/Delta_T)
                                - g_x x[k] + I[k])
        x[k+1] = x[k] + dt/tau_x * (f(V[k]) - x[k])

    (V mV, x dimensionless, g_x and I pA, t, dt and tau_x ms, C pF, g_L nS.)

    pars   dict from ``gem_pars``.
    I_inj  injected current in pA: a scalar (DC), a trace of shape (Lt,), or a batch of shape
           (n, 1) / (n, Lt) run in one vectorized pass (exactly what n single runs give).
    trace  False: return only the spike times, keeping no trace (memory independent of T; for
           rates, f-I curves and ISI statistics).
    progress  as in ``run_lif``: None shows the progress of a run that takes more than a
           second, True at once, False never; or a callable told the fraction done.

    Returns a ``Result``: ``v`` in mV and the extra ``x`` (dimensionless, in [0, 1]), shape
    (Lt,) or (n, Lt) (with trace=False no traces); ``spikes`` in ms, an array or a list of n
    arrays.
    """
    p = GEM.check(pars)
    slow = Slow("sigmoid", c=p["g_x"], tau=p["tau_x"], jump=0.0, init=p["x_init"],
                center=p["V_x"], width=p["k_x"])
    trace = check_bool("trace", trace)
    v, u, spikes = simulate(p, I_inj, slow, trace=trace, progress=progress, model="run_gem")
    return Result("GEM", p["dt"], v, spikes, {} if u is None else {"x": u})
