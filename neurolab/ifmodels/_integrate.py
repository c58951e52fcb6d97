"""The one integrator behind the EIF, AdEx and GEM: an exponential integrate-and-fire neuron
with an optional slow variable u (units: ms, mV, pA, nS, pF).

    C dV/dt   = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - c u + I(t)
    tau_u du/dt = u_inf(V) - u

    u_inf(V) = gain (V - center)                       'linear'  (AdEx: u = w in pA, c = 1)
             = 1 / (1 + exp((center - V) / width))     'sigmoid' (GEM:  u = x in [0, 1], c = g_x)

When V reaches V_spike a spike is recorded, V is set to V_r, u jumps by ``jump`` (AdEx: b), and V
is held at V_r for the refractory period tref (whole steps, as in the LIF); u keeps evolving.
Without a slow variable (EIF) the u terms are skipped.

Forward Euler, one step per sample. Each step: (1) a neuron in its refractory period is held at
V_r; otherwise, if V >= V_spike, a spike is recorded and the reset applied; (2) the state is
stored; (3) V and u advance together from the stored state. Because the threshold test comes
before the update, the exponential is only ever evaluated at V < V_spike, and the stored trace
never shows a value at or above V_spike (the sample of a spike shows V_r). The last sample is
tested too, so a crossing at the last step is a spike.

A single neuron runs on Python floats; a batch runs vectorized, time-major, with the same
operations in the same order, so it gives exactly (bit for bit) what single runs give.
"""

from dataclasses import dataclass

import numpy as np

from .._batch import BatchSpikes
from .._checks import as_injected
from ..lif import V_FLOOR, refractory_steps

# exp() of the sigmoid is taken at min(z, _EXP_CAP): exp(700) is finite (about 1e304), the
# sigmoid is then 0 to double precision, and the exponential never overflows.
_EXP_CAP = 700.0


@dataclass(frozen=True)
class Slow:
    """The slow variable u: ``kind`` 'linear' or 'sigmoid' (see the module docstring), its
    coupling ``c`` into the voltage equation (-c u, in pA), time constant ``tau`` (ms), ``jump``
    added at each spike, initial value ``init``, and the parameters of u_inf."""

    kind: str
    c: float
    tau: float
    jump: float
    init: float
    gain: float = 0.0
    center: float = 0.0
    width: float = 1.0


def simulate(p, I_inj, slow=None):
    """Run the model for checked parameters ``p`` (with Lt) and an injected current.

    Returns ``(v, u, spikes)``: v and u with shape (Lt,) or (n, Lt) (u is None without a slow
    variable); spikes an array of times in ms, or a list of n arrays for a batch.
    """
    I, batch = as_injected("I_inj", I_inj, p["Lt"], T=p["T"], dt=p["dt"])
    nref = refractory_steps(p["tref"], p["dt"])
    if batch:
        with np.errstate(over="ignore", invalid="ignore"):
            v, u, batch_spikes = _run_batch(p, I, slow, nref)
        spikes = batch_spikes.times(p["dt"])
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            v, u, steps = _run_single(p, I.tolist(), slow, nref)
        v, u = np.array(v), (None if slow is None else np.array(u))
        spikes = np.array(steps, dtype=np.int64) * p["dt"]
    if not np.all(np.isfinite(v)) or (u is not None and not np.all(np.isfinite(u))):
        raise ValueError(
            f"the simulation diverged: V or the slow variable became infinite or NaN with "
            f"dt = {p['dt']} ms; the parameters or the input current are too extreme for "
            f"forward Euler, use a smaller dt or smaller values"
        )
    lowest = float(v.min())
    if lowest < V_FLOOR:
        raise ValueError(
            f"the membrane potential fell to {lowest:.4g} mV, below {V_FLOOR:g} mV where the "
            f"model means nothing: I_inj (down to {float(np.min(I)):.4g} pA) or the slow "
            f"variable's current is far too negative for g_L = {p['g_L']} nS; use smaller values"
        )
    return v, u, spikes


