"""The machinery every check shares: the registry of exercises, calling the student's function
safely, reading its result, running the cases and the one-line messages."""

import contextlib
import copy
import inspect
import io
import math
import signal
import sys
import threading
import time
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# --- the registry ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Exercise:
    """One exercise of the student edition: its check, the library's version with the
    exercise's signature, and how that version is named in the line of use_or_reference."""
    name: str
    check: Callable
    reference: Callable
    uses: str


#: exercise name -> Exercise, in course order; filled by @exercise in the topic modules
EXERCISES = {}


def exercise(name, reference, uses):
    """Register the decorated ``check_<name>`` as the check of exercise ``name``, with the
    library's version ``reference`` (named ``uses`` when use_or_reference falls back to it)."""
    def register(check):
        EXERCISES[name] = Exercise(name, check, reference, uses)
        return check
    return register


# --- the result of a check ------------------------------------------------------------------

class CheckResult:
    """What a check found. Truthy exactly when every case passed, so ``if check_run_LIF(run_LIF):``
    works. ``status`` is 'correct', 'wrong', 'not done' (a stub or no function yet), 'not a
    function', 'stopped' (ran too long) or 'interrupted'; ``lines`` is everything the check printed.

    The check prints its lines as it runs (the last one is ``summary``), so a notebook cell that
    ends with a check shows those lines and no ``True``/``False`` after them."""

    def __init__(self, exercise, status, lines, cases=0, failed=0):
        self.exercise, self.status, self.lines = exercise, status, list(lines)
        self.cases, self.failed = cases, failed

    def __bool__(self):
        return self.status == "correct"

    @property
    def summary(self):
        return self.lines[-1] if self.lines else ""

    def __repr__(self):
        return f"<check of {self.exercise}: {self.status}, {self.summary!r}>"

    def _ipython_display_(self):
        """IPython's display hook: the lines were printed as the check ran; show nothing more."""


#: The last result of each exercise's check, with the function it judged (weakly held): the
#: check cell's verdict, which use_or_reference in the next cells takes instead of checking again.
_LAST = {}


def _remember(result, student_fn):
    try:
        _LAST[result.exercise] = (weakref.ref(student_fn), result)
    except TypeError:  # None, or an object that cannot be weakly referenced: not remembered
        _LAST.pop(result.exercise, None)


def _last_result(name, student_fn):
    """The result of the last check of exercise ``name`` if it judged this very function."""
    ref, result = _LAST.get(name, (None, None))
    return result if ref is not None and ref() is student_fn else None


# --- calling the student's function ---------------------------------------------------------

#: Seconds a student's function may run on one case before the check stops it (a loop that never
#: ends, even one that catches every exception).
CALL_TIME_LIMIT_S = 20.0
#: After the limit, the stop is repeated this often (s) until the function has returned.
_RETRY_S = 0.05
#: SIGALRM where there is one (Linux, macOS); elsewhere (Windows) a timer thread that
#: interrupts the main thread (_thread.interrupt_main) does the same through SIGINT.
_USE_SIGALRM = hasattr(signal, "setitimer")
#: How much of the student's own printing one check shows.
PRINT_LINES, PRINT_CHARS = 20, 4000


class _TooSlow(BaseException):
    """The student's function ran past CALL_TIME_LIMIT_S. A BaseException, so that a student's
    ``except Exception`` cannot swallow it. A bare ``except:`` can, so each stop is followed by
    more (see _stop_student) until the student's code has returned."""

    def __del__(self):
        # a student's handler that swallowed this stop is done with it: stop again at the next
        # line of the student's code (this runs in the frame that dropped the exception)
        if _stopping:
            _stop_student(inspect.currentframe().f_back, now=False)


class _Interrupted(BaseException):
    """The kernel was interrupted (the stop button, Ctrl-C) while the student's function ran."""


class _NotDone(Exception):
    """The student's function is still the stub."""


class _Raised(Exception):
    """The student's function raised ``exc``."""

    def __init__(self, exc):
        super().__init__(exc)
        self.exc = exc


class _Wrong(Exception):
    """A case failed; the message is the one line the student reads."""


def _invoke(fn, args):
    """The one frame between the check and the student's code (_student_frames stops at it)."""
    return fn(*args)


#: True from the moment a student's call runs past its time until it has stopped.
_stopping = False


