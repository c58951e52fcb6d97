"""Correct my_GWN, isi_cv_LIF and my_OU (notebooks 03 and 04) in the styles students write them:
the assignment's global seeding, default_rng, RandomState, Python's random module; loops and
vectorised code; lists instead of arrays; np.std or the sample std."""

import math
import random
import statistics

import numpy as np

# --- my_GWN ---------------------------------------------------------------------------------

def my_GWN__assignment_global_seed(pars, mu, sig, myseed=False):
    """The assignment's style: np.random.seed(myseed), randn, the factor 1/sqrt(dt in s)."""
    dt, range_t = pars["dt"], pars["range_t"]
    Lt = range_t.size
    if myseed:
        np.random.seed(seed=myseed)
    else:
        np.random.seed()
    I_gwn = mu + sig * np.random.randn(Lt) / np.sqrt(dt / 1000.0)
    return I_gwn


def my_GWN__default_rng(pars, mu, sig, myseed=False):
    """The notebook's style: np.random.default_rng and standard_normal, vectorised."""
    rng = np.random.default_rng(None if myseed is False else myseed)
    return mu + sig / np.sqrt(pars["dt"] / 1000) * rng.standard_normal(len(pars["range_t"]))


def my_GWN__randomstate_normal(pars, mu, sig, myseed=False):
    """A RandomState and normal(loc, scale, size): the per-sample std as the scale."""
    rs = np.random.RandomState(myseed if myseed else None)
    scale = sig * np.sqrt(1000.0 / pars["dt"])
    return rs.normal(mu, scale, size=pars["range_t"].shape)


def my_GWN__loop_list(pars, mu, sig, myseed=False):
    """A loop over the time grid appending one draw per step to a list (returned as a list)."""
    rng = np.random.default_rng(myseed if myseed is not False else None)
    dt_in_s = pars["dt"] * 1e-3
    current = []
    for _ in pars["range_t"]:
        current.append(mu + sig / math.sqrt(dt_in_s) * rng.normal())
    return current


def my_GWN__python_random(pars, mu, sig, myseed=False):
    """Python's random module, random.Random(seed).gauss, and dt from the time grid."""
    gen = random.Random(None if myseed is False else myseed)
    t = pars["range_t"]
    dt = (t[1] - t[0]) / 1000.0
    return np.array([gen.gauss(mu, sig / math.sqrt(dt)) for _ in range(len(t))])


def my_GWN__global_normal_minus(pars, mu, sig, myseed=False):
    """np.random.normal with the legacy global seed, noise written as mu - (...) (either sign)."""
    if myseed is not False:
        np.random.seed(myseed)
    else:
        np.random.seed(None)
    Lt = len(pars["range_t"])
    xi = np.random.normal(0.0, 1.0, Lt)
    return mu - xi * sig * 100 * np.sqrt(0.1 / pars["dt"])


def my_GWN__preallocated_loop(pars, mu, sig, myseed=False):
    """A preallocated array filled in a loop over indices, one standard_normal() per step."""
    rng = np.random.default_rng() if myseed is False else np.random.default_rng(myseed)
    Lt = pars["range_t"].size
    I = np.zeros(Lt)
    factor = 1 / np.sqrt(pars["dt"] / 1000)
    for i in range(Lt):
        I[i] = mu + sig * factor * rng.standard_normal()
    return I


# --- isi_cv_LIF -----------------------------------------------------------------------------

def isi_cv_LIF__assignment(spike_times):
    """The assignment's code: len(spike_times) >= 2, np.diff, np.std / np.mean, else NaN, NaN."""
    if len(spike_times) >= 2:
        isi = np.diff(spike_times)
        cv = np.std(isi) / np.mean(isi)
    else:
        isi = np.nan
        cv = np.nan
    return isi, cv


def isi_cv_LIF__notebook(spike_times):
    """The notebook's solution: an array, an empty isi and NaN for fewer than two spikes."""
    spike_times = np.asarray(spike_times, dtype=float)
    if spike_times.size < 2:
        return np.array([]), np.nan
    isi = np.diff(spike_times)
    return isi, np.std(isi) / np.mean(isi)


def isi_cv_LIF__no_branch(spike_times):
    """No branch: np.diff and std/mean, NaN (and a silenced warning) for an empty isi."""
    isi = np.diff(spike_times)
    with np.errstate(invalid="ignore", divide="ignore"):
        cv = np.std(isi) / np.mean(isi)
    return isi, cv


def isi_cv_LIF__loop_list(spike_times):
    """A loop building the ISIs as a list, the population std written out by hand."""
    isi = []
    for i in range(len(spike_times) - 1):
        isi.append(spike_times[i + 1] - spike_times[i])
    if len(isi) == 0:
        return isi, float("nan")
    mean = sum(isi) / len(isi)
    std = math.sqrt(sum((x - mean) ** 2 for x in isi) / len(isi))
    return isi, std / mean


def isi_cv_LIF__sample_std(spike_times):
    """The sample standard deviation, np.std(isi, ddof=1): NaN for a single interval."""
    if len(spike_times) < 2:
        return np.nan, np.nan
    isi = np.diff(spike_times)
    with np.errstate(invalid="ignore", divide="ignore"):
        cv = np.std(isi, ddof=1) / np.mean(isi)
    return isi, cv


