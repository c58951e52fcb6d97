"""neurolab's simulators against a compiled reference loop (numba), measured side by side.

What. For each model (LIF, EIF, AdEx, GEM, Hodgkin-Huxley) and each case (neurons x duration,
white-noise input; for the LIF also a DC sweep), the median wall time of

  * neurolab's run_* with the trace (trace=True) and with the spike times only (trace=False);
  * the reference: a loop compiled with numba that does the same arithmetic in the same order,
    neuron after neuron, counting the spikes only, and its variant that also stores the trace;

the ratios neurolab / reference, against the goals: at most 5x with the trace, at most 3x for
the spike times only. Also printed: the peak memory of neurolab's two calls above their inputs
(tracemalloc, in separate calls, not the timed ones), and whether both sides agree: the LIF
(only +, -, x and /) must give the same spikes and the same trace bit for bit; the models that
call exp and expm1 must agree within one spike per neuron (numpy's exp and the C library's,
which numba calls, may differ in the last bit on some machines; their traces are compared and
the largest difference printed). A disagreement is printed in the table, and the script then
exits with status 1 after all the tables.

How. numba is no requirement of neurolab (only of its optional compiled kernels,
``neurolab[fast]``), and the project's python need not have it. This script runs with the
project's python; the reference runs in a second interpreter that has numba and numpy (not
neurolab): this same file started with --worker, which reads commands on stdin. It compiles
each model's kernels once on a tiny input (the compile time is printed once and excluded from
the times) and gets the very input currents neurolab gets, as .npy files in a temporary
directory. The machine is shared and noisy: compare the ratios of one run, not times across
runs.

    .venv/bin/python benchmarks/bench_engine.py [--quick] [--models lif,eif,adex,gem,hh]
                     [--numba-python PATH] [--numpy] [--no-memory]

    --quick         fewer and shorter cases (measured on 2 cores, with neurolab's compiled
                    kernels: --quick 15 s, the full run about 2 minutes)
    --models        the models to run, comma-separated (default: all five)
    --numba-python  the interpreter with numba (default: $NUMBA_PYTHON, else
                    /tmp/numbavenv/bin/python). Make one with
                    python3 -m venv /tmp/numbavenv && /tmp/numbavenv/bin/pip install numba numpy
    --numpy         time neurolab's numpy paths (neurolab.engine.compiled = False): much slower
                    for long single-neuron runs (Hodgkin-Huxley 1 x 100 s: 35 s a call; the
                    full run of lif,hh about 7 minutes)
    --no-memory     skip the memory measurements
"""

import argparse
import gc
import inspect
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _timing import median_ms  # noqa: E402

WORKER_FLAG = "--worker"
if sys.argv[1:2] != [WORKER_FLAG]:  # the worker's interpreter has numba and numpy, not neurolab
    import neurolab as nl  # noqa: E402

GOAL_TRACE = 5.0   # neurolab with the trace: at most this many times the reference's time
GOAL_SPIKES = 3.0  # neurolab with trace=False: at most this many times the reference's time
DEFAULT_NUMBA_PYTHON = "/tmp/numbavenv/bin/python"
MAKE_NUMBA_PYTHON = "python3 -m venv /tmp/numbavenv && /tmp/numbavenv/bin/pip install numba numpy"
MODEL_NAMES = ("lif", "eif", "adex", "gem", "hh")


# --- the reference kernels ---------------------------------------------------------------------
#
# Plain Python functions here; the worker compiles each with numba.njit, twice: keep=False counts
# the spikes only, keep=True also stores the trace (keep is a constant of the closure, so numba
# compiles each variant without the other's work). Each kernel runs neuron after neuron over all
# the steps, with the operations of neurolab's single-neuron loop in the same order; numba, with
# no fast-math, neither reorders nor fuses them, so both sides compute the same numbers.
# error_model="numpy": a division by zero gives inf or NaN as in numpy, with no test per division
# (numba's default tests each divisor, to raise ZeroDivisionError as Python does).
#
# Arguments common to all kernels:
#   I          input current, (n, Lt), or (n, 1) for constant currents (read as I[i, j * wide]
#              with wide = 1 or 0)
#   Lt         samples per neuron
#   counts     (n,) int64, filled with each neuron's number of spikes
#   stepsums   (n,) int64, filled with the sum of each neuron's spike steps (a checksum of the
#              spike times: equal counts and sums mean, in practice, equal spike trains)
#   out        (k, n, Lt) float64, filled with the traces when keep; else a (k, 1, 1) placeholder
# and then the model's parameters, by name (see `reference_pars`).

#: The cap of the GEM sigmoid's exponent (neurolab.models._integrate._EXP_CAP).
EXP_CAP = 700.0


