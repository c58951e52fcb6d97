"""The noisy-input explorers (notebooks 03-04): they build, their sliders change the figure's
data the right way, the noise is frozen by the seed, and reset() brings back the defaults."""

import re

import numpy as np
import pytest

import neurolab as nl
from neurolab import widgets as nw
from test_widgets_base import (
    assert_constructor_refuses,
    assert_every_control_refuses_impossible_values,
)


def spike_marks(line):
    """Spike times drawn by a marker line."""
    return np.asarray(line.get_xdata(), dtype=float)


def cv_in_title(ax):
    match = re.search(r"CV_ISI = ([0-9.]+)", ax.get_title())
    assert match, ax.get_title()
    return float(match.group(1))


def spikes_in_title(ax):
    match = re.match(r"(\d+) spikes", ax.get_title())
    assert match, ax.get_title()
    return int(match.group(1))


def units_in_labels(ex):
    return all(re.search(r"\(.+\)$", w.description) for w in ex.controls.values())


# --- GWNExplorer ----------------------------------------------------------------------------


@pytest.fixture
def gwn_ex(explorers):
    return explorers.get(nw.GWNExplorer)


def test_gwn_explorer_builds_with_seeded_noise(gwn_ex):
    assert set(gwn_ex.controls) == {"mu", "sig"}
    assert units_in_labels(gwn_ex)
    assert "pA·√s" in gwn_ex.controls["sig"].description
    assert bytes(gwn_ex.image.value)[:4] == b"\x89PNG"
    p = nl.default_pars(T=500)
    I = nl.gwn(p, 150.0, 2.0, seed=2020)
    run = nl.run_lif(p, I)
    v, spikes = run.v, run.spikes
    drawn = np.asarray(gwn_ex.input["I"].get_ydata())  # the per-pixel min/max envelope of I
    envelope = nl.plotting.line_envelope(p["range_t"], I, gwn_ex.columns)[1]
    np.testing.assert_array_equal(drawn, envelope)
    assert drawn.max() == I.max() and drawn.min() == I.min()
    np.testing.assert_array_equal(gwn_ex.trace["v"].get_ydata(), v)
    np.testing.assert_array_equal(spike_marks(gwn_ex.trace["spikes"]), spikes)
    assert gwn_ex.input["mean"].get_ydata() == pytest.approx([150.0, 150.0])
    assert gwn_ex.v_inf.get_ydata() == pytest.approx([-60.0, -60.0])
    # per-sample std sig / sqrt(dt in s) = 2 / sqrt(1e-4) = 200 pA
    assert "200 pA" in gwn_ex.ax_i.get_title()


def test_gwn_explorer_same_settings_same_picture(gwn_ex):
    first = np.array(gwn_ex.trace["v"].get_ydata())
    gwn_ex.set(mu=300.0, sig=4.0)
    gwn_ex.set(mu=150.0, sig=2.0)
    np.testing.assert_array_equal(gwn_ex.trace["v"].get_ydata(), first)


def test_gwn_explorer_larger_sigma_larger_voltage_fluctuations(gwn_ex):
    p = gwn_ex.base
    late = p["range_t"] >= 100.0  # after the rise from V_init
    stds, input_ranges = [], []
    for sig in (0.0, 0.5, 1.5, 3.0):
        gwn_ex.set(mu=50.0, sig=sig)  # V_inf = -70 mV: far below threshold, no spikes
        assert spike_marks(gwn_ex.trace["spikes"]).size == 0
        stds.append(np.std(gwn_ex.trace["v"].get_ydata()[late]))
        input_ranges.append(np.ptp(gwn_ex.input["I"].get_ydata()))
    assert stds[0] < 1e-3  # no noise: only the tail of the relaxation from V_init
    assert all(a < b for a, b in zip(stds, stds[1:]))
    # the free membrane's std is sig / (g_L sqrt(2 tau_m)) = 0.707 mV per pA·√s (loose: 400 ms)
    assert stds[-1] == pytest.approx(3.0 * 0.7071, rel=0.25)
    # the same frozen noise, scaled: the input's spread grows exactly in proportion to sig
    assert input_ranges[2] / input_ranges[1] == pytest.approx(3.0, rel=1e-9)


