"""Every figure readable with a colour-vision deficiency (issue 20): the rules and the threshold
are in tests/colour_audit.py. Each explorer's figure and each plotting helper's are audited; the
audit itself is shown to catch the figures it is meant to catch."""

import itertools

import numpy as np
import pytest
from matplotlib import colors as mcolors
from matplotlib.figure import Figure

import neurolab as nl
from neurolab import plotting as nlp, widgets as nw
from neurolab.plotting import style
from tests.colour_audit import MIN_CONTRAST, MIN_DISTANCE, audit_figure, contrast, distances

EXPLORERS = ["LIFExplorer", "FIExplorer", "GWNExplorer", "NoisyFIExplorer", "ISIExplorer",
             "OUExplorer", "EIFExplorer", "AdExExplorer", "GEMExplorer", "HHExplorer"]
WHITE = (1.0, 1.0, 1.0)


def rgb(colour):
    return mcolors.to_rgb(colour)


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_figure_passes_the_colour_audit(explorers, name):
    ex = explorers.get(getattr(nw, name))
    assert audit_figure(ex.fig, name) == []


def test_every_explorer_is_audited():
    assert sorted(EXPLORERS) == sorted(n for n in nw.__all__ if n.endswith("Explorer")
                                       and n != "Explorer")


def _helper_figures():
    """Each plotting helper drawn once, as a notebook draws it: (name, figure)."""
    lif = nl.default_pars(T=200.0)
    t = lif["range_t"]
    v = -65.0 + 10.0 * np.sin(t / 20.0)
    spikes = np.array([50.0, 120.0])
    V = np.linspace(-80.0, -40.0, 50)
    figures = {}

    def new(name, ncols=1):
        fig = Figure()
        figures[name] = fig
        return fig.subplots(1, ncols) if ncols > 1 else fig.add_subplot()

    nlp.plot_voltage_trace(new("plot_voltage_trace"), t, v, lif, spikes)
    I = np.linspace(0.0, 500.0, 11)
    nlp.plot_fi_curve(new("plot_fi_curve"), I, I / 10, I, I / 10)
    ax = new("plot_input_current")
    nlp.plot_input_current(ax, t, np.sin(t), mu=0.0)
    nlp.plot_isi_histogram(new("plot_isi_histogram"), [10.0, 12.0, 30.0], np.arange(0, 50, 2.0))
    nlp.plot_fi_noise(new("plot_fi_noise"), I, I / 10, I, I / 9, rates_dc=I / 11, sig=5.0)
    ax = new("plot_autocorrelation")
    for tau, colour, ls in zip((5.0, 20.0), style.CYCLE, style.LINE_STYLES):
        arts = nlp.plot_autocorrelation(ax, t, np.exp(-t / tau), tau, color=colour)
        arts["estimate"].set_linestyle(ls)
    ax = new("plot_iv_curve")
    nlp.plot_iv_curve(ax, V, -(V + 65) / 10, "LIF", color=style.GREY, ls="--")
    nlp.plot_iv_curve(ax, V, -(V + 65) / 10 + np.exp((V + 50) / 2) / 5, "EIF")
    nlp.plot_spiking_trace(new("plot_spiking_trace"), t, v, spikes, nl.adex_pars())
    nlp.plot_adex_run(*new("plot_adex_run", 2), t, v, v + 65, spikes, nl.adex_pars())
    nlp.plot_phase_plane(new("plot_phase_plane"), V, V + 70, V + 65, v, v + 65, spikes, lif["dt"])
    nlp.plot_rate_functions(new("plot_rate_functions", 3), V)
    nlp.plot_steady_states(new("plot_steady_states"), V)
    nlp.plot_time_constants(new("plot_time_constants"), V)
    nlp.plot_hh_voltage(new("plot_hh_voltage"), t, v, spikes)
    nlp.plot_gates(new("plot_gates"), t, *np.full((3, t.size), 0.5))
    nlp.plot_conductances(new("plot_conductances"), t, *np.full((3, t.size), 1.0))
    nlp.plot_hh_fi_curve(new("plot_hh_fi_curve"), [0.0, 5.0, 10.0], [0.0, 50.0, 70.0], onset=6.2)
    return figures


HELPER_FIGURES = _helper_figures()


@pytest.mark.parametrize("name", HELPER_FIGURES)
def test_plotting_helper_passes_the_colour_audit(name):
    assert audit_figure(HELPER_FIGURES[name], name) == []


def test_every_drawing_helper_is_audited():
    drawing = {n for n in nlp.__all__ if n.startswith("plot_")}
    assert drawing <= set(HELPER_FIGURES)


