"""Extensions of the integrate-and-fire neuron, one model per module, all run by one shared
integrator (``_integrate``): the exponential IF (EIF), the adaptive exponential IF (AdEx) and
the course's generalized exponential model (GEM). Units: ms, mV, pA, nS, pF."""

from .adex import ADEX_PATTERNS, PATTERN_ONSET, adex_nullclines, adex_pars, adex_pattern, run_adex
from .eif import eif_current, eif_pars, eif_rheobase, run_eif
from .gem import gem_activation, gem_pars, run_gem

__all__ = [
    "eif_pars", "run_eif", "eif_rheobase", "eif_current",
    "adex_pars", "run_adex", "ADEX_PATTERNS", "PATTERN_ONSET", "adex_pattern", "adex_nullclines",
    "gem_pars", "run_gem", "gem_activation",
]
