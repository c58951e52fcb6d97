"""Checks for notebooks 01 and 02: run_LIF and find_rheobase_current."""

import math

import numpy as np

from ..inputs import gwn, step_current
from ..lif import lif_rheobase, refractory_steps, run_lif
from ..params import default_pars
from ._core import _Wrong, _call, _check, _key_hint, _float, _array, _pair, _times


# --- 01 run_LIF ---------------------------------------------------------------------------

def _ref_run_LIF(pars, Iinj, stop=False):
    """nl.run_lif."""
    return run_lif(pars, Iinj, stop=stop)


def _lif_runaway(pars, I, n):
    """The first n samples of the LIF with the sign of the leak flipped (no threshold)."""
    v = np.empty(n)
    v[0] = pars["V_init"]
    I = np.broadcast_to(np.asarray(I, dtype=float), (len(pars["range_t"]),))
    for k in range(n - 1):
        v[k + 1] = v[k] + ((v[k] - pars["E_L"]) + I[k] / pars["g_L"]) * pars["dt"] / pars["tau_m"]
    return v


def _run_lif_hint(exc):
    if isinstance(exc, KeyError):
        return _key_hint(default_pars())(exc)
    if isinstance(exc, TypeError) and "subscript" in str(exc):
        return "Iinj may be a number: make it an array first, Iinj = Iinj * np.ones(Lt)"
    if isinstance(exc, IndexError):
        return "the loop runs over range(Lt - 1) and writes v[it + 1]"
    return None


def check_run_LIF(f):
    """Check ``run_LIF(pars, Iinj, stop=False) -> (v, rec_spikes)``: forward Euler with threshold,
    reset and refractory period; v in mV of shape (Lt,), spike times in ms (step index × dt).

    Accepted, as the assignment allows: the spike recorded on the step where V is found at or
    above V_th (nl.run_lif) or on the step before (the step whose update crossed); V held at
    V_reset for round(tref/dt) steps after the spike step or one more (a float countdown
    ``tr = tref/dt`` that lands just above the whole number); the sample of a spike showing
    V_reset or the value above threshold; Iinj a number or an array.
    Names: wrong sign of the leak, spike times in steps instead of ms, no reset, no refractory
    period, refractory period one step short (or too long, or counted in ms as steps), stop
    ignored, spikes where there should be none and the other way round.
    """
    cases = [
        ("100 pA, T = 500 ms (no spikes)", dict(T=500.0), 100.0, False),
        ("400 pA, dt = 0.1 ms", dict(), 400.0, False),
        ("400 pA, dt = 0.05 ms", dict(dt=0.05, T=200.0), 400.0, False),
        ("500 pA, tref = 5 ms", dict(tref=5.0, T=200.0), 500.0, False),
        # 0.7 / 0.1 = 6.999...: int() truncates the hold to 6 steps, one short
        ("400 pA, tref = 0.7 ms", dict(tref=0.7, T=200.0), 400.0, False),
        ("noisy current array (mu 250 pA, sig 1)", dict(), "gwn", False),
        ("300 pA with stop=True", dict(), 300.0, True),
    ]
    return _check("run_LIF", f, [(label, _lif_case(*args)) for label, *args in cases],
                  hint=_run_lif_hint)


def _same_times(sp, steps, unit):
    """Spike times sp equal to the step indices ``steps`` times ``unit``, or each one step
    earlier (the spike recorded on the step whose update crossed V_th)."""
    return any(np.allclose(sp, (steps + s) * unit, rtol=0, atol=1e-6 * unit) for s in (0, -1))


