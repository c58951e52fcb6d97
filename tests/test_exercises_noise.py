"""Checks of notebooks 03 and 04 (my_GWN, isi_cv_LIF, my_OU): planted mistakes rejected with
their cause named, and the same functions with the advice applied accepted. (The correct styles
are in exercise_corpus/noise.py.)"""

import json
import time
from pathlib import Path

import numpy as np
import pytest

from checking import accepted, accepts, printed_verdict, rejects, verdict
from neurolab import exercises as ex

# --- 03 my_GWN -----------------------------------------------------------------------------

def make_my_GWN(scale=lambda sig, dt: sig / np.sqrt(dt / 1000), mean=True, draw="normal",
                seeding="default", default=False):
    """my_GWN with one part chosen: the per-sample scale, the mean added or not, how the
    numbers are drawn ('normal', 'uniform', 'smoothed': neighbours averaged), how myseed seeds
    ('default': default_rng(None if False else myseed), 'fresh': never seeded, 'fixed': always
    5, 'false': default_rng(myseed) also for False) and the default of myseed."""
    def my_GWN(pars, mu, sig, myseed=default):
        Lt = pars["range_t"].size
        seed = {"default": None if myseed is False else myseed, "fresh": None, "fixed": 5,
                "false": myseed}[seeding]
        rng = np.random.default_rng(seed)
        if draw == "normal":
            xi = rng.standard_normal(Lt)
        elif draw == "uniform":
            xi = (rng.random(Lt) - 0.5) * np.sqrt(12)  # mean 0, std 1, but flat
        else:
            xi = rng.standard_normal(Lt + 1)
            xi = (xi[1:] + xi[:-1]) / np.sqrt(2)  # std 1, neighbours correlated
        return (mu if mean else 0.0) + scale(sig, pars["dt"]) * xi
    return my_GWN


GWN_MISTAKES = [
    (dict(scale=lambda sig, dt: sig * 100), "the noise does not scale with 1/√dt: at "
                                            "dt = 0.05 ms its std is off by √2"),
    (dict(scale=lambda sig, dt: sig), "not scaled by 1/√(dt in s)"),
    (dict(scale=lambda sig, dt: sig / np.sqrt(dt)), "dt in ms"),
    (dict(scale=lambda sig, dt: sig * np.sqrt(dt / 1000)), "multiplied by √dt instead"),
    (dict(scale=lambda sig, dt: sig * np.sqrt(dt)), "multiplied by √dt (in ms)"),
    (dict(mean=False), "the mean mu is missing"),
    (dict(draw="uniform"), "not Gaussian"),
    (dict(draw="smoothed"), "samples 1 apart are correlated"),
    (dict(seeding="fresh"), "seed the generator with myseed"),
    (dict(seeding="fixed"), "the seed is not used"),
    (dict(seeding="false"), "myseed=False gave the same noise twice"),
    (dict(default=True), "the default must be myseed=False"),
]


@pytest.fixture(scope="module")
def advised_my_GWN():
    """The verdict on my_GWN with each part as the messages advise: the same function for every
    mistake below, so it is checked once."""
    return printed_verdict(ex.check_my_GWN, make_my_GWN())


@pytest.mark.parametrize("mistake, cause", GWN_MISTAKES, ids=[c for _, c in GWN_MISTAKES])
def test_my_GWN_names_the_mistake_and_the_advice_fixes_it(mistake, cause, capsys, advised_my_GWN):
    rejects(ex.check_my_GWN, make_my_GWN(**mistake), capsys, cause)
    accepted(*advised_my_GWN)


def test_my_GWN_rand_is_named_uniform(capsys):
    def rand_noise(pars, mu, sig, myseed=False):
        np.random.seed(myseed if myseed else None)
        return mu + sig / np.sqrt(pars["dt"] / 1000) * np.random.rand(pars["range_t"].size)
    rejects(ex.check_my_GWN, rand_noise, capsys, "uniform noise (np.random.rand)")


def test_my_GWN_a_trace_with_nan_is_named_before_the_seeds(capsys):
    def partly_nan(pars, mu, sig, myseed=False):
        I = make_my_GWN()(pars, mu, sig, myseed)
        I[-1] = np.nan
        return I
    out = rejects(ex.check_my_GWN, partly_nan, capsys, "the noise is nan at index")
    assert "same noise" not in out and "seed the generator" not in out


def test_my_GWN_complex_noise_is_named(capsys):
    rejects(ex.check_my_GWN, lambda p, mu, sig, s=False: make_my_GWN()(p, mu, sig, s) + 0j,
            capsys, "complex")


def test_my_GWN_the_same_draws_are_compared_exactly(capsys):
    out = rejects(ex.check_my_GWN,
                  make_my_GWN(scale=lambda sig, dt: sig / np.sqrt(dt / 1001)), capsys,
                  "np.random.default_rng(2020)'s normal numbers times")
    assert "expected sig/√(dt in s) = 250 pA" in out


