"""The corpus of correct styles: implementations of each exercise as honest students write them
(tests/exercise_corpus/<topic>.py, functions named ``<exercise>__<style>``), every one of which its
check must accept. At least six styles per exercise."""

import importlib
import inspect
from pathlib import Path

import pytest

from neurolab import exercises as ex

CORPUS = Path(__file__).parent / "exercise_corpus"


def corpus():
    """(exercise, style, function) for every function of the corpus modules."""
    found = []
    for path in sorted(CORPUS.glob("[a-z]*.py")):
        module = importlib.import_module(f"exercise_corpus.{path.stem}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if "__" in name and fn.__module__ == module.__name__:
                exercise, style = name.split("__", 1)
                found.append((exercise, style, fn))
    return found


CORPUS_FUNCTIONS = corpus()


def test_every_exercise_has_at_least_six_correct_styles():
    counts = {name: 0 for name in ex.EXERCISES}
    for exercise, _, _ in CORPUS_FUNCTIONS:
        assert exercise in counts, f"corpus function for an unknown exercise {exercise!r}"
        counts[exercise] += 1
    assert all(n >= 6 for n in counts.values()), counts


@pytest.mark.parametrize("exercise, style, fn", CORPUS_FUNCTIONS,
                         ids=[f"{e}-{s}" for e, s, _ in CORPUS_FUNCTIONS])
def test_a_correct_style_is_accepted(exercise, style, fn, capsys):
    result = ex.EXERCISES[exercise].check(fn)
    out = capsys.readouterr().out
    assert result, f"{exercise} written as {style!r} ({fn.__doc__}) was rejected:\n{out}"