def _run_single(p, I, slow, nref):
    """One neuron on Python floats: numpy's per-call cost would dominate a scalar loop.

    exp is numpy's, called on one float (about 0.2 µs, not math's 0.03 µs): numpy may compute
    it with SIMD code whose last bit differs from the C library's (it does on AVX-512
    machines), and a batch must give exactly what single runs give."""
    exp = np.exp
    E_L, g_L, V_T, dT = p["E_L"], p["g_L"], p["V_T"], p["Delta_T"]
    gdT, kv = g_L * dT, p["dt"] / p["C"]
    v_spike, v_r = p["V_spike"], p["V_r"]
    Lt = len(I)
    vs = [0.0] * Lt
    us = [0.0] * Lt
    steps = []
    v = p["V_init"]
    hold = 0
    if slow is None:
        kind, c, ku, jump, u = "", 0.0, 0.0, 0.0, 0.0
    else:
        kind, c, ku, jump, u = slow.kind, slow.c, p["dt"] / slow.tau, slow.jump, slow.init
        gain, center, width = slow.gain, slow.center, slow.width
    last = Lt - 1
    for it in range(Lt):
        if hold:
            v = v_r
            hold -= 1
        elif v >= v_spike:
            steps.append(it)
            v = v_r
            u = u + jump
            hold = nref
        vs[it] = v
        us[it] = u
        if it == last:
            break
        drive = (E_L - v) * g_L + float(exp((v - V_T) / dT)) * gdT - c * u + I[it]
        if kind == "linear":
            u = u + (gain * (v - center) - u) * ku
        elif kind == "sigmoid":
            u = u + (1.0 / (1.0 + float(exp(min((center - v) / width, _EXP_CAP)))) - u) * ku
        v = v + drive * kv
    return vs, us, steps


def _run_batch(p, I, slow, nref):
    """n neurons at once, the same arithmetic as `_run_single` on each, time-major.

    Refractory neurons are held at V_r by `BatchSpikes` (a voltage Euler factor of 0; the
    drive is finite at V_r, so V + drive * 0 == V_r exactly).

    The per-step cost is numpy's per-call overhead, so the constants are 0-d arrays (a Python
    float operand costs a conversion at every call), outputs are passed positionally, and the
    multiplication by c = 1 (AdEx) is skipped: 1.0 * u == u exactly, as in `_run_single`.
    """
    const = lambda x: np.array(x, dtype=float)
    E_L, g_L, V_T, dT = const(p["E_L"]), const(p["g_L"]), const(p["V_T"]), const(p["Delta_T"])
    gdT, kv = const(p["g_L"] * p["Delta_T"]), p["dt"] / p["C"]
    v_spike, v_r = const(p["V_spike"]), p["V_r"]
    n, Lt = I.shape
    drive_in = np.ascontiguousarray(I.T)  # (Lt, n)
    V = np.empty((Lt, n))
    V[0] = p["V_init"]
    kind = "" if slow is None else slow.kind
    U = np.empty((Lt, n)) if kind else None
    if slow is not None:
        U[0] = slow.init
        c, ku, jump = const(slow.c), const(p["dt"] / slow.tau), slow.jump
        gain, center, width = const(slow.gain), const(slow.center), const(slow.width)
        couple = slow.c != 1.0
        one, cap = const(1.0), const(_EXP_CAP)
    spikes = BatchSpikes(n, kv, nref)
    factor = spikes.factor
    hit = np.empty(n, dtype=bool)
    tmp = np.empty(n)
    add, sub, mul, div, ex = np.add, np.subtract, np.multiply, np.divide, np.exp
    ge, count, minimum = np.greater_equal, np.count_nonzero, np.minimum
    for it in range(Lt):
        v = V[it]
        spikes.release(it)
        ge(v, v_spike, hit)
        if count(hit):
            idx = hit.nonzero()[0]
            v[idx] = v_r
            if kind:
                U[it, idx] += jump
            spikes.spike(it, idx)
        if it == Lt - 1:
            break
        nv = V[it + 1]
        # drive = (E_L - v) * g_L + exp((v - V_T) / dT) * gdT - c * u + I
        sub(E_L, v, nv)
        mul(nv, g_L, nv)
        sub(v, V_T, tmp)
        div(tmp, dT, tmp)
        ex(tmp, tmp)
        mul(tmp, gdT, tmp)
        add(nv, tmp, nv)
        if kind:
            u, nu = U[it], U[it + 1]
            if couple:
                mul(u, c, tmp)
                sub(nv, tmp, nv)
            else:
                sub(nv, u, nv)
        add(nv, drive_in[it], nv)
        # u advances from the stored (v, u) before v does
        if kind == "linear":
            sub(v, center, tmp)
            mul(tmp, gain, tmp)
        elif kind == "sigmoid":
            sub(center, v, tmp)
            div(tmp, width, tmp)
            minimum(tmp, cap, out=tmp)
            ex(tmp, tmp)
            add(tmp, one, tmp)
            div(one, tmp, tmp)
        if kind:
            sub(tmp, u, tmp)
            mul(tmp, ku, tmp)
            add(u, tmp, nu)
        # v + drive * factor
        mul(nv, factor, nv)
        add(v, nv, nv)
    return V.T, (U.T if kind else None), spikes
