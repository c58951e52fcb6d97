"""Input checks shared by every model: clear errors that name the parameter, its value and
what is allowed, and the conversion of an injected current into a single trace or a batch."""

import math
import numbers

import numpy as np


def check_number(name, value, *, positive=False, nonnegative=False, integer=False):
    """Return `value` as a float (or int) after checking it is a finite real number."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and not value > 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    if nonnegative and not value >= 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    if integer:
        if value != int(value):
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        return int(value)
    return float(value)


def as_float_array(name, value):
    """`value` as a float ndarray with only finite entries, or a TypeError/ValueError naming it."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a number or an array of numbers, got {type(value).__name__} {value!r:.80}"
        ) from None
    if not np.all(np.isfinite(arr)):
        bad = float(arr[~np.isfinite(arr)].ravel()[0])
        raise ValueError(f"{name} must contain only finite numbers, found {bad!r}")
    return arr


def n_steps(T, dt):
    """Number of samples of the time grid 0, dt, 2 dt, ... < T (as np.arange(0, T, dt))."""
    if T < dt:
        raise ValueError(f"T must be at least one time step dt = {dt} ms, got T = {T} ms")
    return int(math.ceil(T / dt - 1e-9))


def as_injected(name, value, Lt):
    """Interpret an injected current for a grid of `Lt` samples.

    Returns ``(I, batch)``: for a scalar or a trace of shape (Lt,), ``I`` has shape (Lt,) and
    ``batch`` is False; for shape (n, 1) or (n, Lt), ``I`` has shape (n, Lt) (a broadcast view
    for (n, 1)) and ``batch`` is True.
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
        hint = f"; for a batch of {arr.shape[0]} constant currents pass shape ({arr.shape[0]}, 1), e.g. I[:, None]"
    raise ValueError(
        f"{name} must be a scalar, a trace of shape ({Lt},) matching the time grid, or a batch of "
        f"shape (n, 1) or (n, {Lt}); got shape {arr.shape}{hint}"
    )
