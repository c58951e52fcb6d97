"""Check for notebook 05: adex_euler_step."""

import math

from ..ifmodels import adex_pars, eif_current
from ._core import _Wrong, _call, _check, _key_hint, _float, _pair


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


def _adex_variants(pars, v, w, I):
    """(cause, (v', w')) of the common mistakes."""
    dt, C, tau_w, a, E_L, g_L, V_T, dT = (
        pars[k] for k in ("dt", "C", "tau_w", "a", "E_L", "g_L", "V_T", "Delta_T"))
    ex = g_L * dT * math.exp(min((v - V_T) / dT, 700.0))
    leak = -g_L * (v - E_L)

    def finish(vn, wn, jump=pars["b"], to=pars["V_r"]):
        if vn >= pars["V_spike"]:
            return to, wn + jump
        return vn, wn

    base_w = w + dt / tau_w * (a * (v - E_L) - w)
    v_ok = v + dt / C * (leak + ex - w + I)
    return [
        ("no exponential term g_L Delta_T exp((v - V_T)/Delta_T) in dv",
         finish(v + dt / C * (leak - w + I), base_w)),
        ("wrong sign of a in the w equation (tau_w dw/dt = a (v - E_L) - w)",
         finish(v_ok, w + dt / tau_w * (-a * (v - E_L) - w))),
        ("w does not jump by b at the spike (w -> w + b)", finish(v_ok, base_w, jump=0.0)),
        ("v reset to E_L instead of V_r", finish(v_ok, base_w, to=E_L)),
        ("no reset: when v reaches V_spike, return V_r and w + b", (v_ok, base_w)),
        ("w enters the voltage equation with the wrong sign (it is - w)",
         finish(v + dt / C * (leak + ex + w + I), base_w)),
        ("dt instead of dt/C in the voltage step (C dv/dt = ...)",
         finish(v + dt * (leak + ex - w + I), base_w)),
        ("dt instead of dt/tau_w in the w step", finish(v_ok, w + dt * (a * (v - E_L) - w))),
        ("wrong sign of the leak (it is -g_L (v - E_L))",
         finish(v + dt / C * (-leak + ex - w + I), base_w)),
        ("w updated with the new v: both must advance from the old v and w",
         finish(v_ok, w + dt / tau_w * (a * (v_ok - E_L) - w))),
    ]


def check_adex_euler_step(f):
    """Check ``adex_euler_step(pars, v, w, I) -> (v_next, w_next)``: one forward-Euler step of
    dt of the AdEx with adex_pars' names (C, g_L, E_L, V_T, Delta_T, a, tau_w, b, V_r, V_spike,
    dt), both v and w advanced from the old (v, w), then the spike reset when v_next reaches
    V_spike: v_next = V_r, w_next + b. The refractory period (tref, 0 in adex_pars) is not part
    of a single step.
    Names: no exponential term, wrong sign of a, b forgotten at the reset, reset to E_L, no reset,
    w's sign in dv, dt instead of dt/C or dt/tau_w, wrong sign of the leak, w updated with the
    new v."""
    adapting = adex_pars()
    delayed = adex_pars(a=-10.0, b=0.0)
    cases = [
        ("v = -65 mV, w = 20 pA, I = 300 pA", adapting, -65.0, 20.0, 300.0),
        ("v = -48 mV (exponential regime), w = 50 pA, I = 500 pA", adapting, -48.0, 50.0, 500.0),
        ("a = -10 nS, v = -60 mV, w = -15 pA, I = 300 pA", delayed, -60.0, -15.0, 300.0),
        ("v = -30 mV: the step crosses V_spike, w = 40 pA, I = 500 pA",
         adapting, -30.0, 40.0, 500.0),
    ]

    def case(pars, v, w, I):
        want = _ref_adex_euler_step(pars, v, w, I)

        def run(func):
            out = _pair(_call(func, pars, v, w, I), "adex_euler_step")
            got = (_float(out[0], "v_next"), _float(out[1], "w_next"))
            close = lambda x, y: all(math.isclose(p, q, rel_tol=1e-9, abs_tol=1e-9)
                                     for p, q in zip(x, y))
            if close(got, want):
                return
            msg = (f"expected (v, w) = ({want[0]:.6g} mV, {want[1]:.6g} pA), got "
                   f"({got[0]:.6g}, {got[1]:.6g})")
            for cause, wrong in _adex_variants(pars, v, w, I):
                if close(got, wrong) and not close(wrong, want):
                    raise _Wrong(f"{msg}: {cause}")
            raise _Wrong(msg)
        return run

    return _check("adex_euler_step", f, [(label, case(*args)) for label, *args in cases],
                  hint=_key_hint(adapting))
