"""Compiled kernels for the simulators, used when numba is installed (``neurolab.engine``).

Each kernel advances a batch of n neurons over the steps start ... stop - 1 of a run, neuron by
neuron (the neurons are independent), from state arrays that it updates in place, so a run is
a loop over the same chunks of steps as the numpy paths (``_batch.Chunks``). They mirror the
numpy single-neuron loops operation by operation, in the same order and without fast-math:
``lif._euler_single``, ``ifmodels._integrate._run_single`` and ``hh._expeuler_single``.

Identical results: the LIF uses only +, -, × and /, so its kernel gives the same bits as the
numpy paths. The EIF, AdEx, GEM and Hodgkin-Huxley kernels call the C library's exp and expm1;
numpy calls the same functions on most machines (then the bits are the same, as on the machine
the tests run on), but on AVX-512 machines numpy may use its own SIMD exp, whose last bit can
differ: the traces then agree to about 1e-12 relative per step (tests/test_engine.py states and
checks the tolerance).

Inputs: I is the injected current as a C-contiguous (n, Lt) array, or (n, 1) for constant
currents (``wide`` False): never sliced, so every call has the same types and numba compiles
each kernel once (cached on disk: later sessions load it in a fraction of a second).
Spikes go to (step, neuron) buffers of at least n × (stop - start) entries; each kernel returns
how many it wrote, and what the caller needs to judge the chunk.
"""

import math

import numpy as np
from numba import njit

_JIT = dict(cache=True, nogil=True, error_model="numpy")

#: The sigmoid's exponent cap (``ifmodels._integrate._EXP_CAP``).
_EXP_CAP = 700.0


@njit(**_JIT)
def lif(I, wide, window, windowed, g_L, E_L, k, v_th, v_reset, nref, v, hold, start, stop,
        trace, keep, spike_step, spike_neuron):
    """LIF forward Euler (``lif._euler_single``). v, hold: each neuron's V (mV) and refractory
    steps left, updated. trace (n, Lt) gets the samples when keep. Returns the spike count and
    the lowest sample (mV)."""
    count = 0
    lowest = np.inf
    for i in range(I.shape[0]):
        vi = v[i]
        h = hold[i]
        for it in range(start, stop):
            if h:
                vi = v_reset
                h -= 1
            elif vi >= v_th:
                spike_step[count] = it
                spike_neuron[count] = i
                count += 1
                vi = v_reset
                h = nref
            if keep:
                trace[i, it] = vi
            if vi < lowest or math.isnan(vi):  # a NaN stays
                lowest = vi
            x = I[i, it] if wide else I[i, 0]
            if windowed:
                x = x * window[it]
            target = x / g_L + E_L
            vi = vi + (target - vi) * k
        v[i] = vi
        hold[i] = h
    return count, lowest


@njit(**_JIT)
def eif(I, wide, E_L, g_L, V_T, dT, gdT, kv, v_spike, v_r, nref, kind, c, ku, jump, gain,
        center, width, v, u, hold, start, stop, last, V, U, keep, keep_u, spike_step,
        spike_neuron):
    """EIF (kind 0), AdEx (kind 1: u linear in V) or GEM (kind 2: u follows a sigmoid), forward
    Euler (``ifmodels._integrate._run_single``); the sample ``last`` is tested for a spike but
    not advanced. v, u, hold updated; V (and U, with keep_u) (n, Lt) get the samples when
    keep. Returns the spike count, the lowest V sample and whether
    every sample of V and u was finite."""
    count = 0
    lowest = np.inf
    finite = True
    for i in range(I.shape[0]):
        vi = v[i]
        ui = u[i]
        h = hold[i]
        for it in range(start, stop):
            if h:
                vi = v_r
                h -= 1
            elif vi >= v_spike:
                spike_step[count] = it
                spike_neuron[count] = i
                count += 1
                vi = v_r
                ui = ui + jump
                h = nref
            if keep:
                V[i, it] = vi
                if keep_u:
                    U[i, it] = ui
            if not (math.isfinite(vi) and math.isfinite(ui)):
                finite = False
            elif vi < lowest:
                lowest = vi
            if it == last:
                break
            x = I[i, it] if wide else I[i, 0]
            drive = (E_L - vi) * g_L + math.exp((vi - V_T) / dT) * gdT - c * ui + x
            if kind == 1:
                ui = ui + (gain * (vi - center) - ui) * ku
            elif kind == 2:
                ui = ui + (1.0 / (1.0 + math.exp(min((center - vi) / width, _EXP_CAP))) - ui) * ku
            vi = vi + drive * kv
        v[i] = vi
        u[i] = ui
        hold[i] = h
    return count, lowest, finite


