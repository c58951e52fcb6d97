"""Explorers for the noisy-input notebooks: 03 (Gaussian white noise) and 04 (Ornstein-Uhlenbeck
input). Every explorer draws its noise from a fixed ``seed``, so the picture changes only when a
slider moves; sweeps inside an update are one batched simulation."""

import math

import numpy as np

from .._checks import as_float_array
from ..analysis import isi_cv
from ..inputs import gwn, ou
from ..models.lif import default_pars, lif_rate, lif_rheobase, run_lif, siegert_rate
from ..plotting.lif import plot_voltage_trace
from ..plotting.noise import (
    isi_fractions,
    line_envelope,
    plot_fi_noise,
    plot_input_current,
    plot_isi_histogram,
)
from ..plotting.style import GREY, PURPLE
from ..protocols import fi_curve
from ._base import (
    Explorer,
    check_arg,
    check_window,
    fixed_seed,
    reserve_titles,
    slider,
    static_legend,
)

SEED = 2020
ISI_BINS = np.arange(0.0, 101.0, 1.0)  # ms: fixed bins, so histograms are comparable
OU_ISI_BINS = np.arange(0.0, 151.0, 2.0)  # ms: coloured noise gives longer, broader ISIs
#: Most bin edges of an ISI histogram.
MAX_EDGES = 1001
#: Most mean currents of ``NoisyFIExplorer`` (one batched run of all at every update), and the
#: largest magnitude (pA) of each.
MAX_CURRENTS = 101
MAX_CURRENT = 10_000.0


def _free_sigma_v(pars, sig):
    """Std (mV) of the free membrane potential under white noise of amplitude sig (pA·√s)."""
    return sig / (pars["g_L"] * np.sqrt(2.0 * pars["tau_m"] / 1000.0))


def _hist_top(fractions):
    """A y limit that shows the tallest bar, in steps of 0.1 (so it changes rarely)."""
    return max(0.1, 0.1 * math.ceil(1.05 * float(np.max(fractions, initial=0.0)) / 0.1))


def _check_bins(bins):
    """ISI histogram bin edges (ms) as a float array: 1-D, 2 to ``MAX_EDGES`` finite edges, the
    first >= 0, strictly increasing and evenly spaced (the axis says the fraction per bin
    width). A TypeError/ValueError naming bins otherwise."""
    edges = as_float_array("bins", bins, unit="ms")
    if edges.ndim != 1 or not 2 <= edges.size <= MAX_EDGES:
        raise ValueError(f"bins must be a 1-D sequence of 2 to {MAX_EDGES} bin edges (ms), got "
                         f"shape {edges.shape}")
    check_arg("bins[0]", edges[0], 0.0, unit="ms", why=" (intervals are positive)")
    widths = np.diff(edges)
    if not np.all(widths > 0) or not np.allclose(widths, widths[0], rtol=1e-6, atol=0.0):
        raise ValueError(f"bins must be strictly increasing, evenly spaced edges (ms), got widths "
                         f"from {widths.min():g} to {widths.max():g} ms")
    return edges


def _check_currents(I_values):
    """The mean currents (pA) of ``NoisyFIExplorer`` as a sorted float array: 1-D, at least two
    different ones and at most ``MAX_CURRENTS``, each within ±``MAX_CURRENT``."""
    I = as_float_array("I_values", I_values, unit="pA")
    if I.ndim > 1:
        raise ValueError(f"I_values must be a 1-D sequence of currents (pA), got shape {I.shape}")
    I = np.sort(I.ravel())
    if I.size < 2 or I[0] == I[-1]:
        raise ValueError(f"I_values must hold at least two different currents (pA), "
                         f"got {I.tolist()!r}")
    check_arg("len(I_values)", I.size, 2, MAX_CURRENTS, integer=True,
              why=" (every update simulates one neuron per current)")
    for extreme in (I[0], I[-1]):
        check_arg("every current in I_values", extreme, -MAX_CURRENT, MAX_CURRENT, unit="pA")
    return I


