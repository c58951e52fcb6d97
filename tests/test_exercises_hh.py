"""Checks of notebook 06 (hh_rates, hh_resting_potential): planted mistakes rejected with their
cause named, and the same functions with the advice applied accepted (the correct styles are in
exercise_corpus/hh.py)."""

import numpy as np
import pytest

import neurolab as nl
from checking import accepts, rejects
from neurolab import exercises as ex

# --- hh_rates ------------------------------------------------------------------------------

def make_hh_rates(mistake=None):
    """A student's hh_rates with one mistake (None: correct, the limits by np.where)."""
    def hh_rates(v):
        v = np.asarray(v, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            alpha_n = 0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10))
            alpha_m = 0.1 * (v + 40) / (1 - np.exp(-(v + 40) / 10))
        if mistake != "naive":
            alpha_n = np.where(v == -55, 0.1, alpha_n)
            alpha_m = np.where(v == -40, 1.0, alpha_m)
        exponent = {"exp sign": (v + 65) / 80, "shift sign": -(v - 65) / 80,
                    "both signs": (v - 65) / 80}.get(mistake, -(v + 65) / 80)
        beta_n = 0.125 * np.exp(exponent)
        beta_m = 4 * np.exp(-(v + 65) / 18)
        alpha_h = 0.07 * np.exp(-(v + 65) / 20)
        beta_h = 1 / (1 + np.exp(-(v + 35) / 10))
        if mistake == "nan away":
            beta_h = np.where(v == 20, np.nan, beta_h)
        rates = [alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h]
        if mistake == "order":
            rates = [alpha_n, alpha_m, alpha_h, beta_n, beta_m, beta_h]
        if mistake == "per second":
            rates = [1000 * r for r in rates]
        return tuple(rates)
    return hh_rates


@pytest.mark.parametrize("mistake, cause", [
    ("naive", "alpha_n is nan at v = -55 mV, expected its limit 0.1 1/ms: 0/0 at the singularity"),
    ("exp sign", "sign error in the exponent of beta_n"),
    ("shift sign", "v - c instead of v + c of beta_n"),
    ("both signs", "sign errors in the exponent and the shift of beta_n"),
    ("order", "beta_n at v = -100 mV: expected 0.1936 1/ms, got 0.01491: that is alpha_m; "
              "return the rates in the order"),
    ("per second", "rates in 1/s, the course uses 1/ms"),
])
def test_hh_rates_mistake_named_and_its_fix_accepted(mistake, cause, capsys):
    rejects(ex.check_hh_rates, make_hh_rates(mistake), capsys, cause)
    accepts(ex.check_hh_rates, make_hh_rates(), capsys)


def test_hh_rates_nan_away_from_a_singularity_is_not_called_0_over_0(capsys):
    out = rejects(ex.check_hh_rates, make_hh_rates("nan away"), capsys,
                  "v = 20 mV (a number): beta_h is nan at v = 20 mV, expected 0.99593 1/ms")
    assert "0/0" not in out


def test_hh_rates_near_the_singularity_is_checked(capsys):
    """The limit used over too wide a window (0.05 mV) is wrong 0.01 mV away."""
    def wide_window(v):
        rates = list(make_hh_rates()(v))
        rates[0] = np.where(np.abs(np.asarray(v, dtype=float) + 55) < 0.05, 0.1, rates[0])
        return tuple(rates)
    rejects(ex.check_hh_rates, wide_window, capsys,
            "v within 1e-6 and 0.01 mV of -55 and -40 mV (an array): alpha_n at v = -55.01 mV: "
            "expected 0.09995 1/ms, got 0.1")


def test_hh_rates_accepts_the_library_and_an_array_of_six(capsys):
    accepts(ex.check_hh_rates, ex.reference("hh_rates"), capsys)
    accepts(ex.check_hh_rates, lambda v: np.array(make_hh_rates()(v)), capsys)


def test_hh_rates_the_first_departure_has_enough_digits(capsys):
    def off(v):
        rates = list(make_hh_rates()(v))
        rates[3] = rates[3] * (1 + 1e-5)
        return tuple(rates)
    rejects(ex.check_hh_rates, off, capsys,
            "v = -65 mV (a number): beta_m at v = -65 mV: expected 4 1/ms, got 4.00004")


