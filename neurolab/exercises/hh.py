"""Checks for notebook 06: hh_rates and hh_resting_potential."""

import itertools

import numpy as np

from ..analysis import zero_crossings
from ..models.hh import alpha_h, alpha_m, alpha_n, beta_h, beta_m, beta_n, hh_pars, hh_steady_state
from ._core import _call, _check, _float, _key_hint, _numbers, _two, _Wrong, exercise

# --- 06 hh_rates --------------------------------------------------------------------------

_RATE_NAMES = ("alpha_n", "beta_n", "alpha_m", "beta_m", "alpha_h", "beta_h")
# (form, c, s, k): 'lin' c (v+s)/(1 - exp(-(v+s)/k)), 'exp' c exp(-(v+s)/k),
# 'sig' c/(1 + exp(-(v+s)/k))
_RATE_FORMS = (("lin", 0.01, 55.0, 10.0), ("exp", 0.125, 65.0, 80.0), ("lin", 0.1, 40.0, 10.0),
               ("exp", 4.0, 65.0, 18.0), ("exp", 0.07, 65.0, 20.0), ("sig", 1.0, 35.0, 10.0))
#: the removable singularity (mV) of each rate, if it has one
_SINGULAR = {"alpha_n": -55.0, "alpha_m": -40.0}
#: relative tolerance of a rate; a fix of the singularity by an offset of v up to 1e-6 mV, or by
#: np.isclose(v, -55), is well within it
_RATE_RTOL = 1e-6


def _ref_hh_rates(v):
    """(alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h) in 1/ms at v in mV (nl.alpha_n, ...)."""
    return tuple(r(v) for r in (alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h))


def _rate_variant(form, c, s, k, v, flip_exp=False, flip_shift=False):
    s = -s if flip_shift else s
    e = (v + s) / k * (1 if flip_exp else -1)
    # 0/0 at a singularity gives NaN quietly: this runs inside _check's np.errstate(all="ignore")
    if form == "lin":
        return c * (v + s) / (1 - np.exp(e))
    if form == "exp":
        return c * np.exp(e)
    return c / (1 + np.exp(e))


def _mv(v):
    """A voltage for a message: -55, or -54.999999 near the singularity."""
    return f"{v:.10g}"


@exercise("hh_rates", _ref_hh_rates, "nl.alpha_n, nl.beta_n, ...")
def check_hh_rates(f):
    """Check ``hh_rates(v) -> (alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h)``: the six
    rates in 1/ms at v in mV (rest at -65 mV), for an array v and for a number, to a relative
    1e-6. alpha_n and alpha_m must be finite at their removable singularities v = -55 and -40 mV
    (0/0; the limits are 0.1 and 1 per ms) and right next to them. A number may give a number,
    a 0-d or a 1-element array; the six may come as a tuple, a list or a (6, ...) array.
    Names: NaN at a singularity, sign error in an exponent, v - c instead of v + c, rates in
    the wrong order, 1/s instead of 1/ms."""
    rng = np.random.default_rng(6)
    near = np.array([-1e-6, 1e-6, -0.01, 0.01])
    cases = [
        ("v = -100 to 50 mV in 1 mV steps (an array)", np.arange(-100.0, 51.0, 1.0)),
        ("v = 200 voltages between -120 and 60 mV (an array)", rng.uniform(-120.0, 60.0, 200)),
        ("v within 1e-6 and 0.01 mV of -55 and -40 mV (an array)",
         np.concatenate([-55.0 + near, -40.0 + near])),
        ("v = -65 mV (a number)", -65.0),
        ("v = -55 mV (a number, alpha_n's 0/0)", -55.0),
        ("v = -40 mV (a number, alpha_m's 0/0)", -40.0),
        ("v = 20 mV (a number)", 20.0),
    ]
    return _check("hh_rates", f, [(label, _hh_rates_case(v)) for label, v in cases])


