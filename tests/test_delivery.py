"""How the course reaches a student: the Binder plan, the conda files, the launch badges, tracked
notebooks stored without outputs, the server `make lab` starts, and course updates that never
clash with a student's work (see README.md, "Installing and running")."""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
from nb_browser import free_port, is_ci  # noqa: E402

BIN = Path(sys.executable).parent
CONFIG = REPO / "jupyter_server_config.py"
STUDENT = REPO / "notebooks" / "student"
TEST_TOOLS = {"pytest", "pytest-timeout", "nbval", "playwright", "greenlet", "hypothesis",
              "jupyterhub", "jupyter-repo2docker", "nbstripout"}


def run(cmd, cwd=REPO, check=True, **kw):
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)
    if check and res.returncode != 0:
        raise AssertionError(f"{cmd} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return res


# ------------------------------------------------------------------------ conda and Binder

sys.path.insert(0, str(REPO / "tools"))
from binder_env import base_versions, binder_pins, binder_python, standin  # noqa: E402


def pinned(path: Path, python: str) -> dict[str, str]:
    """{name: version} of a pip requirements/constraints file, for one Python version."""
    out = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate({"python_version": python}):
            assert str(req.specifier).startswith("=="), f"{path.name}: {line} is not a pin"
            out[canonicalize_name(req.name)] = str(req.specifier).removeprefix("==")
    return out


def versions_tested(python: str) -> dict[str, str]:
    return pinned(REPO / "requirements.txt", python) | pinned(REPO / "constraints.txt", python)


def test_conda_route_installs_the_tested_pins():
    """environment.yml takes only Python and pip from conda-forge (both surely there) and then
    installs exactly what `make lab` installs, with pip from the pinned files."""
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert conda == ["python=3.11", "pip"], conda
    assert [d for d in env["dependencies"] if isinstance(d, dict)] == \
        [{"pip": ["-r requirements.txt", "-c constraints.txt", "-e ."]}]
    assert "conda env create -f environment.yml" in (REPO / "README.md").read_text()


def test_binder_pins_are_the_tested_versions():
    """binder/: runtime.txt names the Python, requirements.txt pins (exactly, no markers)
    versions the tests run on that Python, and postBuild installs neurolab and the course's
    JupyterLab settings. No environment.yml there: repo2docker would take it instead and
    conda-forge pins could not be checked here."""
    assert sorted(p.name for p in (REPO / "binder").iterdir()) == \
        ["postBuild", "requirements.txt", "runtime.txt"]
    python = binder_python()
    ours = binder_pins()
    text = (REPO / "binder/requirements.txt").read_text()
    lines = [l.split("#")[0].strip() for l in text.splitlines()]
    assert not [l for l in lines if ";" in l], \
        "binder/requirements.txt is for one Python: no markers"
    # Nothing points into the repository (repo2docker then installs it before copying the
    # repository, and caches that layer).
    assert not [l for l in lines if l.startswith(("-", ".", "file:", "/"))], lines
    tested = versions_tested(python)
    assert {n: tested.get(n) for n in ours} == ours, "binder/ must run the tested versions"
    assert {"numpy", "matplotlib", "ipykernel", "ipywidgets"} <= set(ours)
    # ipykernel 7.0-7.3 can lose a shell message and hang (requirements.txt).
    assert Version(ours["ipykernel"]) >= Version("7.4")
    post = (REPO / "binder/postBuild").read_text()
    assert "set -e" in post and "pip install --no-deps" in post
    # the course's JupyterLab settings, as `make lab` applies them
    assert "python jupyter_server_config.py --lab-settings" in post
    assert os.access(REPO / "binder/postBuild", os.X_OK)


@pytest.mark.slow
def test_repo2docker_plans_the_binder_environment_before_the_repository():
    """repo2docker's own plan (`--no-build --debug` prints the Dockerfile; no docker needed),
    for the documented image build (deploy/z2jh/config.yaml): the environment comes from
    binder/, the course lands in /srv/neurolab."""
    res = run([sys.executable, "-m", "repo2docker", "--no-build", "--debug",
               "--user-id", "1000", "--user-name", "jovyan", "--target-repo-dir", "/srv/neurolab",
               "--image-name", "neurolab-course:test", str(REPO)], timeout=300)
    out = res.stdout + res.stderr
    docker = out[out.index("FROM "):]
    python = binder_python()
    # (--target-repo-dir becomes the REPO_DIR build argument, so it is not in the text)
    assert f"environment.py-{python}-linux-64.lock" in docker.replace("-2e", ".").replace(
        "-2d", "-"), "the base environment is not the one of binder/runtime.txt"
    req_copy = docker.index("COPY --chown=1000:1000 src/binder/requirements.txt")
    req_install = docker.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    repo_copy = docker.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    post_build = docker.index("./binder/postBuild")
    assert req_copy < req_install < repo_copy < post_build
    # Only binder/ is read: not the top-level environment.yml or requirements files.
    assert "src/environment.yml" not in docker and "src/requirements.txt" not in docker
    # Binder's base versions, as the issue found them on mybinder.org.
    base = base_versions(python)
    assert (base["jupyterlab"], base["notebook"]) == ("4.4.9", "7.4.7")


@pytest.mark.slow
def test_binder_requirements_resolve_on_binders_base(tmp_path):
    """pip resolves binder/requirements.txt together with Binder's base environment (its
    top-level packages at their locked versions, everything else held at the base's version
    unless binder/ pins it), as repo2docker's `pip install -r` does on the base. Every package pip
    installs or changes is pinned in binder/requirements.txt, at exactly that version, so the
    route depends on nothing unpinned; the result passes a pip-check; JupyterLab stays the
    base's."""
    python = binder_python()
    if f"{sys.version_info[0]}.{sys.version_info[1]}" != python:
        pytest.skip(f"simulated with the Python of binder/runtime.txt ({python})")
    base, ours = base_versions(python), binder_pins()
    wanted, held = standin(python)
    (tmp_path / "req.txt").write_text("".join(f"{n}=={v}\n" for n, v in wanted.items()))
    (tmp_path / "con.txt").write_text("".join(f"{n}=={v}\n" for n, v in held.items()))
    res = run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
               "--quiet", "--report", str(tmp_path / "report.json"), "--only-binary=:all:",
               "-r", str(tmp_path / "req.txt"), "-c", str(tmp_path / "con.txt")],
              check=False, timeout=600, env={**os.environ, "PIP_CONSTRAINT": ""})
    if res.returncode != 0:
        if not is_ci() and re.search(r"(?i)connection|resolve host|network", res.stderr) \
                and "ResolutionImpossible" not in res.stderr:
            pytest.skip(f"no package index here: {res.stderr[-500:]}")
        pytest.fail(f"pip cannot resolve binder/ on Binder's base:\n{res.stderr[-4000:]}")
    installed = {canonicalize_name(i["metadata"]["name"]): i["metadata"]
                 for i in json.loads((tmp_path / "report.json").read_text())["install"]}
    changed = {n: m["version"] for n, m in installed.items() if base.get(n) != m["version"]}
    assert changed == ours, "what pip changes on Binder's base must be exactly what " \
        f"binder/requirements.txt pins: changed {changed}, pinned {ours}"
    env = {"python_version": python, "python_full_version": python + ".0",
           "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
           "platform_machine": "x86_64", "implementation_name": "cpython",
           "platform_python_implementation": "CPython"}
    broken = []
    for name, meta in installed.items():
        for line in meta.get("requires_dist", []):
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate({**env, "extra": ""}):
                continue
            have = installed.get(canonicalize_name(req.name))
            if have is None or not req.specifier.contains(have["version"], prereleases=True):
                broken.append(f"{name} requires {req}, has {have and have['version']}")
    assert not broken, broken
    assert installed["jupyterlab"]["version"] == base["jupyterlab"]
    assert installed["notebook"]["version"] == base["notebook"]
    # binder/ adds no test tool (Binder's base has jupyterhub, and with it greenlet, itself).
    assert not TEST_TOOLS & set(ours), TEST_TOOLS & set(ours)


