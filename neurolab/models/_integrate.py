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

A single neuron (or each of a narrow batch) runs on Python floats; a wider batch runs
vectorized, time-major, with the same operations in the same order, so it gives exactly (bit
for bit) what single runs give. Both work through time in chunks of samples.
"""

from dataclasses import dataclass

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
from .._checks import as_injected, value_range
from .._engine import check_size, engine
from .lif import TRACE_ALTERNATIVES, V_FLOOR, refractory_steps

#: Batches of at most this many neurons run one neuron at a time on Python floats (see
#: ``lif.NARROW_BATCH``). Measured for the EIF (20000 steps, spikes only): 8 neurons 94 ms one
#: at a time, 148 ms as a batch; 16 neurons 189 and 154 ms.
NARROW_BATCH = 12

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


def simulate(p, I_inj, slow=None, trace=True, progress=None, model="run_eif"):
    """Run the model for checked parameters ``p`` (with Lt), a bool ``trace`` and an injected
    current (checked here).

    Returns ``(v, u, spikes)``: v and u with shape (Lt,) or (n, Lt) (u is None without a slow
    variable; both None with trace=False); spikes an array of times in ms, or a list of n
    arrays for a batch. ``model`` names the caller in progress and warnings; ``progress`` as
    in ``run_eif``. The run works through time in chunks (`Chunks`): with trace=False its
    memory does not grow with T.
    """
    Lt = p["Lt"]
    I, batch = as_injected("I_inj", I_inj, Lt)
    n = I.shape[0] if batch else 1
    progress = Progress(progress, describe_run(model, n, p["T"]))
    if trace:
        arrays = 1 if slow is None else 2
        check_size(n, Lt, p["T"], p["dt"], arrays=arrays,
                   what="neurons (" + ("the voltage trace" if slow is None else
                                       "the traces of V and the slow variable") + ")",
                   alternatives=TRACE_ALTERNATIVES)
    run = _Run(p, I, slow)
    kernels = engine.kernels()
    with progress, np.errstate(over="ignore", invalid="ignore"):  # judged in _Run.judge
        if kernels is not None:
            v, u, spikes = run.compiled(kernels, I, Chunks(Lt, n, progress), trace)
            if not batch:
                v = None if v is None else v[0]
                u = None if u is None else u[0]
                spikes = spikes[0]
        elif not batch:
            v, u, spikes = run.single(I, Chunks(Lt, 1, progress), trace)
        elif n > NARROW_BATCH:
            v, u, batch_spikes = run.batch(I, Chunks(Lt, n, progress), trace)
            spikes = batch_spikes.times(p["dt"])
        else:  # one neuron at a time, progress over the whole batch
            rows = [run.single(I[i], narrow_chunks(Lt, progress, i, n), trace)
                    for i in range(n)]
            v = np.array([r[0] for r in rows]) if trace else None
            u = np.array([r[1] for r in rows]) if trace and slow is not None else None
            spikes = [r[2] for r in rows]
    warn_unresolved_isi(spikes, p["dt"], model, stacklevel=4)
    return v, u, spikes


class _Run:
    """One run through its chunks of samples: a neuron on Python floats (`single`) or a batch
    on arrays (`batch`), the same operations in the same order, so both give the same bits.
    Each chunk is judged as it is made (`judge`), so a diverging run stops early."""

    def __init__(self, p, I, slow):
        self.p, self.I, self.slow = p, I, slow
        self.nref = refractory_steps(p["tref"], p["dt"])

    def judge(self, v, u):
        """A ValueError if V or u is not finite, or V fell below V_FLOOR."""
        p = self.p
        if not np.all(np.isfinite(v)) or (u is not None and not np.all(np.isfinite(u))):
            raise ValueError(
                f"the simulation diverged: V or the slow variable became infinite or NaN with "
                f"dt = {p['dt']} ms; the parameters or the input current are too extreme for "
                f"forward Euler, use a smaller dt or smaller values"
            )
        lowest = float(np.min(v))
        if lowest < V_FLOOR:
            raise ValueError(
                f"the membrane potential fell to {lowest:.4g} mV, below {V_FLOOR:g} mV where the "
                f"model means nothing: I_inj (down to {value_range(self.I)[0]:.4g} pA) or the "
                f"slow variable's current is far too negative for g_L = {p['g_L']} nS; use "
                f"smaller values"
            )

    def single(self, I, chunks, keep):
        """One neuron, I of shape (Lt,): (v or None, u or None, spike times)."""
        p, slow = self.p, self.slow
        Lt = I.shape[-1]
        v_out = np.empty(Lt) if keep else None
        u_out = np.empty(Lt) if keep and slow is not None else None
        steps = []
        state = (p["V_init"], 0.0 if slow is None else slow.init, 0)
        for start, stop in chunks:
            vs, us, state = _run_single(p, I[start:stop].tolist(), slow, self.nref, state,
                                        start, Lt - 1, steps)
            self.judge(vs, None if slow is None else us)
            if keep:
                v_out[start:stop] = vs
                if u_out is not None:
                    u_out[start:stop] = us
        return v_out, u_out, np.array(steps, dtype=np.int64) * p["dt"]

    def compiled(self, kernels, I, chunks, keep):
        """n neurons (a 1-D I is one) through the compiled kernel: (v, u: (n, Lt) or None;
        list of spike times)."""
        p, slow = self.p, self.slow
        I, wide = kernels.contiguous_input(I)
        n, Lt = I.shape[0], p["Lt"]
        v = np.full(n, p["V_init"])
        u = np.full(n, 0.0 if slow is None else slow.init)
        hold = np.zeros(n, dtype=np.int64)
        V = np.empty((n, Lt) if keep else (1, 1))
        U = np.empty((n, Lt) if keep and slow is not None else (1, 1))
        if slow is None:
            kind, c, ku, jump, gain, center, width = 0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0
        else:
            kind = {"linear": 1, "sigmoid": 2}[slow.kind]
            c, ku, jump = slow.c, p["dt"] / slow.tau, slow.jump
            gain, center, width = slow.gain, slow.center, slow.width
        step_buf, neuron_buf = kernels.spike_buffers(n, chunks.longest)
        steps, neurons = [], []
        for start, stop in chunks:
            count, lowest, finite = kernels.eif(
                I, wide, p["E_L"], p["g_L"], p["V_T"], p["Delta_T"], p["g_L"] * p["Delta_T"],
                p["dt"] / p["C"], p["V_spike"], p["V_r"], self.nref, kind, c, ku, jump, gain,
                center, width, v, u, hold, start, stop, Lt - 1, V, U, keep, slow is not None,
                step_buf, neuron_buf)
            self.judge(np.array([lowest if finite else np.nan]), None)
            steps.append(step_buf[:count].copy())
            neurons.append(neuron_buf[:count].copy())
        spikes = spike_trains(steps, neurons, n, p["dt"])
        if not keep:
            return None, None, spikes
        return V, (None if slow is None else U), spikes

    def batch(self, I, chunks, keep):
        """n neurons, I of shape (n, Lt): (v, u: (n, Lt) or None; BatchSpikes)."""
        p, slow = self.p, self.slow
        n, Lt = I.shape
        rows = Lt if keep else chunks.longest + 1
        V = np.empty((rows, n))
        V[0] = p["V_init"]
        U = None if slow is None else np.empty((rows, n))
        if U is not None:
            U[0] = slow.init
        drive = np.empty((chunks.longest, n))
        spikes = BatchSpikes(n, p["dt"] / p["C"], self.nref)
        for start, stop in chunks:
            m = stop - start
            d = drive[:m]
            d[...] = I[:, start:stop].T
            here = slice(start, stop + 1) if keep else slice(0, m + 1)
            Vc, Uc = V[here], (None if U is None else U[here])
            _run_batch(p, Vc, Uc, d, slow, spikes, start, Lt - 1)
            self.judge(Vc[:m], None if U is None else Uc[:m])
            if not keep and stop < Lt:
                V[0] = V[m]
                if U is not None:
                    U[0] = U[m]
        if not keep:
            return None, None, spikes
        return V.T, (None if U is None else U.T), spikes


def _run_single(p, I, slow, nref, state, it0, last, steps):
    """One neuron on Python floats (numpy's per-call cost would dominate a scalar loop), over
    the samples it0 ... it0 + len(I) - 1 from ``state`` = (v, u, refractory steps left) at it0;
    the sample ``last`` (the run's final one) is tested for a spike but not advanced. Appends
    the spike steps to ``steps``; returns the samples of v and u and the state after them.

    exp is numpy's, called on one float (about 0.2 µs, not math's 0.03 µs): numpy may compute
    it with SIMD code whose last bit differs from the C library's (it does on AVX-512
    machines), and a batch must give exactly what single runs give."""
    exp = np.exp
    E_L, g_L, V_T, dT = p["E_L"], p["g_L"], p["V_T"], p["Delta_T"]
    gdT, kv = g_L * dT, p["dt"] / p["C"]
    v_spike, v_r = p["V_spike"], p["V_r"]
    m = len(I)
    vs = [0.0] * m
    us = [0.0] * m
    v, u, hold = state
    if slow is None:
        kind, c, ku, jump = "", 0.0, 0.0, 0.0
    else:
        kind, c, ku, jump = slow.kind, slow.c, p["dt"] / slow.tau, slow.jump
        gain, center, width = slow.gain, slow.center, slow.width
    for j in range(m):
        if hold:
            v = v_r
            hold -= 1
        elif v >= v_spike:
            steps.append(it0 + j)
            v = v_r
            u = u + jump
            hold = nref
        vs[j] = v
        us[j] = u
        if it0 + j == last:
            break
        drive = (E_L - v) * g_L + float(exp((v - V_T) / dT)) * gdT - c * u + I[j]
        if kind == "linear":
            u = u + (gain * (v - center) - u) * ku
        elif kind == "sigmoid":
            u = u + (1.0 / (1.0 + float(exp(min((center - v) / width, _EXP_CAP)))) - u) * ku
        v = v + drive * kv
    return vs, us, (v, u, hold)


def _run_batch(p, V, U, drive_in, slow, spikes, it0, last):
    """n neurons at once, the same arithmetic as `_run_single` on each, time-major, over the
    samples it0 ... it0 + len(drive_in) - 1: rows of V (and U) hold the state at it0 first and
    get the following samples; the sample ``last`` is tested but not advanced.

    Refractory neurons are held at V_r by `BatchSpikes` (a voltage Euler factor of 0; the
    drive is finite at V_r, so V + drive * 0 == V_r exactly).

    The per-step cost is numpy's per-call overhead, so the constants are 0-d arrays (a Python
    float operand costs a conversion at every call), outputs are passed positionally, and the
    multiplication by c = 1 (AdEx) is skipped: 1.0 * u == u exactly, as in `_run_single`.
    """
    const = lambda x: np.array(x, dtype=float)
    E_L, g_L, V_T, dT = const(p["E_L"]), const(p["g_L"]), const(p["V_T"]), const(p["Delta_T"])
    gdT = const(p["g_L"] * p["Delta_T"])
    v_spike, v_r = const(p["V_spike"]), p["V_r"]
    n = V.shape[1]
    kind = "" if slow is None else slow.kind
    if slow is not None:
        c, ku, jump = const(slow.c), const(p["dt"] / slow.tau), slow.jump
        gain, center, width = const(slow.gain), const(slow.center), const(slow.width)
        couple = slow.c != 1.0
        one, cap = const(1.0), const(_EXP_CAP)
    factor = spikes.factor
    hit = np.empty(n, dtype=bool)
    tmp = np.empty(n)
    add, sub, mul, div, ex = np.add, np.subtract, np.multiply, np.divide, np.exp
    ge, count, minimum = np.greater_equal, np.count_nonzero, np.minimum
    for j in range(len(drive_in)):
        it = it0 + j
        v = V[j]
        spikes.release(it)
        ge(v, v_spike, hit)
        if count(hit):
            idx = hit.nonzero()[0]
            v[idx] = v_r
            if kind:
                U[j, idx] += jump
            spikes.spike(it, idx)
        if it == last:
            break
        nv = V[j + 1]
        # drive = (E_L - v) * g_L + exp((v - V_T) / dT) * gdT - c * u + I
        sub(E_L, v, nv)
        mul(nv, g_L, nv)
        sub(v, V_T, tmp)
        div(tmp, dT, tmp)
        ex(tmp, tmp)
        mul(tmp, gdT, tmp)
        add(nv, tmp, nv)
        if kind:
            u, nu = U[j], U[j + 1]
            if couple:
                mul(u, c, tmp)
                sub(nv, tmp, nv)
            else:
                sub(nv, u, nv)
        add(nv, drive_in[j], nv)
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
