"""Checks that teach: feedback on the assignment's exercises, written by the student.

Each exercise of the student edition asks for one function, in the assignment's own name and
signature (``run_LIF``, ``my_GWN``, ``isi_cv_LIF``, ``my_OU``, ...). The cell after it calls

    nl.exercises.check_run_LIF(run_LIF)

which runs the student's function on a few cases, compares each with neurolab's own result and

- prints one short line per failing case: the case, what was expected, what came out, and the
  likely cause by name ("no refractory period: the ISIs are 2 ms short");
- prints one success line when every case passes;
- returns True or False and never raises: an exception in the student's code is reported in one
  line (its type, message and the case), and an untouched stub (it raises NotImplementedError,
  or returns ``...`` or None) gets one line saying the exercise is "not done yet".

Every check accepts every correct implementation the assignment allows (the variants are named
in each check's docstring), compares floats with tolerances, is seeded and takes well under a
second. Random outputs (``my_GWN``, ``my_OU``) are judged by their statistics, so any random
number generator will do.

Later cells should not depend on a student's answer. ``use_or_reference(run_LIF)`` returns the
student's function when its check passes and otherwise the library's version, saying so in one
line; ``reference(name)`` gives the library's version of any exercise, with the exercise's
signature.

Exercises by notebook: 00 ``my_square_function``, ``power_spectrum``; 01 ``run_LIF``;
02 ``find_rheobase_current``; 03 ``my_GWN``, ``isi_cv_LIF``; 04 ``my_OU``; 05 ``adex_euler_step``;
06 ``hh_rates``, ``hh_resting_potential``.
"""

import contextlib
import copy
import io
import math
import warnings

import numpy as np

from .analysis import psd, zero_crossings
from .hh import alpha_h, alpha_m, alpha_n, beta_h, beta_m, beta_n, hh_pars, hh_steady_state
from .ifmodels import adex_pars, eif_current
from .inputs import gwn, ou, step_current
from .lif import lif_rheobase, refractory_steps, run_lif
from .params import default_pars

__all__ = [
    "check_my_square_function", "check_power_spectrum", "check_run_LIF",
    "check_find_rheobase_current", "check_my_GWN", "check_isi_cv_LIF", "check_my_OU",
    "check_adex_euler_step", "check_hh_rates", "check_hh_resting_potential",
    "use_or_reference", "reference", "EXERCISES",
]


# --- the shared machinery -----------------------------------------------------------------

class _NotDone(Exception):
    """The student's function is still the stub."""


class _Raised(Exception):
    """The student's function raised ``exc``."""

    def __init__(self, exc):
        super().__init__(exc)
        self.exc = exc


class _Wrong(Exception):
    """A case failed; the message is the one line the student reads."""


def _is_stub(out):
    if out is None or out is Ellipsis:
        return True
    return isinstance(out, (tuple, list)) and any(o is Ellipsis for o in out)


def _call(fn, *args):
    """The student's ``fn(*args)`` on copies of the arguments, warnings silenced.
    Raises _NotDone for a stub and _Raised for any exception of the student's code."""
    args = copy.deepcopy(args)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*args)
    except NotImplementedError:
        raise _NotDone from None
    except Exception as exc:  # the student's bug, reported in one line
        raise _Raised(exc) from None
    if _is_stub(out):
        raise _NotDone
    return out


def _one_line(text, limit=160):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _check(exercise, student, cases, hint=None):
    """Run ``cases`` (a list of (label, case) with case(student) raising _Wrong on a failure)
    and print one line per failing case and a closing line. Returns True when all pass.
    ``hint(exc)`` may add a short hint to a student's exception. Never raises."""
    if student is None or student is Ellipsis:
        print(f"{exercise} is not done yet: write it in the exercise cell, run that cell, "
              f"then run this check again.")
        return False
    if not callable(student):
        print(f"✗ {exercise}: expected the function itself (check_{exercise}({exercise})), "
              f"got a {type(student).__name__}")
        return False
    failed = 0
    state = np.random.get_state()  # a student's np.random.seed must not leak out of the check
    try:
        for label, case in cases:
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    case(student)
                continue
            except _NotDone:
                print(f"{exercise} is not done yet: it still raises NotImplementedError (or "
                      f"returns ... or None). Write it, run its cell, then run this check again.")
                return False
            except _Raised as err:
                exc = err.exc
                extra = hint(exc) if hint else None
                problem = (f"your {exercise} raised {type(exc).__name__}: {_one_line(exc, 120)}"
                           + (f" ({extra})" if extra else ""))
            except _Wrong as err:
                problem = str(err)
            except Exception as exc:  # the result has a form the check cannot read
                problem = (f"the result could not be read ({type(exc).__name__}: "
                           f"{_one_line(exc, 100)}); return what the exercise asks for")
            failed += 1
            print(f"✗ {label}: {problem}")
    finally:
        np.random.set_state(state)
    n = len(cases)
    if failed:
        print(f"{exercise}: {failed} of {n} cases wrong. Fix the first one, run its cell, "
              f"then this check again.")
        return False
    print(f"✓ {exercise} is correct: all {n} cases agree with neurolab. Well done, move on!")
    return True


def _key_hint(pars):
    """A hint for a student's KeyError: the keys the parameter dict has."""
    keys = ", ".join(k for k in pars if k != "range_t")

    def hint(exc):
        if isinstance(exc, KeyError):
            return f"pars has the keys {keys} and range_t"
        return None
    return hint


def _float(x, what):
    """A real number from a student's result (a 0-d or size-1 array is fine)."""
    arr = np.asarray(x, dtype=float)
    if arr.size != 1:
        raise _Wrong(f"{what} should be one number, got an array of shape {arr.shape}")
    return float(arr.reshape(()))