def make_lif(keep):
    """The LIF reference kernel: spikes only (keep False) or with the trace out[0] = V."""

    def lif(I, wide, Lt, counts, stepsums, out, V_init, E_L, g_L, k, V_th, V_reset, nref):
        """LIF, forward Euler. Mirrors neurolab.models.lif._euler_single (run_lif's loop): at each
        step a refractory neuron is held at V_reset; otherwise V >= V_th is a spike (V reset, held
        for nref steps); the sample is stored; then V += (I/g_L + E_L - V) k, k = dt/tau_m. The last
        sample is stored, not tested (V_reset if a hold runs past the end)."""
        for i in range(I.shape[0]):
            v = V_init
            hold = 0
            count = 0
            stepsum = 0
            for j in range(Lt - 1):
                if hold:
                    v = V_reset
                    hold -= 1
                elif v >= V_th:
                    count += 1
                    stepsum += j
                    v = V_reset
                    hold = nref
                if keep:
                    out[0, i, j] = v
                v = v + (I[i, j * wide] / g_L + E_L - v) * k
            if keep:
                out[0, i, Lt - 1] = V_reset if hold else v
            counts[i] = count
            stepsums[i] = stepsum

    return lif


def make_eif(keep):
    """The EIF reference kernel: spikes only (keep False) or with the trace out[0] = V."""

    def eif(I, wide, Lt, counts, stepsums, out, V_init, E_L, g_L, V_T, Delta_T, gdT, kv,
            V_spike, V_r, nref):
        """EIF, forward Euler. Mirrors neurolab.models._integrate._run_single without a slow
        variable (run_eif's loop): hold at V_r, or V >= V_spike is a spike (V -> V_r, held for
        nref steps); store; then V += ((E_L - V) g_L + exp((V - V_T)/Delta_T) gdT + I) kv with
        gdT = g_L Delta_T, kv = dt/C. The last sample is tested too, not advanced. (neurolab's
        loop also subtracts c u = 0.0 * 0.0 there, which changes no bit.)"""
        for i in range(I.shape[0]):
            v = V_init
            hold = 0
            count = 0
            stepsum = 0
            for j in range(Lt):
                if hold:
                    v = V_r
                    hold -= 1
                elif v >= V_spike:
                    count += 1
                    stepsum += j
                    v = V_r
                    hold = nref
                if keep:
                    out[0, i, j] = v
                if j == Lt - 1:
                    break
                drive = (E_L - v) * g_L + math.exp((v - V_T) / Delta_T) * gdT + I[i, j * wide]
                v = v + drive * kv
            counts[i] = count
            stepsums[i] = stepsum

    return eif


def make_adex(keep):
    """The AdEx reference kernel: spikes only (keep False) or with the traces out[0] = V,
    out[1] = w."""

    def adex(I, wide, Lt, counts, stepsums, out, V_init, E_L, g_L, V_T, Delta_T, gdT, kv,
             V_spike, V_r, nref, w_init, a, kw, b):
        """AdEx, forward Euler. Mirrors neurolab.models._integrate._run_single with the
        'linear' slow variable (run_adex's loop): hold at V_r, or V >= V_spike is a spike
        (V -> V_r, w += b, held for nref steps); store; then from the stored (V, w):
        drive = (E_L - V) g_L + exp((V - V_T)/Delta_T) gdT - w + I, w += (a (V - E_L) - w) kw
        (kw = dt/tau_w), V += drive kv. The last sample is tested too. (neurolab's loop
        subtracts c w with c = 1.0: the same bits as w.)"""
        for i in range(I.shape[0]):
            v = V_init
            w = w_init
            hold = 0
            count = 0
            stepsum = 0
            for j in range(Lt):
                if hold:
                    v = V_r
                    hold -= 1
                elif v >= V_spike:
                    count += 1
                    stepsum += j
                    v = V_r
                    w = w + b
                    hold = nref
                if keep:
                    out[0, i, j] = v
                    out[1, i, j] = w
                if j == Lt - 1:
                    break
                drive = (E_L - v) * g_L + math.exp((v - V_T) / Delta_T) * gdT - w + I[i, j * wide]
                w = w + (a * (v - E_L) - w) * kw
                v = v + drive * kv
            counts[i] = count
            stepsums[i] = stepsum

    return adex


