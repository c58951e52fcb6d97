"""Explorer for the Hodgkin-Huxley notebook (06)."""

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.patches import Rectangle

from ..inputs import step_current
from ..models.hh import (
    HH_SPIKE_THRESHOLD,
    OVERSHOOT,
    classify_hh_response,
    hh_pars,
    run_hh,
)
from ..plotting.hh import plot_conductances, plot_gates, plot_hh_voltage
from ..plotting.style import PURPLE, RED
from ._base import Explorer, check_onset, reserve_titles, slider, static_legend


def describe_hh_response(c):
    """A title line for ``classify_hh_response``'s result."""
    n = c["spikes"].size
    spikes = f"{n} spike{'' if n == 1 else 's'} (peak > {OVERSHOOT:g} mV)"
    state = c["state"]
    if state == "silent":
        return "no spike: 0 Hz"
    if state == "spiking":
        return spikes + (f", {c['rate']:.0f} Hz (1000 / mean ISI)" if n >= 2 else "")
    peak = f"{c['small_peak']:.0f} mV".replace("-", "−")
    if state == "damped":
        return (f"{spikes}, then a damped oscillation towards depolarisation block: 0 Hz")
    if state == "sustained":
        return (f"{spikes} + {c['small'].size} small ones (peaks {peak}), sustained: "
                f"{c['rate']:.0f} Hz")
    return f"{spikes} + {c['small'].size} small ones (peaks {peak}); too short to tell if they last"


