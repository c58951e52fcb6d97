"""Parameter sets and their validation.

Every model's parameters are a plain dict made by a ``*_pars(**overrides)`` function, so a
notebook can print, copy and change them. Simulators check the dict again when they run, because
a student may have edited it by hand (``pars['tau_m'] = 0`` must fail loudly, not give NaN).
"""

import difflib

import numpy as np

from ._checks import MAX_SAMPLES, check_number, check_pars, n_steps

#: Every parameter's magnitude is at most PARAMETER_MAX, and a positive one at least
#: PARAMETER_MIN (in its unit: ms, mV, nS, pA, ...). Real neurons lie many orders of magnitude
#: inside; beyond, closed forms such as g_L (V_th - E_L) or I / g_L overflow to inf or NaN.
#: T and dt are bounded by the time grid instead (at most MAX_SAMPLES steps T/dt).
PARAMETER_MAX = 1e12
PARAMETER_MIN = 1e-12

#: Every model's ParameterSet, in the order they are made (for functions such as ``gwn`` that
#: take the parameters of any model).
PARAMETER_SETS = []


class ParameterSet:
    """The defaults of one model and the rules its values obey.

    positive / nonnegative: names whose values must be > 0 / >= 0.
    relations: (test, message) pairs; ``test(pars)`` is False when the message applies.
    units: name -> unit, for the error messages.
    max_samples: most time steps a run may have (see ``_checks.MAX_SAMPLES``); how many
    neurons it may have is set by the memory available (``neurolab.engine``).
    renamed: old name -> new name of parameters renamed since a release, so that a dict or an
    override with the old name is an error that gives the new one.
    The time grid ``range_t`` (ms) is derived from ``T`` and ``dt``.
    """

    def __init__(self, model, defaults, positive=(), nonnegative=(), relations=(), units=None,
                 max_samples=MAX_SAMPLES, renamed=None):
        self.model = model
        self.defaults = dict(defaults)
        self.positive = frozenset(positive)
        self.nonnegative = frozenset(nonnegative)
        self.relations = tuple(relations)
        self.units = dict(units or {})
        self.max_samples = max_samples
        self.renamed = dict(renamed or {})
        PARAMETER_SETS.append(self)

    def make(self, **overrides):
        """Defaults updated by ``overrides``, validated, with the time grid ``range_t`` added."""
        self.refuse_unknown(overrides, "")
        pars = self._validated({**self.defaults, **overrides})
        pars["range_t"] = np.arange(n_steps(pars["T"], pars["dt"], self.max_samples)) * pars["dt"]
        return pars

    def check(self, pars):
        """Validate a parameter dict handed to a simulator; return it with float values and
        ``Lt``, the number of time samples. A stale ``range_t`` (T or dt edited after the dict was
        made) is an error, so traces always line up with the grid a notebook plots against."""
        maker = "default_pars()" if self.model == "LIF" else f"{self.model.lower()}_pars()"
        check_pars(pars, maker)
        self.refuse_unknown(pars)
        missing = [k for k in self.defaults if k not in pars]
        if missing:
            raise ValueError(
                f"pars is missing {self.model} parameter(s) {', '.join(map(repr, missing))}; "
                f"make it with the {self.model} parameter function"
            )
        checked = self._validated({k: pars[k] for k in self.defaults})
        Lt = n_steps(checked["T"], checked["dt"], self.max_samples)
        range_t = pars.get("range_t")
        if range_t is not None and np.shape(range_t) != (Lt,):
            raise ValueError(
                f"pars['range_t'] has {np.size(range_t)} samples but T = {checked['T']} ms and "
                f"dt = {checked['dt']} ms give {Lt}; make the dict again with the new T or dt "
                f"instead of editing them by hand"
            )
        checked["Lt"] = Lt
        return checked

    def refuse_unknown(self, pars, where="pars has "):
        """A ValueError naming each key of ``pars`` that is not a parameter of the model (a
        misspelled 'tau_M' would otherwise be ignored and the default used), with the nearest
        valid name. ``range_t``, derived from T and dt, is allowed."""
        _refuse_keys(pars, self.defaults, f"{where}unknown {self.model} parameter(s)",
                     self.renamed)

    def _validated(self, pars):
        out = {}
        for name, value in pars.items():
            unit = self.units.get(name, "")
            out[name] = value = check_number(
                name, value, positive=name in self.positive, nonnegative=name in self.nonnegative,
                unit=unit,
            )
            if name in ("T", "dt"):  # bounded by the time grid's rule (n_steps), which names both
                continue
            if abs(value) > PARAMETER_MAX or (name in self.positive and value < PARAMETER_MIN):
                raise ValueError(
                    f"{name} must be between {PARAMETER_MIN:g} and {PARAMETER_MAX:g} in size "
                    f"({unit or 'dimensionless'}), got {value!r}: far beyond any neuron, and the "
                    f"model's formulas overflow there"
                )
        for test, message in self.relations:
            if not test(out):
                raise ValueError(message.format(**out))
        return out


def refuse_unknown_of_any_model(pars):
    """``ParameterSet.refuse_unknown`` for functions that take the parameters of any model
    (``gwn``, ``ou``, ``step_current``): a key that no model has is an error."""
    names = dict.fromkeys(k for ps in PARAMETER_SETS for k in ps.defaults)
    renamed = {old: new for ps in PARAMETER_SETS for old, new in ps.renamed.items()}
    _refuse_keys(pars, names, "pars has unknown parameter(s)", renamed)


def _refuse_keys(pars, names, what, renamed):
    unknown = [k for k in pars if k not in names and k != "range_t"]
    if not unknown:
        return
    hints = []
    for key in unknown:
        if key in renamed:
            hints.append(f"{key!r} (now called {renamed[key]!r})")
            continue
        near = _nearest(key, names, renamed)
        hints.append(f"{key!r}" + (f" (did you mean {near!r}?)" if near else ""))
    raise ValueError(f"{what} {', '.join(hints)}; valid keys are: {', '.join(names)}")


def _bare(name):
    return name.lower().replace("_", "").replace("bar", "")


def _nearest(key, names, renamed):
    """The name in ``names`` closest to ``key`` (ignoring case first: 'tau_M', and 'gna' for
    the renamed 'gNa'), or None."""
    if not isinstance(key, str):
        return None
    by_case = [n for n in names if n.lower() == key.lower()]
    by_case += [new for old, new in renamed.items() if old.lower() == key.lower()]
    if by_case:
        return by_case[0]
    # the same letters without underscores and the bar of a maximal conductance: 'g_Na'
    # (the conductance trace's name) for 'gbar_Na', 'taum' for 'tau_m'
    bare = _bare(key)
    same = [n for n in names if _bare(n) == bare]
    if same:
        return same[0]
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    if close:
        return close[0]
    prefixes = [n for n in names if key.lower().startswith(n.lower())]  # 'V_threshold'
    return max(prefixes, key=len) if prefixes else None
