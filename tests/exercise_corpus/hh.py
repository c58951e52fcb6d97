"""Correct styles of notebook 06's exercises: hh_rates(v) and hh_resting_potential(pars)."""

import math

import numpy as np

import neurolab as nl

# --- hh_rates -------------------------------------------------------------------------------

def hh_rates__notebook(v):
    """The notebook's own: x / -expm1(-x/s), with np.where picking the limit at x = 0."""
    v = np.asarray(v, dtype=float)

    def ratio(x, s):
        safe = np.where(x == 0, 1.0, x)
        return np.where(x == 0, s, safe / -np.expm1(-safe / s))

    return (0.01 * ratio(v + 55, 10), 0.125 * np.exp(-(v + 65) / 80),
            0.1 * ratio(v + 40, 10), 4 * np.exp(-(v + 65) / 18),
            0.07 * np.exp(-(v + 65) / 20), 1 / (1 + np.exp(-(v + 35) / 10)))


def hh_rates__where_limit(v):
    """The formulas as printed, np.where(v == -55, 0.1, ...) with numpy's warnings silenced."""
    v = np.asarray(v, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha_n = np.where(v == -55, 0.1, 0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10)))
        alpha_m = np.where(v == -40, 1.0, 0.1 * (v + 40) / (1 - np.exp(-(v + 40) / 10)))
    beta_n = 0.125 * np.exp(-(v + 65) / 80)
    beta_m = 4 * np.exp(-(v + 65) / 18)
    alpha_h = 0.07 * np.exp(-(v + 65) / 20)
    beta_h = 1 / (1 + np.exp(-(v + 35) / 10))
    return alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h


def hh_rates__offset(v):
    """v nudged off the singularities by 1e-7 mV everywhere."""
    v = np.asarray(v, dtype=float) + 1e-7
    return (0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10)), 0.125 * np.exp(-(v + 65) / 80),
            0.1 * (v + 40) / (1 - np.exp(-(v + 40) / 10)), 4 * np.exp(-(v + 65) / 18),
            0.07 * np.exp(-(v + 65) / 20), 1 / (1 + np.exp(-(v + 35) / 10)))


def _alpha_n(v):
    close = np.isclose(v, -55)
    x = np.where(close, 1.0, v + 55)
    return np.where(close, 0.1, 0.01 * x / (1 - np.exp(-x / 10)))


def _alpha_m(v):
    close = np.isclose(v, -40)
    x = np.where(close, 1.0, v + 40)
    return np.where(close, 1.0, 0.1 * x / (1 - np.exp(-x / 10)))


def hh_rates__functions_isclose(v):
    """One helper function per rate, as in the assignment's report; np.isclose for the limit."""
    def beta_n(v):
        return 0.125 * np.exp(-(v + 65) / 80)

    def beta_m(v):
        return 4 * np.exp(-(v + 65) / 18)

    def alpha_h(v):
        return 0.07 * np.exp(-(v + 65) / 20)

    def beta_h(v):
        return 1 / (1 + np.exp(-(v + 35) / 10))

    return _alpha_n(v), beta_n(v), _alpha_m(v), beta_m(v), alpha_h(v), beta_h(v)


def _rates_one(v):
    """The six rates of one voltage, with math and an if for each limit."""
    an = 0.1 if v == -55 else 0.01 * (v + 55) / (1 - math.exp(-(v + 55) / 10))
    am = 1.0 if v == -40 else 0.1 * (v + 40) / (1 - math.exp(-(v + 40) / 10))
    return (an, 0.125 * math.exp(-(v + 65) / 80), am, 4 * math.exp(-(v + 65) / 18),
            0.07 * math.exp(-(v + 65) / 20), 1 / (1 + math.exp(-(v + 35) / 10)))


def hh_rates__loop(v):
    """A loop over the voltages with math functions; a number gives numbers."""
    if np.ndim(v) == 0:
        return _rates_one(float(v))
    rows = [_rates_one(float(x)) for x in v]
    return tuple(np.array(column) for column in zip(*rows))


