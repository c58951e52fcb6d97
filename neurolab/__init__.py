"""neurolab: single-neuron models and analyses for the course's JupyterLab notebooks.

Units: time ms, voltage mV, current pA (µA/cm² for Hodgkin-Huxley), conductance nS
(mS/cm² for Hodgkin-Huxley), rate Hz.
"""

__version__ = "0.1.0"

from .analysis import (find_rheobase, fi_curve, isi_cv, isi_rate, psd, spike_count, spike_rate,
                       zero_crossings)
from .inputs import gwn, ou, step_current
from .lif import lif_rate, lif_rheobase, run_lif, siegert_rate
from .params import default_pars
from .ifmodels import (ADEX_PATTERNS, PATTERN_ONSET, adex_nullclines, adex_pars, adex_pattern,
                       eif_current, eif_pars, eif_rheobase, gem_activation, gem_pars, run_adex,
                       run_eif, run_gem)
from .hh import (HH_SPIKE_THRESHOLD, HHResult, alpha_h, alpha_m, alpha_n, beta_h, beta_m, beta_n,
                 hh_pars, hh_steady_state, hh_time_constants, run_hh)
from ._engine import engine
from ._batch import StepRuleWarning
from . import exercises
