"""Checks that teach: feedback on the assignment's exercises, written by the student.

Each exercise of the student edition asks for one function, in the assignment's own name and
signature (``run_LIF``, ``my_GWN``, ``isi_cv_LIF``, ``my_OU``, ...). The cell after it calls

    nl.exercises.check_run_LIF(run_LIF)

which runs the student's function on a few cases, compares each with neurolab's own result and

- prints one short line per failing case: the case, what was expected, what came out, and the
  likely cause by name ("no refractory period: the ISIs are 2 ms short");
- prints one success line when every case passes;
- returns True or False and never raises: an exception in the student's code is reported in one
  line (its type, message and the case), and an untouched stub (it raises NotImplementedError,
  or returns ``...`` or None) gets one line saying the exercise is "not done yet";
- stops a student's function that runs longer than ``_core.CALL_TIME_LIMIT_S`` (20 s) on one
  case, a loop that never ends, and says so in one line (Unix; on Windows the kernel's stop
  button).

Every check accepts every correct implementation the assignment allows (the variants are named
in each check's docstring), compares floats with tolerances, is seeded and takes well under a
second. Random outputs (``my_GWN``, ``my_OU``) are judged by their statistics, so any random
number generator will do.

Later cells should not depend on a student's answer. ``use_or_reference(run_LIF)`` returns the
student's function when its check passes and otherwise the library's version, saying so in one
line; ``reference(name)`` gives the library's version of any exercise, with the exercise's
signature.

Layout: ``_core`` holds what every check shares; one module per notebook topic holds its checks
and the library's versions (``basics``, ``lif``, ``noise``, ``ifmodels``, ``hh``).

Exercises by notebook: 00 ``my_square_function``, ``power_spectrum``; 01 ``run_LIF``;
02 ``find_rheobase_current``; 03 ``my_GWN``, ``isi_cv_LIF``; 04 ``my_OU``; 05 ``adex_euler_step``;
06 ``hh_rates``, ``hh_resting_potential``.
"""

import contextlib
import io

from .basics import (
    _ref_my_square_function, check_my_square_function, _ref_power_spectrum,
    check_power_spectrum,
)
from .lif import (
    _ref_run_LIF, check_run_LIF, _ref_find_rheobase_current, check_find_rheobase_current,
)
from .noise import (
    _ref_my_GWN, check_my_GWN, _ref_isi_cv_LIF, check_isi_cv_LIF, _ref_my_OU, check_my_OU,
)
from .ifmodels import _ref_adex_euler_step, check_adex_euler_step
from .hh import (
    _ref_hh_rates, check_hh_rates, _ref_hh_resting_potential, check_hh_resting_potential,
)

__all__ = [
    "check_my_square_function", "check_power_spectrum", "check_run_LIF",
    "check_find_rheobase_current", "check_my_GWN", "check_isi_cv_LIF", "check_my_OU",
    "check_adex_euler_step", "check_hh_rates", "check_hh_resting_potential",
    "use_or_reference", "reference", "EXERCISES",
]

#: exercise name -> (check, the library's version with the exercise's signature, its name)
EXERCISES = {
    "my_square_function": (check_my_square_function, _ref_my_square_function, "x**2 + c"),
    "power_spectrum": (check_power_spectrum, _ref_power_spectrum, "nl.psd"),
    "run_LIF": (check_run_LIF, _ref_run_LIF, "nl.run_lif"),
    "find_rheobase_current": (check_find_rheobase_current, _ref_find_rheobase_current,
                              "the library's walk"),
    "my_GWN": (check_my_GWN, _ref_my_GWN, "nl.gwn"),
    "isi_cv_LIF": (check_isi_cv_LIF, _ref_isi_cv_LIF, "nl.isi_cv"),
    "my_OU": (check_my_OU, _ref_my_OU, "nl.ou"),
    "adex_euler_step": (check_adex_euler_step, _ref_adex_euler_step, "the library's AdEx step"),
    "hh_rates": (check_hh_rates, _ref_hh_rates, "nl.alpha_n, nl.beta_n, ..."),
    "hh_resting_potential": (check_hh_resting_potential, _ref_hh_resting_potential,
                             "the library's resting potential"),
}


def reference(name):
    """The library's version of exercise ``name`` (e.g. 'run_LIF'), with the exercise's
    signature: ``reference('my_GWN')(pars, mu, sig, myseed=False)`` is built on nl.gwn."""
    if name not in EXERCISES:
        raise ValueError(f"unknown exercise {name!r}; the exercises are: {', '.join(EXERCISES)}")
    return EXERCISES[name][1]


def use_or_reference(student_fn, name=None):
    """The function later cells should use: ``student_fn`` when its check passes, otherwise the
    library's version (``reference(name)``), with one line saying so, e.g.

        run_LIF = nl.exercises.use_or_reference(run_LIF)
        # run_LIF is not finished yet: the cells below use nl.run_lif instead.

    name defaults to student_fn.__name__; give it when student_fn may be None (not defined).
    The check runs silently (its lines are shown by the check cell itself). Never raises for a
    student's function; an unknown name is a ValueError.
    """
    if name is None:
        name = getattr(student_fn, "__name__", None)
        if name not in EXERCISES:
            raise ValueError(f"use_or_reference needs the exercise's name, e.g. "
                             f"use_or_reference(run_LIF, 'run_LIF'); the exercises are: "
                             f"{', '.join(EXERCISES)}")
    ref = reference(name)
    check, _, ref_name = EXERCISES[name]
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):  # None and ... print "not done yet" too
        passed = check(student_fn)
    if passed:
        return student_fn
    state = "is not finished yet" if "not done yet" in buffer.getvalue() else \
        "does not pass its check yet"
    print(f"{name} {state}: the cells below use {ref_name} instead.")
    return ref
