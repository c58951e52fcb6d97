"""Correct styles of notebook 05's exercise: adex_euler_step(pars, v, w, I) -> (v_next, w_next)."""

import math

import numpy as np


def adex_euler_step__notebook(pars, v, w, I):
    """The notebook's own: dv and dw from the present v and w, then the reset."""
    p = pars
    exp_term = p["g_L"] * p["Delta_T"] * np.exp((v - p["V_T"]) / p["Delta_T"])
    dv = p["dt"] / p["C"] * (-p["g_L"] * (v - p["E_L"]) + exp_term - w + I)
    dw = p["dt"] / p["tau_w"] * (p["a"] * (v - p["E_L"]) - w)
    v_next, w_next = v + dv, w + dw
    if v_next >= p["V_spike"]:
        v_next, w_next = p["V_r"], w_next + p["b"]
    return v_next, w_next


def adex_euler_step__unpacked_math_exp(pars, v, w, I):
    """Every parameter unpacked into a local name, math.exp, the derivative dv/dt then a step."""
    C, g_L, E_L, V_T = pars["C"], pars["g_L"], pars["E_L"], pars["V_T"]
    Delta_T, a, tau_w, b = pars["Delta_T"], pars["a"], pars["tau_w"], pars["b"]
    V_r, V_spike, dt = pars["V_r"], pars["V_spike"], pars["dt"]
    dvdt = (-g_L * (v - E_L) + g_L * Delta_T * math.exp((v - V_T) / Delta_T) - w + I) / C
    dwdt = (a * (v - E_L) - w) / tau_w
    v_next = v + dt * dvdt
    w_next = w + dt * dwdt
    if v_next >= V_spike:
        v_next = V_r
        w_next += b
    return v_next, w_next


def adex_euler_step__membrane_time_constant(pars, v, w, I):
    """Written with tau_m = C / g_L, as the LIF of notebook 01."""
    tau_m = pars["C"] / pars["g_L"]
    dT = pars["Delta_T"]
    dt = pars["dt"]
    v_next = (v + dt * (-(v - pars["E_L"]) + dT * np.exp((v - pars["V_T"]) / dT)) / tau_m
              + dt * (I - w) / pars["C"])
    w_next = w + dt * (pars["a"] * (v - pars["E_L"]) - w) / pars["tau_w"]
    if v_next >= pars["V_spike"]:
        return pars["V_r"], w_next + pars["b"]
    return v_next, w_next


def adex_euler_step__tuple_update(pars, v, w, I):
    """Both variables advanced in one tuple assignment, the reset with not <."""
    g_L, E_L = pars["g_L"], pars["E_L"]
    spike_current = g_L * pars["Delta_T"] * np.exp((v - pars["V_T"]) / pars["Delta_T"])
    v, w = (v + pars["dt"] * (g_L * (E_L - v) + spike_current + I - w) / pars["C"],
            w + pars["dt"] * (pars["a"] * (v - E_L) - w) / pars["tau_w"])
    if not v < pars["V_spike"]:
        v = pars["V_r"]
        w = w + pars["b"]
    return v, w


def adex_euler_step__np_where(pars, v, w, I):
    """Vectorised: the reset by np.where (works on numbers and arrays alike)."""
    v, w, I = np.asarray(v, float), np.asarray(w, float), np.asarray(I, float)
    drive = (-pars["g_L"] * (v - pars["E_L"])
             + pars["g_L"] * pars["Delta_T"] * np.exp((v - pars["V_T"]) / pars["Delta_T"])
             - w + I)
    v_new = v + pars["dt"] * drive / pars["C"]
    w_new = w + pars["dt"] / pars["tau_w"] * (pars["a"] * (v - pars["E_L"]) - w)
    spiked = v_new >= pars["V_spike"]
    return np.where(spiked, pars["V_r"], v_new), np.where(spiked, w_new + pars["b"], w_new)


def adex_euler_step__list_of_keys(pars, v, w, I):
    """The parameters read with a list comprehension, the step in separate currents."""
    keys = ["C", "g_L", "E_L", "V_T", "Delta_T", "a", "tau_w", "b", "V_r", "V_spike", "dt"]
    C, g_L, E_L, V_T, Delta_T, a, tau_w, b, V_r, V_spike, dt = [pars[k] for k in keys]
    I_leak = g_L * (v - E_L)
    I_exp = g_L * Delta_T * np.exp((v - V_T) / Delta_T)
    v_next = v + dt * (I_exp - I_leak - w + I) / C
    w_next = w + dt * (a * (v - E_L) - w) / tau_w
    spike = v_next >= V_spike
    if spike:
        v_next = V_r
        w_next = w_next + b
    return float(v_next), float(w_next)


def adex_euler_step__dict_state(pars, v, w, I):
    """The new state built in a dict, returned as a list."""
    new = {"v": v + pars["dt"] / pars["C"] * (
        -pars["g_L"] * (v - pars["E_L"]) - w + I
        + pars["g_L"] * pars["Delta_T"] * math.exp((v - pars["V_T"]) / pars["Delta_T"])),
        "w": w + pars["dt"] / pars["tau_w"] * (pars["a"] * (v - pars["E_L"]) - w)}
    if new["v"] >= pars["V_spike"]:
        new["v"] = pars["V_r"]
        new["w"] += pars["b"]
    return [new["v"], new["w"]]