def hh_rates__taylor_near_zero(v):
    """x / (1 - exp(-x/10)) replaced by its expansion 10 + x/2 when |x| < 1e-6, as a (6, ...)
    array."""
    v = np.asarray(v, dtype=float)

    def ratio(x):
        small = np.abs(x) < 1e-6
        x_safe = np.where(small, 1.0, x)
        return np.where(small, 10 + x / 2, x_safe / (1 - np.exp(-x_safe / 10)))

    return np.array([0.01 * ratio(v + 55), 0.125 * np.exp(-(v + 65) / 80), 0.1 * ratio(v + 40),
                     4 * np.exp(-(v + 65) / 18), 0.07 * np.exp(-(v + 65) / 20),
                     1 / (1 + np.exp(-(v + 35) / 10))])


def hh_rates__vectorize_list(v):
    """np.vectorize of a one-voltage function, the six returned as a list."""
    return list(np.vectorize(_rates_one)(v))


# --- hh_resting_potential -------------------------------------------------------------------

def _total_current(pars, V):
    n, m, h = nl.hh_steady_state(V)
    return (pars["gbar_Na"] * m ** 3 * h * (V - pars["E_Na"])
            + pars["gbar_K"] * n ** 4 * (V - pars["E_K"]) + pars["g_L"] * (V - pars["E_L"]))


def hh_resting_potential__bisection(pars):
    """The notebook's own: bisection of the steady-state current between -90 and -50 mV."""
    low, high = -90.0, -50.0
    while high - low > 1e-9:
        mid = (low + high) / 2
        if _total_current(pars, mid) < 0:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def hh_resting_potential__grid_argmin(pars):
    """The V of smallest |current| on a 0.001 mV grid."""
    V = np.arange(-90, -40, 0.001)
    return V[np.argmin(np.abs(_total_current(pars, V)))]


def hh_resting_potential__coarse_grid(pars):
    """The grid point nearest the zero on a 0.1 mV grid (the crossing's nearer end)."""
    V = np.arange(-100.0, -30.0, 0.1)
    I = _total_current(pars, V)
    k = np.flatnonzero(np.diff(np.sign(I)))[0]
    return V[k] if abs(I[k]) < abs(I[k + 1]) else V[k + 1]


def hh_resting_potential__interpolated_crossing(pars):
    """The first sign change on a 0.5 mV grid, linearly interpolated."""
    V = np.arange(-100, 0, 0.5)
    I = _total_current(pars, V)
    k = np.nonzero(np.diff(np.sign(I)))[0][0]
    return V[k] - I[k] * (V[k + 1] - V[k]) / (I[k + 1] - I[k])


def hh_resting_potential__newton(pars):
    """Newton's method from -65 mV with a numerical derivative."""
    V = -65.0
    for _ in range(50):
        slope = (_total_current(pars, V + 1e-4) - _total_current(pars, V - 1e-4)) / 2e-4
        step = _total_current(pars, V) / slope
        V -= step
        if abs(step) < 1e-10:
            break
    return float(V)


def hh_resting_potential__relaxation(pars):
    """The voltage relaxed with the gates at their steady state: C dV/dt = -I(V), forward
    Euler until it stops moving."""
    V, dt = -70.0, 0.05
    for _ in range(100000):
        dV = -dt * _total_current(pars, V) / pars["C"]
        V += dV
        if abs(dV) < 1e-10:
            break
    return float(V)


def hh_resting_potential__long_run(pars):
    """A long run without input (nl.run_hh): where the membrane settles."""
    keys = ("gbar_Na", "gbar_K", "g_L", "E_Na", "E_K", "E_L")
    run = nl.run_hh(nl.hh_pars(**{**{k: pars[k] for k in keys}, "T": 300.0, "dt": 0.025}), 0.0)
    return float(run.v[-1])
