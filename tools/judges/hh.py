"""Judges for notebook 06: hh_rates and hh_resting_potential.

hh_rates: equivalent means the same six rates to a relative 1e-6 (the check's tolerance) at
every voltage of the suite: a 0.5 mV grid from -150 to 100 mV (with -55 and -40 mV, the
removable singularities), 400 random voltages, voltages 1e-9 to 0.1 mV from the singularities,
a 2-D array, and numbers (floats, ints, numpy floats, 0-d arrays). NaN where the reference is
finite is a difference.

hh_resting_potential: equivalent means within 0.1 mV (the check's tolerance) of the reference
for hh_pars() and 40 random parameter sets in which all six parameters differ from their
defaults and from each other, each with exactly one resting potential, between -85 and -55 mV.
"""

import numpy as np

from neurolab.models.hh import hh_pars, hh_steady_state

from ._common import differ, first_difference

# --- hh_rates ------------------------------------------------------------------------------

RATE_RTOL = 1e-6


def _rates_cases():
    rng = np.random.default_rng(20240606)
    offsets = np.array([1e-9, 1e-7, 1e-5, 1e-3, 0.1])
    near = np.concatenate([s + sign * offsets for s in (-55.0, -40.0) for sign in (-1, 1)])
    grid = np.arange(-150.0, 100.25, 0.5)
    cases = [("v = -150 to 100 mV in 0.5 mV steps", (grid,)),
             ("400 random v in [-150, 100] mV", (rng.uniform(-150, 100, 400),)),
             ("v near the singularities -55 and -40 mV", (near,)),
             ("a 2-D array of v", (np.linspace(-100, 50, 24).reshape(4, 6),)),
             ("a 0-d array v = -55", (np.array(-55.0),)),
             ("v = -40 (an int)", (-40,)),
             ("v = -55 (an int)", (-55,)),
             ("v = np.float64(-72.5)", (np.float64(-72.5),))]
    cases += [(f"v = {v!r}", (v,)) for v in (-65.0, -55.0, -40.0, -55.0 + 1e-7, -40.0 - 1e-7,
                                              -90.0, 30.0, 12.3)]
    return cases


RATES_CASES = _rates_cases()


def rates_differ(want, got):
    """None when ``got`` is the six rates of ``want`` to a relative RATE_RTOL (a tuple, a list or
    a (6, ...) array; a number's rates as numbers or 0-d arrays)."""
    if isinstance(got, np.ndarray) and got.ndim >= 1:
        got = list(got)
    return differ(list(want), got, rtol=RATE_RTOL, atol=1e-12, where="rates")


def judge_hh_rates(reference, candidate):
    return first_difference(reference, candidate, RATES_CASES, compare=rates_differ)


# --- hh_resting_potential -------------------------------------------------------------------

REST_TOL = 0.1   # mV


def _current(p, V):
    n, m, h = hh_steady_state(V)
    return (p["gbar_Na"] * m ** 3 * h * (V - p["E_Na"]) + p["gbar_K"] * n ** 4 * (V - p["E_K"])
            + p["g_L"] * (V - p["E_L"]))


def _one_rest(p):
    """True when the steady-state current of p has exactly one zero in [-120, 60] mV, between
    -85 and -55 mV."""
    V = np.arange(-120.0, 60.0, 0.05)
    I = _current(p, V)
    crossings = np.flatnonzero(np.diff(np.sign(I)) != 0)
    return crossings.size == 1 and -85.0 < V[crossings[0]] < -55.0


def _rest_cases():
    rng = np.random.default_rng(20240607)
    default = hh_pars()
    cases = [("hh_pars()", (default,))]
    while len(cases) < 41:
        over = dict(gbar_Na=rng.uniform(60, 250), gbar_K=rng.uniform(15, 60),
                    g_L=rng.uniform(0.1, 1.5), E_Na=rng.uniform(35, 80),
                    E_K=rng.uniform(-92, -65), E_L=rng.uniform(-70, -45))
        over = {k: round(float(v), 4) for k, v in over.items()}
        values = list(over.values())
        if len(set(values)) < len(values) or any(abs(over[k] - default[k]) < 0.05 * abs(default[k])
                                                 for k in over):
            continue
        p = hh_pars(**over)
        if _one_rest(p):
            cases.append((f"hh_pars({', '.join(f'{k}={v:g}' for k, v in over.items())})", (p,)))
    return cases


REST_CASES = _rest_cases()


def rest_differs(want, got):
    """None when ``got`` is one number within REST_TOL mV of ``want``."""
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number, got {type(got).__name__}"
    if np.iscomplexobj(got) or g.size != 1 or not np.isfinite(g).all():
        return f"expected a finite real number, got {got!r:.60}"
    g = float(g.reshape(()))
    if abs(g - want) > REST_TOL:
        return f"expected {want:.4f} mV, got {g:.4f} mV (more than {REST_TOL} mV apart)"
    return None


def judge_hh_resting_potential(reference, candidate):
    return first_difference(reference, candidate, REST_CASES, compare=rest_differs)


JUDGES = {"hh_rates": judge_hh_rates, "hh_resting_potential": judge_hh_resting_potential}