def test_gwn_explorer_more_mean_input_more_spikes(gwn_ex):
    counts = []
    for mu in (100.0, 200.0, 250.0, 350.0):
        gwn_ex.set(mu=mu, sig=1.0)
        counts.append(spike_marks(gwn_ex.trace["spikes"]).size)
        assert spikes_in_title(gwn_ex.ax_v) == counts[-1]
    assert counts[0] == 0
    assert all(a < b for a, b in zip(counts, counts[1:]))


def test_gwn_explorer_noise_alone_can_drive_spikes(gwn_ex):
    gwn_ex.set(mu=170.0, sig=0.0)  # below the rheobase (200 pA): silent without noise
    assert spike_marks(gwn_ex.trace["spikes"]).size == 0
    gwn_ex.set(sig=5.0)
    assert spike_marks(gwn_ex.trace["spikes"]).size > 0


def test_gwn_explorer_reset(gwn_ex):
    before = np.array(gwn_ex.trace["v"].get_ydata())
    gwn_ex.set(mu=320.0, sig=5.5)
    assert not np.array_equal(gwn_ex.trace["v"].get_ydata(), before)
    gwn_ex.reset()
    assert gwn_ex.values == gwn_ex.defaults == {"mu": 150.0, "sig": 2.0}
    np.testing.assert_array_equal(gwn_ex.trace["v"].get_ydata(), before)


def test_line_envelope_keeps_each_chunks_extremes():
    t = np.arange(5000) * 0.1
    y = np.random.default_rng(1).standard_normal(5000)
    te, ye = nl.plotting.line_envelope(t, y, 100)
    assert te.shape == ye.shape == (200,)
    chunks = y.reshape(100, 50)
    np.testing.assert_array_equal(ye[0::2], chunks.min(axis=1))
    np.testing.assert_array_equal(ye[1::2], chunks.max(axis=1))
    np.testing.assert_array_equal(te[0::2], t[::50])
    short_t, short_y = nl.plotting.line_envelope(t[:150], y[:150], 100)  # few samples: unchanged
    np.testing.assert_array_equal(short_y, y[:150])


# --- NoisyFIExplorer ------------------------------------------------------------------------


@pytest.fixture
def fi_ex(explorers):
    return explorers.get(nw.NoisyFIExplorer)


def test_noisy_fi_explorer_builds_with_batched_simulation(fi_ex):
    assert set(fi_ex.controls) == {"sig"}
    assert units_in_labels(fi_ex)
    p = fi_ex.base
    expected = nl.fi_curve(p, fi_ex.I_values, sig=2.0, seed=2020, method="count")
    np.testing.assert_array_equal(fi_ex.lines["sim"].get_ydata(), expected)
    np.testing.assert_allclose(fi_ex.lines["theory"].get_ydata(),
                               nl.siegert_rate(p, fi_ex.I_theory, 2.0))
    np.testing.assert_allclose(fi_ex.lines["dc"].get_ydata(), nl.lif_rate(p, fi_ex.I_theory))


def test_noisy_fi_explorer_without_noise_matches_the_dc_curve(fi_ex):
    fi_ex.set(sig=0.0)
    p = fi_ex.base
    np.testing.assert_allclose(fi_ex.lines["theory"].get_ydata(), nl.lif_rate(p, fi_ex.I_theory))
    sim = np.asarray(fi_ex.lines["sim"].get_ydata())
    dc = nl.lif_rate(p, fi_ex.I_values)
    # a count in T = 600 ms is within one spike (1.7 Hz) of the steady rate times T
    np.testing.assert_allclose(sim, dc, atol=1000.0 / p["T"])
    assert np.all(sim[fi_ex.I_values <= 200.0] == 0.0)


