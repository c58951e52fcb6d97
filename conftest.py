"""For the notebooks under pytest (nbval): each notebook's kernel starts by running
tests/notebook_startup.py, so every figure a notebook shows must pass the colour audit that the
package's figures pass (tests/test_colour.py)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
KERNEL_ENV = {"PYTHONSTARTUP": str(ROOT / "tests" / "notebook_startup.py")}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """nbval starts a notebook's kernel while setting up its first cell: with KERNEL_ENV and
    the repository on PYTHONPATH (the kernel runs in notebooks/)."""
    if item.path.suffix != ".ipynb":
        yield
        return
    saved = {name: os.environ.get(name) for name in (*KERNEL_ENV, "PYTHONPATH")}
    os.environ.update(KERNEL_ENV)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), saved["PYTHONPATH"]]))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
