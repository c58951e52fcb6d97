"""What the exercise-check tests share: run a check and read its verdict and its printed text."""

import contextlib
import io


def verdict(check, fn, capsys):
    """(returned value, printed text) of a check; the check must not raise."""
    result = check(fn)
    return result, capsys.readouterr().out


def printed_verdict(check, fn):
    """As ``verdict``, without capsys: for a module-scoped fixture that checks once a function
    that several tests share."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        result = check(fn)
    return result, out.getvalue()


def accepted(ok, out):
    """The verdict ``(ok, out)`` says correct."""
    assert ok, out
    assert "✓" in out and "correct" in out
    return out


def accepts(check, fn, capsys):
    return accepted(*verdict(check, fn, capsys))


def rejects(check, fn, capsys, *causes):
    ok, out = verdict(check, fn, capsys)
    assert not ok, out
    for cause in causes:
        assert cause in out, out
    return out