def test_noisy_fi_explorer_noise_smooths_the_threshold(fi_ex):
    below = (fi_ex.I_values >= 150.0) & (fi_ex.I_values < 200.0)
    fi_ex.set(sig=0.0)
    assert np.all(np.asarray(fi_ex.lines["sim"].get_ydata())[below] == 0.0)
    fi_ex.set(sig=4.0)
    sim = np.asarray(fi_ex.lines["sim"].get_ydata())
    theory_at_sim = nl.siegert_rate(fi_ex.base, fi_ex.I_values, 4.0)
    assert np.all(sim[below] > 0.0)  # noise-driven firing below the DC rheobase
    assert np.all(theory_at_sim[below] > 1.0)
    # simulation and theory agree to within the sampling error of a 600 ms count
    assert np.max(np.abs(sim - theory_at_sim)) < 12.0
    assert "4.0 pA·√s" in fi_ex.ax.get_title()


def test_noisy_fi_explorer_reset(fi_ex):
    before = np.array(fi_ex.lines["sim"].get_ydata())
    fi_ex.set(sig=4.5)
    assert not np.array_equal(fi_ex.lines["sim"].get_ydata(), before)
    fi_ex.reset()
    assert fi_ex.values == {"sig": 2.0}
    np.testing.assert_array_equal(fi_ex.lines["sim"].get_ydata(), before)


# --- ISIExplorer ----------------------------------------------------------------------------


@pytest.fixture
def isi_ex(explorers):
    return explorers.get(nw.ISIExplorer)


def test_isi_explorer_builds(isi_ex):
    assert set(isi_ex.controls) == {"mu", "sig"}
    assert units_in_labels(isi_ex)
    p = isi_ex.base
    spikes = nl.run_lif(p, nl.gwn(p, 250.0, 1.0, seed=2020)).spikes
    isi, cv = nl.isi_cv(spikes)
    fractions, _ = nl.plotting.isi_fractions(isi, isi_ex.bins)
    np.testing.assert_allclose(isi_ex.hist.get_data().values, fractions)
    assert cv_in_title(isi_ex.ax_h) == pytest.approx(cv, abs=0.005)
    np.testing.assert_array_equal(isi_ex.hist.get_data().edges, isi_ex.bins)


def test_isi_explorer_cv_grows_with_sigma(isi_ex):
    cvs = []
    for sig in (0.0, 0.5, 2.0, 5.0):
        isi_ex.set(mu=250.0, sig=sig)
        cvs.append(cv_in_title(isi_ex.ax_h))
    assert cvs[0] == 0.0  # DC input: perfectly regular
    assert all(a < b for a, b in zip(cvs, cvs[1:]))


def test_isi_explorer_regular_train_fills_one_bin(isi_ex):
    isi_ex.set(mu=250.0, sig=0.0)
    values = isi_ex.hist.get_data().values
    assert values.max() == pytest.approx(1.0)
    assert np.count_nonzero(values) == 1
    # the DC reference marks the noise-free interval, inside the filled bin
    dc_isi = isi_ex.dc_isi.get_xdata()[0]
    assert dc_isi == pytest.approx(1000.0 / nl.lif_rate(isi_ex.base, 250.0))
    k = np.searchsorted(isi_ex.bins, dc_isi) - 1
    assert values[k] == pytest.approx(1.0) or values[k + 1] == pytest.approx(1.0)
    assert isi_ex.dc_isi.get_visible()


def test_isi_explorer_silent_neuron(isi_ex):
    isi_ex.set(mu=150.0, sig=0.0)
    assert "CV undefined" in isi_ex.ax_h.get_title()
    assert not np.any(isi_ex.hist.get_data().values)
    assert not isi_ex.dc_isi.get_visible()  # no firing without noise below the rheobase
    assert spike_marks(isi_ex.trace["spikes"]).size == 0


def test_isi_explorer_stronger_mean_input_shorter_intervals(isi_ex):
    means = []
    for mu in (220.0, 300.0, 400.0):
        isi_ex.set(mu=mu, sig=2.0)
        values, edges, _ = isi_ex.hist.get_data()
        centres = (edges[:-1] + edges[1:]) / 2
        means.append(np.sum(values * centres) / np.sum(values))
    assert means[0] > means[1] > means[2]


