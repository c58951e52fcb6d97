"""Input currents on a simulation's time grid ``pars['range_t']`` (ms).

Each function returns a trace of shape (Lt,), or a batch of shape (n, Lt) when an amplitude is
given as a 1-D array of n values (or ``n`` is set), ready for ``run_lif`` and the other
simulators. Randomness comes from ``np.random.default_rng(seed)``: the same seed gives the same
array, and numpy's global random state is never read or changed.
"""

import numpy as np

from ._checks import as_float_array, check_number, n_steps


def _grid(pars):
    """(Lt, dt) of a parameter dict of any model (every model has T and dt)."""
    if not isinstance(pars, dict) or "T" not in pars or "dt" not in pars:
        raise TypeError(f"pars must be a parameter dict with 'T' and 'dt', got {pars!r:.80}")
    T = check_number("T", pars["T"], positive=True)
    dt = check_number("dt", pars["dt"], positive=True)
    return n_steps(T, dt), dt


def _levels(name, value, nonnegative=False):
    """A scalar or a 1-D array of n values, as a column (n, 1) for broadcasting, or a float."""
    arr = as_float_array(name, value)
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a scalar or a 1-D array of n values, got shape {arr.shape}")
    if nonnegative and np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0, got {arr[arr < 0].ravel()[0]!r}")
    return arr[:, None] if arr.ndim == 1 else float(arr)


def _batch_shape(Lt, n, *levels):
    """(Lt,) for scalar levels, else (n, Lt) with n from the arrays or the ``n`` argument."""
    sizes = {np.shape(x)[0] for x in levels if np.ndim(x)}
    if n is not None:
        n = check_number("n", n, positive=True, integer=True)
        sizes.add(n)
    if len(sizes) > 1:
        raise ValueError(f"batch sizes disagree: got arrays and n of sizes {sorted(sizes)}")
    return (sizes.pop(), Lt) if sizes else (Lt,)


def step_current(pars, amplitude, t_on=0.0, t_off=None):
    """A current of ``amplitude`` (pA, or µA/cm² for Hodgkin-Huxley) for t_on <= t < t_off (ms),
    zero elsewhere. t_off None means until the end of the run. A 1-D amplitude of n values gives
    a batch (n, Lt)."""
    Lt, dt = _grid(pars)
    amp = _levels("amplitude", amplitude)
    t_on = check_number("t_on", t_on)
    t_off = float(pars["T"]) if t_off is None else check_number("t_off", t_off)
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
    Lt, dt = _grid(pars)
    mu_, sig_ = _levels("mu", mu), _levels("sig", sig, nonnegative=True)
    shape = _batch_shape(Lt, n, mu_, sig_)
    xi = np.random.default_rng(seed).standard_normal(shape)
    return mu_ + sig_ / np.sqrt(dt / 1000.0) * xi


def ou(pars, mu, sig, seed=None, n=None, tau_ou=None):
    """Ornstein-Uhlenbeck (coloured-noise) current (pA) with mean ``mu`` and std ``sig`` (pA).

        tau_ou dI/dt = mu - I + sig sqrt(2 tau_ou) xi(t)

    integrated by Euler-Maruyama:  I[k+1] = I[k] + dt/tau_ou (mu - I[k]) + sqrt(2 dt/tau_ou) sig xi[k].
    Its stationary mean is mu, its stationary std sig (to within a factor 1/sqrt(1 - dt/(2 tau_ou))
    from the discretisation), and its autocorrelation decays as exp(-lag / tau_ou). I[0] is drawn
    from the stationary distribution, so the statistics hold from the first sample.

    tau_ou (ms) defaults to ``pars['tau_ou']``; mu, sig and tau_ou may be 1-D arrays of n values
    (one independent trace each), and ``n`` asks for n traces. Returns (Lt,) or (n, Lt).
    """
    Lt, dt = _grid(pars)
    mu_, sig_ = _levels("mu", mu), _levels("sig", sig, nonnegative=True)
    if tau_ou is None:
        if "tau_ou" not in pars:
            raise ValueError("ou needs tau_ou: pass tau_ou= or use parameters with a 'tau_ou' key")
        tau_ou = pars["tau_ou"]
    tau_ = _levels("tau_ou", tau_ou)
    if np.any(np.asarray(tau_) <= 0):
        raise ValueError(f"tau_ou must be > 0 ms, got {np.min(tau_)!r}")
    shape = _batch_shape(Lt, n, mu_, sig_, tau_)
    xi = np.random.default_rng(seed).standard_normal(shape)
    a = dt / tau_
    kick = np.sqrt(2.0 * a) * sig_ * xi  # (n, Lt) or (Lt,)
    start = (mu_ + sig_ * xi[..., :1])[..., 0]  # I[0] from the stationary distribution
    if len(shape) == 1:
        return np.array(_ou_single(float(start), float(mu_), a, kick.tolist()))
    n = shape[0]
    column = lambda x: np.broadcast_to(x, (n, 1))[:, 0]
    return _ou_batch(start, column(mu_), column(a), kick)


def _ou_single(start, mu, a, kick):
    """One trace on Python floats (numpy's per-call cost would dominate a scalar loop)."""
    out = [0.0] * len(kick)
    x = start
    for k in range(len(kick) - 1):
        out[k] = x
        x = x + a * (mu - x) + kick[k + 1]
    out[-1] = x
    return out


def _ou_batch(start, mu, a, kick):
    """n traces at once, the same arithmetic as `_ou_single` on each, filled time-major."""
    n, Lt = kick.shape
    kick_t = np.ascontiguousarray(kick.T)
    out = np.empty((Lt, n))
    out[0] = start
    for k in range(Lt - 1):
        x = out[k]
        nxt = out[k + 1]
        np.subtract(mu, x, out=nxt)
        nxt *= a
        nxt += x
        nxt += kick_t[k + 1]
    return out.T
