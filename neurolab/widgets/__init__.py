"""Interactive explorers for the notebooks: each is one call that returns a widget."""

from ._base import Explorer, slider
from .lif import FIExplorer, LIFExplorer
from .noise import GWNExplorer, ISIExplorer, NoisyFIExplorer, OUExplorer
from .ifmodels import AdExExplorer, EIFExplorer, GEMExplorer
from .hh import HHExplorer
from .progress import ProgressBar
