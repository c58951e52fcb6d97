"""Correct styles of notebook 00's exercises: my_square_function(x, c) and power_spectrum(x, dt)."""

import numpy as np

# --- my_square_function ---------------------------------------------------------------------

def my_square_function__power(x, c):
    """The assignment's own: x ** 2 + c."""
    return x ** 2 + c


def my_square_function__product(x, c):
    """x times itself, elementwise."""
    return x * x + c


def my_square_function__np_square(x, c):
    """numpy's square and add."""
    return np.add(np.square(x), c)


def my_square_function__np_power(x, c):
    """np.power(x, 2) with a float exponent."""
    return np.power(x, 2.0) + c


def my_square_function__flat_loop(x, c):
    """A loop over every element (x.flat), into a float array."""
    out = np.empty(x.shape)
    for i, value in enumerate(x.flat):
        out.flat[i] = value ** 2 + c
    return out


def my_square_function__zeros_like_loop(x, c):
    """A loop over the indices of any shape (np.ndindex), into zeros_like(x)."""
    out = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        out[index] = x[index] * x[index] + c
    return out


def my_square_function__list_comprehension(x, c):
    """A list of the squares plus c, reshaped to x's shape."""
    return np.array([value ** 2 + c for value in np.ravel(x)]).reshape(np.shape(x))


def my_square_function__in_place(x, c):
    """A float copy, squared and shifted in place."""
    y = np.array(x, dtype=float)
    y **= 2
    y += c
    return y


# --- power_spectrum -------------------------------------------------------------------------

def power_spectrum__rfft(x, dt):
    """The notebook's own: rfft and rfftfreq with dt in seconds."""
    return np.fft.rfftfreq(len(x), dt / 1000.0), np.abs(np.fft.rfft(x)) ** 2


def power_spectrum__assignment_fft_half(x, dt):
    """The assignment's: the full fft, its first n//2 bins (without Nyquist), abs(xf)**2."""
    n = len(x)
    xf = np.fft.fft(x)
    f = np.fft.fftfreq(n, dt / 1000)[: n // 2]
    return f, np.abs(xf[: n // 2]) ** 2


def power_spectrum__fftfreq_with_nyquist(x, dt):
    """fftfreq's first n//2 + 1 values: the last one is -Nyquist for an even n (the same bin)."""
    n = len(x)
    return np.fft.fftfreq(n, dt / 1000)[: n // 2 + 1], np.abs(np.fft.fft(x)[: n // 2 + 1]) ** 2


def power_spectrum__density_folded(x, dt):
    """A density in units²/Hz, folded one-sided (every bin but 0 Hz and Nyquist doubled)."""
    n = len(x)
    dt_s = dt / 1000
    S = np.abs(np.fft.rfft(x)) ** 2 * dt_s / n
    S[1:(n + 1) // 2] *= 2
    return np.fft.rfftfreq(n, dt_s), S


def power_spectrum__mean_removed(x, dt):
    """The mean removed first (0 Hz bin 0), normalised by n."""
    X = np.fft.rfft(x - np.mean(x))
    return np.fft.rfftfreq(len(x), dt / 1000), np.abs(X) ** 2 / len(x)


def power_spectrum__conjugate_real(x, dt):
    """X times its conjugate, its real part."""
    X = np.fft.rfft(x)
    return np.fft.rfftfreq(len(x), dt / 1000), (X * np.conj(X)).real


def power_spectrum__by_hand_frequencies(x, dt):
    """Frequencies k / (n dt) written out, and real² + imag²."""
    n = len(x)
    T = n * dt / 1000.0  # s
    X = np.fft.rfft(x)
    f = np.arange(n // 2 + 1) / T
    return f, X.real ** 2 + X.imag ** 2


def power_spectrum__positive_mask_lists(x, dt):
    """The full fft, kept where fftfreq >= 0, returned as lists."""
    f = np.fft.fftfreq(len(x), dt / 1000)
    X = np.fft.fft(x)
    keep = f >= 0
    return list(f[keep]), [abs(value) ** 2 for value in X[keep]]


def power_spectrum__dft_matrix(x, dt):
    """The discrete Fourier transform written out as a matrix product, no np.fft."""
    n = len(x)
    k = np.arange(n // 2 + 1)[:, None]
    m = np.arange(n)[None, :]
    X = np.exp(-2j * np.pi * k * m / n) @ np.asarray(x)
    return k[:, 0] * 1000.0 / (n * dt), np.abs(X) ** 2