def _lif_case(overrides, I, stop):
    pars = default_pars(**overrides)
    if isinstance(I, str):
        I = gwn(pars, 250.0, 1.0, seed=7)
    dt, tref = pars["dt"], pars["tref"]
    Lt = pars["range_t"].size
    nref = refractory_steps(tref, dt)
    I_on = I * step_current(pars, 1.0, pars["T"] / 2 - 100, pars["T"] / 2 + 100) if stop else I

    def reference(hold):
        v, sp = run_lif(dict(pars, tref=hold * dt), I, stop=stop)
        return v, np.rint(sp / dt).astype(int)

    accepted = [reference(h) for h in (nref, nref + 1)]
    v0, st0 = accepted[0]

    def matches(v, sp, ref, unit=dt):
        rv, rst = ref
        if sp.size != rst.size:
            return False
        if not _same_times(sp, rst, unit):
            return False
        bad = np.abs(v - rv) > 1e-6
        bad[-1] = False
        return np.count_nonzero(bad) <= 2 * rst.size

    def run(func):
        out = _pair(_call(func, pars, I, stop), "run_LIF")
        v = _array(out[0], "v")
        if v.shape != (Lt,):
            raise _Wrong(f"v has shape {v.shape}, expected ({Lt},): one voltage per time step "
                         f"of pars['range_t']")
        sp = _array(out[1], "rec_spikes").ravel()
        if any(matches(v, sp, ref) for ref in accepted):
            return
        if sp.size and any(matches(v, sp, ref, unit=1.0) for ref in accepted):
            raise _Wrong(f"spikes at {_times(sp, 3)}, expected {_times(st0 * dt, 3)} ms: spike "
                         f"times in steps, not ms (multiply the step indices by dt)")
        # V before the first spike is plain forward Euler
        first = st0[0] if st0.size else Lt
        if sp.size:
            first = min(first, int(sp[0] / dt))
        diff = np.abs(v[:first] - v0[:first]) > 1e-6
        if diff.any():
            k = int(np.argmax(diff))
            if k == 0:
                raise _Wrong(f"v[0] = {v[0]:g} mV, expected V_init = {pars['V_init']:g} mV")
            m = min(first, k + 20)
            wrong = _lif_runaway(pars, I_on, m)
            if np.allclose(v[:m], wrong, atol=1e-6):
                raise _Wrong(f"at t = {k * dt:g} ms V = {v[k]:.3f} mV, expected {v0[k]:.3f} mV: "
                             f"wrong sign of the leak, V runs away from E_L instead of relaxing "
                             f"to it (dv = (-(V - E_L) + I/g_L) dt/tau_m)")
            if stop and np.allclose(v[:m], run_lif(pars, I)[0][:m], atol=1e-6):
                raise _Wrong("the current is on from the start: stop=True is ignored (the input "
                             "must be on only for T/2 - 100 ms <= t < T/2 + 100 ms)")
            raise _Wrong(f"at t = {k * dt:g} ms V = {v[k]:.4f} mV, expected {v0[k]:.4f} mV: "
                         f"not the forward-Euler step V += (-(V - E_L) + I/g_L) dt/tau_m")
        high = v >= pars["V_th"]
        above = np.count_nonzero(high)
        if np.any(high[:-1] & high[1:]):  # a reset brings V down right after a sample above V_th
            raise _Wrong(f"V stays at or above V_th = {pars['V_th']:g} mV for {above} steps "
                         f"(up to {v.max():.1f} mV): no reset, set V to V_reset = "
                         f"{pars['V_reset']:g} mV at each spike")
        if st0.size == 0:
            raise _Wrong(f"expected no spikes (V stays below V_th), got {sp.size}, first at "
                         f"{sp[0]:g} ms")
        if sp.size == 0:
            raise _Wrong(f"expected {st0.size} spikes from {st0[0] * dt:g} ms, got none: a spike "
                         f"is when V >= V_th (record it, then reset)")
        if sp.size >= 2:
            # the refractory hold: which number of steps gives the student's spikes?
            for hold in [0, nref - 1, int(round(tref))] + list(range(2 * nref + 3)):
                if hold < 0 or hold in (nref, nref + 1):
                    continue
                _, st = reference(hold)
                if st.size != sp.size or not _same_times(sp, st, dt):
                    continue
                d = (hold - nref) * dt
                short = f"the ISIs are {abs(d):g} ms {'short' if d < 0 else 'long'}"
                if hold == 0:
                    raise _Wrong(f"no refractory period: {short} (hold V at V_reset for tref "
                                 f"= {tref:g} ms after each spike)")
                if hold == nref - 1:
                    raise _Wrong(f"refractory period one step short: {short} (hold V at V_reset "
                                 f"for tref/dt = {nref} steps after the spike step)")
                if hold == int(round(tref)):
                    raise _Wrong(f"refractory period counted as tref = {tref:g} steps instead "
                                 f"of tref/dt = {nref} steps: {short}")
                raise _Wrong(f"{short}: V is held at V_reset for {hold} steps after a spike, "
                             f"expected tref/dt = {nref}")
        if stop:
            _, sp_on = run_lif(pars, I)
            if sp.size == sp_on.size and np.allclose(sp, sp_on, atol=1.01 * dt):
                raise _Wrong("stop=True is ignored: the input must be on only for "
                             "T/2 - 100 ms <= t < T/2 + 100 ms")
        raise _Wrong(f"expected {st0.size} spikes at {_times(st0 * dt)} ms, got {sp.size} at "
                     f"{_times(sp)} ms")

    return run


