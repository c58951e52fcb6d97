"""Tests of the mutation testing of the checks: tools/mutate.py (the engine), tools/mutation_ops.py
(the operators) and tools/judges (the judges, as many as exist)."""

import ast
import hashlib
import multiprocessing
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import mutate  # noqa: E402
import mutation_ops  # noqa: E402
from judges import _common  # noqa: E402
from neurolab.exercises import EXERCISES  # noqa: E402

# tools/mutate.py runs each mutant in a forked child (a fresh process per mutant would cost a
# numpy import each): no fork on Windows.
NEEDS_FORK = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="tools/mutate.py forks a child per mutant (POSIX only)")


def mutants(code, level_minimum=0):
    """The unparsed mutants of the function f in ``code`` (level 0 only unless asked)."""
    return {m.source for m in mutation_ops.generate(textwrap.dedent(code), "f", level_minimum)}


def src(code):
    return ast.unparse(ast.parse(textwrap.dedent(code)))


# --- the operators ---------------------------------------------------------------------------

@pytest.mark.parametrize("code, expected", [
    # arithmetic swaps, also augmented
    ("def f(a, b):\n    return a + b", "def f(a, b):\n    return a - b"),
    ("def f(a, b):\n    return a / b", "def f(a, b):\n    return a * b"),
    ("def f(a, b):\n    return a / b", "def f(a, b):\n    return a // b"),
    ("def f(a):\n    return a ** 2", "def f(a):\n    return a * 2"),
    ("def f(a):\n    a += 1\n    return a", "def f(a):\n    a -= 1\n    return a"),
    # comparisons, and/or, not
    ("def f(a, b):\n    return a < b", "def f(a, b):\n    return a <= b"),
    ("def f(a, b):\n    return a < b", "def f(a, b):\n    return a > b"),
    ("def f(a, b):\n    return a >= b", "def f(a, b):\n    return a > b"),
    ("def f(a, b):\n    return a == b", "def f(a, b):\n    return a != b"),
    ("def f(a, b):\n    return a and b", "def f(a, b):\n    return a or b"),
    ("def f(a):\n    return not a", "def f(a):\n    return a"),
    # constants
    ("def f(a):\n    return a * 2.0", "def f(a):\n    return a * 3.0"),
    ("def f(a):\n    return a * 2.0", "def f(a):\n    return a * 1.0"),
    ("def f(a):\n    return a * 2.0", "def f(a):\n    return a * 4.0"),
    ("def f(a):\n    return a * 2.0", "def f(a):\n    return a * 0.0"),
    ("def f(a):\n    return a * 2.0", "def f(a):\n    return a * -2.0"),
    ("def f(a):\n    return a * 2.0", "def f(a):\n    return a * 2.2"),
    ("def f(a):\n    return a[6]", "def f(a):\n    return a[3]"),
    ("def f(a=False):\n    return a", "def f(a=True):\n    return a"),
    # keys of the same unit
    ("def f(p):\n    return p['V_th'] - p['E_L']", "def f(p):\n    return p['V_reset'] - p['E_L']"),
    ("def f(p):\n    return p['tau_m'] * p['dt']", "def f(p):\n    return p['tref'] * p['dt']"),
    ("def f(p):\n    return p['gbar_Na'] * p['E_Na']",
     "def f(p):\n    return p['gbar_K'] * p['E_Na']"),
    ("def f(p):\n    return p['V_T'] + p['tau_w']", "def f(p):\n    return p['V_r'] + p['tau_w']"),
    # a statement dropped
    ("def f(a):\n    b = a + 1\n    return a", "def f(a):\n    pass\n    return a"),
    # a term dropped
    ("def f(a, b, c):\n    return a * b + c", "def f(a, b, c):\n    return a * b"),
    ("def f(a, b, c):\n    return a * b + c", "def f(a, b, c):\n    return c"),
    # bounds: slices, range/arange, indices
    ("def f(a, n):\n    return a[1:n]", "def f(a, n):\n    return a[2:n]"),
    ("def f(a, n):\n    return a[1:n]", "def f(a, n):\n    return a[1:n + 1]"),
    ("def f(n):\n    return list(range(n - 1))", "def f(n):\n    return list(range(n))"),
    ("def f(n):\n    return np.arange(1, n)", "def f(n):\n    return np.arange(0, n)"),
    ("def f(v, i):\n    return v[i + 1]", "def f(v, i):\n    return v[i]"),
    # call arguments: two swapped, a keyword dropped
    ("def f(a, b):\n    return g(a, b)", "def f(a, b):\n    return g(b, a)"),
    ("def f(a):\n    return np.asarray(a, dtype=float)", "def f(a):\n    return np.asarray(a)"),
    # unary minus removed and added
    ("def f(a):\n    return np.exp(-a)", "def f(a):\n    return np.exp(a)"),
    ("def f(a, b):\n    return a + b", "def f(a, b):\n    return -a + b"),
    ("def f(a, b):\n    return (a, b)", "def f(a, b):\n    return (a, -b)"),
])
def test_operator_makes_mutant(code, expected):
    assert src(expected) in mutants(code)