def isi_cv_LIF__statistics_module(spike_times):
    """Python's statistics module (stdev is the sample std), slicing for the intervals."""
    times = np.asarray(spike_times)
    isi = times[1:] - times[:-1]
    if len(isi) < 2:
        return isi, float("nan") if len(isi) == 0 else 0.0
    return isi, statistics.stdev(isi) / statistics.mean(isi)


def isi_cv_LIF__pandas_like_mean_std(spike_times):
    """Array methods isi.std() / isi.mean(), with an explicit 'fewer than two' guard."""
    spikes = np.array(spike_times, dtype=float)
    if len(spikes) <= 1:
        return np.array([]), float("nan")
    isi = spikes[1:] - spikes[:-1]
    return isi, isi.std() / isi.mean()


# --- my_OU ----------------------------------------------------------------------------------

def my_OU__notebook(pars, mu, sig, myseed=False):
    """The notebook's solution: default_rng, Euler-Maruyama steps in a loop, I[0] = mu + sig z0."""
    rng = np.random.default_rng(None if myseed is False else myseed)
    dt, tau_ou = pars["dt"], pars["tau_ou"]
    Lt = pars["range_t"].size
    z = rng.standard_normal(Lt)
    I = np.zeros(Lt)
    I[0] = mu + sig * z[0]
    for k in range(Lt - 1):
        I[k + 1] = I[k] + dt / tau_ou * (mu - I[k]) + sig * np.sqrt(2 * dt / tau_ou) * z[k + 1]
    return I


def my_OU__assignment_global_seed(pars, mu, sig, myseed=False):
    """The assignment's loop: np.random.seed, noise = randn(Lt), dI added to I_ou[it]."""
    dt, tau_ou = pars["dt"], pars["tau_ou"]
    range_t = pars["range_t"]
    Lt = range_t.size
    if myseed:
        np.random.seed(seed=myseed)
    else:
        np.random.seed()
    noise = np.random.randn(Lt)
    I_ou = np.zeros(Lt)
    I_ou[0] = mu + noise[0] * sig
    for it in range(Lt - 1):
        dI = (dt / tau_ou) * (mu - I_ou[it]) + np.sqrt(2 * dt / tau_ou) * sig * noise[it + 1]
        I_ou[it + 1] = I_ou[it] + dI
    return I_ou


def my_OU__exact_update(pars, mu, sig, myseed=False):
    """The exact update of nl.ou: decay e^(-dt/tau), kick sig sqrt(1 - e^(-2 dt/tau))."""
    rng = np.random.default_rng(myseed if myseed is not False else None)
    Lt = len(pars["range_t"])
    decay = np.exp(-pars["dt"] / pars["tau_ou"])
    kick = sig * np.sqrt(1 - decay ** 2)
    I = np.empty(Lt)
    I[0] = mu + sig * rng.standard_normal()
    for k in range(1, Lt):
        I[k] = mu + (I[k - 1] - mu) * decay + kick * rng.standard_normal()
    return I


def my_OU__list_one_draw_per_step(pars, mu, sig, myseed=False):
    """A Python list grown step by step, one rng.normal() per step, returned as a list."""
    rng = np.random.default_rng(None if myseed is False else myseed)
    dt, tau = pars["dt"], pars["tau_ou"]
    current = [rng.normal(mu, sig)]
    for _ in range(len(pars["range_t"]) - 1):
        previous = current[-1]
        current.append(previous + (mu - previous) * dt / tau
                       + sig * math.sqrt(2 * dt / tau) * rng.normal())
    return current


def my_OU__randomstate_noise_minus(pars, mu, sig, myseed=False):
    """RandomState(seed).normal for all kicks, the noise term subtracted (either sign is fine)."""
    rs = np.random.RandomState(myseed if myseed else None)
    tau_ou, dt = pars["tau_ou"], pars["dt"]
    n = pars["range_t"].shape[0]
    xi = rs.normal(size=n)
    I = np.full(n, float(mu))
    I[0] -= sig * xi[0]
    a = dt / tau_ou
    for i in range(1, n):
        I[i] = (1 - a) * I[i - 1] + a * mu - sig * np.sqrt(2 * a) * xi[i]
    return I


def my_OU__while_loop_python_random(pars, mu, sig, myseed=False):
    """A while loop over the steps with Python's random.Random(seed).gauss for the noise."""
    gen = random.Random(None if myseed is False else myseed)
    dt, tau = pars["dt"], pars["tau_ou"]
    n = len(pars["range_t"])
    I = np.zeros(n)
    I[0] = gen.gauss(mu, sig)
    k = 0
    while k < n - 1:
        dI = dt * (mu - I[k]) / tau + sig * math.sqrt(2.0 * dt / tau) * gen.gauss(0.0, 1.0)
        I[k + 1] = I[k] + dI
        k += 1
    return I


def my_OU__global_randn_in_loop(pars, mu, sig, myseed=False):
    """The legacy global seed (np.random.seed(myseed or None)) and np.random.randn() in the loop."""
    np.random.seed(myseed if myseed is not False else None)
    dt, tau_ou = pars["dt"], pars["tau_ou"]
    I_ou = np.zeros_like(pars["range_t"], dtype=float)
    I_ou[0] = mu + sig * np.random.randn()
    for it in range(1, len(I_ou)):
        I_ou[it] = I_ou[it - 1] + dt / tau_ou * (mu - I_ou[it - 1]) \
            + np.sqrt(2 * dt / tau_ou) * sig * np.random.randn()
    return I_ou