# ------------------------------------------------------------------------------ badges

BADGE = re.compile(r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]\(([^)\s]+)\)")


def repository() -> tuple[str, str]:
    urls = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]
    m = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)/?", urls["Repository"])
    assert m, urls["Repository"]
    return m.group(1), m.group(2)


def check_badge(url: str) -> str:
    """The notebook path a badge opens; asserts it is this repository's student edition."""
    owner, name = repository()
    m = re.fullmatch(rf"https://mybinder\.org/v2/gh/{re.escape(owner)}/{re.escape(name)}"
                     r"/main\?urlpath=lab/tree/(notebooks/student/[^/?#]+\.ipynb)", url)
    assert m, f"{url} is not a Binder link to {owner}/{name} (pyproject.toml) opening a " \
              "notebook of notebooks/student/ in JupyterLab"
    assert (REPO / m.group(1)).is_file(), f"{url}: {m.group(1)} does not exist"
    return m.group(1)


def test_readme_badge_launches_binder_on_this_repository():
    badges = BADGE.findall((REPO / "README.md").read_text())
    assert badges, "README.md has no Binder badge"
    for url in badges:
        check_badge(url)


def source_and_student_notebooks() -> list[Path]:
    return sorted((REPO / "notebooks").glob("*.ipynb")) + sorted(STUDENT.glob("*.ipynb"))


