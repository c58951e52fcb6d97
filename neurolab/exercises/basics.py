"""Checks for notebook 00: my_square_function and power_spectrum."""

import numpy as np

from ..analysis import psd
from ._core import _call, _check, _numbers, _pair, _two, _values, _Wrong, exercise


def _first_departure(want, got, what, rtol, atol, unit=""):
    """'what[i] = got, expected want' at the first index where got departs from want (both
    arrays of one shape), with enough digits to show the difference; None if they agree."""
    bad = np.flatnonzero(~np.isclose(got, want, rtol=rtol, atol=atol))
    if bad.size == 0:
        return None
    i = bad[0]
    index = ", ".join(str(int(j)) for j in np.unravel_index(i, np.shape(want)))
    w, g = _two(np.ravel(want)[i], np.ravel(got)[i])
    return f"{what}[{index}] = {g}{unit}, expected {w}{unit}"


# --- 00 my_square_function ----------------------------------------------------------------

def _ref_my_square_function(x, c):
    """x² + c, elementwise."""
    return np.asarray(x) ** 2 + c


#: (cause, the mistaken result of x and c) for the common mistakes of my_square_function
_SQUARE_MISTAKES = [
    ("x * 2 + c: doubled instead of squared (x**2 is x to the power 2)",
     lambda x, c: x * 2 + c),
    ("c is not added", lambda x, c: x ** 2),
    ("c added before squaring: (x + c)**2 instead of x**2 + c", lambda x, c: (x + c) ** 2),
    ("matrix product (x @ x.T) instead of the elementwise square x**2 or x * x",
     lambda x, c: _matrix_square_plus(x, c)),
]


def _matrix_square_plus(x, c):
    """x @ x.T + c, or np.dot(x, x) + c for a 1-D x; None where the shapes do not allow it."""
    try:
        return (x @ x.T if x.ndim == 2 else np.dot(x, x)) + c
    except ValueError:
        return None


@exercise("my_square_function", _ref_my_square_function, "x**2 + c")
def check_my_square_function(f):
    """Check ``my_square_function(x, c)``: every element of x squared, plus c, in an array of
    the shape of x (the assignment's array [[4, 5, 2, 9]] with c = 3 gives [[19, 28, 7, 84]]);
    x of one, two and three dimensions, integer and float; c positive, negative and a fraction.
    Names: doubled instead of squared, c not added, c added before squaring, matrix product
    instead of elementwise."""
    rng = np.random.default_rng(0)
    inputs = [
        ("x = [[4, 5, 2, 9]], c = 3", np.array([[4, 5, 2, 9]]), 3),
        ("x = [-1.5, 0, 2.5], c = -1", np.array([-1.5, 0.0, 2.5]), -1.0),
        ("x a 2x3x2 array, c = 0.5", rng.normal(scale=3.0, size=(2, 3, 2)), 0.5),
    ]
    return _check("my_square_function", f, [(label, _square_case(x, c)) for label, x, c in inputs])


def _same(got, wrong):
    """got equals the mistaken result ``wrong`` (None: a mistake impossible for this x)."""
    return (wrong is not None and np.shape(wrong) == got.shape
            and np.allclose(got, wrong, rtol=1e-12, atol=1e-12))


def _square_case(x, c):
    want = _ref_my_square_function(x, c)

    def run(func):
        got = _numbers(_call(func, x, c), "the result")
        if got.shape == want.shape and np.allclose(got, want, rtol=1e-12, atol=1e-12):
            return
        cause = next((text for text, mistake in _SQUARE_MISTAKES
                      if _same(got, mistake(x, c))), None)
        if got.shape != want.shape:
            msg = f"the result has shape {got.shape}, expected the shape of x {want.shape}"
        else:
            msg = (f"{_first_departure(want, got, 'result', 1e-12, 1e-12)} "
                   f"(whole result {_values(got)})")
        raise _Wrong(msg if cause is None else f"{msg}: {cause}")
    return run


# --- 00 power_spectrum --------------------------------------------------------------------

def _ref_power_spectrum(x, dt):
    """nl.psd: one-sided, normalised to (units of x)²/Hz."""
    return psd(x, dt)


