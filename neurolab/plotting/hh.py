"""Plots for the Hodgkin-Huxley notebook (06).

Each function draws into the axes it is given and returns a dict of the artists it made, so an
explorer can create them once and later change only their data. Units: time ms, voltage mV,
rates 1/ms, conductances mS/cm², currents µA/cm², firing rates Hz.

Colours and line styles are shared by every figure: the sodium gates m and h and g_Na in warm
colours, the potassium gate n and g_K in blue, the leak in grey; each gate and conductance also
has its own line style (n and g_K solid, m and g_Na dashed, h dash-dot, g_L dotted), so that
no two are told apart by hue alone.
"""

import numpy as np

from ..models.hh import (
    HH_SPIKE_THRESHOLD,
    alpha_h,
    alpha_m,
    alpha_n,
    beta_h,
    beta_m,
    beta_n,
    hh_steady_state,
    hh_time_constants,
)
from .style import BLUE, GREY, ORANGE, PURPLE, RED

GATE_COLORS = {"n": BLUE, "m": RED, "h": ORANGE}
GATE_STYLES = {"n": "-", "m": "--", "h": "-."}
CONDUCTANCE_COLORS = {"g_Na": RED, "g_K": BLUE, "g_L": GREY}
CONDUCTANCE_STYLES = {"g_Na": "--", "g_K": "-", "g_L": ":"}
VOLTAGE_COLOR = "k"

_RATES = {"n": (alpha_n, beta_n), "m": (alpha_m, beta_m), "h": (alpha_h, beta_h)}
_GATE_ROLE = {"n": "K⁺ activation", "m": "Na⁺ activation", "h": "Na⁺ inactivation"}


def plot_rate_functions(axes, v):
    """The six rate functions against the voltage v (mV), one panel per gate: ``axes`` is a
    sequence of three axes for n, m and h. In each, the opening rate alpha_x (solid) and the
    closing rate beta_x (dashed), in 1/ms. Returns {'alpha_n': line, 'beta_n': line, ...}."""
    v = np.asarray(v, dtype=float)
    out = {}
    for ax, gate in zip(axes, ("n", "m", "h")):
        alpha, beta = _RATES[gate]
        color = GATE_COLORS[gate]
        (out[f"alpha_{gate}"],) = ax.plot(v, alpha(v), "-", color=color, lw=1.8,
                                          label=fr"$\alpha_{gate}$ (opening)")
        (out[f"beta_{gate}"],) = ax.plot(v, beta(v), "--", color=color, lw=1.8,
                                         label=fr"$\beta_{gate}$ (closing)")
        ax.set_title(f"gate {gate} ({_GATE_ROLE[gate]})", fontsize="medium")
        ax.set_xlabel("membrane potential V (mV)")
        ax.set_ylabel("rate (1/ms)")
        ax.set_xlim(v.min(), v.max())
        ax.set_ylim(bottom=0)
    return out


def plot_steady_states(ax, v):
    """Steady-state gate values n_inf, m_inf, h_inf (dimensionless) against v (mV).
    Returns {'n': line, 'm': line, 'h': line}."""
    out = _plot_gate_curves(ax, v, hh_steady_state, r"${gate}_\infty$", "steady-state value")
    ax.set_ylim(0, 1.02)
    return out


def plot_time_constants(ax, v):
    """Time constants tau_n, tau_m, tau_h (ms) against v (mV).
    Returns {'n': line, 'm': line, 'h': line}."""
    out = _plot_gate_curves(ax, v, hh_time_constants, r"$\tau_{gate}$", "time constant (ms)")
    ax.set_ylim(bottom=0)
    return out


