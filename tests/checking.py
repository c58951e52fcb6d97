"""What the exercise-check tests share: run a check and read its verdict and its printed text."""


def verdict(check, fn, capsys):
    """(returned value, printed text) of a check; the check must not raise."""
    result = check(fn)
    return result, capsys.readouterr().out


def accepts(check, fn, capsys):
    ok, out = verdict(check, fn, capsys)
    assert ok, out
    assert "✓" in out and "correct" in out
    return out


def rejects(check, fn, capsys, *causes):
    ok, out = verdict(check, fn, capsys)
    assert not ok, out
    for cause in causes:
        assert cause in out, out
    return out
