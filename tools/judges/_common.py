"""What the judges of tools/mutate.py share.

A judge decides whether a candidate (a mutant of an exercise's solution) gives the same answers
as the reference solution: ``judge(reference, candidate) -> None | str``, None when they agree on
every input of the judge's suite, else the first difference in one line. Most judges are

    CASES = [("n = 100, dt = 0.1", (x, 0.1)), ...]       # (label, args) or (label, args, kwargs)
    JUDGES = {"power_spectrum": lambda ref, cand: first_difference(ref, cand, CASES)}

with ``compare=`` for an exercise whose correct answers are not all equal to the reference's.
"""

import contextlib
import copy
import io
import signal
import threading
import warnings

import numpy as np

#: Seconds one call of a function may run in a judge; a candidate that runs longer differs.
CALL_LIMIT_S = 10.0


class Raised:
    """The outcome of a call that raised: the exception's type name and message."""

    def __init__(self, exc):
        self.type, self.message = type(exc).__name__, str(exc)

    def __repr__(self):
        return f"raised {self.type}: {self.message[:100]}"


class _TooSlow(BaseException):
    """A call ran longer than CALL_LIMIT_S (a BaseException: `except Exception` cannot stop it)."""


@contextlib.contextmanager
def _time_limit(seconds):
    """_TooSlow in the block after ``seconds`` (SIGALRM; no limit outside the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call(fn, args=(), kwargs=None, seed=0):
    """``fn(*args, **kwargs)`` on deep copies of the arguments, numpy's global random state
    seeded with ``seed`` first (so two functions drawing from it draw the same numbers), its
    printing and warnings silenced: the result, or a Raised (also for a call that runs longer
    than CALL_LIMIT_S, type 'TimeoutError')."""
    args, kwargs = copy.deepcopy(tuple(args)), copy.deepcopy(dict(kwargs or {}))
    np.random.seed(seed)
    sink = io.StringIO()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), \
                contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            warnings.simplefilter("ignore")
            with _time_limit(CALL_LIMIT_S):
                return fn(*args, **kwargs)
    except _TooSlow:
        return Raised(TimeoutError(f"ran longer than {CALL_LIMIT_S:g} s"))
    except (Exception, SystemExit) as exc:
        return Raised(exc)


def _shown(a, index=None):
    a = np.asarray(a)
    value = a[index] if index is not None else a
    return np.array2string(np.asarray(value), precision=8, threshold=6)


def _eps(dtype):
    return np.finfo(dtype).eps if np.issubdtype(dtype, np.inexact) else 0.0


def differ(want, got, rtol=1e-9, atol=1e-12, where="result"):
    """None when ``got`` is the same as ``want``, else where and how it differs. Tuples and lists
    (either for either), dicts and None are compared item by item; numbers and arrays by shape
    (a Python number is shape ()), by being complex or not, and by value: integers exactly,
    floats within atol + rtol·|want| (rtol at least 8 ulp of the coarser float type), NaN
    equal to NaN and an infinity only to the same infinity."""
    if isinstance(want, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(want):
            return f"{where}: expected {len(want)} values, got {type(got).__name__} " \
                   f"{_shown(got) if not isinstance(got, (tuple, list)) else len(got)}"
        for i, (w, g) in enumerate(zip(want, got)):
            found = differ(w, g, rtol, atol, f"{where}[{i}]")
            if found:
                return found
        return None
    if isinstance(want, dict):
        if not isinstance(got, dict) or set(got) != set(want):
            return f"{where}: expected a dict with keys {sorted(want)}, got {got!r:.80}"
        return next((found for k in want
                     if (found := differ(want[k], got[k], rtol, atol, f"{where}[{k!r}]"))), None)
    if want is None or isinstance(want, str) or isinstance(got, (str, type(None), dict)):
        return None if type(got) is type(want) and got == want else \
            f"{where}: expected {want!r:.80}, got {got!r:.80}"
    try:
        a, b = np.asarray(want), np.asarray(got)
    except Exception as exc:
        return f"{where}: not an array ({type(exc).__name__}: {exc})"
    if b.dtype == object or a.dtype == object:
        return None if a.shape == b.shape and all(
            differ(w, g, rtol, atol) is None for w, g in zip(a.ravel(), b.ravel())) else \
            f"{where}: expected {_shown(a)}, got {_shown(b)}"
    if not np.issubdtype(b.dtype, np.number) and b.dtype != bool:
        return f"{where}: expected numbers, got dtype {b.dtype}"
    if a.shape != b.shape:
        return f"{where}: expected shape {a.shape}, got {b.shape}"
    if np.iscomplexobj(a) != np.iscomplexobj(b):
        return f"{where}: expected {'complex' if np.iscomplexobj(a) else 'real'} numbers, got " \
               f"{b.dtype}"
    if a.dtype.kind in "biu" and b.dtype.kind in "biu":
        same = a == b
    else:
        rtol = max(rtol, 8 * _eps(a.dtype), 8 * _eps(b.dtype))
        af, bf = a.astype(np.complex128 if np.iscomplexobj(a) else float), \
            b.astype(np.complex128 if np.iscomplexobj(b) else float)
        finite = np.isfinite(af) & np.isfinite(bf)
        close = np.abs(af - bf) <= atol + rtol * np.abs(af)
        same = np.where(finite, close, (np.isnan(af) & np.isnan(bf)) | (af == bf))
    if np.all(same):
        return None
    bad = np.flatnonzero(~np.asarray(same))
    index = np.unravel_index(bad[0], a.shape) if a.ndim else None
    at = f" at index {tuple(int(i) for i in index)}" if index is not None else ""
    return f"{where}{at}: expected {_shown(a, index)}, got {_shown(b, index)} " \
           f"({bad.size} of {a.size} values differ)"


def differ_calls(reference, candidate, args=(), kwargs=None, compare=differ):
    """None when ``candidate`` answers ``args`` as ``reference`` does, else the difference. An
    exception of the candidate where the reference returns is a difference; both raising the
    same exception type is the same. ``compare(want, got)`` compares two results."""
    want = call(reference, args, kwargs)
    got = call(candidate, args, kwargs)
    if isinstance(want, Raised) and want.type == "TimeoutError":
        raise RuntimeError(f"the reference itself ran longer than {CALL_LIMIT_S:g} s")
    if isinstance(want, Raised) or isinstance(got, Raised):
        if isinstance(want, Raised) and isinstance(got, Raised) and want.type == got.type:
            return None
        return f"expected {want!r:.120}, got {got!r:.120}"
    return compare(want, got)


def first_difference(reference, candidate, cases, compare=differ):
    """The first difference of ``candidate`` from ``reference`` over ``cases`` (each
    (label, args) or (label, args, kwargs)), as "label: difference", or None."""
    for label, args, *kwargs in cases:
        found = differ_calls(reference, candidate, args, kwargs[0] if kwargs else None, compare)
        if found:
            return f"{label}: {found}"
    return None
