"""Judges for notebook 00: my_square_function and power_spectrum."""

import numpy as np

from ._common import differ, differ_calls, first_difference


def _square_cases():
    """x of shapes (), (1,), (7,), (3, 4), (2, 3, 2), as int64, int32, float64 and float32
    (negative values too), each with c = 3, -2, 0, 0.5, -1.75 and 2.0."""
    rng = np.random.default_rng(20240601)
    cases = []
    for shape in [(), (1,), (7,), (3, 4), (2, 3, 2)]:
        for dtype in (np.int64, np.int32, np.float64, np.float32):
            if np.issubdtype(dtype, np.integer):
                x = rng.integers(-9, 10, size=shape).astype(dtype)
            else:
                x = rng.normal(scale=3.0, size=shape).astype(dtype)
            for c in (3, -2, 0, 0.5, -1.75, 2.0):
                cases.append((f"x {np.dtype(dtype).name} of shape {shape}, c = {c!r}", (x, c)))
    return cases


SQUARE_CASES = _square_cases()


def judge_my_square_function(reference, candidate):
    return first_difference(reference, candidate, SQUARE_CASES)


def _spectrum_cases():
    """Even and odd lengths from 5 to 1001 samples, dt from 0.025 to 1 ms; each length as noise
    around a mean, zero-mean noise, and a sine on a mean."""
    rng = np.random.default_rng(20240602)
    dts = [0.1, 0.05, 1, 0.025, 0.3]
    cases = []
    for i, n in enumerate([5, 6, 64, 99, 100, 256, 777, 1000, 1001]):
        noise = rng.normal(size=n)
        signals = [("noise around 5", 5.0 + noise), ("zero-mean noise", noise - noise.mean()),
                   ("a sine on 1", 1.0 + np.sin(0.37 * np.arange(n)) + 0.1 * noise)]
        for j, (what, x) in enumerate(signals):
            dt = dts[(i + j) % len(dts)]
            cases.append((f"n = {n}, dt = {dt} ms, {what}", x, dt))
    return cases


SPECTRUM_CASES = _spectrum_cases()


def _close(a, b, scale):
    return abs(a - b) <= 1e-7 * abs(b) + 1e-9 * scale


def spectrum_differs(want, got, n):
    """None when ``got`` is a correct power spectrum of a signal of n samples whose reference
    answer is ``want`` = (f, |rfft|²), per the exercise (see check_power_spectrum): f from 0 Hz
    in steps of 1/(n dt), n//2 + 1 values or n//2 (without the Nyquist bin), the Nyquist bin as
    +Nyquist or -Nyquist; S = c·|FFT|² for one c > 0 on the inner bins, and c or c/2 times it at
    0 Hz and at Nyquist (one-sided folding), or 0 at 0 Hz (the mean removed)."""
    f_ref, S_ref = (np.asarray(v, dtype=float) for v in want)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return f"expected (f, S), got {type(got).__name__}"
    try:
        f, S = np.asarray(got[0]), np.asarray(got[1])
        if np.iscomplexobj(f) or np.iscomplexobj(S):
            return f"expected real f and S, got {f.dtype} and {S.dtype}"
        f, S = f.astype(float), S.astype(float)
    except (TypeError, ValueError) as exc:
        return f"f and S are not arrays of numbers ({exc})"
    K = f.size
    if f.shape != (K,) or S.shape != (K,) or K not in (n // 2 + 1, n // 2):
        return f"f and S have shapes {f.shape} and {S.shape}, expected ({n // 2 + 1},) or " \
               f"({n // 2},)"
    nyquist = n % 2 == 0 and K == n // 2 + 1
    if nyquist:
        f = np.concatenate([f[:-1], np.abs(f[-1:])])
    found = differ(f_ref[:K], f, atol=1e-9 * f_ref[1], where="f")
    if found:
        return found
    inner = np.arange(1, (n + 1) // 2)
    inner = inner[inner < K]
    top = S_ref.max()
    c = S[inner] @ S_ref[inner] / (S_ref[inner] @ S_ref[inner])
    if not c > 0:
        return f"S is not a positive multiple of |FFT(x)|²: S[1:4] = {S[1:4]}"
    bad = [k for k in inner if not _close(S[k], c * S_ref[k], c * top)]
    if bad:
        return f"S is not |FFT(x)|² times one constant: S[{bad[0]}] = {S[bad[0]]:.8g}, " \
               f"expected {c * S_ref[bad[0]]:.8g} ({len(bad)} of {inner.size} inner bins differ)"
    for k, zero_ok in [(0, True)] + ([(K - 1, False)] if nyquist else []):
        allowed = [c * S_ref[k], c / 2 * S_ref[k]] + ([0.0] if zero_ok else [])
        if not any(_close(S[k], v, c * top) for v in allowed):
            return f"S[{k}] = {S[k]:.8g}, expected one of " \
                   f"{', '.join(f'{v:.8g}' for v in allowed)}"
    return None


def judge_power_spectrum(reference, candidate):
    for label, x, dt in SPECTRUM_CASES:
        found = differ_calls(reference, candidate, (x, dt),
                             compare=lambda want, got, n=x.size: spectrum_differs(want, got, n))
        if found:
            return f"{label}: {found}"
    return None


JUDGES = {"my_square_function": judge_my_square_function, "power_spectrum": judge_power_spectrum}
