"""Timings of the integrate-and-fire extensions, measured side by side in one run.

    .venv/bin/python benchmarks/bench_ifmodels.py [--repeats N]

Prints the median wall time of N repeats (default 5), the two sides of each comparison
timed in turns, of:
  * one AdEx neuron for 1 s (10 000 steps of 0.1 ms) with ``run_adex`` (Python floats), against
    the same equations as a plain Python loop over numpy arrays indexed at every step;
  * 50 (and 500) AdEx neurons as one batch against as many single ``run_adex`` calls;
  * for reference, single 1 s runs of the EIF and the GEM.
Speed is measured, not asserted: the ratios depend on the machine and its load.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from neurolab.models import (  # noqa: E402
    adex_pattern,
    eif_pars,
    gem_pars,
    run_adex,
    run_eif,
    run_gem,
)


def naive_adex(p, I):
    """The AdEx as a first attempt would write it: numpy arrays, indexed at every step."""
    Lt = I.size
    v = np.zeros(Lt)
    w = np.zeros(Lt)
    v[0], w[0] = p["V_init"], p["w_init"]
    spikes = []
    for k in range(Lt):
        if v[k] >= p["V_spike"]:
            v[k] = p["V_r"]
            w[k] += p["b"]
            spikes.append(k * p["dt"])
        if k == Lt - 1:
            break
        v[k + 1] = v[k] + p["dt"] / p["C"] * (
            -p["g_L"] * (v[k] - p["E_L"])
            + p["g_L"] * p["Delta_T"] * np.exp((v[k] - p["V_T"]) / p["Delta_T"])
            - w[k] + I[k]
        )
        w[k + 1] = w[k] + p["dt"] / p["tau_w"] * (p["a"] * (v[k] - p["E_L"]) - w[k])
    return v, w, np.array(spikes)


def median_times(repeats, *fns):
    """Median wall time (s) of each function, timed in turns within every repeat so that a
    change in the machine's load affects all of them alike."""
    times = [[] for _ in fns]
    for _ in range(repeats):
        for fn, out in zip(fns, times):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--n", type=int, nargs="+", default=[50, 500],
                        help="neurons in a batch (one or more sizes)")
    args = parser.parse_args()
    r = args.repeats

    pars, I = adex_pattern("adapting", T=1000.0)  # 10 000 steps, a 500 pA step from 50 ms
    Lt = I.size

    # the fast path and the naive loop agree (spike times to within a step)
    fast_spikes = run_adex(pars, I).spikes
    _, _, slow_spikes = naive_adex(pars, I)
    agree = fast_spikes.size == slow_spikes.size and np.allclose(fast_spikes, slow_spikes,
                                                                 atol=pars["dt"])

    t_single, t_naive = median_times(r, lambda: run_adex(pars, I), lambda: naive_adex(pars, I))
    batches = []
    for n in args.n:
        batch_I = np.linspace(0.5, 1.5, n)[:, None] * I  # n step amplitudes, 250 ... 750 pA
        t_batch, t_loop = median_times(r, lambda batch_I=batch_I: run_adex(pars, batch_I),
                                       lambda batch_I=batch_I: [run_adex(pars, row)
                                                                for row in batch_I])
        batches.append((n, t_batch, t_loop))
    ep, gp = eif_pars(T=1000.0), gem_pars(T=1000.0)
    t_eif, t_gem = median_times(r, lambda: run_eif(ep, 400.0), lambda: run_gem(gp, 400.0))

    rows = [
        ("AdEx, 1 neuron, 1 s: run_adex (Python floats)", t_single, ""),
        ("AdEx, 1 neuron, 1 s: numpy arrays indexed per step", t_naive,
         f"{t_naive / t_single:.1f}x slower than run_adex"),
        ("EIF, 1 neuron, 1 s: run_eif", t_eif, ""),
        ("GEM, 1 neuron, 1 s: run_gem", t_gem, ""),
    ]
    for n, t_batch, t_loop in batches:
        rows.insert(-2, (f"AdEx, {n} neurons, 1 s: one batch", t_batch, ""))
        rows.insert(-2, (f"AdEx, {n} neurons, 1 s: {n} single runs", t_loop,
                         f"{t_loop / t_batch:.1f}x slower than the batch"))
    print(f"median of {r} repeats, {Lt} steps of {pars['dt']} ms; "
          f"naive loop gives the same spikes: {agree}")
    width = max(len(name) for name, _, _ in rows)
    print(f"{'case':<{width}}  {'time (ms)':>10}  {'per step (us)':>13}  ratio")
    for name, t, ratio in rows:
        print(f"{name:<{width}}  {t * 1e3:>10.1f}  {t / Lt * 1e6:>13.2f}  {ratio}")


if __name__ == "__main__":
    main()
