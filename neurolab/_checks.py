"""The input layer every public function goes through: clear errors that name the argument,
its unit and what is allowed, and the conversion of an injected current into a single trace or
a batch.

Rules, the same everywhere:
- A number is a real int or float (Python or numpy). bool, complex, strings, bytes, None and
  objects are a TypeError, also inside arrays (bool, complex, string and object arrays), and
  NaN or inf is a ValueError. No other exception type escapes for bad input.
- A seed is None, a non-negative int, an ``np.random.SeedSequence`` or an
  ``np.random.Generator`` (which is then used, and advanced, as it is).
- Bounded time grids: at most ``MAX_SAMPLES`` steps. (The memory bound, ``check_size``, is
  the engine's: ``_engine.py``.)
"""

import math
import numbers

import numpy as np

#: Most time steps T/dt of one time grid (``range_t``, 160 MB at the limit): 1000 s at
#: dt = 0.05 ms. Hodgkin-Huxley has its own, smaller limit (see ``hh.py``).
MAX_SAMPLES = 20_000_000


def _unit(unit):
    return f" {unit}" if unit else ""


def _plain(value):
    """numpy scalars as Python numbers, so that messages show 5.0, not np.float64(5.0)."""
    return value.item() if isinstance(value, np.generic) else value


def _describe(value):
    text = repr(_plain(value))
    return (text[:77] + "...") if len(text) > 80 else text


def check_number(name, value, *, positive=False, nonnegative=False, integer=False, unit=""):
    """Return `value` as a float (or int) after checking it is a finite real number: bool,
    complex, strings and None are a TypeError; NaN, inf and values out of range a ValueError
    naming `name` and its `unit`."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        kind = "True/False" if isinstance(value, (bool, np.bool_)) else type(value).__name__
        raise TypeError(
            f"{name} must be a real number{' (' + unit + ')' if unit else ''}, got "
            f"{_describe(value)} ({kind})"
        )
    try:
        as_float = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be finite, got {_describe(value)}") from None
    if not math.isfinite(as_float):
        raise ValueError(f"{name} must be finite, got {_describe(value)}")
    if positive and not as_float > 0:
        raise ValueError(f"{name} must be > 0{_unit(unit)}, got {_describe(value)}")
    if nonnegative and not as_float >= 0:
        raise ValueError(f"{name} must be >= 0{_unit(unit)}, got {_describe(value)}")
    if integer:
        if as_float != int(as_float):
            raise ValueError(f"{name} must be a whole number, got {_describe(value)}")
        return int(value)
    return as_float


def check_bool(name, value):
    """`value` as a bool: only True or False (Python or numpy) are accepted, so that a string
    such as 'no' is not silently taken as true."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {_describe(value)} "
                    f"({type(value).__name__})")


def check_choice(name, value, choices):
    """`value` if it is one of the strings `choices`, else a named TypeError/ValueError."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {', '.join(map(repr, choices))}, got "
                        f"{_describe(value)} ({type(value).__name__})")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


_NONE = object()  # "nothing found" for searches whose items may be None


def as_float_array(name, value, unit=""):
    """`value` as a float ndarray with only finite entries, or a TypeError/ValueError naming it.

    Accepted: real numbers, and (nested) sequences or arrays of them (int or float dtype).
    Rejected with a TypeError: strings and bytes, None, bool and complex numbers or arrays,
    object arrays holding anything but real numbers. A ragged nesting is a ValueError."""
    what = f"{name} must be a number or an array of numbers{' (' + unit + ')' if unit else ''}"
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{what}, got {_describe(value)}")
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what}, got {_describe(value)} (True/False)")
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise TypeError(f"{what}, got the complex number {_describe(value)}")
    if isinstance(value, np.ma.MaskedArray):
        if np.ma.is_masked(value):
            raise ValueError(f"{name} is a masked array with {int(np.ma.count_masked(value))} "
                             f"masked entries, and a simulation or analysis cannot leave them "
                             f"out; fill them (e.g. {name}.filled(0.0)) or drop them first")
        value = value.data
    if isinstance(value, (list, tuple)):
        bad = _first_bool(value)
        if bad is not None:
            raise TypeError(f"{what}, found {_describe(bad)} (True/False) in it")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{what} (a rectangular array, not ragged lists), got "
                         f"{_describe(value)}") from None
    kind = arr.dtype.kind
    if kind == "O":
        bad = next((x for x in arr.ravel()
                    if not isinstance(x, numbers.Real) or isinstance(x, (bool, np.bool_))), _NONE)
        if bad is not _NONE:
            raise TypeError(f"{what}, found {_describe(bad)} ({type(bad).__name__}) in it")
        kind = "f"
    if kind == "b":
        raise TypeError(f"{what}, got an array of True/False")
    if kind == "c":
        raise TypeError(f"{what}, got complex numbers (a real current or value is needed)")
    if kind not in "fiu":
        raise TypeError(f"{what}, got an array of {arr.dtype} ({_describe(value)})")
    try:
        arr = np.asarray(arr, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{what} that fit a float, got {_describe(value)}") from None
    if not np.all(np.isfinite(arr)):
        bad = float(arr[~np.isfinite(arr)].ravel()[0])
        raise ValueError(f"{name} must contain only finite numbers, found {bad!r}")
    return arr


def _first_bool(items):
    """The first bool in nested lists/tuples (numpy turns [True, 2.0] into [1.0, 2.0]), or None."""
    for x in items:
        if isinstance(x, (bool, np.bool_)):
            return x
        if isinstance(x, (list, tuple)):
            found = _first_bool(x)
            if found is not None:
                return found
        elif isinstance(x, np.ndarray) and x.dtype.kind == "b":
            return x.ravel()[0] if x.size else x
    return None


def check_pars(pars, model="the model's parameter function", keys=()):
    """`pars` must be a dict holding `keys`: a TypeError/ValueError naming pars otherwise."""
    if not isinstance(pars, dict):
        raise TypeError(f"pars must be a parameter dict from {model}, got {_describe(pars)} "
                        f"({type(pars).__name__})")
    missing = [k for k in keys if k not in pars]
    if missing:
        raise ValueError(f"pars lacks {', '.join(map(repr, missing))}; pass a dict from {model}")
    return pars


def rng_from(seed):
    """``np.random.default_rng(seed)`` for a valid seed, else a TypeError/ValueError naming seed.

    seed: None (fresh randomness), a non-negative int, an ``np.random.SeedSequence``, or an
    ``np.random.Generator`` (used as it is). numpy's global random state is never touched."""
    if seed is None or isinstance(seed, (np.random.Generator, np.random.SeedSequence)):
        return np.random.default_rng(seed)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be None, a non-negative whole number, an "
                        f"np.random.SeedSequence or an np.random.Generator, got "
                        f"{_describe(seed)} ({type(seed).__name__})")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative whole number (or None), "
                         f"got {_describe(seed)}")
    return np.random.default_rng(int(seed))


