"""The checks of neurolab.exercises: each accepts correct implementations written as a student
would (several styles where the assignment allows them) and rejects planted mistakes, naming
the cause; none ever raises."""

import signal
import time

import numpy as np
import pytest

import neurolab as nl
from neurolab import exercises as ex


def verdict(check, fn, capsys):
    """(returned value, printed text) of a check; the check must not raise."""
    result = check(fn)
    return result, capsys.readouterr().out


def accepts(check, fn, capsys):
    ok, out = verdict(check, fn, capsys)
    assert ok is True, out
    assert "✓" in out and "correct" in out
    return out


def rejects(check, fn, capsys, *causes):
    ok, out = verdict(check, fn, capsys)
    assert ok is False, out
    for cause in causes:
        assert cause in out, out
    return out


# --- 00 ------------------------------------------------------------------------------------

def square_ok(x, c):
    return x ** 2 + c


def square_times(x, c):
    return np.multiply(x, x) + c


def test_my_square_function(capsys):
    accepts(ex.check_my_square_function, square_ok, capsys)
    accepts(ex.check_my_square_function, square_times, capsys)
    rejects(ex.check_my_square_function, lambda x, c: x * 2 + c, capsys, "doubled instead of squared")
    rejects(ex.check_my_square_function, lambda x, c: x ** 2, capsys, "c is not added")
    rejects(ex.check_my_square_function, lambda x, c: (x + c) ** 2, capsys, "added before squaring")
    rejects(ex.check_my_square_function, lambda x, c: np.dot(x, np.transpose(x)) + c, capsys,
            "matrix product")


