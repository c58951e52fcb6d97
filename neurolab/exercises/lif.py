"""Checks for notebooks 01 and 02: run_LIF and find_rheobase_current."""

import math

import numpy as np

from ..models.lif import default_pars, lif_rheobase, refractory_steps, run_lif
from ._core import _call, _check, _float, _key_hint, _numbers, _pair, _times, _two, _Wrong, exercise

# --- 01 run_LIF ---------------------------------------------------------------------------

def _ref_run_LIF(pars, Iinj, stop=False):
    """nl.run_lif, as the assignment's pair (v, rec_spikes)."""
    run = run_lif(pars, Iinj, stop=stop)
    return run.v, run.spikes


#: The parameters of the run_LIF cases: every voltage differs from every other, and tau_m from
#: g_L, so that reading one parameter for another (resetting to V_init or E_L, I/tau_m for
#: I/g_L, ...) changes the answer. Rheobase g_L (V_th - E_L) = 112 pA.
_LIF_SET = dict(V_th=-52.0, V_reset=-71.0, E_L=-66.0, V_init=-60.0, tau_m=12.0, g_L=8.0,
                T=300.0)


def _pars_text(pars):
    """The parameters of a case, for its label: V_th=-52, V_reset=-71, ..."""
    return ", ".join(f"{k}={pars[k]:g}" for k in _LIF_SET if k != "T")


#: (label, overrides of _LIF_SET, current in pA or "noise", stop)
_LIF_CASES = [
    ("110 pA, no spikes, stop not given", dict(tref=2.0), 110.0, False),
    ("300 pA, dt = 0.1 ms, tref = 2 ms", dict(tref=2.0), 300.0, False),
    # 0.7 / 0.05 = 13.999...: int() truncates the hold to 13 steps, one short
    ("300 pA, dt = 0.05 ms, tref = 0.7 ms", dict(dt=0.05, tref=0.7), 300.0, False),
    ("600 pA, tref = 0 (reset, no hold)", dict(tref=0.0, T=100.0), 600.0, False),
    ("noisy current array, tref = 1.3 ms", dict(tref=1.3), "noise", False),
    # T/2 is not a whole number of ms, and the window's edges are samples of the grid
    ("250 pA with stop=True, T = 401 ms", dict(tref=2.5, T=401.0), 250.0, True),
    ("noisy current array with stop=True, dt = 0.05 ms, T = 301 ms",
     dict(dt=0.05, tref=1.5, T=301.0), "noise", True),
]


def _noise(pars):
    """A noisy current (pA) on the grid of pars: 150 pA mean, 60 pA standard deviation."""
    rng = np.random.default_rng(16)
    return 150.0 + 60.0 * rng.standard_normal(pars["range_t"].size)