def _spike_marks(artist, spikes, pars):
    artist.set_data(spikes, np.full(np.shape(spikes), pars["V_th"] + 5.0))


def _isi_title(isi, cv, bins):
    """A histogram title: CV, number and mean of the intervals, and how many are off the axis."""
    if isi.size == 0:
        return "fewer than 2 spikes:\nno ISI, CV undefined"
    outside = int(np.count_nonzero((isi < bins[0]) | (isi >= bins[-1])))
    extra = f"; {outside} > {bins[-1]:g} ms not shown" if outside else ""
    return f"CV_ISI = {cv:.2f}\n{isi.size} ISIs, mean {isi.mean():.1f} ms{extra}"


class GWNExplorer(Explorer):
    """The LIF neuron driven by Gaussian white noise: the input current (top) and the membrane
    potential with spikes (bottom). Drag the mean input mu and the noise amplitude sigma.

    T       run length (ms), 0 < T <= ``max_T`` (10 s)
    seed    the noise's seed: a non-negative whole number, an np.random.SeedSequence, or None /
            an np.random.Generator (a seed drawn once: ``fixed_seed``)"""

    title = "LIF neuron with Gaussian white-noise input: mean μ and amplitude σ"
    shows = "White-noise input current I(t) and membrane potential V(t)"
    figsize = (10.0, 6.0)

    def __init__(self, T=500.0, seed=SEED):
        self.base = default_pars(T=self.check_T(T))
        self.seed = fixed_seed(seed)
        super().__init__()

    def make_controls(self):
        return {
            "mu": slider("μ", "pA", 150.0, 0.0, 400.0, 5.0, tooltip="mean input μ (pA)"),
            "sig": slider("σ", "pA·√s", 2.0, 0.0, 6.0, 0.1,
                          tooltip="white-noise amplitude σ (pA·√s); per-sample std σ/√Δt"),
        }

    def setup(self, fig):
        p = self.base
        t = p["range_t"]
        ax_i, ax_v = fig.subplots(2, 1, sharex=True, height_ratios=[1, 1.6])
        # the input is drawn as its per-pixel min/max envelope: same picture, ~4x cheaper to draw
        self.columns = int(self.figsize[0] * 100)  # more than the axes' width in pixels
        self.input = plot_input_current(ax_i, *line_envelope(t, np.zeros(t.size), self.columns),
                                        mu=0.0)
        # mu ± 3 per-sample std over the slider ranges (a few extremes clip)
        ax_i.set_ylim(-1700, 2100)
        ax_i.set_xlabel("")
        self.trace = plot_voltage_trace(ax_v, t, np.full(t.size, p["E_L"]), p)
        (self.v_inf,) = ax_v.plot([0, p["T"]], [p["E_L"]] * 2, ls=":", color=PURPLE, lw=1.5,
                                  label=r"$V_\infty = E_L + \mu/g_L$")
        ax_v.set_xlim(0, p["T"])
        ax_v.set_ylim(-80, -45)
        static_legend(fig, [ax_i, ax_v], ncols=6)
        reserve_titles(ax_i, ax_v)
        self.ax_i, self.ax_v = ax_i, ax_v
        return [self.input["I"], self.input["mean"], self.trace["v"], self.v_inf,
                self.trace["spikes"], ax_i.title, ax_v.title]

    def update(self, mu, sig):
        p = self.base
        I = gwn(p, mu, sig, seed=self.seed)
        run = run_lif(p, I)
        v, spikes = run.v, run.spikes
        self.input["I"].set_ydata(line_envelope(p["range_t"], I, self.columns)[1])
        self.input["mean"].set_ydata([mu, mu])
        self.trace["v"].set_ydata(v)
        _spike_marks(self.trace["spikes"], spikes, p)
        v_inf = p["E_L"] + mu / p["g_L"]
        self.v_inf.set_ydata([v_inf, v_inf])
        self.fit(self.ax_i, y=I, step={"y": 500.0})
        self.fit(self.ax_v, y=np.r_[v, v_inf], step={"y": 10.0})
        per_sample = sig / np.sqrt(p["dt"] / 1000.0)
        self.ax_i.set_title(f"input: per-sample std σ/√Δt = {per_sample:.0f} pA "
                            f"at Δt = {p['dt']:g} ms", fontsize="medium")
        rate = spikes.size * 1000.0 / p["T"]
        self.ax_v.set_title(
            f"{spikes.size} spikes ({rate:.0f} Hz);  V∞ = {v_inf:.1f} mV;  "
            f"free-membrane std σ_V = {_free_sigma_v(p, sig):.2f} mV", fontsize="medium")