def make_gem(keep):
    """The GEM reference kernel: spikes only (keep False) or with the traces out[0] = V,
    out[1] = x."""

    def gem(I, wide, Lt, counts, stepsums, out, V_init, E_L, g_L, V_T, Delta_T, gdT, kv,
            V_spike, V_r, nref, x_init, g_x, kx, V_x, k_x):
        """GEM, forward Euler. Mirrors neurolab.models._integrate._run_single with the
        'sigmoid' slow variable (run_gem's loop): hold at V_r, or V >= V_spike is a spike
        (V -> V_r, held for nref steps; x does not jump); store; then from the stored (V, x):
        drive = (E_L - V) g_L + exp((V - V_T)/Delta_T) gdT - g_x x + I,
        x += (1 / (1 + exp(min((V_x - V)/k_x, 700))) - x) kx (kx = dt/tau_x), V += drive kv.
        The last sample is tested too."""
        for i in range(I.shape[0]):
            v = V_init
            x = x_init
            hold = 0
            count = 0
            stepsum = 0
            for j in range(Lt):
                if hold:
                    v = V_r
                    hold -= 1
                elif v >= V_spike:
                    count += 1
                    stepsum += j
                    v = V_r
                    hold = nref
                if keep:
                    out[0, i, j] = v
                    out[1, i, j] = x
                if j == Lt - 1:
                    break
                drive = (E_L - v) * g_L + math.exp((v - V_T) / Delta_T) * gdT - g_x * x \
                    + I[i, j * wide]
                z = (V_x - v) / k_x
                if z > EXP_CAP:  # Python's min(z, 700.0), as neurolab's loop
                    z = EXP_CAP
                x = x + (1.0 / (1.0 + math.exp(z)) - x) * kx
                v = v + drive * kv
            counts[i] = count
            stepsums[i] = stepsum

    return gem


def make_hh(keep):
    """The Hodgkin-Huxley reference kernel: spikes only (keep False) or with the traces
    out[0..3] = V, n, m, h."""

    def hh(I, wide, Lt, counts, stepsums, out, V_init, n_init, m_init, h_init, dt, C, gbar_Na,
           gbar_K, g_L, E_Na, E_K, E_L, threshold):
        """Hodgkin-Huxley, exponential Euler. Mirrors neurolab.models.hh._expeuler_single (run_hh's
        loop): the six rates at V (alpha_n, alpha_m as y / expm1(y) with their limits at y = 0),
        then V and the gates each step to x - (A - S x) expm1(-c S) / S from the state at the
        start of the step. A spike is what run_hh counts: a sample k >= 1 with
        V[k-1] < threshold <= V[k]. The gates start at their steady state at V_init (n_init,
        m_init, h_init from neurolab.hh_steady_state)."""
        mdt = -dt
        kv = dt / C
        mkv = -kv
        gLEL = g_L * E_L
        for i in range(I.shape[0]):
            v = V_init
            n = n_init
            m = m_init
            h = h_init
            count = 0
            stepsum = 0
            for k in range(Lt - 1):
                if keep:
                    out[0, i, k] = v
                    out[1, i, k] = n
                    out[2, i, k] = m
                    out[3, i, k] = h
                before = v
                y = (v + 55.0) / -10.0
                an = 0.1 * (y / math.expm1(y)) if y else 0.1
                y = (v + 40.0) / -10.0
                am = y / math.expm1(y) if y else 1.0
                u = v + 65.0
                ah = 0.07 * math.exp(u / -20.0)
                bn = 0.125 * math.exp(u / -80.0)
                bm = 4.0 * math.exp(u / -18.0)
                bh = 1.0 / (math.exp((v + 35.0) / -10.0) + 1.0)
                gk = n * n * n * n * gbar_K
                gna = m * m * m * h * gbar_Na
                g = gk + gna + g_L
                J = gk * E_K + gna * E_Na + gLEL + I[i, k * wide]
                if g:
                    v = v - (J - g * v) * math.expm1(mkv * g) / g
                else:
                    v = v + kv * J
                s = an + bn
                n = n - (an - s * n) * math.expm1(mdt * s) / s
                s = am + bm
                m = m - (am - s * m) * math.expm1(mdt * s) / s
                s = ah + bh
                h = h - (ah - s * h) * math.expm1(mdt * s) / s
                if before < threshold and v >= threshold:
                    count += 1
                    stepsum += k + 1
            if keep:
                out[0, i, Lt - 1] = v
                out[1, i, Lt - 1] = n
                out[2, i, Lt - 1] = m
                out[3, i, Lt - 1] = h
            counts[i] = count
            stepsums[i] = stepsum

    return hh


#: model -> (kernel factory, rows of its trace `out`)
KERNELS = {"lif": (make_lif, 1), "eif": (make_eif, 1), "adex": (make_adex, 2),
           "gem": (make_gem, 2), "hh": (make_hh, 4)}


# --- the worker: the reference, in the interpreter that has numba ------------------------------

