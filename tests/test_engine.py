"""The engine under the five simulators: runs without traces (trace=False), chunks of time,
narrow batches run one neuron at a time, the compiled kernels, limits from the memory
available now.

Every path must give the same bits: with or without the trace, one chunk or many, a batch
as one array or one neuron at a time, numpy or compiled. The compiled kernels call the C
library's exp and expm1; where numpy's exp is another (AVX-512 machines may use numpy's own
SIMD exp), the EIF, AdEx, GEM and Hodgkin-Huxley traces may differ in the last bits, and are
then held to a relative tolerance of 1e-9 instead."""

import importlib.util
import math
import os
import tracemalloc

import numpy as np
import pytest

import neurolab as nl
import neurolab._batch as batch_module
import neurolab.models._integrate as integrate_module
import neurolab.models.hh as hh_module
import neurolab.models.lif as lif_module
from neurolab._engine import Engine

HAVE_NUMBA = importlib.util.find_spec("numba") is not None
#: numpy's exp and expm1 are the C library's here: then every path gives the same bits
_PROBE = np.random.default_rng(0).uniform(-40.0, 5.0, 20000)
SAME_EXP = (np.array_equal(np.exp(_PROBE), [math.exp(x) for x in _PROBE])
            and np.array_equal(np.expm1(_PROBE), [math.expm1(x) for x in _PROBE]))


@pytest.fixture(params=["numpy", "compiled"])
def path(request, monkeypatch):
    """Run the test on the numpy paths and on the compiled kernels."""
    if request.param == "compiled" and not HAVE_NUMBA:
        if os.environ.get("CI"):
            pytest.fail("numba (requirements-test.txt) is missing: the compiled kernels were not "
                        "tested")
        pytest.skip("numba is not installed: the compiled kernels are not tested")
    monkeypatch.setattr(nl.engine, "_compiled", request.param == "compiled")
    return request.param

#: (run function, parameter maker, a current that fires, module with NARROW_BATCH)
MODELS = {
    "lif": (nl.run_lif, nl.default_pars, 250.0, lif_module),
    "eif": (nl.run_eif, nl.eif_pars, 300.0, integrate_module),
    "adex": (nl.run_adex, nl.adex_pars, 500.0, integrate_module),
    "gem": (nl.run_gem, nl.gem_pars, 400.0, integrate_module),
    "hh": (nl.run_hh, nl.hh_pars, 10.0, hh_module),
}


def _inputs(name, n, T):
    run, make, I, _ = MODELS[name]
    pars = make(T=T)
    noisy = nl.gwn(pars, np.linspace(0.8, 1.6, n) * I, 0.05 * I, seed=3)
    return run, pars, noisy


def _spikes(result):
    assert isinstance(result, nl.Result)
    return result.spikes


def _traces(result):
    """v and the model's other traces (AdEx w, GEM x, HH m, h, n and the conductances)."""
    assert isinstance(result, nl.Result)
    return [x for x in (result.v, *result.extras.values()) if x is not None]


def _same_trains(a, b):
    if isinstance(a, list):
        return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))
    return np.array_equal(a, b)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("n", [None, 3, 40])  # one neuron, a narrow batch, a wide batch
def test_spikes_only_gives_the_spikes_of_the_full_run(name, n, path):
    run, pars, noisy = _inputs(name, n or 1, 60.0 if name == "hh" else 300.0)
    I = noisy[0] if n is None else noisy
    full = run(pars, I)
    only = run(pars, I, trace=False)
    assert only.v is None and full.v is not None
    only = _spikes(only)
    assert _same_trains(_spikes(full), only)
    assert sum(np.size(s) for s in (only if n else [only])) > (n or 1)  # they do fire


@pytest.mark.parametrize("name", MODELS)
def test_narrow_and_wide_batches_and_chunks_give_the_same_bits(name, monkeypatch):
    run, pars, noisy = _inputs(name, 5, 40.0 if name == "hh" else 200.0)
    module = MODELS[name][3]
    monkeypatch.setattr(nl.engine, "_compiled", False)
    reference = run(pars, noisy)  # 5 neurons: one at a time
    monkeypatch.setattr(module, "NARROW_BATCH", 0)  # as one array
    monkeypatch.setattr(batch_module, "CHUNK_SAMPLES", 64)  # many chunks
    for got in (run(pars, noisy), run(pars, noisy, progress=lambda f: None)):
        assert _same_trains(_spikes(got), _spikes(reference))
        for a, b in zip(_traces(got), _traces(reference)):
            assert np.array_equal(a, b)
    assert _same_trains(_spikes(run(pars, noisy, trace=False)), _spikes(reference))


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("n", [None, 2, 30])
def test_progress_reaches_one_in_order(name, n, path):
    run, pars, noisy = _inputs(name, n or 1, 20.0 if name == "hh" else 100.0)
    seen = []
    run(pars, noisy[0] if n is None else noisy, trace=False, progress=seen.append)
    assert seen[-1] == 1.0 and all(0 < a < b for a, b in zip(seen, seen[1:]))
    assert 40 <= len(seen) <= 60


