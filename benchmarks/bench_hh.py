"""Speed of ``run_hh`` next to a plain Python loop written the way the course writes it
(numpy arrays indexed at every step, rate functions calling np.exp on numpy scalars).

    .venv/bin/python benchmarks/bench_hh.py [--repeats N]

Both sides run in the same process, interleaved, and each time is the median of several
repeats, because this machine is shared and noisy. Speed is measured and printed, not asserted.

1. one neuron, 100 ms at dt = 0.01 ms:  run_hh vs the plain loop (target: run_hh takes at
   most 2.5 times as long as the plain loop; it should be faster);
2. an f-I sweep of 20 currents x 500 ms: one batched run_hh vs 20 plain loops (target: the
   batch is faster). For information, also 20 single run_hh calls.
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np

try:
    import neurolab
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import neurolab  # noqa: F401

from neurolab.models.hh import hh_pars, run_hh

# --- the course's way: forward Euler on numpy arrays, one index per step --------------------

def _a_n(V):
    return 0.01 * (V + 55) / (1 - np.exp(-(V + 55) / 10))


def _b_n(V):
    return 0.125 * np.exp(-(V + 65) / 80)


def _a_m(V):
    return 0.1 * (V + 40) / (1 - np.exp(-(V + 40) / 10))


def _b_m(V):
    return 4 * np.exp(-(V + 65) / 18)


def _a_h(V):
    return 0.07 * np.exp(-(V + 65) / 20)


def _b_h(V):
    return 1 / (1 + np.exp(-(V + 35) / 10))


def plain_loop(I0, T=100.0, dt=0.01):
    """A Hodgkin-Huxley run as a student writes it; returns the voltage trace (mV)."""
    C, gbar_Na, gbar_K, g_L, E_Na, E_K, E_L = 1.0, 120.0, 36.0, 0.3, 50.0, -77.0, -54.387
    t = np.arange(0, T, dt)
    V, m, h, n = np.zeros(len(t)), np.zeros(len(t)), np.zeros(len(t)), np.zeros(len(t))
    V[0] = -65.0
    m[0] = _a_m(V[0]) / (_a_m(V[0]) + _b_m(V[0]))
    h[0] = _a_h(V[0]) / (_a_h(V[0]) + _b_h(V[0]))
    n[0] = _a_n(V[0]) / (_a_n(V[0]) + _b_n(V[0]))
    for i in range(len(t) - 1):
        I_ion = (gbar_Na * m[i] ** 3 * h[i] * (V[i] - E_Na) + gbar_K * n[i] ** 4 * (V[i] - E_K)
                 + g_L * (V[i] - E_L))
        V[i + 1] = V[i] + dt * (I0 - I_ion) / C
        m[i + 1] = m[i] + dt * (_a_m(V[i]) * (1 - m[i]) - _b_m(V[i]) * m[i])
        h[i + 1] = h[i] + dt * (_a_h(V[i]) * (1 - h[i]) - _b_h(V[i]) * h[i])
        n[i + 1] = n[i] + dt * (_a_n(V[i]) * (1 - n[i]) - _b_n(V[i]) * n[i])
    return V


# --- timing ---------------------------------------------------------------------------------

def median_times(funcs, repeats):
    """Median wall time (s) of each function, the functions interleaved in every round."""
    times = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, f in funcs.items():
            t0 = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="repeats of the 100 ms comparison")
    ap.add_argument("--sweep-repeats", type=int, default=3, help="repeats of the sweep comparison")
    args = ap.parse_args(argv)

    # sanity: both sides simulate the same neuron (spike counts agree)
    p100 = hh_pars()
    ref = plain_loop(10.0)
    n_plain = int(np.sum((ref[:-1] < -40) & (ref[1:] >= -40)))
    n_ours = len(run_hh(p100, 10.0).spikes)
    assert n_plain == n_ours, (n_plain, n_ours)

    t1 = median_times({"run_hh": lambda: run_hh(p100, 10.0),
                       "plain": lambda: plain_loop(10.0)}, args.repeats)

    currents = np.linspace(2.0, 40.0, 20)
    p500 = hh_pars(T=500.0)
    t2 = median_times({"batch": lambda: run_hh(p500, currents[:, None]),
                       "singles": lambda: [run_hh(p500, float(i)) for i in currents],
                       "plain": lambda: [plain_loop(float(i), T=500.0) for i in currents]},
                      args.sweep_repeats)

    r1 = t1["run_hh"] / t1["plain"]
    r2 = t2["batch"] / t2["plain"]
    r3 = t2["batch"] / t2["singles"]
    rows = [
        ("single 100 ms: plain loop (course style)", t1["plain"], None, "", ""),
        ("single 100 ms: run_hh", t1["run_hh"], r1, "<= 2.5 x plain",
         "PASS" if r1 <= 2.5 else "FAIL"),
        ("sweep 20 x 500 ms: 20 plain loops", t2["plain"], None, "", ""),
        ("sweep 20 x 500 ms: 20 single run_hh calls", t2["singles"], None, "", ""),
        ("sweep 20 x 500 ms: one batched run_hh", t2["batch"], r2, "< 1 x plain loops",
         "PASS" if r2 < 1 else "FAIL"),
        ("  (batched / 20 single run_hh calls)", None, r3, "info", ""),
    ]
    print(f"Hodgkin-Huxley benchmark, dt = 0.01 ms, median of {args.repeats} (single) and "
          f"{args.sweep_repeats} (sweep) repeats")
    print(f"{'name':44s} {'time ms':>10s} {'ratio':>7s}  {'target':18s} result")
    for name, t, ratio, target, verdict in rows:
        ts = f"{t * 1e3:10.1f}" if t is not None else " " * 10
        rs = f"{ratio:7.3f}" if ratio is not None else " " * 7
        print(f"{name:44s} {ts} {rs}  {target:18s} {verdict}")


if __name__ == "__main__":
    main()
