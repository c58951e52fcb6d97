"""Plotting helpers: each draws into axes it is given and returns the artists it made, so an
explorer can create them once and later update their data. Nothing here calls plt.show().
The colours, and ``use_course_style`` for a notebook's own figures, are in ``style``; ``show``
(``inline``) shows a notebook's figure with a text alternative."""

from .hh import (
    plot_conductances,
    plot_gates,
    plot_hh_fi_curve,
    plot_hh_voltage,
    plot_rate_functions,
    plot_steady_states,
    plot_time_constants,
)
from .ifmodels import (
    phase_path,
    plot_adex_run,
    plot_iv_curve,
    plot_phase_plane,
    plot_spiking_trace,
    reset_points,
    spike_strokes,
)
from .inline import show
from .lif import plot_fi_curve, plot_voltage_trace
from .noise import (
    isi_fractions,
    line_envelope,
    plot_autocorrelation,
    plot_fi_noise,
    plot_input_current,
    plot_isi_histogram,
)
from .style import BLUE, BROWN, CYCLE, GREY, LINE_STYLES, ORANGE, PURPLE, RED, use_course_style

__all__ = [
    "plot_voltage_trace", "plot_fi_curve",
    "line_envelope", "plot_input_current", "plot_fi_noise", "isi_fractions", "plot_isi_histogram",
    "plot_autocorrelation",
    "plot_iv_curve", "plot_spiking_trace", "spike_strokes", "plot_adex_run",
    "plot_phase_plane", "phase_path", "reset_points",
    "plot_rate_functions", "plot_steady_states", "plot_time_constants", "plot_hh_voltage",
    "plot_gates", "plot_conductances", "plot_hh_fi_curve",
    "use_course_style", "show",
    "CYCLE", "LINE_STYLES", "BLUE", "RED", "PURPLE", "ORANGE", "BROWN", "GREY",
]
