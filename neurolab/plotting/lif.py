"""Plots for the LIF notebooks."""

import numpy as np

from .style import BLUE, GREY, RED


def plot_voltage_trace(ax, t, v, pars, spikes=None, label="V(t)"):
    """Membrane potential v (mV) against t (ms) with the threshold V_th as a dashed line and, if
    given, spike times as markers above it. Returns a dict of the artists:
    'v' (line), 'threshold' (line), 'spikes' (line of markers)."""
    (v_line,) = ax.plot(t, v, lw=1.2, color=BLUE, label=label)
    th = ax.axhline(pars["V_th"], ls="--", color=GREY, lw=1, label=r"threshold $V_{th}$")
    sp = np.asarray([] if spikes is None else spikes)
    (marks,) = ax.plot(sp, np.full(sp.shape, pars["V_th"] + 5.0), "v", color=RED, ms=5,
                       label="spikes")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("membrane potential V (mV)")
    return {"v": v_line, "threshold": th, "spikes": marks}


def plot_fi_curve(ax, I, rates, I_closed=None, rates_closed=None, color=BLUE,
                  label="simulated", closed_label="closed form"):
    """f–I curve: simulated firing rates (Hz) as dots against the injected current I (pA) and,
    if given, a closed-form curve (e.g. ``lif_rate`` on a fine grid I_closed) as a line in the
    same colour. Returns a dict of the artists: 'sim' (line of dots), 'closed' (line or None)."""
    (dots,) = ax.plot(I, rates, "o", ms=3.5, color=color, label=label)
    closed = None
    if I_closed is not None:
        (closed,) = ax.plot(I_closed, rates_closed, "-", lw=1.4, color=color,
                            label=closed_label)
    ax.set_xlabel("injected current I (pA)")
    ax.set_ylabel("firing rate (Hz)")
    return {"sim": dots, "closed": closed}
