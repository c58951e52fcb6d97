"""The hub settings in deploy/, checked offline (no Kubernetes, no TLJH VM, no docker engine
here): the Zero to JupyterHub values against the chart's schema (the keys and types we use,
transcribed from the jupyterhub chart 4.4.0 values.schema.yaml), the TLJH script against the
z2jh values, and the local load-test hub against both. The image recipe (repo2docker's own
Dockerfile, --no-build) is checked in tests/test_delivery.py."""

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from traitlets.config import PyFileConfigLoader

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
Z2JH = DEPLOY / "z2jh" / "config.yaml"
TLJH = DEPLOY / "tljh" / "setup.sh"
COURSE_IN_IMAGE = "/srv/neurolab"

# Chart 4.4.0 values.schema.yaml: every key this file may use, with its allowed JSON types.
# Every level above these keys has additionalProperties: false in the chart's schema.
SCHEMA = {
    "singleuser.image.name": (str,),
    "singleuser.image.tag": (str,),
    "singleuser.cmd": (list, str, type(None)),
    "singleuser.defaultUrl": (str, type(None)),
    "singleuser.memory.guarantee": (int, float, str, type(None)),
    "singleuser.memory.limit": (int, float, str, type(None)),
    "singleuser.cpu.guarantee": (int, float, type(None)),
    "singleuser.cpu.limit": (int, float, type(None)),
    "singleuser.storage.capacity": (str, type(None)),
    "singleuser.startTimeout": (int, type(None)),
    "hub.concurrentSpawnLimit": (int, type(None)),
    "hub.config": (dict,),  # JupyterHub traitlets: any keys
    "cull.enabled": (bool,),
    "cull.timeout": (int, type(None)),
    "cull.every": (int, type(None)),
    "prePuller.continuous.enabled": (bool,),
    "scheduling.userScheduler.enabled": (bool,),
    "scheduling.podPriority.enabled": (bool,),
    "scheduling.userPlaceholder.enabled": (bool,),
    "scheduling.userPlaceholder.replicas": (int,),
}


def leaves(tree, prefix=""):
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in SCHEMA:
            yield from leaves(value, path + ".")
        else:
            yield path, value


def bytes_of(quantity):
    """Kubernetes memory quantity ('512M', '1G', '1Gi') -> bytes."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]i?)?", str(quantity))
    assert m, f"not a memory quantity: {quantity!r}"
    number, unit = float(m.group(1)), m.group(2) or ""
    scale = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
             "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}[unit]
    return number * scale


@pytest.fixture(scope="module")
def z2jh():
    return yaml.safe_load(Z2JH.read_text())


@pytest.fixture(scope="module")
def tljh_settings():
    """`tljh-config set KEY VALUE` lines of the TLJH script."""
    return dict(re.findall(r"^tljh-config set (\S+) (\S+)$", TLJH.read_text(), re.M))


@pytest.fixture(scope="module")
def local_hub(tmp_path_factory):
    """The load test's jupyterhub_config.py, loaded as JupyterHub loads it."""
    env = {"NEUROLAB_HUB_DIR": str(tmp_path_factory.mktemp("hub")),
           "NEUROLAB_HUB_PORTS": "1,2,3", "NEUROLAB_HUB_TOKEN": "x", "NEUROLAB_CHP": "chp"}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        loader = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY / "loadtest"))
        return loader.load_config()


def test_z2jh_uses_only_chart_keys_with_their_types(z2jh):
    found = dict(leaves(z2jh))
    unknown = sorted(set(found) - set(SCHEMA))
    assert not unknown, f"keys not in the chart's schema (or not checked here): {unknown}"
    for path, value in found.items():
        assert isinstance(value, SCHEMA[path]), (path, value)


def test_z2jh_resources_are_consistent(z2jh):
    su = z2jh["singleuser"]
    assert 0 < bytes_of(su["memory"]["guarantee"]) <= bytes_of(su["memory"]["limit"])
    assert 0 < su["cpu"]["guarantee"] <= su["cpu"]["limit"]
    # a heavy notebook's kernel (notebook 06, ~350 MiB PSS) plus its server (~70 MiB) must fit
    # the guarantee: see benchmarks/bench_footprint.py
    assert bytes_of(su["memory"]["guarantee"]) >= 450 * 2**20
    assert z2jh["cull"]["enabled"] and z2jh["cull"]["timeout"] >= 600


def test_z2jh_start_command_and_default_url_exist_in_the_image(z2jh):
    su = z2jh["singleuser"]
    script, server = su["cmd"]
    assert script.startswith(COURSE_IN_IMAGE + "/") and server == "jupyterhub-singleuser"
    in_repo = REPO / Path(script).relative_to(COURSE_IN_IMAGE)
    assert in_repo == DEPLOY / "copy-course.sh" and os.access(in_repo, os.X_OK)
    mode = subprocess.run(["git", "ls-files", "-s", str(in_repo)], cwd=REPO,
                          capture_output=True, text=True).stdout.split()
    assert mode and mode[0] == "100755", "copy-course.sh must be committed executable"
    # the default URL opens a notebook that copy-course.sh puts into ~/work
    m = re.fullmatch(r"/lab/tree/work/([\w.-]+\.ipynb)", su["defaultUrl"])
    assert m, su["defaultUrl"]
    assert (REPO / "notebooks" / "student" / m.group(1)).is_file()
    assert "--target-repo-dir " + COURSE_IN_IMAGE in Z2JH.read_text()


def test_tljh_sets_what_z2jh_sets(z2jh, tljh_settings):
    su = z2jh["singleuser"]
    subprocess.run(["bash", "-n", str(TLJH)], check=True, timeout=30)
    assert bytes_of(tljh_settings["limits.memory"]) == bytes_of(su["memory"]["limit"])
    assert float(tljh_settings["limits.cpu"]) == su["cpu"]["limit"]
    assert tljh_settings["services.cull.enabled"] == "true"
    assert int(tljh_settings["services.cull.timeout"]) == z2jh["cull"]["timeout"]
    assert int(tljh_settings["services.cull.every"]) == z2jh["cull"]["every"]
    text = TLJH.read_text()
    assert f'c.Spawner.default_url = "{su["defaultUrl"]}"' in text
    assert '$course/deploy/copy-course.sh' in text and "course=" + COURSE_IN_IMAGE in text
    assert "binder/environment.yml" in text and "binder/postBuild" in text


def test_local_hub_runs_the_same_start_command_and_url(z2jh, local_hub):
    spawner = local_hub.Spawner
    assert spawner.default_url == z2jh["singleuser"]["defaultUrl"]
    assert Path(spawner.cmd[0]) == DEPLOY / "copy-course.sh"
    assert Path(spawner.cmd[1]).name == "jupyterhub-singleuser"
    # loopback only
    assert local_hub.JupyterHub.ip == local_hub.JupyterHub.hub_ip == spawner.ip == "127.0.0.1"
    assert local_hub.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