def test_isi_explorer_reset(isi_ex):
    before = np.array(isi_ex.hist.get_data().values)
    isi_ex.set(mu=380.0, sig=4.0)
    assert not np.array_equal(isi_ex.hist.get_data().values, before)
    isi_ex.reset()
    assert isi_ex.values == {"mu": 250.0, "sig": 1.0}
    np.testing.assert_array_equal(isi_ex.hist.get_data().values, before)


# --- OUExplorer -----------------------------------------------------------------------------


@pytest.fixture
def ou_ex(explorers):
    return explorers.get(nw.OUExplorer)


def test_ou_explorer_builds_with_seeded_ou_input(ou_ex):
    assert set(ou_ex.controls) == {"mu", "sig", "tau_ou"}
    assert units_in_labels(ou_ex)
    p = ou_ex.base
    I = nl.ou(p, 200.0, 20.0, seed=2020, tau_ou=10.0)
    run = nl.run_lif(p, I)
    v, spikes = run.v, run.spikes
    n = ou_ex.n_show
    # the explorer scales one unit process (mu + sig * unit): equal to nl.ou up to rounding
    np.testing.assert_allclose(ou_ex.input["I"].get_ydata(), I[:n], rtol=0, atol=1e-9)
    np.testing.assert_allclose(ou_ex.trace["v"].get_ydata(), v[:n], rtol=0, atol=1e-9)
    assert spikes_in_title(ou_ex.ax_v) == spikes.size
    assert cv_in_title(ou_ex.ax_h) == pytest.approx(nl.isi_cv(spikes)[1], abs=0.005)


def test_ou_explorer_sigma_scales_the_input(ou_ex):
    ou_ex.set(mu=100.0, sig=10.0)
    small = np.asarray(ou_ex.input["I"].get_ydata()) - 100.0
    ou_ex.set(sig=40.0)
    large = np.asarray(ou_ex.input["I"].get_ydata()) - 100.0
    np.testing.assert_allclose(large, 4.0 * small, atol=1e-9)  # same frozen noise, scaled
    assert "std" in ou_ex.ax_i.get_title()


def test_ou_explorer_longer_tau_slower_input(ou_ex):
    steps = []
    for tau in (2.0, 10.0, 50.0):
        ou_ex.set(mu=200.0, sig=20.0, tau_ou=tau)
        steps.append(np.mean(np.abs(np.diff(ou_ex.input["I"].get_ydata()))))
    # the sample-to-sample change of an OU process shrinks like sig sqrt(2 dt / tau_ou)
    assert steps[0] > steps[1] > steps[2]
    assert steps[0] / steps[2] == pytest.approx(np.sqrt(50.0 / 2.0), rel=0.2)


def test_ou_explorer_more_mean_more_spikes_and_noise_drives_irregularity(ou_ex):
    counts = []
    for mu in (150.0, 220.0, 300.0):
        ou_ex.set(mu=mu, sig=10.0, tau_ou=10.0)
        counts.append(spikes_in_title(ou_ex.ax_v))
    assert counts[0] < counts[1] < counts[2]
    ou_ex.set(mu=250.0, sig=0.0)
    assert cv_in_title(ou_ex.ax_h) == 0.0
    ou_ex.set(sig=30.0)
    assert cv_in_title(ou_ex.ax_h) > 0.1


def test_ou_explorer_reset(ou_ex):
    before = np.array(ou_ex.input["I"].get_ydata())
    ou_ex.set(mu=300.0, sig=50.0, tau_ou=80.0)
    assert not np.array_equal(ou_ex.input["I"].get_ydata(), before)
    ou_ex.reset()
    assert ou_ex.values == {"mu": 200.0, "sig": 20.0, "tau_ou": 10.0}
    np.testing.assert_array_equal(ou_ex.input["I"].get_ydata(), before)


# --- impossible input is refused by name --------------------------------------------------


@pytest.fixture(params=[nw.GWNExplorer, nw.NoisyFIExplorer, nw.ISIExplorer, nw.OUExplorer],
                ids=lambda c: c.__name__)