class Reference:
    """The numba side. Commands (methods) come from the driver as JSON lines: `load` a case,
    `time` it, `dump` its voltage trace."""

    def __init__(self):
        import numba
        self.njit = numba.njit
        self.kernels = {}  # model -> {keep: compiled kernel}
        self.case = None   # (model, I, wide, Lt, the kernel's parameters)
        self.trace = None  # the voltage trace of the last `time`

    def load(self, model, file, Lt, pars):
        """Read the input of a case; compile the model's kernels first if they are new
        (on a tiny slice of the input: the compile time is returned, not timed later)."""
        I = np.load(file)
        names = list(inspect.signature(KERNELS[model][0](False)).parameters)[6:]
        args = tuple(pars[name] for name in names)
        self.case = (model, I, 1 if I.shape[1] > 1 else 0, Lt, args)
        self.trace = None
        compile_s = None
        if model not in self.kernels:
            start = time.perf_counter()
            self.kernels[model] = {keep: self.njit(KERNELS[model][0](keep), error_model="numpy")
                                   for keep in (False, True)}
            tiny = (model, np.ascontiguousarray(I[:1, :2]), self.case[2], 2, args)
            for keep in (False, True):
                self.run(keep, tiny)
            compile_s = time.perf_counter() - start
        return {"compile_s": compile_s}

    def run(self, keep, case=None):
        """One call of the kernel on the case: (counts, stepsums, traces)."""
        model, I, wide, Lt, args = case or self.case
        n = I.shape[0]
        counts = np.zeros(n, dtype=np.int64)
        stepsums = np.zeros(n, dtype=np.int64)
        rows = KERNELS[model][1]
        out = np.empty((rows, n, Lt) if keep else (rows, 1, 1))
        self.kernels[model][keep](I, wide, Lt, counts, stepsums, out, *args)
        return counts, stepsums, out

    def time(self, budget_s):
        """Median ms of each variant: one call, then, if it took at most half of budget_s,
        median_ms over up to 5 more (as many as fit). Also the spikes of both variants."""
        reply = {}
        for keep, name in ((False, "spikes"), (True, "trace")):
            start = time.perf_counter()
            counts, stepsums, out = self.run(keep)
            first = (time.perf_counter() - start) * 1000.0
            if keep:
                self.trace = out[0]
            del out
            repeats = int(min(5, budget_s * 1000.0 / max(first, 1e-3)))
            ms = median_ms(lambda keep=keep: self.run(keep), repeats) if repeats >= 2 else first
            reply[name] = {"ms": ms, "repeats": max(repeats, 1), "counts": counts.tolist(),
                           "stepsums": stepsums.tolist()}
        return reply

    def dump(self, file):
        """Save the voltage trace (n, Lt) of the last `time` to an .npy file."""
        np.save(file, self.trace)
        return {}


def worker_main():
    """Answer the driver's commands, one JSON line each, until 'quit' or the end of stdin."""
    import numba

    def reply(message):
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    reference = Reference()
    reply({"numba": numba.__version__, "numpy": np.__version__,
           "python": sys.version.split()[0]})
    for line in sys.stdin:
        command = json.loads(line)
        op = command.pop("op")
        if op == "quit":
            break
        try:
            reply(getattr(reference, op)(**command))
        except Exception:  # reported by the driver, which stops
            reply({"error": traceback.format_exc()})


class Worker:
    """The driver's handle on the worker: this file run with --worker by the numba interpreter,
    one JSON command per line on its stdin, one JSON answer per line on its stdout."""

    def __init__(self, python):
        self.proc = subprocess.Popen([python, str(Path(__file__).resolve()), WORKER_FLAG],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     bufsize=1)
        self.info = self._answer()

    def ask(self, op, **args):
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        return self._answer()

    def _answer(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the numba worker stopped (exit status {self.proc.wait()}); "
                               f"its error is printed above")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError("the numba worker failed:\n" + answer["error"])
        return answer

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.close()
            except OSError:
                pass
            self.proc.wait(timeout=60)


def check_numba_python(python):
    """(numba version, numpy version) of the interpreter, or exit 2 saying how to make one."""
    try:
        found = subprocess.run(
            [python, "-c", "import numba, numpy; print(numba.__version__, numpy.__version__)"],
            capture_output=True, text=True, timeout=300)
        if found.returncode == 0:
            return found.stdout.split()
        lines = found.stderr.strip().splitlines()
        reason = lines[-1] if lines else f"exit status {found.returncode}"
    except (OSError, subprocess.SubprocessError) as error:
        reason = str(error)
    print(f"bench_engine: the numba reference needs a Python with numba and numpy; {python} "
          f"has none ({reason}).\nMake one with\n\n    {MAKE_NUMBA_PYTHON}\n\nand pass it with "
          f"--numba-python PATH (or NUMBA_PYTHON=PATH).", file=sys.stderr)
    sys.exit(2)


# --- the driver: neurolab's side, the cases, the tables ---------------------------------------

@dataclass(frozen=True)
class Case:
    """n neurons for T ms; input white noise (mean mu, amplitude sig, seed) or, with dc, the
    constant currents linspace(*dc, n) as an (n, 1) batch."""

    n: int
    T: float
    mu: float = 0.0
    sig: float = 0.0
    dc: tuple = None
    seed: int = 2024

    @property
    def label(self):
        T = f"{self.T / 1000:g} s" if self.T >= 1000 else f"{self.T:g} ms"
        return f"{self.n} x {T} " + ("DC" if self.dc else "noise")


