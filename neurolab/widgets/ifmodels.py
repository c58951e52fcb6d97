"""Explorers for notebook 05, the extensions of the integrate-and-fire neuron: the EIF (its I-V
curve and the slope factor Delta_T), the AdEx (firing patterns and the (V, w) phase plane) and
the GEM (adaptation through a slow voltage-gated current, next to the EIF)."""

import math

import numpy as np

from .._checks import check_choice
from ..analysis import isi_cv, zero_crossings
from ..inputs import step_current
from ..models import (
    ADEX_PATTERNS,
    PATTERN_ONSET,
    adex_nullclines,
    adex_pattern,
    eif_current,
    eif_pars,
    eif_rheobase,
    gem_pars,
    lif_current,
    run_adex,
    run_eif,
    run_gem,
)
from ..models.adex import check_pattern
from ..models.lif import default_pars, run_lif
from ..plotting.ifmodels import (
    phase_path,
    plot_adex_run,
    plot_iv_curve,
    plot_phase_plane,
    plot_spiking_trace,
    reset_points,
    spike_strokes,
)
from ..plotting.style import BLUE, GREY, ORANGE
from ._base import Explorer, check_arg, check_onset, dropdown, reserve_titles, slider, static_legend

#: Most time steps T/dt of the AdEx explorer's run (simulated at every update).
ADEX_MAX_STEPS = 200_000


def spike_summary(spikes, t_on=0.0):
    """A short description of a spike train for a title: count, first-spike latency after t_on
    (ms), first and last interspike interval (ms) and CV of the intervals."""
    if spikes.size == 0:
        return "no spike"
    text = (f"{spikes.size} spike{'s' if spikes.size > 1 else ''}, "
            f"first after {spikes[0] - t_on:.0f} ms")
    isi, cv = isi_cv(spikes)
    if isi.size:
        text += f" · ISI {isi[0]:.1f} → {isi[-1]:.1f} ms"
    if isi.size > 1:
        text += f" · CV {cv:.2f}"
    return text


# -------------------------------------------------------------------------------------- EIF