def built(request, explorers):
    return explorers.get(request.param)


def test_set_refuses_values_outside_each_controls_range(built):
    assert_every_control_refuses_impossible_values(built)


@pytest.mark.parametrize("cls, kwargs, words", [
    (nw.GWNExplorer, {"T": 1e12}, ["T must be at most 10000 ms"]),
    (nw.GWNExplorer, {"T": "x"}, ["T must be a real number"]),
    (nw.GWNExplorer, {"seed": -1}, ["seed must be a non-negative whole number", "-1"]),
    (nw.GWNExplorer, {"seed": "x"}, ["seed must be", "'x'"]),
    (nw.GWNExplorer, {"seed": 1.5}, ["seed must be", "1.5"]),
    (nw.GWNExplorer, {"seed": True}, ["seed must be", "True"]),
    (nw.NoisyFIExplorer, {"I_values": [[100.0, 200.0], [300.0, 400.0]]},
     ["I_values must be a 1-D sequence", "(2, 2)"]),
    (nw.NoisyFIExplorer, {"I_values": [0.0, 1e6]},
     ["every current in I_values must be between -10000 and 10000 pA", "1000000.0"]),
    (nw.NoisyFIExplorer, {"I_values": np.arange(1000.0)},
     ["len(I_values) must be between 2 and 101"]),
    (nw.NoisyFIExplorer, {"I_values": [100.0, np.inf]}, ["I_values must contain only finite"]),
    (nw.NoisyFIExplorer, {"I_values": "x"}, ["I_values must be a number or an array"]),
    (nw.NoisyFIExplorer, {"I_values": [100.0, 100.0]},
     ["I_values must hold at least two different"]),
    (nw.NoisyFIExplorer, {"T": 1e5}, ["T must be at most 5000 ms"]),
    (nw.NoisyFIExplorer, {"seed": -1}, ["seed must be"]),
    (nw.ISIExplorer, {"T": 1e12}, ["T must be at most 100000 ms"]),
    (nw.ISIExplorer, {"T": 100.0}, ["show must be at most 100 ms", "300.0"]),
    (nw.ISIExplorer, {"show": 0.0}, ["show must be > 0.1 ms"]),
    (nw.ISIExplorer, {"show": 5000.0}, ["show must be at most 3000 ms", "5000.0"]),
    (nw.ISIExplorer, {"show": None}, ["show must be a real number"]),
    (nw.ISIExplorer, {"bins": 5}, ["bins must be a 1-D sequence of 2 to 1001 bin edges"]),
    (nw.ISIExplorer, {"bins": [1.0]}, ["bins must be a 1-D sequence", "(1,)"]),
    (nw.ISIExplorer, {"bins": [3.0, 2.0, 1.0]}, ["bins must be strictly increasing"]),
    (nw.ISIExplorer, {"bins": [0.0, 1.0, 1.0, 2.0]}, ["bins must be strictly increasing"]),
    (nw.ISIExplorer, {"bins": [0.0, 1.0, 3.0]}, ["bins must be", "evenly spaced"]),
    (nw.ISIExplorer, {"bins": [0.0, np.nan, 5.0]}, ["bins must contain only finite"]),
    (nw.ISIExplorer, {"bins": [-1.0, 0.0, 1.0]}, ["bins[0] must be at least 0 ms"]),
    (nw.ISIExplorer, {"bins": None}, ["bins must be a number or an array"]),
    (nw.ISIExplorer, {"seed": "x"}, ["seed must be"]),
    (nw.OUExplorer, {"T": 1e12}, ["T must be at most 100000 ms"]),
    (nw.OUExplorer, {"show": 0.0}, ["show must be > 0.1 ms"]),
    (nw.OUExplorer, {"bins": [1.0]}, ["bins must be a 1-D sequence"]),
    (nw.OUExplorer, {"seed": -1}, ["seed must be"]),
])
def test_constructors_refuse_bad_arguments_by_name(cls, kwargs, words):
    assert_constructor_refuses(cls, kwargs, words)