@dataclass(frozen=True)
class Model:
    """What the driver needs of a model: its name, parameters for a duration, its run
    function (called as run(pars, I, trace=...), returning a neurolab.Result) and its cases
    (full run, --quick)."""

    name: str
    pars: object          # T (ms) -> parameter dict
    run: object           # neurolab's run_* function
    full: tuple
    quick: tuple


def lif_noise(n, T):
    return Case(n, T, mu=180.0, sig=5.0)  # ~30 Hz, below the rheobase (200 pA): irregular


def if_noise(n, T, mu):
    return Case(n, T, mu=mu, sig=5.0)  # mu chosen for 25-30 Hz


def hh_noise(n, T):
    return Case(n, T, mu=4.0, sig=0.1)  # ~50 Hz (HH fires no slower), irregular


def model_table():
    """The models and their cases (a function: neurolab is imported only by the driver)."""
    shapes = lambda make: tuple(make(n, T) for n, T in  # noqa: E731
                                ((2000, 400.0), (100, 10_000.0), (2, 100_000.0), (1, 1_000_000.0)))
    quick = lambda make: (make(200, 400.0), make(1, 100_000.0))  # noqa: E731
    eif = lambda n, T: if_noise(n, T, mu=230.0)  # noqa: E731
    adex = lambda n, T: if_noise(n, T, mu=800.0)  # noqa: E731  (adaptation: b = 60 pA a spike)
    gem = lambda n, T: if_noise(n, T, mu=330.0)  # noqa: E731
    dc_sweep = Case(2000, 400.0, dc=(100.0, 300.0))
    return {
        "lif": Model("LIF", lambda T: nl.default_pars(T=T), nl.run_lif,
                     shapes(lif_noise) + (dc_sweep,),
                     (lif_noise(2000, 400.0), lif_noise(100, 1000.0), lif_noise(1, 100_000.0),
                      dc_sweep)),
        "eif": Model("EIF", lambda T: nl.eif_pars(T=T), nl.run_eif,
                     shapes(eif), quick(eif)),
        "adex": Model("AdEx", lambda T: nl.adex_pars(T=T), nl.run_adex,
                      shapes(adex), quick(adex)),
        "gem": Model("GEM", lambda T: nl.gem_pars(T=T), nl.run_gem,
                     shapes(gem), quick(gem)),
        "hh": Model("Hodgkin-Huxley", lambda T: nl.hh_pars(T=T, dt=0.01), nl.run_hh,
                    (hh_noise(100, 1000.0), hh_noise(1, 100_000.0)),
                    (hh_noise(20, 200.0), hh_noise(1, 5000.0))),
    }


def current(pars, case):
    """The case's input: (n, Lt) white noise from gwn, or the (n, 1) DC column."""
    if case.dc:
        return np.linspace(*case.dc, case.n)[:, None]
    return nl.gwn(pars, case.mu, case.sig, seed=case.seed, n=case.n)


def reference_pars(model, pars):
    """The numbers the reference kernel takes, computed as neurolab computes them."""
    p = pars
    if model == "lif":
        return dict(V_init=p["V_init"], E_L=p["E_L"], g_L=p["g_L"], k=p["dt"] / p["tau_m"],
                    V_th=p["V_th"], V_reset=p["V_reset"],
                    nref=nl.models.lif.refractory_steps(p["tref"], p["dt"]))
    if model == "hh":
        n0, m0, h0 = (float(x) for x in nl.hh_steady_state(p["V_init"]))
        return dict(V_init=p["V_init"], n_init=n0, m_init=m0, h_init=h0, dt=p["dt"], C=p["C"],
                    gbar_Na=p["gbar_Na"], gbar_K=p["gbar_K"], g_L=p["g_L"], E_Na=p["E_Na"],
                    E_K=p["E_K"], E_L=p["E_L"], threshold=float(nl.HH_SPIKE_THRESHOLD))
    eif = dict(V_init=p["V_init"], E_L=p["E_L"], g_L=p["g_L"], V_T=p["V_T"],
               Delta_T=p["Delta_T"], gdT=p["g_L"] * p["Delta_T"], kv=p["dt"] / p["C"],
               V_spike=p["V_spike"], V_r=p["V_r"],
               nref=nl.models.lif.refractory_steps(p["tref"], p["dt"]))
    if model == "adex":
        eif.update(w_init=p["w_init"], a=p["a"], kw=p["dt"] / p["tau_w"], b=p["b"])
    elif model == "gem":
        eif.update(x_init=p["x_init"], g_x=p["g_x"], kx=p["dt"] / p["tau_x"], V_x=p["V_x"],
                   k_x=p["k_x"])
    return eif


