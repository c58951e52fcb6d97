"""Checks for notebook 06: hh_rates and hh_resting_potential."""

import math

import numpy as np

from ..analysis import zero_crossings
from ..hh import alpha_h, alpha_m, alpha_n, beta_h, beta_m, beta_n, hh_pars, hh_steady_state
from ._core import _Wrong, _call, _check, _key_hint, _float, _array


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
    # 0/0 at a singularity gives NaN quietly: this runs inside _check's np.errstate(all="ignore")
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
    wants = [np.atleast_1d(w) for w in _ref_hh_rates(v)]
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
        if abs(got - want) <= 0.1:
            return
        if not math.isfinite(got):
            raise _Wrong(f"expected {want:.2f} mV, got {got}: no V was found where the total "
                         f"steady-state current is zero; each current is g (V - E) with its "
                         f"gate factor, and they add up")
        msg = f"expected {want:.2f} mV, got {got:.2f} mV"
        gates65 = hh_steady_state(-65.0)
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