# --- hh_resting_potential ------------------------------------------------------------------

def make_rest(signs=(1, 1, 1), powers=(4, 3, 1), order=(0, 1, 2), frozen=False):
    """A student's resting potential: the first sign change of the steady-state current on a
    0.01 mV grid, with a mistake: signs flip (-1) or drop (0) the sodium, potassium and leak
    currents, powers of n, m and h, n, m, h = (n_inf, m_inf, h_inf)[order], or the gates frozen
    at -65 mV."""
    def current(pars, V):
        gates = nl.hh_steady_state(-65.0 if frozen else V)
        n, m, h = (gates[k] for k in order)
        return (signs[0] * pars["gbar_Na"] * m ** powers[1] * h ** powers[2] * (V - pars["E_Na"])
                + signs[1] * pars["gbar_K"] * n ** powers[0] * (V - pars["E_K"])
                + signs[2] * pars["g_L"] * (V - pars["E_L"]))

    def hh_resting_potential(pars):
        V = np.arange(-100, 0, 0.01)
        k = np.nonzero(np.diff(np.sign(current(pars, V))))[0]
        return V[k[0]] if k.size else np.nan
    return hh_resting_potential


@pytest.mark.parametrize("mistake, cause", [
    (dict(signs=(1, 1, 0)), "the leak current is left out"),
    (dict(signs=(-1, 1, 1)), "a sign error in the sodium current"),
    (dict(signs=(1, -1, 1)), "got nan: no V was found"),
    (dict(powers=(4, 2, 1)), "a wrong gate exponent: m² instead of m³"),
    (dict(powers=(4, 4, 1)), "a wrong gate exponent: m⁴ instead of m³"),
    (dict(powers=(4, 3, 2)), "a wrong gate exponent: h² instead of h"),
    (dict(powers=(3, 3, 1)), "a wrong gate exponent: n³ instead of n⁴"),
    (dict(powers=(5, 3, 1)), "a wrong gate exponent: n⁵ instead of n⁴"),
    (dict(order=(2, 0, 1)), "the gates in the wrong order: nl.hh_steady_state(V) returns "
                            "(n_inf, m_inf, h_inf), so n, m, h = nl.hh_steady_state(V)"),
    (dict(order=(1, 0, 2)), "the gates in the wrong order"),
    (dict(frozen=True), "the gates are frozen at their values at -65 mV"),
])
def test_hh_rest_mistake_named_and_its_fix_accepted(mistake, cause, capsys):
    rejects(ex.check_hh_resting_potential, make_rest(**mistake), capsys, cause)
    accepts(ex.check_hh_resting_potential, make_rest(), capsys)


def test_hh_rest_el_returned(capsys):
    rejects(ex.check_hh_resting_potential, lambda p: p["E_L"], capsys, "that is E_L")


def test_hh_rest_every_parameter_is_read(capsys):
    """A number written in place of any one pars[...] fails the case that changes them all."""
    default = nl.hh_pars()
    for key in ("gbar_Na", "gbar_K", "g_L", "E_Na", "E_K", "E_L"):
        def hardcoded(pars, key=key):
            return make_rest()(dict(pars, **{key: default[key]}))
        out = rejects(ex.check_hh_resting_potential, hardcoded, capsys)
        assert ("gbar_Na = 160, gbar_K = 40, g_L = 0.2 mS/cm², E_Na = 110, E_K = -84, "
                "E_L = -51 mV") in out


def test_hh_rest_reference_and_tolerance(capsys):
    assert ex.reference("hh_resting_potential")(nl.hh_pars()) == pytest.approx(-65.0, abs=0.01)
    want = ex.reference("hh_resting_potential")
    accepts(ex.check_hh_resting_potential, lambda p: want(p) + 0.09, capsys)
    rejects(ex.check_hh_resting_potential, lambda p: want(p) + 0.11, capsys,
            "hh_pars(): expected -65 mV, got -64.89 mV")