def _array(x, what):
    """A float array from a student's result."""
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise _Wrong(f"{what} should be an array of numbers, got {type(x).__name__}") from None


def _trace(x, what, Lt):
    """A student's current on the time grid: a finite float array of shape (Lt,)."""
    I = _array(x, what)
    if I.shape != (Lt,):
        raise _Wrong(f"{what} has shape {I.shape}, expected ({Lt},): one sample per step of "
                     f"pars['range_t']")
    if not np.all(np.isfinite(I)):
        raise _Wrong(f"{what} contains NaN or infinite values")
    return I


def _pair(out, what):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise _Wrong(f"{what} should return two values (a tuple), got {type(out).__name__}")
    return out


def _values(a, n=4, digits=4):
    """The first n values of an array (any shape), for a message: [1.5, 2, 3.25, …]."""
    flat = np.asarray(a, dtype=float).ravel()
    body = ", ".join(f"{v:.{digits}g}" for v in flat[:n])
    return f"[{body}{', …' if flat.size > n else ''}]"


def _times(t, n=4):
    """The first n spike times (ms) or intervals, for a message."""
    return _values(t, n, digits=6)


# --- 00 my_square_function ----------------------------------------------------------------

def _ref_my_square_function(x, c):
    """x² + c, elementwise."""
    return np.asarray(x) ** 2 + c


def check_my_square_function(f):
    """Check ``my_square_function(x, c)``: every element of x squared, plus c (the assignment's
    array [[4, 5, 2, 9]] with c = 3 gives [[19, 28, 7, 84]]). Names: doubled instead of squared,
    c not added, c added before squaring, matrix product instead of elementwise."""
    rng = np.random.default_rng(0)
    inputs = [
        ("x = [[4, 5, 2, 9]], c = 3", np.array([[4, 5, 2, 9]]), 3),
        ("x = [-1.5, 0, 2.5], c = -1", np.array([-1.5, 0.0, 2.5]), -1.0),
        ("x a 3x3 array, c = 0.5", rng.normal(size=(3, 3)), 0.5),
    ]

    def case(x, c):
        def run(f):
            got = np.asarray(_call(f, x, c))
            want = _ref_my_square_function(x, c)
            if got.shape == want.shape and np.allclose(got, want, rtol=1e-12, atol=1e-12):
                return
            causes = [
                ("x * 2 + c: doubled instead of squared (x**2 is x to the power 2)", x * 2 + c),
                ("c is not added", x ** 2),
                ("c added before squaring: (x + c)**2 instead of x**2 + c", (x + c) ** 2),
                ("matrix product (x @ x.T) instead of the elementwise square x**2 or x * x",
                 x @ x.T + c if x.ndim == 2 else np.dot(x, x) + c),
            ]
            if got.shape != want.shape:
                for cause, wrong in causes:
                    if got.shape == np.shape(wrong) and np.allclose(got, wrong):
                        raise _Wrong(f"result has shape {got.shape}, expected {want.shape}: "
                                     f"{cause}")
                raise _Wrong(f"result has shape {got.shape}, expected the shape of x {want.shape}")
            for cause, wrong in causes:
                if np.shape(wrong) == got.shape and np.allclose(got, wrong):
                    raise _Wrong(f"expected {_values(want)}, got {_values(got)}: {cause}")
            raise _Wrong(f"expected {_values(want)}, got {_values(got)}")
        return run

    return _check("my_square_function", f, [(label, case(x, c)) for label, x, c in inputs])


# --- 00 power_spectrum --------------------------------------------------------------------

def _ref_power_spectrum(x, dt):
    """nl.psd: one-sided, normalised to (units of x)²/Hz."""
    return psd(x, dt)


