"""Plots for the noisy-input notebooks (03 white noise, 04 Ornstein-Uhlenbeck input).

Each function draws into the axes it is given and returns a dict of the artists it made, so an
explorer can create them once and later change only their data."""

import numpy as np
from matplotlib import colors as mcolors

from .style import BLUE, GREY, ORANGE, RED


def plot_input_current(ax, t, I, mu=None, label="input I(t)", color=GREY):
    """Input current I (pA) against t (ms) as a thin line, and, if ``mu`` is given, its mean as a
    dashed line. Returns {'I': line, 'mean': line or None}."""
    (line,) = ax.plot(t, I, lw=0.6, color=color, label=label)
    mean = None
    if mu is not None:
        mean = ax.axhline(mu, ls="--", lw=1.8, color=ORANGE, label=r"mean $\mu$")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("current I (pA)")
    return {"I": line, "mean": mean}


def line_envelope(t, y, columns):
    """Thin a dense, jagged trace for drawing: split it into ``columns`` consecutive chunks and
    keep each chunk's minimum and maximum, both at the chunk's first time. When a chunk is at most
    a pixel wide, a line through these points covers the same pixels as the full trace, at a
    fraction of the drawing cost (white noise at dt = 0.1 ms has several samples per pixel).
    Returns (t_env, y_env); a trace of at most 2 * columns samples is returned unchanged."""
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    if y.size <= 2 * columns:
        return t, y
    starts = np.linspace(0, y.size, columns + 1).astype(int)[:-1]
    low, high = np.minimum.reduceat(y, starts), np.maximum.reduceat(y, starts)
    return np.repeat(t[starts], 2), np.column_stack([low, high]).ravel()


def isi_fractions(isi, bins):
    """Fraction of all intervals in ``isi`` (ms) that falls in each bin of ``bins`` (edges, ms),
    and the number of intervals outside the bins. Fractions are of the total, so intervals off
    the axis show up as missing mass rather than inflating the bars. No intervals: all zeros."""
    isi = np.asarray(isi, dtype=float).ravel()
    bins = np.asarray(bins, dtype=float)
    counts, _ = np.histogram(isi, bins=bins)
    outside = int(isi.size - counts.sum())
    fractions = counts / isi.size if isi.size else np.zeros(bins.size - 1)
    return fractions, outside


def plot_isi_histogram(ax, isi, bins, color=BLUE, label="ISIs"):
    """Histogram of interspike intervals (ms) as a step outline over fixed ``bins`` (edges, ms),
    in fraction of intervals per bin, lightly filled (the outline in full colour keeps the 3:1
    contrast of a graphical object). Returns {'hist': StepPatch}: update it with
    ``hist.set_data(isi_fractions(new_isi, bins)[0])``."""
    fractions, _ = isi_fractions(isi, bins)
    hist = ax.stairs(fractions, bins, fill=True, facecolor=mcolors.to_rgba(color, 0.3),
                     edgecolor=color, lw=1.2, label=label)
    ax.set_xlim(bins[0], bins[-1])
    ax.set_xlabel("interspike interval (ms)")
    ax.set_ylabel(f"fraction of ISIs per {bins[1] - bins[0]:g} ms bin")
    return {"hist": hist}


def plot_fi_noise(ax, I_sim, rates_sim, I_theory, rates_theory, rates_dc=None, sig=None):
    """F-I curve with noise: simulated rates (markers) at I_sim, a theory curve (e.g. the Siegert
    rate) at I_theory and, if given, the noise-free (DC) curve at I_theory for reference.
    Currents in pA, rates in Hz. Returns {'sim': line, 'theory': line, 'dc': line or None}."""
    tag = "" if sig is None else f", σ = {sig:g} pA·√s"
    dc = None
    if rates_dc is not None:
        (dc,) = ax.plot(I_theory, rates_dc, color=GREY, lw=1.5, ls=":",
                        label="no noise (DC, closed form)")
    (theory,) = ax.plot(I_theory, rates_theory, color=BLUE, lw=1.8, label="Siegert theory" + tag)
    (sim,) = ax.plot(I_sim, rates_sim, "o", color=RED, ms=4, label="simulation" + tag)
    ax.set_xlabel(r"mean input current $\mu$ (pA)")
    ax.set_ylabel("firing rate (Hz)")
    return {"sim": sim, "theory": theory, "dc": dc}


def plot_autocorrelation(ax, lags, ac, tau, color=BLUE, label=None):
    """Estimated autocorrelation ``ac`` at ``lags`` (ms) as a line, the theory exp(-lag/tau) as
    a dashed line of the same colour, and a marker where lag = tau (theory value 1/e).
    Returns {'estimate': line, 'theory': line, 'at_tau': line}."""
    (est,) = ax.plot(lags, ac, color=color, lw=1.6, label=label or f"estimate, τ = {tau:g} ms")
    (th,) = ax.plot(lags, np.exp(-np.asarray(lags) / tau), ls="--", color=color, lw=1.2)
    (mark,) = ax.plot([tau], [np.exp(-1.0)], "o", color=color, ms=5)
    ax.set_xlabel("lag (ms)")
    ax.set_ylabel("autocorrelation")
    return {"estimate": est, "theory": th, "at_tau": mark}
