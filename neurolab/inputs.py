"""Input currents on a simulation's time grid ``pars['range_t']`` (ms).

Each function returns a trace of shape (Lt,), or a batch of shape (n, Lt) when an amplitude is
given as a 1-D array of n values (or ``n`` is set), ready for ``run_lif`` and the other
simulators. Randomness comes from ``np.random.default_rng(seed)``: the same seed gives the same
array, and numpy's global random state is never read or changed.
"""

import numpy as np

from ._checks import as_float_array, check_number, check_pars, n_steps, rng_from
from ._engine import check_size
from .params import refuse_unknown_of_any_model


def _grid(pars):
    """(Lt, dt, T) of a parameter dict of any model (every model has T and dt)."""
    check_pars(pars, "default_pars(), hh_pars() or another *_pars()", keys=("T", "dt"))
    refuse_unknown_of_any_model(pars)
    T = check_number("T", pars["T"], positive=True, unit="ms")
    dt = check_number("dt", pars["dt"], positive=True, unit="ms")
    return n_steps(T, dt), dt, T


def _levels(name, value, unit, nonnegative=False, positive=False):
    """A scalar or a 1-D array of n values, as a column (n, 1) for broadcasting, or a float."""
    arr = as_float_array(name, value, unit=unit)
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a scalar or a 1-D array of n values ({unit}), got "
                         f"shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty: a scalar or a 1-D array of n values ({unit})")
    if nonnegative and np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 {unit}, got {float(arr[arr < 0].ravel()[0])!r}")
    if positive and np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0 {unit}, got {float(arr[arr <= 0].ravel()[0])!r}")
    return arr[:, None] if arr.ndim == 1 else float(arr)


def _batch_shape(Lt, n, T, dt, **levels):
    """(Lt,) for scalar levels, else (n, Lt) with n from the arrays or the ``n`` argument; a
    ValueError if the sizes disagree or the batch is too large (before it is allocated)."""
    sizes = {name: np.shape(x)[0] for name, x in levels.items() if np.ndim(x)}
    if n is not None:
        sizes["n"] = check_number("n", n, positive=True, integer=True)
    if len(set(sizes.values())) > 1:
        listed = ", ".join(f"{k} has {v}" for k, v in sizes.items())
        raise ValueError(f"batch sizes disagree: {listed} values; give arrays of one length n")
    if not sizes:
        return (Lt,)
    size = next(iter(sizes.values()))
    check_size(size, Lt, T, dt)
    return (size, Lt)


def step_current(pars, amplitude, t_on=0.0, t_off=None):
    """A current of ``amplitude`` (pA, or µA/cm² for Hodgkin-Huxley) for t_on <= t < t_off (ms),
    zero elsewhere. t_off None means until the end of the run. A 1-D amplitude of n values gives
    a batch (n, Lt)."""
    Lt, dt, T = _grid(pars)
    amp = _levels("amplitude", amplitude, "pA or µA/cm²")
    _batch_shape(Lt, None, T, dt, amplitude=amp)
    t_on = check_number("t_on", t_on, unit="ms")
    if t_off is None and t_on > T:
        raise ValueError(f"t_on must be at most T = {T} ms (the current runs from t_on to the end "
                         f"of the run), got t_on = {t_on} ms")
    t_off = T if t_off is None else check_number("t_off", t_off, unit="ms")
    if t_off < t_on:
        raise ValueError(f"t_off must not be before t_on, got t_on = {t_on} ms, t_off = {t_off} ms")
    t = np.arange(Lt) * dt
    window = ((t >= t_on) & (t < t_off)).astype(float)
    return amp * window


def gwn(pars, mu, sig, seed=None, n=None):
    """Gaussian white-noise current (pA): mean ``mu`` pA, noise amplitude ``sig`` in pA·√s.

    Each sample is  mu + sig / sqrt(dt_s) * xi  with xi ~ N(0, 1) and dt_s the time step in
    seconds. Scaling by 1/sqrt(dt) makes the current approximate continuous white noise of
    intensity sig²: the voltage fluctuations it causes do not change when dt does. At the default
    dt = 0.1 ms = 1e-4 s, 1/sqrt(dt_s) = 100: this is the "sig * 100" of the course's exercise.

    mu and sig may be scalars or 1-D arrays of n values (one independent trace each); ``n`` asks
    for n independent traces of scalar mu and sig. Returns (Lt,) or (n, Lt).
    """
    return noisy_current(pars, mu, sig, seed, "gwn", "mu and sig", n)


def noisy_current(pars, mu, sig, seed, what, names, n=None):
    """gwn, with ``what`` and ``names`` (the caller and the arguments mu and sig came from) in
    the error if the current overflows."""
    Lt, dt, T = _grid(pars)
    mu_, sig_ = _levels("mu", mu, "pA"), _levels("sig", sig, "pA·√s", nonnegative=True)
    shape = _batch_shape(Lt, n, T, dt, mu=mu_, sig=sig_)
    xi = rng_from(seed).standard_normal(shape)
    with np.errstate(over="ignore", invalid="ignore"):
        out = mu_ + sig_ / np.sqrt(dt / 1000.0) * xi
    return _finite_current(out, what, names)