class NoisyFIExplorer(Explorer):
    """F-I curve of the LIF neuron with white-noise input of amplitude sigma: one batched
    simulation over all mean currents (markers), the Siegert theory (line) and the noise-free
    (DC) curve for reference.

    I_values  mean currents (pA), drawn in increasing order: a 1-D sequence of at least two
              different ones and at most ``MAX_CURRENTS`` (101), each between -10000 and
              10000 pA; None (default): 50, 60, ..., 400 pA
    T         run length (ms) of every neuron, 0 < T <= ``max_T`` (5 s)
    seed      the noise's seed, as for ``GWNExplorer``"""

    title = "F–I curve with white noise: simulation, Siegert theory and the DC curve"
    shows = "Firing rate against mean input μ: simulation, Siegert theory and the noise-free curve"
    figsize = (10.0, 6.0)
    max_T = 5_000.0  # ms: each update runs one neuron per current over T

    def __init__(self, I_values=None, T=600.0, seed=SEED):
        self.I_values = _check_currents(np.arange(50.0, 401.0, 10.0) if I_values is None
                                        else I_values)
        self.base = default_pars(T=self.check_T(T))
        self.seed = fixed_seed(seed)
        self.I_theory = np.linspace(self.I_values[0], self.I_values[-1], 51)
        super().__init__()

    def make_controls(self):
        return {"sig": slider("σ", "pA·√s", 2.0, 0.0, 5.0, 0.1,
                              tooltip="white-noise amplitude σ (pA·√s)")}

    def setup(self, fig):
        ax = fig.add_subplot()
        p = self.base
        dc = lif_rate(p, self.I_theory)
        self.lines = plot_fi_noise(ax, self.I_values, np.zeros(self.I_values.size), self.I_theory,
                                   dc, rates_dc=dc)
        ax.axvline(lif_rheobase(p), color="0.7", lw=1, zorder=0)
        ax.text(lif_rheobase(p) + 3, 123, "DC rheobase", color=GREY, fontsize="small", va="top")
        margin = 0.015 * (self.I_values[-1] - self.I_values[0])
        ax.set_xlim(self.I_values[0] - margin, self.I_values[-1] + margin)
        ax.set_ylim(-2, 125)
        static_legend(fig, [ax], ncols=3)
        reserve_titles(ax)
        self.ax = ax
        return [self.lines["theory"], self.lines["sim"], ax.title]

    def update(self, sig):
        p = self.base
        rates = fi_curve(p, self.I_values, sig=sig, seed=self.seed, method="count")
        self.lines["sim"].set_ydata(rates)
        theory = siegert_rate(p, self.I_theory, sig)
        self.lines["theory"].set_ydata(theory)
        self.fit(self.ax, y=np.r_[rates, theory], step={"y": 25.0})
        self.ax.set_title(f"σ = {sig:.1f} pA·√s  "
                          f"(free-membrane std σ_V = {_free_sigma_v(p, sig):.2f} mV); "
                          f"rates = spike count / {p['T']:g} ms", fontsize="medium")