def timed_rounds(calls, budget_s, max_rounds):
    """Call each of ``calls`` (name -> fn) in turn, round after round, while another round
    fits in ``budget_s`` (at least one, at most max_rounds). Returns the median ms per name,
    the number of rounds, and each call's last result."""
    times = {name: [] for name in calls}
    last = {}
    start = time.perf_counter()
    while True:
        for name, fn in calls.items():
            last[name] = None  # free the previous result first
            t0 = time.perf_counter()
            last[name] = fn()
            times[name].append((time.perf_counter() - t0) * 1000.0)
        rounds = len(times[name])
        spent = time.perf_counter() - start
        if rounds >= max_rounds or spent * (rounds + 1) / rounds > budget_s:
            break
    return {name: statistics.median(ms) for name, ms in times.items()}, rounds, last


#: How many times slower a call runs under tracemalloc: neurolab's numpy paths about 20-30 times
#: (every float object their Python loops make is traced), its compiled kernels hardly. Used to
#: skip, with --quick, what would take too long.
TRACEMALLOC_SLOWDOWN = {"numpy": 30.0, "compiled": 2.0}


def traced_peak(fn):
    """(peak bytes allocated while fn() runs (tracemalloc), seconds): the allocations made
    before, such as the inputs, are not counted; the returned arrays are."""
    gc.collect()
    tracemalloc.start()
    try:
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return peak, seconds


def peak_memory(model, case, I, trace, timed_ms, budget_s, quick):
    """Peak memory (MB) of neurolab's call above its input, and how it was measured.

    'full': the call itself, traced. A long run (at least P = 6 chunks of neurolab's work,
    ``neurolab._batch.CHUNK_SAMPLES`` = 2**18 samples each) is first traced over its first
    2 Lt / P samples only: two chunks as long as the whole run's (which works through time in P
    equal chunks, one neuron at a time on the numpy paths, the slow ones under tracemalloc).
    If the whole traced call would then take more than budget_s, it is also traced over 3 chunks
    and the peak extrapolated linearly to Lt: a lower bound, '>='. The peak is the largest of
    the peaks of the run's phases, each growing linearly with the length from two chunks on:
    the chunks' work, which holds two chunks at a time and does not grow with trace=False (so
    the bound is then the peak), and, with the trace, the assembly of the returned arrays at the
    end, which can outgrow it over a long run (the numpy path of a narrow batch copies the rows'
    traces into one array: 16 bytes per sample at the end, 8 during the chunks).
    'skipped': --quick, and even the first short run (or the whole call, if short) would take
    more than budget_s under tracemalloc."""
    run = lambda pars, I: model.run(pars, I, trace=trace)  # noqa: E731
    pars = model.pars(case.T)
    Lt = pars["range_t"].size
    chunks = math.ceil(Lt / getattr(getattr(nl, "_batch", None), "CHUNK_SAMPLES", 2**18))
    compiled = getattr(getattr(nl, "engine", None), "compiled", False)
    predicted = TRACEMALLOC_SLOWDOWN["compiled" if compiled else "numpy"] * timed_ms / 1000.0
    if chunks < 6 or case.dc:
        if quick and predicted > budget_s:
            return None, "skipped"
        return traced_peak(lambda: run(pars, I))[0] / 1e6, "full"
    if quick and predicted * 2 / chunks > budget_s:
        return None, "skipped"
    points = []
    for k in (2, 3):  # k chunks, each one step shorter than the whole run's at most
        short = model.pars((int(k * Lt / chunks) - 1) * pars["dt"])
        L = short["range_t"].size
        part = np.ascontiguousarray(I[:, :L])
        peak, seconds = traced_peak(lambda short=short, part=part: run(short, part))
        del part
        points.append((L, peak))
        if seconds * Lt / L <= budget_s:  # the whole call is affordable after all
            return traced_peak(lambda: run(pars, I))[0] / 1e6, "full"
    (L1, p1), (L2, p2) = points
    return (p1 + (p2 - p1) * (Lt - L1) / (L2 - L1)) / 1e6, ">="


def spike_steps(spikes, dt, n):
    """neurolab's spike times (a list of n arrays, ms) as (counts, sums of the steps)."""
    steps = [np.rint(np.asarray(s) / dt).astype(np.int64) for s in spikes]
    assert len(steps) == n
    return np.array([s.size for s in steps]), np.array([int(s.sum()) for s in steps])


