"""Property-based tests (hypothesis) over every public function of the core package.

For generated valid input: finite results of the documented shape; a batch equals single runs
bit for bit; inputs are never mutated; numpy's global random state is untouched. For generated
invalid input (bool, complex, strings, None, NaN/inf, object and ragged arrays, bad seeds,
unsorted or duplicated spike times, ...): only ValueError or TypeError, naming the argument.
From the outside audit (see benchmarks/audit_inputs.py, kinds 10-12): a parameter key altered by
one edit is a named error; a masked array with a masked entry is a named error, one with none
gives what the plain array gives; closed forms over parameters anywhere within the makers'
bounds are finite or a ValueError; zero_crossings finds the root of a line at float edges.

Profiles: 'dev' (default, random) and 'ci' (derandomized, so CI cannot flake; chosen when the
CI environment variable is set, or with HYPOTHESIS_PROFILE=ci). Both keep the whole module
under a minute; the example database lives in .hypothesis/ (git-ignored).
"""

import copy
import math
import os
import re
import string
import warnings
from fractions import Fraction
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

import neurolab as nl
from neurolab._engine import Engine

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=25, **_COMMON)
settings.register_profile("hunt", max_examples=300, **_COMMON)
settings.register_profile("ci", max_examples=25, derandomize=True, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# --- helpers --------------------------------------------------------------------------------

def _snapshot(obj):
    return copy.deepcopy(obj)


def _same(a, b):
    """Deep equality of arguments and results (arrays by value and dtype, NaN equal to NaN; a
    model's Result field by field)."""
    if isinstance(a, nl.Result):
        return (isinstance(b, nl.Result) and a.model == b.model and _same(a.dt, b.dt)
                and _same(a.v, b.v) and _same(a.spikes, b.spikes) and _same(a.extras, b.extras))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    return a is b or a == b or (a != a and b != b)


def checked_call(fn, *args, **kwargs):
    """fn(*args, **kwargs), asserting that it mutates no argument and leaves numpy's global
    random state alone."""
    before = _snapshot((args, kwargs))
    np.random.seed(12345)
    state = np.random.get_state()
    out = fn(*args, **kwargs)
    after = np.random.get_state()
    assert np.array_equal(after[1], state[1]) and after[2:] == state[2:], "global RNG changed"
    assert _same((args, kwargs), before), "an input was mutated"
    return out


def finite(x):
    return bool(np.all(np.isfinite(np.asarray(x, dtype=float))))


def check_train(spikes, T):
    spikes = np.asarray(spikes)
    assert spikes.ndim == 1 and finite(spikes)
    assert np.all(np.diff(spikes) > 0) and np.all((spikes >= 0) & (spikes < T))


def rejects(fn, *names):
    """fn() raises ValueError or TypeError whose message names one of `names`."""
    try:
        fn()
    except (ValueError, TypeError) as exc:
        msg = str(exc)
        assert any(n in msg for n in names), f"message names none of {names}: {msg}"
        return exc
    raise AssertionError(f"no error (expected one naming {names})")


# --- strategies -----------------------------------------------------------------------------

def real(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def lif_pars(draw, T_max=120.0):
    dt = draw(st.sampled_from([0.05, 0.1, 0.2]))
    tau_m = draw(real(10 * dt, 40.0))
    E_L = draw(real(-90.0, -50.0))
    V_th = E_L + draw(real(2.0, 30.0))
    V_reset = V_th - draw(real(1.0, 40.0))
    return nl.default_pars(
        dt=dt, tau_m=tau_m, g_L=draw(real(2.0, 40.0)), E_L=E_L, V_th=V_th, V_reset=V_reset,
        V_init=draw(real(V_reset - 10.0, V_th - 0.5)), tref=draw(real(0.0, 5.0)),
        T=draw(real(3 * dt, T_max)), tau_ou=draw(real(0.01, 100.0)),
    )


currents = real(-500.0, 3000.0)

BAD_NUMBERS = [
    True, np.True_, 1 + 2j, "100", b"1", None, float("nan"), float("inf"), -float("inf"),
    [["100"]], ["100"], np.array([1 + 1j, 2.0]), object(), {"a": 1}, [1.0, "a"],
    np.array([1.0, None], dtype=object), np.array([True, False]),
]
bad_numbers = st.sampled_from(BAD_NUMBERS)
BAD_SEEDS = [-1, 1.5, "x", True, [1, -2], object(), np.float64(2.0), 2.0, None.__class__]
BAD_TRAINS = [
    [10.0, 5.0, 20.0], [5.0, 5.0, 10.0], [1.0, float("nan")], [1.0, float("inf")],
    np.array([[1.0, 2.0], [3.0, 4.0]]), ["1", "2"], [1 + 1j, 2.0], [True, False], None, "abc",
]


# --- LIF and inputs: valid input --------------------------------------------------------------

@given(lif_pars(), currents, st.booleans())
def test_run_lif_single(pars, I, stop):
    r = checked_call(nl.run_lif, pars, I, stop=stop)
    v, spikes = r.v, r.spikes
    assert v.shape == pars["range_t"].shape and finite(v)
    check_train(spikes, pars["T"])
    assert np.all(v[:-1] < pars["V_th"])  # the stored trace shows V_reset at a spike


@given(lif_pars(T_max=60.0), st.lists(currents, min_size=1, max_size=4), st.integers(0, 2 ** 32),
       st.booleans())
def test_run_lif_batch_equals_single_runs(pars, levels, seed, noisy):
    n, Lt = len(levels), pars["range_t"].size
    I = nl.gwn(pars, np.array(levels), 2.0, seed=seed) if noisy else np.array(levels)[:, None]
    r = checked_call(nl.run_lif, pars, I)
    v, spikes = r.v, r.spikes
    assert v.shape == (n, Lt) and len(spikes) == n
    for i in range(n):
        r1 = nl.run_lif(pars, np.broadcast_to(I[i], (Lt,)).copy())
        v1, s1 = r1.v, r1.spikes
        assert np.array_equal(v[i], v1) and np.array_equal(spikes[i], s1)


@given(lif_pars(), st.one_of(currents, st.lists(currents, min_size=1, max_size=3)),
       real(0.0, 10.0), st.integers(0, 2 ** 63))
def test_gwn_and_ou_shapes_seeds_and_batches(pars, mu, sig, seed):
    Lt = pars["range_t"].size
    shape = (Lt,) if np.ndim(mu) == 0 else (len(mu), Lt)
    for make in (nl.gwn, nl.ou):
        a = checked_call(make, pars, mu, sig, seed=seed)
        assert a.shape == shape and finite(a)
        assert np.array_equal(a, make(pars, mu, sig, seed=seed))
    # row 0 of a batch is the single trace from the same seed, bit for bit
    mu0 = mu if np.ndim(mu) == 0 else mu[0]
    for make, extra in ((nl.gwn, {}), (nl.ou, dict(tau_ou=np.array([pars["tau_ou"], 5.0])))):
        batch = make(pars, np.array([mu0, mu0 + 1.0]), sig, seed=seed, **extra)
        single = make(pars, mu0, sig, seed=seed,
                      **({} if not extra else dict(tau_ou=pars["tau_ou"])))
        assert np.array_equal(batch[0], single)


@given(lif_pars(), real(0.0, 10.0), real(0.01, 200.0), st.integers(0, 2 ** 32))
def test_ou_has_the_stationary_std_for_any_tau(pars, sig, tau, seed):
    p = nl.default_pars(T=2000.0, dt=pars["dt"])
    x = checked_call(nl.ou, p, 0.0, sig, seed=seed, tau_ou=tau, n=4)
    assert finite(x) and x.shape == (4, p["range_t"].size)
    if tau <= 2.0:  # many independent samples: the std is sig within sampling error
        assert x.std() == pytest.approx(sig, rel=0.1, abs=1e-12)


@given(lif_pars(), st.one_of(currents, st.lists(currents, min_size=1, max_size=3)),
       real(0.0, 150.0), real(0.0, 150.0))
def test_step_current(pars, amp, t_on, length):
    I = checked_call(nl.step_current, pars, amp, t_on=t_on, t_off=t_on + length)
    Lt = pars["range_t"].size
    assert I.shape == ((Lt,) if np.ndim(amp) == 0 else (len(amp), Lt)) and finite(I)


@given(lif_pars(), st.lists(currents, min_size=1, max_size=30), real(0.0, 5.0))
def test_closed_forms(pars, I, sig):
    rates = checked_call(nl.lif_rate, pars, np.array(I))
    assert rates.shape == (len(I),) and finite(rates) and np.all(rates >= 0)
    assert np.all(rates <= 1000.0 / pars["tref"]) if pars["tref"] > 0 else True
    s = checked_call(nl.siegert_rate, pars, np.array(I[:3]), sig)
    assert np.shape(s) == (min(3, len(I)),) and finite(s) and np.all(s >= 0)
    assert finite(checked_call(nl.lif_rheobase, pars))


@given(lif_pars(T_max=60.0), st.lists(currents, min_size=1, max_size=5), real(0.0, 4.0),
       st.sampled_from(["isi", "count"]), st.integers(0, 1000))
def test_fi_curve(pars, I, sig, method, seed):
    r = checked_call(nl.fi_curve, pars, np.array(I), sig=sig, seed=seed, method=method)
    assert r.shape == (len(I),) and finite(r) and np.all(r >= 0)


@given(lif_pars(T_max=40.0),
       st.one_of(real(0.0, 3.0), st.lists(real(0.0, 3.0), min_size=1, max_size=3)),
       st.integers(0, 1000), real(0.5, 20.0))
def test_find_rheobase_returns_a_boundary(pars, sig, seed, tol):
    r = checked_call(nl.find_rheobase, pars, sig=sig, seed=seed, tol=tol, points=7)
    assert np.shape(r) == np.shape(sig) and finite(r)
    if np.ndim(sig) == 0 and sig == 0:
        s = nl.run_lif(pars, float(r)).spikes
        assert s.size > 0  # the answer fires; tol below it does not
        assert nl.run_lif(pars, float(r) - tol).spikes.size == 0


def test_find_rheobase_tiny_tol_is_an_error_and_extremes_return():
    rejects(lambda: nl.find_rheobase(nl.default_pars(), tol=1e-14), "tol")
    r = nl.find_rheobase(nl.default_pars(), tol=1e-9)
    assert 200.0 < r <= 200.0 + 1e-9
    rejects(lambda: nl.find_rheobase(nl.default_pars(V_init=-55.0)), "V_init")
    rejects(lambda: nl.find_rheobase(nl.default_pars(T=0.2)), "T = 0.2")


# --- analyses --------------------------------------------------------------------------------

trains = st.tuples(real(0.0, 100.0), st.lists(real(1e-3, 500.0), max_size=40)).map(
    lambda t: t[0] + np.cumsum(t[1]))


@given(st.lists(trains, min_size=1, max_size=4), real(1.0, 1e4))
def test_spike_train_analyses(batch, T):
    for spikes in (batch[0], batch):
        count = checked_call(nl.spike_count, spikes)
        rate = checked_call(nl.spike_rate, spikes, T)
        isi_r = checked_call(nl.isi_rate, spikes)
        isi, cv = checked_call(nl.isi_cv, spikes)
        assert finite(count) and finite(rate) and finite(isi_r) and np.all(np.asarray(isi_r) >= 0)
        cvs = np.atleast_1d(cv)
        assert np.all(np.isnan(cvs) | (cvs >= 0))
    assert list(nl.spike_count(batch)) == [len(s) for s in batch]


@given(st.sampled_from(BAD_TRAINS), st.booleans(),
       st.sampled_from([nl.isi_cv, nl.isi_rate, nl.spike_count, lambda s: nl.spike_rate(s, 100.0)]))
def test_bad_spike_trains_are_named_errors(train, in_batch, fn):
    batchable = in_batch and train is not None and not isinstance(train, str)
    spikes = [np.array([1.0, 2.0]), train] if batchable else train
    rejects(lambda: fn(spikes), "spike")


@given(st.lists(real(-1e3, 1e3), min_size=2, max_size=300), real(0.01, 5.0))
def test_psd_parseval(x, dt):
    x = np.array(x)
    f, S = checked_call(nl.psd, x, dt)
    assert f.shape == S.shape == (x.size // 2 + 1,) and finite(S) and np.all(S >= 0)
    assert np.sum(S) * (f[1] - f[0]) == pytest.approx(np.mean(x ** 2), rel=1e-9, abs=1e-9)


@given(st.lists(real(-1e3, 1e3), min_size=2, max_size=100),
       st.floats(min_value=5e-324, max_value=1.7e308, allow_subnormal=True))
def test_psd_at_the_float_edges_of_dt(x, dt):
    """psd with a dt anywhere in the floats: Parseval's sum and the Nyquist frequency, or a
    ValueError naming dt (never x, which is fine), never inf, NaN or a RuntimeWarning."""
    x = np.array(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            f, S = nl.psd(x, dt)
        except ValueError as exc:
            assert names_word("dt", str(exc)) and not names_word("x", str(exc)), str(exc)
            return
    assert finite(f) and finite(S) and np.all(S >= 0)
    highest = (x.size // 2) * 2 / x.size  # of the Nyquist frequency 500/dt Hz (odd sizes: less)
    assert f[-1] == pytest.approx(highest * (500.0 / dt), rel=1e-12)
    # each bin times the bin width first: sum(S) alone may exceed the floats at a huge dt
    assert np.sum(S * (f[1] - f[0])) == pytest.approx(np.mean(x ** 2), rel=1e-9, abs=1e-9)


@given(st.lists(real(-1e6, 1e6), min_size=2, max_size=50))
def test_zero_crossings(y):
    y = np.array(y)
    x = np.arange(y.size, dtype=float) * 0.5 - 3.0
    r = checked_call(nl.zero_crossings, x, y)
    assert r.ndim == 1 and finite(r) and np.all(np.diff(r) >= 0)
    assert np.all((r >= x[0]) & (r <= x[-1]))
    assert r.size >= np.count_nonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0)


# --- Hodgkin-Huxley --------------------------------------------------------------------------

@st.composite
def hh_pars(draw):
    return nl.hh_pars(T=draw(real(0.05, 4.0)), dt=draw(st.sampled_from([0.01, 0.02, 0.025])),
                      gbar_Na=draw(real(60.0, 180.0)), gbar_K=draw(real(12.0, 60.0)),
                      V_init=draw(real(-80.0, -50.0)))


@given(hh_pars(), st.lists(real(-20.0, 200.0), min_size=1, max_size=3))
def test_run_hh_batch_equals_single(pars, levels):
    r = checked_call(nl.run_hh, pars, np.array(levels)[:, None])
    Lt = pars["range_t"].size
    assert r.v.shape == (len(levels), Lt) and finite(r.v)
    for x in (r.m, r.h, r.n):
        assert np.all((x >= 0) & (x <= 1))
    for i, I in enumerate(levels):
        s = nl.run_hh(pars, I)
        assert np.array_equal(s.v, r.v[i]) and np.array_equal(s.spikes, r.spikes[i])


@given(st.one_of(real(-150.0, 100.0), st.lists(real(-150.0, 100.0), min_size=1, max_size=20)))
def test_hh_rate_functions(v):
    shape = np.shape(v)
    for f in (nl.alpha_n, nl.beta_n, nl.alpha_m, nl.beta_m, nl.alpha_h, nl.beta_h):
        r = checked_call(f, v)
        assert np.shape(r) == shape and finite(r) and np.all(np.asarray(r) > 0)
    for x in checked_call(nl.hh_steady_state, v):
        assert np.shape(x) == shape and np.all((np.asarray(x) >= 0) & (np.asarray(x) <= 1))
    for tau in checked_call(nl.hh_time_constants, v):
        assert np.shape(tau) == shape and finite(tau) and np.all(np.asarray(tau) > 0)


# --- EIF, AdEx, GEM ----------------------------------------------------------------------------

@given(st.sampled_from(["eif", "adex", "gem"]), real(1.0, 40.0), st.sampled_from([0.05, 0.1]),
       st.lists(real(-300.0, 1500.0), min_size=1, max_size=3))
def test_if_models_batch_equals_single(model, T, dt, levels):
    make, run = {"eif": (nl.eif_pars, nl.run_eif), "adex": (nl.adex_pars, nl.run_adex),
                 "gem": (nl.gem_pars, nl.run_gem)}[model]
    pars = make(T=T, dt=dt)
    out = checked_call(run, pars, np.array(levels)[:, None])
    assert out.v.shape == (len(levels), pars["range_t"].size) and finite(out.v)
    for i, I in enumerate(levels):
        single = run(pars, I)
        assert np.array_equal(single.v, out.v[i]) and np.array_equal(single.spikes, out.spikes[i])


@given(st.one_of(real(-120.0, 0.0), st.lists(real(-120.0, 0.0), min_size=1, max_size=20)),
       real(-500.0, 500.0))
def test_model_curves(V, I):
    shape = np.shape(V)
    F = checked_call(nl.eif_current, nl.eif_pars(), V, I)
    assert np.shape(F) == shape and finite(F)
    w_V, w_w = checked_call(nl.adex_nullclines, nl.adex_pars(), V, I)
    assert np.shape(w_V) == np.shape(w_w) == shape and finite(w_V) and finite(w_w)
    f = checked_call(nl.gem_activation, nl.gem_pars(), V)
    assert np.shape(f) == shape and np.all((np.asarray(f) >= 0) & (np.asarray(f) <= 1))
    assert finite(checked_call(nl.eif_rheobase, nl.eif_pars()))


@given(st.sampled_from(sorted(nl.ADEX_PATTERNS)), real(100.0, 300.0))
def test_adex_patterns(name, T):
    pars, I = checked_call(nl.adex_pattern, name, T=T)
    assert I.shape == pars["range_t"].shape and finite(I)


# --- invalid input: only ValueError/TypeError, naming the argument -----------------------------

P = nl.default_pars(T=20.0)
HP = nl.hh_pars(T=2.0)
EP = nl.eif_pars(T=20.0)

NUMBER_ARGS = {
    "run_lif I_inj": (lambda b: nl.run_lif(P, b), "I_inj"),
    "run_hh I_inj": (lambda b: nl.run_hh(HP, b), "I_inj"),
    "run_eif I_inj": (lambda b: nl.run_eif(EP, b), "I_inj"),
    "run_adex I_inj": (lambda b: nl.run_adex(nl.adex_pars(T=20.0), b), "I_inj"),
    "run_gem I_inj": (lambda b: nl.run_gem(nl.gem_pars(T=20.0), b), "I_inj"),
    "run_hh threshold": (lambda b: nl.run_hh(HP, 0.0, threshold=b), "threshold"),
    "gwn mu": (lambda b: nl.gwn(P, b, 1.0), "mu"),
    "gwn sig": (lambda b: nl.gwn(P, 0.0, b), "sig"),
    "ou mu": (lambda b: nl.ou(P, b, 1.0), "mu"),
    "ou sig": (lambda b: nl.ou(P, 0.0, b), "sig"),
    "ou tau_ou": (lambda b: nl.ou(P, 0.0, 1.0, tau_ou=b), "tau_ou"),
    "gwn n": (lambda b: nl.gwn(P, 0.0, 1.0, n=b), "n"),
    "step_current amplitude": (lambda b: nl.step_current(P, b), "amplitude"),
    "step_current t_on": (lambda b: nl.step_current(P, 1.0, t_on=b), "t_on"),
    "lif_rate I": (lambda b: nl.lif_rate(P, b), "I"),
    "siegert_rate mu": (lambda b: nl.siegert_rate(P, b, 1.0), "mu"),
    "siegert_rate sig": (lambda b: nl.siegert_rate(P, 100.0, b), "sig"),
    "fi_curve I_values": (lambda b: nl.fi_curve(P, b), "I_values"),
    "fi_curve sig": (lambda b: nl.fi_curve(P, [100.0], sig=b), "sig"),
    "find_rheobase sig": (lambda b: nl.find_rheobase(P, sig=b), "sig"),
    "find_rheobase tol": (lambda b: nl.find_rheobase(P, tol=b), "tol"),
    "find_rheobase points": (lambda b: nl.find_rheobase(P, points=b), "points"),
    "find_rheobase I_low": (lambda b: nl.find_rheobase(P, I_low=b), "I_low"),
    "psd x": (lambda b: nl.psd(b, 0.1), "x"),
    "psd dt": (lambda b: nl.psd(np.ones(8), b), "dt"),
    "spike_rate T": (lambda b: nl.spike_rate([1.0], b), "T"),
    "zero_crossings y": (lambda b: nl.zero_crossings([0.0, 1.0], b), "y"),
    "hh_steady_state v": (lambda b: nl.hh_steady_state(b), "v"),
    "alpha_n v": (lambda b: nl.alpha_n(b), "v"),
    "hh_time_constants v": (lambda b: nl.hh_time_constants(b), "v"),
    "eif_current V": (lambda b: nl.eif_current(EP, b), "V"),
    "eif_current I": (lambda b: nl.eif_current(EP, -60.0, b), "I"),
    "adex_nullclines V": (lambda b: nl.adex_nullclines(nl.adex_pars(), b), "V"),
    "gem_activation v": (lambda b: nl.gem_activation(nl.gem_pars(), b), "v"),
}


@given(st.sampled_from(sorted(NUMBER_ARGS)), bad_numbers)
def test_bad_numbers_are_named_errors(where, bad):
    call, name = NUMBER_ARGS[where]
    if name in ("n", "I_low", "tau_ou") and bad is None:
        return  # None means "not given" for these
    if name in ("x", "y") and isinstance(bad, np.ndarray) and bad.dtype.kind == "f":
        return
    rejects(lambda: call(bad), name)


PARAM_MAKERS = [
    (nl.default_pars, ["V_th", "tau_m", "g_L", "T", "dt", "tref", "tau_ou", "E_L"]),
    (nl.hh_pars, ["C", "gbar_Na", "gbar_K", "E_Na", "V_init", "T", "dt"]),
    (nl.eif_pars, ["C", "g_L", "Delta_T", "V_T", "dt"]),
    (nl.adex_pars, ["a", "b", "tau_w"]),
    (nl.gem_pars, ["g_x", "tau_x", "k_x", "x_init"]),
]
bad_scalars = st.sampled_from([True, np.True_, 1 + 2j, "10", None, float("nan"), float("inf"),
                               [1.0], np.array(1.0), object()])


@given(st.sampled_from(range(len(PARAM_MAKERS))), st.data(), bad_scalars)
def test_bad_parameters_are_named_errors(k, data, bad):
    make, keys = PARAM_MAKERS[k]
    key = data.draw(st.sampled_from(keys))
    rejects(lambda: make(**{key: bad}), key)
    pars = make()
    pars[key] = bad  # edited by hand: the simulators check again
    run = {nl.default_pars: nl.run_lif, nl.hh_pars: nl.run_hh, nl.eif_pars: nl.run_eif,
           nl.adex_pars: nl.run_adex, nl.gem_pars: nl.run_gem}[make]
    rejects(lambda: run(pars, 0.0), key)


@given(st.sampled_from(BAD_SEEDS),
       st.sampled_from(["gwn", "ou", "fi_curve", "find_rheobase"]))
def test_bad_seeds_are_named_errors(seed, where):
    call = {"gwn": lambda s: nl.gwn(P, 0.0, 1.0, seed=s),
            "ou": lambda s: nl.ou(P, 0.0, 1.0, seed=s),
            "fi_curve": lambda s: nl.fi_curve(P, [100.0], sig=1.0, seed=s),
            "find_rheobase": lambda s: nl.find_rheobase(P, sig=1.0, seed=s, tol=1.0)}[where]
    rejects(lambda: call(seed), "seed")


@given(st.sampled_from(["no", "yes", 1, 0, 0.0, None, [], np.array([True]), "False"]))
def test_stop_must_be_a_bool(stop):
    rejects(lambda: nl.run_lif(P, 100.0, stop=stop), "stop")


@given(st.sampled_from([None, [1, 2], "pars", 3.0, {"T": 10.0}]),
       st.sampled_from([nl.run_lif, nl.run_hh, nl.run_eif, nl.run_adex, nl.run_gem, nl.lif_rate,
                        nl.gwn, nl.ou, nl.step_current, nl.fi_curve, nl.find_rheobase]))
def test_bad_pars_are_named_errors(pars, fn):
    args = {nl.lif_rate: (pars, 1.0), nl.gwn: (pars, 0.0, 1.0), nl.ou: (pars, 0.0, 1.0),
            nl.fi_curve: (pars, [1.0]), nl.find_rheobase: (pars,)}.get(fn, (pars, 0.0))
    rejects(lambda: fn(*args), "pars", "dt", "tau_ou")


@given(st.sampled_from([(1e7, 0.1), (400.0, 1e-9), (1e308, 0.1), (400.0, 5e-324), (1e12, 1.0)]),
       st.sampled_from([nl.default_pars, nl.hh_pars, nl.eif_pars]))
def test_huge_runs_are_refused_before_allocating(T_dt, make):
    T, dt = T_dt
    err = rejects(lambda: make(T=T, dt=dt), "T =", "dt")
    assert "dt" in str(err) or "tau" in str(err)


@given(st.integers(2, 10 ** 6), st.sampled_from(["gwn", "ou", "run_lif", "run_hh", "fi_curve"]))
def test_batch_size_ceiling_names_the_batch(n, where):
    """Said to have 200 MB available, a call may return 100 MB of arrays."""
    p = nl.default_pars(T=4000.0)
    call = {"gwn": lambda: nl.gwn(p, 0.0, 1.0, n=n, seed=0),
            "ou": lambda: nl.ou(p, 0.0, 1.0, n=n, seed=0),
            "run_lif": lambda: nl.run_lif(p, np.zeros((n, 1))),
            "run_hh": lambda: nl.run_hh(nl.hh_pars(T=400.0), np.zeros((n, 1))),
            "fi_curve": lambda: nl.fi_curve(p, np.zeros(n), sig=1.0)}[where]
    nbytes = 8 * n * (7 * 40000 if where == "run_hh" else p["range_t"].size)
    assume(nbytes > 100e6)
    with mock.patch.object(Engine, "available_memory", staticmethod(lambda: 200_000_000)):
        err = rejects(call, "n =")
    assert "T =" in str(err) and "dt =" in str(err) and "would take" in str(err)


@pytest.mark.parametrize("I, words", [
    (-1e305, "I_inj"),
    (-1e12, "mV"),
])
def test_lif_divergence_is_an_error(I, words):
    rejects(lambda: nl.run_lif(nl.default_pars(g_L=1e-10), I), words)
    rejects(lambda: nl.run_lif(nl.default_pars(g_L=1e-10), np.array([[I], [0.0]])), words)


# --- outside audit: misspelled keys, masked arrays, float edges ------------------------------


def examples(n):
    """n examples under the 'dev' and 'ci' profiles (25 by default), proportionally more under
    'hunt'."""
    return n * max(1, settings().max_examples // 25)


MODELS = {
    "LIF": (nl.default_pars, nl.run_lif, dict(T=20.0)),
    "HH": (nl.hh_pars, nl.run_hh, dict(T=1.0)),
    "EIF": (nl.eif_pars, nl.run_eif, dict(T=20.0)),
    "AdEx": (nl.adex_pars, nl.run_adex, dict(T=20.0)),
    "GEM": (nl.gem_pars, nl.run_gem, dict(T=20.0)),
}


def names_word(word, msg):
    """`msg` names `word` as a word of its own (so 'tau_' is not found inside 'tau_m')."""
    return re.search(r"(?<![A-Za-z0-9_])" + re.escape(word) + r"(?![A-Za-z0-9_])", msg) is not None


@st.composite
def one_edit(draw, key):
    """`key` altered by one edit: a character's case swapped, a character dropped, two
    neighbours swapped, or a character added."""
    edit = draw(st.sampled_from(["case", "drop", "swap", "add"]))
    if edit == "add":
        i = draw(st.integers(0, len(key)))
        c = draw(st.sampled_from(string.ascii_letters + string.digits + "_"))
        return key[:i] + c + key[i:]
    if edit == "swap":
        assume(len(key) >= 2)
        i = draw(st.integers(0, len(key) - 2))
        return key[:i] + key[i + 1] + key[i] + key[i + 2:]
    i = draw(st.integers(0, len(key) - 1))
    if edit == "drop":
        return key[:i] + key[i + 1:]
    return key[:i] + key[i].swapcase() + key[i + 1:]


@settings(max_examples=examples(60))
@given(st.sampled_from(sorted(MODELS)), st.data())
def test_misspelled_keys_are_named_errors(model, data):
    """A key altered by one edit (that is not itself a valid key) is a ValueError naming it, from
    the maker and, in a hand-edited dict (the key renamed), from the model's run function."""
    make, run, short = MODELS[model]
    pars = make(**short)
    keys = [k for k in pars if k != "range_t"]
    key = data.draw(st.sampled_from(keys), label="key")
    bad = data.draw(one_edit(key), label="altered key")
    assume(bad and bad not in pars)
    err = rejects(lambda: make(**{bad: pars[key]}), bad)
    assert isinstance(err, ValueError) and names_word(bad, str(err)), str(err)
    edited = dict(pars)
    edited[bad] = edited.pop(key)
    err = rejects(lambda: run(edited, 0.0), bad)
    assert isinstance(err, ValueError) and names_word(bad, str(err)), str(err)


ANY_MODEL_KEYS = {k for make, _, short in MODELS.values() for k in make(**short)}


@settings(max_examples=examples(40))
@given(st.sampled_from(sorted(MODELS)), st.data())
def test_misspelled_keys_are_named_by_the_inputs_and_curves(model, data):
    """The input makers take any model's parameters: a key added by hand that no model has is a
    ValueError naming it; adex_nullclines refuses a key the AdEx does not have."""
    make, _, short = MODELS[model]
    pars = make(**short)
    key = data.draw(st.sampled_from([k for k in pars if k != "range_t"]), label="key")
    bad = data.draw(one_edit(key), label="altered key")
    assume(bad and bad not in ANY_MODEL_KEYS)
    edited = {**pars, bad: pars[key]}
    for call in (lambda: nl.gwn(edited, 0.0, 1.0), lambda: nl.ou(edited, 0.0, 1.0),
                 lambda: nl.step_current(edited, 1.0)):
        err = rejects(call, bad)
        assert isinstance(err, ValueError) and names_word(bad, str(err)), str(err)
    if model == "AdEx":
        err = rejects(lambda: nl.adex_nullclines(edited, -60.0), bad)
        assert isinstance(err, ValueError) and names_word(bad, str(err)), str(err)


MASKED_CALLS = {
    # name: (function of one array, argument name, strategy of plain 1-D values)
    "run_lif I_inj": (lambda I: nl.run_lif(nl.default_pars(T=20.0), I[:, None]), "I_inj",
                      st.lists(real(-200.0, 600.0), min_size=1, max_size=4)),
    "lif_rate I": (lambda I: nl.lif_rate(nl.default_pars(), I), "I",
                   st.lists(real(-500.0, 3000.0), min_size=1, max_size=20)),
    "isi_cv spikes": (nl.isi_cv, "spike", trains.filter(lambda t: t.size > 0).map(list)),
    "psd x": (lambda x: nl.psd(x, 0.1), "x", st.lists(real(-1e3, 1e3), min_size=2, max_size=100)),
}


@settings(max_examples=examples(60))
@given(st.sampled_from(sorted(MASKED_CALLS)), st.data())
def test_masked_arrays(where, data):
    """Any masked entry is a named error that says the array is masked; with nothing masked the
    result is exactly the plain array's."""
    call, name, values = MASKED_CALLS[where]
    x = np.array(data.draw(values, label="values"), dtype=float)
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=x.size, max_size=x.size),
                              label="mask"))
    masked = np.ma.masked_array(x, mask=mask)
    if mask.any():
        err = rejects(lambda: call(masked), name)
        assert "mask" in str(err).lower(), str(err)
    else:
        assert _same(call(masked), call(x))


def magnitude(lo=-12.0, hi=12.0):
    """Positive numbers log-uniform between 10**lo and 10**hi (the bounds themselves often)."""
    return st.one_of(st.sampled_from([10.0 ** lo, 10.0 ** hi]),
                     st.floats(lo, hi).map(lambda e: min(max(10.0 ** e, 10.0 ** lo), 10.0 ** hi)))


def signed(lo=-12.0, hi=12.0):
    """0, or a magnitude of either sign."""
    return st.one_of(st.just(0.0), magnitude(lo, hi), magnitude(lo, hi).map(lambda x: -x))


def around(default, values):
    """A parameter: its default, or one of `values` (so that one extreme at a time, among
    ordinary values, is tried as often as all extremes at once)."""
    return st.one_of(st.just(default), values)


def made(make, **kw):
    """make(**kw), the example rejected if the maker refuses it (a relational rule)."""
    try:
        return make(**kw)
    except ValueError:
        assume(False)


@st.composite
def extreme_lif_pars(draw):
    d = nl.default_pars()
    tau_m = draw(around(d["tau_m"], magnitude()))
    dt = min(0.1, tau_m / 10.0)
    return made(nl.default_pars, tau_m=tau_m, g_L=draw(around(d["g_L"], magnitude())),
                E_L=draw(around(d["E_L"], signed())), V_th=draw(around(d["V_th"], signed())),
                V_reset=draw(around(d["V_reset"], signed())),
                V_init=draw(around(d["V_init"], signed())),
                tref=draw(around(d["tref"], st.one_of(st.just(0.0), magnitude()))),
                tau_ou=draw(around(d["tau_ou"], magnitude())), dt=dt, T=10 * dt)


@st.composite
def extreme_eif_pars(draw, adex=False):
    d = (nl.adex_pars if adex else nl.eif_pars)()
    C, g_L = draw(around(d["C"], magnitude())), draw(around(d["g_L"], magnitude()))
    Delta_T, V_T = draw(around(d["Delta_T"], magnitude())), draw(around(d["V_T"], signed()))
    kw = dict(C=C, g_L=g_L, Delta_T=Delta_T, V_T=V_T, E_L=draw(around(d["E_L"], signed())),
              V_init=draw(around(d["V_init"], signed())),
              V_spike=draw(around(d["V_spike"],
                                  st.floats(1e-3, 500.0).map(lambda u: V_T + Delta_T * u))),
              tref=draw(around(d["tref"], magnitude())))
    kw["V_r"] = draw(around(d["V_r"], magnitude().map(lambda m: kw["V_spike"] - m)))
    taus = [C / g_L]
    if adex:
        kw.update(a=draw(around(d["a"], signed())), b=draw(around(d["b"], signed())),
                  tau_w=draw(around(d["tau_w"], magnitude())),
                  w_init=draw(around(d["w_init"], signed())))
        taus.append(kw["tau_w"])
    kw["dt"] = min(0.1, min(taus) / 10.0)
    kw["T"] = 10 * kw["dt"]
    return made(nl.adex_pars if adex else nl.eif_pars, **kw)


def finite_or_value_error(fn):
    """fn()'s result, all finite, or None if it raised a ValueError; a RuntimeWarning fails."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            out = fn()
        except ValueError:
            return None
    for part in (out if isinstance(out, tuple) else (out,)):
        assert finite(part), f"not finite: {out!r}"
    return out


# Found by the two properties below (minimal examples from hypothesis): tref = 0 with a drive
# so strong that the interspike interval, tau_m ln((V_inf - V_reset) / (V_inf - V_th)), rounded
# to 0 ms (the ratio rounds to 1, or y_th == y_r in siegert_rate's integral), and the rate was
# 1000 / 0 = inf, where the exact rate is finite (about 5e19 Hz and 3e26 Hz). Both now keep
# the difference (log1p, and y_th - y_r computed as (V_th - V_reset) / sigma).
LIF_RATE_INF = dict(tref=0.0, g_L=1e-12, T=1.0)
SIEGERT_INF = dict(tref=0.0, g_L=1e-12, V_th=0.0, V_reset=-1e-12, T=1.0)


def test_rates_stay_finite_where_the_interval_rounds_to_zero():
    """The two examples above against independent first-order formulas: for x = (V_th -
    V_reset) / (V_inf - V_th) -> 0 the ISI is tau_m x; for a reset dy (in noise units) below
    threshold, 1/rate = tau_m sqrt(pi) dy exp(y_th²) (1 + erf y_th)."""
    p = nl.default_pars(**LIF_RATE_INF)
    x = (p["V_th"] - p["V_reset"]) / (p["E_L"] + 1e7 / p["g_L"] - p["V_th"])
    assert nl.lif_rate(p, 1e7) == pytest.approx(1000.0 / (p["tau_m"] * x), rel=1e-9)
    p = nl.default_pars(**SIEGERT_INF)
    tau_s = p["tau_m"] / 1000.0
    sigma = 1.0 / (p["g_L"] * math.sqrt(tau_s))
    y_th = (p["V_th"] - (p["E_L"] - 1.0 / p["g_L"])) / sigma
    dy = (p["V_th"] - p["V_reset"]) / sigma
    expected = 1.0 / (tau_s * math.sqrt(math.pi) * dy * math.exp(y_th ** 2) * (1 + math.erf(y_th)))
    assert nl.siegert_rate(p, -1.0, 1.0) == pytest.approx(expected, rel=1e-6)


@settings(max_examples=examples(80))
@example(pars=nl.default_pars(**LIF_RATE_INF), I=1e7)
@given(extreme_lif_pars(), around(300.0, signed()))
def test_lif_rate_across_the_parameter_bounds(pars, I):
    """lif_rate over parameters anywhere in 1e-12..1e12 (as the makers accept them): a finite
    rate >= 0 or a ValueError, never NaN, inf or a RuntimeWarning."""
    out = finite_or_value_error(lambda: nl.lif_rate(pars, I))
    assert out is None or out >= 0


@settings(max_examples=examples(80))
@example(pars=nl.default_pars(**SIEGERT_INF), mu=-1.0, sig=1.0)
@given(extreme_lif_pars(), around(300.0, signed()),
       around(1.0, st.one_of(st.just(0.0), magnitude())))
def test_siegert_rate_across_the_parameter_bounds(pars, mu, sig):
    """siegert_rate over parameters anywhere in 1e-12..1e12: a finite rate >= 0 or a ValueError,
    never NaN, inf or a RuntimeWarning."""
    out = finite_or_value_error(lambda: nl.siegert_rate(pars, mu, sig))
    assert out is None or out >= 0


@settings(max_examples=examples(80))
@given(extreme_lif_pars())
def test_lif_rheobase_across_the_parameter_bounds(pars):
    """lif_rheobase over parameters anywhere in 1e-12..1e12: finite (or a ValueError)."""
    finite_or_value_error(lambda: nl.lif_rheobase(pars))


@settings(max_examples=examples(80))
@given(st.booleans(), st.data(), signed(), signed())
def test_if_closed_forms_across_the_parameter_bounds(adex, data, V, I):
    """eif_rheobase and adex_nullclines (and eif_current) over parameters anywhere in
    1e-12..1e12: finite or a ValueError, never NaN, inf or a RuntimeWarning."""
    pars = data.draw(extreme_eif_pars(adex=adex), label="pars")
    if adex:
        finite_or_value_error(lambda: nl.adex_nullclines(pars, V, I))
    else:
        finite_or_value_error(lambda: nl.eif_rheobase(pars))
    finite_or_value_error(lambda: nl.eif_current(pars, V, I))


@settings(max_examples=examples(100))
@given(st.floats(-300.0, 300.0), st.integers(2, 40), st.floats(-0.999, 0.999), st.data())
def test_zero_crossings_of_a_line_at_float_edges(x_exp, n, u, data):
    """y = s (x - x0) sampled on a grid, s anywhere from 5e-324 to 1e308 in size: the one crossing
    is the exact linear interpolation of the samples around it (to a few rounding errors of the
    grid), and x0 itself within what the rounding of y allows; no warnings."""
    s = data.draw(st.sampled_from([5e-324, 1e-320, 1e-310, 1e308])
                  | st.floats(-323.0, 308.0).map(lambda e: 10.0 ** e),
                  label="scale") * data.draw(st.sampled_from([1.0, -1.0]), label="sign")
    assume(s != 0.0 and np.isfinite(s))
    scale = 10.0 ** x_exp
    x = scale * np.linspace(-1.0, 1.0, n)
    x0 = scale * u
    with np.errstate(all="ignore"):
        y = s * (x - x0)
    assume(np.all(np.isfinite(y)) and np.all(np.sign(y) == np.sign(x - x0)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = nl.zero_crossings(x, y)
    assert r.shape == (1,), r
    exact = x[y == 0.0]
    if exact.size:
        assert r[0] == exact[0]
        return
    k = int(np.nonzero(np.sign(y[:-1]) != np.sign(y[1:]))[0][0])
    X0, X1, Y0, Y1 = (Fraction(float(v)) for v in (x[k], x[k + 1], y[k], y[k + 1]))
    interpolated = float(X0 + Y0 * (X1 - X0) / (Y0 - Y1))
    grid = abs(x[k]) + abs(x[k + 1])
    assert abs(r[0] - interpolated) <= 1e-12 * grid + 1e-322, (r[0], interpolated)
    # x0: the samples are s (x - x0) rounded (relative 2 eps) and, if subnormal, to 5e-324
    h = float(X1 - X0)
    d = max(abs(y[k]), abs(y[k + 1]))  # at most |y[k] - y[k+1]| (opposite signs)
    with np.errstate(over="ignore"):
        tol = 1e-12 * (abs(x0) + h) + (h / d) * 2e-323
    assert abs(r[0] - x0) <= tol, (r[0], x0, tol)