def test_my_GWN_a_missing_default_gets_the_signature(capsys):
    rejects(ex.check_my_GWN, lambda pars, mu, sig, myseed: make_my_GWN()(pars, mu, sig, myseed),
            capsys, "the signature is my_GWN(pars, mu, sig, myseed=False)")


def test_my_GWN_noise_of_either_sign_and_lists_are_accepted(capsys):
    accepts(ex.check_my_GWN, lambda p, mu, sig, s=False: list(
        2 * mu - make_my_GWN()(p, mu, sig, s)), capsys)


def test_my_GWN_check_is_fast(capsys):
    start = time.process_time()  # CPU time: other jobs on a shared machine do not count
    accepts(ex.check_my_GWN, make_my_GWN(), capsys)
    assert time.process_time() - start < 0.5


# --- 03 isi_cv_LIF -------------------------------------------------------------------------

def make_isi_cv(isi_of=np.diff, cv_of=lambda isi, t: np.std(isi) / np.mean(isi),
                few=(np.nan, np.nan)):
    """isi_cv_LIF with one part chosen: the intervals, the CV, the answer for < 2 spikes."""
    def isi_cv_LIF(spike_times):
        if len(spike_times) < 2:
            return few
        isi = isi_of(spike_times)
        return isi, cv_of(isi, spike_times)
    return isi_cv_LIF


ISI_MISTAKES = [
    (dict(cv_of=lambda isi, t: np.var(isi) / np.mean(isi)),
     "CV computed from the variance instead of the standard deviation"),
    (dict(cv_of=lambda isi, t: np.var(isi, ddof=1) / np.mean(isi)),
     "CV computed from the variance instead of the standard deviation"),
    (dict(isi_of=lambda t: t), "the ISIs are the differences of consecutive spike times"),
    (dict(cv_of=lambda isi, t: np.std(t) / np.mean(t)), "CV computed from the spike times"),
    (dict(cv_of=lambda isi, t: np.mean(isi) / np.std(isi)), "inverted: mean/std"),
    (dict(few=(np.nan, 0.0)), "with fewer than two spikes CV is undefined"),
    (dict(few=(np.zeros(1), np.nan)), "with fewer than two spikes there is no interval"),
]


@pytest.mark.parametrize("mistake, cause", ISI_MISTAKES, ids=[c for _, c in ISI_MISTAKES])
def test_isi_cv_names_the_mistake_and_the_advice_fixes_it(mistake, cause, capsys):
    rejects(ex.check_isi_cv_LIF, make_isi_cv(**mistake), capsys, cause)
    accepts(ex.check_isi_cv_LIF, make_isi_cv(), capsys)


@pytest.mark.parametrize("ddof", [0, 1])
@pytest.mark.parametrize("as_list", [False, True])
def test_isi_cv_accepts_either_std_and_isi_as_a_list(ddof, as_list, capsys):
    def isi_cv_LIF(spike_times):
        isi = np.diff(spike_times)
        if isi.size == 0:
            return ([] if as_list else isi), np.nan
        with np.errstate(invalid="ignore", divide="ignore"):  # ddof=1 with one interval: NaN
            cv = np.std(isi, ddof=ddof) / np.mean(isi)
        return (isi.tolist() if as_list else isi), cv
    accepts(ex.check_isi_cv_LIF, isi_cv_LIF, capsys)


def test_isi_cv_another_cv_is_rejected_with_the_first_difference(capsys):
    median_cv = make_isi_cv(cv_of=lambda isi, t: np.std(isi) / np.median(isi))
    rejects(ex.check_isi_cv_LIF, median_cv, capsys, "30 irregular spikes: CV 0.6715, "
                                                    "expected std(isi)/mean(isi) = 0.6094")
    ddof2 = make_isi_cv(cv_of=lambda isi, t: np.std(isi, ddof=2) / np.mean(isi)
                        if isi.size > 2 else np.std(isi) / np.mean(isi))
    rejects(ex.check_isi_cv_LIF, ddof2, capsys, "30 irregular spikes: CV")


def test_isi_cv_nan_in_isi_is_named(capsys):
    rejects(ex.check_isi_cv_LIF, make_isi_cv(isi_of=lambda t: np.append(np.diff(t)[:-1], np.nan)),
            capsys, "isi is nan at index")


# --- 04 my_OU ------------------------------------------------------------------------------

