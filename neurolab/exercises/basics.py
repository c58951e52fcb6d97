"""Checks for notebook 00: my_square_function and power_spectrum."""

import numpy as np

from ..analysis import psd
from ._core import _Wrong, _call, _check, _array, _pair, _values, _times


# --- 00 my_square_function ----------------------------------------------------------------

def _ref_my_square_function(x, c):
    """x² + c, elementwise."""
    return np.asarray(x) ** 2 + c


def check_my_square_function(f):
    """Check ``my_square_function(x, c)``: every element of x squared, plus c (the assignment's
    array [[4, 5, 2, 9]] with c = 3 gives [[19, 28, 7, 84]]). Names: doubled instead of squared,
    c not added, c added before squaring, matrix product instead of elementwise."""
    rng = np.random.default_rng(0)
    inputs = [
        ("x = [[4, 5, 2, 9]], c = 3", np.array([[4, 5, 2, 9]]), 3),
        ("x = [-1.5, 0, 2.5], c = -1", np.array([-1.5, 0.0, 2.5]), -1.0),
        ("x a 3x3 array, c = 0.5", rng.normal(size=(3, 3)), 0.5),
    ]

    def case(x, c):
        def run(f):
            got = np.asarray(_call(f, x, c))
            want = _ref_my_square_function(x, c)
            if got.shape == want.shape and np.allclose(got, want, rtol=1e-12, atol=1e-12):
                return
            causes = [
                ("x * 2 + c: doubled instead of squared (x**2 is x to the power 2)", x * 2 + c),
                ("c is not added", x ** 2),
                ("c added before squaring: (x + c)**2 instead of x**2 + c", (x + c) ** 2),
                ("matrix product (x @ x.T) instead of the elementwise square x**2 or x * x",
                 x @ x.T + c if x.ndim == 2 else np.dot(x, x) + c),
            ]
            cause = next((text for text, wrong in causes
                          if np.shape(wrong) == got.shape and np.allclose(got, wrong)), None)
            if got.shape != want.shape:
                if cause is not None:
                    raise _Wrong(f"result has shape {got.shape}, expected {want.shape}: {cause}")
                raise _Wrong(f"result has shape {got.shape}, expected the shape of x {want.shape}")
            msg = f"expected {_values(want)}, got {_values(got)}"
            raise _Wrong(msg if cause is None else f"{msg}: {cause}")
        return run

    return _check("my_square_function", f, [(label, case(x, c)) for label, x, c in inputs])


# --- 00 power_spectrum --------------------------------------------------------------------

def _ref_power_spectrum(x, dt):
    """nl.psd: one-sided, normalised to (units of x)²/Hz."""
    return psd(x, dt)


def check_power_spectrum(f):
    """Check ``power_spectrum(x, dt) -> (f, S)`` for a real signal x sampled every dt ms.

    Correct means: f[k] = k / (n dt) in Hz (dt in seconds), k = 0, 1, ..., up to the Nyquist
    frequency 500/dt Hz (n//2 + 1 values as np.fft.rfftfreq gives; n//2, leaving out the Nyquist
    bin, is accepted too), and S[k] proportional to |FFT(x)[k]|² with the same constant for every
    k. The constant is free (plain abs(fft)**2 as in the assignment, or nl.psd's density), and so
    is the one-sided folding that doubles every bin but 0 Hz and Nyquist; the 0 Hz bin may be 0
    (the mean removed first), and np.fft.fftfreq's -Nyquist counts as +Nyquist.
    Names: frequencies in kHz (dt not converted to s), both halves returned, magnitude not
    squared, X**2 instead of |X|², wrong frequency spacing.
    """
    rng = np.random.default_rng(1)
    inputs = [
        ("n = 1000 samples, dt = 0.1 ms", 5.0 + rng.normal(size=1000), 0.1),
        ("n = 801 samples, dt = 0.05 ms",
         1.0 + np.sin(np.arange(801) * 0.3) + rng.normal(size=801), 0.05),
    ]

    def case(x, dt):
        def run(func):
            out = _pair(_call(func, x, dt), "power_spectrum")
            fr, S = np.abs(_array(out[0], "f")), _array(out[1], "S")  # fftfreq's -Nyquist is fine
            n = x.size
            X2 = np.abs(np.fft.fft(x)) ** 2
            df = 1000.0 / (n * dt)
            nyq = 500.0 / dt
            if fr.ndim != 1 or S.shape != fr.shape:
                raise _Wrong(f"f and S should be 1-D arrays of the same length, got shapes "
                             f"{fr.shape} and {S.shape}")
            K = fr.size
            if K == n:
                raise _Wrong(f"f has {n} values, expected {n // 2 + 1} (0 to the Nyquist "
                             f"frequency {nyq:g} Hz): both halves of the FFT returned; keep the "
                             f"non-negative frequencies only (np.fft.rfft/rfftfreq)")
            if K not in (n // 2 + 1, n // 2):
                raise _Wrong(f"f has {K} values, expected {n // 2 + 1}, from 0 Hz to the Nyquist "
                             f"frequency {nyq:g} Hz in steps of 1/(n dt) = {df:g} Hz")
            k = np.arange(K)
            if not np.allclose(fr, k * df, rtol=1e-9, atol=1e-9 * df):
                if np.allclose(fr, k * df / 1000.0, rtol=1e-9):
                    raise _Wrong(f"f ends at {fr[-1]:g}, expected about {nyq:g} Hz: frequencies "
                                 f"in kHz, because dt is in ms (use dt/1000 s in rfftfreq)")
                if fr[0] == 0 and abs(fr[-1] / (k[-1] * df) - 1) < 0.05:  # about right, not exact
                    raise _Wrong(f"f[1] = {fr[1]:g} Hz, expected 1/(n dt) = {df:g} Hz: wrong "
                                 f"frequency spacing (use np.fft.rfftfreq(n, dt/1000))")
                raise _Wrong(f"f should be 0, {df:g}, {2 * df:g}, … Hz up to {nyq:g} Hz, "
                             f"got {_times(fr, 3)} … {fr[-1]:g}")
            X2 = X2[:K]
            if np.iscomplexobj(out[1]) or np.any(S < 0):
                raise _Wrong("S should be real and non-negative, |X|² = abs(X)**2: X**2 of a "
                             "complex FFT is not its power")
            ratio = S / X2
            inner = np.arange(1, (n + 1) // 2)
            inner = inner[inner < K]
            scale = ratio[inner[0]]
            same = lambda r: np.isclose(r, scale, rtol=1e-6) or np.isclose(r, scale / 2, rtol=1e-6)
            zero_ok = same(ratio[0]) or abs(S[0]) <= 1e-9 * S.max()  # or the mean removed first
            if scale > 0 and np.allclose(ratio[inner], scale, rtol=1e-6) and zero_ok:
                if K == n // 2 + 1 and n % 2 == 0 and not same(ratio[-1]):
                    raise _Wrong("the Nyquist bin (the last one) is off; S there should be "
                                 "|X|² times the same constant")
                return
            mag = np.sqrt(X2)
            r = S / mag
            if np.allclose(r[inner], r[inner[0]], rtol=1e-6):
                raise _Wrong("S is proportional to |X|, not |X|²: the magnitude is not squared")
            raise _Wrong(f"S is not |FFT(x)|² times one constant: S/|X|² runs from "
                         f"{ratio.min():.4g} to {ratio.max():.4g}")
        return run

    return _check("power_spectrum", f, [(label, case(x, dt)) for label, x, dt in inputs])
