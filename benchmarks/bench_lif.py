"""LIF speed, measured side by side in one run (the machine is shared: compare ratios).

Reference: the course's way to simulate, one neuron at a time in a loop that indexes numpy
arrays at every step (written here from the course's description), against neurolab's run_lif.

    python benchmarks/bench_lif.py [--quick]    (--quick: time the reference on 200 currents)
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import neurolab as nl  # noqa: E402
from _timing import median_ms, print_table  # noqa: E402


def course_loop_lif(pars, I_dc):
    """One neuron, the course's style: arrays indexed per step, a float refractory countdown."""
    dt, Lt = pars["dt"], pars["range_t"].size
    v = np.zeros(Lt)
    v[0] = pars["V_init"]
    I = I_dc * np.ones(Lt)
    spikes = []
    tr = 0.0
    for it in range(Lt - 1):
        if tr > 0:
            v[it] = pars["V_reset"]
            tr = tr - 1
        elif v[it] >= pars["V_th"]:
            spikes.append(it)
            v[it] = pars["V_reset"]
            tr = pars["tref"] / dt
        dv = (-(v[it] - pars["E_L"]) + I[it] / pars["g_L"]) * (dt / pars["tau_m"])
        v[it + 1] = v[it] + dv
    return v, np.array(spikes) * dt


def main(quick=False):
    rows = []

    pars = nl.default_pars()  # T = 400 ms
    currents = np.arange(100.0, 300.0, 0.1)
    batch_ms = median_ms(lambda: nl.run_lif(pars, currents[:, None]), repeats=3)
    subset = currents[::10] if quick else currents
    loop_ms = median_ms(lambda: [course_loop_lif(pars, I) for I in subset], repeats=1)
    loop_ms *= currents.size / subset.size
    note = " (loop timed on 200, scaled)" if quick else ""
    rows.append((f"DC sweep, 2000 currents x 400 ms, one batch{note}", batch_ms, loop_ms,
                 ">= 50x faster than loop", loop_ms / batch_ms >= 50))

    # the batch finds the same rheobase as the course's loop
    spikes = nl.run_lif(pars, currents[:, None], trace=False).spikes
    first = currents[np.argmax(nl.spike_count(spikes) > 0)]
    assert course_loop_lif(pars, first)[1].size > 0
    assert course_loop_lif(pars, first - 0.1)[1].size == 0

    one_s = nl.default_pars(T=1000)
    single_ms = median_ms(lambda: nl.run_lif(one_s, 300.0), repeats=9)
    loop1_ms = median_ms(lambda: course_loop_lif(one_s, 300.0), repeats=5)
    rows.append(("single neuron, 1 s run", single_ms, loop1_ms,
                 "<= 2x the loop's time", single_ms <= 2 * loop1_ms))

    mus = np.linspace(100.0, 400.0, 30)
    fi_ms = median_ms(lambda: nl.fi_curve(one_s, mus, sig=3.0, seed=1), repeats=9)
    rows.append(("fi_curve, 30 currents x 1 s, white noise", fi_ms, None, "<= 50 ms", fi_ms <= 50))

    sig = np.arange(0.0, 5.0, 0.2)
    rh_ms = median_ms(lambda: nl.find_rheobase(pars, sig=sig, seed=2020), repeats=3)
    rows.append(("find_rheobase to 0.01 pA for 25 noise levels", rh_ms, None, "(no target)", None))

    print_table("LIF (ratio = reference loop time / neurolab time)", rows)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