#: relative tolerance of S against c |X|² (an FFT's round-off is about 1e-13), and of f
_S_RTOL, _F_RTOL = 1e-7, 1e-9


def _frequency_mistakes(n, dt, K):
    """(cause, the mistaken frequencies of K bins) for a signal of n samples every dt ms."""
    k = np.arange(K)
    df = 1000.0 / (n * dt)
    return [
        ("frequencies in kHz: dt is in ms, divide it by 1000 to get s "
         "(np.fft.rfftfreq(n, dt / 1000))", k * df / 1000.0),
        ("dt multiplied by 1000 instead of divided: dt in s is dt / 1000", k * df / 1e6),
        ("angular frequencies 2πf (rad/s): f is in Hz, without the 2π", 2 * np.pi * k * df),
        (f"f spread evenly from 0 to the Nyquist frequency {500 / dt:g} Hz, but the bins are "
         f"k/(n dt): the last of these {K} lies at {(K - 1) * df:g} Hz (np.fft.rfftfreq gives "
         f"them)", np.linspace(0.0, 500.0 / dt, K)),
    ]


@exercise("power_spectrum", _ref_power_spectrum, "nl.psd")
def check_power_spectrum(f):
    """Check ``power_spectrum(x, dt) -> (f, S)`` for a real signal x sampled every dt ms.

    Correct means: f[k] = k / (n dt) in Hz (dt in seconds), k = 0, 1, ..., up to the Nyquist
    frequency 500/dt Hz (n//2 + 1 values as np.fft.rfftfreq gives; n//2, leaving out the last
    bin as the assignment's fftfreq(...)[:n//2] does, is accepted too), and S[k] = c |FFT(x)[k]|²
    with one constant c > 0 for every bin but 0 Hz and Nyquist. The constant is free (plain
    abs(fft)**2 as in the assignment, or nl.psd's density), and so is the one-sided folding
    that doubles every bin but 0 Hz and Nyquist: those two may be c |X|² or c |X|²/2, and the
    0 Hz bin may be 0 (the mean removed first); np.fft.fftfreq's -Nyquist as the last bin of an
    even n counts as +Nyquist. Even and odd n, two dt.
    Names: frequencies in kHz (dt not converted to s), dt times 1000, 2πf, f spread evenly up
    to Nyquist (wrong for an odd n), both halves returned, magnitude not squared, X**2 instead
    of |X|², a complex S with a zero imaginary part, a negative S.
    """
    rng = np.random.default_rng(1)
    inputs = [
        ("n = 1000 samples, dt = 0.1 ms", 5.0 + rng.normal(size=1000), 0.1),
        ("n = 801 samples, dt = 0.05 ms",
         1.0 + np.sin(np.arange(801) * 0.3) + rng.normal(size=801), 0.05),
    ]
    return _check("power_spectrum", f, [(label, _spectrum_case(x, dt)) for label, x, dt in inputs])


