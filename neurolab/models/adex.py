"""The adaptive exponential integrate-and-fire neuron (AdEx; Brette & Gerstner 2005).

    C dV/dt     = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - w + I(t)
    tau_w dw/dt = a (V - E_L) - w
    at a spike (V reaches V_spike):  V -> V_r,  w -> w + b

    (C in pF, g_L and a in nS, voltages in mV, w, b and I in pA, t and tau_w in ms)

w is an adaptation current: a couples it to the subthreshold voltage (a > 0 opposes
depolarisation, a < 0 amplifies it), b is the increment each spike adds.
"""

import numpy as np

from .._checks import as_float_array, check_bool, check_choice
from ..inputs import step_current
from ..params import ParameterSet
from ._integrate import Slow, simulate
from .eif import EIF_DEFAULTS, EIF_POSITIVE, EIF_RELATIONS, EIF_UNITS, eif_current, values_of
from .result import Result

ADEX = ParameterSet(
    "AdEx",
    dict(EIF_DEFAULTS, g_L=12.0, a=2.0, tau_w=300.0, b=60.0, w_init=0.0),
    positive=EIF_POSITIVE + ("tau_w",),
    nonnegative=("tref",),
    relations=EIF_RELATIONS + [
        (lambda p: p["a"] > -p["g_L"],
         "a must be greater than -g_L: for a <= -g_L the AdEx has no stable rest state (its "
         "one fixed point is a saddle) and V runs away; got a = {a} nS with g_L = {g_L} nS"),
        (lambda p: p["dt"] <= 0.1 * p["tau_w"],
         "dt must be at most a tenth of tau_w for forward Euler, got dt = {dt} ms and "
         "tau_w = {tau_w} ms"),
    ],
    units=dict(EIF_UNITS, a="nS", tau_w="ms", b="pA", w_init="pA"),
)


def adex_pars(**overrides):
    """Parameters of the AdEx neuron, with ``overrides`` applied. The defaults are the
    'adapting' set of Naud et al. (2008), without a refractory period:

    C        200 pF   membrane capacitance
    g_L       12 nS   leak conductance
    E_L      -70 mV   leak reversal (resting) potential
    V_T      -50 mV   threshold of the exponential term
    Delta_T    2 mV   slope factor of spike initiation
    V_spike    0 mV   cut-off: a spike is recorded when V reaches it
    V_r      -58 mV   reset potential after a spike
    tref       0 ms   refractory period (V held at V_r, w still evolves), whole steps
    a          2 nS   subthreshold adaptation (coupling of w to V - E_L), a > -g_L
    tau_w    300 ms   adaptation time constant
    b         60 pA   spike-triggered adaptation: w jumps by b at each spike
    V_init   -70 mV   initial membrane potential (change it with E_L to start at rest)
    w_init     0 pA   initial adaptation current
    T        400 ms   duration of a run
    dt       0.1 ms   time step
    range_t  (ms)     derived time grid 0, dt, ..., < T

    Rules as ``eif_pars``, plus a > -g_L and dt <= tau_w / 10.
    An unknown key is a ValueError that lists the valid ones.
    """
    return ADEX.make(**overrides)


def run_adex(pars, I_inj, trace=True, progress=None):
    """Simulate the AdEx neuron with forward Euler; V and w advance together from step k:

        V[k+1] = V[k] + dt/C * (-g_L (V[k] - E_L) + g_L Delta_T exp((V[k] - V_T)/Delta_T)
                                - w[k] + I[k])
        w[k+1] = w[k] + dt/tau_w * (a (V[k] - E_L) - w[k])

    (V mV, w and I pA, t, dt and tau_w ms, C pF, g_L and a nS.)

    pars   dict from ``adex_pars``.
    I_inj  injected current in pA: a scalar (DC), a trace of shape (Lt,), or a batch of shape
           (n, 1) / (n, Lt) run in one vectorized pass (exactly what n single runs give).
    trace  False: return only the spike times, keeping no trace (memory independent of T; for
           rates, f-I curves and ISI statistics).
    progress  as in ``run_lif``: None shows the progress of a run that takes more than a
           second, True at once, False never; or a callable told the fraction done.

    Returns a ``Result``: ``v`` in mV and the extra ``w`` in pA, shape (Lt,) or (n, Lt) (with
    trace=False no traces); ``spikes`` in ms, an array or a list of n arrays. The sample of a
    spike shows the reset: V_r and w + b.
    """
    p = ADEX.check(pars)
    slow = Slow("linear", c=1.0, tau=p["tau_w"], jump=p["b"], init=p["w_init"],
                gain=p["a"], center=p["E_L"])
    trace = check_bool("trace", trace)
    v, u, spikes = simulate(p, I_inj, slow, trace=trace, progress=progress, model="run_adex")
    return Result("AdEx", p["dt"], v, spikes, {} if u is None else {"w": u})


#: Onset (ms) of the current step of ``adex_pattern``: the neuron first rests for this long.
PATTERN_ONSET = 50.0

