"""Interactive explorers for the notebooks: each is one call that returns a widget."""

from .._display import ProgressBar
from ._base import Explorer, slider
from .hh import HHExplorer
from .ifmodels import AdExExplorer, EIFExplorer, GEMExplorer
from .lif import FIExplorer, LIFExplorer
from .noise import GWNExplorer, ISIExplorer, NoisyFIExplorer, OUExplorer

__all__ = [
    "Explorer", "slider", "ProgressBar",
    "LIFExplorer", "FIExplorer", "GWNExplorer", "NoisyFIExplorer", "ISIExplorer", "OUExplorer",
    "EIFExplorer", "AdExExplorer", "GEMExplorer", "HHExplorer",
]
