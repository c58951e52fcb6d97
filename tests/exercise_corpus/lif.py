"""Correct run_LIF and find_rheobase_current (notebooks 01 and 02) in the styles students write
them: the assignment's float countdown and a whole-step counter, refractoriness by comparing
times with a tolerance, the threshold tested before or after the update (spike on the crossing
step or the one before), the stop window by times or by indices, lists instead of arrays; the
walk with a flag, a while test, a for loop, batches, recursion, the student's own simulator."""

import math

import numpy as np

import neurolab as nl

# --- run_LIF ----------------------------------------------------------------------------------

def run_LIF__assignment_float_countdown(pars, Iinj, stop=False):
    """The assignment's loop: clamp, threshold test, Euler; tr = tref/dt counted down as a float."""
    V_th, V_reset = pars["V_th"], pars["V_reset"]
    tau_m, g_L = pars["tau_m"], pars["g_L"]
    V_init, E_L = pars["V_init"], pars["E_L"]
    dt, range_t = pars["dt"], pars["range_t"]
    Lt = range_t.size
    tref = pars["tref"]
    Iinj = Iinj * np.ones(Lt)
    if stop:
        T = pars["T"]
        Iinj[range_t < T / 2 - 100] = 0
        Iinj[range_t >= T / 2 + 100] = 0
    v = np.zeros(Lt)
    v[0] = V_init
    tr = 0.0
    rec_spikes = []
    for it in range(Lt - 1):
        if tr > 0:
            v[it] = V_reset
            tr = tr - 1
        elif v[it] >= V_th:
            rec_spikes.append(it)
            v[it] = V_reset
            tr = tref / dt
        dv = (-(v[it] - E_L) + Iinj[it] / g_L) * (dt / tau_m)
        v[it + 1] = v[it] + dv
    rec_spikes = np.array(rec_spikes) * dt
    return v, rec_spikes


def run_LIF__round_counter_index_window(pars, Iinj, stop=False):
    """A whole-step counter round(tref/dt); the stop window as indices round((T/2 ± 100)/dt)."""
    dt, T = pars["dt"], pars["T"]
    Lt = len(pars["range_t"])
    I = np.full(Lt, Iinj, dtype=float) if np.ndim(Iinj) == 0 else np.array(Iinj, dtype=float)
    if stop:
        on, off = round((T / 2 - 100) / dt), round((T / 2 + 100) / dt)
        I[:on] = 0.0
        I[off:] = 0.0
    n_ref = round(pars["tref"] / dt)
    v = np.empty(Lt)
    v[0] = pars["V_init"]
    spikes = []
    count = 0
    for k in range(Lt - 1):
        if count > 0:
            v[k] = pars["V_reset"]
            count -= 1
        elif v[k] >= pars["V_th"]:
            spikes.append(k * dt)
            v[k] = pars["V_reset"]
            count = n_ref
        v[k + 1] = v[k] + dt / pars["tau_m"] * (pars["E_L"] - v[k] + I[k] / pars["g_L"])
    return v, np.array(spikes)


def run_LIF__update_first_spike_next_step(pars, Iinj, stop=False):
    """Update first, then test the new value: the spike is the step where V is found above V_th."""
    dt, Lt = pars["dt"], pars["range_t"].size
    t = pars["range_t"]
    I = Iinj * np.ones(Lt)
    if stop:
        I = np.where((t >= pars["T"] / 2 - 100) & (t < pars["T"] / 2 + 100), I, 0.0)
    v = np.zeros(Lt)
    v[0] = pars["V_init"]
    hold = int(round(pars["tref"] / dt))
    left = 0
    sp = []
    for i in range(Lt - 1):
        if left > 0:
            v[i + 1] = pars["V_reset"]
            left -= 1
            continue
        v[i + 1] = v[i] + (pars["E_L"] - v[i] + I[i] / pars["g_L"]) * dt / pars["tau_m"]
        if v[i + 1] >= pars["V_th"]:
            sp.append(t[i + 1])
            v[i + 1] = pars["V_reset"]
            left = hold
    return v, np.array(sp)


def run_LIF__update_first_spike_crossing_step(pars, Iinj, stop=False):
    """Update first; the spike is recorded at the step whose update crossed V_th (one step
    earlier), and the sample above V_th is kept in the trace: V is reset on the next step."""
    dt, Lt = pars["dt"], len(pars["range_t"])
    I = np.asarray(Iinj, dtype=float) * np.ones(Lt)
    if stop:
        for i in range(Lt):
            if not (pars["T"] / 2 - 100 <= i * dt < pars["T"] / 2 + 100):
                I[i] = 0.0
    v = np.zeros(Lt)
    v[0] = pars["V_init"]
    n_ref = round(pars["tref"] / dt)
    refractory = 0
    spikes = []
    x = v[0]
    for i in range(Lt - 1):
        if refractory > 0:
            x = pars["V_reset"]
            refractory -= 1
        else:
            x = x + dt / pars["tau_m"] * (-(x - pars["E_L"]) + I[i] / pars["g_L"])
            if x >= pars["V_th"]:
                spikes.append(i * dt)
                v[i + 1] = x           # the sample shows the value above threshold
                x = pars["V_reset"]
                refractory = n_ref
                continue
        v[i + 1] = x
    return v, np.array(spikes)


