"""Checks of notebook 00's exercises (my_square_function, power_spectrum): planted mistakes
rejected with their cause named, and the same functions with the advice applied accepted (the
correct styles are in exercise_corpus/basics.py)."""

import numpy as np
import pytest

import neurolab as nl
from checking import accepts, rejects
from neurolab import exercises as ex

# --- my_square_function --------------------------------------------------------------------

def make_square(mistake=None):
    """A student's my_square_function with one mistake (None: correct)."""
    def my_square_function(x, c):
        if mistake == "doubled":
            return x * 2 + c
        if mistake == "no c":
            return x ** 2
        if mistake == "c first":
            return (x + c) ** 2
        if mistake == "matrix":
            return x @ x.T + c
        if mistake == "nan":
            y = (x ** 2 + c).astype(float)
            y.flat[-1] = np.nan
            return y
        return x ** 2 + c
    return my_square_function


@pytest.mark.parametrize("mistake, cause", [
    ("doubled", "doubled instead of squared"),
    ("no c", "c is not added"),
    ("c first", "c added before squaring"),
    ("matrix", "matrix product"),
    ("nan", "the result is nan at index"),
])
def test_my_square_function_mistake_named_and_its_fix_accepted(mistake, cause, capsys):
    rejects(ex.check_my_square_function, make_square(mistake), capsys, cause)
    accepts(ex.check_my_square_function, make_square(), capsys)


def test_my_square_function_message_shows_the_first_difference(capsys):
    rejects(ex.check_my_square_function, lambda x, c: x ** 2 + c + 1e-9, capsys,
            "x = [[4, 5, 2, 9]], c = 3: result[0, 0] = 19.000000001, expected 19 (whole result",
            "x a 2x3x2 array, c = 0.5: result[0, 0, 0] = ")


def test_my_square_function_a_3d_x_keeps_its_shape(capsys):
    out = rejects(ex.check_my_square_function, lambda x, c: np.ravel(x) ** 2 + c, capsys,
                  "has shape (12,), expected the shape of x (2, 3, 2)")
    assert "x a 2x3x2 array" in out


# --- power_spectrum ------------------------------------------------------------------------

def make_spectrum(freq="ok", power="abs2", both_halves=False, negate_f=False):
    """A student's power_spectrum with the frequencies, the power or the half chosen."""
    def power_spectrum(x, dt):
        n = len(x)
        X = np.fft.fft(x) if both_halves else np.fft.rfft(x)
        K = X.size
        k = np.arange(K)
        f = {"ok": np.fft.fftfreq(n, dt / 1000) if both_halves else k * 1000 / (n * dt),
             "kHz": np.fft.rfftfreq(n, dt),
             "times 1000": np.fft.rfftfreq(n, dt * 1000),
             "angular": 2 * np.pi * np.fft.rfftfreq(n, dt / 1000),
             "linspace": np.linspace(0, 500 / dt, K)}[freq]
        S = {"abs2": np.abs(X) ** 2, "abs": np.abs(X), "square": X ** 2,
             "conj": X * np.conj(X), "negative": -np.abs(X) ** 2,
             "nan": np.where(k == 7, np.nan, np.abs(X) ** 2),
             "nyquist tripled": np.where(k == K - 1, 3.0, 1.0) * np.abs(X) ** 2}[power]
        return (-f if negate_f else f), S
    return power_spectrum


@pytest.mark.parametrize("mistake, cause", [
    (dict(freq="kHz"), "frequencies in kHz"),
    (dict(freq="times 1000"), "dt multiplied by 1000 instead of divided"),
    (dict(freq="angular"), "angular frequencies 2πf"),
    (dict(freq="linspace"), "f spread evenly from 0 to the Nyquist frequency 10000 Hz, but the "
                            "bins are k/(n dt): the last of these 401 lies at 9987.52 Hz"),
    (dict(both_halves=True), "both halves of the FFT returned"),
    (dict(power="abs"), "the magnitude is not squared"),
    (dict(power="square"), "X**2 of a complex FFT is not its power"),
    (dict(power="conj"), "S is complex with a zero imaginary part"),
    (dict(power="negative"), "is negative; a power |X|² = np.abs(X)**2 is never negative"),
    (dict(power="nan"), "S is nan at index 7 (1 of 501 values are not finite numbers)"),
])
def test_power_spectrum_mistake_named_and_its_fix_accepted(mistake, cause, capsys):
    rejects(ex.check_power_spectrum, make_spectrum(**mistake), capsys, cause)
    accepts(ex.check_power_spectrum, make_spectrum(), capsys)


def test_power_spectrum_linspace_is_right_for_an_even_n_only(capsys):
    out = rejects(ex.check_power_spectrum, make_spectrum(freq="linspace"), capsys)
    assert "n = 1000" not in out and "n = 801" in out


def test_power_spectrum_negated_frequencies_are_wrong(capsys):
    """np.abs(f) would hide them: only the Nyquist bin of an even n may be -Nyquist."""
    rejects(ex.check_power_spectrum, make_spectrum(negate_f=True), capsys,
            "f[1] = -10 Hz, expected 10 Hz")


def test_power_spectrum_an_odd_nyquist_bin_is_the_first_departure(capsys):
    rejects(ex.check_power_spectrum, make_spectrum(power="nyquist tripled"), capsys,
            "S[500] (the Nyquist bin) = ", "c |X|² with the constant c of the other bins")


def test_power_spectrum_the_library_and_folding_are_accepted(capsys):
    accepts(ex.check_power_spectrum, nl.psd, capsys)  # normalised and folded
    accepts(ex.check_power_spectrum, ex.reference("power_spectrum"), capsys)