@pytest.mark.parametrize("nb", source_and_student_notebooks(),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_badge_opens_its_student_edition(nb):
    cells = json.loads(nb.read_text())["cells"]
    first = "".join(cells[0]["source"]) if cells else ""
    badges = BADGE.findall(first)
    assert len(badges) == 1, f"{nb.name}: the first cell needs one Binder badge, has {len(badges)}"
    assert check_badge(badges[0]) == f"notebooks/student/{nb.name}"
    assert not any(BADGE.search("".join(c["source"])) for c in cells[1:])


# ------------------------------------------------------------ tracked notebooks stay clean


def tracked_notebooks() -> list[str]:
    return run(["git", "ls-files", "--", "*.ipynb"]).stdout.split()


def test_tracked_notebooks_have_no_outputs_or_widget_state():
    files = tracked_notebooks()
    assert files, "no tracked notebooks found"
    res = run([sys.executable, "-m", "nbstripout", "--verify", "--keep-id", *files], check=False)
    assert res.returncode == 0, "notebooks with outputs, execution counts or widget state " \
        f"(strip them: nbstripout --keep-id FILE):\n{res.stdout}{res.stderr}"


def course_config() -> dict:
    return runpy.run_path(str(CONFIG), run_name="course_config_test")  # functions only


def code_cell(source, outputs=(), count=None, metadata=None):
    return {"cell_type": "code", "execution_count": count, "id": "c1", "metadata": metadata or {},
            "outputs": list(outputs), "source": source}


def test_pre_save_hook_strips_tracked_notebooks_only():
    cfg = course_config()
    out = [{"output_type": "stream", "name": "stdout", "text": "2\n"}]

    def model():
        return {"type": "notebook", "content": {
            "cells": [code_cell("1+1", out, 3, {"scrolled": True, "tags": ["x"]})],
            "metadata": {"widgets": {"state": {}}, "kernelspec": {"name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}}

    tracked = model()
    cfg["strip_tracked_notebook"](tracked, "notebooks/student/01_x.ipynb")
    cell = tracked["content"]["cells"][0]
    assert (cell["outputs"], cell["execution_count"], cell["metadata"]) == \
        ([], None, {"tags": ["x"]})
    assert "widgets" not in tracked["content"]["metadata"]
    own = model()
    cfg["strip_tracked_notebook"](own, "work/01_x.ipynb")
    assert own == model()


# ------------------------------------------------------------------ make lab's server


def lab_command() -> list[str]:
    """The command `make lab` runs to start JupyterLab (its install step not remade); without
    make (Windows), the README's command for it."""
    if shutil.which("make") is None:
        return [str(BIN / "jupyter"), "lab", f"--config={CONFIG.name}"]
    res = run(["make", "-n", "-s", "--no-print-directory", "-o", ".venv/.runtime", "lab"])
    lines = [l for l in res.stdout.splitlines() if "jupyter lab" in l]
    assert len(lines) == 1, res.stdout
    cmd = lines[0].split()
    assert cmd[0].endswith("/jupyter") and cmd[1] == "lab", cmd
    return [str(BIN / "jupyter"), *cmd[1:]]


def course_copy(dst: Path) -> Path:
    """What `make lab` needs from a checkout: the config, the JupyterLab settings and the
    notebooks."""
    shutil.copy2(CONFIG, dst / CONFIG.name)
    shutil.copy2(REPO / "overrides.json", dst / "overrides.json")
    shutil.copytree(REPO / "notebooks", dst / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dst


def get(url: str, token: str, data=None, method=None):
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Authorization": f"token {token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=20) as resp:
        body = resp.read()
    return json.loads(body) if body and body[:1] in b"[{" else body


def after_a_sitting(base: str, token: str, path: str) -> dict:
    """The notebook at path as JupyterLab would save it after a run: outputs, execution
    counts, widget state and the kernel's metadata."""
    nb = get(f"{base}/api/contents/{path}?content=1", token)["content"]
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    nb["metadata"]["kernelspec"]["display_name"] = "Python 3 (ipykernel)"
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.7"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["execution_count"] = 1
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    return nb


def save(base: str, token: str, path: str, nb: dict) -> None:
    """Save a notebook through the server's contents API, as JupyterLab does."""
    get(f"{base}/api/contents/{path}", token, method="PUT",
        data=json.dumps({"type": "notebook", "format": "json", "content": nb}).encode())


def execute(base: str, token: str, kernel_id: str, code: str) -> str:
    """Run code in a kernel through the server's websocket (as JupyterLab does); its stdout."""
    import uuid

    import websocket

    ws = websocket.create_connection(
        f"ws://{base.split('://')[1]}/api/kernels/{kernel_id}/channels?token={token}", timeout=30)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request",
                                       "username": "t", "session": uuid.uuid4().hex,
                                       "version": "5.3", "date": ""},
                            "parent_header": {}, "metadata": {}, "channel": "shell",
                            "content": {"code": code, "silent": False}}))
        # The reply (shell channel) may come before the printed text (iopub): done when both
        # the reply and the kernel's "idle" after this request (the last iopub message) came.
        text, replied, idle, deadline = "", False, False, time.monotonic() + 60
        while not (replied and idle) and time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                text += msg["content"]["text"]
            elif msg["msg_type"] == "execute_reply":
                assert msg["content"]["status"] == "ok", msg["content"]
                replied = True
            elif msg["msg_type"] == "status":
                idle = msg["content"]["execution_state"] == "idle"
        assert replied and idle, f"no execute_reply and idle within 60 s (reply: {replied})"
        return text
    finally:
        ws.close()


def start_lab(root: Path, tmp_path: Path):
    """Start the server `make lab` starts, on the course copy root, with a throwaway home in
    tmp_path; (process, printed URL, token, log file) once it has printed its address."""
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "cfg"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "run"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"), "IPYTHONDIR": str(home / "ipy"),
           "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(REPO)}
    env.pop("JUPYTER_TOKEN", None)
    log = tmp_path / "lab.log"
    cmd = lab_command() + ["--no-browser", f"--ServerApp.port={port}",
                           "--ServerApp.port_retries=0"]
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    m, deadline = None, time.monotonic() + 90
    while m is None and time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"JupyterLab exited:\n{log.read_text()}")
        m = re.search(rf"(http://127\.0\.0\.1:{port}/\S*\?token=(\w+))", log.read_text())
        time.sleep(0.25)
    if m is None:
        stop(proc)
        raise AssertionError(f"no URL printed within 90 s:\n{log.read_text()}")
    return proc, m.group(1), m.group(2), log


@pytest.mark.slow
def test_make_lab_serves_work_on_localhost_only(tmp_path):
    import psutil

    (tmp_path / "course").mkdir()
    root = course_copy(tmp_path / "course")
    proc, url, token, log = start_lab(root, tmp_path)
    try:
        base = url.split("/lab")[0]
        # It prints the URL of the file browser on work/, and the student edition is there.
        assert url.startswith(f"{base}/lab/tree/work?token="), url
        assert "Your own copies are in work/" in log.read_text()
        assert sorted(p.name for p in (root / "work").glob("*.ipynb")) == \
            sorted(p.name for p in (root / "notebooks/student").glob("*.ipynb"))
        assert get(f"{base}/api/status", token)["started"]
        assert b"JupyterLab" in get(f"{base}/lab/tree/work", token)
        listen = [c.laddr for c in psutil.Process(proc.pid).net_connections("inet")
                  if c.status == psutil.CONN_LISTEN]
        assert listen and {a.ip for a in listen} == {"127.0.0.1"}, listen
        # A kernel runs code (through the websocket, as in the browser), and starts without
        # the "running over TCP without encryption" warning.
        kernel = get(f"{base}/api/kernels", token, data=b"{}", method="POST")
        assert execute(base, token, kernel["id"], "print(6 * 7)") == "42\n"
        assert "without encryption" not in log.read_text(), log.read_text()
        # Saving a course notebook after a sitting (outputs, counts, widget state and the
        # kernel's metadata, as JupyterLab saves it) leaves the file byte for byte as it was.
        for rel in ("notebooks/student", "notebooks"):
            name = sorted((root / rel).glob("*.ipynb"))[0].name
            before = (root / rel / name).read_bytes()
            nb = after_a_sitting(base, token, f"{rel}/{name}")
            save(base, token, f"{rel}/{name}", nb)
            assert (root / rel / name).read_bytes() == before, f"{rel}/{name} changed on save"
            # The student's own copy keeps what they saved.
            if rel == "notebooks/student":
                save(base, token, f"work/{name}", nb)
                saved = json.loads((root / "work" / name).read_text())
                assert any(c.get("outputs") for c in saved["cells"])
    finally:
        stop(proc)


def stop(proc):
    """Stop the server and its kernels (its own process group, on POSIX)."""
    kill = (lambda sig: os.killpg(proc.pid, sig)) if hasattr(os, "killpg") else \
        (lambda sig: proc.terminate())
    for sig, wait in ((signal.SIGTERM, 20), (getattr(signal, "SIGKILL", signal.SIGTERM), 10)):
        try:
            kill(sig)
            proc.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


# ---------------------------------------------------------------------- course updates


def git(*args, cwd):
    env = {**os.environ, "GIT_AUTHOR_NAME": "course", "GIT_AUTHOR_EMAIL": "course@example.org",
           "GIT_COMMITTER_NAME": "course", "GIT_COMMITTER_EMAIL": "course@example.org"}
    return run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env)