class HHExplorer(Explorer):
    """The Hodgkin-Huxley neuron under a current step: drag the step amplitude (a coarse
    slider I and a fine one ΔI; the current is I + ΔI) and duration and the maximal sodium and
    potassium conductances.

    Three panels share the time axis: the membrane potential V(t) (the shaded band marks when
    the step is on, filled triangles the spikes, open ones small spikes), the gates m, h, n, and
    the conductances g_Na = gbar_Na m³h, g_K = gbar_K n⁴ and g_L. The title counts spikes by a
    stated criterion (``classify_hh_response``): a spike overshoots 0 mV; smaller spikes count
    as firing only while they do not die out, and a damped oscillation towards depolarisation
    block is 0 Hz.

    T        run length (ms), 0 < T <= ``max_T`` (1 s); 100 by default (one run then takes
             ~15 ms at dt = 0.01 ms)
    t_on     step onset (ms), 0 <= t_on <= T - 0.5 ms (the shortest step, ``MIN_STEP``); the
             step lasts the chosen duration, at most until T
    """

    title = "Hodgkin–Huxley neuron: current step and channel densities"
    shows = "Hodgkin–Huxley V(t), gates m, h, n and conductances"
    figsize = (10.0, 5.2)
    max_T = 1_000.0  # ms: 100 000 steps of 0.01 ms at every update
    MIN_STEP = 0.5  # ms: the duration slider's lower end and step

    # Axes limits that cover the slider ranges (measured over a grid of the sliders: V within
    # -77 and +48 mV, g_Na below 62 and g_K below 23 mS/cm²); ``fit`` widens them otherwise.
    V_LIM = (-85.0, 60.0)
    G_LIM = (0.0, 70.0)

    def __init__(self, T=100.0, t_on=10.0):
        T = self.check_T(T)
        self.t_on = check_onset(t_on, T, shortest=self.MIN_STEP)
        self.base = hh_pars(T=T)
        self.max_duration = T - self.t_on
        super().__init__()

    def make_controls(self):
        d_max = self.max_duration
        return {
            "I": slider("I", "µA/cm²", 10.0, 0.0, 160.0, 0.5,
                        tooltip="step current, coarse (µA/cm²); the current is I + ΔI"),
            "dI": slider("ΔI", "µA/cm²", 0.0, -2.0, 2.0, 0.01,
                         tooltip="fine adjustment added to I (µA/cm²), e.g. to find the onset "
                                 "of firing near 6.3 µA/cm²"),
            "duration": slider("step", "ms", min(80.0, d_max), self.MIN_STEP, d_max, self.MIN_STEP,
                               tooltip="duration of the current step (ms)"),
            "gbar_Na": slider("ḡ_Na", "mS/cm²", 120.0, 60.0, 180.0, 1.0,
                              tooltip="maximal Na⁺ conductance ḡ_Na (mS/cm²)"),
            "gbar_K": slider("ḡ_K", "mS/cm²", 36.0, 12.0, 60.0, 1.0,
                             tooltip="maximal K⁺ conductance ḡ_K (mS/cm²)"),
        }

    def setup(self, fig):
        ax_v, ax_x, ax_g = fig.subplots(3, 1, sharex=True, height_ratios=[1.35, 1.0, 1.0])
        p = self.base
        t = p["range_t"]
        rest = np.full(t.size, p["V_init"])
        # a band over the full height while the step is on, edged in full colour for contrast
        # (a Rectangle: axvspan returns a Polygon before matplotlib 3.9)
        self.span = ax_v.add_patch(Rectangle((self.t_on, 0.0), 1.0, 1.0,
                                             transform=ax_v.get_xaxis_transform(),
                                             fc=mcolors.to_rgba(PURPLE, 0.1), ec=PURPLE, lw=0.8,
                                             label="current on"))
        self.v_artists = plot_hh_voltage(ax_v, t, rest, threshold=HH_SPIKE_THRESHOLD,
                                         mark_at=self.V_LIM[1] - 5.0)
        self.v_artists["spikes"].set_label("spikes (peak > 0 mV)")
        (self.small,) = ax_v.plot([], [], "v", mfc="white", mec=RED, ms=5,
                                  label="small spikes (peak < 0 mV)")
        ax_v.axhline(OVERSHOOT, color="0.75", lw=0.8, zorder=0)
        self.gate_artists = plot_gates(ax_x, t, rest * 0, rest * 0, rest * 0)
        self.g_artists = plot_conductances(ax_g, t, rest * 0, rest * 0, rest * 0)
        ax_v.set_ylim(*self.V_LIM)
        ax_g.set_ylim(*self.G_LIM)
        ax_g.set_xlim(0, p["T"])
        ax_g.set_ylabel("g (mS/cm²)")
        ax_x.set_ylabel("gates")
        for ax in (ax_v, ax_x):
            ax.set_xlabel("")
        static_legend(fig, [ax_v, ax_x, ax_g], ncols=6, loc="outside lower center")
        reserve_titles(ax_v, lines=2)
        self.ax_v, self.ax_x, self.ax_g = ax_v, ax_x, ax_g
        return [self.span, *self.v_artists.values(), self.small, *self.gate_artists.values(),
                *self.g_artists.values(), ax_v.title]

    def update(self, I, dI, duration, gbar_Na, gbar_K):
        current_value = max(I + dI, 0.0)
        pars = dict(self.base, gbar_Na=gbar_Na, gbar_K=gbar_K)
        t_off = min(self.t_on + duration, pars["T"])
        current = step_current(pars, current_value, t_on=self.t_on, t_off=t_off)
        r = run_hh(pars, current)
        self.result = r
        self.response = c = classify_hh_response(r.t, r.v, self.t_on, t_off)
        self.span.set_x(self.t_on)
        self.span.set_width(t_off - self.t_on)
        self.v_artists["v"].set_ydata(r.v)
        mark = self.ax_v.get_ylim()[1] - 5.0
        self.v_artists["spikes"].set_data(c["spikes"], np.full(c["spikes"].shape, mark))
        self.small.set_data(c["small"], np.full(c["small"].shape, mark))
        for gate in ("m", "h", "n"):
            self.gate_artists[gate].set_ydata(getattr(r, gate))
        for name in ("g_Na", "g_K", "g_L"):
            self.g_artists[name].set_ydata(getattr(r, name))
        self.fit(self.ax_v, y=r.v, step={"y": 20.0})
        self.fit(self.ax_g, y=np.r_[r.g_Na, r.g_K], step={"y": 10.0})
        self.ax_v.set_title(
            f"step of I = {current_value:.2f} µA/cm² from {self.t_on:g} to {t_off:g} ms\n"
            f"{describe_hh_response(c)}", fontsize="medium")
