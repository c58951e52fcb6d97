"""Check for notebook 05: adex_euler_step."""

import math

from ..models import adex_pars, eif_current
from ._core import _call, _check, _float, _key_hint, _pair, _two, _Wrong, exercise

# --- 05 adex_euler_step -------------------------------------------------------------------

def _ref_adex_euler_step(pars, v, w, I):
    """One forward-Euler step of the AdEx (units of adex_pars: mV, pA, ms, pF, nS):

        v' = v + dt/C (-g_L (v - E_L) + g_L Delta_T exp((v - V_T)/Delta_T) - w + I)
        w' = w + dt/tau_w (a (v - E_L) - w)          (both from the old v, w)
        if v' >= V_spike:  v' = V_r,  w' = w' + b

    The same arithmetic as nl.run_adex: starting from (V_init, w_init), repeated steps give its
    trace sample by sample (with tref = 0; the refractory hold is not part of a single step).
    """
    dt, C, tau_w, a, E_L = (pars[k] for k in ("dt", "C", "tau_w", "a", "E_L"))
    v, w, I = float(v), float(w), float(I)
    v_next = v + dt / C * (float(eif_current(pars, v, I)) - w)
    w_next = w + dt / tau_w * (a * (v - E_L) - w)
    if v_next >= pars["V_spike"]:
        v_next, w_next = pars["V_r"], w_next + pars["b"]
    return v_next, w_next


def _adex_mistakes(pars, v, w, I):
    """(cause, (v', w')) of the common mistakes."""
    dt, C, tau_w, a, E_L, g_L, V_T, dT, V_spike, V_r, b = (
        pars[k] for k in ("dt", "C", "tau_w", "a", "E_L", "g_L", "V_T", "Delta_T", "V_spike",
                          "V_r", "b"))
    ex = g_L * dT * math.exp(min((v - V_T) / dT, 700.0))
    leak = -g_L * (v - E_L)

    def finish(vn, wn, jump=b, to=V_r, kicked=None):
        """The spike reset of (vn, wn), w kicked from ``kicked`` (default wn)."""
        if vn >= V_spike:
            return to, (wn if kicked is None else kicked) + jump
        return vn, wn

    w_ok = w + dt / tau_w * (a * (v - E_L) - w)
    v_ok = v + dt / C * (leak + ex - w + I)
    no_reset = ("v_next = V_spike exactly, and reaching V_spike is a spike: test "
                "v_next >= V_spike (>=, not >; the new v_next, not the old v)" if v_ok == V_spike
                else
                "no reset: when v_next reaches V_spike, return V_r and w_next + b (test the new "
                "v_next, not the old v)")
    return [
        ("no exponential term g_L Delta_T exp((v - V_T)/Delta_T) in dv",
         finish(v + dt / C * (leak - w + I), w_ok)),
        ("wrong sign of a in the w equation (tau_w dw/dt = a (v - E_L) - w)",
         finish(v_ok, w + dt / tau_w * (-a * (v - E_L) - w))),
        ("w does not jump by b at the spike (w -> w + b)", finish(v_ok, w_ok, jump=0.0)),
        ("b added to the old w: at the spike w_next = (w after the step) + b",
         finish(v_ok, w_ok, kicked=w)),
        ("v reset to E_L instead of V_r", finish(v_ok, w_ok, to=E_L)),
        (no_reset, (v_ok, w_ok)),
        ("w enters the voltage equation with the wrong sign (it is - w)",
         finish(v + dt / C * (leak + ex + w + I), w_ok)),
        ("dt instead of dt/C in the voltage step (C dv/dt = ...)",
         finish(v + dt * (leak + ex - w + I), w_ok)),
        ("dt instead of dt/tau_w in the w step", finish(v_ok, w + dt * (a * (v - E_L) - w))),
        ("wrong sign of the leak (it is -g_L (v - E_L))",
         finish(v + dt / C * (-leak + ex - w + I), w_ok)),
        ("w updated with the new v: both must advance from the old v and w",
         finish(v_ok, w + dt / tau_w * (a * (v_ok - E_L) - w))),
    ]


