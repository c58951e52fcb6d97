"""neurolab: single-neuron models and analyses for the course's JupyterLab notebooks.

Units: time ms, voltage mV, current pA (µA/cm² for Hodgkin-Huxley), conductance nS
(mS/cm² for Hodgkin-Huxley), rate Hz.
"""

__version__ = "0.1.0"

from . import exercises
from ._batch import StepRuleWarning
from ._engine import engine
from .analysis import isi_cv, isi_rate, psd, spike_count, spike_rate, zero_crossings
from .inputs import gwn, ou, step_current
from .models import (
    ADEX_PATTERNS,
    HH_SPIKE_THRESHOLD,
    PATTERN_ONSET,
    Result,
    adex_nullclines,
    adex_pars,
    adex_pattern,
    alpha_h,
    alpha_m,
    alpha_n,
    beta_h,
    beta_m,
    beta_n,
    classify_hh_response,
    default_pars,
    eif_current,
    eif_pars,
    eif_rheobase,
    gem_activation,
    gem_pars,
    hh_pars,
    hh_steady_state,
    hh_time_constants,
    lif_current,
    lif_rate,
    lif_rheobase,
    run_adex,
    run_eif,
    run_gem,
    run_hh,
    run_lif,
    siegert_rate,
)
from .protocols import fi_curve, find_rheobase

__all__ = [
    "__version__",
    "default_pars", "run_lif", "lif_rate", "lif_rheobase", "siegert_rate",
    "gwn", "ou", "step_current",
    "find_rheobase", "fi_curve", "isi_cv", "isi_rate", "psd", "spike_count", "spike_rate",
    "zero_crossings",
    "eif_pars", "run_eif", "eif_rheobase", "eif_current", "lif_current",
    "adex_pars", "run_adex", "ADEX_PATTERNS", "PATTERN_ONSET", "adex_pattern", "adex_nullclines",
    "gem_pars", "run_gem", "gem_activation",
    "hh_pars", "run_hh", "HH_SPIKE_THRESHOLD", "hh_steady_state", "hh_time_constants",
    "alpha_n", "beta_n", "alpha_m", "beta_m", "alpha_h", "beta_h", "classify_hh_response",
    "Result", "engine", "StepRuleWarning", "exercises",
]
