"""Binder's base environment, read from repo2docker's own lock files, as pip sees it.

repo2docker (hence mybinder.org and the z2jh image) starts from a conda environment locked in its
package (buildpacks/conda/environment.py-<python>-linux-64.lock) and then pip-installs
binder/requirements.txt on top. This module turns that lock into pip's terms, so that the tests
can resolve binder/requirements.txt against it (tests/test_delivery.py) and
scripts/test-binder-lab.sh can build a local stand-in of it (Binder's JupyterLab, 4.4.9) for the
browser smoke test.

    python tools/binder_env.py python         the Python of binder/runtime.txt ("3.11")
    python tools/binder_env.py requirements   the stand-in's requirements: the base's top-level
                                              packages at their locked versions and
                                              binder/requirements.txt's pins
    python tools/binder_env.py constraints    every other base package at its locked version
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
BINDER = REPO / "binder"

# conda-forge names whose PyPI name differs
PYPI_NAME = {"matplotlib-base": "matplotlib", "jupyterhub-base": "jupyterhub",
             "jupyterhub-singleuser": "jupyterhub", "python-tzdata": "tzdata",
             "python-fastjsonschema": "fastjsonschema", "brotli-python": "brotli",
             "nbconvert-core": "nbconvert"}
# conda-only packages of the lock (no PyPI distribution of that name to constrain)
CONDA_ONLY = {"python", "pip", "python-abi", "ca-certificates", "bleach-with-css",
              "jsonschema-with-format-nongpl"}


def binder_python() -> str:
    """'3.11' from binder/runtime.txt ('python-3.11')."""
    text = (BINDER / "runtime.txt").read_text().strip()
    m = re.fullmatch(r"python-(3\.\d+)", text)
    if not m:
        raise ValueError(f"binder/runtime.txt must read python-3.X, not {text!r}")
    return m.group(1)


def lock_file(python: str) -> Path:
    import repo2docker

    return (Path(repo2docker.__file__).parent / "buildpacks" / "conda"
            / f"environment.py-{python}-linux-64.lock")


def pypi_name(conda_name: str) -> str:
    return canonicalize_name(PYPI_NAME.get(conda_name, conda_name))


def base_versions(python: str) -> dict[str, str]:
    """{pypi name: version} of the Python packages in Binder's base environment."""
    out = {}
    for line in lock_file(python).read_text().splitlines():
        if not line.startswith("http"):
            continue
        fname = line.split("#")[0].rsplit("/", 1)[1]
        fname = fname.removesuffix(".conda").removesuffix(".tar.bz2")
        name, version, build = fname.rsplit("-", 2)
        if ("py" in build or "/noarch/" in line) and name not in CONDA_ONLY:
            out[pypi_name(name)] = version
    return out


def base_top_level(python: str) -> list[str]:
    """The pypi names the base environment asks for (environment.py-<python>.yml)."""
    import yaml

    spec = yaml.safe_load(lock_file(python).with_name(f"environment.py-{python}.yml").read_text())
    names = [pypi_name(re.split(r"[=<> ]", dep)[0]) for dep in spec["dependencies"]]
    base = base_versions(python)
    return [n for n in names if n in base]


def binder_pins() -> dict[str, str]:
    """{pypi name: version} of binder/requirements.txt (exact pins, one per line)."""
    out = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            if not sep or not re.fullmatch(r"[\w.+!-]+", version.strip()):
                raise ValueError(f"binder/requirements.txt: {line!r} is not an exact pin")
            out[canonicalize_name(name.strip())] = version.strip()
    return out


def standin(python: str) -> tuple[dict[str, str], dict[str, str]]:
    """(requirements, constraints) that pip resolves like repo2docker's `pip install -r
    binder/requirements.txt` on the base: the base's top-level packages at their locked versions
    plus binder's pins, and every other base package held at its locked version unless binder
    pins it."""
    base, ours = base_versions(python), binder_pins()
    requirements = {n: base[n] for n in base_top_level(python)} | ours
    constraints = {n: v for n, v in base.items() if n not in requirements}
    return requirements, constraints


def main(argv: list[str]) -> int:
    if argv == ["python"]:
        print(binder_python())
    elif argv in (["requirements"], ["constraints"]):
        pins = standin(binder_python())[argv[0] == "constraints"]
        print("".join(f"{n}=={v}\n" for n, v in pins.items()), end="")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
