"""A whole class on one machine: a real JupyterHub on 127.0.0.1 and N simulated students.

    python benchmarks/loadtest.py --students 1,4,8,16,32      (make loadtest STUDENTS=...)

The hub (jupyterhub from PyPI, configurable-http-proxy from npm, settings in
deploy/loadtest/jupyterhub_config.py) spawns one local single-user JupyterLab server per student.
For each N, every student, all at the same time, as a browser would:
  1. starts their server through the hub's REST API and waits until it is ready; from then on
     uses a token of their own (as a logged-in browser would) and opens the hub's link to
     their server, which lands on the default URL;
  2. reads the student edition from ~/work (put there by deploy/copy-course.sh) and starts a
     kernel session for it, through the hub's proxy (jupyter_server REST + websocket channels);
  3. runs the notebook's code cells, top to bottom;
  4. when the whole class is done (the instructor's "now drag the slider"), moves the notebook's
     explorer's sliders at a human pace (one change every 0.5-2 s, seeded) by sending exactly
     the comm message a slider sends, and times each change until the explorer's new picture
     (the image widget's comm update) arrives.
Per N it prints update latency p50/p95, failed requests, and the memory of each student's
server + kernel (PSS/USS); then how many students per core and per GiB keep p95 <= 300 ms.

Every wait is bounded, everything listens on 127.0.0.1 only, and everything started is stopped
(the hub stops its proxy and servers; survivors are killed by pid; Ctrl-C included).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from jupyter_server.services.kernels.connection.base import deserialize_binary_message
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import free_ports  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
HUB_CONFIG = REPO / "deploy" / "loadtest" / "jupyterhub_config.py"
CHP = REPO / "deploy" / "loadtest" / "node_modules" / ".bin" / "configurable-http-proxy"
NOTEBOOK = "01_lif_neuron.ipynb"  # the default: in the student's ~/work
TARGET_P95_MS = 300.0
MIB = 1024 * 1024

# Bounds on every wait (seconds).
HUB_START_S = 60
SPAWN_S = 400          # a whole class spawning at once on 2 cores
CELL_S = 180           # one notebook cell
UPDATE_S = 10          # one slider change until its picture arrives (then: ask the kernel)
STOP_S = 60

# Run in the student's kernel after the notebook: the explorer the notebook shows (the last one in
# Out, else the last one alive), its sliders' comm ids and ranges, and its image's comm id.
FIND_EXPLORER = """
import gc as _gc, hashlib as _hashlib, json as _json
import neurolab.widgets as _nw
_lt = [v for _, v in sorted(Out.items()) if isinstance(v, _nw.Explorer)] or \\
      [o for o in _gc.get_objects() if isinstance(o, _nw.Explorer)] or [_nw.LIFExplorer()]
_lt = _lt[-1]
print(_json.dumps({"explorer": type(_lt).__name__, "image": _lt.image.model_id,
                  "png_md5": _hashlib.md5(_lt.image.value).hexdigest(), "controls": {
    _n: {"id": _w.model_id, "min": _w.min, "max": _w.max, "step": _w.step, "value": _w.value,
         "int": isinstance(_w.value, int)}
    for _n, _w in _lt.controls.items() if hasattr(_w, "min") and hasattr(_w, "step")}}))
"""


# ---------------------------------------------------------------------------------------------
# The hub: start, track every process it starts, stop it all
# ---------------------------------------------------------------------------------------------

def hub_request(http, url, token, method="GET", body=None, timeout=None, raise_error=True):
    """`method` `url` (the hub's REST API, or a student's server through the proxy) as the
    holder of `token`; `body` is sent as JSON; timeout None: tornado's default (20 s)."""
    return http.fetch(HTTPRequest(url, method=method, headers={"Authorization": f"token {token}"},
                                  body=None if body is None else json.dumps(body),
                                  request_timeout=timeout), raise_error=raise_error)


def no_memory():
    """Zero PSS and USS (bytes): the sums before any process is counted."""
    return {"pss": 0, "uss": 0}


