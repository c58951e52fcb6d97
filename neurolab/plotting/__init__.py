"""Plotting helpers: each draws into axes it is given and returns the artists it made, so an
explorer can create them once and later update their data. Nothing here calls plt.show()."""

from .lif import plot_fi_curve, plot_voltage_trace
from .noise import (isi_fractions, line_envelope, plot_autocorrelation, plot_fi_noise, plot_input_current,
                    plot_isi_histogram)
