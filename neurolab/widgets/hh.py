"""Explorer for the Hodgkin-Huxley notebook (06)."""

import numpy as np
from matplotlib.patches import Rectangle

from ..analysis import isi_rate
from ..hh import HH_SPIKE_THRESHOLD, hh_pars, run_hh
from ..inputs import step_current
from ..plotting.hh import plot_conductances, plot_gates, plot_hh_voltage
from ._base import Explorer, slider, static_legend


class HHExplorer(Explorer):
    """The Hodgkin-Huxley neuron under a current step: drag the step amplitude and duration and
    the maximal sodium and potassium conductances.

    Three panels share the time axis: the membrane potential V(t) (the shaded band marks when
    the step is on, triangles the detected spikes), the gates m, h, n, and the conductances
    g_Na = gNa m³h, g_K = gK n⁴ and g_L. The title gives the spike count and the rate
    1000 / mean interspike interval.

    T        run length (ms), 100 by default (one run then takes ~15 ms at dt = 0.01 ms)
    t_on     step onset (ms); the step lasts the chosen duration, at most until T
    """

    title = "Hodgkin–Huxley neuron: current step and channel densities"
    figsize = (9.5, 6.6)

    # Fixed axes limits, chosen to cover every slider combination: measured over a grid of the
    # sliders (I every 5 µA/cm², ḡ_Na and ḡ_K in five steps each), V stays within -77 and
    # +48 mV, g_Na below 62 and g_K below 23 mS/cm².
    V_LIM = (-85.0, 60.0)
    G_LIM = (0.0, 70.0)

    def __init__(self, T=100.0, t_on=10.0):
        self.base = hh_pars(T=T)
        self.t_on = float(t_on)
        self.max_duration = float(T) - self.t_on
        if self.max_duration <= 0:
            raise ValueError(f"t_on must be before T, got t_on = {t_on} ms, T = {T} ms")
        super().__init__()

    def make_controls(self):
        d_max = self.max_duration
        return {
            "I": slider("step current I", "µA/cm²", 10.0, 0.0, 160.0, 0.1),
            "duration": slider("step duration", "ms", min(80.0, d_max), 0.5, d_max, 0.5),
            "gNa": slider("max. Na⁺ conductance ḡ_Na", "mS/cm²", 120.0, 60.0, 180.0, 1.0),
            "gK": slider("max. K⁺ conductance ḡ_K", "mS/cm²", 36.0, 12.0, 60.0, 1.0),
        }

    def setup(self, fig):
        ax_v, ax_x, ax_g = fig.subplots(3, 1, sharex=True, height_ratios=[1.25, 1.0, 1.0])
        p = self.base
        t = p["range_t"]
        rest = np.full(t.size, p["V_init"])
        # a band over the full height while the step is on (a Rectangle: axvspan returns a
        # Polygon before matplotlib 3.9)
        self.span = ax_v.add_patch(Rectangle((self.t_on, 0.0), 1.0, 1.0,
                                             transform=ax_v.get_xaxis_transform(), color="C2",
                                             alpha=0.12, lw=0, label="current on"))
        self.v_artists = plot_hh_voltage(ax_v, t, rest, threshold=HH_SPIKE_THRESHOLD,
                                         mark_at=self.V_LIM[1] - 5.0)
        self.gate_artists = plot_gates(ax_x, t, rest * 0, rest * 0, rest * 0)
        self.g_artists = plot_conductances(ax_g, t, rest * 0, rest * 0, rest * 0)
        ax_v.set_ylim(*self.V_LIM)
        ax_g.set_ylim(*self.G_LIM)
        ax_g.set_xlim(0, p["T"])
        for ax in (ax_v, ax_x):
            ax.set_xlabel("")
        static_legend(fig, [ax_v, ax_x, ax_g], ncols=5, loc="outside lower center")
        ax_v.set_title(" ", fontsize="medium")  # reserves room for the title set in update
        self.ax_v, self.ax_x, self.ax_g = ax_v, ax_x, ax_g
        return [self.span, *self.v_artists.values(), *self.gate_artists.values(),
                *self.g_artists.values(), ax_v.title]

    def update(self, I, duration, gNa, gK):
        pars = dict(self.base, gNa=gNa, gK=gK)
        t_off = min(self.t_on + duration, pars["T"])
        current = step_current(pars, I, t_on=self.t_on, t_off=t_off)
        r = run_hh(pars, current)
        self.result = r
        self.span.set_x(self.t_on)
        self.span.set_width(t_off - self.t_on)
        self.v_artists["v"].set_ydata(r.v)
        self.v_artists["spikes"].set_data(r.spikes, np.full(r.spikes.shape, self.V_LIM[1] - 5.0))
        for gate in ("m", "h", "n"):
            self.gate_artists[gate].set_ydata(getattr(r, gate))
        for name in ("g_Na", "g_K", "g_L"):
            self.g_artists[name].set_ydata(getattr(r, name))
        rate = isi_rate(r.spikes)
        rate_text = f", {rate:.1f} Hz (1000 / mean ISI)" if r.spikes.size >= 2 else ""
        self.ax_v.set_title(
            f"I = {I:.1f} µA/cm² from {self.t_on:g} to {t_off:g} ms: "
            f"{r.spikes.size} spike{'' if r.spikes.size == 1 else 's'}{rate_text}",
            fontsize="medium")
