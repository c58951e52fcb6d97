"""Judge for notebook 05: adex_euler_step.

Equivalent means: the same (v_next, w_next) to a relative 1e-9 on every step of a broad suite,
one forward-Euler step of the AdEx from the old (v, w) followed by the reset when v_next
reaches V_spike (>=). The suite: 40 random parameter sets in which no two parameters are equal
(a of both signs, V_r above and below V_T, dt from 0.01 to 0.5 ms), each with steps at rest,
below and above E_L, in the exponential regime, crossing V_spike, and (from parameters made of
binary fractions) landing exactly on V_spike; a few with integer arguments, a = 0 and b = 0.
"""

import numpy as np

from ._common import first_difference

#: the keys adex_pars has besides those the step uses: all differ from each other too
_UNUSED = ("V_init", "w_init", "tref", "T")


def _distinct(pars):
    values = list(pars.values())
    return len(set(values)) == len(values) and len({abs(v) for v in values}) == len(values)


def _random_pars(rng):
    """An AdEx parameter set (adex_pars' rules kept) with every value different."""
    while True:
        p = dict(C=float(rng.uniform(50, 300)), g_L=float(rng.uniform(3, 20)),
                 E_L=float(rng.uniform(-80, -60)), Delta_T=float(rng.uniform(0.5, 4)),
                 a=float(rng.choice([-1, 1]) * rng.uniform(0.5, 2.5)),
                 tau_w=float(rng.uniform(20, 400)), b=float(rng.uniform(5, 150)),
                 dt=float(rng.choice([0.01, 0.025, 0.05, 0.1, 0.2, 0.5])))
        p["V_T"] = p["E_L"] + float(rng.uniform(8, 25))
        p["V_spike"] = p["V_T"] + float(rng.uniform(10, 60))
        p["V_r"] = p["V_T"] + float(rng.uniform(-15, 5))
        p.update(V_init=p["E_L"] + 1.3, w_init=float(rng.uniform(-20, 20)), tref=2 * p["dt"],
                 T=500.0 + p["dt"])
        if p["dt"] <= 0.1 * p["C"] / p["g_L"] and p["a"] > -p["g_L"] and _distinct(p):
            return {k: round(v, 6) for k, v in p.items()}


def _exact_pars(rng, k):
    """Binary fractions only, with v = V_T (exp(0) = 1): the step from v lands on V_spike
    exactly, whatever the order of the arithmetic. Returns (pars, v, w, I)."""
    C = float(2 ** rng.integers(6, 9))                    # 64, 128, 256 pF
    dt = [0.125, 0.25, 0.5][k % 3]
    g_L = C / 16                                          # C / g_L = 16 ms exactly
    E_L, V_T = -70.0 - k, -50.0 + k / 2
    p = dict(C=C, g_L=g_L, E_L=E_L, V_T=V_T, Delta_T=[2.5, 1.5, 3.0][k % 3],
             V_spike=V_T + 4.0 + k, V_r=-58.5 + k, a=[3.0, -1.5, 0.75][k % 3],
             tau_w=96.0 + 8 * k, b=22.0 + k, dt=dt, V_init=-66.25, w_init=6.5,
             tref=4 * dt, T=400.0 + dt)
    v, w = V_T, 40.0 + k
    X = (p["V_spike"] - v) * C / dt                       # the drive that lands on V_spike
    I = X + g_L * (v - E_L) - g_L * p["Delta_T"] + w
    return p, v, w, I


def _steps(rng, p):
    """(label, (v, w, I)) for one parameter set: subthreshold, exponential, crossing."""
    E_L, V_T, V_spike, D = p["E_L"], p["V_T"], p["V_spike"], p["Delta_T"]
    v_cross = V_T + D * np.log(2 * (V_spike - V_T) * p["C"] / (p["dt"] * p["g_L"] * D))
    points = [("at E_L", E_L, 0.0, 0.0), ("below E_L", E_L - 7.3, -12.5, 150.0),
              ("above E_L", E_L + 4.1, 33.0, 420.0), ("near V_T", V_T - 0.7, 18.0, 260.0),
              ("exponential regime", V_T + 2.2 * D, 55.0, 510.0),
              ("crossing V_spike", min(v_cross, V_spike - 0.1), 27.0, 300.0),
              ("random", float(rng.uniform(E_L - 10, V_T + D)), float(rng.uniform(-50, 150)),
               float(rng.uniform(-200, 800)))]
    return [(f"{what}: v = {v:.6g}, w = {w:.6g}, I = {I:.6g}", (v, w, I))
            for what, v, w, I in points]


def _adex_cases():
    rng = np.random.default_rng(20240605)
    cases = []
    for i in range(40):
        p = _random_pars(rng)
        for label, (v, w, I) in _steps(rng, p):
            cases.append((f"set {i} ({p}), {label}", (dict(p), v, w, I)))
    for k in range(6):
        p, v, w, I = _exact_pars(rng, k)
        cases.append((f"exact set {k} ({p}): v_next = V_spike exactly", (p, v, w, I)))
        cases.append((f"exact set {k}: 1 pA short of V_spike", (dict(p), v, w, I - 1.0)))
    p = _random_pars(rng)
    cases.append(("integer v, w, I", (dict(p), -65, 10, 400)))
    cases.append(("a = 0, b = 0", (dict(p, a=0.0, b=0.0), p["V_T"] + 1.0, 20.0, 350.0)))
    return cases


ADEX_CASES = _adex_cases()


def judge_adex_euler_step(reference, candidate):
    return first_difference(reference, candidate, ADEX_CASES)


JUDGES = {"adex_euler_step": judge_adex_euler_step}
