"""Judges for tools/mutate.py: one module per topic of neurolab.exercises (basics, lif, noise,
ifmodels, hh), each with JUDGES = {exercise name: judge(reference, candidate) -> None | str};
the shared helpers are in _common."""