def _student_frames(frame):
    """The frames from ``frame`` up to the student's function called by _invoke; empty when
    ``frame`` is not inside the student's code (it is in the check's own, also where the check's
    code runs inside the student's call: _TooSlow.__del__)."""
    chain = []
    while frame is not None and frame.f_code is not _invoke.__code__:
        if frame.f_globals is globals():
            return []
        chain.append(frame)
        frame = frame.f_back
    return chain if frame is not None else []


def _raise_in_student(frame, event, arg):
    """The trace function of _stop_student: _TooSlow at the next line or call of the student's
    code. CPython turns tracing off after a trace function raises; the stops that follow (the
    next timer signal, a dropped _TooSlow) turn it on again."""
    if event in ("line", "call") and _student_frames(frame):
        raise _TooSlow
    return None


def _stop_student(frame, now=True):
    """Stop the student's code if ``frame`` is inside it: raise _TooSlow there (``now``) and
    trace every frame of it to raise again at its next line. One raise is not enough for a loop
    with a bare ``except:``: the first lands in its try body, the next in the handler, from where
    it escapes; each handler that drops a _TooSlow sets up the next (_TooSlow.__del__)."""
    chain = _student_frames(frame)
    if not chain:
        return
    sys.settrace(_raise_in_student)
    for f in chain:
        f.f_trace = _raise_in_student
    if now:
        raise _TooSlow


@contextlib.contextmanager
def _time_limit(seconds):
    """Raise _TooSlow in the student's code (inside _invoke) once the block has run for
    ``seconds``, and again every _RETRY_S until the student's code has stopped. Afterwards the
    signal handler and the trace function are back as they were, and a timer that was already
    set (e.g. pytest-timeout's) runs on with the time it had left (at least 1 ms)."""
    global _stopping
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread, where notebook cells run
        return
    trace = sys.gettrace()

    def on_signal(signum, frame):
        global _stopping
        if signum == signal.SIGINT and not timer_fired.is_set():
            raise _Interrupted  # a real interrupt, not our timer
        _stopping = True
        _stop_student(frame)

    timer_fired = threading.Event()
    if _USE_SIGALRM:
        timer_fired.set()
        previous = signal.signal(signal.SIGALRM, on_signal)
        start = time.monotonic()
        left, interval = signal.setitimer(signal.ITIMER_REAL, seconds, _RETRY_S)
    else:
        import _thread  # the documented low-level threading API: interrupt_main
        previous = signal.signal(signal.SIGINT, on_signal)
        finished = threading.Event()

        def fire():
            if finished.wait(seconds):
                return
            timer_fired.set()
            while not finished.is_set():
                _thread.interrupt_main(signal.SIGINT)
                finished.wait(_RETRY_S)

        thread = threading.Thread(target=fire, daemon=True)
        thread.start()
    try:
        yield
    finally:
        sys.settrace(trace)
        _stopping = False
        if _USE_SIGALRM:
            signal.setitimer(signal.ITIMER_REAL, 0)
            # None: a handler set outside Python, which cannot be put back; the default is
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
            if left > 0:
                signal.setitimer(signal.ITIMER_REAL,
                                 max(left - (time.monotonic() - start), 1e-3), interval)
        else:
            finished.set()
            thread.join()
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


class _CappedOutput(io.TextIOBase):
    """Passes the student's printing on to ``target``, up to PRINT_LINES lines and PRINT_CHARS
    characters in one check, and counts what it holds back."""

    def __init__(self, target):
        self.target, self.lines, self.chars = target, 0, 0
        self.held_back, self.last = 0, "\n"

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        keep = min(max(PRINT_CHARS - self.chars, 0), len(text))
        end = -1
        for _ in range(max(PRINT_LINES - self.lines, 0)):
            end = text.find("\n", end + 1)
            if end < 0:
                break
        if self.lines >= PRINT_LINES:
            keep = 0
        elif end >= 0:
            keep = min(keep, end + 1)
        shown = text[:keep]
        if shown:
            self.target.write(shown)
            self.last = shown[-1]
        self.lines += shown.count("\n")
        self.chars += len(shown)
        self.held_back += len(text) - keep
        return len(text)

    def note(self):
        """One line saying how much was held back, if anything was."""
        if self.held_back:
            start = "" if self.last == "\n" else "\n"
            self.target.write(f"{start}… {self.held_back} more characters of your function's "
                              f"printing not shown\n")


def _is_stub(out):
    if out is None or out is Ellipsis:
        return True
    return isinstance(out, (tuple, list)) and any(o is Ellipsis for o in out)