class EIFExplorer(Explorer):
    """The exponential integrate-and-fire neuron against the LIF with the same leak and with its
    hard threshold at V_T. Drag the slope factor Delta_T and the step current I.

    Left: dV/dt against V (the I-V curve divided by C) of both models under the current I.
    Where the EIF curve crosses zero, V stands still: a stable rest state (filled dot) and, above
    it, an unstable one (open dot) that acts as the threshold. When I exceeds the rheobase
    g_L (V_T - E_L - Delta_T) the curve lies above zero everywhere and V runs away: a spike.
    Right: V(t) of both neurons under a step of I from 50 ms.

    T       run length (ms), 0 < T <= ``max_T`` (10 s)
    t_on    onset of the current step (ms), 0 <= t_on < T"""

    title = "EIF vs LIF: the slope factor Δ_T and the current I"
    shows = "EIF and LIF: dV/dt against V, and V(t) for a current step"
    figsize = (10.0, 6.0)

    def __init__(self, T=400.0, t_on=50.0):
        T = self.check_T(T)
        self.t_on = check_onset(t_on, T)
        self.base = eif_pars(T=T)
        p = self.base
        # the LIF with the EIF's leak, its threshold at V_T and the same reset
        self.lif = default_pars(T=T, tau_m=p["C"] / p["g_L"], g_L=p["g_L"], E_L=p["E_L"],
                                V_th=p["V_T"], V_reset=p["V_r"], V_init=p["V_init"], tref=p["tref"])
        self.V = np.linspace(-85.0, -35.0, 1001)
        super().__init__()

    def make_controls(self):
        return {
            "Delta_T": slider("Δ_T", "mV", 2.0, 0.2, 5.0, 0.1,
                              tooltip="slope factor Δ_T of the exponential term (mV)"),
            "I": slider("I", "pA", 150.0, 0.0, 400.0, 2.0,
                        tooltip="step current I (pA), on from t_on to the end"),
        }

    def setup(self, fig):
        p = self.base
        ax_f, ax_v = fig.subplots(1, 2, width_ratios=[1.0, 1.15])
        zeros = np.zeros(self.V.size)
        self.lif_iv = plot_iv_curve(ax_f, self.V, zeros, "LIF (linear leak)", color=GREY, ls="--")
        self.eif_iv = plot_iv_curve(ax_f, self.V, zeros, "EIF")
        ax_f.axvline(p["V_T"], color=GREY, ls=":", lw=1.2, label="LIF threshold = V_T")
        (self.stable,) = ax_f.plot([], [], "o", color=BLUE, ms=7, label="stable rest state")
        (self.unstable,) = ax_f.plot([], [], "o", mfc="white", mec=BLUE, mew=1.5, ms=7,
                                     label="unstable fixed point")
        ax_f.set_xlim(self.V[0], self.V[-1])
        ax_f.set_ylim(-1.5, 3.5)

        t = p["range_t"]
        self.lif_trace = plot_spiking_trace(ax_v, t, np.full(t.size, p["E_L"]), [], p,
                                            color=GREY, lw=0.9, label="LIF V(t)")
        self.lif_trace["v"].set_linestyle("--")
        self.eif_trace = plot_spiking_trace(ax_v, t, np.full(t.size, p["E_L"]), [], p,
                                            label="EIF V(t)")
        ax_v.axvline(self.t_on, color="0.7", lw=1, zorder=0)
        ax_v.set_xlim(0, p["T"])
        ax_v.set_ylim(-80, 5)
        static_legend(fig, [ax_f, ax_v], ncols=7)
        reserve_titles(ax_f, ax_v, lines=2)
        self.ax_f, self.ax_v = ax_f, ax_v
        return [self.lif_iv["curve"], self.eif_iv["curve"], self.stable, self.unstable,
                self.lif_trace["v"], self.eif_trace["v"], ax_f.title, ax_v.title]

    def update(self, Delta_T, I):
        p = dict(self.base, Delta_T=Delta_T)
        C = p["C"]
        F = eif_current(p, self.V, I)
        self.eif_iv["curve"].set_ydata(F / C)
        below = self.V <= p["V_T"]
        self.lif_iv["curve"].set_data(self.V[below], lif_current(p, self.V[below], I) / C)
        # fixed points: F falls through zero at the rest state, rises through it at the threshold
        roots = zero_crossings(self.V, F)
        self.fixed_points = roots
        rest, thresh = roots[roots < p["V_T"]], roots[roots >= p["V_T"]]
        self.stable.set_data(rest, np.zeros(rest.size))
        self.unstable.set_data(thresh, np.zeros(thresh.size))

        I_inj = step_current(p, I, t_on=self.t_on)
        eif, lif = run_eif(p, I_inj), run_lif(self.lif, I_inj)
        v, spikes, v_lif, spikes_lif = eif.v, eif.spikes, lif.v, lif.spikes
        self.result = {"v": v, "spikes": spikes, "v_lif": v_lif, "spikes_lif": spikes_lif}
        t = p["range_t"]
        self.eif_trace["v"].set_data(*spike_strokes(t, v, spikes, p["dt"], p["V_spike"]))
        self.lif_trace["v"].set_data(*spike_strokes(t, v_lif, spikes_lif, p["dt"], p["V_spike"]))

        rheobase = eif_rheobase(p)
        lif_rheo = p["g_L"] * (p["V_T"] - p["E_L"])
        # the state follows from I against the rheobase (a root exactly at V_T, where the
        # curve only touches zero, is neither a rest state nor a threshold)
        if I < rheobase - 1e-9 and rest.size and thresh.size:
            state = f"rest {rest[0]:.1f} mV, threshold {thresh[0]:.1f} mV"
        elif I <= rheobase + 1e-9:
            state = f"at the rheobase: V creeps up to V_T = {p['V_T']:.0f} mV and stays"
        elif spikes.size:
            state = "no fixed point: V runs away (spikes)"
        else:
            state = "no fixed point, but V climbs too slowly to spike within the run"
        self.ax_f.set_title(f"rheobase g_L(V_T − E_L − Δ_T) = {rheobase:.0f} pA "
                            f"(LIF {lif_rheo:.0f} pA)\nI = {I:.0f} pA: {state}",
                            fontsize="medium")
        self.ax_v.set_title(f"step of {I:.0f} pA from {self.t_on:.0f} ms\n"
                            f"EIF {spikes.size} spikes · LIF {spikes_lif.size} spikes",
                            fontsize="medium")


