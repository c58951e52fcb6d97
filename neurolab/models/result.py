"""What every model's ``run_*`` returns: one ``Result`` type with the same field names."""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np


@dataclass(frozen=True, eq=False)
class Result:
    """One run of a model (``run_lif``, ``run_eif``, ``run_adex``, ``run_gem``, ``run_hh``).

    model   the model that ran: 'LIF', 'EIF', 'AdEx', 'GEM' or 'HH'
    dt      the time step in ms
    v       membrane potential in mV, shape (Lt,), or (n, Lt) for a batch of n neurons;
            None when the run kept no trace (trace=False)
    spikes  spike times in ms: an array, or a list of n arrays for a batch
    extras  the model's other traces by name, each shaped like v (empty with trace=False):
            AdEx ``w`` (adaptation current, pA); GEM ``x`` (slow gate, dimensionless);
            HH ``m``, ``h``, ``n`` (gates, in [0, 1]) and ``g_Na``, ``g_K``, ``g_L`` (mS/cm²)
    t       the time axis in ms, 0, dt, ... (Lt,) like ``pars['range_t']``; None without a trace

    Each extra is an attribute too: ``run_adex(pars, I).w``, ``run_hh(pars, I).m``.
    """

    model: str
    dt: float
    v: np.ndarray | None
    spikes: object
    extras: dict = field(default_factory=dict)

    @cached_property
    def t(self):
        return None if self.v is None else np.arange(self.v.shape[-1]) * self.dt

    def __getattr__(self, name):
        # called only for names that are not fields: the model's extras
        extras = self.__dict__.get("extras", {})
        if name in extras:
            return extras[name]
        has = ", ".join(["t", "v", "spikes", *extras])
        raise AttributeError(f"a {self.__dict__.get('model', '')} Result has no {name!r}; "
                             f"it has {has}")

    def __repr__(self):
        if isinstance(self.spikes, list):
            counts = f"spike counts {[len(s) for s in self.spikes]}"
        else:
            counts = f"{len(self.spikes)} spikes"
        shape = "no trace" if self.v is None else f"v shape {self.v.shape}"
        extras = "".join(f", {k}" for k in self.extras)
        return f"Result({self.model}: {shape}{extras}, dt {self.dt:g} ms, {counts})"