# --- 02 find_rheobase_current -------------------------------------------------------------

def _ref_find_rheobase_current(pars, init_I):
    """The 1-pA walk of the assignment: the first of init_I, init_I + 1, ... (pA) at which
    nl.run_lif spikes. Below the closed-form rheobase nothing spikes, so the walk starts there;
    each chunk of candidates is one batch."""
    init_I = float(init_I)
    k = 0
    if pars["V_init"] < pars["V_th"]:  # else the neuron spikes at t = 0 whatever the current
        k = max(0, int(math.floor(lif_rheobase(pars) - init_I)) - 1)
    for _ in range(1000):
        levels = init_I + np.arange(k, k + 32)
        _, spikes = run_lif(pars, levels[:, None])
        hits = [i for i, s in enumerate(spikes) if s.size]
        if hits:
            return float(levels[hits[0]])
        k += 32
    raise RuntimeError("no current up to 32000 pA above init_I makes the neuron spike")


def check_find_rheobase_current(f):
    """Check ``find_rheobase_current(pars, init_I)``: the walk init_I, init_I + 1, ... pA that
    returns the first current at which the simulated neuron spikes (201 pA for default_pars,
    walking from 180 pA). It may use nl.run_lif or the student's run_LIF.
    Names: off by one (one pA too high, or too low), the closed-form rheobase instead of the
    walk, init_I ignored, pars ignored."""
    default = default_pars()
    cases = [
        ("default_pars, init_I = 180 pA", default, 180.0),
        ("default_pars, init_I = 250 pA (already spikes)", default, 250.0),
        ("E_L = V_init = -65 mV, init_I = 85 pA", default_pars(E_L=-65.0, V_init=-65.0), 85.0),
    ]
    def case(pars, init_I):
        def run(func):
            got = _float(_call(func, pars, init_I), "the rheobase")
            want = _ref_find_rheobase_current(pars, init_I)  # after the call: a stub is quick
            closed = lif_rheobase(pars)
            if abs(got - want) < 1e-6:
                return
            msg = f"expected {want:g} pA, got {got:g} pA"
            if abs(got - want - 1) < 1e-6:
                raise _Wrong(f"{msg}: off by one, one pA too high (after the loop that adds 1 "
                             f"past the spiking current, return I - 1)")
            if abs(got - want + 1) < 1e-6:
                raise _Wrong(f"{msg}: off by one, {got:g} pA does not make the neuron spike")
            if abs(got - closed) < 1e-6:
                raise _Wrong(f"{msg}: {got:g} pA is the closed-form rheobase g_L (V_th - E_L), at "
                             f"which V only creeps towards V_th; walk up until the simulated "
                             f"neuron spikes")
            if init_I > want - 1e-9 and got < init_I:
                raise _Wrong(f"{msg}: init_I is ignored, the walk must start at init_I = "
                             f"{init_I:g} pA, which already spikes")
            if pars is not default and \
                    abs(got - _ref_find_rheobase_current(default, init_I)) < 1e-6:
                raise _Wrong(f"{msg}: pars is ignored ({got:g} pA is the answer for "
                             f"default_pars); run the model with the pars given")
            raise _Wrong(msg)
        return run

    return _check("find_rheobase_current", f,
                  [(label, case(pars, I)) for label, pars, I in cases])
