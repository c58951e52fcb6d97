"""JupyterHub for the local class load test (benchmarks/loadtest.py, tests/test_loadtest.py).

A real hub, proxy and single-user servers, all on 127.0.0.1, all as the current user:
DummyAuthenticator (a shared password) and SimpleLocalProcessSpawner (one home folder per
student under a temporary folder). Never use this for a real class: there is no isolation
between students. The real settings are deploy/z2jh/config.yaml and deploy/tljh/.

The load test sets these environment variables and starts `jupyterhub -f this_file`:
  NEUROLAB_HUB_DIR      temporary folder: database, cookie secret, students' homes
  NEUROLAB_HUB_PORTS    "public,proxy_api,hub" free ports on 127.0.0.1
  NEUROLAB_HUB_TOKEN    API token of the `loadtest` service (starts servers, talks to them)
  NEUROLAB_CHP          path of the configurable-http-proxy executable
  CONFIGPROXY_AUTH_TOKEN  hub <-> proxy secret (read by JupyterHub itself)
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

run_dir = Path(os.environ["NEUROLAB_HUB_DIR"])
public_port, api_port, hub_port = (int(p) for p in os.environ["NEUROLAB_HUB_PORTS"].split(","))
deploy = Path(__file__).resolve().parents[1]

# Everything on loopback.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = public_port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [os.environ["NEUROLAB_CHP"]]
c.ConfigurableHTTPProxy.log_level = "warn"
c.Spawner.ip = "127.0.0.1"

# State in the temporary folder only.
c.JupyterHub.db_url = f"sqlite:///{run_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(run_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(run_dir / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # the hub stops every server when it stops
c.JupyterHub.log_level = "WARN"

# Students: any name, one shared password. The load-test client is a service whose token creates
# users, starts and stops their servers and gives each student a token of their own, with which
# the student (like a logged-in browser) talks to their server.
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["NEUROLAB_HUB_TOKEN"]
c.Authenticator.allow_all = True
c.JupyterHub.services = [{"name": "loadtest", "api_token": os.environ["NEUROLAB_HUB_TOKEN"]}]
c.JupyterHub.load_roles = [{
    "name": "loadtest",
    "services": ["loadtest"],
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users"],
}]

# Servers: the same start command as on a real hub (deploy/copy-course.sh puts the student
# edition into ~/work, never overwriting), the same default URL; this .venv's Python.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(run_dir / "home" / "{username}")
c.Spawner.cmd = [str(deploy / "copy-course.sh"),
                 str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.Spawner.default_url = "/lab/tree/work/00_python_practice.ipynb"
c.Spawner.environment = {"NEUROLAB_COURSE_DIR": str(deploy.parent)}
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL",
                      "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]
# A whole class starting at the same minute on 2 cores: generous, but bounded, timeouts.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 100
