"""Judges for notebooks 01 and 02: run_LIF and find_rheobase_current.

run_LIF: equivalent means the same (v, rec_spikes) as the solution on every run of a broad suite,
up to what the exercise leaves open (the same freedoms check_run_LIF accepts, written here on
their own):

- the spike time is the step at which V is found at or above V_th, or the step before it (the
  step whose update crossed), the same for every spike; a spike at the very last sample, which
  the solution's loop never tests, may be recorded or not;
- the sample of a spike shows V_reset or the value found above threshold; the last sample shows
  V_reset or the Euler step (the solution's loop never clamps it);
- the refractory hold is round(tref/dt) steps, or ceil(tref/dt) (a float countdown tr = tref/dt
  holds one more step where tref/dt lands just above a whole number);
- values to 1e-9 relative (1e-7 mV), spike times to 1e-6 dt.

The suite: 36 runs on random parameter sets in which every voltage, time and conductance differs
from every other (V_init below V_th; E_L above V_th in some), dt from 0.01 to 0.2 ms, tref from
0 to 3.5 ms (tref/dt landing below, on and above a whole number), T from 60 to 450 ms; each with
a constant current (below and above the rheobase, negative, an int) or a noisy array, with stop
left at its default (not passed) and with stop=True.

find_rheobase_current: the same number (to 1e-6 pA) on 40 random parameter sets (all values
different, T short enough that the finite run raises the threshold current in some) with init_I
whole and fractional, below the rheobase and above it (then the answer is init_I itself).
"""

import math

import numpy as np

from ._common import Raised, call

_VOLTS = ("V_th", "V_reset", "E_L", "V_init")
_OTHERS = ("tau_m", "g_L", "tref", "T", "dt")


def _distinct(p):
    values = [p[k] for k in _VOLTS + _OTHERS]
    return len(set(values)) == len(values)


def _random_lif_pars(rng, i):
    """default_pars' keys, every value different, valid for default_pars."""
    import neurolab as nl
    dts = [0.1, 0.05, 0.025, 0.2, 0.1, 0.05]
    trefs = [0.0, 0.7, 1.3, 2.0, 2.5, 0.3, 3.5, 0.6, 1.1]
    while True:
        dt = dts[i % len(dts)]
        p = dict(V_th=round(float(rng.uniform(-58, -45)), 3),
                 tau_m=round(float(rng.uniform(max(4.0, 10 * dt), 30)), 3),
                 g_L=round(float(rng.uniform(3, 25)), 3),
                 tref=trefs[i % len(trefs)], dt=dt,
                 T=round(float(rng.uniform(150, 450)), 1))
        p["V_reset"] = round(p["V_th"] - float(rng.uniform(6, 25)), 3)
        p["V_init"] = round(p["V_th"] - float(rng.uniform(0.5, 20)), 3)
        p["E_L"] = round(p["V_th"] + (float(rng.uniform(0.5, 4)) if i % 9 == 4
                                      else -float(rng.uniform(2, 20))), 3)
        if i % 12 == 7:  # a float countdown holds one step more here: 0.07 / 0.01 = 7.000…1
            p.update(dt=0.01, tref=0.07, T=60.0)
        if _distinct(p):
            return nl.default_pars(**p)


def _lif_runs():
    """(label, pars, I, stop) of the run_LIF suite."""
    rng = np.random.default_rng(20240611)
    runs = []
    for i in range(18):
        p = _random_lif_pars(rng, i)
        rheo = p["g_L"] * (p["V_th"] - p["E_L"])
        Lt = p["range_t"].size
        kind = i % 6
        if kind == 0:
            I, what = max(rheo, 0) * 0.9 - 5.0, "below the rheobase"
        elif kind == 1:
            I, what = int(round(max(rheo, 0) * 1.6 + 40)), "an int above the rheobase"
        elif kind == 2:
            I, what = -35.5, "negative"
        elif kind == 3:
            I, what = max(rheo, 0) * 3.0 + 150.0, "strong"
        else:
            I = max(rheo, 0) * 1.1 + 8.0 * p["g_L"] * rng.standard_normal(Lt)
            what = "a noisy array"
        for stop in (False, True):
            runs.append((f"run {i} ({what} current, stop={stop}; pars "
                         f"{ {k: p[k] for k in _VOLTS + _OTHERS} })", p, I, stop))
    return runs


LIF_RUNS = _lif_runs()


def _call_run_LIF(fn, p, I, stop):
    return call(fn, (p, I), {"stop": True} if stop else None)


def _drive(p, I, stop):
    """The injected current on the grid, with the stop window applied (the contract)."""
    t = p["range_t"]
    I = np.broadcast_to(np.asarray(I, dtype=float), t.shape).copy()
    if stop:
        I = I * ((t >= p["T"] / 2 - 100) & (t < p["T"] / 2 + 100))
    return I


def _holds(p):
    return sorted({int(round(p["tref"] / p["dt"])), math.ceil(p["tref"] / p["dt"])})


