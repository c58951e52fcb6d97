"""Audit of neurolab under hostile and careless input: the nine kinds of issue 11, many cases
each. Prints, per kind, how many cases are handled well.

Handled well means: the call returns quickly with finite numbers that are right (where the
case says what right is), or it raises ValueError or TypeError (or warns in words, a
UserWarning) with a message that names the offending argument. Anything else is counted as a
failure: a hang (more than TIMEOUT seconds), NaN or absurd output, a RuntimeWarning or a
ComplexWarning, another exception type (IndexError, OverflowError, MemoryError, ...), or a
message that names none of the expected words.

    python benchmarks/audit_inputs.py [--root DIR] [-v]

--root runs the audit against another copy of the package (e.g. a git worktree of an older
commit); -v prints every case that is not handled well. The process limits its own address
space to 3 GB, so the huge-run cases fail fast with a MemoryError instead of swapping.
"""

import argparse
import contextlib
import resource
import signal
import sys
import time
import warnings
from pathlib import Path

import numpy as np

TIMEOUT = 10.0  # s


class Timeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds):
    def handler(signum, frame):
        raise Timeout()
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_case(fn):
    """('ok', value, warnings) | ('raise', exc, warnings) | ('timeout', None, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with time_limit(TIMEOUT):
                value = fn()
            return "ok", value, caught
        except Timeout:
            return "timeout", None, caught
        except BaseException as exc:  # noqa: BLE001 - the audit records every kind
            return "raise", exc, caught


def _finite(value):
    """All numbers in a (nested) result finite (no NaN, no infinity)."""
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_finite(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return all(_finite(getattr(value, k)) for k in ("v", "m", "h", "n"))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return True
    return bool(np.all(np.isfinite(arr)))


def bad_warnings(caught):
    return [w for w in caught
            if issubclass(w.category, (RuntimeWarning, np.exceptions.ComplexWarning
                                       if hasattr(np, "exceptions") else RuntimeWarning,
                                       DeprecationWarning))]


def rejects(*names):
    """Handled well: ValueError/TypeError whose message names one of `names`."""
    def check(kind, value, caught):
        if kind != "raise":
            return False, f"returned {str(value)[:60]!r}" if kind == "ok" else kind
        if not isinstance(value, (ValueError, TypeError)):
            return False, f"{type(value).__name__}: {str(value)[:80]}"
        msg = str(value)
        if names and not any(n in msg for n in names):
            return False, f"message names none of {names}: {msg[:100]}"
        return True, ""
    return check


def ok_if(test, *names):
    """Handled well: a finite result passing `test`, or a named ValueError/TypeError, or a
    UserWarning in words with a finite result."""
    named = rejects(*names)

    def check(kind, value, caught):
        if kind == "raise":
            return named(kind, value, caught)
        if kind == "timeout":
            return False, "timeout"
        bad = bad_warnings(caught)
        if bad:
            return False, f"warning: {bad[0].category.__name__}"
        if not _finite(value):
            return False, "non-finite result"
        try:
            good = test(value)
        except Exception as exc:  # noqa: BLE001
            return False, f"test failed: {exc!r}"
        return (True, "") if good else (False, f"wrong result {str(value)[:80]}")
    return check


def cases(nl):
    """(kind, label, fn, check) tuples."""
    out = []
    add = lambda kind, label, fn, check: out.append((kind, label, fn, check))
    P = nl.default_pars

    # 1. hangs: iterative searches with extreme tolerances and settings
    for tol in (1e-14, 1e-15, 1e-300, 5e-324, 1e-12):
        add(1, f"find_rheobase tol={tol}", lambda tol=tol: nl.find_rheobase(P(), tol=tol),
            ok_if(lambda r: 199.9 < r < 200.1, "tol"))
    add(1, "find_rheobase tol=1e-14 with noise", lambda: nl.find_rheobase(P(), sig=[0.0, 2.0], seed=1, tol=1e-14),
        ok_if(lambda r: r[0] > 199.9, "tol"))
    add(1, "find_rheobase points=1 tol=1e-13", lambda: nl.find_rheobase(P(), points=1, tol=1e-13),
        ok_if(lambda r: 199.9 < r < 200.1, "tol", "points"))
    add(1, "find_rheobase points=10**7", lambda: nl.find_rheobase(P(), points=10 ** 7),
        rejects("points"))
    add(1, "find_rheobase I_low=-1e300 I_high=1e300", lambda: nl.find_rheobase(P(), I_low=-1e300, I_high=1e300),
        ok_if(lambda r: 199.9 < r < 200.1, "I_low", "I_high"))
    add(1, "find_rheobase I_high=1e308", lambda: nl.find_rheobase(P(), I_low=0.0, I_high=1e308),
        ok_if(lambda r: 199.9 < r < 200.1, "I_high"))
    add(1, "find_rheobase tref huge", lambda: nl.find_rheobase(P(tref=1e6)),
        ok_if(lambda r: 199.9 < r < 200.1, "tref"))

    # 2. silent NaN or wrong statistics (OU against tau_ou and dt)
    for tau in (0.049, 0.05, 0.06, 0.1, 0.2, 0.5, 0.01, 1e-6):
        def ou_std(tau=tau):
            return nl.ou(P(T=2000.0), 0.0, 1.0, seed=0, tau_ou=tau)
        add(2, f"ou tau_ou={tau} (dt=0.1)", ou_std,
            ok_if(lambda x: abs(x.std() - 1.0) < 0.1, "tau_ou"))
    for tau in (0.049, 0.2):
        add(2, f"ou batch tau_ou=[10, {tau}]",
            lambda tau=tau: nl.ou(P(T=2000.0), 0.0, 1.0, seed=0, tau_ou=[10.0, tau]),
            ok_if(lambda x: np.all(np.abs(x.std(axis=1) - 1.0) < 0.1), "tau_ou"))
    add(2, "ou pars tau_ou=0.05", lambda: nl.ou(P(T=2000.0, tau_ou=0.05), 0.0, 1.0, seed=0),
        ok_if(lambda x: abs(x.std() - 1.0) < 0.1, "tau_ou"))
    add(2, "gwn sig=1e300", lambda: nl.gwn(P(), 0.0, 1e300, seed=0), ok_if(lambda x: True, "sig"))
    add(2, "ou sig=1e308", lambda: nl.ou(P(), 0.0, 1e308, seed=0), ok_if(lambda x: True, "sig"))
    add(2, "lif_rate I=1e308", lambda: nl.lif_rate(P(), 1e308), ok_if(lambda r: r > 0, "I"))
    add(2, "siegert_rate mu=1e308", lambda: nl.siegert_rate(P(), 1e308, 1.0), ok_if(lambda r: r > 0, "mu"))
    add(2, "psd of 1e200", lambda: nl.psd(np.full(100, 1e200), 0.1), ok_if(lambda r: True, "x"))

    # 3. step-size rules
    def lif_vs_closed(tau_m, I, dt=0.1):
        p = P(tau_m=tau_m, dt=dt, T=400.0)
        v, sp = nl.run_lif(p, I)
        expected = nl.lif_rate(p, I) * p["T"] / 1000.0
        return sp.size, expected
    for tau_m, I in ((0.07, 150.0), (0.1, 150.0), (0.5, 150.0), (0.15, 199.0), (0.07, 300.0), (0.9, 150.0)):
        add(3, f"run_lif tau_m={tau_m} I={I}", lambda tau_m=tau_m, I=I: lif_vs_closed(tau_m, I),
            ok_if(lambda r: abs(r[0] - r[1]) <= max(2, 0.05 * r[1]), "dt", "tau_m"))
    add(3, "fi_curve tau_m=0.05", lambda: nl.fi_curve(P(tau_m=0.05), [150.0]),
        ok_if(lambda r: r[0] == 0, "dt", "tau_m"))
    add(3, "find_rheobase tau_m=0.05", lambda: nl.find_rheobase(P(tau_m=0.05)),
        ok_if(lambda r: abs(r - 200.0) < 1.0, "dt", "tau_m"))
    hh_ref = {}

    def hh_count(dt, I=10.0, T=200.0):
        if (I, T) not in hh_ref:
            hh_ref[(I, T)] = len(nl.run_hh(nl.hh_pars(T=T, dt=0.005), I).spikes)
        return len(nl.run_hh(nl.hh_pars(T=T, dt=dt), I).spikes), hh_ref[(I, T)]
    for dt in (0.5, 2.0, 1.0, 0.25, 0.2):
        add(3, f"run_hh dt={dt} I=10", lambda dt=dt: hh_count(dt),
            ok_if(lambda r: r[0] == r[1], "dt"))
    for dt in (0.5, 0.2):
        add(3, f"run_hh dt={dt} I=50", lambda dt=dt: hh_count(dt, 50.0),
            ok_if(lambda r: r[0] == r[1], "dt"))
    add(3, "run_eif dt=2.5 (tau_m/8)", lambda: nl.run_eif(nl.eif_pars(dt=2.5), 300.0), rejects("dt"))
    add(3, "run_adex tau_w=0.5", lambda: nl.run_adex(nl.adex_pars(tau_w=0.5), 300.0), rejects("dt", "tau_w"))
    add(3, "run_gem tau_x=0.5", lambda: nl.run_gem(nl.gem_pars(tau_x=0.5), 300.0), rejects("dt", "tau_x"))

    # 4. divergence from finite input
    add(4, "run_lif g_L=1e-10 I=-1e305", lambda: nl.run_lif(P(g_L=1e-10), -1e305), rejects("I_inj", "g_L", "V"))
    add(4, "run_lif g_L=1e-10 I=1e305", lambda: nl.run_lif(P(g_L=1e-10), 1e305),
        ok_if(lambda r: np.all(np.abs(r[0]) < 1e4), "I_inj", "g_L", "V"))
    add(4, "run_lif I=-1e308", lambda: nl.run_lif(P(), -1e308), rejects("I_inj", "g_L", "V"))
    add(4, "run_lif I=-1e12", lambda: nl.run_lif(P(), -1e12),
        ok_if(lambda r: np.all(np.abs(r[0]) < 1e4), "I_inj", "V"))
    add(4, "run_lif batch I=[[-1e305],[0]] g_L=1e-10",
        lambda: nl.run_lif(P(g_L=1e-10), np.array([[-1e305], [0.0]])), rejects("I_inj", "g_L", "V"))
    add(4, "run_lif E_L=-1e308", lambda: nl.run_lif(P(E_L=-1e308, V_reset=-1e308), 0.0),
        ok_if(lambda r: np.all(np.abs(r[0]) < 1e4), "E_L", "V"))
    add(4, "run_lif V_init=1e308", lambda: nl.run_lif(P(V_init=1e308), 0.0),
        ok_if(lambda r: np.all(np.abs(r[0]) < 1e4), "V_init", "V"))
    for I in (1e5, 3e4, 1e4, -1e4, -1e5, 5e3):
        add(4, f"run_hh I={I}", lambda I=I: nl.run_hh(nl.hh_pars(T=20.0), I),
            ok_if(lambda r: np.all(np.abs(r.v) < 200.0), "I_inj", "V"))
    add(4, "run_hh ENa=1e4", lambda: nl.run_hh(nl.hh_pars(T=20.0, ENa=1e4), 0.0),
        ok_if(lambda r: np.all(np.abs(r.v) < 200.0), "ENa", "V"))
    add(4, "run_hh gNa=1e6", lambda: nl.run_hh(nl.hh_pars(T=20.0, gNa=1e6), 10.0),
        ok_if(lambda r: np.all(np.abs(r.v) < 200.0), "gNa", "V"))
    add(4, "run_eif I=-1e300", lambda: nl.run_eif(nl.eif_pars(), -1e300), rejects("I_inj", "V"))
    add(4, "run_adex I=-1e300", lambda: nl.run_adex(nl.adex_pars(), -1e300), rejects("I_inj", "V"))
    add(4, "run_gem I=1e300", lambda: nl.run_gem(nl.gem_pars(), 1e300),
        ok_if(lambda r: np.all(np.abs(r[0]) < 1e4), "I_inj", "V"))

    # 5. size limits (named before anything large is allocated)
    add(5, "run_lif T=1e7", lambda: nl.run_lif(P(T=1e7), 100.0), rejects("T"))
    add(5, "default_pars T=1e7", lambda: P(T=1e7), rejects("T"))
    add(5, "default_pars T=1e12", lambda: P(T=1e12), rejects("T"))
    add(5, "default_pars dt=1e-9", lambda: P(dt=1e-9), rejects("dt"))
    add(5, "default_pars dt=1e-300", lambda: P(dt=1e-300), rejects("dt"))
    add(5, "default_pars dt=5e-324", lambda: P(dt=5e-324), rejects("dt"))
    add(5, "default_pars T=1e308", lambda: P(T=1e308), rejects("T"))
    add(5, "hh_pars T=1e6", lambda: nl.hh_pars(T=1e6), rejects("T"))
    add(5, "eif_pars dt=1e-12", lambda: nl.eif_pars(dt=1e-12), rejects("dt"))
    add(5, "gwn n=10**7", lambda: nl.gwn(P(), 0.0, 1.0, n=10 ** 7), rejects("n"))
    add(5, "ou n=10**6", lambda: nl.ou(P(), 0.0, 1.0, n=10 ** 6), rejects("n"))
    add(5, "run_lif (n,1) batch n=10**5 T=4000",
        lambda: nl.run_lif(P(T=4000.0), np.zeros((10 ** 5, 1))), rejects("n", "batch"))
    add(5, "run_hh (n,1) batch n=10**4", lambda: nl.run_hh(nl.hh_pars(), np.zeros((10 ** 4, 1))),
        rejects("n", "batch"))
    add(5, "fi_curve 10**5 currents", lambda: nl.fi_curve(P(), np.linspace(0, 500, 10 ** 5)),
        rejects("I_values", "batch"))
    add(5, "find_rheobase 10**4 sigmas", lambda: nl.find_rheobase(P(), sig=np.zeros(10 ** 4)),
        rejects("sig", "batch"))
    add(5, "step_current huge T", lambda: nl.step_current({"T": 1e9, "dt": 0.1}, 1.0), rejects("T"))
    add(5, "siegert_rate 10**8 values", lambda: nl.siegert_rate(P(), np.zeros(10 ** 8), 1.0),
        rejects("mu"))

    # 6. types accepted inconsistently
    pars = P()
    numbers_bad = {
        "True": True, "np.True_": np.True_, "complex": 1 + 2j, "complex array": np.array([1 + 1j] * 4000),
        "[['100']]": [["100"]], "['100']": ["100"], "bool array": np.ones(4000, bool),
        "object array": np.array([1.0, None] * 2000, dtype=object), "'100'": "100",
        "b'1'": b"1", "dict": {"a": 1}, "complex (n,1)": np.array([[1 + 0j]]),
    }
    for label, val in numbers_bad.items():
        add(6, f"run_lif I_inj={label}", lambda val=val: nl.run_lif(pars, val), rejects("I_inj"))
    for label in ("True", "complex array", "[['100']]", "bool array"):
        val = numbers_bad[label]
        add(6, f"run_hh I_inj={label}", lambda val=val: nl.run_hh(nl.hh_pars(T=40.0), val), rejects("I_inj"))
        add(6, f"run_eif I_inj={label}", lambda val=val: nl.run_eif(nl.eif_pars(T=400.0), val), rejects("I_inj"))
    for fname, call in [
        ("gwn mu", lambda v: nl.gwn(pars, v, 1.0)), ("gwn sig", lambda v: nl.gwn(pars, 0.0, v)),
        ("ou mu", lambda v: nl.ou(pars, v, 1.0)), ("ou tau_ou", lambda v: nl.ou(pars, 0.0, 1.0, tau_ou=v)),
        ("step_current amplitude", lambda v: nl.step_current(pars, v)),
        ("lif_rate I", lambda v: nl.lif_rate(pars, v)), ("siegert_rate mu", lambda v: nl.siegert_rate(pars, v, 1.0)),
        ("fi_curve I_values", lambda v: nl.fi_curve(pars, v)), ("fi_curve sig", lambda v: nl.fi_curve(pars, [1.0], sig=v)),
        ("find_rheobase sig", lambda v: nl.find_rheobase(pars, sig=v)),
        ("find_rheobase tol", lambda v: nl.find_rheobase(pars, tol=v)),
        ("psd x", lambda v: nl.psd(v, 0.1)), ("psd dt", lambda v: nl.psd(np.ones(10), v)),
        ("hh_steady_state v", lambda v: nl.hh_steady_state(v)), ("alpha_m v", lambda v: nl.alpha_m(v)),
        ("gem_activation v", lambda v: nl.gem_activation(nl.gem_pars(), v)),
        ("eif_current V", lambda v: nl.eif_current(nl.eif_pars(), v)),
        ("eif_current I", lambda v: nl.eif_current(nl.eif_pars(), -60.0, v)),
    ]:
        word = fname.split()[-1]
        for label in ("True", "complex", "[['100']]", "['100']"):
            val = numbers_bad[label]
            if label == "[['100']]" and word in ("sig", "tol", "dt", "I_values"):
                val = ["100"]
            add(6, f"{fname}={label}", lambda call=call, val=val: call(val), rejects(word))
    for key, val in (("tau_m", True), ("dt", 1 + 0j), ("T", np.float64(1e3) + 0j), ("g_L", np.True_)):
        add(6, f"default_pars {key}={val!r}", lambda key=key, val=val: P(**{key: val}), rejects(key))

    # 7. spike-train analyses trust their input
    bad_trains = {
        "unsorted": [10.0, 5.0, 20.0], "duplicates": [5.0, 5.0, 10.0], "all equal": [3.0, 3.0],
        "nan": [1.0, np.nan], "inf": [1.0, np.inf], "2-D": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "strings": ["1", "2"], "complex": [1 + 1j, 2.0], "bools": [True, False],
    }
    for label, train in bad_trains.items():
        for fname, fn in (("isi_cv", nl.isi_cv), ("isi_rate", nl.isi_rate),
                          ("spike_count", nl.spike_count),
                          ("spike_rate", lambda s: nl.spike_rate(s, 100.0))):
            if fname == "spike_count" and label in ("duplicates", "all equal"):
                continue  # duplicates may be allowed by a counter; judged below for rates
            add(7, f"{fname}({label})", lambda fn=fn, train=train: fn(train), rejects("spike"))
            add(7, f"{fname}([ok, {label}]) batch",
                lambda fn=fn, train=train: fn([np.array([1.0, 2.0]), train]), rejects("spike"))
    add(7, "spike_rate T=True", lambda: nl.spike_rate([1.0], True), rejects("T"))
    add(7, "isi_cv of a 0-d array", lambda: nl.isi_cv(np.float64(3.0)), rejects("spike"))

    # 8. errors worded by numpy / non-ValueError exceptions / stop
    for seed in (-1, 1.5, "x", True, [1, -2], 2 ** 70, np.float64(2.0), [1.5], object()):
        for fname, fn in (("gwn", lambda s: nl.gwn(pars, 0.0, 1.0, seed=s)),
                          ("ou", lambda s: nl.ou(pars, 0.0, 1.0, seed=s)),
                          ("fi_curve", lambda s: nl.fi_curve(pars, [100.0], sig=1.0, seed=s)),
                          ("find_rheobase", lambda s: nl.find_rheobase(pars, sig=1.0, seed=s, tol=1.0))):
            valid = isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0
            add(8, f"{fname} seed={seed!r}", lambda fn=fn, seed=seed: fn(seed),
                ok_if(lambda r: True, "seed") if valid else rejects("seed"))
    for stop in ("no", "yes", 1, 0.0, np.array([True, False]), None, [], np.True_):
        good_bool = stop is np.True_
        add(8, f"run_lif stop={stop!r}", lambda stop=stop: nl.run_lif(pars, 100.0, stop=stop),
            ok_if(lambda r: True, "stop") if good_bool else rejects("stop"))
    ep = nl.eif_pars()
    for label, fn, words in [
        ("eif_current V='x'", lambda: nl.eif_current(ep, "x"), ("V",)),
        ("eif_current I='x'", lambda: nl.eif_current(ep, -60.0, "x"), ("I",)),
        ("eif_current I=[1,2] V=[1,2,3]", lambda: nl.eif_current(ep, [1.0, 2.0, 3.0], [1.0, 2.0]), ("I", "V")),
        ("eif_current pars=None", lambda: nl.eif_current(None, -60.0), ("pars",)),
        ("eif_current pars list", lambda: nl.eif_current([1, 2], -60.0), ("pars",)),
        ("eif_current Delta_T=0", lambda: nl.eif_current(dict(ep, Delta_T=0.0), -60.0), ("Delta_T",)),
        ("eif_current I=nan", lambda: nl.eif_current(ep, -60.0, np.nan), ("I",)),
        ("adex_nullclines V=None", lambda: nl.adex_nullclines(nl.adex_pars(), None), ("V",)),
        ("adex_nullclines I='x'", lambda: nl.adex_nullclines(nl.adex_pars(), -60.0, "x"), ("I",)),
        ("adex_nullclines pars=eif", lambda: nl.adex_nullclines(ep, -60.0), ("a", "pars")),
        ("adex_nullclines pars=3", lambda: nl.adex_nullclines(3, -60.0), ("pars",)),
        ("zero_crossings shapes", lambda: nl.zero_crossings([1.0, 2.0, 3.0], [1.0, -1.0]), ("x", "y")),
        ("zero_crossings strings", lambda: nl.zero_crossings("abc", [1.0, -1.0, 1.0]), ("x",)),
        ("zero_crossings 0-d", lambda: nl.zero_crossings(1.0, 1.0), ("x", "y")),
        ("zero_crossings nan", lambda: nl.zero_crossings([1.0, 2.0], [np.nan, 1.0]), ("y",)),
        ("zero_crossings 2-D", lambda: nl.zero_crossings(np.ones((2, 2)), np.ones((2, 2))), ("x", "y")),
        ("zero_crossings complex", lambda: nl.zero_crossings([1.0, 2.0], [1j, -1.0]), ("y",)),
        ("psd x=[[1]]", lambda: nl.psd([[1.0]], 0.1), ("x",)),
        ("fi_curve method=3", lambda: nl.fi_curve(pars, [100.0], method=3), ("method",)),
        ("fi_curve method=['isi']", lambda: nl.fi_curve(pars, [100.0], method=["isi"]), ("method",)),
        ("run_hh threshold=True", lambda: nl.run_hh(nl.hh_pars(T=1.0), 0.0, threshold=True), ("threshold",)),
        ("run_hh pars=None", lambda: nl.run_hh(None, 0.0), ("pars",)),
        ("run_lif pars=None", lambda: nl.run_lif(None, 0.0), ("pars",)),
        ("run_lif pars=list", lambda: nl.run_lif([1, 2], 0.0), ("pars",)),
        ("gwn pars=None", lambda: nl.gwn(None, 0.0, 1.0), ("pars",)),
        ("gwn n=0", lambda: nl.gwn(pars, 0.0, 1.0, n=0), ("n",)),
        ("gwn n=True", lambda: nl.gwn(pars, 0.0, 1.0, n=True), ("n",)),
        ("gwn n=2.5", lambda: nl.gwn(pars, 0.0, 1.0, n=2.5), ("n",)),
        ("gwn n=1e30", lambda: nl.gwn(pars, 0.0, 1.0, n=1e30), ("n",)),
        ("ou n=-1", lambda: nl.ou(pars, 0.0, 1.0, n=-1), ("n",)),
        ("step_current t_on=True", lambda: nl.step_current(pars, 1.0, t_on=True), ("t_on",)),
        ("step_current pars={'T': 'x', 'dt': 0.1}", lambda: nl.step_current({"T": "x", "dt": 0.1}, 1.0), ("T",)),
        ("find_rheobase points=2.5", lambda: nl.find_rheobase(pars, points=2.5), ("points",)),
        ("find_rheobase points=True", lambda: nl.find_rheobase(pars, points=True), ("points",)),
        ("find_rheobase I_low=I_high", lambda: nl.find_rheobase(pars, I_low=5.0, I_high=5.0), ("I_low",)),
        ("find_rheobase sig=[[1]]", lambda: nl.find_rheobase(pars, sig=[[1.0]]), ("sig",)),
        ("find_rheobase I_low=1e308 I_high=inf", lambda: nl.find_rheobase(pars, I_low=-1e308, I_high=1e308), ("I_low", "I_high")),
        ("adex_pattern name=3", lambda: nl.adex_pattern(3), ("name", "pattern")),
        ("adex_pattern name=['tonic']", lambda: nl.adex_pattern(["tonic"]), ("name", "pattern")),
        ("hh_pars V_init=True", lambda: nl.hh_pars(V_init=True), ("V_init",)),
        ("run_hh progress=1", lambda: nl.run_hh(nl.hh_pars(T=1.0), 0.0, progress=1), ("progress",)),
        ("lif_rheobase pars=None", lambda: nl.lif_rheobase(None), ("pars",)),
        ("eif_rheobase pars={}", lambda: nl.eif_rheobase({}), ("pars", "C")),
        ("isi_cv None", lambda: nl.isi_cv(None), ("spike",)),
        ("spike_count 3", lambda: nl.spike_count(3), ("spike",)),
        ("siegert_rate mu and sig shapes", lambda: nl.siegert_rate(pars, [1.0, 2.0], [1.0, 2.0, 3.0]), ("mu", "sig")),
        ("gwn mu/sig sizes", lambda: nl.gwn(pars, [1.0, 2.0], [1.0, 2.0, 3.0]), ("mu", "sig", "batch")),
    ]:
        add(8, label, fn, rejects(*words))

    # 9. misleading advice from find_rheobase
    for label, p, words in [
        ("V_init = V_th", P(V_init=-55.0), ("V_init",)),
        ("V_init > V_th", P(V_init=-40.0), ("V_init",)),
        ("T = dt", P(T=0.1), ("T",)),
        ("T = 2 dt", P(T=0.2), ("T",)),
        ("T = 1 ms, tref = 2 ms, V_init = V_th", P(T=1.0, V_init=-55.0), ("V_init",)),
    ]:
        def advice(p=p):
            return nl.find_rheobase(p)

        def check(kind, value, caught, words=words):
            ok, why = rejects(*words)(kind, value, caught)
            if ok and "I_low" in str(value) and "I_high" in str(value) and "pass" in str(value):
                return False, f"advises I_low/I_high: {str(value)[:100]}"
            return ok, why
        add(9, f"find_rheobase {label}", advice, check)
    for label, kw in [
        ("I_high below rheobase", dict(I_low=0.0, I_high=100.0)),
        ("I_low above rheobase", dict(I_low=300.0, I_high=400.0)),
    ]:
        add(9, f"find_rheobase {label}", lambda kw=kw: nl.find_rheobase(P(), **kw),
            ok_if(lambda r: 199.9 < r < 200.1, "I_low", "I_high"))
    return out


KINDS = {
    1: "hang", 2: "silent NaN / wrong statistics", 3: "step-size rule", 4: "divergence",
    5: "size limit", 6: "types", 7: "spike-train input", 8: "errors named / exception types",
    9: "misleading advice",
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    limit = 3 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.path.insert(0, args.root)
    import neurolab as nl

    print(f"neurolab from {Path(nl.__file__).parent}")
    results = {k: [0, 0] for k in KINDS}
    t0 = time.perf_counter()
    for kind, label, fn, check in cases(nl):
        start = time.perf_counter()
        outcome, value, caught = run_case(fn)
        try:
            good, why = check(outcome, value, caught)
        except Exception as exc:  # noqa: BLE001
            good, why = False, f"check failed: {exc!r}"
        took = time.perf_counter() - start
        if good and took > TIMEOUT / 2:
            good, why = False, f"took {took:.1f} s"
        results[kind][0] += good
        results[kind][1] += 1
        if args.verbose and not good:
            print(f"  [{kind}] {label}: {why}")
    print(f"\n{'kind':<38} handled well")
    for k, name in KINDS.items():
        good, total = results[k]
        print(f"{k}. {name:<35} {good:4d} / {total}")
    good = sum(r[0] for r in results.values())
    total = sum(r[1] for r in results.values())
    print(f"{'total':<38} {good:4d} / {total}   ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