@pytest.mark.parametrize("name", MODELS)
def test_trace_must_be_a_bool(name):
    run, make, I, _ = MODELS[name]
    with pytest.raises(TypeError, match="trace must be True or False"):
        run(make(T=10.0), I, trace="no")


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("shape", ["single", "column", "noisy", "stop"])
def test_compiled_kernels_give_what_the_numpy_paths_give(name, shape, monkeypatch):
    if not HAVE_NUMBA:
        pytest.skip("numba is not installed")
    if shape == "stop" and name != "lif":
        return
    run, pars, noisy = _inputs(name, 20, 50.0 if name == "hh" else 300.0)
    column = np.linspace(0.8, 1.6, 20)[:, None] * MODELS[name][2]
    I = {"single": noisy[0], "column": column, "noisy": noisy, "stop": noisy}[shape]
    kwargs = {"stop": True} if shape == "stop" else {}
    got = {}
    for compiled in (False, True):
        monkeypatch.setattr(nl.engine, "_compiled", compiled)
        got[compiled] = (run(pars, I, **kwargs), _spikes(run(pars, I, trace=False, **kwargs)))
    (full_np, only_np), (full_c, only_c) = got[False], got[True]
    if name == "lif" or SAME_EXP:
        assert _same_trains(_spikes(full_c), _spikes(full_np))
        assert _same_trains(only_c, only_np)
        for a, b in zip(_traces(full_c), _traces(full_np)):
            assert np.array_equal(a, b)
    else:
        for a, b in zip(_traces(full_c), _traces(full_np)):
            assert np.allclose(a, b, rtol=1e-9, atol=1e-9)


def test_compiled_setting():
    before = nl.engine.compiled
    with pytest.raises(TypeError, match="compiled must be True or False"):
        nl.engine.compiled = "yes"
    nl.engine.compiled = False
    assert nl.engine.kernels() is None
    nl.engine.compiled = before
    assert nl.engine.compiled == before


@pytest.mark.slow
def test_spikes_only_memory_does_not_grow_with_T(path):
    """1000 neurons × 10 s at dt = 0.1 ms (1e8 neuron-steps) in well under 200 MB."""
    pars = nl.default_pars(T=10_000.0)
    I = np.linspace(150.0, 450.0, 1000)[:, None]
    tracemalloc.start()
    try:
        spikes = nl.run_lif(pars, I, trace=False).spikes
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200e6, f"{peak / 1e6:.0f} MB"
    # the rates are the closed form's (within Euler's few per cent)
    rates = nl.isi_rate(spikes)
    closed = nl.lif_rate(pars, I[:, 0])
    firing = closed > 5.0
    assert np.allclose(rates[firing], closed[firing], rtol=0.03)


def test_memory_limit_names_bytes_memory_and_alternatives(monkeypatch):
    monkeypatch.setattr(Engine, "available_memory", staticmethod(lambda: 100_000_000))
    pars = nl.default_pars(T=2000.0, dt=0.025)  # 80000 steps
    I = np.full((300, 1), 200.0)
    with pytest.raises(ValueError) as err:
        nl.run_lif(pars, I)
    text = str(err.value)
    for words in ("n = 300", "80000 time steps", "192 MB", "100 MB", "0.5", "trace=False",
                  "memory_fraction", "T = 2000.0 ms", "dt = 0.025 ms"):
        assert words in text, words
    assert len(nl.run_lif(pars, I, trace=False).spikes) == 300  # no trace: no limit
    with pytest.raises(ValueError, match="n = 300"):
        nl.gwn(pars, 200.0, 3.0, n=300, seed=1)  # an input batch is limited the same way
    monkeypatch.setattr(nl.engine, "_fraction", 1.0)
    nl.gwn(nl.default_pars(T=2000.0, dt=0.1), 200.0, 3.0, n=300, seed=1)  # 48 MB: allowed


@pytest.mark.parametrize("name", ["eif", "adex", "hh"])
def test_each_model_counts_its_trace_arrays(name, monkeypatch):
    run, make, I, _ = MODELS[name]
    pars = make(T=10.0)
    Lt = pars["range_t"].size
    arrays = {"eif": 1, "adex": 2, "hh": 7}[name]
    per_array = 8 * 50 * Lt
    monkeypatch.setattr(Engine, "available_memory", staticmethod(lambda: 2 * arrays * per_array))
    run(pars, np.full((50, 1), I))  # exactly at the limit
    with pytest.raises(ValueError, match="would take"):
        run(pars, np.full((51, 1), I))