#: Parameter sets in which no two parameters are equal (so that using one for another shows),
#: none equal to its default: A and C spike, B has a < 0. C is made of binary fractions so that
#: its step lands exactly on V_spike whatever the order of the arithmetic (exp(0) = 1).
_SET_A = dict(C=150.0, g_L=11.0, E_L=-68.0, V_T=-51.0, Delta_T=2.5, V_spike=-5.0, V_r=-57.0,
              a=3.0, tau_w=120.0, b=45.0, dt=0.25, V_init=-66.0, w_init=7.0, tref=2.0, T=250.0)
_SET_B = dict(C=90.0, g_L=7.0, E_L=-63.0, V_T=-49.0, Delta_T=1.5, V_spike=10.0, V_r=-46.0,
              a=-4.0, tau_w=45.0, b=25.0, dt=0.05, V_init=-61.0, w_init=-3.0, tref=1.0, T=150.0)
_SET_C = dict(C=128.0, g_L=8.0, E_L=-71.0, V_T=-51.0, Delta_T=2.5, V_spike=-46.0, V_r=-59.0,
              a=4.0, tau_w=80.0, b=30.0, dt=0.5, V_init=-67.0, w_init=5.0, tref=3.0, T=300.0)


def _set_text(overrides):
    return ", ".join(f"{k}={v:g}" for k, v in overrides.items()
                     if k not in ("V_init", "w_init", "tref", "T"))


@exercise("adex_euler_step", _ref_adex_euler_step, "the library's AdEx step")
def check_adex_euler_step(f):
    """Check ``adex_euler_step(pars, v, w, I) -> (v_next, w_next)``: one forward-Euler step of
    dt of the AdEx with adex_pars' names (C, g_L, E_L, V_T, Delta_T, a, tau_w, b, V_r, V_spike,
    dt), both v and w advanced from the old (v, w), then the spike reset when v_next reaches
    V_spike (v_next >= V_spike, as nl.run_adex): v_next = V_r, w_next + b. The refractory period
    is not part of a single step. v, w and I are numbers. Cases: adex_pars() at rest, and three
    sets in which no two parameters are equal: the exponential regime below V_T, a < 0 between
    V_T and V_spike, a step that crosses V_spike and one that lands exactly on it.
    Names: no exponential term, wrong sign of a, b forgotten or added to the old w, reset to
    E_L, no reset (or > instead of >=), w's sign in dv, dt instead of dt/C or dt/tau_w, wrong
    sign of the leak, w updated with the new v."""
    A, B, C = (f"pars with {_set_text(s)}" for s in (_SET_A, _SET_B, _SET_C))
    cases = [
        ("adex_pars(), v = -65 mV, w = 20 pA, I = 300 pA", adex_pars(), -65.0, 20.0, 300.0),
        (f"v = -52 mV (exponential regime), w = 37 pA, I = 410 pA, {A}",
         adex_pars(**_SET_A), -52.0, 37.0, 410.0),
        (f"a < 0, v = -47 mV (between V_T and V_spike), w = -15 pA, I = 260 pA, {B}",
         adex_pars(**_SET_B), -47.0, -15.0, 260.0),
        (f"v = -30 mV: the step crosses V_spike, w = 40 pA, I = 500 pA, {A}",
         adex_pars(**_SET_A), -30.0, 40.0, 500.0),
        (f"v = -51 mV, w = 50 pA, I = 1470 pA: v_next = V_spike = -46 mV exactly, {C}",
         adex_pars(**_SET_C), -51.0, 50.0, 1470.0),
    ]
    return _check("adex_euler_step", f, [(label, _adex_case(*args)) for label, *args in cases],
                  hint=_key_hint(cases[0][1]))


def _adex_case(pars, v, w, I):
    want = _ref_adex_euler_step(pars, v, w, I)

    def close(x, y):
        return all(math.isclose(p, q, rel_tol=1e-9, abs_tol=1e-9) for p, q in zip(x, y))

    def run(func):
        out = _pair(_call(func, pars, v, w, I), "adex_euler_step")
        got = (_float(out[0], "v_next"), _float(out[1], "w_next"))
        if close(got, want):
            return
        (wv, gv), (ww, gw) = _two(want[0], got[0]), _two(want[1], got[1])
        msg = f"expected (v_next, w_next) = ({wv} mV, {ww} pA), got ({gv}, {gw})"
        causes = {cause for cause, wrong in _adex_mistakes(pars, v, w, I)
                  if close(got, wrong) and not close(wrong, want)}
        raise _Wrong(f"{msg}: {causes.pop()}" if len(causes) == 1 else msg)
    return run