def n_steps(T, dt, limit=MAX_SAMPLES):
    """Number of samples of the time grid 0, dt, 2 dt, ... < T (as np.arange(0, T, dt)); a
    ValueError naming T and dt when it is below one step or above `limit`."""
    if T < dt:
        raise ValueError(f"T must be at least one time step dt = {dt} ms, got T = {T} ms")
    steps = T / dt
    if not steps <= limit:  # also catches inf from a subnormal dt
        raise ValueError(
            f"T = {T} ms and dt = {dt} ms give {steps:.3g} time steps, more than the "
            f"{limit:.3g} one run may have; use a shorter T or a larger dt"
        )
    return int(math.ceil(steps - 1e-9))


def as_injected(name, value, Lt):
    """Interpret an injected current for a grid of `Lt` samples.

    Returns ``(I, batch)``: for a scalar or a trace of shape (Lt,), ``I`` has shape (Lt,) and
    ``batch`` is False; for shape (n, 1) or (n, Lt), ``I`` has shape (n, Lt) (a broadcast view
    for (n, 1)) and ``batch`` is True. Nothing of size n × Lt is allocated here: the simulators
    check the memory of their traces (``check_size``) before they make them.
    """
    arr = as_float_array(name, value)
    if arr.ndim == 0:
        return np.full(Lt, float(arr)), False
    if arr.ndim == 1 and arr.shape[0] == Lt:
        return arr, False
    if arr.ndim == 2 and arr.shape[0] >= 1 and arr.shape[1] in (1, Lt):
        return np.broadcast_to(arr, (arr.shape[0], Lt)), True
    hint = ""
    if arr.ndim == 1:
        hint = (f"; for a batch of {arr.shape[0]} constant currents pass shape "
                f"({arr.shape[0]}, 1), e.g. I[:, None]")
    raise ValueError(
        f"{name} must be a scalar, a trace of shape ({Lt},) matching the time grid, or a batch of "
        f"shape (n, 1) or (n, {Lt}); got shape {arr.shape}{hint}"
    )


def value_range(I):
    """(min, max) of an injected current from `as_injected`, cheaply: a broadcast (n, 1) batch
    is read from its one column."""
    if I.ndim == 2 and I.strides[1] == 0:
        I = I[:, 0]
    return float(I.min()), float(I.max())


def spike_train(name, value):
    """One neuron's spike times (ms) as a float array: finite, 1-D and strictly increasing
    (a neuron cannot spike twice at the same time). A named TypeError/ValueError otherwise."""
    arr = as_float_array(name, value, unit="ms")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one neuron's spike times in ms), got shape "
                         f"{arr.shape}; for several neurons pass a list of 1-D arrays")
    if arr.size > 1:
        later = arr[1:] > arr[:-1]
        if not np.all(later):
            k = int(np.argmin(later))
            word = "repeats" if arr[k + 1] == arr[k] else "goes back to"
            raise ValueError(
                f"{name} must be strictly increasing spike times (ms), each later than the one "
                f"before; entry {k + 1} {word} {float(arr[k + 1])!r} after {float(arr[k])!r}"
            )
        with np.errstate(over="ignore"):
            span = arr[-1] - arr[0]
        if not np.isfinite(span):
            raise ValueError(f"{name} must span less than the float range (they are times in "
                             f"ms), got {float(arr[0])!r} ... {float(arr[-1])!r}")
    return arr