# ------------------------------------------------------------------------------------- AdEx


def _a_min(pattern, step=0.5):
    """Smallest slider value of a (nS) for a pattern: the first multiple of ``step`` above
    -g_L (for a <= -g_L the AdEx has no stable rest state and ``adex_pars`` rejects it)."""
    g_L = ADEX_PATTERNS[pattern]["g_L"]
    return (math.floor(-g_L / step) + 1) * step


class AdExExplorer(Explorer):
    """The adaptive exponential integrate-and-fire neuron and its firing patterns.

    Choose a pattern: it sets all parameters (C, g_L, E_L, V_T, Delta_T, V_r from
    ``ADEX_PATTERNS``) and moves the sliders to its a, b, tau_w and step current I. Then drag the
    sliders. Left: V(t) (spikes drawn up to the cut-off V_spike) and the adaptation current w(t)
    under a step of I from ``PATTERN_ONSET`` ms. Right: the (V, w) phase plane with the
    V-nullcline (red, for the current I), the w-nullcline (green), the trajectory and the reset
    points (V_r, w + b) where it restarts after each spike.

    The axes limits are fixed for each pattern (nothing jumps while dragging); choosing another
    pattern redraws the figure with that pattern's limits.

    pattern  the first pattern, one of ``ADEX_PATTERNS``
    T        run length (ms), 0 < T <= ``max_T`` (10 s)
    dt       time step (ms), > 0, small enough for forward Euler in every pattern (at most a
             tenth of its C/g_L, as ``adex_pars`` checks: 0.72 ms), with T/dt at most
             ``ADEX_MAX_STEPS`` (200 000) steps
    t_on     onset of the current step (ms), 0 <= t_on < T"""

    title = "AdEx neuron: firing patterns and the (V, w) phase plane"
    shows = "AdEx V(t) and w(t), and the (V, w) phase plane"
    figsize = (10.0, 5.0)

    def __init__(self, pattern="adapting", T=600.0, dt=0.1, t_on=PATTERN_ONSET):
        if not isinstance(pattern, str):
            check_choice("pattern", pattern, tuple(ADEX_PATTERNS))  # a TypeError naming it
        check_pattern(pattern)
        self.first_pattern = pattern
        self.T = self.check_T(T)
        self.dt = check_arg("dt", dt, 0.0, low_open=True, unit="ms")
        if self.T / self.dt > ADEX_MAX_STEPS:
            raise ValueError(f"T = {self.T:g} ms and dt = {self.dt:g} ms give "
                             f"{self.T / self.dt:.3g} time steps, more than the "
                             f"{ADEX_MAX_STEPS} the explorer simulates at every update; use a "
                             f"shorter T or a larger dt")
        self.t_on = check_onset(t_on, self.T)
        for name in ADEX_PATTERNS:  # any pattern may be chosen: the library's checks for each
            adex_pattern(name, T=self.T, dt=self.dt, t_on=self.t_on)
        self.shown_pattern = None
        self._views = {}
        super().__init__()

    # -- controls: a pattern selector that sets the sliders
    def make_controls(self):
        p = ADEX_PATTERNS[self.first_pattern]
        pattern = dropdown("pattern", list(ADEX_PATTERNS), self.first_pattern,
                           tooltip="firing pattern: sets all parameters (Naud et al. 2008)")
        return {
            "pattern": pattern,
            "I": slider("I", "pA", p["I"], 0.0, 800.0, 5.0, tooltip="step current I (pA)"),
            "a": slider("a", "nS", p["a"], _a_min(self.first_pattern), 20.0, 0.5,
                        tooltip="subthreshold adaptation a (nS); a > −g_L"),
            "b": slider("b", "pA", p["b"], 0.0, 300.0, 5.0,
                        tooltip="spike-triggered adaptation b (pA)"),
            "tau_w": slider("τ_w", "ms", p["tau_w"], 10.0, 500.0, 5.0,
                            tooltip="adaptation time constant τ_w (ms)"),
        }

    @staticmethod
    def pattern_values(pattern):
        """The slider values of a pattern: {'I', 'a', 'b', 'tau_w'}."""
        return {k: ADEX_PATTERNS[pattern][k] for k in ("I", "a", "b", "tau_w")}

    def _expand(self, values):
        """``set`` (as ``Explorer.set``) and the pattern selector: choosing a pattern also moves
        the sliders to its values, unless they are given too (``set(pattern='tonic', b=40)`` is
        the tonic set with b = 40 pA), and the a slider's lower end follows the pattern's g_L
        (a must stay above -g_L); each slider gets range and value in one message
        (``set_controls``), so the browser never shows, nor sends back, a value clamped to a
        range in between."""
        mins = {}
        if "pattern" in values:
            name = self.check_control("pattern", values["pattern"])
            values = {"pattern": name, **self.pattern_values(name), **values}
            mins = {"a": _a_min(name)}
        return values, mins

    def _on_change(self, change):
        if self._muted:
            return
        if change["owner"] is self.controls["pattern"]:
            self._apply({"pattern": change["new"]})  # every slider follows, then one redraw
        self.request_refresh()

    # -- figure
    def setup(self, fig):
        gs = fig.add_gridspec(2, 2, width_ratios=[1.3, 1.0])
        ax_v = fig.add_subplot(gs[0, 0])
        ax_w = fig.add_subplot(gs[1, 0], sharex=ax_v)
        ax_pp = fig.add_subplot(gs[:, 1])
        pars, _ = adex_pattern(self.first_pattern, T=self.T, dt=self.dt)
        t = pars["range_t"]
        flat = np.zeros(t.size)
        self.trace = plot_adex_run(ax_v, ax_w, t, flat, flat, [], pars)
        ax_v.set_xlabel("")
        ax_v.tick_params(labelbottom=False)
        V = np.linspace(-80.0, -40.0, 400)
        self.pp = plot_phase_plane(ax_pp, V, np.zeros(V.size), np.zeros(V.size), [], [], [],
                                   self.dt, show_path=False)
        # static per pattern, moved (and drawn into the background) when the pattern changes
        self.vt_v = ax_v.axhline(0.0, color=GREY, ls=":", lw=1.1, label="V_T")
        self.vt_pp = ax_pp.axvline(0.0, color=GREY, ls=":", lw=1.1)
        self.vr_pp = ax_pp.axvline(0.0, color=GREY, ls="--", lw=1.0, label="reset V_r")
        # named on the plot: it is dashed like the V-nullcline
        self.vr_name = ax_pp.text(0.0, 0.98, " reset V_r", color=GREY, fontsize="small",
                                  ha="left", va="top", transform=ax_pp.get_xaxis_transform())
        self.vr_name.set_in_layout(False)  # placed at V_r later: the axes must not make room
        for ax in (ax_v, ax_w):
            ax.axvline(self.t_on, color="0.75", lw=1, zorder=0)
        ax_v.set_xlim(0, self.T)
        # wide limits for the first layout (room for long tick labels); each pattern sets its own
        ax_v.set_ylim(-100, 10)
        for ax in (ax_w, ax_pp):
            ax.set_ylim(-1000, 1000)
        ax_pp.set_xlim(-100, -40)  # a tick label at the right edge, as in every view
        static_legend(fig, [ax_v, ax_w, ax_pp], ncols=4)
        reserve_titles(ax_v, ax_pp)
        self.ax_v, self.ax_w, self.ax_pp = ax_v, ax_w, ax_pp
        return [self.trace["v"], self.trace["w"], self.pp["v_null"], self.pp["w_null"],
                self.pp["path"], self.pp["resets"], ax_v.title, ax_pp.title]

    def view(self, pattern):
        """Axes limits for a pattern, from a run with its own values: the phase plane spans
        V from below min(E_L, V_r) to 10 mV above V_T, and w over the run's range and the
        V-nullcline's minimum (at V_T), with margins."""
        if pattern not in self._views:
            pars, I_inj = adex_pattern(pattern, T=self.T, dt=self.dt, t_on=self.t_on)
            w = run_adex(pars, I_inj).w
            low = min(pars["E_L"], pars["V_r"])
            w_bottom = float(eif_current(pars, pars["V_T"], ADEX_PATTERNS[pattern]["I"]))
            lo, hi = min(w.min(), w_bottom, 0.0), max(w.max(), w_bottom, 0.0)
            pad = 0.35 * (hi - lo)
            self._views[pattern] = {
                "V": np.linspace(low - 10.0, pars["V_T"] + 10.0, 400),
                "v_lim": (low - 12.0, pars["V_spike"] + 5.0),
                "w_lim": (lo - pad, hi + pad),
            }
        return self._views[pattern]

    def _show_pattern(self, pattern):
        """New limits and static lines for a pattern, then a full draw of the background."""
        view = self.view(pattern)
        pars = ADEX_PATTERNS[pattern]
        self.V = view["V"]
        self.ax_v.set_ylim(*view["v_lim"])
        self.ax_w.set_ylim(*view["w_lim"])
        self.ax_pp.set_ylim(*view["w_lim"])
        self.ax_pp.set_xlim(self.V[0], self.V[-1])
        self.vt_v.set_ydata([pars["V_T"]] * 2)
        self.vt_pp.set_xdata([pars["V_T"]] * 2)
        self.vr_pp.set_xdata([pars["V_r"]] * 2)
        self.vr_name.set_x(pars["V_r"])
        self.redraw_background()
        self.shown_pattern = pattern

    def update(self, pattern, I, a, b, tau_w):
        if pattern != self.shown_pattern:
            self._show_pattern(pattern)
        pars, _ = adex_pattern(pattern, T=self.T, dt=self.dt, a=a, b=b, tau_w=tau_w)
        I_inj = step_current(pars, I, t_on=self.t_on)
        run = run_adex(pars, I_inj)
        v, w, spikes = run.v, run.w, run.spikes
        self.result = {"pars": pars, "v": v, "w": w, "spikes": spikes}
        t = pars["range_t"]
        self.trace["v"].set_data(*spike_strokes(t, v, spikes, pars["dt"], pars["V_spike"]))
        self.trace["w"].set_ydata(w)
        w_V, w_w = adex_nullclines(pars, self.V, I)
        self.pp["v_null"].set_data(self.V, w_V)
        self.pp["w_null"].set_data(self.V, w_w)
        self.pp["path"].set_data(*phase_path(v, w, spikes, pars["dt"]))
        self.pp["resets"].set_data(*reset_points(v, w, spikes, pars["dt"]))
        # the pattern's view, widened (in coarse steps) wherever this run leaves it
        view = self.view(pattern)
        w_step = 10.0 ** math.floor(math.log10(max(view["w_lim"][1] - view["w_lim"][0], 1.0))) / 2
        for ax in (self.ax_w, self.ax_pp):
            self.fit(ax, y=w, base={"y": view["w_lim"]}, step={"y": w_step})
        self.fit(self.ax_v, y=v, base={"y": view["v_lim"]}, step={"y": 10.0})
        self.ax_v.set_title(f"{pattern}: {spike_summary(spikes, self.t_on)}", fontsize="medium")
        self.ax_pp.set_title(f"nullclines at I = {I:.0f} pA, a = {a:g} nS", fontsize="medium")


