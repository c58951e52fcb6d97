"""Explorers for the LIF notebooks (01-04)."""

import math

import numpy as np

from .._checks import check_bool
from ..analysis import isi_rate
from ..models.lif import default_pars, lif_rate, lif_rheobase, run_lif
from ..plotting import plot_fi_curve, plot_voltage_trace
from ..plotting.style import GREY, PURPLE, RED
from ._base import Explorer, check_arg, check_window, slider, static_legend

#: The current pulse of ``LIFExplorer(pulse=True)`` (``run_lif(..., stop=True)``): on for the
#: middle PULSE ms of the run, from T/2 - PULSE/2 to T/2 + PULSE/2.
PULSE = 200.0


class LIFExplorer(Explorer):
    """Membrane potential of the LIF neuron under a current pulse or constant input:
    drag the injected current and the membrane time constant.

    The dotted line is the steady state V_inf = E_L + I/g_L that the input drives the membrane
    towards (while the pulse is on); the neuron fires only if V_inf lies above the threshold.

    T        run length (ms), 0 < T <= ``max_T`` (10 s); with pulse=True more than 200 ms
    pulse    True (a bool): the current is on for the middle 200 ms of the run (``PULSE``),
             from T/2 - 100 to T/2 + 100 ms, so there is rest before and after it; False: over
             the whole run"""

    title = "LIF neuron: injected current and membrane time constant"
    shows = "Membrane potential V(t) of the LIF neuron"

    figsize = (10.0, 6.0)

    def __init__(self, T=500.0, pulse=True):
        self.pulse = check_bool("pulse", pulse)
        T = self.check_T(T)
        if self.pulse and T <= PULSE:
            raise ValueError(f"T must be more than {PULSE:g} ms with pulse=True: the pulse is on "
                             f"for the middle {PULSE:g} ms of the run (T/2 - {PULSE / 2:g} to "
                             f"T/2 + {PULSE / 2:g} ms), with rest before and after it; got "
                             f"T = {T!r} ms (use pulse=False for input over the whole run)")
        self.base = default_pars(T=T)
        super().__init__()

    def make_controls(self):
        return {
            "I_inj": slider("I", "pA", 100.0, 0.0, 500.0, 5.0, tooltip="injected current I (pA)"),
            "tau_m": slider("τ_m", "ms", 10.0, 2.0, 50.0, 1.0,
                            tooltip="membrane time constant τ_m = C / g_L (ms)"),
        }

    def setup(self, fig):
        ax = fig.add_subplot()
        p = self.base
        self.artists = plot_voltage_trace(ax, p["range_t"], np.full(p["range_t"].size, p["E_L"]), p)
        half = PULSE / 2
        t_on, t_off = (p["T"] / 2 - half, p["T"] / 2 + half) if self.pulse else (0.0, p["T"])
        (self.artists["v_inf"],) = ax.plot([t_on, t_off], [p["E_L"]] * 2, ":", color=PURPLE, lw=1.5,
                                           label=r"steady state $E_L + I/g_L$")
        ax.set_xlim(0, p["T"])
        ax.set_ylim(-80, -45)
        ax.legend(loc="upper right", fontsize="small")
        ax.set_title(" ", fontsize="medium")  # reserves room for the title set in update
        self.ax = ax
        return [self.artists["v"], self.artists["v_inf"], self.artists["spikes"], ax.title]

    def update(self, I_inj, tau_m):
        pars = dict(self.base, tau_m=tau_m)
        run = run_lif(pars, I_inj, stop=self.pulse)
        v, spikes = run.v, run.spikes
        v_inf = pars["E_L"] + I_inj / pars["g_L"]
        self.artists["v"].set_ydata(v)
        self.artists["v_inf"].set_ydata([v_inf, v_inf])
        # the steady state can lie far above the threshold: the axis grows to show it
        self.set_limits(self.ax, ylim=(-80.0, max(-45.0, 10.0 * math.ceil((v_inf + 4.0) / 10.0))))
        self.artists["spikes"].set_data(spikes, np.full(spikes.shape, pars["V_th"] + 5.0))
        self.ax.set_title(f"{spikes.size} spikes  ·  steady state E_L + I/g_L = {v_inf:.1f} mV "
                          f"(threshold {pars['V_th']:.0f} mV)", fontsize="medium")