def test_docstrings_and_fstrings_are_not_mutated():
    code = '''
    def f(a):
        """Doc."""
        raise ValueError(f"no {a + 1}")
    '''
    found = mutants(code)
    assert all('"""Doc."""' in m or "'Doc.'" in m for m in found)
    assert not any("{a - 1}" in m or "{a}" in m for m in found)


def test_levels_are_added_until_the_minimum():
    code = "def f(x, c):\n    return x ** 2 + c"
    assert src("def f(x, c):\n    return c ** 2 + c") not in mutants(code)   # level 1: names
    many = mutation_ops.generate(code, "f", 50)
    assert len(many) >= 50
    assert {m.operator for m in many} >= {"name", "arith-all", "expression"}


def test_mutants_are_distinct_new_and_described():
    code = "def f(a, b):\n    c = a - b\n    return c * 2"
    found = mutation_ops.generate(code, "f", 50)
    sources = [m.source for m in found]
    assert len(sources) == len(set(sources)) and src(code) not in sources
    assert len({m.id for m in found}) == len(found)
    for m in found:
        assert m.id == f"f-{hashlib.sha1(m.source.encode()).hexdigest()[:10]}"
        assert m.description.startswith(f"line {m.line}: ") and m.line in (2, 3)
        compile(m.source, "<mutant>", "exec")
    assert any(m.description == "line 2: `-` → `+` in `a - b`" for m in found)


def test_unit_groups_name_real_keys():
    keys = set().union(*mutation_ops.FAMILIES)
    for group in mutation_ops.UNIT_GROUPS:
        assert group <= keys, group - keys


# --- the solutions ---------------------------------------------------------------------------

def test_every_solution_is_found_and_has_enough_mutants():
    sources = mutate.solutions()
    assert list(sources) == list(EXERCISES) and len(sources) == 10
    for name, source in sources.items():
        assert callable(mutate.define(source, name))
        assert len(mutate.mutants_of(name, source)) >= mutate.MINIMUM_MUTANTS, name


# --- the judges ------------------------------------------------------------------------------

def test_differ():
    differ = _common.differ
    assert differ(np.array([1, 2]), np.array([1.0, 2.0])) is None          # int vs float
    assert differ((np.nan, 1.0), [np.nan, 1.0 + 1e-13]) is None            # NaN, tuple/list
    assert differ(np.float32(1.0), np.float32(1.0 + 1e-7)) is None         # float32's ulp
    assert "shape" in differ(np.zeros(3), np.zeros((3, 1)))
    assert "complex" in differ(np.ones(2), np.ones(2) + 0j)
    assert "index (1,)" in differ(np.array([1.0, 2.0]), np.array([1.0, 2.1]))
    assert differ(np.inf, -np.inf) and differ(1.0, np.nan) and differ(3, 4)
    assert "2 values" in differ((1, 2), (1, 2, 3))


def test_differ_calls_on_exceptions_and_hangs(monkeypatch):
    def ok(x):
        return x

    def boom(x):
        raise KeyError(x)

    def spin(x):
        while True:
            pass

    monkeypatch.setattr(_common, "CALL_LIMIT_S", 0.2)
    assert _common.differ_calls(boom, lambda x: {}[x], (1,)) is None   # same exception type
    assert "KeyError" in _common.differ_calls(ok, boom, (1,))
    assert "TimeoutError" in _common.differ_calls(ok, spin, (1,))
    with pytest.raises(RuntimeError):
        _common.differ_calls(spin, ok, (1,))


def _planted(reference):
    """A clearly wrong version of ``reference``: every number it returns doubled plus one."""
    def wrong(*args, **kwargs):
        out = reference(*args, **kwargs)
        if isinstance(out, (tuple, list)):
            return type(out)(2 * np.asarray(o, dtype=float) + 1 for o in out)
        return 2 * np.asarray(out, dtype=float) + 1
    return wrong


def existing_judges():
    judges, _, broken = mutate.load_judges(list(EXERCISES))
    assert not broken, broken
    return judges


# my_OU's judge runs its Python loop over thousands of steps many times: 2-4 s
@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.slow) if name == "my_OU"
                                  else name for name in EXERCISES])