def test_palette_stays_apart_and_visible():
    """The palette itself: 3:1 on white, and every pair used together 12 apart for every kind of
    vision (BROWN and GREY, 9.4 for protanopia, are never series of one axes)."""
    named = {"BLUE": style.BLUE, "RED": style.RED, "PURPLE": style.PURPLE,
             "ORANGE": style.ORANGE, "BROWN": style.BROWN, "GREY": style.GREY}
    assert set(style.CYCLE) | {style.GREY} == set(named.values())
    for name, colour in named.items():
        assert contrast(rgb(colour), WHITE) >= MIN_CONTRAST, name
    for (n1, c1), (n2, c2) in itertools.combinations(named.items(), 2):
        worst = min(distances(rgb(c1), rgb(c2)).values())
        if {n1, n2} == {"BROWN", "GREY"}:
            assert 9 < worst < MIN_DISTANCE  # the documented exception, as measured
        else:
            assert worst >= MIN_DISTANCE, (n1, n2, worst)


def test_use_course_style_sets_the_cycle(monkeypatch):
    import matplotlib as mpl
    monkeypatch.setattr(mpl, "rcParams", mpl.rcParams.copy())
    style.use_course_style(figsize=(7, 3))
    assert [c["color"] for c in mpl.rcParams["axes.prop_cycle"]] == list(style.CYCLE)
    assert tuple(mpl.rcParams["figure.figsize"]) == (7, 3)


# -- the audit catches what it is meant to catch


def _two_lines(c1, c2, ls2="-", **kwargs):
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color=c1, label="first")
    ax.plot([0, 1], [1, 0], color=c2, ls=ls2, label="second", **kwargs)
    return fig


def test_audit_flags_default_red_and_green_for_deuteranopes():
    """Issue 20's example: AdEx's old nullclines, matplotlib's C3 and C2 in one style."""
    problems = audit_figure(_two_lines("C3", "C2"))
    assert any("deuteranopia" in p for p in problems)
    assert any("differ only in colour" in p for p in problems)
    assert min(distances(rgb("C3"), rgb("C2")).values()) < 6  # 5.7: far below the threshold


def test_audit_flags_a_pale_line_and_passes_styles_of_one_colour():
    assert any("contrast" in p for p in audit_figure(_two_lines(style.BLUE, "0.75", "--")))
    assert audit_figure(_two_lines(style.BLUE, style.BLUE, "--")) == []
    problems = audit_figure(_two_lines(style.BLUE, style.RED))
    assert any("differ only in colour" in p for p in problems)


def test_audit_accepts_a_direct_label_instead_of_a_style():
    fig = _two_lines(style.BLUE, style.RED)
    fig.axes[0].text(0.5, 0.5, "second", color=style.RED)
    assert audit_figure(fig) == []


def test_audit_reads_an_errorbar_by_its_line():
    fig = Figure()
    ax = fig.add_subplot()
    ax.errorbar([0, 1], [0, 1], yerr=0.1, color="0.8", label="pale bars")
    assert any("'pale bars' has contrast" in p for p in audit_figure(fig))


def test_audit_reads_a_hollow_marker_by_its_edge():
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0], [0], "o", color=style.BLUE, label="filled")
    ax.plot([1], [1], "o", mfc="white", mec=style.BLUE, label="hollow")
    assert audit_figure(fig) == []


# -- a notebook figure with a text alternative (neurolab.plotting.show)


def test_figure_html_is_a_sharp_png_with_its_alt_text():
    import base64
    import re

    fig = Figure(figsize=(4, 2), dpi=100)
    fig.add_subplot().plot([0, 1], [0, 1], color=style.BLUE)
    out = nlp.inline.figure_html(fig, 'V(t) at I = 300 pA: 15 spikes "fast"')
    assert out.startswith('<img src="data:image/png;base64,')
    assert 'alt="V(t) at I = 300 pA: 15 spikes &quot;fast&quot;"' in out
    width = int(re.search(r'width="(\d+)"', out).group(1))
    png = base64.b64decode(re.search(r"base64,([^\"]+)", out).group(1))
    natural = int.from_bytes(png[16:20], "big")
    # twice as many pixels as shown (one fewer if odd: 741 at width 371 with matplotlib 3.10);
    # a tight bbox of a 400 px wide figure
    assert 2 * width - 1 <= natural <= 2 * width and 300 < width <= 400


@pytest.mark.parametrize("alt", ["", "   ", None, 3])
def test_figure_html_refuses_a_figure_without_words(alt):
    with pytest.raises(ValueError, match="alt must be a non-empty text"):
        nlp.inline.figure_html(Figure(), alt)