# -------------------------------------------------------------------------------------- GEM


class GEMExplorer(Explorer):
    """The GEM (EIF + a slow voltage-gated current g_x x) next to the EIF with the same other
    parameters, under the same step current. Drag the strength g_x and time constant tau_x of
    the slow current, and the current I.

    Top: V(t) of the EIF (left) and of the GEM (right). Bottom left: each interspike interval
    against the time of the spike that ends it, for both. Bottom right: the GEM's x(t), the open
    fraction of the slow channel; g_x x is the outward current (pA) it draws.

    T       run length (ms), 0 < T <= ``max_T`` (10 s)
    t_on    onset of the current step (ms), 0 <= t_on < T"""

    title = "GEM vs EIF: adaptation through a slow voltage-gated current"
    shows = "EIF and GEM V(t), their interspike intervals, and GEM's open fraction x(t)"
    figsize = (10.0, 5.6)

    def __init__(self, T=800.0, t_on=50.0):
        T = self.check_T(T)
        self.t_on = check_onset(t_on, T)
        self.base = gem_pars(T=T)
        self.eif = eif_pars(T=T)
        super().__init__()

    def make_controls(self):
        return {
            "g_x": slider("g_x", "pA", 200.0, 0.0, 400.0, 10.0,
                          tooltip="current of the fully open slow channel g_x (pA)"),
            "tau_x": slider("τ_x", "ms", 200.0, 20.0, 500.0, 10.0,
                            tooltip="time constant τ_x of the slow channel (ms)"),
            # below 180 pA (the EIF's rheobase) neither model fires: no dead stretch
            "I": slider("I", "pA", 400.0, 180.0, 600.0, 10.0, tooltip="step current I (pA)"),
        }

    def setup(self, fig):
        p = self.base
        t = p["range_t"]
        (ax_e, ax_g), (ax_i, ax_x) = fig.subplots(2, 2, sharex=True)
        flat = np.full(t.size, p["E_L"])
        self.eif_trace = plot_spiking_trace(ax_e, t, flat, [], p, color=GREY, label="EIF V(t)")
        self.gem_trace = plot_spiking_trace(ax_g, t, flat, [], p, label="GEM V(t)")
        (self.eif_isi,) = ax_i.plot([], [], "s-", color=GREY, ms=3, lw=1, label="EIF intervals")
        (self.gem_isi,) = ax_i.plot([], [], "o-", color=BLUE, ms=3, lw=1, label="GEM intervals")
        (self.x_line,) = ax_x.plot(t, np.zeros(t.size), color=ORANGE, lw=1.3, label="GEM x(t)")
        for ax in (ax_e, ax_g):
            ax.set_ylim(-80, 5)
            ax.set_xlabel("")
        for ax in (ax_e, ax_g, ax_i, ax_x):
            ax.axvline(self.t_on, color="0.75", lw=1, zorder=0)
        ax_e.set_xlim(0, p["T"])
        ax_i.set_ylim(0, 100)
        ax_i.set_xlabel("time of the spike ending the interval (ms)")
        ax_i.set_ylabel("interspike interval (ms)")
        ax_x.set_ylim(0, 1)
        ax_x.set_xlabel("time (ms)")
        ax_x.set_ylabel("open fraction x")
        static_legend(fig, [ax_e, ax_g, ax_i, ax_x], ncols=5)
        reserve_titles(ax_e, ax_g, ax_i, ax_x)
        self.axes = {"eif": ax_e, "gem": ax_g, "isi": ax_i, "x": ax_x}
        return [self.eif_trace["v"], self.gem_trace["v"], self.eif_isi, self.gem_isi,
                self.x_line] + [ax.title for ax in self.axes.values()]

    def update(self, g_x, tau_x, I):
        p = dict(self.base, g_x=g_x, tau_x=tau_x)
        I_inj = step_current(p, I, t_on=self.t_on)
        eif, gem = run_eif(self.eif, I_inj), run_gem(p, I_inj)
        v_e, sp_e, v_g, x, sp_g = eif.v, eif.spikes, gem.v, gem.x, gem.spikes
        self.result = {"v_eif": v_e, "spikes_eif": sp_e, "v_gem": v_g, "x": x, "spikes_gem": sp_g}
        t = p["range_t"]
        self.eif_trace["v"].set_data(*spike_strokes(t, v_e, sp_e, p["dt"], p["V_spike"]))
        self.gem_trace["v"].set_data(*spike_strokes(t, v_g, sp_g, p["dt"], p["V_spike"]))
        self.eif_isi.set_data(sp_e[1:], np.diff(sp_e))
        self.gem_isi.set_data(sp_g[1:], np.diff(sp_g))
        self.x_line.set_ydata(x)
        # every interval shows: the axis grows in steps of 50 ms
        self.fit(self.axes["isi"], y=np.r_[np.diff(sp_e), np.diff(sp_g)], step={"y": 50.0})
        ax = self.axes
        ax["eif"].set_title(f"EIF: {spike_summary(sp_e, self.t_on)}", fontsize="medium")
        ax["gem"].set_title(f"GEM: {spike_summary(sp_g, self.t_on)}", fontsize="medium")
        isi_g = np.diff(sp_g)
        ratio = (f"GEM last/first ISI = {isi_g[-1] / isi_g[0]:.2f}" if isi_g.size
                 else "GEM: < 2 spikes")
        ax["isi"].set_title(ratio, fontsize="medium")
        ax["x"].set_title(f"x up to {x.max():.2f}: outward current g_x·x up to "
                          f"{g_x * x.max():.0f} pA", fontsize="medium")