def chp_path():
    """The pinned configurable-http-proxy (deploy/loadtest/package.json), installed by
    `make proxy` into the git-ignored deploy/loadtest/node_modules."""
    if not CHP.exists():
        raise FileNotFoundError(
            f"configurable-http-proxy is not installed at {CHP}; run `make proxy` "
            "(npm ci in deploy/loadtest, needs node >= 20 and npm)")
    return CHP


class Hub:
    """A JupyterHub process group on 127.0.0.1 with its own temporary folder."""

    def __init__(self, log=print):
        self.log = log
        self.dir = Path(tempfile.mkdtemp(prefix="neurolab-hub-"))
        self.token = secrets.token_hex(32)
        self.public, self.api, self.hub_port = free_ports(3)
        self.url = f"http://127.0.0.1:{self.public}"
        self.proc = None
        self.seen = {}  # pid -> create_time of every process the hub started (for cleanup)

    def start(self):
        env = dict(os.environ,
                   NEUROLAB_HUB_DIR=str(self.dir),
                   NEUROLAB_HUB_PORTS=f"{self.public},{self.api},{self.hub_port}",
                   NEUROLAB_HUB_TOKEN=self.token,
                   NEUROLAB_CHP=str(chp_path()),
                   CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(32))
        self.logfile = open(self.dir / "jupyterhub.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG)],
            cwd=self.dir, env=env, stdout=self.logfile, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + HUB_START_S
        import urllib.request
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"jupyterhub exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"jupyterhub not up after {HUB_START_S} s:\n{self.log_tail()}")
            time.sleep(0.3)
        self.track()
        return self

    def log_tail(self, n=3000):
        try:
            return (self.dir / "jupyterhub.log").read_bytes()[-n:].decode(errors="replace")
        except OSError:
            return ""

    def track(self):
        """Remember every process below the hub (servers start their own sessions, so a process
        group kill would miss them)."""
        if self.proc is None or self.proc.poll() is not None:
            return []
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for p in children:
            with contextlib.suppress(psutil.Error):
                self.seen.setdefault(p.pid, p.create_time())
        return children

    def stop(self):
        """SIGTERM the hub (it stops the proxy and, cleanup_servers=True, every server), wait,
        then kill whatever it started that still lives; remove the temporary folder."""
        if self.proc is not None:
            self.track()
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(STOP_S)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(10)
            left = []
            for pid, created in self.seen.items():
                with contextlib.suppress(psutil.Error):
                    p = psutil.Process(pid)
                    if p.create_time() == created:
                        p.terminate()
                        left.append(p)
            _, alive = psutil.wait_procs(left, timeout=10)
            for p in alive:
                with contextlib.suppress(psutil.Error):
                    p.kill()
            self.logfile.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # memory of each student's server + kernel, and of the hub + proxy
    def memory(self):
        per_user, shared = {}, no_memory()
        procs = [psutil.Process(self.proc.pid)] + self.track()
        servers = {}
        for p in procs:
            with contextlib.suppress(psutil.Error):
                if p.ppid() == self.proc.pid and "JUPYTERHUB_USER" in p.environ():
                    servers[p.pid] = p.environ()["JUPYTERHUB_USER"]
        for p in procs:
            with contextlib.suppress(psutil.Error):
                owner = None
                for q in [p] + p.parents():
                    if q.pid in servers:
                        owner = servers[q.pid]
                        break
                m = p.memory_full_info()
                bucket = shared if owner is None else per_user.setdefault(owner, no_memory())
                for k in bucket:
                    bucket[k] += getattr(m, k)
        return per_user, shared

    def cpu_seconds(self):
        """User + system CPU seconds of the hub and every process below it, so far."""
        total = 0.0
        for p in [psutil.Process(self.proc.pid)] + self.track():
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                total += t.user + t.system
        return total


# ---------------------------------------------------------------------------------------------
# A student: REST through the hub and its proxy, kernel messages over the websocket
# ---------------------------------------------------------------------------------------------

@dataclass
class StudentResult:
    name: str
    latencies_ms: list = field(default_factory=list)
    failures: list = field(default_factory=list)   # (what, why)
    cell_errors: list = field(default_factory=list)  # "ename: evalue" of cells that raised
    spawn_s: float = float("nan")
    notebook_s: float = float("nan")
    explorer: str = ""
    landing: str = ""   # where /user/<name>/ led (the default URL)
    unchanged: int = 0   # slider changes after which the picture was the same (no message)
    sent_values: dict = field(default_factory=dict)   # slider -> last value sent (and answered)
    final_values: dict = field(default_factory=dict)  # slider -> value in the kernel at the end


class Student:
    def __init__(self, hub, name, seed, updates, interval, barrier, notebook=NOTEBOOK):
        self.hub, self.name, self.notebook = hub, name, notebook
        self.rng = random.Random(seed)
        self.updates, self.interval, self.barrier = updates, interval, barrier
        self.http = AsyncHTTPClient()
        self.result = StudentResult(name)
        self.session = uuid.uuid4().hex
        self.token = None  # the student's own API token, once their server runs
        self.ws = None
        self.waiters = {}     # msg_id -> {"reply": Future, "idle": Future, "stdout": [..]}
        self.image_id = None
        self.image_waiter = None  # Future of the slider change in flight
        self.earlier = set()      # msg ids of earlier slider changes
        self.png_md5 = None       # md5 of the latest picture received

    async def api(self, method, path, body=None, hub=True, timeout=60):
        url = f"{self.hub.url}/hub/api{path}" if hub else f"{self.hub.url}/user/{self.name}{path}"
        token = self.hub.token if hub else self.token  # the student's own token on their server
        t0 = time.monotonic()
        try:
            resp = await hub_request(self.http, url, token, method,
                                     (body or {}) if method == "POST" else None, timeout)
        except (HTTPClientError, OSError) as e:
            raise RuntimeError(f"{method} {url.split(str(self.hub.public), 1)[-1]} failed after "
                               f"{time.monotonic() - t0:.0f} s: {e}") from e
        return json.loads(resp.body) if resp.body else None

    async def run(self):
        try:
            await self._run()
        except Exception as e:  # one student's failure is a measured failure, not a crash
            self.result.failures.append(("student", f"{type(e).__name__}: {e}"))
        finally:
            if self.barrier is not None:
                self.barrier.arrive(self)
            if self.ws is not None:
                self.ws.close()
        return self.result

    async def _run(self):
        # 1. server
        t0 = time.monotonic()
        await self.api("POST", f"/users/{self.name}/server", {})
        while True:
            user = await self.api("GET", f"/users/{self.name}")
            server = user.get("servers", {}).get("", {})
            if server.get("ready"):
                break
            if time.monotonic() - t0 > SPAWN_S:
                raise TimeoutError(f"server not ready after {SPAWN_S} s")
            await asyncio.sleep(1.0)
        self.result.spawn_s = time.monotonic() - t0
        # from here on the student acts as themself: a token of their own (as their login gives)
        token = await self.api("POST", f"/users/{self.name}/tokens",
                               {"note": "load test", "expires_in": 3600})
        self.token = token["token"]
        # what the student's browser opens: the hub's link lands on the default URL
        t1 = time.monotonic()
        try:
            landing = await hub_request(self.http, f"{self.hub.url}/user/{self.name}/", self.token,
                                        timeout=60)
        except (HTTPClientError, OSError) as e:
            raise RuntimeError(f"GET /user/{self.name}/ failed after "
                               f"{time.monotonic() - t1:.0f} s: {e}") from e
        self.result.landing = landing.effective_url
        # 2. the notebook from ~/work, a kernel session for it, its channels
        nb = await self.api("GET", f"/api/contents/work/{self.notebook}?content=1", hub=False)
        cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                 for c in nb["content"]["cells"] if c["cell_type"] == "code"]
        sess = await self.api("POST", "/api/sessions", {
            "path": f"work/{self.notebook}", "type": "notebook", "name": self.notebook,
            "kernel": {"name": "python3"}}, hub=False, timeout=CELL_S)  # a kernel start
        kid = sess["kernel"]["id"]
        ws_url = (f"{self.hub.url.replace('http', 'ws', 1)}/user/{self.name}/api/kernels/{kid}"
                  f"/channels?session_id={self.session}")
        self.ws = await asyncio.wait_for(websocket_connect(HTTPRequest(
            ws_url, headers={"Authorization": f"token {self.token}"})), 60)
        reader = asyncio.ensure_future(self.read())
        try:
            # 3. the notebook, top to bottom
            t1 = time.monotonic()
            for code in cells:
                reply, _ = await self.execute(code, CELL_S)
                if reply["content"]["status"] != "ok":
                    content = reply["content"]
                    self.result.cell_errors.append(
                        f"{content.get('ename')}: {str(content.get('evalue'))[:120]}")
            self.result.notebook_s = time.monotonic() - t1
            reply, out = await self.execute(FIND_EXPLORER, CELL_S)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"finding the explorer failed: {reply['content']}")
            explorer = json.loads(out.strip().splitlines()[-1])
            self.result.explorer = explorer["explorer"]
            self.image_id = explorer["image"]
            self.png_md5 = explorer["png_md5"]
            controls = explorer["controls"]
            # 4. everyone together: slider changes at a human pace
            if self.barrier is not None:
                self.barrier.arrive(self)
                await self.barrier.wait()
            for _ in range(self.updates):
                await asyncio.sleep(self.rng.uniform(*self.interval))
                await self.slide(controls)
            # what the kernel's sliders hold now (the test compares it with what was sent)
            reply, out = await self.execute(
                "print(_json.dumps({_n: _w.value for _n, _w in _lt.controls.items()}))", CELL_S)
            self.result.final_values = json.loads(out.strip().splitlines()[-1])
            self.result.sent_values = {n: c["value"] for n, c in controls.items()}
        finally:
            reader.cancel()
            with contextlib.suppress(BaseException):
                await reader

    def new_value(self, c):
        """A different value on the slider's grid, as a drag would give."""
        steps = int(round((c["max"] - c["min"]) / c["step"]))
        for _ in range(20):
            v = c["min"] + self.rng.randint(0, steps) * c["step"]
            v = int(round(v)) if c["int"] else round(v, 10)
            if v != c["value"]:
                return v
        return c["value"]

    async def slide(self, controls):
        name = self.rng.choice(sorted(controls))
        c = controls[name]
        value = self.new_value(c)
        msg_id = uuid.uuid4().hex
        done = asyncio.get_running_loop().create_future()
        self.image_waiter = done
        idle = self.expect(msg_id)["idle"]
        t0 = time.perf_counter()
        await self.send("shell", "comm_msg", {"comm_id": c["id"], "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}}, msg_id)
        try:
            await asyncio.wait_for(done, UPDATE_S)
            self.result.latencies_ms.append((time.perf_counter() - t0) * 1000.0)
            c["value"] = value
        except asyncio.TimeoutError:
            # ipywidgets sends no message when the new picture equals the shown one (e.g.
            # tau_m moved while I = 0 pA): not a failure if the kernel's picture is the last one
            # received
            _, out = await self.execute(
                "print(_hashlib.md5(_lt.image.value).hexdigest())", CELL_S)
            if out.strip() == self.png_md5:
                self.result.unchanged += 1
                c["value"] = value
            else:
                self.result.failures.append(
                    ("update", f"{name}={value}: no new picture in {UPDATE_S} s"))
        finally:
            self.image_waiter = None
            self.earlier.add(msg_id)
        with contextlib.suppress(asyncio.TimeoutError):  # let the kernel finish this message
            await asyncio.wait_for(idle, UPDATE_S)
        self.waiters.pop(msg_id, None)

    def expect(self, msg_id):
        loop = asyncio.get_running_loop()
        w = {"reply": loop.create_future(), "idle": loop.create_future(), "stdout": []}
        self.waiters[msg_id] = w
        return w

    async def send(self, channel, msg_type, content, msg_id=None):
        msg_id = msg_id or uuid.uuid4().hex
        await self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.name,
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content,
            "channel": channel, "buffers": []}))
        return msg_id

    async def execute(self, code, timeout):
        msg_id = uuid.uuid4().hex
        w = self.expect(msg_id)
        await self.send("shell", "execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": False}, msg_id)
        try:
            reply = await asyncio.wait_for(w["reply"], timeout)
            await asyncio.wait_for(w["idle"], timeout)
        finally:
            self.waiters.pop(msg_id, None)
        return reply, "".join(w["stdout"])

    async def read(self):
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                raise ConnectionError("kernel websocket closed")
            msg = deserialize_binary_message(raw) if isinstance(raw, bytes) else json.loads(raw)
            parent = (msg.get("parent_header") or {}).get("msg_id")
            kind = msg["header"]["msg_type"]
            w = self.waiters.get(parent)
            if kind == "comm_msg" and self.image_waiter is not None:
                data = msg["content"].get("data", {})
                done = self.image_waiter
                if (msg["content"].get("comm_id") == self.image_id
                        and data.get("method") in ("update", "echo_update")
                        and parent not in self.earlier and not done.done()):
                    done.set_result(True)
            if (kind == "comm_msg" and msg["content"].get("comm_id") == self.image_id
                    and msg.get("buffers")):
                self.png_md5 = hashlib.md5(msg["buffers"][0]).hexdigest()
            if w is None:
                continue
            if msg["channel"] == "shell" and kind.endswith("_reply") and not w["reply"].done():
                w["reply"].set_result(msg)
            elif kind == "status" and msg["content"].get("execution_state") == "idle":
                if not w["idle"].done():
                    w["idle"].set_result(True)
            elif kind == "stream" and msg["content"].get("name") == "stdout":
                w["stdout"].append(msg["content"]["text"])