def compare_spikes(key, ours, theirs):
    """Text for the table and whether it meets the rule. LIF: the same spikes (counts and
    step sums: it uses only +, -, x and /, so nothing may differ). The others: counts within
    one spike per neuron."""
    (c1, s1), (c2, s2) = ours, (np.array(theirs["counts"]), np.array(theirs["stepsums"]))
    total = int(c1.sum())
    if np.array_equal(c1, c2) and np.array_equal(s1, s2):
        return f"same ({total})", True
    diff = np.abs(c1 - c2)
    if not diff.any():
        return (f"same counts ({total}), times differ in {int((s1 != s2).sum())} neuron(s)",
                key != "lif")
    worst = int(diff.max())
    text = (f"counts differ: {int((diff > 0).sum())} neuron(s), max {worst} "
            f"({total} vs {int(c2.sum())})")
    return text, (worst <= 1 and key != "lif")


def compare_traces(v_ours, v_theirs):
    """'same' if bit for bit, else the largest difference (mV)."""
    v_ours = np.asarray(v_ours).reshape(v_theirs.shape)
    if np.array_equal(v_ours, v_theirs):
        return "same"
    return f"max |dV| {float(np.max(np.abs(v_ours - v_theirs))):.2g} mV"


def warm_up(model):
    """neurolab's first calls of a model (its compiled kernels, if any, compile or load from the
    cache now): seconds."""
    start = time.perf_counter()
    pars = model.pars(20 * model.pars(400.0)["dt"])
    Lt = pars["range_t"].size
    for I in (np.full((2, Lt), 1.0), np.full((20, Lt), 1.0), np.ones((2, 1))):
        for trace in (True, False):
            model.run(pars, I, trace=trace)
    return time.perf_counter() - start


def run_case(key, model, case, worker, tmp, args):
    """Time one case on both sides, check that they agree, measure neurolab's memory: a row."""
    pars = model.pars(case.T)
    I = current(pars, case)
    file = os.path.join(tmp, "I.npy")
    np.save(file, I)
    compile_s = worker.ask("load", model=key, file=file, Lt=int(pars["range_t"].size),
                           pars=reference_pars(key, pars))["compile_s"]
    os.remove(file)

    budget, rounds_max = (3.0, 5) if args.quick else (8.0, 7)
    ms, rounds, last = timed_rounds(
        {"trace": lambda: model.run(pars, I, trace=True),
         "spikes": lambda: model.run(pars, I, trace=False)}, budget, rounds_max)
    ref = worker.ask("time", budget_s=1.0 if args.quick else 3.0)

    traced = last.pop("trace")
    v, spikes_traced = traced.v, traced.spikes
    spikes = last.pop("spikes").spikes
    dt = pars["dt"]
    ours = spike_steps(spikes, dt, case.n)
    same_runs = all(np.array_equal(a, b) for a, b in zip(ours, spike_steps(spikes_traced, dt,
                                                                           case.n)))
    spikes_text, spikes_ok = compare_spikes(key, ours, ref["spikes"])
    variants = (ref["spikes"]["counts"] == ref["trace"]["counts"]
                and ref["spikes"]["stepsums"] == ref["trace"]["stepsums"])
    if not same_runs:
        spikes_text += "; neurolab trace=True/False differ"
    if not variants:
        spikes_text += "; numba variants differ"
    worker.ask("dump", file=file)
    trace_text = compare_traces(v, np.load(file))
    os.remove(file)
    del v, spikes_traced, spikes, traced

    memory = {}
    if not args.no_memory:
        for name, trace in (("trace", True), ("spikes", False)):
            memory[name] = peak_memory(model, case, I, trace, ms[name],
                                       4.0 if args.quick else 20.0, args.quick)
    if key == "lif" and trace_text != "same":  # only +, -, x and /: the same bits
        spikes_ok = False
        spikes_text += "; LIF traces differ"
    return dict(case=case.label, nl_trace=ms["trace"], nl_spikes=ms["spikes"],
                ref_spikes=ref["spikes"]["ms"], ref_trace=ref["trace"]["ms"], rounds=rounds,
                ref_repeats=(ref["spikes"]["repeats"], ref["trace"]["repeats"]),
                memory=memory, spikes=spikes_text,
                ok=spikes_ok and same_runs and variants, traces=trace_text,
                compile_s=compile_s, trace_mb=8e-6 * case.n * pars["range_t"].size)


def verdict(ratio, goal):
    return f"{ratio:6.1f}x {'met' if ratio <= goal else 'NOT MET':<7}"


