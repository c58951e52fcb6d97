"""Checks of notebooks 01 and 02 (run_LIF, find_rheobase_current): correct styles accepted (more
in tests/exercise_corpus/lif.py), planted mistakes rejected with their cause named, and for each
named cause the advice applied to the mistake passes."""

import json
import math
import time
from pathlib import Path

import numpy as np
import pytest

import neurolab as nl
from checking import accepts, rejects, verdict
from neurolab import exercises as ex
from neurolab.exercises import lif as lif_checks

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


# --- 01 run_LIF ----------------------------------------------------------------------------

def make_run_LIF(style="check_first", refractory="round", reset=True, reset_to="V_reset",
                 clamp_to="V_reset", leak_sign=-1.0, in_steps=False, stop_window="ms",
                 reads=None):
    """A student's run_LIF, the notebook's loop with one knob per mistake.

    style: 'check_first' (the notebook: clamp, threshold test, update; spike at it),
    'update_first' (update, then test v[it+1]; spike at it+1) or 'update_first_early' (spike
    recorded at it). refractory: 'round' round(tref/dt), 'float' the float countdown tr = tref/dt,
    'none', 'short' one step less, 'long' one more, 'int' int(tref/dt), 'steps' tref steps,
    'time_strict' clamped while t - t_spike < tref (exactly: one step short), 'time_tol' while
    t - t_spike < tref + dt/2. stop_window: 'ms' (the notebook's), 'ignored', 'always' (even
    when stop is False), 'steps' (±1000 steps around Lt/2), 'late_on' (> instead of >=),
    'late_off' (<= instead of <). reads: {name meant: name read}, e.g. {'E_L': 'V_init'}."""

    def run_LIF(pars, Iinj, stop=False):
        p = dict(pars)
        for meant, used in (reads or {}).items():
            p[meant] = pars[used]
        V_th, E_L, g_L, tau_m = p["V_th"], p["E_L"], p["g_L"], p["tau_m"]
        dt, t, tref, T = p["dt"], p["range_t"], p["tref"], p["T"]
        Lt = t.size
        I = Iinj * np.ones(Lt)
        if (stop and stop_window != "ignored") or stop_window == "always":
            k = np.arange(Lt)
            on = {"ms": (t >= T / 2 - 100) & (t < T / 2 + 100),
                  "always": (t >= T / 2 - 100) & (t < T / 2 + 100),
                  "steps": (k >= Lt // 2 - 1000) & (k < Lt // 2 + 1000),
                  "late_on": (t > T / 2 - 100) & (t < T / 2 + 100),
                  "late_off": (t >= T / 2 - 100) & (t <= T / 2 + 100)}[stop_window]
            I = I * on
        n_hold = {"round": round(tref / dt), "float": tref / dt, "none": 0,
                  "short": round(tref / dt) - 1, "long": round(tref / dt) + 1,
                  "int": int(tref / dt), "steps": tref}.get(refractory)
        v = np.zeros(Lt)
        v[0] = p["V_init"]
        tr, t_spike = 0, -np.inf
        spikes = []

        def clamped(it):
            nonlocal tr
            if refractory == "time_strict":
                return 0 < t[it] - t_spike < tref
            if refractory == "time_tol":
                return 0 < t[it] - t_spike < tref + dt / 2
            if tr > 0:
                tr -= 1
                return True
            return False

        def spike(it, at):
            nonlocal tr, t_spike
            spikes.append(at)
            tr, t_spike = n_hold, t[it]

        for it in range(Lt - 1):
            if style == "check_first":
                if clamped(it):
                    v[it] = p[clamp_to]
                elif v[it] >= V_th:
                    spike(it, it)
                    if reset:
                        v[it] = p[reset_to]
                v[it + 1] = v[it] + (leak_sign * (v[it] - E_L) + I[it] / g_L) * (dt / tau_m)
            else:
                if clamped(it + 1):
                    v[it + 1] = p[clamp_to]
                    continue
                v[it + 1] = v[it] + (leak_sign * (v[it] - E_L) + I[it] / g_L) * (dt / tau_m)
                if v[it + 1] >= V_th:
                    spike(it + 1, it + 1 if style == "update_first" else it)
                    if reset:
                        v[it + 1] = p[reset_to]
        return v, np.array(spikes) * (1 if in_steps else dt)

    return run_LIF


@pytest.mark.parametrize("style", ["check_first", "update_first", "update_first_early"])
@pytest.mark.parametrize("refractory", ["float", "round", "time_tol"])
def test_run_LIF_accepts_correct_styles(style, refractory, capsys):
    accepts(ex.check_run_LIF, make_run_LIF(style, refractory), capsys)


def test_run_LIF_accepts_the_library_and_lists(capsys):
    def library(pars, Iinj, stop=False):
        run = nl.run_lif(pars, Iinj, stop=stop)
        return run.v, run.spikes
    accepts(ex.check_run_LIF, library, capsys)

    def as_lists(pars, Iinj, stop=False):
        run = nl.run_lif(pars, Iinj, stop=stop)
        return list(run.v), list(run.spikes)
    accepts(ex.check_run_LIF, as_lists, capsys)


#: (the mistake, the cause the check names, the mistake with the advice applied)
NAMED = [
    (dict(stop_window="ignored"), "stop=True is ignored", dict()),
    (dict(stop_window="always"), "but the current is off outside the middle 200 ms", dict()),
    (dict(stop_window="steps"), "the stop window is counted in steps (±1000 steps around "
                                "Lt/2), which is ±50 ms at dt = 0.05 ms", dict()),
    (dict(stop_window="late_on"), "the current is switched on one step late", dict()),
    (dict(stop_window="late_off"), "the current is switched off one step late", dict()),
    (dict(leak_sign=1.0), "wrong sign of the leak", dict()),
    (dict(reset=False, refractory="round"), "no reset: V is not set to V_reset = -71 mV when the "
                                      "spike is recorded (with tref = 0", dict()),
    (dict(refractory="none"), "no refractory period: hold V at V_reset for tref = 2 ms "
                        "(round(tref/dt) = 20 steps)", dict()),
    (dict(refractory="short"), "refractory period one step short", dict()),
    (dict(refractory="int"), "refractory period one step short: V must stay at V_reset for "
                       "round(tref/dt) = 14 steps after the spike step, up to and including "
                       "t_spike + tref (int(tref/dt) truncates 13.999999999999998 to 13)",
     dict(refractory="round")),
    (dict(refractory="time_strict"), "refractory period one step short: V must stay at V_reset for "
                               "round(tref/dt) = 20 steps after the spike step, up to and "
                               "including t_spike + tref", dict(refractory="time_tol")),
    (dict(refractory="long"), "refractory period one step long", dict()),
    (dict(refractory="steps"), "refractory period counted as tref = 2 steps instead of "
                               "tref/dt = 20 steps", dict()),
    (dict(reset_to="V_init", clamp_to="V_init"), "after a spike V is set to V_init = -60 mV "
                                                 "(at the reset and during the refractory "
                                                 "period) instead of V_reset = -71 mV", dict()),
    (dict(reset_to="V_init"), "at the spike V is reset to V_init = -60 mV instead of V_reset",
     dict()),
    (dict(reset_to="E_L"), "at the spike V is reset to E_L = -66 mV instead of V_reset", dict()),
    (dict(clamp_to="E_L"), "during the refractory period V is held at E_L = -66 mV", dict()),
    (dict(reads={"E_L": "V_init"}), "your code uses V_init = -60 where the model has E_L = -66",
     dict()),
    (dict(reads={"g_L": "tau_m"}), "your code uses tau_m = 12 where the model has g_L = 8",
     dict()),
    (dict(reads={"V_th": "E_L"}), "your code uses E_L = -66 where the model has V_th = -52",
     dict()),
    (dict(in_steps=True), "spike times in steps, not ms", dict()),
    (dict(style="update_first", refractory="none"), "no refractory period",
     dict(style="update_first")),
]


@pytest.mark.parametrize("mistake, cause, fixed", NAMED, ids=[c[:40] for _, c, _ in NAMED])
def test_run_LIF_names_the_cause_and_the_advice_fixes_it(mistake, cause, fixed, capsys):
    out = rejects(ex.check_run_LIF, make_run_LIF(**mistake), capsys, cause)
    assert "✓" not in out
    accepts(ex.check_run_LIF, make_run_LIF(**fixed), capsys)


def test_run_LIF_unknown_mistake_names_the_first_departing_step(capsys):
    """Iinj[it + 1] for Iinj[it]: no cause is known, the first step where V departs is shown,
    with enough digits to see the difference."""
    def run_LIF(pars, Iinj, stop=False):
        run = nl.run_lif(pars, np.r_[np.asarray(Iinj * np.ones(pars["range_t"].size))[1:],
                                     0.0], stop=stop)
        return run.v, run.spikes
    out = rejects(ex.check_run_LIF, run_LIF, capsys,
                  "✗ noisy current array, tref = 1.3 ms",
                  "V departs first at t = 0.1 ms (step 1)")
    assert "Cause" not in out
    line = next(x for x in out.splitlines() if "noisy current array, tref" in x)
    want, got = line.split("expected ")[1].split(" mV, got ")
    assert float(want) != float(got.split(" mV")[0])


def test_run_LIF_first_differing_spike(capsys):
    """Right trace, one spike time wrong: the first differing spike is named."""
    def run_LIF(pars, Iinj, stop=False):
        run = nl.run_lif(pars, Iinj, stop=stop)
        v, sp = run.v, run.spikes
        sp = sp.copy()
        if sp.size > 2:
            sp[2] += 0.5
        return v, sp
    rejects(ex.check_run_LIF, run_LIF, capsys, "spike 3 differs first: expected at 21.8 ms, "
                                               "got 22.3 ms")


def test_run_LIF_v0_must_be_V_init(capsys):
    def run_LIF(pars, Iinj, stop=False):
        run = nl.run_lif(pars, Iinj, stop=stop)
        v, sp = run.v, run.spikes
        v = v.copy()
        v[0] = pars["E_L"]
        return v, sp
    rejects(ex.check_run_LIF, run_LIF, capsys,
            "v[0] = -66 mV (that is E_L), expected V_init = -60 mV")


@pytest.mark.parametrize("where", ["v", "rec_spikes"])
def test_run_LIF_reports_nan_as_nan(where, capsys):
    def run_LIF(pars, Iinj, stop=False):
        run = nl.run_lif(pars, Iinj, stop=stop)
        v, sp = run.v, run.spikes
        v, sp = v.copy(), np.r_[sp, 0.0]
        if where == "v":
            v[40:] = np.nan
        else:
            sp[-1] = np.nan
        return v, sp
    expected = "v is nan from t = 4 ms (step 40) on" if where == "v" else "rec_spikes holds nan"
    out = rejects(ex.check_run_LIF, run_LIF, capsys, expected)
    assert "shape" not in out and "seed" not in out


def test_run_LIF_scalar_indexing_gets_a_hint(capsys):
    def run_LIF(pars, Iinj, stop=False):
        v = np.zeros(pars["range_t"].size)
        for it in range(v.size - 1):
            v[it + 1] = v[it] + Iinj[it]
        return v, np.array([])
    out = rejects(ex.check_run_LIF, run_LIF, capsys, "raised TypeError",
                  "Iinj = Iinj * np.ones(Lt)")
    assert "✗ 110 pA, no spikes, stop not given" in out


def test_run_LIF_cases_separate_every_parameter():
    """Every voltage differs from every other, tau_m from g_L; stop at two dt, with a number and
    an array; one case with an exact tref/dt (so one step more is not accepted)."""
    s = lif_checks._LIF_SET
    volts = [s[k] for k in ("V_th", "V_reset", "E_L", "V_init")]
    assert len(set(volts)) == 4 and s["tau_m"] != s["g_L"]
    stops = [(o.get("dt", 0.1), isinstance(c, str)) for _, o, c, stop in lif_checks._LIF_CASES
             if stop]
    assert {dt for dt, _ in stops} == {0.1, 0.05} and {a for _, a in stops} == {True, False}
    exact = [o for _, o, _, _ in lif_checks._LIF_CASES
             if len(lif_checks._holds(nl.default_pars(**{**s, **o}))) == 1]
    assert exact


def test_run_LIF_check_is_fast_even_when_everything_is_wrong(capsys):
    start = time.perf_counter()
    ex.check_run_LIF(make_run_LIF(leak_sign=1.0, refractory="none", stop_window="steps"))
    assert time.perf_counter() - start < 3.0
    capsys.readouterr()


# --- notebook 01's text and the check agree ---------------------------------------------------

def markdown(notebook):
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_notebook_01_describes_the_accepted_refractory_period_and_window():
    text = markdown("01_lif_neuron.ipynb")
    assert "less than $t_{ref}$ ago" not in text
    assert "at most $t_{ref}$ ago" in text and "round(tref / dt)" in text
    assert "tolerance" in text
    assert r"$T/2 - 100 \le t < T/2 + 100$ ms" in text


# --- 02 find_rheobase_current --------------------------------------------------------------

def rheobase_assignment(pars, init_I):
    I = init_I
    finish = False
    while not finish:
        sp = nl.run_lif(pars, I).spikes
        I = I + 1
        if sp.shape[0] > 0:
            finish = True
    return I - 1


def test_the_walk_reference():
    walk = ex.reference("find_rheobase_current")
    assert walk(nl.default_pars(), 150) == 201 == rheobase_assignment(nl.default_pars(), 150)
    pars = nl.default_pars(E_L=-70.0, tau_m=5.0, T=100.0)
    assert walk(pars, 120.5) == rheobase_assignment(pars, 120.5) == 150.5
    assert walk(nl.default_pars(V_init=-50.0), 3) == 3  # spikes at t = 0 whatever the current


def test_find_rheobase_current_accepts_the_assignment(capsys):
    accepts(ex.check_find_rheobase_current, rheobase_assignment, capsys)


def test_find_rheobase_cases_separate_every_wrong_reading():
    """In every case each named mistake gives an answer different from the right one and from
    each other's where they are different mistakes."""
    for _label, overrides, init_I in lif_checks._RHEOBASE_CASES:
        pars = nl.default_pars() if overrides is None else \
            nl.default_pars(**{**lif_checks._LIF_SET, **overrides})
        want = ex.reference("find_rheobase_current")(pars, init_I)
        answers = [x for _, x in lif_checks._rheobase_mistakes(pars, init_I, want)]
        assert all(abs(x - want) > 1e-6 for x in answers)
    fractional = [i for _, _, i in lif_checks._RHEOBASE_CASES if i != int(i)]
    assert fractional


NAMED_RHEOBASE = [
    (lambda p, I: rheobase_assignment(p, I) + 1, "expected 201 pA, got 202 pA: one pA too "
                                                 "high: the neuron already spikes at 201 pA"),
    (lambda p, I: rheobase_assignment(p, I) - 1, "off by one: 200 pA does not make the neuron "
                                                 "spike"),
    (lambda p, I: nl.lif_rheobase(p), "the closed-form rheobase g_L (V_th - E_L)"),
    (lambda p, I: rheobase_assignment(nl.default_pars(), I), "pars is ignored"),
    (lambda p, I: rheobase_assignment(p, math.floor(I)), "the walk from 99 pA ends: init_I = "
                                                          "99.25 pA was rounded"),
    (lambda p, I: rheobase_assignment(p, 100), "init_I is ignored, the walk must start at "
                                               "init_I = 150.5 pA"),
]


@pytest.mark.parametrize("mistake, cause", NAMED_RHEOBASE, ids=[c[:30] for _, c in NAMED_RHEOBASE])
def test_find_rheobase_names_the_cause_and_the_advice_fixes_it(mistake, cause, capsys):
    rejects(ex.check_find_rheobase_current, mistake, capsys, cause)
    accepts(ex.check_find_rheobase_current, rheobase_assignment, capsys)


def test_find_rheobase_unknown_mistake_says_what_departs(capsys):
    # steps of 5 pA: lands above the first spiking current of the walk
    def five_pA(pars, init_I):
        I = init_I
        while nl.run_lif(pars, I).spikes.size == 0:
            I += 5
        return I
    rejects(ex.check_find_rheobase_current, five_pA, capsys,
            "expected 201 pA, got 205 pA: 201 pA already makes the neuron spike")
    # the answer in whole pA though init_I is fractional
    rejects(ex.check_find_rheobase_current, lambda p, I: rheobase_assignment(p, I) + 0.5,
            capsys, "is not init_I + a whole number of pA")


def test_find_rheobase_result_must_be_a_number(capsys):
    ok, out = verdict(ex.check_find_rheobase_current, lambda p, I: [I, I + 1], capsys)
    assert not ok and "should be one number" in out