def spectrum_plain(x, dt):
    """The assignment's way: abs(fft)**2 on the non-negative frequencies."""
    X = np.fft.fft(x)
    n = len(x)
    f = np.fft.fftfreq(n, dt / 1000)[: n // 2]
    return f, np.abs(X[: n // 2]) ** 2


def spectrum_rfft(x, dt):
    return np.fft.rfftfreq(len(x), dt / 1000), np.abs(np.fft.rfft(x)) ** 2


def spectrum_fftfreq_slice(x, dt):
    """fftfreq's n//2 + 1 first values: the last one is -Nyquist for even n (the same bin)."""
    n = len(x)
    return np.fft.fftfreq(n, dt / 1000)[: n // 2 + 1], np.abs(np.fft.fft(x)[: n // 2 + 1]) ** 2


def spectrum_demeaned_folded(x, dt):
    f, S = spectrum_rfft(x - np.mean(x), dt)
    S[1:(len(x) + 1) // 2] *= 2
    return f, S * dt / len(x)


def test_power_spectrum(capsys):
    accepts(ex.check_power_spectrum, spectrum_plain, capsys)
    accepts(ex.check_power_spectrum, spectrum_fftfreq_slice, capsys)
    accepts(ex.check_power_spectrum, spectrum_demeaned_folded, capsys)
    accepts(ex.check_power_spectrum, spectrum_rfft, capsys)
    accepts(ex.check_power_spectrum, nl.psd, capsys)  # normalised and folded
    rejects(ex.check_power_spectrum,
            lambda x, dt: (np.fft.rfftfreq(len(x), dt), np.abs(np.fft.rfft(x)) ** 2), capsys,
            "frequencies in kHz")
    rejects(ex.check_power_spectrum,
            lambda x, dt: (np.fft.fftfreq(len(x), dt / 1000), np.abs(np.fft.fft(x)) ** 2), capsys,
            "both halves")
    rejects(ex.check_power_spectrum,
            lambda x, dt: (np.fft.rfftfreq(len(x), dt / 1000), np.abs(np.fft.rfft(x))), capsys,
            "not squared")
    rejects(ex.check_power_spectrum,
            lambda x, dt: (np.linspace(0, 500 / dt, len(x) // 2 + 1) * 0.99,
                           np.abs(np.fft.rfft(x)) ** 2), capsys, "frequency spacing")


# --- 01 run_LIF ----------------------------------------------------------------------------

def make_run_LIF(style="check_first", reset=True, refractory="float", leak_sign=-1.0,
                 in_steps=False, use_stop=True):
    """A student's run_LIF. style 'check_first' is the assignment's loop (threshold test on
    v[it], then the update; spike recorded at it); 'update_first' updates, then tests v[it+1],
    recording it+1 ('update_first') or it ('update_first_early'). refractory: 'float' counts
    down tref/dt as a float (the assignment), 'round' whole steps, 'none', 'short' one step
    less, 'int' int(tref/dt) (one short where tref/dt lands just below a whole number),
    'steps' tref steps."""

    def run_LIF(pars, Iinj, stop=False):
        V_th, V_reset = pars["V_th"], pars["V_reset"]
        tau_m, g_L = pars["tau_m"], pars["g_L"]
        V_init, E_L = pars["V_init"], pars["E_L"]
        dt, range_t = pars["dt"], pars["range_t"]
        Lt = range_t.size
        tref = pars["tref"]
        Iinj = Iinj * np.ones(Lt)
        if stop and use_stop:
            Iinj[: int(len(Iinj) / 2) - 1000] = 0
            Iinj[int(len(Iinj) / 2) + 1000:] = 0
        hold = {"float": tref / dt, "round": round(tref / dt), "none": 0,
                "short": round(tref / dt) - 1, "int": int(tref / dt),
                "steps": tref}[refractory]
        v = np.zeros(Lt)
        v[0] = V_init
        tr = 0.0
        rec_spikes = []
        for it in range(Lt - 1):
            if style == "check_first":
                if tr > 0:
                    v[it] = V_reset
                    tr = tr - 1
                elif v[it] >= V_th:
                    rec_spikes.append(it)
                    if reset:
                        v[it] = V_reset
                    tr = hold
                dv = (leak_sign * (v[it] - E_L) + Iinj[it] / g_L) * (dt / tau_m)
                v[it + 1] = v[it] + dv
            else:
                if tr > 0:
                    v[it + 1] = V_reset
                    tr = tr - 1
                    continue
                v[it + 1] = v[it] + (leak_sign * (v[it] - E_L) + Iinj[it] / g_L) * (dt / tau_m)
                if v[it + 1] >= V_th:
                    rec_spikes.append(it + 1 if style == "update_first" else it)
                    if reset:
                        v[it + 1] = V_reset
                    tr = hold
        rec_spikes = np.array(rec_spikes) * (1 if in_steps else dt)
        return v, rec_spikes

    return run_LIF


@pytest.mark.parametrize("style", ["check_first", "update_first", "update_first_early"])
@pytest.mark.parametrize("refractory", ["float", "round"])
def test_run_LIF_accepts_correct_styles(style, refractory, capsys):
    accepts(ex.check_run_LIF, make_run_LIF(style, refractory=refractory), capsys)


def test_run_LIF_accepts_the_library(capsys):
    accepts(ex.check_run_LIF, nl.run_lif, capsys)


def test_run_LIF_reset_by_the_refractory_clamp_is_accepted(capsys):
    """Without the reset line, the refractory clamp sets V to V_reset one step later: the
    spike's sample shows V above threshold, and the dynamics are those of a correct run."""
    accepts(ex.check_run_LIF, make_run_LIF(reset=False), capsys)


@pytest.mark.parametrize("kwargs, cause", [
    (dict(reset=False, refractory="none"), "no reset"),
    (dict(refractory="none"), "no refractory period: the ISIs are 2 ms short"),
    (dict(refractory="short"), "refractory period one step short: the ISIs are 0.1 ms short"),
    (dict(refractory="steps"), "refractory period counted as tref = 2 steps"),
    (dict(refractory="int"), "refractory period one step short"),
    (dict(leak_sign=1.0), "wrong sign of the leak"),
    (dict(in_steps=True), "spike times in steps, not ms"),
    (dict(use_stop=False), "stop=True is ignored"),
    (dict(style="update_first", refractory="none"), "no refractory period"),
])
def test_run_LIF_rejects_planted_mistakes(kwargs, cause, capsys):
    out = rejects(ex.check_run_LIF, make_run_LIF(**kwargs), capsys, cause)
    assert "✓" not in out


def test_run_LIF_scalar_indexing_gets_a_hint(capsys):
    def run_LIF(pars, Iinj, stop=False):
        v = np.zeros(pars["range_t"].size)
        for it in range(v.size - 1):
            v[it + 1] = v[it] + Iinj[it]
        return v, np.array([])
    out = rejects(ex.check_run_LIF, run_LIF, capsys, "raised TypeError", "Iinj = Iinj * np.ones(Lt)")
    assert "✗ 100 pA, T = 500 ms (no spikes):" in out


# --- 02 find_rheobase_current --------------------------------------------------------------

def rheobase_assignment(pars, init_I):
    I = init_I
    finish = False
    while not finish:
        v, sp = nl.run_lif(pars, I)
        I = I + 1
        if sp.shape[0] > 0:
            finish = True
    return I - 1


def rheobase_test_first(pars, init_I):
    I = init_I
    while nl.run_lif(pars, I)[1].size == 0:
        I += 1
    return I


def test_find_rheobase_current(capsys):
    walk = ex.reference("find_rheobase_current")
    assert walk(nl.default_pars(), 150) == 201 == rheobase_assignment(nl.default_pars(), 150)
    pars = nl.default_pars(E_L=-70.0, tau_m=5.0, T=100.0)
    assert walk(pars, 120.5) == rheobase_assignment(pars, 120.5) == 150.5
    assert walk(nl.default_pars(V_init=-50.0), 3) == 3  # spikes at t = 0 whatever the current
    accepts(ex.check_find_rheobase_current, rheobase_assignment, capsys)
    accepts(ex.check_find_rheobase_current, rheobase_test_first, capsys)
    rejects(ex.check_find_rheobase_current, lambda p, I: rheobase_assignment(p, I) + 1, capsys,
            "expected 201 pA, got 202 pA: off by one")
    rejects(ex.check_find_rheobase_current, lambda p, I: rheobase_assignment(p, 0), capsys,
            "init_I is ignored")
    rejects(ex.check_find_rheobase_current, lambda p, I: rheobase_assignment(nl.default_pars(), I),
            capsys, "pars is ignored")
    rejects(ex.check_find_rheobase_current, lambda p, I: nl.lif_rheobase(p), capsys,
            "closed-form rheobase")


# --- 03 my_GWN -----------------------------------------------------------------------------

def gwn_default_rng(pars, mu, sig, myseed=False):
    rng = np.random.default_rng(myseed if myseed else None)
    return mu + sig / np.sqrt(pars["dt"] / 1000) * rng.standard_normal(pars["range_t"].size)


def gwn_legacy(pars, mu, sig, myseed=False):
    """The assignment's global-seed style, with the 1/√dt scaling."""
    if myseed:
        np.random.seed(seed=myseed)
    else:
        np.random.seed()
    Lt = pars["range_t"].size
    return mu + sig / np.sqrt(pars["dt"] / 1000.0) * np.random.randn(Lt)


def gwn_randomstate(pars, mu, sig, myseed=False):
    rs = np.random.RandomState(myseed if myseed else None)
    return mu + sig / np.sqrt(pars["dt"] / 1000.0) * rs.normal(size=pars["range_t"].size)


def gwn_times_100(pars, mu, sig, myseed=False):
    """The assignment's report: right only at dt = 0.1 ms."""
    np.random.seed(myseed if myseed else None)
    return mu + sig * 100 * np.random.randn(pars["range_t"].size)


def test_my_GWN_accepts_any_generator(capsys):
    state = np.random.get_state()
    for fn in (gwn_default_rng, gwn_legacy, gwn_randomstate, ex.reference("my_GWN")):
        accepts(ex.check_my_GWN, fn, capsys)
    after = np.random.get_state()
    assert after[0] == state[0] and np.array_equal(after[1], state[1])  # global state restored


def test_my_GWN_rejects_planted_mistakes(capsys):
    rejects(ex.check_my_GWN, gwn_times_100, capsys,
            "the noise does not scale with 1/√dt: at dt = 0.05 ms its std is off by √2")
    rejects(ex.check_my_GWN,
            lambda p, mu, sig, s=False: mu + sig * np.random.default_rng(s or None)
            .standard_normal(p["range_t"].size), capsys, "not scaled by 1/√(dt in s)")
    rejects(ex.check_my_GWN,
            lambda p, mu, sig, s=False: mu + sig / np.sqrt(p["dt"]) * np.random.default_rng(s or None)
            .standard_normal(p["range_t"].size), capsys, "dt in ms")
    rejects(ex.check_my_GWN,
            lambda p, mu, sig, s=False: gwn_default_rng(p, mu, sig, 5), capsys,
            "the seed is not used")
    rejects(ex.check_my_GWN,
            lambda p, mu, sig, s=False: gwn_default_rng(p, mu, sig, False), capsys,
            "seed the generator with myseed")
    rejects(ex.check_my_GWN,
            lambda p, mu, sig, s=False: mu + sig / np.sqrt(p["dt"] / 1000) * np.random.default_rng(s)
            .standard_normal(p["range_t"].size), capsys, "myseed=False gave the same noise twice")
    rejects(ex.check_my_GWN,
            lambda p, mu, sig, s=False: mu + sig / np.sqrt(p["dt"] / 1000) * np.random.default_rng(s or None)
            .random(p["range_t"].size), capsys, "uniform")


# --- 03 isi_cv_LIF -------------------------------------------------------------------------

def isi_cv_assignment(spike_times):
    if len(spike_times) >= 2:
        isi = np.diff(spike_times)
        cv = np.std(isi) / np.mean(isi)
    else:
        isi = np.nan
        cv = np.nan
    return isi, cv


def isi_cv_no_branch(spike_times):
    isi = np.diff(spike_times)
    return isi, np.std(isi) / np.mean(isi)  # NaN (with a warning) for an empty isi


def test_isi_cv_LIF(capsys):
    for fn in (isi_cv_assignment, isi_cv_no_branch, nl.isi_cv):
        accepts(ex.check_isi_cv_LIF, fn, capsys)
    rejects(ex.check_isi_cv_LIF,
            lambda t: (np.diff(t), np.var(np.diff(t)) / np.mean(np.diff(t))) if len(t) > 1
            else (np.nan, np.nan), capsys,
            "CV computed from the variance instead of the standard deviation")
    rejects(ex.check_isi_cv_LIF,
            lambda t: (t, np.std(t) / np.mean(t)) if len(t) > 1 else (np.nan, np.nan), capsys,
            "the ISIs are the differences of consecutive spike times")
    rejects(ex.check_isi_cv_LIF,
            lambda t: (np.diff(t), np.std(t) / np.mean(t)) if len(t) > 1 else (np.nan, np.nan),
            capsys, "CV computed from the spike times")
    rejects(ex.check_isi_cv_LIF,
            lambda t: isi_cv_assignment(t) if len(t) > 1 else (np.nan, 0.0), capsys,
            "with fewer than two spikes CV is undefined")


# --- 04 my_OU ------------------------------------------------------------------------------

def make_my_OU(noise=lambda a: np.sqrt(2 * a), drift=lambda a: a, start="neuromatch",
               tau=None, rng="default"):
    def my_OU(pars, mu, sig, myseed=False):
        dt, Lt = pars["dt"], pars["range_t"].size
        tau_ou = pars["tau_ou"] if tau is None else tau
        if rng == "default":
            xi = np.random.default_rng(myseed if myseed else None).standard_normal(Lt)
        else:
            if myseed:
                np.random.seed(seed=myseed)
            else:
                np.random.seed()
            xi = np.random.randn(Lt)
        I_ou = np.zeros(Lt)
        I_ou[0] = {"neuromatch": xi[0] * sig, "mu": mu}[start]
        a = dt / tau_ou
        for it in range(Lt - 1):
            I_ou[it + 1] = I_ou[it] + drift(a) * (mu - I_ou[it]) + noise(a) * sig * xi[it + 1]
        return I_ou
    return my_OU


def test_my_OU_accepts(capsys):
    accepts(ex.check_my_OU, make_my_OU(), capsys)
    accepts(ex.check_my_OU, make_my_OU(start="mu", rng="legacy"), capsys)
    accepts(ex.check_my_OU, ex.reference("my_OU"), capsys)


@pytest.mark.parametrize("kwargs, cause", [
    (dict(noise=lambda a: 1.0), "OU without its √(2 dt/τ) noise factor"),
    (dict(noise=lambda a: np.sqrt(a)), "√(dt/τ) instead of √(2 dt/τ)"),
    (dict(drift=lambda a: 1.0), "dt/τ missing from the drift"),
    (dict(tau=10.0), "not pars['tau_ou']"),
])
def test_my_OU_rejects_planted_mistakes(kwargs, cause, capsys):
    rejects(ex.check_my_OU, make_my_OU(**kwargs), capsys, cause)


# --- 05 adex_euler_step --------------------------------------------------------------------

def make_adex_step(b=True, a_sign=1.0, exp_term=True, w_new_v=False):
    def adex_euler_step(pars, v, w, I):
        C, g_L, E_L = pars["C"], pars["g_L"], pars["E_L"]
        V_T, D, dt = pars["V_T"], pars["Delta_T"], pars["dt"]
        dv = (-g_L * (v - E_L) + (g_L * D * np.exp((v - V_T) / D) if exp_term else 0) - w + I) / C
        v_next = v + dt * dv
        v_w = v_next if w_new_v else v
        w_next = w + dt * (a_sign * pars["a"] * (v_w - E_L) - w) / pars["tau_w"]
        if v_next >= pars["V_spike"]:
            v_next = pars["V_r"]
            w_next = w_next + (pars["b"] if b else 0.0)
        return v_next, w_next
    return adex_euler_step


def test_adex_reference_reproduces_run_adex():
    pars, I = nl.adex_pattern("adapting", T=300.0)
    v, w, _ = nl.run_adex(pars, I)
    vs, ws = [pars["V_init"]], [pars["w_init"]]
    step = ex.reference("adex_euler_step")
    for k in range(v.size - 1):
        vn, wn = step(pars, vs[-1], ws[-1], I[k])
        vs.append(vn)
        ws.append(wn)
    np.testing.assert_allclose(vs, v, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ws, w, rtol=0, atol=1e-9)


def test_adex_euler_step(capsys):
    accepts(ex.check_adex_euler_step, make_adex_step(), capsys)
    rejects(ex.check_adex_euler_step, make_adex_step(b=False), capsys, "w does not jump by b")
    rejects(ex.check_adex_euler_step, make_adex_step(a_sign=-1.0), capsys, "wrong sign of a")
    rejects(ex.check_adex_euler_step, make_adex_step(exp_term=False), capsys, "no exponential term")
    rejects(ex.check_adex_euler_step, make_adex_step(w_new_v=True), capsys, "w updated with the new v")
    rejects(ex.check_adex_euler_step, lambda pars, v, w, I: (pars["V_reset"], w), capsys,
            "raised KeyError: 'V_reset' (pars has the keys C, g_L, E_L")


# --- 06 hh_rates, hh_resting_potential -----------------------------------------------------

def hh_rates_safe(v):
    v = np.asarray(v, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha_n = np.where(v == -55, 0.1, 0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10)))
        alpha_m = np.where(v == -40, 1.0, 0.1 * (v + 40) / (1 - np.exp(-(v + 40) / 10)))
    beta_n = 0.125 * np.exp(-(v + 65) / 80)
    beta_m = 4 * np.exp(-(v + 65) / 18)
    alpha_h = 0.07 * np.exp(-(v + 65) / 20)
    beta_h = 1 / (1 + np.exp(-(v + 35) / 10))
    return alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h


def hh_rates_offset(v):
    """The other common fix: nudge v off the singularity."""
    v = np.asarray(v, dtype=float) + 1e-7
    return (0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10)), 0.125 * np.exp(-(v + 65) / 80),
            0.1 * (v + 40) / (1 - np.exp(-(v + 40) / 10)), 4 * np.exp(-(v + 65) / 18),
            0.07 * np.exp(-(v + 65) / 20), 1 / (1 + np.exp(-(v + 35) / 10)))


def hh_rates_naive(v):
    v = np.asarray(v, dtype=float)
    return (0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10)),) + hh_rates_safe(v)[1:]


def hh_rates_sign(v):
    rates = list(hh_rates_safe(v))
    rates[1] = 0.125 * np.exp((np.asarray(v, dtype=float) + 65) / 80)
    return tuple(rates)


def test_hh_rates(capsys):
    for fn in (hh_rates_safe, hh_rates_offset, ex.reference("hh_rates")):
        accepts(ex.check_hh_rates, fn, capsys)
    rejects(ex.check_hh_rates, hh_rates_naive, capsys, "alpha_n is nan at v = -55 mV",
            "0/0 at the singularity")
    rejects(ex.check_hh_rates, hh_rates_sign, capsys, "sign error in the exponent of beta_n")
    rejects(ex.check_hh_rates, lambda v: hh_rates_safe(v)[::-1], capsys, "in the order")
    rejects(ex.check_hh_rates, lambda v: tuple(1000 * r for r in hh_rates_safe(v)), capsys,
            "rates in 1/s")
    accepts(ex.check_hh_rates, lambda v: np.array(hh_rates_safe(v)), capsys)  # a (6, ...) array


def steady_state_current(pars, V, signs=(1, 1, 1)):
    """A student's steady-state membrane current at V; signs flips (-1) or drops (0) the sodium,
    potassium and leak currents."""
    n, m, h = nl.hh_steady_state(V)
    return (signs[0] * pars["gNa"] * m ** 3 * h * (V - pars["ENa"])
            + signs[1] * pars["gK"] * n ** 4 * (V - pars["EK"])
            + signs[2] * pars["gL"] * (V - pars["EL"]))


def make_rest(signs=(1, 1, 1)):
    """A student's resting potential: the first sign change of the steady-state current (with
    these signs) on a 0.01 mV grid."""
    def hh_resting_potential(pars):
        V = np.arange(-100, 0, 0.01)
        k = np.nonzero(np.diff(np.sign(steady_state_current(pars, V, signs))))[0]
        return V[k[0]] if k.size else np.nan
    return hh_resting_potential


def rest_by_root(pars):
    V = np.arange(-90, -30, 0.001)
    return V[np.argmin(np.abs(steady_state_current(pars, V)))]


def test_hh_resting_potential(capsys):
    assert ex.reference("hh_resting_potential")(nl.hh_pars()) == pytest.approx(-65.0, abs=0.01)
    accepts(ex.check_hh_resting_potential, rest_by_root, capsys)
    accepts(ex.check_hh_resting_potential, make_rest(), capsys)
    rejects(ex.check_hh_resting_potential, lambda p: p["EL"], capsys, "that is EL")
    rejects(ex.check_hh_resting_potential, make_rest((1, 1, 0)), capsys, "the leak current is left out")
    rejects(ex.check_hh_resting_potential, make_rest((-1, 1, 1)), capsys,
            "a sign error in the sodium current")
    rejects(ex.check_hh_resting_potential, make_rest((1, -1, 1)), capsys, "got nan: no V was found")

    def frozen(pars):
        n, m, h = nl.hh_steady_state(-65.0)
        g = pars["gNa"] * m ** 3 * h + pars["gK"] * n ** 4 + pars["gL"]
        return (pars["gNa"] * m ** 3 * h * pars["ENa"] + pars["gK"] * n ** 4 * pars["EK"]
                + pars["gL"] * pars["EL"]) / g
    rejects(ex.check_hh_resting_potential, frozen, capsys, "frozen at their values at -65 mV")


# --- the common behaviour ------------------------------------------------------------------

CHECKS = [getattr(ex, name) for name in ex.__all__ if name.startswith("check_")]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_stub_is_not_done_yet(check, capsys):
    def stub(*args):
        raise NotImplementedError("write this function")

    ok, out = verdict(check, stub, capsys)
    assert ok is False
    assert out.count("\n") == 1 and "not done yet" in out
    for stub in (lambda *args: ..., lambda *args: None, lambda *args: (..., ...)):
        ok, out = verdict(check, stub, capsys)
        assert ok is False and out.count("\n") == 1 and "not done yet" in out


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_loop_that_never_ends_is_stopped_and_named(check, capsys, monkeypatch):
    monkeypatch.setattr(ex._core, "CALL_TIME_LIMIT_S", 0.2)

    def endless(*args):
        while True:
            try:
                sum(range(1000))
            except Exception:  # a student's broad except must not swallow the stop
                pass

    handler, (timer, _) = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)
    start = time.monotonic()
    ok, out = verdict(check, endless, capsys)
    assert ok is False and time.monotonic() - start < 2.0  # stopped at the first case
    assert out.count("\n") == 1 and "more than 0.2 s and was stopped" in out, out
    # SIGALRM is given back as it was: its handler, and a timer that was set (pytest-timeout's)
    assert signal.getsignal(signal.SIGALRM) is handler
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    assert (timer - 2.5 < left <= timer) if timer > 0 else left == 0


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
    assert ok is False
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
    assert ok is False and out.count("\n") == 1


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
        assert ok is False, (odd, out)
        assert all(line.startswith("✗") for line in lines[:-1]) and "cases wrong" in lines[-1], out