@njit(**_JIT)
def hh(I, wide, dt, C, gbar_Na, gbar_K, g_L, E_Na, E_K, E_L, state, previous, start, stop, last,
       threshold, v_limit, Y, keep, spike_step, spike_neuron):
    """Hodgkin-Huxley, exponential Euler (``hh._expeuler_single``). state (n, 4): v, n, m, h
    at step start, updated; previous (n,): each neuron's sample before start. A spike is an
    upward crossing of threshold between two samples; when stop == last the final sample is
    stored and tested too. Y (4, n, Lt) gets the samples when keep. Returns the spike count and
    the first sample beyond ±v_limit mV (NaN counts), or 0.0 when there is none."""
    count = 0
    worst = 0.0
    bad = False
    mdt = -dt
    kv = dt / C
    mkv = -kv
    g_L_E_L = g_L * E_L
    for i in range(I.shape[0]):
        v = state[i, 0]
        n = state[i, 1]
        m = state[i, 2]
        h = state[i, 3]
        prev = previous[i]
        for it in range(start, stop + (1 if stop == last else 0)):
            if keep:
                Y[0, i, it] = v
                Y[1, i, it] = n
                Y[2, i, it] = m
                Y[3, i, it] = h
            if not bad and not abs(v) <= v_limit:
                bad = True
                worst = v
            if it > 0 and prev < threshold and v >= threshold:
                spike_step[count] = it
                spike_neuron[count] = i
                count += 1
            prev = v
            if it == last:
                break
            y = (v + 55.0) / -10.0
            an = 0.1 * (y / math.expm1(y)) if y else 0.1
            y = (v + 40.0) / -10.0
            am = y / math.expm1(y) if y else 1.0
            uu = v + 65.0
            ah = 0.07 * math.exp(uu / -20.0)
            bn = 0.125 * math.exp(uu / -80.0)
            bm = 4.0 * math.exp(uu / -18.0)
            bh = 1.0 / (math.exp((v + 35.0) / -10.0) + 1.0)
            gk = n * n * n * n * gbar_K
            gna = m * m * m * h * gbar_Na
            g = gk + gna + g_L
            x = I[i, it] if wide else I[i, 0]
            J = gk * E_K + gna * E_Na + g_L_E_L + x
            if g:
                v = v - (J - g * v) * math.expm1(mkv * g) / g
            else:
                v = v + kv * J
            s = an + bn
            n = n - (an - s * n) * math.expm1(mdt * s) / s
            s = am + bm
            m = m - (am - s * m) * math.expm1(mdt * s) / s
            s = ah + bh
            h = h - (ah - s * h) * math.expm1(mdt * s) / s
        state[i, 0] = v
        state[i, 1] = n
        state[i, 2] = m
        state[i, 3] = h
        previous[i] = prev
    return count, worst if bad else 0.0


def contiguous_input(I):
    """(array, wide) for the kernels: a broadcast (n, 1) batch as its (n, 1) column (wide
    False), anything else as a C-contiguous (n, Lt) array (a copy only if it is not one);
    always a read-only view, so that the kernels see one type."""
    if I.ndim == 1:
        I = I[None, :]
    wide = I.shape[1] > 1 and I.strides[1] != 0
    I = np.ascontiguousarray(I if wide else I[:, :1]).view()
    I.flags.writeable = False  # one type whether the caller's array was writable or not
    return I, wide


def spike_buffers(n, longest):
    """(step, neuron) buffers large enough for one chunk (every neuron spiking every step)."""
    size = n * max(longest + 1, 1)
    return np.empty(size, dtype=np.int64), np.empty(size, dtype=np.int64)