def _hh_rates_case(v):
    wants = [np.atleast_1d(w) for w in _ref_hh_rates(v)]
    va = np.atleast_1d(np.asarray(v, dtype=float))

    def run(func):
        out = _call(func, v)
        if not isinstance(out, (tuple, list, np.ndarray)) or np.ndim(out) == 0 or len(out) != 6:
            size = f" of {len(out)}" if isinstance(out, (tuple, list)) else ""
            raise _Wrong(f"hh_rates should return six rates (alpha_n, beta_n, alpha_m, beta_m, "
                         f"alpha_h, beta_h), got {type(out).__name__}{size}")
        got = [np.atleast_1d(_numbers(r, name, finite=False)) for r, name in zip(out, _RATE_NAMES)]
        for g, name in zip(got, _RATE_NAMES):
            if g.shape != va.shape:
                raise _Wrong(f"{name} has shape {g.shape}, expected {np.shape(v)} like v")
        for g, w, name in zip(got, wants, _RATE_NAMES):  # NaN and inf first
            bad = np.flatnonzero(~np.isfinite(g))
            if bad.size:
                _not_finite(name, va, g, w, bad[0])
        ok = [np.allclose(g, w, rtol=_RATE_RTOL, atol=1e-12) for g, w in zip(got, wants)]
        if all(ok):
            return
        i = ok.index(False)
        name, g, w = _RATE_NAMES[i], got[i], wants[i]
        j = int(np.flatnonzero(~np.isclose(g, w, rtol=_RATE_RTOL, atol=1e-12))[0])
        want_j, got_j = _two(w[j], g[j])
        msg = f"{name} at v = {_mv(va[j])} mV: expected {want_j} 1/ms, got {got_j}"
        cause = _rate_cause(i, g, va, wants)
        raise _Wrong(f"{msg}: {cause}" if cause else msg)
    return run


def _not_finite(name, va, g, w, j):
    """Raise the message for the first non-finite value g[j] of rate ``name``."""
    at = va[j]
    if _SINGULAR.get(name) == at:
        raise _Wrong(f"{name} is {g[j]} at v = {at:g} mV, expected its limit {w[j]:g} 1/ms: "
                     f"0/0 at the singularity, treat v = {at:g} mV apart (e.g. np.where) or "
                     f"use the limit")
    raise _Wrong(f"{name} is {g[j]} at v = {_mv(at)} mV, expected {w[j]:.6g} 1/ms")


def _rate_cause(i, g, va, wants):
    """The cause of rate i's wrong values g, if a common mistake gives exactly these."""
    name = _RATE_NAMES[i]
    for k, other in enumerate(wants):
        if k != i and np.allclose(g, other, rtol=_RATE_RTOL, atol=1e-12):
            return (f"that is {_RATE_NAMES[k]}; return the rates in the order (alpha_n, beta_n, "
                    f"alpha_m, beta_m, alpha_h, beta_h)")
    if np.allclose(g, 1000 * wants[i], rtol=_RATE_RTOL):
        return "rates in 1/s, the course uses 1/ms"
    for flip_exp, flip_shift, cause in ((True, False, "sign error in the exponent"),
                                        (False, True, "v - c instead of v + c"),
                                        (True, True, "sign errors in the exponent and the "
                                                     "shift")):
        alt = _rate_variant(*_RATE_FORMS[i], va, flip_exp, flip_shift)
        fine = np.isfinite(alt)
        if fine.any() and np.allclose(g[fine], alt[fine], rtol=_RATE_RTOL, atol=1e-12):
            return f"{cause} of {name}"
    return None


# --- 06 hh_resting_potential --------------------------------------------------------------

#: mV: how close a resting potential must be (a root finder, a grid of 0.1 mV or finer, or a
#: long run without input all are)
_REST_TOL = 0.1


def _hh_ss_current(pars, V, gates=None, signs=(1, 1, 1), powers=(4, 3, 1), order=(0, 1, 2)):
    """Steady-state membrane current (µA/cm²) at V: gates at their steady state at V, or fixed
    ``gates``; ``signs`` of the sodium, potassium and leak currents, ``powers`` of n, m and h,
    and the ``order`` in which (n, m, h) are taken from hh_steady_state: the common mistakes."""
    ss = hh_steady_state(V) if gates is None else gates
    n, m, h = (ss[k] for k in order)
    pn, pm, ph = powers
    return (signs[0] * pars["gbar_Na"] * m ** pm * h ** ph * (V - pars["E_Na"])
            + signs[1] * pars["gbar_K"] * n ** pn * (V - pars["E_K"])
            + signs[2] * pars["g_L"] * (V - pars["E_L"]))


def _lowest_root(fun, lo=-120.0, hi=60.0, refine=True):
    """The lowest V in [lo, hi] where fun(V) = 0: on a 0.25 mV grid, linearly interpolated
    (within about 0.01 mV; enough to name a mistake), then bisected to 1e-15 mV (``refine``);
    NaN if there is none."""
    V = np.arange(lo, hi + 1e-9, 0.25)
    roots = zero_crossings(V, fun(V))
    if roots.size == 0:
        return float("nan")
    r = roots[0]
    if not refine:
        return float(r)
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
    """The V (mV) where the steady-state current gbar_Na m∞³h∞ (V - E_Na) + gbar_K n∞⁴ (V - E_K)
    + g_L (V - E_L) is zero (the lowest such V): -65.0 mV for hh_pars()."""
    return _lowest_root(lambda V: _hh_ss_current(pars, V))