#: The student's printing during the running check (set by _check).
_printing = None


def _call(fn, *args):
    """The student's ``fn(*args)`` on copies of the arguments, warnings silenced, its printing
    capped. Raises _NotDone for a stub, _Raised for any exception of the student's code (also
    SystemExit and GeneratorExit), _TooSlow when it runs longer than CALL_TIME_LIMIT_S and
    _Interrupted when the kernel is interrupted. Its own warnings/errstate block undoes on
    leaving a filter or np.seterr that the student's function set, so the check's code after
    the call runs as _check set it up."""
    args = copy.deepcopy(args)
    out_target = _printing if _printing is not None else sys.stdout
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), \
                contextlib.redirect_stdout(out_target), contextlib.redirect_stderr(out_target):
            warnings.simplefilter("ignore")
            with _time_limit(CALL_TIME_LIMIT_S):
                out = _invoke(fn, args)
    except NotImplementedError:
        raise _NotDone from None
    except (_TooSlow, _Interrupted):
        raise
    except KeyboardInterrupt:
        raise _Interrupted from None
    except (Exception, SystemExit, GeneratorExit) as exc:  # the student's bug, in one line
        raise _Raised(exc) from None
    if _is_stub(out):
        raise _NotDone
    return out


def _one_line(text, limit=160):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


@contextlib.contextmanager
def _session_kept():
    """Whatever the student's function changes of numpy's and Python's global state, it is as
    before afterwards: numpy's random state, print options and error handling, and the
    warning filters."""
    state, options, errors = np.random.get_state(), np.get_printoptions(), np.geterr()
    with warnings.catch_warnings():
        try:
            yield
        finally:
            np.random.set_state(state)
            np.set_printoptions(**options)
            np.seterr(**errors)


def _raised_message(exercise, exc, hint):
    if isinstance(exc, SystemExit):
        return (f"your {exercise} called sys.exit() or exit(): a function hands back its result "
                f"with return")
    extra = hint(exc) if hint else None
    return (f"your {exercise} raised {type(exc).__name__}: {_one_line(exc, 120)}"
            + (f" ({extra})" if extra else ""))


def _check(exercise, student, cases, hint=None):
    """Run ``cases`` (a list of (label, case) with case(student) raising _Wrong on a failure),
    print one line per failing case and a closing line, and return the CheckResult.
    ``hint(exc)`` may add a short hint to a student's exception. Never raises."""
    global _printing
    lines = []

    def say(line):
        lines.append(line)
        print(line)

    def result(status, failed=0):
        found = CheckResult(exercise, status, lines, len(cases), failed)
        _remember(found, student)
        return found

    if student is None or student is Ellipsis:
        say(f"{exercise} is not done yet: write it in the exercise cell, run that cell, "
            f"then run this check again.")
        return result("not done")
    if not callable(student):
        say(f"✗ {exercise}: expected the function itself (check_{exercise}({exercise})), "
            f"got a {type(student).__name__}")
        return result("not a function")
    failed = 0
    printing = _CappedOutput(sys.stdout)
    _printing = printing
    try:
        with _session_kept():
            for label, case in cases:
                try:
                    with np.errstate(all="ignore"):
                        warnings.simplefilter("ignore")
                        case(student)
                    continue
                except _NotDone:
                    say(f"{exercise} is not done yet: it still raises NotImplementedError (or "
                        f"returns ... or None). Write it, run its cell, then run this check "
                        f"again.")
                    return result("not done")
                except _TooSlow:
                    say(f"✗ {label}: your {exercise} ran for more than {CALL_TIME_LIMIT_S:g} s "
                        f"and was stopped. Does a loop never end (a while condition that never "
                        f"changes, a step that never moves towards the goal)?")
                    return result("stopped", 1)
                except (_Interrupted, KeyboardInterrupt):
                    say(f"✗ {label}: interrupted (the stop button) while your {exercise} ran; "
                        f"the check stopped there.")
                    return result("interrupted", 1)
                except _Raised as err:
                    problem = _raised_message(exercise, err.exc, hint)
                except _Wrong as err:
                    problem = str(err)
                except Exception as exc:  # the result has a form the check cannot read
                    problem = (f"the result could not be read ({type(exc).__name__}: "
                               f"{_one_line(exc, 100)}); return what the exercise asks for")
                failed += 1
                say(f"✗ {label}: {problem}")
    finally:
        _printing = None
        printing.note()
    n = len(cases)
    if failed:
        say(f"{exercise}: {failed} of {n} cases wrong. Fix the first one, run its cell, "
            f"then this check again.")
        return result("wrong", failed)
    say(f"✓ {exercise} is correct: all {n} cases agree with neurolab. Well done, move on!")
    return result("correct")