def _window(pars, I, stop, start=0, end=0, in_steps=False):
    """The current on the grid, zero outside T/2 - 100 <= t < T/2 + 100 ms when ``stop``. The
    mistakes: edges moved by ``start``/``end`` steps; ``in_steps``: the window ±1000 steps
    around step Lt/2 (100 ms only at dt = 0.1 ms)."""
    t = pars["range_t"]
    I = np.broadcast_to(np.asarray(I, dtype=float), t.shape).copy()
    if stop:
        k = np.arange(t.size)
        if in_steps:
            on = (k >= t.size // 2 - 1000) & (k < t.size // 2 + 1000)
        else:
            first = int(np.searchsorted(t, pars["T"] / 2 - 100)) + start
            stop_at = int(np.searchsorted(t, pars["T"] / 2 + 100)) + end
            on = (k >= first) & (k < stop_at)
        I = I * on
    return I


def _close(got, want):
    """Equal voltages (mV) up to round-off: 1e-6 mV, or 1e-9 relative for a runaway V."""
    return np.abs(got - want) <= 1e-6 + 1e-9 * np.abs(want)


class _Run:
    """One forward-Euler run of the LIF in the notebook's order (refractory clamp, threshold
    test with reset, Euler update), with the knobs of the common mistakes. Holds the trace v
    (mV), the spike steps, the values found at or above V_th at those steps (``pre``) and, per
    step, the state: 'clamp', 'spike' or '' (integrating)."""

    def __init__(self, pars, I, hold, leak=-1.0, reset_to=None, clamp_to=None, resets=True):
        p = pars
        self.pars, self.hold = p, hold
        V_th, E_L, g_L = p["V_th"], p["E_L"], p["g_L"]
        reset_to = p["V_reset"] if reset_to is None else reset_to
        clamp_to = p["V_reset"] if clamp_to is None else clamp_to
        k = p["dt"] / p["tau_m"]
        Lt = p["range_t"].size
        v, state, steps, pre = [0.0] * Lt, [""] * Lt, [], []
        x, tr = p["V_init"], 0
        for it, current in enumerate(I[:-1].tolist()):
            if tr > 0:
                x, tr, state[it] = clamp_to, tr - 1, "clamp"
            elif x >= V_th:
                steps.append(it)
                pre.append(x)
                state[it] = "spike"
                if resets:
                    x = reset_to
                tr = hold
            v[it] = x
            x = x + k * (leak * (x - E_L) + current / g_L)
        v[-1] = x
        self.v, self.state = np.array(v), state
        self.steps, self.pre = np.array(steps, dtype=int), np.array(pre)

    def same_v(self, v):
        """Per sample: does v agree, with the freedoms every accepted style has? A spike's sample
        may show V_reset or the value found above V_th; the last sample V_reset or the step."""
        p = self.pars
        ok = _close(v, self.v)
        s = self.steps
        ok[s] |= _close(v[s], p["V_reset"]) | _close(v[s], self.pre)
        ok[-1] |= bool(_close(v[-1], p["V_reset"]) or self.v[-1] >= p["V_th"])
        return ok

    def spike_options(self):
        """The accepted spike steps: on the step V is found at or above V_th, or all one step
        earlier (the step whose update crossed); with or without a spike at the last sample,
        which the notebook's loop never tests."""
        options = []
        for shift in (0, -1):
            options.append(self.steps + shift)
            if self.v[-1] >= self.pars["V_th"]:
                options.append(np.r_[self.steps, self.v.size - 1] + shift)
        return options

    def same_spikes(self, sp, unit=None):
        unit = self.pars["dt"] if unit is None else unit
        return any(o.size == sp.size and np.allclose(sp, o * unit, rtol=0, atol=1e-6 * unit)
                   for o in self.spike_options())

    def agrees(self, v, sp, unit=None):
        return self.same_spikes(sp, unit) and bool(self.same_v(v).all())


def _holds(pars):
    """The accepted refractory holds (steps): round(tref/dt), and ceil(tref/dt), what a float
    countdown tr = tref/dt holds where tref/dt lands just above a whole number."""
    q = pars["tref"] / pars["dt"]
    return sorted({refractory_steps(pars["tref"], pars["dt"]), math.ceil(q)})


def _named(pars, value):
    """' (that is E_L)' when value is one of the other voltages of pars."""
    for name in ("V_init", "E_L", "V_reset", "V_th"):
        if abs(value - pars[name]) < 1e-6:
            return f" (that is {name})"
    return ""


def _lif_mistakes(pars, I, stop):
    """(cause, _Run) of the common mistakes of run_LIF for one case, most specific first."""
    p, dt, tref = pars, pars["dt"], pars["tref"]
    nref = refractory_steps(tref, dt)
    drive = _window(p, I, stop)
    found = []
    if stop:
        found.append(("stop=True is ignored: the current must be on only for T/2 - 100 <= t < "
                      "T/2 + 100 ms (zero before and after)", _Run(p, _window(p, I, False), nref)))
        steps_window = _window(p, I, True, in_steps=True)
        if not np.array_equal(steps_window, drive):
            found.append((f"the stop window is counted in steps (±1000 steps around Lt/2), which "
                          f"is ±{1000 * dt:g} ms at dt = {dt:g} ms: the current must be on for "
                          f"T/2 - 100 <= t < T/2 + 100 ms, use the times pars['range_t']",
                          _Run(p, steps_window, nref)))
        for start, end, edge in [(1, 0, "on one step late"), (-1, 0, "on one step early"),
                                 (0, 1, "off one step late"), (0, -1, "off one step early")]:
            found.append((f"the current is switched {edge}: it is on for T/2 - 100 <= t < T/2 + "
                          f"100 ms (>= at the start, < at the end)",
                          _Run(p, _window(p, I, True, start, end), nref)))
    else:
        found.append(("stop is False here (the default), but the current is off outside the "
                      "middle 200 ms: switch it off only when stop is True",
                      _Run(p, _window(p, I, True), nref)))
    found.append(("wrong sign of the leak: V runs away from E_L instead of relaxing to it "
                  "(dV = (-(V - E_L) + I/g_L) dt/tau_m)", _Run(p, drive, nref, leak=1.0)))
    found.append((f"no reset: V is not set to V_reset = {p['V_reset']:g} mV when the spike is "
                  f"recorded{' (with tref = 0 nothing else brings it down)' if nref == 0 else ''}",
                  _Run(p, drive, nref, resets=False)))
    tried = set(_holds(p))
    for hold, cause in [
            (0, f"no refractory period: hold V at V_reset for tref = {tref:g} ms "
                f"(round(tref/dt) = {nref} steps) after each spike"),
            (nref - 1, f"refractory period one step short: V must stay at V_reset for "
                       f"round(tref/dt) = {nref} steps after the spike step, up to and including "
                       f"t_spike + tref"
                       + (f" (int(tref/dt) truncates {tref / dt!r} to {int(tref / dt)})"
                          if int(tref / dt) == nref - 1 else "")),
            (nref + 1, f"refractory period one step long: V must stay at V_reset for "
                       f"round(tref/dt) = {nref} steps after the spike step, not {nref + 1}"),
            (round(tref), f"refractory period counted as tref = {tref:g} steps instead of "
                          f"tref/dt = {nref} steps"),
            (math.ceil(tref), f"refractory period counted as tref = {tref:g} steps instead of "
                              f"tref/dt = {nref} steps")]:
        if hold >= 0 and hold not in tried:
            tried.add(hold)
            found.append((cause, _Run(p, drive, hold)))
    V_reset = p["V_reset"]
    for name in ("V_init", "E_L"):  # (with a hold, the reset shows only in the spike's sample)
        x = p[name]
        found.append((f"during the refractory period V is held at {name} = {x:g} mV instead of "
                      f"V_reset = {V_reset:g} mV", _Run(p, drive, nref, clamp_to=x)))
        found.append((f"at the spike V is reset to {name} = {x:g} mV instead of V_reset = "
                      f"{V_reset:g} mV", _Run(p, drive, nref, reset_to=x)))
        found.append((f"after a spike V is set to {name} = {x:g} mV (at the reset and during the "
                      f"refractory period) instead of V_reset = {V_reset:g} mV",
                      _Run(p, drive, nref, reset_to=x, clamp_to=x)))
    for used, meant in [("V_init", "E_L"), ("V_reset", "E_L"), ("V_th", "E_L"),
                        ("tau_m", "g_L"), ("g_L", "tau_m"), ("dt", "tau_m"),
                        ("E_L", "V_th"), ("V_init", "V_th"), ("V_reset", "V_th")]:
        q = dict(p, **{meant: p[used]})
        found.append((f"your code uses {used} = {p[used]:g} where the model has {meant} = "
                      f"{p[meant]:g}", _Run(q, drive, nref)))
    return found


def _first_departure(pars, ref, v, sp):
    """Where the student's (v, sp) first departs from the reference run: the step (t, expected
    V, got V) or the first differing spike, whichever comes first."""
    dt = pars["dt"]
    ok = ref.same_v(v)
    k = int(np.argmin(ok)) if not ok.all() else None
    shift = -1 if sp.size and ref.steps.size and \
        abs(sp[0] - (ref.steps[0] - 1) * dt) < 1e-6 * dt else 0
    want = (ref.steps + shift) * dt
    n = min(want.size, sp.size)
    differs = np.flatnonzero(np.abs(sp[:n] - want[:n]) > 1e-6 * dt)
    j = int(differs[0]) if differs.size else (n if want.size != sp.size else None)
    spike_step = None if j is None else round(min(np.r_[want[j:j + 1], sp[j:j + 1]]) / dt)
    if k is not None and (spike_step is None or k <= spike_step + 1):
        if k == 0:
            return (f"v[0] = {v[0]:g} mV{_named(pars, v[0])}, expected V_init = "
                    f"{pars['V_init']:g} mV: the run starts from v[0] = pars['V_init']")
        want_v, got_v = _two(ref.v[k], v[k])
        state = {"clamp": f" (refractory: V is held at V_reset = {pars['V_reset']:g} mV)",
                 "spike": " (a spike step: V is reset to V_reset)"}.get(ref.state[k], "")
        return (f"V departs first at t = {k * dt:g} ms (step {k}): expected {want_v} mV"
                f"{state}, got {got_v} mV")
    if sp.size == 0:
        return (f"expected {want.size} spikes from {want[0]:g} ms on, got none: a spike is "
                f"when V >= V_th (record it, then reset)")
    if want.size == 0:
        return f"expected no spikes (V stays below V_th), got {sp.size}, first at {sp[0]:g} ms"
    if j >= want.size:
        return f"spike {j + 1} at {sp[j]:g} ms is one too many: expected {want.size} spikes"
    if j >= sp.size:
        return f"expected {want.size} spikes, got {sp.size}: spike {j + 1} at {want[j]:g} ms " \
               f"is missing"
    a, b = _two(want[j], sp[j], 6)
    return f"spike {j + 1} differs first: expected at {a} ms, got {b} ms"


def _lif_output(out, Lt, dt):
    """(v, spike times) of a student's run_LIF result, each checked before it is compared."""
    v, sp = _pair(out, "run_LIF")
    v = _numbers(v, "v", finite=False)
    if v.shape != (Lt,):
        raise _Wrong(f"v has shape {v.shape}, expected ({Lt},): one voltage per time step of "
                     f"pars['range_t']")
    bad = np.flatnonzero(~np.isfinite(v))
    if bad.size:
        k = int(bad[0])
        before = f"; V was {v[k - 1]:g} mV one step before" if k else ""
        raise _Wrong(f"v is {v[k]} from t = {k * dt:g} ms (step {k}) on ({bad.size} of {Lt} "
                     f"values are not numbers{before})")
    sp = _numbers(sp, "rec_spikes", finite=False).ravel()
    if not np.all(np.isfinite(sp)):
        raise _Wrong(f"rec_spikes holds {sp[~np.isfinite(sp)][0]} ({_times(sp)}): the spike "
                     f"times are the steps at which V reached V_th, times dt")
    return v, sp


def _lif_case(overrides, current, stop):
    pars = default_pars(**{**_LIF_SET, **overrides})
    I = _noise(pars) if isinstance(current, str) else current
    Lt, dt = pars["range_t"].size, pars["dt"]
    drive = _window(pars, I, stop)
    accepted = [_Run(pars, drive, hold) for hold in _holds(pars)]

    def run(func):
        # without stop=True, stop is not passed: its default must be False
        out = _call(func, pars, I, True) if stop else _call(func, pars, I)
        v, sp = _lif_output(out, Lt, dt)
        if any(ref.agrees(v, sp) for ref in accepted):
            return
        if sp.size and any(ref.agrees(v, sp, unit=1.0) for ref in accepted):
            raise _Wrong(f"spikes at {_times(sp, 3)}, expected {_times(accepted[0].steps * dt, 3)}"
                         f" ms: spike times in steps, not ms (multiply the step indices by dt)")
        for cause, mistake in _lif_mistakes(pars, I, stop):
            if mistake.agrees(v, sp):
                raise _Wrong(f"{_first_departure(pars, accepted[0], v, sp)}. Cause: {cause}")
        raise _Wrong(_first_departure(pars, accepted[0], v, sp))

    return run


def _run_lif_hint(exc):
    if isinstance(exc, KeyError):
        return _key_hint(default_pars())(exc)
    if isinstance(exc, TypeError) and "subscript" in str(exc):
        return "Iinj may be a number: make it an array first, Iinj = Iinj * np.ones(Lt)"
    if isinstance(exc, IndexError):
        return "the loop runs over range(Lt - 1) and writes v[it + 1]"
    return None


@exercise("run_LIF", _ref_run_LIF, "nl.run_lif")
def check_run_LIF(f):
    """Check ``run_LIF(pars, Iinj, stop=False) -> (v, rec_spikes)``: forward Euler with threshold,
    reset and refractory period; v in mV of shape (Lt,), spike times in ms (step index × dt).
    Cases: pars in which every voltage differs from every other (V_th -52, V_reset -71, E_L -66,
    V_init -60 mV) and tau_m (12 ms) from g_L (8 nS); constant currents below and above the
    rheobase and noisy arrays; dt 0.1 and 0.05 ms; tref 0, 0.7, 1.3, 1.5, 2 and 2.5 ms; stop left
    at its default, and stop=True (at two dt, with a number and with an array, T/2 not a whole
    number of ms).

    Accepted, as the assignment allows: the spike recorded on the step where V is found at or
    above V_th (nl.run_lif) or on the step before (the step whose update crossed), and a spike
    on the very last sample or not; V held at V_reset for round(tref/dt) steps after the spike
    step, or ceil(tref/dt) (a float countdown ``tr = tref/dt``), counted in steps or by
    comparing times with a tolerance; the sample of a spike showing V_reset or the value found
    above threshold; the last sample V_reset or the Euler step; Iinj a number or an array;
    lists instead of arrays.
    Names (each only when the student's whole answer is what that mistake gives): spike times
    in steps, stop ignored or applied when not asked, the stop window in steps or one step off
    at an edge, wrong sign of the leak, no reset, no refractory period or one a step short or
    long or counted in ms as steps, reset or clamp to V_init or E_L, one parameter read for
    another. Otherwise: the first step where V departs (t, expected, got), or the first
    differing spike.
    """
    cases = [(f"{label} (pars with {_pars_text(default_pars(**{**_LIF_SET, **overrides}))})",
              _lif_case(overrides, current, stop))
             for label, overrides, current, stop in _LIF_CASES]
    return _check("run_LIF", f, cases, hint=_run_lif_hint)


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
        spikes = run_lif(pars, levels[:, None], trace=False).spikes
        hits = [i for i, s in enumerate(spikes) if s.size]
        if hits:
            return float(levels[hits[0]])
        k += 32
    raise RuntimeError("no current up to 32000 pA above init_I makes the neuron spike")


#: (label, overrides of _LIF_SET or None for default_pars(), init_I). Every wrong reading
#: gives another answer: the closed form, init_I rounded or ignored, default_pars for pars, one
#: pA off; a negative init_I catches a bound on the walk written as init_I * 5000. In the short
#: run (T = 25 ms, about 2 tau_m) V needs about 9 pA more than the rheobase to reach V_th in
#: time and fires once, so a walk that ignores T, V_init or tau_m, or asks for two spikes, lands
#: elsewhere. From init_I to the answer is a prime number of pA (101, 13, 19, 31), so that a
#: walk in steps of 2, 3, ... pA lands elsewhere too.
_RHEOBASE_CASES = [
    ("default_pars, init_I = 100 pA (as in the notebook)", None, 100.0),
    ("init_I = 99.25 pA (rheobase g_L (V_th - E_L) = 112 pA)", dict(), 99.25),
    ("init_I = 150.5 pA, already above the rheobase", dict(), 150.5),
    ("a short run, T = 25 ms, init_I = 102.75 pA", dict(T=25.0), 102.75),
    ("E_L = -54.5 mV (rheobase 20 pA), init_I = -10.5 pA", dict(E_L=-54.5), -10.5),
]


def _rheobase_mistakes(pars, init_I, want):
    """(cause, answer) of the common mistakes, for the answers that differ from want."""
    walk = _ref_find_rheobase_current
    found = [
        (f"one pA too high: the neuron already spikes at {want:g} pA (if your loop adds 1 after "
         f"the current that spiked, return I - 1)", want + 1),
        (f"off by one: {want - 1:g} pA does not make the neuron spike; return the first "
         f"current that does", want - 1),
        ("that is the closed-form rheobase g_L (V_th - E_L), at which V only creeps towards "
         "V_th; walk up until the simulated neuron spikes", lif_rheobase(pars)),
        ("that is the answer for default_pars: pars is ignored, run the model with the pars "
         "given", walk(default_pars(), init_I)),
    ]
    for start in sorted({math.floor(init_I), round(init_I)} - {init_I}):
        found.append((f"that is where the walk from {start:g} pA ends: init_I = {init_I:g} pA "
                      f"was rounded; start at init_I itself and add whole pA to it",
                      walk(pars, start)))
    for start in (0.0, 100.0):
        found.append((f"that is where the walk from {start:g} pA ends: init_I is ignored, the "
                      f"walk must start at init_I = {init_I:g} pA", walk(pars, start)))
    return [(cause, x) for cause, x in found if abs(x - want) > 1e-6]


def _rheobase_case(pars, init_I):
    def run(func):
        got = _float(_call(func, pars, init_I), "the rheobase")
        want = _ref_find_rheobase_current(pars, init_I)  # after the call: a stub is quick
        if abs(got - want) < 1e-6:
            return
        a, b = _two(want, got, 6)
        msg = f"expected {a} pA, got {b} pA"
        for cause, answer in _rheobase_mistakes(pars, init_I, want):
            if abs(got - answer) < 1e-6:
                raise _Wrong(f"{msg}: {cause}")
        steps = got - init_I
        if abs(steps - round(steps)) > 1e-6:
            raise _Wrong(f"{msg}: {b} pA is not init_I + a whole number of pA; the walk tries "
                         f"init_I, init_I + 1, init_I + 2, …")
        if got < init_I:
            raise _Wrong(f"{msg}: {b} pA is below init_I = {init_I:g} pA, where the walk starts")
        if got > want:
            raise _Wrong(f"{msg}: {a} pA already makes the neuron spike (nl.run_lif(pars, {a}) "
                         f"has spikes), and it comes first in the walk")
        raise _Wrong(f"{msg}: {b} pA does not make the neuron spike (nl.run_lif(pars, {b}) "
                     f"has no spikes)")
    return run


@exercise("find_rheobase_current", _ref_find_rheobase_current, "the library's walk")
def check_find_rheobase_current(f):
    """Check ``find_rheobase_current(pars, init_I)``: the walk init_I, init_I + 1, ... pA that
    returns the first current at which the simulated neuron spikes (201 pA for default_pars,
    walking from 100 pA). It may use nl.run_lif or the student's run_LIF, walk one current at a
    time or in batches. Cases: default_pars, and pars in which every parameter differs, with
    init_I fractional, above the rheobase and in a run so short that the finite T matters.
    Names: off by one (one pA too high, or too low), the closed-form rheobase instead of the
    walk, init_I rounded or ignored, pars ignored, init_I skipped when it already spikes.
    Otherwise the fact that departs: not on the walk's grid, below init_I, or whether the
    neuron spikes at the answer given."""
    cases = []
    for label, overrides, init_I in _RHEOBASE_CASES:
        pars = default_pars() if overrides is None else default_pars(**{**_LIF_SET, **overrides})
        if overrides is not None:
            label = f"{label} (pars with {_pars_text(pars)}, T={pars['T']:g})"
        cases.append((label, _rheobase_case(pars, init_I)))
    return _check("find_rheobase_current", f, cases, hint=_key_hint(default_pars()))