def check_power_spectrum(f):
    """Check ``power_spectrum(x, dt) -> (f, S)`` for a real signal x sampled every dt ms.

    Correct means: f[k] = k / (n dt) in Hz (dt in seconds), k = 0, 1, ..., up to the Nyquist
    frequency 500/dt Hz (n//2 + 1 values as np.fft.rfftfreq gives; n//2, leaving out the Nyquist
    bin, is accepted too), and S[k] proportional to |FFT(x)[k]|² with the same constant for every
    k. The constant is free (plain abs(fft)**2 as in the assignment, or nl.psd's density), and so
    is the one-sided folding that doubles every bin but 0 Hz and Nyquist; the 0 Hz bin may be 0
    (the mean removed first), and np.fft.fftfreq's -Nyquist counts as +Nyquist.
    Names: frequencies in kHz (dt not converted to s), both halves returned, magnitude not
    squared, X**2 instead of |X|², wrong frequency spacing.
    """
    rng = np.random.default_rng(1)
    inputs = [
        ("n = 1000 samples, dt = 0.1 ms", 5.0 + rng.normal(size=1000), 0.1),
        ("n = 801 samples, dt = 0.05 ms",
         1.0 + np.sin(np.arange(801) * 0.3) + rng.normal(size=801), 0.05),
    ]

    def case(x, dt):
        def run(func):
            out = _pair(_call(func, x, dt), "power_spectrum")
            fr, S = np.abs(_array(out[0], "f")), _array(out[1], "S")  # fftfreq's -Nyquist is fine
            n = x.size
            X2 = np.abs(np.fft.fft(x)) ** 2
            df = 1000.0 / (n * dt)
            nyq = 500.0 / dt
            if fr.ndim != 1 or S.shape != fr.shape:
                raise _Wrong(f"f and S should be 1-D arrays of the same length, got shapes "
                             f"{fr.shape} and {S.shape}")
            K = fr.size
            if K == n:
                raise _Wrong(f"f has {n} values, expected {n // 2 + 1} (0 to the Nyquist "
                             f"frequency {nyq:g} Hz): both halves of the FFT returned; keep the "
                             f"non-negative frequencies only (np.fft.rfft/rfftfreq)")
            if K not in (n // 2 + 1, n // 2):
                raise _Wrong(f"f has {K} values, expected {n // 2 + 1}, from 0 Hz to the Nyquist "
                             f"frequency {nyq:g} Hz in steps of 1/(n dt) = {df:g} Hz")
            k = np.arange(K)
            if not np.allclose(fr, k * df, rtol=1e-9, atol=1e-9 * df):
                if np.allclose(fr, k * df / 1000.0, rtol=1e-9):
                    raise _Wrong(f"f ends at {fr[-1]:g}, expected about {nyq:g} Hz: frequencies "
                                 f"in kHz, because dt is in ms (use dt/1000 s in rfftfreq)")
                if fr[0] == 0 and abs(fr[-1] / (k[-1] * df) - 1) < 0.05:  # about right, not exact
                    raise _Wrong(f"f[1] = {fr[1]:g} Hz, expected 1/(n dt) = {df:g} Hz: wrong "
                                 f"frequency spacing (use np.fft.rfftfreq(n, dt/1000))")
                raise _Wrong(f"f should be 0, {df:g}, {2 * df:g}, … Hz up to {nyq:g} Hz, "
                             f"got {_times(fr, 3)} … {fr[-1]:g}")
            X2 = X2[:K]
            if np.iscomplexobj(out[1]) or np.any(S < 0):
                raise _Wrong("S should be real and non-negative, |X|² = abs(X)**2: X**2 of a "
                             "complex FFT is not its power")
            ratio = S / X2
            inner = np.arange(1, (n + 1) // 2)
            inner = inner[inner < K]
            scale = ratio[inner[0]]
            same = lambda r: np.isclose(r, scale, rtol=1e-6) or np.isclose(r, scale / 2, rtol=1e-6)
            zero_ok = same(ratio[0]) or abs(S[0]) <= 1e-9 * S.max()  # or the mean removed first
            if scale > 0 and np.allclose(ratio[inner], scale, rtol=1e-6) and zero_ok:
                if K == n // 2 + 1 and n % 2 == 0 and not same(ratio[-1]):
                    raise _Wrong("the Nyquist bin (the last one) is off; S there should be "
                                 "|X|² times the same constant")
                return
            mag = np.sqrt(X2)
            r = S / mag
            if np.allclose(r[inner], r[inner[0]], rtol=1e-6):
                raise _Wrong("S is proportional to |X|, not |X|²: the magnitude is not squared")
            raise _Wrong(f"S is not |FFT(x)|² times one constant: S/|X|² runs from "
                         f"{ratio.min():.4g} to {ratio.max():.4g}")
        return run

    return _check("power_spectrum", f, [(label, case(x, dt)) for label, x, dt in inputs])


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
        if not any(np.allclose(sp, (rst + s) * unit, rtol=0, atol=1e-6 * unit) for s in (0, -1)):
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
                if st.size != sp.size or not any(
                        np.allclose(sp, (st + s) * dt, rtol=0, atol=1e-6 * dt) for s in (0, -1)):
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


# --- 03 my_GWN ----------------------------------------------------------------------------

def _seed(myseed):
    """The assignment's myseed (an int, or False for fresh randomness) as a default_rng seed."""
    return None if myseed is False or myseed is None else myseed


def _ref_my_GWN(pars, mu, sig, myseed=False):
    """nl.gwn with the assignment's signature."""
    return gwn(pars, mu, sig, seed=_seed(myseed))


def _lag_corr(x, lag):
    x = x - x.mean()
    return float(np.dot(x[:-lag], x[lag:]) / np.dot(x, x))


def check_my_GWN(f):
    """Check ``my_GWN(pars, mu, sig, myseed=False)``: Gaussian white noise in pA on
    pars['range_t'], each sample mu + sig / sqrt(dt in s) * N(0, 1). Judged by its statistics
    (mean, standard deviation at dt = 0.1, 0.05 and 0.01 ms, no correlation between samples),
    so any random generator is accepted; the same myseed must give the same noise, different
    seeds different noise, and myseed=False fresh noise at each call.
    Names: a fixed ×100 (right only at dt = 0.1 ms), no 1/√dt at all, dt in ms instead of s,
    √dt multiplied instead of divided, uniform instead of Gaussian, mean not mu, correlated
    samples, seed ignored, myseed=False giving the same noise each time."""
    mu, sig = 5.0, 2.5
    cases = [(f"dt = {dt:g} ms, mu = {mu:g} pA, sig = {sig:g}", _gwn_stats_case(dt, mu, sig))
             for dt in (0.1, 0.05, 0.01)]
    cases.append(("seeds: myseed = 2020 twice, 1 vs 2, False twice",
                  _seed_case(0.0, 1.0, "noise")))
    return _check("my_GWN", f, cases)


def _gwn_stats_case(dt, mu, sig):
    N = 50000
    pars = default_pars(dt=dt, T=N * dt)
    Lt = pars["range_t"].size
    want = sig / math.sqrt(dt / 1000.0)

    def run(func):
        I = _trace(_call(func, pars, mu, sig, 2020), "the noise", Lt)
        got = float(I.std())
        z = (I - mu) / want
        if np.all((z >= 0) & (z < 1)):
            raise _Wrong("the samples lie in [mu, mu + scale): uniform noise (np.random.rand); "
                         "white noise is Gaussian (np.random.randn or rng.standard_normal)")
        if abs(got / want - 1) > 0.02:
            msg = f"std {got:.4g} pA, expected sig/√(dt in s) = {want:.4g} pA"
            guesses = [
                (sig * 100.0, f"the noise does not scale with 1/√dt: at dt = {dt:g} ms its std "
                              f"is off by {_root(0.1 / dt)} (a fixed ×100 is right only at "
                              f"dt = 0.1 ms)"),
                (sig, "the noise is not scaled by 1/√(dt in s)"),
                (sig / math.sqrt(dt), "1/√dt with dt in ms; dt must be in seconds (dt/1000)"),
                (sig * math.sqrt(dt / 1000.0), "multiplied by √dt instead of divided by it"),
                (sig * math.sqrt(dt), "multiplied by √dt (in ms) instead of divided by "
                                      "√(dt in s)"),
            ]
            for value, cause in guesses:
                if abs(got / value - 1) < 0.02:
                    raise _Wrong(f"{msg}: {cause}")
            raise _Wrong(msg)
        se = want / math.sqrt(Lt)
        if abs(I.mean() - mu) > 6 * se:
            raise _Wrong(f"mean {I.mean():.4g} pA, expected mu = {mu:g} pA")
        r1 = _lag_corr(I, 1)
        if abs(r1) > 5 / math.sqrt(Lt):
            raise _Wrong(f"neighbouring samples are correlated (lag-1 correlation {r1:.3f}): "
                         f"white noise draws every sample independently")
    return run


def _root(x):
    """√x for a message: '√2', '√10' for whole x, else the number."""
    return f"√{round(x):d}" if abs(x - round(x)) < 1e-9 else f"{math.sqrt(x):.3g}"


def _seed_case(mu, sig, what):
    """A case for a random current (my_GWN, my_OU): the same myseed gives the same current,
    different seeds different ones, and myseed=False fresh randomness at every call."""
    def run(func):
        pars = default_pars(T=50.0)
        draw = lambda seed: _array(_call(func, pars, mu, sig, seed), what)
        a, b = draw(2020), draw(2020)
        if a.shape != b.shape or not np.allclose(a, b, rtol=1e-12, atol=0):
            raise _Wrong(f"myseed = 2020 twice did not give the same {what}: seed the generator "
                         f"with myseed")
        c, d = draw(1), draw(2)
        if c.shape == d.shape and np.allclose(c, d):
            raise _Wrong(f"myseed = 1 and 2 gave the same {what}: the seed is not used")
        e, g = draw(False), draw(False)
        if e.shape == g.shape and np.allclose(e, g):
            raise _Wrong(f"myseed=False gave the same {what} twice: without a seed each call must "
                         f"draw fresh noise (np.random.default_rng(None), not default_rng(False))")
    return run


# --- 03 isi_cv_LIF ------------------------------------------------------------------------

def _ref_isi_cv_LIF(spike_times):
    """nl.isi_cv: with fewer than two spikes isi is empty and cv NaN."""
    from .analysis import isi_cv
    return isi_cv(np.asarray(spike_times, dtype=float))


def check_isi_cv_LIF(f):
    """Check ``isi_cv_LIF(spike_times) -> (isi, cv)``: isi = np.diff(spike_times) in ms,
    cv = std(isi) / mean(isi) (np.std, or the sample std with ddof=1); with fewer than two
    spikes cv is NaN and isi NaN or an empty array.
    Names: CV from the variance instead of the standard deviation, ISIs not the differences of
    the spike times, CV from the spike times, mean/std inverted, no NaN for fewer than two
    spikes."""
    rng = np.random.default_rng(3)
    irregular = np.cumsum(rng.exponential(20.0, size=30)) + 5.0
    cases = [
        ("30 irregular spikes", irregular),
        ("regular spikes at 10, 20, ..., 50 ms", np.arange(1, 6) * 10.0),
        ("two spikes at 5 and 17 ms", np.array([5.0, 17.0])),
        ("one spike", np.array([12.3])),
        ("no spikes (an empty array)", np.array([])),
    ]
    return _check("isi_cv_LIF", f, [(label, _isi_case(t)) for label, t in cases])


def _isi_case(t):
    def run(func):
        isi_out, cv_out = _pair(_call(func, t), "isi_cv_LIF")
        if t.size < 2:
            cv = _float(cv_out, "cv")
            isi = np.asarray(isi_out, dtype=float)
            if not (isi.size == 0 or (isi.size == 1 and np.isnan(isi).all())):
                raise _Wrong(f"with fewer than two spikes there is no interval: isi should be NaN "
                             f"(or empty), got {isi.tolist()}")
            if not np.isnan(cv):
                raise _Wrong(f"with fewer than two spikes CV is undefined: return NaN, got {cv:g}")
            return
        want_isi = np.diff(t)
        isi = _array(isi_out, "isi").ravel()
        if isi.shape != want_isi.shape or not np.allclose(isi, want_isi, rtol=1e-9, atol=1e-9):
            if isi.size == t.size and np.allclose(isi, t) or \
                    isi.size == t.size - 1 and np.allclose(isi, t[1:]):
                raise _Wrong("isi holds the spike times themselves: the ISIs are the differences "
                             "of consecutive spike times, np.diff(spike_times)")
            raise _Wrong(f"isi should be np.diff(spike_times) = {_times(want_isi)} ms, "
                         f"got {_times(isi)}")
        cv = _float(cv_out, "cv")
        ok = [np.std(want_isi) / np.mean(want_isi), np.std(want_isi, ddof=1) / np.mean(want_isi)]
        if any(np.isclose(cv, c, rtol=1e-9, atol=1e-12) for c in ok):
            return
        msg = f"CV {cv:.4g}, expected std(isi)/mean(isi) = {ok[0]:.4g}"
        guesses = [
            (np.var(want_isi) / np.mean(want_isi), "CV computed from the variance instead of the "
                                                  "standard deviation"),
            (np.var(want_isi, ddof=1) / np.mean(want_isi), "CV computed from the variance instead "
                                                          "of the standard deviation"),
            (np.mean(want_isi) / np.std(want_isi) if np.std(want_isi) else np.inf,
             "inverted: mean/std instead of std/mean"),
            (np.std(t) / np.mean(t), "CV computed from the spike times instead of the ISIs"),
        ]
        for value, cause in guesses:
            if np.isclose(cv, value, rtol=1e-9):
                raise _Wrong(f"{msg}: {cause}")
        raise _Wrong(msg)
    return run


# --- 04 my_OU -----------------------------------------------------------------------------

def _ref_my_OU(pars, mu, sig, myseed=False):
    """nl.ou with the assignment's signature (tau_ou = pars['tau_ou'])."""
    return ou(pars, mu, sig, seed=_seed(myseed))


def check_my_OU(f):
    """Check ``my_OU(pars, mu, sig, myseed=False)``: an Ornstein-Uhlenbeck current in pA by
    Euler-Maruyama, I[k+1] = I[k] + dt/tau (mu - I[k]) + sqrt(2 dt/tau) sig xi[k+1] with
    tau = pars['tau_ou']. The start may be mu, 0 or a draw from the stationary distribution:
    the statistics are judged after a burn-in of 10 tau (mean mu, std sig, autocorrelation
    1 - dt/tau after one step and about e^-1 after tau), at two dt and two tau. The same myseed
    must give the same current.
    Names: no √(2 dt/τ) noise factor, √(dt/τ) without the 2, dt/τ missing from the drift (no
    memory), tau not taken from pars['tau_ou'], mean not mu, seed ignored."""
    cases = [
        (f"tau_ou = {tau:g} ms, dt = {dt:g} ms, mu = 100 pA, sig = 10 pA",
         _ou_case(tau, dt, 100.0, 10.0))
        for tau, dt in ((2.0, 0.1), (2.0, 0.05), (4.0, 0.1))
    ]
    cases.append(("seeds: myseed = 2020 twice, 1 vs 2, False twice",
                  _seed_case(100.0, 10.0, "current")))
    return _check("my_OU", f, cases)


def _ou_case(tau, dt, mu, sig):
    T = 1000 * tau
    pars = default_pars(dt=dt, T=T + 10 * tau, tau_ou=tau)
    Lt = pars["range_t"].size
    burn = int(round(10 * tau / dt))
    a = dt / tau
    lag = int(round(tau / dt))
    want_std = sig / math.sqrt(1 - a / 2)  # Euler-Maruyama's stationary std
    want_c1, want_ctau = 1 - a, (1 - a) ** lag

    def run(func):
        I = _trace(_call(func, pars, mu, sig, 2020), "the current", Lt)
        x = I[burn:]
        std = float(x.std())
        c1 = _lag_corr(x, 1)
        if c1 < 0.5:
            raise _Wrong(f"the current has no memory (correlation between neighbouring samples "
                         f"{c1:.2f}, expected 1 - dt/tau = {want_c1:.3f}): dt/τ missing from the "
                         f"drift, I[k+1] = I[k] + dt/tau (mu - I[k]) + …")
        if abs(std / want_std - 1) > 0.15:
            msg = f"stationary std {std:.3g} pA, expected sig = {sig:g} pA"
            no_factor = sig / math.sqrt(2 * a - a * a)
            if abs(std / no_factor - 1) < 0.15:
                raise _Wrong(f"{msg}: OU without its √(2 dt/τ) noise factor")
            if abs(std / (want_std / math.sqrt(2)) - 1) < 0.15:
                raise _Wrong(f"{msg}: noise factor √(dt/τ) instead of √(2 dt/τ)")
            raise _Wrong(msg)
        ctau = _lag_corr(x, lag)
        if abs(ctau - want_ctau) > 0.12:
            tau_est = -tau / math.log(ctau) if 0 < ctau < 1 else float("nan")
            raise _Wrong(f"autocorrelation after tau_ou = {tau:g} ms is {ctau:.2f}, expected "
                         f"e^-1 ≈ {want_ctau:.2f}: the correlation time is about "
                         f"{tau_est:.3g} ms, "
                         f"not pars['tau_ou'] = {tau:g} ms")
        se = sig * math.sqrt(2 * tau / T)
        if abs(x.mean() - mu) > 6 * se:
            raise _Wrong(f"mean {x.mean():.4g} pA after a burn-in of 10 tau, expected "
                         f"mu = {mu:g} pA")
    return run


# --- 05 adex_euler_step -------------------------------------------------------------------

def _ref_adex_euler_step(pars, v, w, I):
    """One forward-Euler step of the AdEx (units of adex_pars: mV, pA, ms, pF, nS):

        v' = v + dt/C (-g_L (v - E_L) + g_L Delta_T exp((v - V_T)/Delta_T) - w + I)
        w' = w + dt/tau_w (a (v - E_L) - w)          (both from the old v, w)
        if v' >= V_spike:  v' = V_r,  w' = w' + b

    The same arithmetic as nl.run_adex: starting from (V_init, w_init), repeated steps give its
    trace sample by sample (with tref = 0; the refractory hold is not part of a single step).
    """
    dt, C, tau_w, a, E_L = (pars[k] for k in ("dt", "C", "tau_w", "a", "E_L"))
    v, w, I = float(v), float(w), float(I)
    v_next = v + dt / C * (float(eif_current(pars, v, I)) - w)
    w_next = w + dt / tau_w * (a * (v - E_L) - w)
    if v_next >= pars["V_spike"]:
        v_next, w_next = pars["V_r"], w_next + pars["b"]
    return v_next, w_next


def _adex_variants(pars, v, w, I):
    """(cause, (v', w')) of the common mistakes."""
    p = pars
    dt, C, tau_w, a, E_L, g_L, V_T, dT = (
        p[k] for k in ("dt", "C", "tau_w", "a", "E_L", "g_L", "V_T", "Delta_T"))
    ex = g_L * dT * math.exp(min((v - V_T) / dT, 700.0))
    leak = -g_L * (v - E_L)

    def finish(vn, wn, jump=p["b"], to=p["V_r"], reset=True):
        if reset and vn >= p["V_spike"]:
            return to, wn + jump
        return vn, wn

    base_w = w + dt / tau_w * (a * (v - E_L) - w)
    v_ok = v + dt / C * (leak + ex - w + I)
    out = [
        ("no exponential term g_L Delta_T exp((v - V_T)/Delta_T) in dv",
         finish(v + dt / C * (leak - w + I), base_w)),
        ("wrong sign of a in the w equation (tau_w dw/dt = a (v - E_L) - w)",
         finish(v_ok, w + dt / tau_w * (-a * (v - E_L) - w))),
        ("w does not jump by b at the spike (w -> w + b)", finish(v_ok, base_w, jump=0.0)),
        ("v reset to E_L instead of V_r", finish(v_ok, base_w, to=E_L)),
        ("no reset: when v reaches V_spike, return V_r and w + b",
         finish(v_ok, base_w, reset=False)),
        ("w enters the voltage equation with the wrong sign (it is - w)",
         finish(v + dt / C * (leak + ex + w + I), base_w)),
        ("dt instead of dt/C in the voltage step (C dv/dt = ...)",
         finish(v + dt * (leak + ex - w + I), base_w)),
        ("dt instead of dt/tau_w in the w step", finish(v_ok, w + dt * (a * (v - E_L) - w))),
        ("wrong sign of the leak (it is -g_L (v - E_L))",
         finish(v + dt / C * (-leak + ex - w + I), base_w)),
    ]
    out.append(("w updated with the new v: both must advance from the old v and w",
                finish(v_ok, w + dt / tau_w * (a * (v_ok - E_L) - w))))
    return out


def check_adex_euler_step(f):
    """Check ``adex_euler_step(pars, v, w, I) -> (v_next, w_next)``: one forward-Euler step of
    dt of the AdEx with adex_pars' names (C, g_L, E_L, V_T, Delta_T, a, tau_w, b, V_r, V_spike,
    dt), both v and w advanced from the old (v, w), then the spike reset when v_next reaches
    V_spike: v_next = V_r, w_next + b. The refractory period (tref, 0 in adex_pars) is not part
    of a single step.
    Names: no exponential term, wrong sign of a, b forgotten at the reset, reset to E_L, no reset,
    w's sign in dv, dt instead of dt/C or dt/tau_w, wrong sign of the leak, w updated with the
    new v."""
    adapting = adex_pars()
    delayed = adex_pars(a=-10.0, b=0.0)
    cases = [
        ("v = -65 mV, w = 20 pA, I = 300 pA", adapting, -65.0, 20.0, 300.0),
        ("v = -48 mV (exponential regime), w = 50 pA, I = 500 pA", adapting, -48.0, 50.0, 500.0),
        ("a = -10 nS, v = -60 mV, w = -15 pA, I = 300 pA", delayed, -60.0, -15.0, 300.0),
        ("v = -30 mV: the step crosses V_spike, w = 40 pA, I = 500 pA",
         adapting, -30.0, 40.0, 500.0),
    ]

    def case(pars, v, w, I):
        want = _ref_adex_euler_step(pars, v, w, I)

        def run(func):
            out = _pair(_call(func, pars, v, w, I), "adex_euler_step")
            got = (_float(out[0], "v_next"), _float(out[1], "w_next"))
            close = lambda x, y: all(math.isclose(p, q, rel_tol=1e-9, abs_tol=1e-9)
                                     for p, q in zip(x, y))
            if close(got, want):
                return
            msg = (f"expected (v, w) = ({want[0]:.6g} mV, {want[1]:.6g} pA), got "
                   f"({got[0]:.6g}, {got[1]:.6g})")
            for cause, wrong in _adex_variants(pars, v, w, I):
                if close(got, wrong) and not close(wrong, want):
                    raise _Wrong(f"{msg}: {cause}")
            raise _Wrong(msg)
        return run

    return _check("adex_euler_step", f, [(label, case(*args)) for label, *args in cases],
                  hint=_key_hint(adapting))


# --- 06 hh_rates --------------------------------------------------------------------------

_RATE_NAMES = ("alpha_n", "beta_n", "alpha_m", "beta_m", "alpha_h", "beta_h")
# (form, c, s, k): 'lin' c (v+s)/(1 - exp(-(v+s)/k)), 'exp' c exp(-(v+s)/k),
# 'sig' c/(1 + exp(-(v+s)/k))
_RATE_FORMS = (("lin", 0.01, 55.0, 10.0), ("exp", 0.125, 65.0, 80.0), ("lin", 0.1, 40.0, 10.0),
               ("exp", 4.0, 65.0, 18.0), ("exp", 0.07, 65.0, 20.0), ("sig", 1.0, 35.0, 10.0))


def _ref_hh_rates(v):
    """(alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h) in 1/ms at v in mV (nl.alpha_n, ...)."""
    return tuple(r(v) for r in (alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h))


def _rate_variant(form, c, s, k, v, flip_exp=False, flip_shift=False):
    s = -s if flip_shift else s
    e = (v + s) / k * (1 if flip_exp else -1)
    with np.errstate(all="ignore"):
        if form == "lin":
            return c * (v + s) / (1 - np.exp(e))
        if form == "exp":
            return c * np.exp(e)
        return c / (1 + np.exp(e))


def check_hh_rates(f):
    """Check ``hh_rates(v) -> (alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h)``: the six
    rates in 1/ms at v in mV (rest at -65 mV), for an array v and for a number. alpha_n and
    alpha_m must be finite at their removable singularities v = -55 and -40 mV (0/0; the limits
    are 0.1 and 1 per ms).
    Names: NaN at a singularity, sign error in an exponent, v - c instead of v + c, rates in
    the wrong order, 1/s instead of 1/ms."""
    v_grid = np.arange(-100.0, 51.0, 1.0)
    cases = [
        ("v = -100 to 50 mV in 1 mV steps (an array)", v_grid),
        ("v = -65 mV (a number)", -65.0),
        ("v = -40 mV (a number, alpha_m's 0/0)", -40.0),
    ]
    return _check("hh_rates", f, [(label, _hh_rates_case(v)) for label, v in cases])


def _hh_rates_case(v):
    want = _ref_hh_rates(v)
    va = np.atleast_1d(np.asarray(v, dtype=float))

    def run(func):
        out = _call(func, v)
        if not isinstance(out, (tuple, list, np.ndarray)) or np.ndim(out) == 0 or len(out) != 6:
            size = f" of {len(out)}" if isinstance(out, (tuple, list)) else ""
            raise _Wrong(f"hh_rates should return six rates (alpha_n, beta_n, alpha_m, beta_m, "
                         f"alpha_h, beta_h), got {type(out).__name__}{size}")
        got = [np.atleast_1d(_array(r, name)) for r, name in zip(out, _RATE_NAMES)]
        for g, name in zip(got, _RATE_NAMES):
            if g.shape != va.shape:
                raise _Wrong(f"{name} has shape {g.shape}, expected {np.shape(v)} like v")
        wants = [np.atleast_1d(w) for w in want]
        ok = [np.allclose(g, w, rtol=1e-5, atol=1e-9) for g, w in zip(got, wants)]
        if all(ok):
            return
        for g, w, name in zip(got, wants, _RATE_NAMES):  # NaN at the singularity first
            bad = ~np.isfinite(g)
            if bad.any():
                at = va[bad][0]
                limit = w[bad][0]
                raise _Wrong(f"{name} is {g[bad][0]} at v = {at:g} mV, expected its limit "
                             f"{limit:g} 1/ms: 0/0 at the singularity, treat v = {at:g} mV apart "
                             f"(e.g. np.where) or use the limit")
        i = ok.index(False)
        name, g, w = _RATE_NAMES[i], got[i], wants[i]
        j = int(np.argmax(np.abs(g - w) / (np.abs(w) + 1e-12)))
        msg = f"{name} at v = {va[j]:g} mV: expected {w[j]:.5g} 1/ms, got {g[j]:.5g}"
        for jj, ww in enumerate(wants):
            if jj != i and np.allclose(g, ww, rtol=1e-5):
                raise _Wrong(f"{msg}: that is {_RATE_NAMES[jj]}; return the rates in the order "
                             f"(alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h)")
        if np.allclose(g, 1000 * w, rtol=1e-5):
            raise _Wrong(f"{msg}: rates in 1/s, the course uses 1/ms")
        fine = np.isfinite(g)
        for flip_exp, flip_shift, cause in ((True, False, "sign error in the exponent"),
                                            (False, True, "v - c instead of v + c"),
                                            (True, True, "sign errors in the exponent and the "
                                                         "shift")):
            alt = _rate_variant(*_RATE_FORMS[i], va, flip_exp, flip_shift)
            if np.allclose(g[fine], alt[fine], rtol=1e-5, equal_nan=True):
                raise _Wrong(f"{msg}: {cause} of {name}")
        raise _Wrong(msg)
    return run


# --- 06 hh_resting_potential --------------------------------------------------------------

def _hh_ss_current(pars, V, gates=None, signs=(1, 1, 1)):
    """Steady-state membrane current (µA/cm²) at V: gates at their steady state at V, or fixed."""
    n, m, h = hh_steady_state(V) if gates is None else gates
    return (signs[0] * pars["gNa"] * m ** 3 * h * (V - pars["ENa"])
            + signs[1] * pars["gK"] * n ** 4 * (V - pars["EK"])
            + signs[2] * pars["gL"] * (V - pars["EL"]))


def _lowest_root(fun, lo=-120.0, hi=60.0):
    """The lowest V in [lo, hi] where fun(V) = 0 (grid, then bisection); NaN if none."""
    V = np.arange(lo, hi + 1e-9, 0.25)
    roots = zero_crossings(V, fun(V))
    if roots.size == 0:
        return float("nan")
    r = roots[0]
    a, b = r - 0.25, r + 0.25
    fa = fun(np.array(a))
    for _ in range(60):
        mid = 0.5 * (a + b)
        fm = fun(np.array(mid))
        if np.sign(fm) == np.sign(fa):
            a, fa = mid, fm
        else:
            b = mid
    return float(0.5 * (a + b))


def _ref_hh_resting_potential(pars):
    """The V (mV) where the steady-state current gNa m∞³h∞ (V - ENa) + gK n∞⁴ (V - EK) +
    gL (V - EL) is zero (the lowest such V): -65.0 mV for hh_pars()."""
    return _lowest_root(lambda V: _hh_ss_current(pars, V))


def check_hh_resting_potential(f):
    """Check ``hh_resting_potential(pars) -> V_rest`` in mV: where the total steady-state current
    (every gate at its steady state at V) is zero; -65 mV for hh_pars(), and for changed gL and EL
    too. Accepted to within 0.1 mV (a root finder, a fine grid, or a long run without input).
    Names: EL returned (the leak alone), gates frozen at their -65 mV values, leak left out, a
    sign error in one of the three currents."""
    cases = [
        ("hh_pars()", hh_pars()),
        ("gL = 1 mS/cm²", hh_pars(gL=1.0)),
        ("EL = -60 mV", hh_pars(EL=-60.0)),
    ]
    return _check("hh_resting_potential", f, [(label, _hh_rest_case(p)) for label, p in cases],
                  hint=_key_hint(cases[0][1]))


def _hh_rest_case(pars):
    def run(func):
        got = _float(_call(func, pars), "V_rest")
        want = _ref_hh_resting_potential(pars)
        gates65 = hh_steady_state(-65.0)
        if abs(got - want) <= 0.1:
            return
        if not math.isfinite(got):
            raise _Wrong(f"expected {want:.2f} mV, got {got}: no V was found where the total "
                         f"steady-state current is zero; each current is g (V - E) with its "
                         f"gate factor, and they add up")
        msg = f"expected {want:.2f} mV, got {got:.2f} mV"
        guesses = [
            (pars["EL"], "that is EL, where the leak alone is zero; the rest is where the sodium, "
                         "potassium and leak currents together sum to zero"),
            (_lowest_root(lambda V: _hh_ss_current(pars, V, gates=gates65)),
             "the gates are frozen at their values at -65 mV; use their steady state at V"),
            (_lowest_root(lambda V: _hh_ss_current(pars, V, signs=(1, 1, 0))),
             "the leak current is left out"),
        ]
        for k, name in enumerate(("sodium", "potassium", "leak")):
            signs = [1, 1, 1]
            signs[k] = -1
            root = _lowest_root(lambda V, s=tuple(signs): _hh_ss_current(pars, V, signs=s))
            guesses.append((root, f"a sign error in the {name} current"))
        for value, cause in guesses:
            if np.isfinite(value) and abs(got - value) <= 0.1 and abs(value - want) > 0.1:
                raise _Wrong(f"{msg}: {cause}")
        raise _Wrong(msg)
    return run


# --- fallback for later cells -------------------------------------------------------------

#: exercise name -> (check, the library's version with the exercise's signature, its name)
EXERCISES = {
    "my_square_function": (check_my_square_function, _ref_my_square_function, "x**2 + c"),
    "power_spectrum": (check_power_spectrum, _ref_power_spectrum, "nl.psd"),
    "run_LIF": (check_run_LIF, _ref_run_LIF, "nl.run_lif"),
    "find_rheobase_current": (check_find_rheobase_current, _ref_find_rheobase_current,
                              "the library's walk"),
    "my_GWN": (check_my_GWN, _ref_my_GWN, "nl.gwn"),
    "isi_cv_LIF": (check_isi_cv_LIF, _ref_isi_cv_LIF, "nl.isi_cv"),
    "my_OU": (check_my_OU, _ref_my_OU, "nl.ou"),
    "adex_euler_step": (check_adex_euler_step, _ref_adex_euler_step, "the library's AdEx step"),
    "hh_rates": (check_hh_rates, _ref_hh_rates, "nl.alpha_n, nl.beta_n, ..."),
    "hh_resting_potential": (check_hh_resting_potential, _ref_hh_resting_potential,
                             "the library's resting potential"),
}


def reference(name):
    """The library's version of exercise ``name`` (e.g. 'run_LIF'), with the exercise's
    signature: ``reference('my_GWN')(pars, mu, sig, myseed=False)`` is built on nl.gwn."""
    if name not in EXERCISES:
        raise ValueError(f"unknown exercise {name!r}; the exercises are: {', '.join(EXERCISES)}")
    return EXERCISES[name][1]


def use_or_reference(student_fn, name=None):
    """The function later cells should use: ``student_fn`` when its check passes, otherwise the
    library's version (``reference(name)``), with one line saying so, e.g.

        run_LIF = nl.exercises.use_or_reference(run_LIF)
        # run_LIF is not finished yet: the cells below use nl.run_lif instead.

    name defaults to student_fn.__name__; give it when student_fn may be None (not defined).
    The check runs silently (its lines are shown by the check cell itself). Never raises for a
    student's function; an unknown name is a ValueError.
    """
    if name is None:
        name = getattr(student_fn, "__name__", None)
        if name not in EXERCISES:
            raise ValueError(f"use_or_reference needs the exercise's name, e.g. "
                             f"use_or_reference(run_LIF, 'run_LIF'); the exercises are: "
                             f"{', '.join(EXERCISES)}")
    check, ref, ref_name = EXERCISES[name] if name in EXERCISES else (None, None, None)
    if check is None:
        raise ValueError(f"unknown exercise {name!r}; the exercises are: {', '.join(EXERCISES)}")
    if student_fn is not None and student_fn is not Ellipsis:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            passed = check(student_fn)
        if passed:
            return student_fn
        state = "is not finished yet" if "not done yet" in buffer.getvalue() else \
            "does not pass its check yet"
    else:
        state = "is not finished yet"
    print(f"{name} {state}: the cells below use {ref_name} instead.")
    return ref