def make_my_OU(noise=lambda a: np.sqrt(2 * a), drift=lambda a: a, start="stationary",
               tau=None, kick="fresh", last=True, draw="normal"):
    """my_OU with one part chosen: the noise factor and the drift factor as functions of
    a = dt/tau, the start ('stationary' mu + sig z[0], 'mu', 'zero-mean' sig z[0]), tau (None:
    pars['tau_ou']), which number kicks step k -> k+1 ('fresh' z[k+1], 'reused' z[k]), whether
    the last step is computed, the distribution of the numbers ('normal', 'uniform')."""
    def my_OU(pars, mu, sig, myseed=False):
        dt, Lt = pars["dt"], pars["range_t"].size
        tau_ou = pars["tau_ou"] if tau is None else tau
        rng = np.random.default_rng(None if myseed is False else myseed)
        z = rng.standard_normal(Lt) if draw == "normal" else \
            (rng.random(Lt) - 0.5) * np.sqrt(12)
        I = np.zeros(Lt)
        I[0] = {"stationary": mu + sig * z[0], "mu": mu, "zero-mean": sig * z[0]}[start]
        a = dt / tau_ou
        for k in range(Lt - 1 if last else Lt - 2):
            xi = z[k + 1] if kick == "fresh" else z[k]
            I[k + 1] = I[k] + drift(a) * (mu - I[k]) + noise(a) * sig * xi
        return I
    return my_OU


OU_MISTAKES = [
    (dict(noise=lambda a: 1.0), "OU without its √(2 dt/τ) noise factor"),
    (dict(noise=lambda a: np.sqrt(a)), "√(dt/τ) instead of √(2 dt/τ)"),
    (dict(drift=lambda a: 1.0), "dt/τ missing from the drift"),
    (dict(tau=10.0), "the correlation time is about 11.1 ms, not pars['tau_ou'] = 3 ms"),
    (dict(start="mu"), "I[0] is the same number in every run; start from mu + sig·z[0]"),
    (dict(start="zero-mean"), "the start sig·z[0] lacks mu; start from mu + sig·z[0]"),
    (dict(kick="reused"), "the start and every step's kick are independent"),
    (dict(last=False), "the last sample is never computed"),
    (dict(draw="uniform"), "the random kicks are not Gaussian"),
]


@pytest.fixture(scope="module")
def advised_my_OU():
    """The verdict on my_OU with each part as the messages advise (checked once, as for
    my_GWN)."""
    return printed_verdict(ex.check_my_OU, make_my_OU())


@pytest.mark.parametrize("mistake, cause", OU_MISTAKES, ids=[c for _, c in OU_MISTAKES])
def test_my_OU_names_the_mistake_and_the_advice_fixes_it(mistake, cause, capsys, advised_my_OU):
    rejects(ex.check_my_OU, make_my_OU(**mistake), capsys, cause)
    accepted(*advised_my_OU)


def test_my_OU_the_mean_and_the_seeds(capsys):
    def mean_off(pars, mu, sig, myseed=False):
        return make_my_OU()(pars, mu + sig / 2, sig, myseed)
    rejects(ex.check_my_OU, mean_off, capsys, "after a burn-in of 10 tau, expected mu = 120 pA")
    rejects(ex.check_my_OU, lambda p, mu, sig, s=False: make_my_OU()(p, mu, sig, s or 4),
            capsys, "myseed=False gave the same current twice")


def test_my_OU_correlated_kicks_are_named(capsys):
    def smoothed_kicks(pars, mu, sig, myseed=False):
        dt, tau, Lt = pars["dt"], pars["tau_ou"], pars["range_t"].size
        z = np.random.default_rng(None if myseed is False else myseed).standard_normal(Lt + 1)
        z = (z[1:] + z[:-1]) / np.sqrt(2)
        I = np.empty(Lt)
        I[0] = mu + sig * np.random.default_rng(myseed or None).standard_normal()
        for k in range(Lt - 1):
            I[k + 1] = I[k] + dt / tau * (mu - I[k]) + sig * np.sqrt(2 * dt / tau) * z[k + 1]
        return I
    rejects(ex.check_my_OU, smoothed_kicks, capsys, "the random kicks of steps 1 apart correlate")


def test_my_OU_nan_is_named_not_a_seeding_problem(capsys):
    def unstable(pars, mu, sig, myseed=False):
        return make_my_OU(noise=lambda a: np.sqrt(-a))(pars, mu, sig, myseed)
    ok, out = verdict(ex.check_my_OU, unstable, capsys)
    assert not ok and "the current is nan at index" in out and "same current" not in out


def test_my_OU_check_is_fast(capsys):
    start = time.process_time()  # CPU time: other jobs on a shared machine do not count
    accepts(ex.check_my_OU, make_my_OU(), capsys)
    assert time.process_time() - start < 1.0


# --- the notebooks and the checks agree ----------------------------------------------------

def test_the_exercise_texts_state_what_the_checks_accept():
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"

    def cell(nb, cell_id):
        cells = json.loads((notebooks / nb).read_text(encoding="utf-8"))["cells"]
        return "".join(next(c for c in cells if c.get("id") == cell_id)["source"])
    isi_text = cell("03_noisy_input.ipynb", "ex-isi-cv")
    assert "ddof=1" in isi_text and "np.nan" in isi_text
    ou_text = cell("04_ou_input.ipynb", "ex-my-ou")
    assert "exact update" in ou_text and r"\mu + \sigma z_0" in ou_text
