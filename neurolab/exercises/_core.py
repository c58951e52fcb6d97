"""The machinery every check shares: calling the student's function safely, running the
cases, and the one-line messages."""

import contextlib
import copy
import signal
import threading
import time
import warnings

import numpy as np


#: Seconds a student's function may run on one case before the check stops it (a loop that never
#: ends). Enforced with SIGALRM, so on Unix in the main thread (where a notebook's cells run);
#: elsewhere (Windows) there is no limit and the kernel's interrupt button stops such a loop.
CALL_TIME_LIMIT_S = 20.0


class _TooSlow(BaseException):
    """The student's function ran past CALL_TIME_LIMIT_S. A BaseException, so that a student's
    ``except Exception`` inside the loop cannot swallow it."""


@contextlib.contextmanager
def _time_limit(seconds):
    """Raise _TooSlow in the block once it has run for ``seconds``. Afterwards the previous
    SIGALRM handler is back, and a timer that was already set (e.g. pytest-timeout's) runs on
    with the time it had left (at least 1 ms: one due meanwhile fires just after the block)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    start = time.monotonic()
    left, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: a handler set outside Python, which cannot be put back; the default is
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
        if left > 0:
            signal.setitimer(signal.ITIMER_REAL,
                             max(left - (time.monotonic() - start), 1e-3), interval)


class _NotDone(Exception):
    """The student's function is still the stub."""


class _Raised(Exception):
    """The student's function raised ``exc``."""

    def __init__(self, exc):
        super().__init__(exc)
        self.exc = exc


class _Wrong(Exception):
    """A case failed; the message is the one line the student reads."""


def _is_stub(out):
    if out is None or out is Ellipsis:
        return True
    return isinstance(out, (tuple, list)) and any(o is Ellipsis for o in out)


def _call(fn, *args):
    """The student's ``fn(*args)`` on copies of the arguments, warnings silenced.
    Raises _NotDone for a stub, _Raised for any exception of the student's code and _TooSlow
    when it runs longer than CALL_TIME_LIMIT_S. It runs inside _check's own silencing block;
    its own block is still needed: on leaving, it undoes a warnings filter or np.seterr that the
    student's function set, so the check's code after the call runs as _check set it up."""
    args = copy.deepcopy(args)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), _time_limit(CALL_TIME_LIMIT_S):
            warnings.simplefilter("ignore")
            out = fn(*args)
    except NotImplementedError:
        raise _NotDone from None
    except Exception as exc:  # the student's bug, reported in one line
        raise _Raised(exc) from None
    if _is_stub(out):
        raise _NotDone
    return out


def _one_line(text, limit=160):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _check(exercise, student, cases, hint=None):
    """Run ``cases`` (a list of (label, case) with case(student) raising _Wrong on a failure)
    and print one line per failing case and a closing line. Returns True when all pass.
    ``hint(exc)`` may add a short hint to a student's exception. Never raises."""
    if student is None or student is Ellipsis:
        print(f"{exercise} is not done yet: write it in the exercise cell, run that cell, "
              f"then run this check again.")
        return False
    if not callable(student):
        print(f"✗ {exercise}: expected the function itself (check_{exercise}({exercise})), "
              f"got a {type(student).__name__}")
        return False
    failed = 0
    state = np.random.get_state()  # a student's np.random.seed must not leak out of the check
    try:
        for label, case in cases:
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    case(student)
                continue
            except _NotDone:
                print(f"{exercise} is not done yet: it still raises NotImplementedError (or "
                      f"returns ... or None). Write it, run its cell, then run this check again.")
                return False
            except _TooSlow:
                print(f"✗ {label}: your {exercise} ran for more than {CALL_TIME_LIMIT_S:g} s and "
                      f"was stopped. Does a loop never end (a while condition that never changes, "
                      f"a step that never moves towards the goal)?")
                return False
            except _Raised as err:
                exc = err.exc
                extra = hint(exc) if hint else None
                problem = (f"your {exercise} raised {type(exc).__name__}: {_one_line(exc, 120)}"
                           + (f" ({extra})" if extra else ""))
            except _Wrong as err:
                problem = str(err)
            except Exception as exc:  # the result has a form the check cannot read
                problem = (f"the result could not be read ({type(exc).__name__}: "
                           f"{_one_line(exc, 100)}); return what the exercise asks for")
            failed += 1
            print(f"✗ {label}: {problem}")
    finally:
        np.random.set_state(state)
    n = len(cases)
    if failed:
        print(f"{exercise}: {failed} of {n} cases wrong. Fix the first one, run its cell, "
              f"then this check again.")
        return False
    print(f"✓ {exercise} is correct: all {n} cases agree with neurolab. Well done, move on!")
    return True


def _key_hint(pars):
    """A hint for a student's KeyError: the keys the parameter dict has."""
    keys = ", ".join(k for k in pars if k != "range_t")

    def hint(exc):
        if isinstance(exc, KeyError):
            return f"pars has the keys {keys} and range_t"
        return None
    return hint


def _float(x, what):
    """A real number from a student's result (a 0-d or size-1 array is fine)."""
    arr = np.asarray(x, dtype=float)
    if arr.size != 1:
        raise _Wrong(f"{what} should be one number, got an array of shape {arr.shape}")
    return float(arr.reshape(()))


def _array(x, what):
    """A float array from a student's result."""
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise _Wrong(f"{what} should be an array of numbers, got {type(x).__name__}") from None


def _trace(x, what, Lt):
    """A student's current on the time grid: a finite float array of shape (Lt,)."""
    I = _array(x, what)
    if I.shape != (Lt,):
        raise _Wrong(f"{what} has shape {I.shape}, expected ({Lt},): one sample per step of "
                     f"pars['range_t']")
    if not np.all(np.isfinite(I)):
        raise _Wrong(f"{what} contains NaN or infinite values")
    return I


def _pair(out, what):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise _Wrong(f"{what} should return two values (a tuple), got {type(out).__name__}")
    return out


def _values(a, n=4, digits=4):
    """The first n values of an array (any shape), for a message: [1.5, 2, 3.25, …]."""
    flat = np.asarray(a, dtype=float).ravel()
    body = ", ".join(f"{v:.{digits}g}" for v in flat[:n])
    return f"[{body}{', …' if flat.size > n else ''}]"


def _times(t, n=4):
    """The first n spike times (ms) or intervals, for a message."""
    return _values(t, n, digits=6)