def test_judge_accepts_its_solution_and_rejects_a_planted_mutant(name):
    judges = existing_judges()
    if name not in judges:
        pytest.skip(f"no judge for {name} yet")
    reference = mutate.define(mutate.solutions()[name], name)
    assert judges[name](reference, reference) is None
    assert judges[name](reference, _planted(reference))


def test_power_spectrum_judge_follows_the_definition():
    from judges.basics import judge_power_spectrum
    from neurolab.analysis import psd
    reference = mutate.define(mutate.solutions()["power_spectrum"], "power_spectrum")

    def fft_halves(x, dt):   # fftfreq's -Nyquist, another constant
        n = len(x)
        half = n // 2 + 1
        return np.fft.fftfreq(n, dt / 1000)[:half], 3 * np.abs(np.fft.fft(x)[:half]) ** 2

    def without_nyquist(x, dt):
        n = len(x)
        return np.fft.rfftfreq(n, dt / 1000)[: n // 2], np.abs(np.fft.rfft(x)[: n // 2]) ** 2

    def kilohertz(x, dt):
        return np.fft.rfftfreq(len(x), dt), np.abs(np.fft.rfft(x)) ** 2

    def tilted(x, dt):
        f, S = reference(x, dt)
        return f, S * (1 + f / f[-1])

    for correct in (psd, fft_halves, without_nyquist):  # psd: a density, folded, mean removed
        assert judge_power_spectrum(reference, correct) is None, correct.__name__
    assert "f at index" in judge_power_spectrum(reference, kilohertz)
    assert "one constant" in judge_power_spectrum(reference, tilted)


# --- the engine ------------------------------------------------------------------------------

@pytest.mark.parametrize("judged, same, check, verdict", [
    (True, True, True, "equivalent"), (True, True, False, "false-alarm"),
    (True, False, False, "killed"), (True, False, True, "survived"),
    (False, None, False, "killed"),       # the judge hung: differs; the check rejected in time
    (False, None, None, "survived"),      # neither finished: the check did not reject
])
def test_verdicts(judged, same, check, verdict):
    outcome = mutate.Outcome(check=check, judged=judged,
                             judge=None if same or not judged else "differs")
    assert outcome.verdict == verdict


@NEEDS_FORK
def test_a_child_that_hangs_is_killed_and_cannot_print(monkeypatch, capfd):
    source = 'def my_square_function(x, c):\n    print("LEAK")\n    return x ** 3 + c'
    mutant = mutation_ops.Mutant("my_square_function-x", "my_square_function", "test", 1, "",
                                 source)

    def hangs(reference, candidate):
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(mutate, "WALL_LIMIT_S", 1.0)
    reference = mutate.define(mutate.solutions()["my_square_function"], "my_square_function")
    start = time.monotonic()
    outcome = mutate.run_jobs([mutate.Job(mutant, reference, hangs)], 1)[mutant.id]
    assert time.monotonic() - start < 10
    assert outcome.check is False and "✗" in outcome.output and not outcome.judged
    assert "killed after 1 s" in outcome.note and outcome.verdict == "killed"
    assert "LEAK" not in capfd.readouterr().out


def test_problems_and_report():
    source = mutate.solutions()["my_square_function"]
    survivor, alarm, killed = mutate.mutants_of("my_square_function", source)[:3]
    outcomes = {survivor.id: mutate.Outcome(True, "✓ my_square_function is correct", True, "x"),
                alarm.id: mutate.Outcome(False, "✗ wrong", True, None),
                killed.id: mutate.Outcome(False, "✗ wrong", True, "y")}
    result = mutate.Result("my_square_function", [survivor, alarm, killed], outcomes)
    assert result.counts == {"equivalent": 0, "killed": 1, "survived": 1, "false-alarm": 1}
    explained = {alarm.id: "a reason"}
    failures = mutate.problems([result], explained, {})
    assert len(failures) == 2 and "50.0%" in failures[0] and survivor.id in failures[1]
    text = mutate.report([result], {}, {}, failures, explained, {"my_square_function": source},
                         1.0, "python tools/mutate.py")
    assert f"### {survivor.id}: survived (unexplained)" in text
    assert f"### {alarm.id}: false-alarm\n" in text and "- explanation: a reason" in text
    assert "-    return x ** 2 + c" in text
    assert "| check_my_square_function | 3 | 0 | 2 | 1 | 1 | 1 | 50.0 % |" in text


def test_list(capsys):
    assert mutate.main(["--list", "--exercise", "my_square_function"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("my_square_function: ") and "my_square_function-" in out


@pytest.mark.slow
@NEEDS_FORK
def test_sample_has_no_unexplained_survivor_or_false_alarm():
    start = time.monotonic()
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "mutate.py"), "--sample"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "unexplained" not in run.stdout
    assert time.monotonic() - start < 120, "the sample should take about a minute at most"
