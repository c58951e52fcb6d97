"""Spike bookkeeping shared by the batched integrators (LIF in ``lif.py``; EIF, AdEx and GEM in
``ifmodels/_integrate.py``)."""

import numpy as np


class BatchSpikes:
    """The spikes of n neurons run side by side, and their refractory periods.

    Refractoriness costs nothing per step: ``factor`` holds each neuron's Euler factor (``k``
    outside its refractory period). A neuron that spikes at step s gets factor 0, so
    V + drive * 0 stays exactly at the reset value for steps s+1 ... s+nref, and ``release(s +
    nref)`` gives it back k. The reset value lies below threshold, so the threshold test needs
    no mask for held neurons either.
    """

    def __init__(self, n, k, nref):
        self.factor = np.full(n, k)
        self._n, self._k, self._nref = n, k, nref
        self._releases = {}  # step -> neurons whose factor comes back then
        self._events = []  # (step, neurons), in time order

    def release(self, it):
        """Give back the Euler factor of the neurons whose refractory period ends at step it."""
        if self._releases:
            idx = self._releases.pop(it, None)
            if idx is not None:
                self.factor[idx] = self._k

    def spike(self, it, idx):
        """Record that neurons idx (an index array) spiked at step it, and hold them."""
        self._events.append((it, idx))
        if self._nref:
            self.factor[idx] = 0.0
            release = it + self._nref
            held = self._releases.get(release)
            self._releases[release] = idx if held is None else np.concatenate((held, idx))

    def times(self, dt):
        """The spike times in ms: a list of n arrays, one per neuron."""
        if not self._events:
            return [np.empty(0) for _ in range(self._n)]
        steps = np.concatenate([np.full(idx.size, it, dtype=np.int64) for it, idx in self._events])
        neurons = np.concatenate([idx for _, idx in self._events])
        order = np.argsort(neurons, kind="stable")
        bounds = np.searchsorted(neurons[order], np.arange(1, self._n))
        return np.split(steps[order] * dt, bounds)