class Barrier:
    """Everyone waits until every student has run the notebook (or given up)."""

    def __init__(self, n):
        self.n, self.arrived, self.event = n, set(), asyncio.Event()

    def arrive(self, student):
        self.arrived.add(student.name)
        if len(self.arrived) >= self.n:
            self.event.set()

    async def wait(self):
        await asyncio.wait_for(self.event.wait(), SPAWN_S + 20 * CELL_S)


# ---------------------------------------------------------------------------------------------
# One step of N students, and the whole stepped run
# ---------------------------------------------------------------------------------------------

async def stop_servers(hub, names):
    http = AsyncHTTPClient()
    async def stop(name):
        with contextlib.suppress(HTTPClientError, OSError):
            await hub_request(http, f"{hub.url}/hub/api/users/{name}/server", hub.token, "DELETE",
                              timeout=STOP_S)
    await asyncio.gather(*(stop(name) for name in names))
    deadline = time.monotonic() + STOP_S
    while time.monotonic() < deadline:
        resp = await hub_request(http, f"{hub.url}/hub/api/users", hub.token)
        if not any(u.get("servers") for u in json.loads(resp.body) if u["name"] in names):
            return
        await asyncio.sleep(1.0)


async def run_step(hub, n, updates, interval, seed, log, notebook=NOTEBOOK):
    names = [f"student{i:03d}" for i in range(1, n + 1)]
    http = AsyncHTTPClient()
    await hub_request(http, f"{hub.url}/hub/api/users", hub.token, "POST", {"usernames": names},
                      raise_error=False)  # 409 when they exist from an earlier step
    barrier = Barrier(n)
    students = [Student(hub, name, seed * 1000 + i, updates, interval, barrier, notebook)
                for i, name in enumerate(names)]
    cpu0 = None

    async def measure_when_ready():
        nonlocal cpu0
        await barrier.wait()
        cpu0 = (hub.cpu_seconds(), psutil.Process().cpu_times(), machine_busy(), time.monotonic())

    watcher = asyncio.ensure_future(measure_when_ready())
    t0 = time.monotonic()
    results = await asyncio.gather(*(s.run() for s in students))
    wall = time.monotonic() - t0
    cpu = others = None
    if cpu0 is not None:
        me = psutil.Process().cpu_times()
        cpu = hub.cpu_seconds() - cpu0[0] + (me.user + me.system - cpu0[1].user - cpu0[1].system)
        # the share of the machine's cores that processes other than ours used meanwhile
        span = (time.monotonic() - cpu0[3]) * psutil.cpu_count()
        others = max(0.0, (machine_busy() - cpu0[2] - cpu) / span) if span > 0 else None
    watcher.cancel()
    per_user, shared = hub.memory()
    load = os.getloadavg()
    await stop_servers(hub, names)
    lat = [x for r in results for x in r.latencies_ms]
    fails = [f for r in results for f in r.failures]
    for r in results:
        for what, why in r.failures[:3]:
            log(f"    {r.name}: {what}: {why}")
        for err in r.cell_errors[:3]:
            log(f"    {r.name}: cell error {err}")
    mems = [per_user.get(name, no_memory()) for name in names]
    measured = [m for m in mems if m["pss"] > 0]
    row = {
        "n": n,
        "updates": len(lat),
        "failed": len(fails),
        "unchanged": sum(r.unchanged for r in results),
        "p50": statistics.median(lat) if lat else float("nan"),
        "p95": percentile(lat, 95),
        "max": max(lat) if lat else float("nan"),
        "pss": statistics.mean(m["pss"] for m in measured) / MIB if measured else float("nan"),
        "uss": statistics.mean(m["uss"] for m in measured) / MIB if measured else float("nan"),
        "hub_pss": shared["pss"] / MIB,
        "cpu_ms": 1000.0 * cpu / len(lat) if cpu and lat else float("nan"),
        "others": 100.0 * others if others is not None else float("nan"),
        "spawn": max((r.spawn_s for r in results if r.spawn_s == r.spawn_s), default=float("nan")),
        "notebook": max((r.notebook_s for r in results if r.notebook_s == r.notebook_s),
                        default=float("nan")),
        "cell_errors": sum(len(r.cell_errors) for r in results),
        "explorer": ",".join(sorted({r.explorer for r in results if r.explorer})),
        "load": load[0],
        "wall": wall,
        "students": results,
    }
    return row


