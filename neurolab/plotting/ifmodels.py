"""Plots for notebook 05 (EIF, AdEx, GEM).

The plotting functions draw into the axes they are given and return a dict of the artists they
made, so an explorer can create them once and later change only their data. The model curves
they draw come from the models (``eif_current``, ``lif_current``, ``adex_nullclines``).
Units: ms, mV, pA, nS, pF; dV/dt in mV/ms (= pA / pF).
"""

import numpy as np

from .style import BLUE, ORANGE, RED


def spike_strokes(t, v, spikes, dt, V_spike):
    """A voltage trace with each spike drawn as a vertical stroke up to V_spike.

    The simulators store the reset value V_r at the sample of a spike (the trace never reaches
    the cut-off V_spike). For a plot, this inserts the point (t_spike, V_spike) just before that
    sample, so the line goes up to the cut-off and straight down to V_r. Returns (t, v) arrays,
    longer by the number of spikes."""
    idx = np.rint(np.asarray(spikes, dtype=float) / dt).astype(int) - int(round(t[0] / dt))
    idx = idx[(idx >= 0) & (idx < len(t))]
    return np.insert(t, idx, t[idx]), np.insert(v, idx, V_spike)


def phase_path(v, w, spikes, dt, t0=0.0):
    """The trajectory (v, w) with a gap (NaN) at every reset, so a line plot does not draw the
    jump from the last sample before a spike to the reset (V_r, w + b). Returns (v, w) arrays."""
    idx = np.rint((np.asarray(spikes, dtype=float) - t0) / dt).astype(int)
    idx = idx[(idx > 0) & (idx < len(v))]
    return (np.insert(np.asarray(v, float), idx, np.nan),
            np.insert(np.asarray(w, float), idx, np.nan))


def plot_iv_curve(ax, V, dvdt, label, color=BLUE, ls="-", lw=1.6):
    """dV/dt (mV/ms) against V (mV), with a thin line at dV/dt = 0 (where the curve crosses it,
    V stands still: a fixed point). Returns {'curve': line, 'zero': line}."""
    (curve,) = ax.plot(V, dvdt, ls=ls, lw=lw, color=color, label=label)
    zero = ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlabel("membrane potential V (mV)")
    ax.set_ylabel("dV/dt (mV/ms)")
    return {"curve": curve, "zero": zero}


def plot_spiking_trace(ax, t, v, spikes, pars, color=BLUE, lw=1.0, label="V(t)"):
    """Membrane potential (mV) against t (ms), with spikes drawn as strokes up to V_spike (see
    ``spike_strokes``). Returns {'v': line}; update it with ``set_data(*spike_strokes(...))``."""
    ts, vs = spike_strokes(t, v, spikes, pars["dt"], pars["V_spike"])
    (line,) = ax.plot(ts, vs, color=color, lw=lw, label=label)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("V (mV)")
    return {"v": line}


def plot_adex_run(ax_v, ax_w, t, v, w, spikes, pars):
    """An AdEx run: V(t) with spike strokes on ax_v and the adaptation current w(t) on ax_w.
    Returns {'v': line, 'w': line}."""
    artists = plot_spiking_trace(ax_v, t, v, spikes, pars)
    (artists["w"],) = ax_w.plot(t, w, color=ORANGE, lw=1.2, label="w(t)")
    ax_w.set_xlabel("time (ms)")
    ax_w.set_ylabel("adaptation w (pA)")
    return artists


def plot_phase_plane(ax, V, w_V, w_w, v, w, spikes, dt, t0=0.0, show_path=True):
    """The AdEx (V, w) phase plane: the V-nullcline w_V and the w-nullcline w_w (pA) on the
    voltage grid V (mV), the trajectory (v, w) of a run (broken at resets) and its reset points
    (V_r, w + b) as dots; the nullclines are dashed (V) and dash-dot (w), so that not only their
    colours tell them apart. Returns {'v_null', 'w_null', 'path', 'resets'}."""
    (v_null,) = ax.plot(V, w_V, "--", color=RED, lw=1.6, label="V-nullcline (dV/dt = 0)")
    (w_null,) = ax.plot(V, w_w, "-.", color=ORANGE, lw=1.6, label="w-nullcline (dw/dt = 0)")
    pv, pw = phase_path(v, w, spikes, dt, t0) if show_path else ([], [])
    (path,) = ax.plot(pv, pw, color=BLUE, lw=1.0, label="trajectory")
    rv, rw = reset_points(v, w, spikes, dt, t0) if show_path else ([], [])
    (resets,) = ax.plot(rv, rw, "o", color="k", ms=3.5, label="resets (V_r, w + b)")
    ax.set_xlabel("membrane potential V (mV)")
    ax.set_ylabel("adaptation w (pA)")
    return {"v_null": v_null, "w_null": w_null, "path": path, "resets": resets}


def reset_points(v, w, spikes, dt, t0=0.0):
    """(V, w) at the samples of the spikes: where the trajectory restarts after each reset."""
    idx = np.rint((np.asarray(spikes, dtype=float) - t0) / dt).astype(int)
    idx = idx[(idx >= 0) & (idx < len(v))]
    return np.asarray(v)[idx], np.asarray(w)[idx]
