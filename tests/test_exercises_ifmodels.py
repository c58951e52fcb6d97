"""Check of notebook 05 (adex_euler_step): planted mistakes rejected with their cause named, and
the same function with the advice applied accepted (the correct styles are in
exercise_corpus/ifmodels.py)."""

import numpy as np
import pytest

import neurolab as nl
from checking import accepts, rejects
from neurolab import exercises as ex
from neurolab.exercises.ifmodels import _SET_A, _SET_B, _SET_C


def make_adex_step(mistake=None):
    """A student's adex_euler_step with one mistake (None: correct)."""
    def adex_euler_step(pars, v, w, I):
        C, g_L, E_L = pars["C"], pars["g_L"], pars["E_L"]
        V_T, D, dt, a = pars["V_T"], pars["Delta_T"], pars["dt"], pars["a"]
        leak = -g_L * (v - E_L) * (-1 if mistake == "leak sign" else 1)
        exp_term = 0.0 if mistake == "no exp" else g_L * D * np.exp((v - V_T) / D)
        w_in_v = w if mistake == "w sign" else -w
        v_next = v + (dt if mistake == "dt not over C" else dt / C) * (leak + exp_term + w_in_v + I)
        v_for_w = v_next if mistake == "w from new v" else v
        a_used = -a if mistake == "a sign" else a
        w_rate = dt if mistake == "dt not over tau_w" else dt / pars["tau_w"]
        w_next = w + w_rate * (a_used * (v_for_w - E_L) - w)
        spiked = {"no reset": False, "strict": v_next > pars["V_spike"],
                  "old v": v >= pars["V_spike"]}.get(mistake, v_next >= pars["V_spike"])
        if spiked:
            v_next = E_L if mistake == "reset to E_L" else pars["V_r"]
            kicked = w if mistake == "b on old w" else w_next
            w_next = kicked + (0.0 if mistake == "no b" else pars["b"])
        return v_next, w_next
    return adex_euler_step


@pytest.mark.parametrize("mistake, cause", [
    ("no exp", "no exponential term"),
    ("a sign", "wrong sign of a in the w equation"),
    ("no b", "w does not jump by b at the spike"),
    ("b on old w", "b added to the old w"),
    ("reset to E_L", "v reset to E_L instead of V_r"),
    ("no reset", "no reset: when v_next reaches V_spike, return V_r and w_next + b"),
    ("old v", "(test the new v_next, not the old v)"),
    ("strict", "v_next = V_spike exactly, and reaching V_spike is a spike: test v_next >= "
               "V_spike (>=, not >"),
    ("w sign", "w enters the voltage equation with the wrong sign"),
    ("dt not over C", "dt instead of dt/C in the voltage step"),
    ("dt not over tau_w", "dt instead of dt/tau_w in the w step"),
    ("leak sign", "wrong sign of the leak"),
    ("w from new v", "w updated with the new v"),
])
def test_adex_mistake_named_and_its_fix_accepted(mistake, cause, capsys):
    rejects(ex.check_adex_euler_step, make_adex_step(mistake), capsys, cause)
    accepts(ex.check_adex_euler_step, make_adex_step(), capsys)


def test_adex_strict_threshold_fails_only_the_exact_case(capsys):
    out = rejects(ex.check_adex_euler_step, make_adex_step("strict"), capsys,
                  "expected (v_next, w_next) = (-59 mV, 80.1875 pA), got (-46, 50.1875)")
    assert out.count("✗") == 1


def test_adex_parameter_sets_have_no_two_values_alike():
    for overrides in (_SET_A, _SET_B, _SET_C):
        values = list(nl.adex_pars(**overrides)[k] for k in overrides)
        assert len(set(values)) == len(values)
        assert all(nl.adex_pars()[k] != v for k, v in overrides.items())


def test_adex_a_swapped_parameter_is_caught(capsys):
    """With adex_pars() alone a and Delta_T are both 2 and V_init = E_L: the check's other sets
    catch one used for the other."""
    def swapped(pars, v, w, I):
        return make_adex_step()(dict(pars, Delta_T=pars["a"]), v, w, I)
    rejects(ex.check_adex_euler_step, swapped, capsys, "2 of 5 cases wrong")


def test_adex_first_difference_shows_enough_digits(capsys):
    def off(pars, v, w, I):
        v_next, w_next = make_adex_step()(pars, v, w, I)
        return v_next, w_next + 1e-6
    rejects(ex.check_adex_euler_step, off, capsys,
            "adex_pars(), v = -65 mV, w = 20 pA, I = 300 pA: expected (v_next, w_next) = "
            "(-64.89 mV, 19.996667 pA), got (-64.89, 19.996668)")


def test_adex_reference_reproduces_run_adex():
    pars, I = nl.adex_pattern("adapting", T=300.0)
    run = nl.run_adex(pars, I)
    v, w = run.v, run.w
    vs, ws = [pars["V_init"]], [pars["w_init"]]
    step = ex.reference("adex_euler_step")
    for k in range(v.size - 1):
        vn, wn = step(pars, vs[-1], ws[-1], I[k])
        vs.append(vn)
        ws.append(wn)
    np.testing.assert_allclose(vs, v, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ws, w, rtol=0, atol=1e-9)


def test_adex_unknown_key_names_the_keys(capsys):
    rejects(ex.check_adex_euler_step, lambda pars, v, w, I: (pars["V_reset"], w), capsys,
            "raised KeyError: 'V_reset' (pars has the keys C, g_L, E_L")