#: All six parameters changed (and no two equal), so that a number written in place of any
#: pars[...] shows: each moves the resting potential by 0.3 mV or more. The rest is stable
#: (a long run without input settles there).
_ALL_CHANGED = dict(gbar_Na=160.0, gbar_K=40.0, g_L=0.2, E_Na=110.0, E_K=-84.0, E_L=-51.0)


@exercise("hh_resting_potential", _ref_hh_resting_potential, "the library's resting potential")
def check_hh_resting_potential(f):
    """Check ``hh_resting_potential(pars) -> V_rest`` in mV: where the total steady-state current
    (every gate at its steady state at V) is zero; -65 mV for hh_pars(), and for changed g_L, E_L
    and all six conductances and reversal potentials (each rest between -68 and -61 mV, the
    only zero of the current, and stable). Accepted to within 0.1 mV (a root finder, a grid of
    0.1 mV or finer, or a long run without input).
    Names: E_L returned (the leak alone), gates frozen at their -65 mV values, leak left out, a
    sign error in one of the three currents, a wrong gate exponent, hh_steady_state's (n, m, h)
    unpacked in another order."""
    cases = [
        ("hh_pars()", hh_pars()),
        ("g_L = 1 mS/cm²", hh_pars(g_L=1.0)),
        ("E_L = -60 mV", hh_pars(E_L=-60.0)),
        ("gbar_Na = 160, gbar_K = 40, g_L = 0.2 mS/cm², E_Na = 110, E_K = -84, E_L = -51 mV",
         hh_pars(**_ALL_CHANGED)),
    ]
    return _check("hh_resting_potential", f, [(label, _hh_rest_case(p)) for label, p in cases],
                  hint=_key_hint(cases[0][1]))


def _rest_with(pars, **mistake):
    """The resting potential (within about 0.01 mV) with one of _hh_ss_current's mistakes."""
    return _lowest_root(lambda V: _hh_ss_current(pars, V, **mistake), refine=False)


def _rest_mistakes(pars):
    """(cause, the resting potential that mistake gives) for the common mistakes."""
    gates65 = hh_steady_state(-65.0)
    yield (pars["E_L"], "that is E_L, where the leak alone is zero; the rest is where the "
                       "sodium, potassium and leak currents together sum to zero")
    yield (_rest_with(pars, gates=gates65),
           "the gates are frozen at their values at -65 mV; use their steady state at V")
    yield _rest_with(pars, signs=(1, 1, 0)), "the leak current is left out"
    for k, name in enumerate(("sodium", "potassium", "leak")):
        signs = tuple(-1 if j == k else 1 for j in range(3))
        yield _rest_with(pars, signs=signs), f"a sign error in the {name} current"
    for powers, text in [((4, 2, 1), "m² instead of m³"), ((4, 4, 1), "m⁴ instead of m³"),
                         ((4, 3, 0), "h left out of the sodium current (m³h)"),
                         ((4, 3, 2), "h² instead of h"), ((3, 3, 1), "n³ instead of n⁴"),
                         ((5, 3, 1), "n⁵ instead of n⁴")]:
        yield (_rest_with(pars, powers=powers),
               f"a wrong gate exponent: {text} (gbar_Na m³h, gbar_K n⁴)")
    for order in itertools.permutations(range(3)):  # one cause: two orders may give one rest
        if order != (0, 1, 2):
            yield (_rest_with(pars, order=order),
                   "the gates in the wrong order: nl.hh_steady_state(V) returns (n_inf, m_inf, "
                   "h_inf), so n, m, h = nl.hh_steady_state(V)")


def _hh_rest_case(pars):
    want = _ref_hh_resting_potential(pars)

    def run(func):
        got = _float(_call(func, pars), "V_rest", finite=False)
        if abs(got - want) <= _REST_TOL:
            return
        if not np.isfinite(got):
            raise _Wrong(f"expected {want:.2f} mV, got {got}: no V was found where the total "
                         f"steady-state current is zero; each current is g (V - E) with its "
                         f"gate factor, and they add up")
        w, g = _two(want, got)
        msg = f"expected {w} mV, got {g} mV"
        causes = {cause for value, cause in _rest_mistakes(pars)
                  if np.isfinite(value) and abs(got - value) <= _REST_TOL
                  and abs(value - want) > _REST_TOL}
        raise _Wrong(f"{msg}: {causes.pop()}" if len(causes) == 1 else msg)
    return run