def test_course_update_never_clashes_with_student_work(tmp_path):
    """A student clones the course, works in work/ (and saves a course notebook through the
    server's hook); the course then changes a notebook and adds one; `git pull` merges without a
    conflict, the student's files are as they saved them, and the new notebook is copied."""
    origin, student = tmp_path / "origin", tmp_path / "student"
    git("clone", "-q", str(REPO), str(origin), cwd=tmp_path)
    # The course as it is in this working tree (config and notebooks), committed in the copy.
    shutil.copy2(REPO / ".gitignore", origin / ".gitignore")
    shutil.rmtree(origin / "notebooks")
    course_copy(origin)
    git("add", "-A", ".", cwd=origin)
    git("commit", "-q", "--allow-empty", "-m", "course as in the working tree", cwd=origin)
    git("clone", "-q", str(origin), str(student), cwd=tmp_path)

    work_copy = [sys.executable, CONFIG.name]
    first = run(work_copy, cwd=student).stdout
    editions = sorted(p.name for p in (student / "notebooks/student").glob("*.ipynb"))
    assert editions, "no student edition in notebooks/student/"
    assert sorted(p.name for p in (student / "work").glob("*.ipynb")) == editions, first

    # The student's work: an answer in their copy, a notebook of their own, and a course
    # notebook run and saved (through the pre-save hook, as JupyterLab saves it).
    mine = student / "work" / editions[0]
    nb = json.loads(mine.read_text())
    nb["cells"].append(code_cell("answer = 42", [{"output_type": "stream", "name": "stdout",
                                                   "text": "42\n"}], 7))
    nb["cells"][-1]["id"] = "student-answer"
    mine.write_text(json.dumps(nb, indent=1))
    (student / "work" / "my_notes.ipynb").write_text(json.dumps(nb))
    saved = {p.name: p.read_bytes() for p in (student / "work").iterdir()}
    from jupyter_server.services.contents.filemanager import FileContentsManager

    server = FileContentsManager(root_dir=str(student))  # the server's own save code
    server.pre_save_hook = course_config()["strip_tracked_notebook"]
    course_nb = "notebooks/student/" + editions[1 % len(editions)]
    model = server.get(course_nb)
    for cell in model["content"]["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [{"output_type": "stream",
                                                         "name": "stdout", "text": "x"}], 1
    model["content"]["metadata"]["widgets"] = {"state": {}}
    model["content"]["metadata"]["language_info"] = {"name": "python", "version": "3.13.0"}
    server.save({"type": "notebook", "format": "json", "content": model["content"]}, course_nb)
    assert git("status", "--porcelain", "--untracked-files=all", cwd=student).stdout == "", \
        "saving a course notebook changed a tracked file"

    # The course changes every student notebook and adds a new one.
    for name in editions:
        path = origin / "notebooks/student" / name
        c = json.loads(path.read_text())
        c["cells"].append({"cell_type": "markdown", "id": "update-1", "metadata": {},
                           "source": "A correction from the course."})
        path.write_text(json.dumps(c, indent=1) + "\n")
    new = origin / "notebooks/student" / "99_new_topic.ipynb"
    new.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    git("add", "notebooks", cwd=origin)
    git("commit", "-q", "-m", "course update", cwd=origin)

    pull = git("pull", "-q", "--no-rebase", cwd=student)
    assert "CONFLICT" not in pull.stdout + pull.stderr
    assert git("status", "--porcelain", cwd=student).stdout == ""
    assert "A correction from the course." in \
        (student / "notebooks/student" / editions[0]).read_text()
    second = run(work_copy, cwd=student).stdout
    assert "99_new_topic.ipynb" in second
    for name, content in saved.items():
        assert (student / "work" / name).read_bytes() == content, f"work/{name} changed"
    assert (student / "work" / "99_new_topic.ipynb").read_bytes() == new.read_bytes()