class ISIExplorer(Explorer):
    """Interspike intervals of the LIF neuron with white-noise input: a stretch of V(t) (left)
    and the ISI histogram with its coefficient of variation CV_ISI (right), from one long run.

    T       run length (ms), 0 < T <= ``max_T`` (100 s)
    show    length (ms) of the V(t) window: more than one time step (0.1 ms), at most T
    seed    the noise's seed, as for ``GWNExplorer``
    bins    histogram bin edges (ms): 2 to 1001 evenly spaced, increasing edges from >= 0"""

    title = "Spike irregularity: ISI histogram and CV_ISI for white-noise input"
    shows = "V(t) with white-noise input and its interspike-interval histogram"
    figsize = (10.0, 5.6)
    max_T = 100_000.0  # ms: one neuron; a long run gives a smooth histogram

    def __init__(self, T=3000.0, show=300.0, seed=SEED, bins=ISI_BINS):
        self.base = default_pars(T=self.check_T(T))
        show = check_window("show", show, self.base["dt"], self.base["T"])
        self.seed = fixed_seed(seed)
        self.bins = _check_bins(bins)
        self.n_show = int(np.searchsorted(self.base["range_t"], show))
        super().__init__()

    def make_controls(self):
        return {
            "mu": slider("μ", "pA", 250.0, 100.0, 400.0, 5.0, tooltip="mean input μ (pA)"),
            "sig": slider("σ", "pA·√s", 1.0, 0.0, 6.0, 0.1,
                          tooltip="white-noise amplitude σ (pA·√s)"),
        }

    def setup(self, fig):
        p = self.base
        t = p["range_t"][: self.n_show]
        ax_v, ax_h = fig.subplots(1, 2, width_ratios=[1.2, 1])
        self.trace = plot_voltage_trace(ax_v, t, np.full(t.size, p["E_L"]), p)
        ax_v.set_xlim(0, t[-1])
        ax_v.set_ylim(-80, -45)
        self.hist = plot_isi_histogram(ax_h, [], self.bins)["hist"]
        self.dc_isi = ax_h.axvline(0.0, color=PURPLE, ls="--", lw=1.2,
                                   label="ISI without noise (DC)")
        ax_h.set_ylim(0, 0.5)
        static_legend(fig, [ax_v, ax_h], ncols=5)
        reserve_titles(ax_v)
        reserve_titles(ax_h, lines=2)
        self.ax_v, self.ax_h = ax_v, ax_h
        return [self.hist, self.dc_isi, self.trace["v"], self.trace["spikes"], ax_v.title,
                ax_h.title]

    def update(self, mu, sig):
        p = self.base
        run = run_lif(p, gwn(p, mu, sig, seed=self.seed))
        v, spikes = run.v, run.spikes
        isi, cv = isi_cv(spikes)
        self.trace["v"].set_ydata(v[: self.n_show])
        _spike_marks(self.trace["spikes"], spikes[spikes < p["range_t"][self.n_show - 1]], p)
        fractions = isi_fractions(isi, self.bins)[0]
        self.hist.set_data(fractions)
        self.set_limits(self.ax_h, ylim=(0.0, _hist_top(fractions)))  # the tallest bar shows
        self.fit(self.ax_v, y=v[: self.n_show], step={"y": 10.0})
        dc_rate = lif_rate(p, mu)
        self.dc_isi.set_visible(dc_rate > 0)
        if dc_rate > 0:
            self.dc_isi.set_xdata([1000.0 / dc_rate] * 2)
        self.ax_v.set_title(f"{spikes.size} spikes in {p['T'] / 1000:g} s "
                            f"({spikes.size * 1000 / p['T']:.0f} Hz); "
                            f"first {p['range_t'][self.n_show - 1] + p['dt']:.0f} ms shown",
                            fontsize="medium")
        self.ax_h.set_title(_isi_title(isi, cv, self.bins), fontsize="medium")