def _spectrum_case(x, dt):
    n = x.size
    X = np.fft.rfft(x)
    X2 = np.abs(X) ** 2
    df, nyq = 1000.0 / (n * dt), 500.0 / dt

    def run(func):
        out = _pair(_call(func, x, dt), "power_spectrum")
        fr = _numbers(out[0], "f")
        if np.iscomplexobj(out[1]):
            _complex_power(np.asarray(out[1]), X)
        S = _numbers(out[1], "S")
        if fr.ndim != 1 or S.shape != fr.shape:
            raise _Wrong(f"f and S should be 1-D arrays of the same length, got shapes "
                         f"{fr.shape} and {S.shape}")
        K = fr.size
        if K == n:
            raise _Wrong(f"f has {n} values, expected {n // 2 + 1} (0 to the Nyquist frequency "
                         f"{nyq:g} Hz): both halves of the FFT returned; keep the non-negative "
                         f"frequencies only (np.fft.rfft/rfftfreq)")
        if K not in (n // 2 + 1, n // 2):
            raise _Wrong(f"f has {K} values, expected {n // 2 + 1}, from 0 Hz to the Nyquist "
                         f"frequency {nyq:g} Hz in steps of 1/(n dt) = {df:g} Hz")
        nyquist_bin = n % 2 == 0 and K == n // 2 + 1
        if nyquist_bin and fr[-1] < 0:  # np.fft.fftfreq's -Nyquist: the same bin
            fr = np.concatenate([fr[:-1], -fr[-1:]])
        _check_frequencies(fr, n, dt)
        _check_power(S, X2[:K], nyquist_bin)
    return run


def _complex_power(S, X):
    """Raise the message for a complex S: X**2, or a zero imaginary part (X * conj(X))."""
    K = S.size if S.ndim == 1 and S.size in (X.size, X.size - 1) else None
    if K is not None:
        X2 = X[:K] ** 2
        c = np.vdot(X2, S) / np.vdot(X2, X2)
        if np.allclose(S, c * X2, rtol=_S_RTOL, atol=1e-9 * np.abs(c * X2).max()):
            raise _Wrong("S is complex: X**2 of a complex FFT is not its power; the power is "
                         "|X|² = np.abs(X)**2")
    if np.all(np.abs(S.imag) <= 1e-9 * np.abs(S.real).max()):
        raise _Wrong("S is complex with a zero imaginary part (X * np.conj(X) is complex): "
                     "return real numbers, np.abs(X)**2 or (X * np.conj(X)).real")
    _numbers(S, "S")  # the general message for a complex result


def _check_frequencies(fr, n, dt):
    K = fr.size
    want = np.arange(K) * 1000.0 / (n * dt)
    departs = _first_departure(want, fr, "f", _F_RTOL, _F_RTOL * want[1], " Hz")
    if departs is None:
        return
    for cause, wrong in _frequency_mistakes(n, dt, K):
        if np.allclose(fr, wrong, rtol=_F_RTOL, atol=_F_RTOL * want[1]):
            w, g = _two(want[-1], fr[-1])
            raise _Wrong(f"f ends at {g} Hz, expected {w} Hz: {cause}")
    raise _Wrong(f"{departs}; f[k] = k/(n dt) with dt in s, from 0 Hz in steps of "
                 f"{want[1]:g} Hz (np.fft.rfftfreq(n, dt / 1000))")


def _check_power(S, X2, nyquist_bin):
    """S against c |X|²: one c > 0 on the inner bins; c or c/2 at 0 Hz (or 0) and Nyquist."""
    K = S.size
    if np.any(S < 0):
        k = int(np.flatnonzero(S < 0)[0])
        raise _Wrong(f"S[{k}] = {S[k]:.6g} is negative; a power |X|² = np.abs(X)**2 is never "
                     f"negative")
    inner = np.arange(1, K - nyquist_bin)
    c = float(np.median(S[inner] / X2[inner]))
    if not c > 0:
        raise _Wrong(f"S should be |X|² times a positive constant, got S = {_values(S)}")
    slack = 1e-9 * c * X2.max()

    def off(s, want):
        return np.abs(s - want) > _S_RTOL * np.abs(want) + slack

    bad = inner[off(S[inner], c * X2[inner])]
    if bad.size == 0:
        ends = [(0, "the 0 Hz bin")] + ([(K - 1, "the Nyquist bin")] if nyquist_bin else [])
        for k, what in ends:
            allowed = np.array([c * X2[k], c * X2[k] / 2] + ([0.0] if k == 0 else []))
            if np.all(off(S[k], allowed)):
                w, g = _two(c * X2[k], S[k])
                raise _Wrong(f"S[{k}] ({what}) = {g}, expected {w}: c |X|² with the constant c "
                             f"of the other bins (or half of it{', or 0' if k == 0 else ''})")
        return
    r = S[inner] / np.sqrt(X2[inner])
    if np.allclose(r, np.median(r), rtol=1e-6):
        raise _Wrong("S is proportional to |X|, not |X|²: the magnitude is not squared "
                     "(np.abs(X)**2)")
    k = int(bad[0])
    w, g = _two(c * X2[k], S[k])
    raise _Wrong(f"S is not |FFT(x)|² times one constant: S[{k}] = {g}, expected {w} "
                 f"(|X[{k}]|² times the constant {c:.6g} of most other bins)")
