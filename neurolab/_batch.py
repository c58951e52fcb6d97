"""Spike bookkeeping shared by the batched integrators (LIF in ``models/lif.py``; EIF, AdEx and
GEM in ``models/_integrate.py``), chunked runs and their progress."""

import math
import time
import warnings

import numpy as np

from ._display import open_display


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
        steps = [np.full(idx.size, it, dtype=np.int64) for it, idx in self._events]
        return spike_trains(steps, [idx for _, idx in self._events], self._n, dt)


def spike_trains(steps, neurons, n, dt):
    """The spike times (ms) of each of n neurons, a list of n arrays, from (step, neuron) pairs
    collected chunk by chunk: ``steps`` and ``neurons`` are lists of equally long integer
    arrays, in time order within each neuron."""
    steps = np.concatenate(steps) if steps else np.empty(0, dtype=np.int64)
    neurons = np.concatenate(neurons) if neurons else np.empty(0, dtype=np.int64)
    order = np.argsort(neurons, kind="stable")
    bounds = np.searchsorted(neurons[order], np.arange(1, n))
    return np.split(steps[order] * dt, bounds)


#: Samples (neurons × time steps) per chunk of a run: the working arrays of one chunk hold
#: 2**18 floats (2 MB each), so a run's memory beyond its returned traces does not grow with T.
CHUNK_SAMPLES = 2**18


class Chunks:
    """The (start, stop) step ranges a run works through, covering steps 0 ... n_steps - 1,
    each at most about CHUNK_SAMPLES / width steps long. ``progress`` (a `Progress`, or None)
    is told the fraction done after each range, so reporting costs nothing per step; one that
    reports to the caller gets at least min(n_steps, 50) ranges. ``share = (i, n)``: this run is
    the i-th of n run one after the other (a narrow batch), and the fraction is of all n.

    ``longest`` is the length of the longest range, for sizing a chunk's buffers."""

    def __init__(self, n_steps, width, progress=None, share=(0, 1)):
        size = max(1, CHUNK_SAMPLES // max(int(width), 1))
        pieces = max(1, -(-n_steps // size))
        if progress is not None and progress.reports:
            pieces = max(pieces, min(n_steps, -(-progress.reports // share[1])))
        self.bounds = np.linspace(0, n_steps, pieces + 1).round().astype(int).tolist()
        self.longest = max(b - a for a, b in zip(self.bounds[:-1], self.bounds[1:]))
        self.n_steps, self.progress, self.share = n_steps, progress, share

    def __iter__(self):
        i, n = self.share
        for start, stop in zip(self.bounds[:-1], self.bounds[1:]):
            yield start, stop
            if self.progress is not None:
                self.progress((i + (stop / self.n_steps if self.n_steps else 1.0)) / n)


def narrow_chunks(n_steps, progress, i, n):
    """The chunks of neuron i of a batch of n run one after the other: ``progress`` hears the
    fraction of the whole batch done."""
    return Chunks(n_steps, 1, progress, share=(i, n))


def describe_run(model, n, T):
    """'run_lif: 1000 neurons × 10000 ms', the label of a run's progress display."""
    return f"{model}: {n} neuron{'' if n == 1 else 's'} × {T:g} ms"


#: Seconds a run called with progress=None works before it shows its progress.
PROGRESS_DELAY = 1.0


class Progress:
    """Where a run reports the fraction done (0 to 1, ending with 1.0), from its ``progress``
    argument: a callable gets every report (about 50 of them); False, none; True, a display
    shown at once; None (the default), a display shown only once the run has taken
    PROGRESS_DELAY seconds, so short runs stay quiet. The display is a
    ``neurolab.widgets.ProgressBar`` in a notebook and a line on stderr elsewhere.

    Used as a context manager around the run: on leaving it the display says how the run
    ended (done, failed, or interrupted with Ctrl-C / the notebook's stop button)."""

    def __init__(self, progress, what):
        if progress is not None and not isinstance(progress, bool) and not callable(progress):
            raise TypeError(f"progress must be None, True, False or a callable taking the "
                            f"fraction done, got {progress!r}")
        self.given = None if progress is None or isinstance(progress, bool) else progress
        self.reports = 50 if self.given is not None else 0
        self.delay = {None: PROGRESS_DELAY, True: 0.0}.get(progress) if self.given is None \
            else None
        self.what = what
        self.start = time.perf_counter()
        self.display = None
        self.shown = -np.inf  # when the display was last updated

    def __call__(self, fraction):
        if self.given is not None:
            self.given(fraction)
            return
        if self.delay is None:
            return
        now = time.perf_counter()
        if now - self.start < self.delay or now - self.shown < 0.2:  # at most 5 updates a second
            return
        if self.display is None:
            self.display = open_display(self.what, self.start)
        self.shown = now
        self.display(fraction)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.display is not None:
            self.display.__exit__(exc_type, exc, tb)
        return False


#: A simulated inter-spike interval is a whole number of steps, up to one step longer than the
#: exact one; intervals of at least this many steps keep a rate's error under 5 %.
ISI_MIN_STEPS = 20


class StepRuleWarning(UserWarning):
    """The time step dt does not resolve a run's inter-spike intervals (fewer than
    ISI_MIN_STEPS steps each), so rates from it may be too low. Filter it by this class."""


def warn_unresolved_isi(spikes, dt, model, stacklevel=3):
    """A StepRuleWarning if some inter-spike interval of ``spikes`` (an array, or a list of
    arrays) is shorter than ISI_MIN_STEPS steps of dt: at strong drive (and a refractory
    period of few steps) the step rounds the intervals up, and rates come out too low."""
    trains = [s for s in (spikes if isinstance(spikes, list) else [spikes]) if s.size > 1]
    if not trains:
        return
    # every interval of every train at once: the differences across two trains are left out
    isi = np.diff(np.concatenate(trains))
    isi[np.cumsum([s.size for s in trains[:-1]], dtype=np.intp) - 1] = np.inf
    shortest = float(isi.min())
    steps = shortest / dt
    if steps < ISI_MIN_STEPS - 1e-6:
        # the exact interval may be up to one step shorter than the simulated one
        exact_low = max(shortest - dt, 0.5 * dt)
        scale = 10.0 ** math.floor(math.log10(exact_low / ISI_MIN_STEPS) - 1)
        good_dt = math.floor(exact_low / ISI_MIN_STEPS / scale) * scale  # 2 digits, rounded down
        warnings.warn(
            f"{model}: the shortest inter-spike interval, {shortest:.4g} ms, is only "
            f"{steps:.0f} time step{'s' if round(steps) != 1 else ''} of dt = {dt:g} ms. A "
            f"simulated interval is a whole number of steps, up to one step longer than the "
            f"exact one, so rates here may be up to "
            f"{1.0 / steps:.0%} too low. For rates within 5 %, use dt <= {good_dt:.2g} ms (at "
            f"least {ISI_MIN_STEPS} steps per interval)",
            StepRuleWarning, stacklevel=stacklevel)
