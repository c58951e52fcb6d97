"""What every check of neurolab.exercises does alike: a stub is "not done yet", an endless loop is
stopped, an exception or an odd result is one line, the library's version passes, and
use_or_reference picks the student's function or the library's. The checks of each notebook's
exercises are tested in test_exercises_<topic>.py."""

import signal
import sys
import time
import warnings

import numpy as np
import pytest

from checking import accepts, rejects, verdict
from neurolab import exercises as ex
from test_exercises_lif import make_run_LIF

# --- the common behaviour ------------------------------------------------------------------

CHECKS = [getattr(ex, name) for name in ex.__all__ if name.startswith("check_")]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_stub_is_not_done_yet(check, capsys):
    def stub(*args):
        raise NotImplementedError("write this function")

    ok, out = verdict(check, stub, capsys)
    assert not ok
    assert out.count("\n") == 1 and "not done yet" in out
    for stub in (lambda *args: ..., lambda *args: None, lambda *args: (..., ...)):
        ok, out = verdict(check, stub, capsys)
        assert not ok and out.count("\n") == 1 and "not done yet" in out


def endless_broad(*args):
    while True:
        try:
            sum(range(1000))
        except Exception:  # a student's broad except must not swallow the stop
            pass


def endless_bare(*args):
    while True:
        try:
            sum(range(1000))
        except:  # noqa: E722  catches the stop itself
            pass


def endless_nested(*args):
    while True:
        try:
            while True:
                try:
                    sum(range(1000))
                except BaseException:
                    continue
        except BaseException:
            pass


def endless_sleeping(*args):
    while True:
        try:
            time.sleep(10)
        except BaseException:
            pass


UNIX_ONLY = pytest.mark.skipif(not hasattr(signal, "setitimer"),
                               reason="SIGALRM and setitimer are Unix-only; Windows uses the "
                                      "timer-thread fallback, tested below")


@UNIX_ONLY
@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_loop_that_never_ends_is_stopped_and_named(check, capsys, monkeypatch):
    monkeypatch.setattr(ex._core, "CALL_TIME_LIMIT_S", 0.2)
    handler, (timer, _) = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)
    trace = sys.gettrace()
    start = time.monotonic()
    ok, out = verdict(check, endless_broad, capsys)
    assert not ok and ok.status == "stopped" and time.monotonic() - start < 2.0
    assert out.count("\n") == 1 and "more than 0.2 s and was stopped" in out, out
    # SIGALRM is given back as it was: its handler, and a timer that was set (pytest-timeout's)
    assert signal.getsignal(signal.SIGALRM) is handler
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    assert (timer - 2.5 < left <= timer) if timer > 0 else left == 0
    assert sys.gettrace() is trace


@pytest.mark.parametrize("use_sigalrm", [pytest.param(True, marks=UNIX_ONLY), False],
                         ids=["SIGALRM", "timer thread"])
@pytest.mark.parametrize("endless", [endless_broad, endless_bare, endless_nested,
                                     endless_sleeping], ids=lambda f: f.__name__)
def test_a_loop_that_catches_everything_is_stopped_too(endless, use_sigalrm, capsys,
                                                       monkeypatch):
    """Also by the fallback without SIGALRM (Windows): a timer thread interrupting the main
    thread. (Only sleeping in C is not interrupted there before the sleep ends.)"""
    if endless is endless_sleeping and not use_sigalrm and hasattr(signal, "setitimer"):
        pytest.skip("interrupt_main does not end a sleep in C on Unix (on Windows it does)")
    monkeypatch.setattr(ex._core, "CALL_TIME_LIMIT_S", 0.2)
    monkeypatch.setattr(ex._core, "_USE_SIGALRM", use_sigalrm)
    sigint = signal.getsignal(signal.SIGINT)
    start = time.monotonic()
    ok, out = verdict(ex.check_my_square_function, endless, capsys)
    assert ok.status == "stopped" and time.monotonic() - start < 3.0, out
    assert signal.getsignal(signal.SIGINT) is sigint
    time.sleep(0.15)  # no stop is left pending to hit later code
    assert ex.check_my_square_function(lambda x, c: x ** 2 + c)


def test_a_real_interrupt_ends_the_check_in_one_line(capsys):
    def interrupted(x, c):
        raise KeyboardInterrupt

    ok, out = verdict(ex.check_my_square_function, interrupted, capsys)
    assert ok.status == "interrupted" and out.count("\n") == 1 and "interrupted" in out


@pytest.mark.parametrize("exc, says", [(SystemExit(3), "sys.exit()"),
                                       (GeneratorExit(), "raised GeneratorExit")])
def test_exits_of_the_students_code_are_reported_not_raised(exc, says, capsys):
    def leaving(x, c):
        raise exc

    ok, out = verdict(ex.check_my_square_function, leaving, capsys)
    assert not ok and says in out and out.startswith("✗"), out


def test_the_students_printing_is_capped(capsys):
    def chatty(x, c):
        for k in range(10_000):
            print("line", k)
        return x ** 2 + c

    ok, out = verdict(ex.check_my_square_function, chatty, capsys)
    assert ok and out.count("line ") == ex._core.PRINT_LINES
    assert "more characters of your function's printing not shown" in out
    assert len(out) < 2000