def _plot_gate_curves(ax, v, of_v, label, ylabel):
    """One line per gate of of_v(v) -> (n, m, h) values, labelled label.format(gate=...)."""
    v = np.asarray(v, dtype=float)
    values = dict(zip(("n", "m", "h"), of_v(v)))
    out = {}
    for gate in ("m", "h", "n"):
        (out[gate],) = ax.plot(v, values[gate], GATE_STYLES[gate], color=GATE_COLORS[gate],
                               lw=1.8, label=label.format(gate=gate))
    ax.set_xlabel("membrane potential V (mV)")
    ax.set_ylabel(ylabel)
    ax.set_xlim(v.min(), v.max())
    return out


def plot_hh_voltage(ax, t, v, spikes=None, threshold=HH_SPIKE_THRESHOLD, mark_at=45.0):
    """Membrane potential v (mV) against t (ms), the spike detection level ``threshold`` as a
    dashed line and, if given, the spike times as markers at height ``mark_at`` (mV).
    Returns {'v': line, 'threshold': line, 'spikes': line of markers}."""
    (v_line,) = ax.plot(t, v, lw=1.3, color=VOLTAGE_COLOR, label="V(t)")
    th = ax.axhline(threshold, ls="--", color=GREY, lw=1,
                    label=f"spike detection level {threshold:g} mV".replace("-", "−"))
    sp = np.asarray([] if spikes is None else spikes, dtype=float)
    (marks,) = ax.plot(sp, np.full(sp.shape, mark_at), "v", color=RED, ms=5, label="spikes")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("V (mV)")
    return {"v": v_line, "threshold": th, "spikes": marks}


def plot_gates(ax, t, m, h, n):
    """Gate variables m, h, n (dimensionless) against t (ms), y axis 0-1.
    Returns {'m': line, 'h': line, 'n': line}."""
    out = {}
    for gate, x in (("m", m), ("h", h), ("n", n)):
        (out[gate],) = ax.plot(t, x, GATE_STYLES[gate], lw=1.5, color=GATE_COLORS[gate],
                               label=gate)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("gate value")
    ax.set_ylim(0, 1)
    return out


def plot_conductances(ax, t, g_Na, g_K, g_L):
    """Conductances g_Na = gbar_Na m³h, g_K = gbar_K n⁴ and g_L (mS/cm²) against t (ms).
    Returns {'g_Na': line, 'g_K': line, 'g_L': line}."""
    out = {}
    labels = {"g_Na": r"$g_{Na} = \bar g_{Na}\, m^3 h$", "g_K": r"$g_K = \bar g_K\, n^4$",
              "g_L": r"$g_L$ (constant)"}
    for name, g in (("g_Na", g_Na), ("g_K", g_K), ("g_L", g_L)):
        (out[name],) = ax.plot(t, g, CONDUCTANCE_STYLES[name], lw=1.6,
                               color=CONDUCTANCE_COLORS[name], label=labels[name])
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("conductance (mS/cm²)")
    ax.set_ylim(bottom=0)
    return out


def plot_hh_fi_curve(ax, I, rates, onset=None, label="sustained rate (late 1000 / mean ISI)"):
    """f-I curve of the Hodgkin-Huxley model: currents I (µA/cm²) with sustained firing as
    filled dots at their rate (Hz), the silent ones (rate 0) as open circles on the axis, and, if
    given, the onset current as a dotted vertical line.
    Returns {'firing': line, 'silent': line, 'onset': line or None}."""
    I = np.asarray(I, dtype=float)
    rates = np.asarray(rates, dtype=float)
    firing = rates > 0
    (dots,) = ax.plot(I[firing], rates[firing], "o", ms=3.5, color=BLUE, label=label)
    (silent,) = ax.plot(I[~firing], rates[~firing], "o", ms=3.5, mfc="none", color=GREY,
                        label="no sustained firing (rate 0)")
    line = None
    if onset is not None:
        line = ax.axvline(onset, ls=":", color=PURPLE, lw=1.5, label=f"onset {onset:g} µA/cm²")
    ax.set_xlabel("injected current I (µA/cm²)")
    ax.set_ylabel("firing rate (Hz)")
    return {"firing": dots, "silent": silent, "onset": line}
