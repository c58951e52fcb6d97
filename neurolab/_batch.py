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


#: Samples (neurons × time steps) per chunk of a run: the working arrays of one chunk hold
#: 2**18 floats (2 MB each), so a run's memory beyond its returned traces does not grow with T.
CHUNK_SAMPLES = 2**18


class Chunks:
    """The (start, stop) step ranges a run works through, covering steps 0 ... n_steps - 1,
    each at most about CHUNK_SAMPLES / width steps long. With a ``progress`` callable there are
    also at least min(n_steps, reports) of them, and ``progress`` is told the fraction done
    after each (ending with 1.0), so reporting costs nothing per step.

    ``longest`` is the length of the longest range, for sizing a chunk's buffers."""

    def __init__(self, n_steps, width, progress=None, reports=50):
        size = max(1, CHUNK_SAMPLES // max(int(width), 1))
        pieces = max(1, -(-n_steps // size))
        if progress is not None:
            pieces = max(pieces, min(n_steps, reports))
        self.bounds = np.linspace(0, n_steps, pieces + 1).round().astype(int).tolist()
        self.longest = max(b - a for a, b in zip(self.bounds[:-1], self.bounds[1:]))
        self.n_steps, self.progress = n_steps, progress

    def __iter__(self):
        for start, stop in zip(self.bounds[:-1], self.bounds[1:]):
            yield start, stop
            if self.progress is not None:
                self.progress(stop / self.n_steps if self.n_steps else 1.0)


def narrow_chunks(n_steps, progress, i, n):
    """The chunks of neuron i of a batch of n run one after the other: ``progress`` hears the
    fraction of the whole batch done, about 50 times in all."""
    share = None if progress is None else (lambda done: progress((i + done) / n))
    return Chunks(n_steps, 1, share, reports=-(-50 // n))


def check_progress(progress):
    """``progress`` if it is None or callable, else a TypeError naming it."""
    if progress is not None and not callable(progress):
        raise TypeError(
            f"progress must be None or a callable taking the fraction done, got {progress!r}"
        )
    return progress