class OUExplorer(Explorer):
    """The LIF neuron driven by Ornstein-Uhlenbeck (coloured-noise) input: the input current and
    V(t) over the first part of a long run (left) and the ISI histogram of the whole run (right).
    Drag the mean mu, the standard deviation sigma and the correlation time tau_ou.

    T, show, seed and bins as for ``ISIExplorer`` (T at most 100 s)."""

    title = "LIF neuron with Ornstein–Uhlenbeck input: mean μ, std σ and correlation time τ_ou"
    shows = ("Ornstein–Uhlenbeck input I(t), membrane potential V(t) and the interspike-interval "
             "histogram")
    figsize = (10.0, 5.6)
    max_T = 100_000.0  # ms

    def __init__(self, T=4000.0, show=500.0, seed=SEED, bins=OU_ISI_BINS):
        self.base = default_pars(T=self.check_T(T))
        show = check_window("show", show, self.base["dt"], self.base["T"])
        self.seed = fixed_seed(seed)
        self.bins = _check_bins(bins)
        self.n_show = int(np.searchsorted(self.base["range_t"], show))
        super().__init__()

    def make_controls(self):
        return {
            "mu": slider("μ", "pA", 200.0, 0.0, 400.0, 5.0, tooltip="mean input μ (pA)"),
            "sig": slider("σ", "pA", 20.0, 0.0, 60.0, 1.0,
                          tooltip="input standard deviation σ (pA)"),
            "tau_ou": slider("τ_ou", "ms", 10.0, 1.0, 100.0, 1.0,
                             tooltip="correlation time τ_ou of the OU input (ms)"),
        }

    def setup(self, fig):
        p = self.base
        t = p["range_t"][: self.n_show]
        grid = fig.add_gridspec(2, 2, width_ratios=[1.5, 1])
        ax_i = fig.add_subplot(grid[0, 0])
        ax_v = fig.add_subplot(grid[1, 0], sharex=ax_i)
        ax_h = fig.add_subplot(grid[:, 1])
        self.input = plot_input_current(ax_i, t, np.zeros(t.size), mu=0.0, label="OU input I(t)")
        ax_i.set_ylim(-200, 600)  # mu ± 3 sigma over the slider ranges
        ax_i.set_xlabel("")
        self.trace = plot_voltage_trace(ax_v, t, np.full(t.size, p["E_L"]), p)
        ax_v.set_xlim(0, t[-1])
        ax_v.set_ylim(-80, -45)
        self.hist = plot_isi_histogram(ax_h, [], self.bins)["hist"]
        ax_h.set_ylim(0, 0.4)
        static_legend(fig, [ax_i, ax_v, ax_h], ncols=6)
        reserve_titles(ax_i, ax_v)
        reserve_titles(ax_h, lines=2)
        self.ax_i, self.ax_v, self.ax_h = ax_i, ax_v, ax_h
        return [self.input["I"], self.input["mean"], self.trace["v"], self.trace["spikes"],
                self.hist, ax_i.title, ax_v.title, ax_h.title]

    def update(self, mu, sig, tau_ou):
        p = self.base
        # the OU input is mu + sig * (the unit process of this seed and tau_ou), to 1e-12 pA:
        # the unit process (20 ms for 4 s) is made once per tau_ou, not at every drag of mu, sig
        if getattr(self, "_unit_tau", None) != tau_ou:
            self._unit = ou(p, 0.0, 1.0, seed=self.seed, tau_ou=tau_ou)
            self._unit_tau = tau_ou
        I = mu + sig * self._unit
        run = run_lif(p, I)
        v, spikes = run.v, run.spikes
        isi, cv = isi_cv(spikes)
        n = self.n_show
        self.input["I"].set_ydata(I[:n])
        self.input["mean"].set_ydata([mu, mu])
        self.trace["v"].set_ydata(v[:n])
        _spike_marks(self.trace["spikes"], spikes[spikes < p["range_t"][n - 1]], p)
        fractions = isi_fractions(isi, self.bins)[0]
        self.hist.set_data(fractions)
        self.set_limits(self.ax_h, ylim=(0.0, _hist_top(fractions)))  # the tallest bar shows
        self.fit(self.ax_i, y=I[:n], step={"y": 100.0})
        self.fit(self.ax_v, y=v[:n], step={"y": 10.0})
        self.ax_i.set_title(f"whole run: mean {I.mean():.0f} pA, std {I.std():.1f} pA",
                            fontsize="medium")
        self.ax_v.set_title(f"{spikes.size} spikes in {p['T'] / 1000:g} s "
                            f"({spikes.size * 1000 / p['T']:.0f} Hz)", fontsize="medium")
        self.ax_h.set_title(_isi_title(isi, cv, self.bins), fontsize="medium")