def _key_hint(pars):
    """A hint for a student's KeyError: the keys the parameter dict has."""
    keys = ", ".join(k for k in pars if k != "range_t")

    def hint(exc):
        if isinstance(exc, KeyError):
            return f"pars has the keys {keys} and range_t"
        return None
    return hint


# --- reading the student's result -----------------------------------------------------------

def _numbers(x, what, shape=None, finite=True):
    """A student's result as a real float array, checked before it is compared: numbers (not
    text or objects), real (not complex), of ``shape`` when given, and finite unless told
    otherwise. Raises _Wrong saying which of these fails."""
    if np.iscomplexobj(x) or any(isinstance(v, complex) for v in _flat_items(x)):
        raise _Wrong(f"{what} is complex; return real numbers (the course's quantities are "
                     f"real: abs(X)**2 for a power, .real where an imaginary part is round-off)")
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise _Wrong(f"{what} should be numbers, got {_kind(x)}") from None
    if shape is not None and arr.shape != tuple(shape):
        raise _Wrong(f"{what} has shape {arr.shape}, expected {tuple(shape)}")
    if finite and not np.all(np.isfinite(arr)):
        bad = np.flatnonzero(~np.isfinite(arr))
        value = arr.ravel()[bad[0]]
        if arr.ndim == 0:
            raise _Wrong(f"{what} is {value}, expected a finite number")
        index = np.unravel_index(bad[0], arr.shape)
        index = int(index[0]) if arr.ndim == 1 else tuple(int(i) for i in index)
        raise _Wrong(f"{what} is {value} at index {index} ({bad.size} of {arr.size} values are "
                     f"not finite numbers)")
    return arr


def _flat_items(x):
    """The items of a list or tuple result (one level), to find complex numbers in them."""
    return x if isinstance(x, (list, tuple)) else ()


def _kind(x):
    return f"a {type(x).__name__}" + (f" {x!r}" if isinstance(x, str) and len(x) < 30 else "")


def _float(x, what, finite=True):
    """One real number from a student's result (a 0-d or size-1 array is fine)."""
    arr = _numbers(x, what, finite=finite)
    if arr.size != 1:
        raise _Wrong(f"{what} should be one number, got an array of shape {arr.shape}")
    return float(arr.reshape(()))


def _trace(x, what, Lt):
    """A student's current on the time grid: a finite real array of shape (Lt,)."""
    I = _numbers(x, what, finite=False)
    if I.shape != (Lt,):
        raise _Wrong(f"{what} has shape {I.shape}, expected ({Lt},): one sample per step of "
                     f"pars['range_t']")
    return _numbers(I, what)


def _pair(out, what):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise _Wrong(f"{what} should return two values (a tuple), got {type(out).__name__}")
    return out


# --- messages -------------------------------------------------------------------------------

def _values(a, n=4, digits=4):
    """The first n values of an array (any shape), for a message: [1.5, 2, 3.25, …]."""
    flat = np.asarray(a, dtype=float).ravel()
    body = ", ".join(f"{v:.{digits}g}" for v in flat[:n])
    return f"[{body}{', …' if flat.size > n else ''}]"


def _times(t, n=4):
    """The first n spike times (ms) or intervals, for a message."""
    return _values(t, n, digits=6)


def _two(want, got, digits=4):
    """want and got as text that shows them apart: exactly when both are short decimals
    (('112.25', '113'), ('-65.00012', '-65.00013')), else to at least ``digits`` significant
    digits, as many more as it takes for different numbers to print differently."""
    want, got = float(want), float(got)
    if not (math.isfinite(want) and math.isfinite(got)):
        return f"{want:.{digits}g}", f"{got:.{digits}g}"
    plain = _plain(want), _plain(got)
    if all("e" not in p and len(p.lstrip("-").replace(".", "").lstrip("0")) <= digits + 3
           for p in plain):
        return plain
    for d in range(digits, 18):
        a, b = f"{want:.{d}g}", f"{got:.{d}g}"
        if a != b or want == got:
            return a, b
    return plain


def _plain(x):
    """The shortest text that reads back as x: '201', '112.25', '0.30000000000000004'."""
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)