def _finite_current(I, what, names):
    """I, or a ValueError if finite mu and sig overflowed (|I| near 1e308 pA)."""
    if not np.all(np.isfinite(I)):
        raise ValueError(f"{what}: {names} are so large that the current overflows the float "
                         f"range (about 1e308 pA); use physiological values")
    return I


def ou(pars, mu, sig, seed=None, n=None, tau_ou=None):
    """Ornstein-Uhlenbeck (coloured-noise) current (pA) with mean ``mu`` and std ``sig`` (pA).

        tau_ou dI/dt = mu - I + sig sqrt(2 tau_ou) xi(t)

    sampled exactly on the grid (the process's own transition over one step dt, not an Euler
    step):

        I[k+1] = mu + (I[k] - mu) e^{-dt/tau_ou} + sig sqrt(1 - e^{-2 dt/tau_ou}) xi[k+1],

    with xi ~ N(0, 1). Its stationary mean is mu, its stationary std exactly sig and its
    autocorrelation exactly exp(-lag / tau_ou) at every lag on the grid, for any dt and tau_ou
    > 0 (Euler-Maruyama, I[k+1] = I[k] + dt/tau_ou (mu - I[k]) + sqrt(2 dt/tau_ou) sig xi, has
    std sig / sqrt(1 - dt/(2 tau_ou)), and goes to NaN for tau_ou < dt/2). For dt << tau_ou the
    two agree: e^{-a} = 1 - a + O(a²) and 1 - e^{-2a} = 2a + O(a²), a = dt/tau_ou. I[0] is
    drawn from the stationary distribution, so the statistics hold from the first sample.

    tau_ou (ms, > 0) defaults to ``pars['tau_ou']``; mu, sig and tau_ou may be 1-D arrays of n
    values (one independent trace each), and ``n`` asks for n traces. Returns (Lt,) or (n, Lt);
    a batch row equals the single trace with the same values and seed bit for bit.
    """
    Lt, dt, T = _grid(pars)
    mu_, sig_ = _levels("mu", mu, "pA"), _levels("sig", sig, "pA", nonnegative=True)
    if tau_ou is None:
        if "tau_ou" not in pars:
            raise ValueError("ou needs tau_ou: pass tau_ou= or use parameters with a 'tau_ou' key")
        tau_ou = pars["tau_ou"]
    tau_ = _levels("tau_ou", tau_ou, "ms", positive=True)
    shape = _batch_shape(Lt, n, T, dt, mu=mu_, sig=sig_, tau_ou=tau_)
    xi = rng_from(seed).standard_normal(shape)
    # the coefficients of every trace, computed the same way (on arrays) for a single trace and
    # for a batch, so that both give the same bits
    rows = 1 if len(shape) == 1 else shape[0]
    column = lambda x: np.array(np.broadcast_to(np.asarray(x, dtype=float).reshape(-1), (rows,)))
    mu_c, sig_c, tau_c = column(mu_), column(sig_), column(tau_)
    with np.errstate(over="ignore", under="ignore"):
        a = dt / tau_c
        decay = np.exp(-a)
        scale = sig_c * np.sqrt(-np.expm1(-2.0 * a))
    xi2 = xi.reshape(rows, Lt)
    with np.errstate(over="ignore", invalid="ignore"):
        kick = scale[:, None] * xi2  # (rows, Lt)
        start = mu_c + sig_c * xi2[:, 0]  # I[0] from the stationary distribution
    if len(shape) == 1:
        out = np.array(_ou_single(float(start[0]), float(mu_c[0]), float(decay[0]),
                                  kick[0].tolist()))
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            out = _ou_batch(start, mu_c, decay, kick)
    return _finite_current(out, "ou", "mu and sig")


def _ou_single(start, mu, decay, kick):
    """One trace on Python floats (numpy's per-call cost would dominate a scalar loop)."""
    out = [0.0] * len(kick)
    x = start
    for k in range(len(kick) - 1):
        out[k] = x
        x = mu + (x - mu) * decay + kick[k + 1]
    out[-1] = x
    return out


def _ou_batch(start, mu, decay, kick):
    """n traces at once, the same arithmetic as `_ou_single` on each, filled time-major."""
    n, Lt = kick.shape
    kick_t = np.ascontiguousarray(kick.T)
    out = np.empty((Lt, n))
    out[0] = start
    for k in range(Lt - 1):
        x = out[k]
        nxt = out[k + 1]
        np.subtract(x, mu, out=nxt)
        nxt *= decay
        nxt += mu
        nxt += kick_t[k + 1]
    return out.T