def test_siegert_size_batch_runs_with_its_trace():
    """300 neurons × 2 s at dt = 0.025 ms: 2.4e7 samples, 192 MB of trace (the old fixed
    limit was 2e7 samples)."""
    pars = nl.default_pars(T=2000.0, dt=0.025)
    I = nl.gwn(pars, np.full(300, 180.0), 5.0, seed=11)
    r = nl.run_lif(pars, I)
    v, spikes = r.v, r.spikes
    assert v.shape == (300, 80000)
    rate = nl.spike_count(spikes).sum() / (300 * 2.0)
    assert rate == pytest.approx(nl.siegert_rate(pars, 180.0, 5.0), rel=0.1)


def test_memory_fraction_is_checked():
    before = nl.engine.memory_fraction
    for bad, error in ((0.0, ValueError), (1.5, ValueError), ("half", TypeError),
                       (float("nan"), ValueError)):
        with pytest.raises(error, match="memory_fraction"):
            nl.engine.memory_fraction = bad
    assert nl.engine.memory_fraction == before
    assert nl.engine.available_memory() > 0 and nl.engine.allowed_bytes() > 0


@pytest.mark.parametrize("make, key, near", [
    (nl.default_pars, "tau_M", "tau_m"), (nl.hh_pars, "gna", "gbar_Na"),
    (nl.eif_pars, "Delta_t", "Delta_T"), (nl.adex_pars, "tauw", "tau_w"),
    (nl.gem_pars, "g_X", "g_x"), (nl.default_pars, "V_threshold", "V_th"),
    (nl.hh_pars, "g_Na", "gbar_Na"), (nl.default_pars, "taum", "tau_m"),
])
def test_a_misspelled_key_is_named_with_the_nearest(make, key, near):
    run = {nl.default_pars: nl.run_lif, nl.hh_pars: nl.run_hh, nl.eif_pars: nl.run_eif,
           nl.adex_pars: nl.run_adex, nl.gem_pars: nl.run_gem}[make]
    pars = make(T=10.0)
    pars[key] = 1.0
    for call in (lambda: run(pars, 0.0), lambda: make(**{key: 1.0})):
        with pytest.raises(ValueError) as err:
            call()
        assert repr(key) in str(err.value) and f"did you mean {near!r}" in str(err.value)


@pytest.mark.parametrize("old, new", [
    ("gNa", "gbar_Na"), ("gK", "gbar_K"), ("gL", "g_L"), ("ENa", "E_Na"), ("EK", "E_K"),
    ("EL", "E_L"),
])
def test_a_renamed_hh_key_is_named_with_its_new_name(old, new):
    pars = nl.hh_pars(T=10.0)
    pars[old] = 1.0
    for call in (lambda: nl.run_hh(pars, 0.0), lambda: nl.hh_pars(**{old: 1.0})):
        with pytest.raises(ValueError) as err:
            call()
        assert f"{old!r} (now called {new!r})" in str(err.value)


@pytest.mark.parametrize("name", MODELS)
def test_a_long_run_shows_its_progress_by_itself(name, monkeypatch, capsys):
    """progress=None: a run shows a progress line once it has taken PROGRESS_DELAY seconds
    (0 here), and says it is done; a short run (the delay not reached) and progress=False
    stay quiet."""
    run, pars, noisy = _inputs(name, 3, 20.0)
    run(pars, noisy, trace=False)
    assert capsys.readouterr().err == ""  # quicker than the delay
    monkeypatch.setattr(batch_module, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(batch_module, "CHUNK_SAMPLES", 64)  # many chunks
    run(pars, noisy, trace=False, progress=False)
    assert capsys.readouterr().err == ""
    run(pars, noisy, trace=False)
    err = capsys.readouterr().err
    assert f"{run.__name__}: 3 neurons × 20 ms: " in err and "%" in err
    assert err.rstrip().endswith("s") and "done in" in err.splitlines()[-1]


@pytest.mark.parametrize("name", MODELS)
def test_an_interrupted_run_stops_at_once_and_leaves_nothing_behind(name, path, capsys):
    """Ctrl-C (a KeyboardInterrupt, here raised from the progress callable) stops a run at the
    end of the chunk it is in; the display says so, and the next run gives the same bits."""
    run, pars, noisy = _inputs(name, 3, 40.0)
    before = _spikes(run(pars, noisy, trace=False))

    def interrupt(fraction):
        if fraction > 0.3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(pars, noisy, trace=False, progress=interrupt)
    with pytest.raises(KeyboardInterrupt):
        with batch_module.Progress(True, "a run") as progress:
            progress(0.5)
            raise KeyboardInterrupt
    assert "a run: interrupted after" in capsys.readouterr().err
    assert _same_trains(_spikes(run(pars, noisy, trace=False)), before)


@pytest.mark.parametrize("bad", ["yes", 1, 0.5, [lambda f: None]])
def test_progress_must_be_a_bool_none_or_callable(bad):
    with pytest.raises(TypeError, match="progress must be None, True, False or a callable"):
        nl.run_lif(nl.default_pars(T=10.0), 100.0, progress=bad)
