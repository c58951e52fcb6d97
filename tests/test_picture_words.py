"""Each explorer's picture has words (issue 20): a text alternative that says what it shows, for
which values, with the numbers of its titles, renewed with every picture."""

import re

import pytest

from neurolab import widgets as nw
from neurolab.widgets import _base
from neurolab.widgets._picture import Picture

EXPLORERS = ["LIFExplorer", "FIExplorer", "GWNExplorer", "NoisyFIExplorer", "ISIExplorer",
             "OUExplorer", "EIFExplorer", "AdExExplorer", "GEMExplorer", "HHExplorer"]
NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")


def title_numbers(ex):
    return [n for ax in ex.fig.axes for n in NUMBER.findall(ax.get_title())]


def words_numbers(ex):
    """The numbers of the words after the values: those the titles state."""
    prefix = f"{ex.shows} at {ex.spoken_values()}: "
    assert ex.image.alt.startswith(prefix)
    return NUMBER.findall(ex.image.alt.removeprefix(prefix))


def assert_words_agree_with_picture(ex):
    alt = ex.image.alt
    assert alt == ex.picture_words == ex.picture_text()
    assert alt.startswith(f"{ex.shows} at {ex.spoken_values()}")
    assert words_numbers(ex) == title_numbers(ex)
    for ax in ex.fig.axes:
        for line in ax.get_title().splitlines():
            if line.strip():
                assert _base.spoken(line) in alt


@pytest.mark.parametrize("name", EXPLORERS)
def test_words_say_what_the_picture_shows_with_the_titles_numbers(explorers, name):
    ex = explorers.get(getattr(nw, name))
    assert isinstance(ex.image, Picture)
    assert ex.shows != _base.Explorer.shows
    assert_words_agree_with_picture(ex)


@pytest.mark.parametrize("name", EXPLORERS)
def test_words_follow_every_change(explorers, name):
    ex = explorers.get(getattr(nw, name))
    before = ex.image.alt
    slider = next(n for n, w in ex.controls.items() if hasattr(w, "max"))
    w = ex.controls[slider]
    ex.set(**{slider: w.max if w.value != w.max else w.min})
    assert ex.image.alt != before
    assert_words_agree_with_picture(ex)


def test_spoken_values_put_units_after_the_values(explorers):
    ex = explorers.get(nw.LIFExplorer)
    ex.set(I_inj=300.0)
    assert ex.spoken_values() == "I = 300 pA, τ_m = 10 ms"
    assert ex.image.alt.startswith("Membrane potential V(t) of the LIF neuron at I = 300 pA, "
                                   "τ_m = 10 ms: 15 spikes, ")
    ex.set(I_inj=100.0)
    assert ex.image.alt.startswith("Membrane potential V(t) of the LIF neuron at I = 100 pA, "
                                   "τ_m = 10 ms: 0 spikes, ")


def test_a_failed_update_says_the_picture_is_out_of_date(explorers):
    ex = explorers.get(nw.LIFExplorer)
    good = ex.image.alt

    def fail(**values):
        raise RuntimeError("forced failure")

    ex.update = fail
    ex.set(I_inj=250.0)
    assert ex.image.alt == f"Out of date (RuntimeError: forced failure); still showing {good}"
    del ex.update
    ex.set(I_inj=260.0)
    assert ex.image.alt.startswith("Membrane potential V(t) of the LIF neuron at I = 260 pA")


def test_spoken_reads_a_title_line():
    assert _base.spoken("0 spikes  ·  steady state -65.0 mV") == "0 spikes, steady state -65.0 mV"


def test_picture_sends_its_bytes_and_words():
    picture = Picture(value=b"\x89PNG", alt="a picture")
    state = picture.get_state()
    assert state["value"] == b"\x89PNG" and state["alt"] == "a picture"
    assert state["announce_after_ms"] > 0