class FIExplorer(Explorer):
    """f–I curve of the LIF neuron under constant (DC) input: drag the membrane time constant,
    the refractory period and the leak conductance.

    Left: firing rate against current, simulated (dots: 1000 / mean ISI of one batched run of all
    currents) and in closed form (line, ``lif_rate``), with the rheobase g_L (V_th - E_L) and the
    ceiling 1/tref. Right: V(t) at the current chosen with the last slider (the star on the left).

    T           run length (ms) of every neuron, 0 < T <= ``max_T`` (5 s)
    I_max       largest current (pA) of the curve and of the V(t) slider, 10 to 10000 pA (the
                slider starts at 300 pA, or at I_max if that is smaller)
    n_currents  number of currents simulated, evenly from 0 to I_max: a whole number, 2 to
                ``MAX_CURRENTS`` (201)
    t_show      length (ms) of the V(t) window on the right: more than one time step (0.1 ms)
                and at most T; None (default): 200 ms, or T if shorter
    """

    title = "f–I curve of the LIF neuron: τ_m, refractory period and leak"
    shows = "The LIF neuron's f–I curve, and V(t) at one current"
    figsize = (10.0, 5.6)
    max_T = 5_000.0  # ms: each update runs n_currents neurons over T
    MAX_CURRENTS = 201

    def __init__(self, T=400.0, I_max=500.0, n_currents=101, t_show=None):
        T = self.check_T(T)
        I_max = check_arg("I_max", I_max, 10.0, 10_000.0, unit="pA")
        n_currents = check_arg("n_currents", n_currents, 2, self.MAX_CURRENTS, integer=True)
        self.base = default_pars(T=T)
        t_show = min(200.0, T) if t_show is None else t_show
        t_show = check_window("t_show", t_show, self.base["dt"], T)
        self.currents = np.linspace(0.0, I_max, n_currents)
        self.I_fine = np.linspace(0.0, I_max, 1001)
        self.I_max = I_max
        self.n_show = int(np.searchsorted(self.base["range_t"], t_show))  # samples t < t_show
        super().__init__()

    def make_controls(self):
        return {
            "tau_m": slider("τ_m", "ms", 10.0, 5.0, 40.0, 1.0,
                            tooltip="membrane time constant τ_m (ms)"),
            "tref": slider("t_ref", "ms", 2.0, 1.0, 10.0, 0.5,
                           tooltip="refractory period t_ref (ms)"),
            "g_L": slider("g_L", "nS", 10.0, 5.0, 20.0, 0.5, tooltip="leak conductance g_L (nS)"),
            "I_trace": slider("I for V(t)", "pA", min(300.0, self.I_max), 0.0, self.I_max, 5.0,
                              tooltip="the current whose V(t) is shown on the right (pA); "
                                      "the star on the f–I curve"),
        }

    def setup(self, fig):
        ax_fi, ax_v = fig.subplots(1, 2, width_ratios=[1.15, 1.0])
        p = self.base
        zeros = np.zeros(self.currents.size)
        self.fi = plot_fi_curve(ax_fi, self.currents, zeros, self.I_fine,
                                np.zeros(self.I_fine.size), label="simulated (1000 / mean ISI)",
                                closed_label="closed form lif_rate")
        self.ceiling = ax_fi.axhline(1000.0 / p["tref"], ls="--", color=GREY, lw=1,
                                     label="ceiling 1/t_ref")
        self.rheo = ax_fi.axvline(lif_rheobase(p), ls=":", color=PURPLE, lw=1.5,
                                  label="rheobase g_L (V_th − E_L)")
        (self.star,) = ax_fi.plot([0.0], [0.0], "*", color=RED, ms=11, label="current for V(t)")
        ax_fi.set_xlim(0, self.I_max)
        ax_fi.set_ylim(0, 150)  # fitted to the curve in update
        ax_fi.set_title(" ", fontsize="medium")
        static_legend(fig, [ax_fi], ncols=5, loc="outside lower center")

        t = p["range_t"][: self.n_show]
        self.trace = plot_voltage_trace(ax_v, t, np.full(t.size, p["E_L"]), p)
        ax_v.set_xlim(0, t[-1] + p["dt"])
        ax_v.set_ylim(-80, -45)
        ax_v.set_title(" ", fontsize="medium")
        self.ax_fi, self.ax_v = ax_fi, ax_v
        return [self.fi["closed"], self.fi["sim"], self.ceiling, self.rheo, self.star,
                self.trace["v"], self.trace["spikes"], ax_fi.title, ax_v.title]

    def update(self, tau_m, tref, g_L, I_trace):
        pars = dict(self.base, tau_m=tau_m, tref=tref, g_L=g_L)
        # the sweep keeps spike times only; the one neuron shown keeps its trace
        self.rates = isi_rate(run_lif(pars, self.currents[:, None], trace=False).spikes)
        run = run_lif(pars, I_trace)
        v, spikes = run.v, run.spikes
        rate = isi_rate(spikes)
        self.fi["sim"].set_ydata(self.rates)
        closed = lif_rate(pars, self.I_fine)
        self.fi["closed"].set_ydata(closed)
        self.ceiling.set_ydata([1000.0 / tref] * 2)
        rheobase = lif_rheobase(pars)
        self.rheo.set_xdata([rheobase] * 2)
        self.star.set_data([I_trace], [rate])
        shown = spikes[spikes < self.n_show * pars["dt"]]
        self.trace["v"].set_ydata(v[: self.n_show])
        self.trace["spikes"].set_data(shown, np.full(shown.shape, pars["V_th"] + 5.0))
        # the rate axis is fitted to the curve (in steps of 50 Hz), so it always fills the panel
        top = max(np.nanmax(self.rates), float(np.max(closed)), 1.0)
        self.set_limits(self.ax_fi, ylim=(0.0, 50.0 * math.ceil(1.08 * top / 50.0)))
        off = "" if 1000.0 / tref <= self.ax_fi.get_ylim()[1] else " (above the axis)"
        self.ax_fi.set_title(f"rheobase {rheobase:.0f} pA  ·  "
                             f"ceiling 1/t_ref = {1000.0 / tref:.0f} Hz{off}", fontsize="medium")
        self.ax_v.set_title(f"I = {I_trace:.0f} pA: {rate:.1f} Hz simulated, "
                            f"{lif_rate(pars, I_trace):.1f} Hz closed form", fontsize="medium")