def test_the_students_changes_to_numpy_and_warnings_are_undone(capsys):
    options, errors, filters = np.get_printoptions(), np.geterr(), list(warnings.filters)
    state = np.random.get_state()

    def meddling(x, c):
        np.set_printoptions(precision=1, threshold=5)
        np.seterr(all="raise")
        np.random.seed(0)
        warnings.simplefilter("error")
        return x ** 2 + c

    assert verdict(ex.check_my_square_function, meddling, capsys)[0]
    assert np.get_printoptions() == options and np.geterr() == errors
    assert warnings.filters == filters
    after = np.random.get_state()
    assert after[0] == state[0] and np.array_equal(after[1], state[1])


def test_the_result_is_truthy_when_correct_and_shows_no_bare_bool(capsys):
    ok = ex.check_my_square_function(lambda x, c: x ** 2 + c)
    wrong = ex.check_my_square_function(lambda x, c: x ** 2)
    out = capsys.readouterr().out
    assert bool(ok) and ok.status == "correct" and ok.summary in out
    assert not wrong and wrong.status == "wrong" and wrong.failed == wrong.cases == 3
    assert wrong.lines[-1] == wrong.summary and "3 of 3 cases wrong" in wrong.summary
    assert ok._ipython_display_() is None  # the printed lines are the cell's output
    assert "my_square_function" in repr(ok) and "correct" in repr(ok)


def test_use_or_reference_takes_the_check_cells_verdict(capsys, monkeypatch):
    calls = []

    def my_square_function(x, c):
        calls.append(1)
        return x ** 2 + c

    assert ex.check_my_square_function(my_square_function)
    checked = len(calls)
    assert ex.use_or_reference(my_square_function) is my_square_function
    assert len(calls) == checked  # not checked again

    def my_square_function(x, c):  # redefined: a new function is checked anew
        calls.append(1)
        return x ** 2
    assert ex.use_or_reference(my_square_function) is ex.reference("my_square_function")
    assert len(calls) == 2 * checked
    assert "does not pass its check yet" in capsys.readouterr().out


def test_a_slow_but_finite_function_is_not_stopped(capsys, monkeypatch):
    monkeypatch.setattr(ex._core, "CALL_TIME_LIMIT_S", 1.0)

    def slow_square(x, c):
        time.sleep(0.05)
        return x ** 2 + c

    accepts(ex.check_my_square_function, slow_square, capsys)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_raising_function_is_one_line_per_case(check, capsys):
    def broken(*args):
        raise ZeroDivisionError("division by zero\nsecond line")

    ok, out = verdict(check, broken, capsys)
    assert not ok
    lines = out.strip().splitlines()
    assert all("raised ZeroDivisionError: division by zero second line" in line
               for line in lines[:-1])
    assert len(lines) >= 2 and "cases wrong" in lines[-1]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_every_reference_passes_its_check(check, capsys):
    name = check.__name__[len("check_"):]
    accepts(check, ex.reference(name), capsys)


@pytest.mark.parametrize("bad", [None, 3, "run_LIF"])
def test_not_a_function(bad, capsys):
    ok, out = verdict(ex.check_run_LIF, bad, capsys)
    assert not ok and out.count("\n") == 1


def test_wrong_return_shape_is_reported_not_raised(capsys):
    rejects(ex.check_run_LIF, lambda pars, I, stop=False: 5, capsys, "two values")
    rejects(ex.check_isi_cv_LIF, lambda t: (np.diff(t), "cv"), capsys, "✗")


def test_use_or_reference(capsys):
    def run_LIF(pars, Iinj, stop=False):
        raise NotImplementedError
    assert ex.use_or_reference(run_LIF) is ex.reference("run_LIF")
    assert capsys.readouterr().out == \
        "run_LIF is not finished yet: the cells below use nl.run_lif instead.\n"
    wrong = make_run_LIF(refractory="none")
    assert ex.use_or_reference(wrong, "run_LIF") is ex.reference("run_LIF")
    assert "run_LIF does not pass its check yet" in capsys.readouterr().out
    good = make_run_LIF()
    assert ex.use_or_reference(good, "run_LIF") is good
    assert capsys.readouterr().out == ""
    assert ex.use_or_reference(None, "my_GWN") is ex.reference("my_GWN")
    assert "my_GWN is not finished yet" in capsys.readouterr().out
    with pytest.raises(ValueError, match="exercises are"):
        ex.use_or_reference(lambda: 0)


ODD_RESULTS = ["text", {}, np.nan, (np.nan, np.nan), [1.0, 2.0, 3.0], object(), np.zeros((2, 2)),
               (np.zeros(3), "x"), tuple([np.nan] * 6)]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_odd_results_are_reported_not_raised(check, capsys):
    for odd in ODD_RESULTS:
        ok, out = verdict(check, lambda *args, odd=odd: odd, capsys)
        lines = out.strip().splitlines()
        assert not ok, (odd, out)
        assert all(line.startswith("✗") for line in lines[:-1]) and "cases wrong" in lines[-1], out