def machine_busy():
    """CPU seconds the whole machine has been busy (all cores, all processes)."""
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def percentile(xs, q):
    """The q-th percentile, linear between closest ranks (numpy's default)."""
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = (len(xs) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def capacity(rows, cores):
    """The largest N with p95 <= 300 ms and no failures; students per core and per GiB there."""
    ok = [r for r in rows if r["failed"] == 0 and r["p95"] <= TARGET_P95_MS]
    if not ok:
        return None
    best = max(ok, key=lambda r: r["n"])
    return {"n": best["n"], "per_core": best["n"] / cores, "per_gib": 1024.0 / best["pss"],
            "saturated": best["n"] < max(r["n"] for r in rows)}


def print_table(rows, cores, log=print, interval=(0.5, 2.0)):
    mem = psutil.virtual_memory().total / 2**30
    log(f"\nClass load test: {cores} cores, {mem:.1f} GiB; one slider change every 0.5-2 s per "
        f"student; latency = slider comm message sent -> new picture received, through the proxy")
    log(f"{'N':>4} {'updates':>8} {'same':>5} {'failed':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8} "
        f"{'PSS/stud MiB':>13} {'USS/stud MiB':>13} {'hub+proxy MiB':>14} {'CPU ms/upd':>11} "
        f"{'spawn s':>8} {'notebook s':>11} {'cell err':>9} {'load1':>6} {'others %':>9}")
    for r in rows:
        log(f"{r['n']:>4} {r['updates']:>8} {r['unchanged']:>5} {r['failed']:>7} "
            f"{r['p50']:>8.0f} {r['p95']:>8.0f} "
            f"{r['max']:>8.0f} {r['pss']:>13.0f} {r['uss']:>13.0f} {r['hub_pss']:>14.0f} "
            f"{r['cpu_ms']:>11.0f} {r['spawn']:>8.1f} {r['notebook']:>11.1f} "
            f"{r['cell_errors']:>9} {r['load']:>6.1f} {r['others']:>9.0f}")
    log("updates: slider changes answered by a new picture (latency measured); same: changes "
        "that left the picture as it was (checked in the kernel; ipywidgets sends nothing then)")
    log("CPU ms/upd: CPU time of the hub, proxy, servers, kernels and this client per slider "
        "change; others %: the share of all cores used meanwhile by processes not ours (noise)")
    cpu_ms = [r["cpu_ms"] for r in rows if r["cpu_ms"] == r["cpu_ms"]]
    if cpu_ms:
        rate = 2.0 / (interval[0] + interval[1])
        per_core = 1000.0 / (rate * statistics.median(cpu_ms))
        log(f"CPU budget: {statistics.median(cpu_ms):.0f} ms per change (median over N) at "
            f"{rate:.2f} changes/s per student = {100 / per_core:.0f}% of a core per student: a "
            f"core is fully busy at {per_core:.0f} students (latency grows well before that)")
    cap = capacity(rows, cores)
    if cap is None:
        log(f"No N kept p95 <= {TARGET_P95_MS:.0f} ms without failures.")
    else:
        more, least = ("", "") if cap["saturated"] else (" (the largest N tried)", "at least ")
        log(f"p95 <= {TARGET_P95_MS:.0f} ms without failures up to N = {cap['n']}{more}: "
            f"{least}{cap['per_core']:.1f} students per core; "
            f"memory {1024 / cap['per_gib']:.0f} MiB "
            f"PSS per student = {cap['per_gib']:.1f} students per GiB")
    return cap


def parse_steps(text):
    try:
        steps = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        steps = []
    if not steps or min(steps) < 1:
        raise ValueError(f"STUDENTS / --students must be a comma-separated list of positive "
                         f"integers such as 1,4,8; got {text!r}")
    return steps


async def run(steps, updates=20, interval=(0.5, 2.0), seed=1, log=print, notebook=NOTEBOOK):
    """Start a hub, run each step of N students, stop everything. Returns (rows, hub); the hub
    is stopped by then (its ``seen`` pids are what it had started)."""
    AsyncHTTPClient.configure(None, max_clients=max(10, 2 * max(steps)))
    hub = Hub(log=log)
    rows = []
    try:
        hub.start()
        log(f"hub on {hub.url} (temporary folder {hub.dir}); load: {os.getloadavg()[0]:.1f}")
        for n in steps:
            log(f"  N = {n}: starting {n} servers, running {notebook}, {updates} updates each")
            row = await run_step(hub, n, updates, interval, seed, log, notebook)
            log(f"  N = {n}: p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms, "
                f"{row['failed']} failed, {row['pss']:.0f} MiB PSS per student, "
                f"{row['wall']:.0f} s")
            rows.append(row)
    finally:
        hub.stop()
    return rows, hub


def interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", default="1,4,8,16,32", help="the steps of N, e.g. 1,4,8")
    parser.add_argument("--updates", type=int, default=20, help="slider changes per student")
    parser.add_argument("--min-interval", type=float, default=0.5, help="s between changes, min")
    parser.add_argument("--max-interval", type=float, default=2.0, help="s between changes, max")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--notebook", default=NOTEBOOK,
                        help="student notebook to run and whose explorer to drag")
    parser.add_argument("--json", help="also write the rows to this JSON file")
    args = parser.parse_args(argv)

    def log(text):
        print(text, flush=True)

    # SIGTERM becomes KeyboardInterrupt, so `finally` stops the hub either way.
    signal.signal(signal.SIGTERM, interrupt)
    rows, _ = asyncio.run(run(parse_steps(args.students), args.updates,
                              (args.min_interval, args.max_interval), args.seed, log,
                              args.notebook))
    cores = psutil.cpu_count()
    cap = print_table(rows, cores, log, (args.min_interval, args.max_interval))
    if args.json:
        rows = [{k: v for k, v in r.items() if k != "students"} for r in rows]
        Path(args.json).write_text(json.dumps({"rows": rows, "capacity": cap, "cores": cores,
                                               "uptime_load": os.getloadavg()}, indent=1))
    return rows


if __name__ == "__main__":
    main()