def _read(out, Lt):
    """(v, spike times) of a run_LIF result, or a string saying why it cannot be read."""
    if isinstance(out, Raised):
        return repr(out)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        return f"not a pair (v, rec_spikes): {type(out).__name__}"
    try:
        v = np.asarray(out[0], dtype=float)
        sp = np.asarray(out[1], dtype=float).ravel()
    except (TypeError, ValueError) as exc:
        return f"not numbers: {exc}"
    if np.iscomplexobj(out[0]) or np.iscomplexobj(out[1]):
        return "complex"
    if v.shape != (Lt,):
        return f"v has shape {v.shape}, expected ({Lt},)"
    if not (np.all(np.isfinite(v)) and np.all(np.isfinite(sp))):
        return "not finite"
    return v, sp


def _run_differs(p, I, stop, want, got):
    """None when ``got`` is an accepted answer for a run whose solution answers are ``want``
    (one per accepted hold), else the first difference from the first of them."""
    Lt, dt = p["range_t"].size, p["dt"]
    read = _read(got, Lt)
    if isinstance(read, str):
        return read
    v, sp = read
    drive = _drive(p, I, stop)
    first = None
    for v_ref, sp_ref in want:
        steps = np.rint(np.asarray(sp_ref) / dt).astype(int)
        prev = np.r_[p["V_init"], v_ref[:-1]][steps] if steps.size else np.empty(0)
        prev_I = np.r_[0.0, drive[:-1]][steps] if steps.size else np.empty(0)
        pre = np.where(steps > 0, prev + dt / p["tau_m"] * (p["E_L"] - prev + prev_I / p["g_L"]),
                       p["V_init"])
        tol = 1e-7 + 1e-9 * np.abs(v_ref)
        ok = np.abs(v - v_ref) <= tol
        ok[steps] |= (np.abs(v[steps] - p["V_reset"]) <= 1e-7) | (np.abs(v[steps] - pre) <= 1e-7)
        ok[-1] |= abs(v[-1] - p["V_reset"]) <= 1e-7
        last_spike = v_ref[-1] >= p["V_th"]
        if last_spike:  # update-first loops reset the last sample when it crosses
            ok[-1] = True
        spikes_ok = False
        for shift in (0, -1):
            options = [steps + shift] + ([np.r_[steps, Lt - 1] + shift] if last_spike else [])
            for o in options:
                if o.size == sp.size and np.allclose(sp, o * dt, rtol=0, atol=1e-6 * dt):
                    spikes_ok = True
        if ok.all() and spikes_ok:
            return None
        if first is None:
            if not ok.all():
                k = int(np.argmin(ok))
                first = f"v[{k}] (t = {k * dt:g} ms) = {v[k]!r}, expected {v_ref[k]!r}"
            else:
                first = f"spikes {sp[:5]}… ({sp.size}), expected {np.asarray(sp_ref)[:5]}… " \
                        f"({len(sp_ref)})"
    return first


def judge_run_LIF(reference, candidate):
    for label, p, I, stop in LIF_RUNS:
        want = []
        for hold in _holds(p):
            out = _call_run_LIF(reference, dict(p, tref=hold * p["dt"]), I, stop)
            if isinstance(out, Raised):
                raise RuntimeError(f"the reference raised on {label}: {out!r}")
            want.append(out)
        found = _run_differs(p, I, stop, want, _call_run_LIF(candidate, p, I, stop))
        if found:
            return f"{label}: {found}"
    return None


# --- find_rheobase_current ------------------------------------------------------------------

def _rheobase_cases():
    import neurolab as nl
    rng = np.random.default_rng(20240612)
    cases = []
    for i in range(40):
        while True:
            p = dict(V_th=round(float(rng.uniform(-58, -45)), 2),
                     tau_m=round(float(rng.uniform(4, 25)), 2),
                     g_L=round(float(rng.uniform(3, 20)), 2),
                     tref=[1.0, 2.0, 3.0, 0.5][i % 4], dt=[0.1, 0.05, 0.2][i % 3],
                     T=[300.0, 40.0, 150.0, 25.0][i % 4])
            p["V_reset"] = round(p["V_th"] - float(rng.uniform(6, 25)), 2)
            p["V_init"] = round(p["V_th"] - float(rng.uniform(1, 20)), 2)
            p["E_L"] = round(p["V_th"] - float(rng.uniform(2, 20)), 2)
            if _distinct(p):
                break
        pars = nl.default_pars(**p)
        rheo = p["g_L"] * (p["V_th"] - p["E_L"])
        start = [rheo - 30.0, rheo - 12.6, rheo + 17.25, int(rheo) - 40, rheo - 3.3][i % 5]
        cases.append((f"pars {p}, init_I = {start!r}", (pars, start)))
    return cases


RHEOBASE_CASES = _rheobase_cases()


def judge_find_rheobase_current(reference, candidate):
    for label, args in RHEOBASE_CASES:
        want, got = call(reference, args), call(candidate, args)
        if isinstance(want, Raised):
            raise RuntimeError(f"the reference raised on {label}: {want!r}")
        if isinstance(got, Raised):
            return f"{label}: expected {want!r}, got {got!r}"
        try:
            ok = abs(float(got) - float(want)) <= 1e-6 and np.size(got) == 1
        except (TypeError, ValueError):
            ok = False
        if not ok:
            return f"{label}: expected {want!r}, got {got!r:.80}"
    return None


JUDGES = {"run_LIF": judge_run_LIF, "find_rheobase_current": judge_find_rheobase_current}