#: Firing patterns of the AdEx under a current step (see ``adex_pattern``), after Naud, Marcille,
#: Clopath & Gerstner (2008), Biol. Cybern. 99:335, Table 1: C pF, g_L nS, E_L V_T Delta_T V_r
#: mV, a nS, tau_w ms, b pA, and 'I' the step amplitude in pA. Added: V_spike = 0 mV (the
#: cut-off of Brian2's example of the paper) and V_init = E_L (start at rest, w = 0).
#:
#: All rows are Table 1's except 'transient'. Its Table 1 row (C 100, g_L 10, E_L -65, a -10,
#: tau_w 90, b 30, V_r -47, I 350) has a = -g_L, for which the AdEx has no stable rest state
#: (``adex_pars`` rejects it); run just inside that bound (a = -9.99 nS) it fires on and on
#: (159 spikes at 350 pA in 950 ms). 'transient' therefore uses the row as corrected to
#: reproduce the paper's Fig. 4 by P. Mueller (Heidelberg), as in Brian2's example of this
#: paper: a = 10 nS, b = 100 pA, I = 180 pA, the rest unchanged.
#:
#: What the step (dt = 0.1 ms) shows, measured from the step's onset:
#:   tonic                 ISI 9.3 ms rising to 9.9 ms, CV 0.01
#:   adapting              ISIs grow from 11.6 ms to 76 ms
#:   initial burst         ISIs 3.8, 7.7 ms, then 55-64 ms
#:   regular bursting      doublets: ISIs alternate 5.8 ms / 133 ms
#:   delayed accelerating  first spike after 34 ms, ISIs then shrink from 21 ms to 10 ms; the
#:                         delay grows as I nears 216 pA, the rheobase with w = 0 (107 ms at
#:                         200 pA, where the same neuron with a = 0 never fires)
#:   transient             one spike 30 ms after onset, then silence
#:   irregular             aperiodic ISIs of 4-37 ms (deterministic chaos), CV about 0.5-0.6
#:                         (0.60 over the default 600 ms run; 0.51 over 5 s; larger at smaller dt)
ADEX_PATTERNS = {
    "tonic": dict(C=200.0, g_L=10.0, E_L=-70.0, V_T=-50.0, Delta_T=2.0, a=2.0, tau_w=30.0,
                  b=0.0, V_r=-58.0, I=500.0),
    "adapting": dict(C=200.0, g_L=12.0, E_L=-70.0, V_T=-50.0, Delta_T=2.0, a=2.0, tau_w=300.0,
                     b=60.0, V_r=-58.0, I=500.0),
    "initial burst": dict(C=130.0, g_L=18.0, E_L=-58.0, V_T=-50.0, Delta_T=2.0, a=4.0,
                          tau_w=150.0, b=120.0, V_r=-50.0, I=400.0),
    "regular bursting": dict(C=200.0, g_L=10.0, E_L=-58.0, V_T=-50.0, Delta_T=2.0, a=2.0,
                             tau_w=120.0, b=100.0, V_r=-46.0, I=210.0),
    "delayed accelerating": dict(C=200.0, g_L=12.0, E_L=-70.0, V_T=-50.0, Delta_T=2.0, a=-10.0,
                                 tau_w=300.0, b=0.0, V_r=-58.0, I=300.0),
    "transient": dict(C=100.0, g_L=10.0, E_L=-65.0, V_T=-50.0, Delta_T=2.0, a=10.0,
                      tau_w=90.0, b=100.0, V_r=-47.0, I=180.0),
    "irregular": dict(C=100.0, g_L=12.0, E_L=-60.0, V_T=-50.0, Delta_T=2.0, a=-11.0,
                      tau_w=130.0, b=30.0, V_r=-48.0, I=160.0),
}
for _pattern in ADEX_PATTERNS.values():
    _pattern.update(V_spike=0.0, V_init=_pattern["E_L"])


def check_pattern(name):
    """A ValueError naming the known patterns unless ``name`` is one of ``ADEX_PATTERNS``."""
    if name not in ADEX_PATTERNS:
        raise ValueError(f"unknown AdEx pattern {name!r}; known patterns are: "
                         f"{', '.join(map(repr, ADEX_PATTERNS))}")


def adex_pattern(name, T=600.0, dt=0.1, t_on=PATTERN_ONSET, **overrides):
    """Parameters and input for one of ``ADEX_PATTERNS``: ``(pars, I_inj)``.

    The current is a step of the pattern's amplitude 'I' (pA) from t_on (ms; default
    ``PATTERN_ONSET`` = 50 ms, so the trace first shows the neuron at rest) to the end of the
    run. ``overrides`` change any AdEx parameter, e.g. ``adex_pattern('tonic', b=20.0)``.
    """
    if not isinstance(name, str):
        check_choice("name", name, tuple(ADEX_PATTERNS))  # a TypeError naming the patterns
    check_pattern(name)
    values = {k: v for k, v in ADEX_PATTERNS[name].items() if k != "I"}
    pars = adex_pars(**{**values, "T": T, "dt": dt, **overrides})
    return pars, step_current(pars, ADEX_PATTERNS[name]["I"], t_on=t_on)


def adex_nullclines(pars, V, I=0.0):
    """The AdEx nullclines in the (V, w) plane under a constant current I (pA), at voltages V (mV):

    V-nullcline (dV/dt = 0):  w = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) + I
    w-nullcline (dw/dt = 0):  w = a (V - E_L)

    Returns (w_V, w_w) in pA, each of V's shape (floats for a number V)."""
    a, E_L = values_of(pars, "a", "E_L")
    ADEX.refuse_unknown(pars)
    w_V = eif_current(pars, V, I)
    w_w = a * (as_float_array("V", V, unit="mV") - E_L)
    return w_V, (float(w_w) if w_w.ndim == 0 else np.broadcast_to(w_w, np.shape(w_V)).copy())
