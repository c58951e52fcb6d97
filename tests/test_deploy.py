"""The hub settings in deploy/, checked offline (no Kubernetes, no TLJH VM, no docker engine
here): the Zero to JupyterHub values against the chart's schema (the keys and types we use,
transcribed from the jupyterhub chart 4.4.0 values.schema.yaml), their login and HTTPS settings
and the start-up check in hub.extraConfig (run the way the chart runs it), the TLJH script
against the z2jh values, and the local load-test hub against both. The image recipe
(repo2docker's own Dockerfile, --no-build) is checked in tests/test_delivery.py; the TLJH
script's install step runs for real in tests/test_hubs.py."""

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config, PyFileConfigLoader

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
    "hub.config": (dict,),  # traitlets sections: keys ^[A-Z], object values (checked below)
    "hub.extraConfig": (dict,),  # additionalProperties: true; Python snippets, by name
    "proxy.https.enabled": (bool, type(None)),
    "proxy.https.type": (str, type(None)),  # enum, checked below
    "proxy.https.hosts": (list,),
    "proxy.https.letsencrypt.contactEmail": (str, type(None)),
    "cull.enabled": (bool,),
    "cull.timeout": (int, type(None)),
    "cull.every": (int, type(None)),
    "prePuller.continuous.enabled": (bool,),
    "scheduling.userScheduler.enabled": (bool,),
    "scheduling.podPriority.enabled": (bool,),
    "scheduling.userPlaceholder.enabled": (bool,),
    "scheduling.userPlaceholder.replicas": (int,),
}
HTTPS_TYPES = {None, "", "letsencrypt", "manual", "offload", "secret"}  # proxy.https.type's enum