def run_LIF__time_comparison_with_tolerance(pars, Iinj, stop=False):
    """Refractoriness by time: clamped while 0 < t - t_spike <= tref, compared with half a step
    of tolerance; the spike times taken from range_t."""
    t = pars["range_t"]
    dt, tref = pars["dt"], pars["tref"]
    I = Iinj * np.ones(t.size)
    if stop:
        I = I * ((t >= pars["T"] / 2 - 100) & (t < pars["T"] / 2 + 100))
    v = np.zeros(t.size)
    v[0] = pars["V_init"]
    last_spike = -np.inf
    spikes = []
    for it in range(t.size - 1):
        if t[it] - last_spike < tref + dt / 2 and t[it] > last_spike:
            v[it] = pars["V_reset"]
        elif v[it] >= pars["V_th"]:
            spikes.append(t[it])
            last_spike = t[it]
            v[it] = pars["V_reset"]
        v[it + 1] = v[it] + dt / pars["tau_m"] * (pars["E_L"] - v[it] + I[it] / pars["g_L"])
    return v, np.array(spikes)


def run_LIF__python_lists(pars, Iinj, stop=False):
    """Plain Python lists and floats, a while loop; v and the spike times returned as lists."""
    dt, T = pars["dt"], pars["T"]
    n = len(pars["range_t"])
    if isinstance(Iinj, (int, float)):
        current = [float(Iinj)] * n
    else:
        current = [float(x) for x in Iinj]
    if stop:
        current = [c if T / 2 - 100 <= k * dt < T / 2 + 100 else 0.0
                   for k, c in enumerate(current)]
    steps_ref = round(pars["tref"] / dt)
    v = [pars["V_init"]]
    spikes = []
    wait = 0
    k = 0
    while k < n - 1:
        vk = v[k]
        if wait:
            vk = pars["V_reset"]
            wait -= 1
        elif vk >= pars["V_th"]:
            spikes.append(k * dt)
            vk = pars["V_reset"]
            wait = steps_ref
        v[k] = vk
        v.append(vk + (dt / pars["tau_m"]) * (pars["E_L"] - vk + current[k] / pars["g_L"]))
        k += 1
    return v, spikes


def run_LIF__end_time_of_refractoriness(pars, Iinj, stop=False):
    """The end of the refractory period stored as a time, t_free = t_spike + tref, compared
    with a small tolerance; V_inf = E_L + I/g_L in the update."""
    t = pars["range_t"]
    dt = pars["dt"]
    I = np.broadcast_to(Iinj, t.shape).astype(float)
    if stop:
        I = I * (np.abs(t - pars["T"] / 2 + 1e-9) < 100)
    v = np.empty(t.size)
    v[0] = pars["V_init"]
    t_free = -1.0
    spike_times = []
    for it in range(t.size - 1):
        if t[it] <= t_free + 1e-9:
            v[it] = pars["V_reset"]
        elif v[it] >= pars["V_th"]:
            spike_times.append(it * dt)
            v[it] = pars["V_reset"]
            t_free = t[it] + pars["tref"]
        v_inf = pars["E_L"] + I[it] / pars["g_L"]
        v[it + 1] = v[it] + (v_inf - v[it]) * dt / pars["tau_m"]
    return v, np.array(spike_times)


# --- find_rheobase_current --------------------------------------------------------------------

def find_rheobase_current__assignment_flag(pars, init_I):
    """The assignment's walk: a finish flag, I = I + 1 after each run, return I - 1."""
    I = init_I
    finish = False
    while not finish:
        sp = nl.run_lif(pars, I).spikes
        sp_num = sp.shape[0]
        I = I + 1
        if sp_num > 0:
            finish = True
    return I - 1


def find_rheobase_current__while_test_first(pars, init_I):
    """Test, then step: while the run has no spikes, add 1 pA (with a bound)."""
    I = init_I
    while nl.run_lif(pars, I).spikes.size == 0:
        I += 1
        if I > init_I + 10000:
            raise RuntimeError("no spikes")
    return I


def find_rheobase_current__for_loop_arange(pars, init_I):
    """A for loop over np.arange(init_I, init_I + 5000, 1) and nl.spike_count."""
    for I in np.arange(init_I, init_I + 5000, 1):
        spikes = nl.run_lif(pars, I).spikes
        if nl.spike_count(spikes) > 0:
            return float(I)
    raise ValueError("no rheobase below init_I + 5000 pA")


def find_rheobase_current__batches(pars, init_I):
    """Twenty currents at a time as one batch of nl.run_lif, the first that spikes."""
    start = init_I
    while start < init_I + 5000:
        levels = start + np.arange(20)
        spikes = nl.run_lif(pars, levels[:, None]).spikes
        for level, sp in zip(levels, spikes):
            if len(sp) > 0:
                return level
        start += 20
    raise ValueError("no spikes")


def find_rheobase_current__recursive(pars, init_I):
    """Recursion: init_I if it spikes, else the answer from init_I + 1."""
    if len(nl.run_lif(pars, init_I).spikes) > 0:
        return init_I
    return find_rheobase_current__recursive(pars, init_I + 1)


def _my_run_LIF(pars, I):
    """The student's own simulator (spike times only), as notebook 01's exercise."""
    dt, Lt = pars["dt"], pars["range_t"].size
    v, tr, spikes = pars["V_init"], 0, []
    for it in range(Lt - 1):
        if tr > 0:
            v, tr = pars["V_reset"], tr - 1
        elif v >= pars["V_th"]:
            spikes.append(it * dt)
            v, tr = pars["V_reset"], round(pars["tref"] / dt)
        v = v + dt / pars["tau_m"] * (pars["E_L"] - v + I / pars["g_L"])
    return spikes


def find_rheobase_current__own_simulator_counter(pars, init_I):
    """The student's own simulator and a whole-number counter: init_I + n for n = 0, 1, ..."""
    for n in range(100000):
        if _my_run_LIF(pars, init_I + n):
            return init_I + n
    return math.nan
