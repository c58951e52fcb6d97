"""Checks that teach: feedback on the assignment's exercises, written by the student.

Each exercise of the student edition asks for one function, in the assignment's own name and
signature (``run_LIF``, ``my_GWN``, ``isi_cv_LIF``, ``my_OU``, ...). The cell after it calls

    nl.exercises.check_run_LIF(run_LIF)

which runs the student's function on a few cases, compares each with neurolab's own result and

- prints one short line per failing case: the case, what was expected, what came out, and the
  likely cause by name ("no refractory period: the ISIs are 2 ms short"), or where no cause is
  known the first place the answer departs;
- prints one closing line, and returns a CheckResult: truthy exactly when every case passes
  (``if check_run_LIF(run_LIF):`` works), with its status and lines;
- never raises: an exception in the student's code (SystemExit included) is one line (its type,
  message and the case); an untouched stub (it raises NotImplementedError, or returns ``...``
  or None) gets one line saying the exercise is "not done yet"; the stop button ends the check
  with one line;
- stops a student's function that runs longer than ``_core.CALL_TIME_LIMIT_S`` (20 s) on one
  case, a loop that never ends, also one that catches every exception, and says so in one line
  (Linux and macOS by SIGALRM; Windows by a timer thread that interrupts the main thread);
- shows at most ``_core.PRINT_LINES`` lines of the student's own printing, and leaves numpy's
  random state, print options and error handling and the warning filters as they were.

Every check accepts every correct implementation the assignment allows (the variants are named
in each check's docstring), compares floats with tolerances, is seeded and takes well under a
second. Random outputs (``my_GWN``, ``my_OU``) are judged by their statistics, so any random
number generator will do.

Later cells should not depend on a student's answer. ``use_or_reference(run_LIF)`` returns the
student's function when its check passes and otherwise the library's version, saying so in one
line; ``reference(name)`` gives the library's version of any exercise, with the exercise's
signature.

Layout: ``_core`` holds what every check shares; one module per notebook topic holds its checks
and the library's versions (``basics``, ``lif``, ``noise``, ``ifmodels``, ``hh``). A new exercise
is one decorated check in its topic module (``@exercise(name, reference, uses)`` registers it
and makes ``check_<name>`` public here), its cells in the notebook (solution, check,
use_or_reference) and its tests.

Exercises by notebook: 00 ``my_square_function``, ``power_spectrum``; 01 ``run_LIF``;
02 ``find_rheobase_current``; 03 ``my_GWN``, ``isi_cv_LIF``; 04 ``my_OU``; 05 ``adex_euler_step``;
06 ``hh_rates``, ``hh_resting_potential``.
"""

import contextlib
import io

# each module registers its exercises: imported in course order (EXERCISES keeps that order)
from . import basics, lif, noise, ifmodels, hh  # noqa: F401  # isort: skip
from ._core import EXERCISES, CheckResult, _last_result

# check_<name> for every registered exercise, in course order
globals().update({f"check_{name}": ex.check for name, ex in EXERCISES.items()})

__all__ = [f"check_{name}" for name in EXERCISES] + [
    "use_or_reference", "reference", "EXERCISES", "CheckResult"]

def _exercise(name):
    if name not in EXERCISES:
        raise ValueError(f"unknown exercise {name!r}; the exercises are: {', '.join(EXERCISES)}")
    return EXERCISES[name]


def reference(name):
    """The library's version of exercise ``name`` (e.g. 'run_LIF'), with the exercise's
    signature: ``reference('my_GWN')(pars, mu, sig, myseed=False)`` is built on nl.gwn."""
    return _exercise(name).reference


def use_or_reference(student_fn, name=None):
    """The function later cells should use: ``student_fn`` when its check passes, otherwise the
    library's version (``reference(name)``), with one line saying so, e.g.

        run_LIF = nl.exercises.use_or_reference(run_LIF)
        # run_LIF is not finished yet: the cells below use nl.run_lif instead.

    name defaults to student_fn.__name__; give it when student_fn may be None (not defined).
    When the check cell above already judged this very function, its verdict is taken;
    otherwise the check runs once, silently (its lines are the check cell's to show). Never
    raises for a student's function; an unknown name is a ValueError.
    """
    if name is None:
        name = getattr(student_fn, "__name__", None)
        if name not in EXERCISES:
            raise ValueError(f"use_or_reference needs the exercise's name, e.g. "
                             f"use_or_reference(run_LIF, 'run_LIF'); the exercises are: "
                             f"{', '.join(EXERCISES)}")
    ex = _exercise(name)
    result = _last_result(name, student_fn)
    if result is None:
        with contextlib.redirect_stdout(io.StringIO()):
            result = ex.check(student_fn)
    if result:
        return student_fn
    state = "is not finished yet" if result.status == "not done" else \
        "does not pass its check yet"
    print(f"{name} {state}: the cells below use {ex.uses} instead.")
    return ex.reference