# What the chart's own values.yaml (4.4.0; the same in 4.0.0, 4.1.0, 4.2.0, 4.3.5) sets for the
# keys checked here; Helm merges config.yaml over it, and the hub reads the merged values.
CHART_DEFAULTS = {
    "hub": {"config": {"JupyterHub": {"admin_access": True, "authenticator_class": "dummy"}},
            "extraConfig": {}},
    "proxy": {"https": {
        "enabled": False, "type": "letsencrypt",
        "letsencrypt": {"contactEmail": None,
                        "acmeServer": "https://acme-v02.api.letsencrypt.org/directory"},
        "manual": {"key": None, "cert": None},
        "secret": {"name": None, "key": "tls.key", "crt": "tls.crt"},
        "hosts": []}},
}
PLACEHOLDER = "<SET ME:"
SAFETY_CHECK = "zz-neurolab-safety.py"
# What a teacher fills in (config.yaml's placeholders), real-looking.
FILLED = {
    "hub.config.GitHubOAuthenticator.client_id": "Ov23liAbCdEfGhIjKlMn",
    "hub.config.GitHubOAuthenticator.client_secret": "0123456789abcdef0123456789abcdef01234567",
    "hub.config.GitHubOAuthenticator.oauth_callback_url":
        "https://neurolab.uni-example.org/hub/oauth_callback",
    "hub.config.GitHubOAuthenticator.allowed_organizations": ["neurolab-class-2026"],
    "hub.config.Authenticator.admin_users": ["a-teacher"],
    "proxy.https.hosts": ["neurolab.uni-example.org"],
    "proxy.https.letsencrypt.contactEmail": "teacher@uni-example.org",
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


def helm_merge(base, values):
    """A values file merged over the chart's values as Helm does: maps key by key, anything else
    (lists too) replaces, and null removes a key of the chart's values."""
    out = copy.deepcopy(base)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = helm_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def placeholders(tree, prefix=""):
    """{dotted path: value} of every value that is (or lists) a "<SET ME: ...>" placeholder,
    outside hub.extraConfig (the check's code)."""
    found = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if path == "hub.extraConfig":
            continue
        if isinstance(value, dict):
            found.update(placeholders(value, path + "."))
        elif any(PLACEHOLDER in str(v) for v in (value if isinstance(value, list) else [value])):
            found[path] = value
    return found


def with_values(values, changes):
    """A copy of values with {dotted path: value} set (a value of None: Helm's null)."""
    out = copy.deepcopy(values)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = out
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return out


def z2jh_get_config(values):
    """The chart's get_config() (files/hub/z2jh.py, chart 4.4.0) over the merged values, which
    the chart mounts into the hub pod (templates/hub/secret.yaml, values.yaml)."""
    def get_config(key, default=None):
        value = values
        for level in key.split("."):
            if not isinstance(value, dict) or level not in value:
                return default
            value = value[level]
        return value
    return get_config


def run_extra_config(values):
    """Run hub.extraConfig as the chart's jupyterhub_config.py (chart 4.4.0) does: hub.config
    loaded into a traitlets Config section by section (`c[section].update(cfg)`), then each
    snippet in key order, exec()'d where `c` and z2jh's get_config are in scope."""
    merged = helm_merge(CHART_DEFAULTS, values)
    c = Config()
    # a few of what the chart's jupyterhub_config.py sets before, of the kinds it sets
    c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
    c.JupyterHub.cookie_secret = "9f" * 32
    c.JupyterHub.services = [{"name": "jupyterhub-idle-culler",
                              "command": ["python3", "-m", "jupyterhub_idle_culler"]}]
    c.KubeSpawner.common_labels = {"app.kubernetes.io/name": "jupyterhub"}
    c.KubeSpawner.init_containers = [object()]  # kubernetes client objects
    for section, cfg in copy.deepcopy(merged["hub"]["config"]).items():
        c[section].update(cfg)
    namespace = {"c": c, "get_config": z2jh_get_config(merged)}
    for key, snippet in sorted(merged["hub"]["extraConfig"].items()):
        exec(compile(snippet, key, "exec"), namespace)
    return c, namespace


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
    assert found["proxy.https.type"] in HTTPS_TYPES
    # hub.config: patternProperties ^[A-Z] (Configurable class names), each an object
    for section, traits in z2jh["hub"]["config"].items():
        assert re.match(r"[A-Z]", section) and isinstance(traits, dict), section
    assert all(isinstance(s, str) for s in z2jh["hub"]["extraConfig"].values())


def test_z2jh_login_is_github_never_dummy_or_allow_all(z2jh):
    merged = helm_merge(CHART_DEFAULTS, z2jh)
    hub = merged["hub"]["config"]
    # config.yaml replaces the chart's default (dummy: anyone gets in with any name)
    assert hub["JupyterHub"]["authenticator_class"] == "github"

    def walk(node, path=""):
        for key, value in node.items():
            here = f"{path}{key}"
            if here == "hub.extraConfig":  # the check itself names what it refuses
                continue
            assert key != "allow_all", here
            if isinstance(value, dict):
                walk(value, here + ".")
            else:
                assert "dummy" not in str(value).lower(), (here, value)
    walk(z2jh)
    assert "allow_all:" not in Z2JH.read_text() and "authenticator_class: dummy" not in \
        Z2JH.read_text()
    github = hub["GitHubOAuthenticator"]
    assert {"client_id", "client_secret", "oauth_callback_url"} <= set(github)
    assert github["allowed_organizations"] and hub["Authenticator"]["admin_users"]
    assert github["oauth_callback_url"].startswith("https://")
    assert github["oauth_callback_url"].endswith("/hub/oauth_callback")
    # everything a teacher must set is an obvious placeholder, and the tests below fill each
    assert set(placeholders(z2jh)) == set(FILLED)


def test_z2jh_serves_https_with_lets_encrypt(z2jh):
    https = helm_merge(CHART_DEFAULTS, z2jh)["proxy"]["https"]
    assert https["enabled"] is True and https["type"] == "letsencrypt"
    assert len(https["hosts"]) == 1 and https["letsencrypt"]["contactEmail"]
    # Let's Encrypt's production server (the chart's default), not its staging one
    assert https["letsencrypt"]["acmeServer"] == "https://acme-v02.api.letsencrypt.org/directory"


def test_z2jh_start_up_check_names_every_placeholder(z2jh):
    snippet = z2jh["hub"]["extraConfig"][SAFETY_CHECK]
    compile(snippet, SAFETY_CHECK, "exec")
    # the chart runs extraConfig in key order: this one runs last
    assert sorted(z2jh["hub"]["extraConfig"])[-1] == SAFETY_CHECK
    with pytest.raises(SystemExit) as stop:
        run_extra_config(z2jh)
    message = stop.value.code
    assert isinstance(message, str), "SystemExit(message): the message goes to the hub's log"
    assert message.startswith("neurolab z2jh config:") and "see deploy/README.md" in message
    problems = [line.strip() for line in message.splitlines()[1:-1]]
    expected = placeholders(z2jh)
    assert len(problems) == len(expected), problems
    for path in expected:
        assert any(p.startswith(f"set {path} (now a placeholder: ") and PLACEHOLDER in p
                   for p in problems), path


def test_z2jh_start_up_check_passes_once_everything_is_set(z2jh):
    c, namespace = run_extra_config(with_values(z2jh, FILLED))
    assert c.JupyterHub.authenticator_class == "github" and c.JupyterHub.admin_access is True
    assert c.GitHubOAuthenticator.client_id == FILLED["hub.config.GitHubOAuthenticator.client_id"]
    assert c.Authenticator.admin_users == ["a-teacher"]
    # it leaves nothing behind in jupyterhub_config.py's namespace
    assert set(namespace) - {"__builtins__"} == {"c", "get_config"}


def test_z2jh_start_up_check_accepts_a_list_of_students_instead_of_an_organization(z2jh):
    """deploy/README.md: `allowed_organizations: []` and `scope: []` in the second values file,
    and the students' GitHub usernames in Authenticator.allowed_users."""
    values = with_values(z2jh, {**FILLED,
                                "hub.config.GitHubOAuthenticator.allowed_organizations": [],
                                "hub.config.GitHubOAuthenticator.scope": [],
                                "hub.config.Authenticator.allowed_users": ["student-1"]})
    c, _ = run_extra_config(values)
    assert c.GitHubOAuthenticator.allowed_organizations == []
    assert c.Authenticator.allowed_users == ["student-1"]


GOOD_HOST = FILLED["proxy.https.hosts"][0]


@pytest.mark.parametrize("changes, complaint", [
    ({"hub.config.JupyterHub.authenticator_class": "dummy"}, "a real login such as github"),
    ({"hub.config.JupyterHub.authenticator_class": "jupyterhub.auth.DummyAuthenticator"},
     "a real login such as github"),
    ({"hub.config.JupyterHub.authenticator_class": None}, "(now not set)"),
    ({"hub.config.GitHubOAuthenticator.allow_all": True},
     "remove hub.config.GitHubOAuthenticator.allow_all"),
    ({"hub.config.Authenticator.allow_all": True}, "remove hub.config.Authenticator.allow_all"),
    ({"hub.config.GitHubOAuthenticator.allowed_organizations": []}, "now only admins get in"),
    ({"proxy.https.enabled": False}, "set proxy.https.enabled: true"),
    ({"proxy.https.hosts": []}, "set proxy.https.hosts (without it the chart serves plain HTTP)"),
    ({"proxy.https.letsencrypt.contactEmail": None}, "set proxy.https.letsencrypt.contactEmail"),
    ({"hub.config.GitHubOAuthenticator.oauth_callback_url":
      f"http://{GOOD_HOST}/hub/oauth_callback"}, "oauth_callback_url to https://"),
    ({"hub.config.GitHubOAuthenticator.oauth_callback_url":
      "https://other.example.org/hub/oauth_callback"}, "oauth_callback_url to https://"),
], ids=["dummy", "DummyAuthenticator", "no-authenticator", "allow_all-github", "allow_all",
        "nobody-allowed", "https-off", "no-hosts", "no-contact-email", "http-callback",
        "callback-other-host"])
def test_z2jh_start_up_check_refuses_unsafe_settings(z2jh, changes, complaint):
    with pytest.raises(SystemExit) as stop:
        run_extra_config(with_values(with_values(z2jh, FILLED), changes))
    assert complaint in stop.value.code, stop.value.code


# The parts of the chart's files/hub/jupyterhub_config.py (4.4.0) that matter here: traitlets'
# get_config() for `c`, then z2jh.py's get_config() over the mounted values, hub.config loaded
# into `c`, and hub.extraConfig exec()'d in key order.
CHART_HUB_CONFIG = """\
c = get_config()  # noqa
import os
import yaml

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "values.yaml")) as f:
    _values = yaml.safe_load(f)


def get_config(key, default=None):
    value = _values
    for level in key.split("."):
        if not isinstance(value, dict):
            return default
        if level not in value:
            return default
        else:
            value = value[level]
    return value


for section, cfg in get_config("hub.config", {}).items():
    print(f"Loading pass-through config section hub.config.{section}")
    c[section].update(cfg)

for key, config_py in sorted(get_config("hub.extraConfig", {}).items()):
    print(f"Loading extra config: {key}")
    exec(config_py)
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="JupyterHub runs on POSIX only")
def test_z2jh_real_jupyterhub_refuses_to_start_while_placeholders_are_set(z2jh, tmp_path):
    """The real `jupyterhub` command (6.1.1 here; the chart's 5.5.0 exits the same way) with the
    chart's way of loading config.yaml: it stops while loading its config, before it opens a
    database or a port, and prints the check's message."""
    hub = Path(sys.executable).with_name("jupyterhub")
    if not hub.exists():
        pytest.skip(f"jupyterhub is not installed next to {sys.executable} (make install)")
    (tmp_path / "values.yaml").write_text(yaml.safe_dump(helm_merge(CHART_DEFAULTS, z2jh)))
    (tmp_path / "jupyterhub_config.py").write_text(CHART_HUB_CONFIG)
    res = subprocess.run([str(hub), "-f", str(tmp_path / "jupyterhub_config.py")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1, (res.stdout, res.stderr)
    assert f"Loading extra config: {SAFETY_CHECK}" in res.stdout
    assert res.stderr.startswith("neurolab z2jh config:"), res.stderr
    for path in placeholders(z2jh):
        assert f"set {path} (now a placeholder" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jupyterhub_config.py", "values.yaml"]


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


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash (TLJH runs on Linux)")
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
    # binder/'s pins with the pip of TLJH's user environment, then binder/postBuild; never conda
    # (binder/runtime.txt's Python would replace TLJH's and what was installed for it)
    assert 'user_python="${TLJH_USER_PYTHON:-/opt/tljh/user/bin/python}"' in text
    assert '"$user_python" -m pip install' in text
    assert '--requirement "$dir/binder/requirements.txt"' in text
    assert "bash binder/postBuild" in text and "environment.yml" not in text
    assert not re.search(r"\b(mamba|conda)\s+(env|install|update|create)\b", text)


def test_local_hub_runs_the_same_start_command_and_url(z2jh, local_hub):
    spawner = local_hub.Spawner
    assert spawner.default_url == z2jh["singleuser"]["defaultUrl"]
    assert Path(spawner.cmd[0]) == DEPLOY / "copy-course.sh"
    assert Path(spawner.cmd[1]).name == "jupyterhub-singleuser"
    # loopback only
    assert local_hub.JupyterHub.ip == local_hub.JupyterHub.hub_ip == spawner.ip == "127.0.0.1"
    assert local_hub.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