def print_tables(model, rows, dt):
    """The speed table, then the memory and agreement table, of one model."""
    print(f"\n{model.name} (dt = {dt:g} ms). Times in ms (median; repeats neurolab / numba "
          f"spikes / numba trace); ratio = neurolab / numba")
    print(f"{'case':<22} {'neurolab':>20} {'numba':>20}   {'ratio, goal':<34} {'repeats':>9}")
    print(f"{'':<22} {'trace':>10}{'spikes':>10} {'spikes':>10}{'trace':>10}   "
          f"{f'trace <= {GOAL_TRACE:g}x':<17}{f'spikes <= {GOAL_SPIKES:g}x':<17} ")
    for r in rows:
        print(f"{r['case']:<22} {r['nl_trace']:10.1f}{r['nl_spikes']:10.1f} "
              f"{r['ref_spikes']:10.1f}{r['ref_trace']:10.1f}   "
              f"{verdict(r['nl_trace'] / r['ref_trace'], GOAL_TRACE):<17}"
              f"{verdict(r['nl_spikes'] / r['ref_spikes'], GOAL_SPIKES):<17} "
              f"{r['rounds']:>3}/{r['ref_repeats'][0]}/{r['ref_repeats'][1]}")
    print(f"\n{'case':<22} {'neurolab peak memory (MB)':>27}  {'V trace':>8}   "
          f"{'spikes: neurolab (total) vs numba':<44} trace vs numba")
    print(f"{'':<22} {'trace':>13}{'spikes':>14}  {'(MB)':>8}")
    for r in rows:
        mem = r["memory"]
        cells = []
        for name in ("trace", "spikes"):
            value, how = mem.get(name, (None, "not measured"))
            cells.append(f"{'-':>13}" if value is None else
                         f"{('>=' if how == '>=' else '') + f'{value:.1f}':>13}")
        print(f"{r['case']:<22} {cells[0]}{cells[1]:>14}  {r['trace_mb']:8.1f}   "
              f"{r['spikes']:<44} {r['traces']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer and shorter cases")
    parser.add_argument("--models", default=",".join(MODEL_NAMES),
                        help="comma-separated, from " + ",".join(MODEL_NAMES))
    parser.add_argument("--numba-python", default=os.environ.get("NUMBA_PYTHON",
                                                                 DEFAULT_NUMBA_PYTHON))
    parser.add_argument("--numpy", action="store_true",
                        help="neurolab on its numpy paths (neurolab.engine.compiled = False)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurements")
    args = parser.parse_args(argv)
    keys = [k.strip().lower() for k in args.models.split(",") if k.strip()]
    unknown = [k for k in keys if k not in MODEL_NAMES]
    if unknown or not keys:
        parser.error(f"unknown model(s) {unknown}; choose from {','.join(MODEL_NAMES)}")

    start = time.perf_counter()
    numba_version, numpy_version = check_numba_python(args.numba_python)
    engine = getattr(nl, "engine", None)
    if args.numpy and engine is not None:
        engine.compiled = False
    compiled = bool(getattr(engine, "compiled", False))
    print(f"neurolab {nl.__version__} ({'compiled kernels' if compiled else 'numpy paths'}), "
          f"numpy {np.__version__}, Python {sys.version.split()[0]}; reference: numba "
          f"{numba_version}, numpy {numpy_version} ({args.numba_python})")
    print(f"{'quick' if args.quick else 'full'} run of {', '.join(keys)}; goals: neurolab at "
          f"most {GOAL_TRACE:g}x the reference with the trace, {GOAL_SPIKES:g}x spikes only")

    models = model_table()
    worker = Worker(args.numba_python)
    failures, compile_times, warmups = [], {}, {}
    try:
        with tempfile.TemporaryDirectory(prefix="bench_engine_") as tmp:
            for key in keys:
                model = models[key]
                warmups[key] = warm_up(model)
                rows = []
                for case in (model.quick if args.quick else model.full):
                    t0 = time.perf_counter()
                    row = run_case(key, model, case, worker, tmp, args)
                    if row["compile_s"] is not None:
                        compile_times[key] = row["compile_s"]
                    if not row["ok"]:
                        failures.append(f"{model.name} {row['case']}: {row['spikes']}")
                    rows.append(row)
                    print(f"  [{model.name} {case.label}: {time.perf_counter() - t0:.1f} s]",
                          file=sys.stderr, flush=True)
                print_tables(model, rows, model.pars(400.0)["dt"])
    finally:
        worker.close()

    print("\nnumba compile time (once per model, both variants; not in the times): " +
          ", ".join(f"{models[k].name} {s:.1f} s" for k, s in compile_times.items()))
    print("neurolab first calls (warm-up on tiny inputs; not in the times): " +
          ", ".join(f"{models[k].name} {s:.1f} s" for k, s in warmups.items()))
    if not args.no_memory:
        print("memory: tracemalloc peak of a separate call above its input, with the returned "
              "arrays; >= = a lower bound extrapolated from two shorter runs (tracemalloc would "
              "take too long); - = skipped (--quick); 'V trace' = the size of one (n, Lt) float "
              "array")
    print(f"total run time {time.perf_counter() - start:.0f} s")
    if failures:
        print("\nSPIKES DISAGREE (LIF must match exactly, the others within one spike per "
              "neuron):\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == [WORKER_FLAG]:
        worker_main()
    else:
        sys.exit(main())
