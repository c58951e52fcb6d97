"""The neuron models, one module each: its equations (with units) in the module docstring, its
parameter set and ``*_pars``, its ``run_*`` and its closed forms.

    lif   leaky integrate-and-fire         ms, mV, pA, nS
    eif   exponential integrate-and-fire   ms, mV, pA, nS, pF
    adex  adaptive exponential IF          ms, mV, pA, nS, pF
    gem   the course's generalized exponential model
    hh    Hodgkin-Huxley                   ms, mV, µA/cm², mS/cm², µF/cm²

EIF, AdEx and GEM share one integrator (``_integrate``). Every ``run_*`` returns a ``Result``.
"""

from .adex import ADEX_PATTERNS, PATTERN_ONSET, adex_nullclines, adex_pars, adex_pattern, run_adex
from .eif import eif_current, eif_pars, eif_rheobase, lif_current, run_eif
from .gem import gem_activation, gem_pars, run_gem
from .hh import (
    HH_SPIKE_THRESHOLD,
    alpha_h,
    alpha_m,
    alpha_n,
    beta_h,
    beta_m,
    beta_n,
    classify_hh_response,
    hh_pars,
    hh_steady_state,
    hh_time_constants,
    run_hh,
)
from .lif import default_pars, lif_rate, lif_rheobase, run_lif, siegert_rate
from .result import Result

__all__ = [
    "Result",
    "default_pars", "run_lif", "lif_rate", "lif_rheobase", "siegert_rate",
    "eif_pars", "run_eif", "eif_rheobase", "eif_current", "lif_current",
    "adex_pars", "run_adex", "ADEX_PATTERNS", "PATTERN_ONSET", "adex_pattern", "adex_nullclines",
    "gem_pars", "run_gem", "gem_activation",
    "hh_pars", "run_hh", "HH_SPIKE_THRESHOLD", "hh_steady_state", "hh_time_constants",
    "alpha_n", "beta_n", "alpha_m", "beta_m", "alpha_h", "beta_h", "classify_hh_response",
]
