"""The class load test, small: a real JupyterHub on 127.0.0.1 with N = 2 students, a few slider
changes each (make loadtest runs the full steps). Keeps the hub setup from rotting: the pinned
proxy, the hub settings, the spawner's start command (deploy/copy-course.sh), the REST and
websocket paths through the proxy, the slider's comm path, and the clean-up."""

import asyncio
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import psutil
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import loadtest  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="JupyterHub and its spawner run on POSIX only")


def require_proxy():
    if not loadtest.CHP.exists():
        message = (f"configurable-http-proxy is not installed ({loadtest.CHP}); "
                   "run `make proxy` (make test does)")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def loadtest_default_url():
    text = loadtest.HUB_CONFIG.read_text()
    return re.search(r'^c\.Spawner\.default_url = "([^"]+)"$', text, re.M).group(1)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_two_students_on_a_real_hub():
    require_proxy()
    updates = 4
    lines = []
    rows, hub = asyncio.run(loadtest.run([2], updates=updates, interval=(0.5, 1.0), seed=3,
                                         log=lines.append))
    (row,) = rows
    log = "\n".join(lines)
    assert row["n"] == 2
    assert row["failed"] == 0, log
    # every change answered by a new picture, or checked in the kernel to leave it unchanged
    assert row["updates"] + row["unchanged"] == 2 * updates and row["updates"] > 0, log
    default_url = loadtest_default_url()
    for student in row["students"]:
        # the hub's link opened the default URL (a page the server serves: 200)
        assert student.landing.endswith(f"/user/{student.name}{default_url}"), student.landing
        assert student.explorer.endswith("Explorer"), log
        # the student edition runs top to bottom (its exercise checks never raise)
        assert student.cell_errors == [], student.cell_errors
        # every slider change reached the kernel through the comm path: its sliders hold
        # exactly the values last sent
        assert student.sent_values, log
        for name, value in student.sent_values.items():
            assert student.final_values[name] == pytest.approx(value, abs=1e-9), (name, log)
        assert all(0 < ms < loadtest.UPDATE_S * 1000 for ms in student.latencies_ms)
        assert student.spawn_s > 0 and student.notebook_s > 0
    # memory of each student's server + kernel was found and is plausible (a kernel with numpy
    # and matplotlib alone is > 50 MiB; a student's pair far below 2 GiB)
    assert 50 < row["uss"] <= row["pss"] < 2048, row
    # ... and fits the per-student memory guarantee of the cluster settings
    guarantee = yaml.safe_load((REPO / "deploy" / "z2jh" / "config.yaml").read_text())[
        "singleuser"]["memory"]["guarantee"]
    assert re.fullmatch(r"\d+M", guarantee), guarantee
    assert row["pss"] * 2**20 <= int(guarantee[:-1]) * 1e6, (row["pss"], guarantee)
    assert 0 < row["hub_pss"] < 2048, row
    assert row["cpu_ms"] > 0
    # everything it started is stopped and its temporary folder removed
    assert hub.seen, "the hub started no process?"
    for pid, created in hub.seen.items():
        try:
            p = psutil.Process(pid)
            alive = p.create_time() == created and p.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            alive = False
        assert not alive, f"pid {pid} ({p.cmdline()}) still runs"
    assert hub.proc.poll() is not None
    assert not hub.dir.exists()


def test_percentile_matches_numpy():
    rng = np.random.default_rng(7)
    for n in (1, 2, 5, 40, 101):
        xs = list(rng.exponential(50.0, n))
        for q in (50, 95, 99):
            assert loadtest.percentile(xs, q) == pytest.approx(np.percentile(xs, q), rel=1e-12)


def test_capacity_takes_largest_step_within_target():
    def row(n, p95, failed=0, pss=250.0):
        return {"n": n, "p95": p95, "failed": failed, "pss": pss}
    rows = [row(1, 50), row(4, 120), row(8, 280, pss=256.0), row(16, 310), row(32, 900)]
    cap = loadtest.capacity(rows, cores=2)
    assert cap == {"n": 8, "per_core": 4.0, "per_gib": 4.0, "saturated": True}
    # a step with failures does not count, even if fast
    assert loadtest.capacity([row(1, 50), row(4, 60, failed=1)], cores=2)["n"] == 1
    assert loadtest.capacity([row(1, 400)], cores=2) is None


def test_steps_are_checked():
    assert loadtest.parse_steps("1, 4,8") == [1, 4, 8]
    for bad in ("", "0,4", "a,b", "-1"):
        with pytest.raises(ValueError, match="positive integers"):
            loadtest.parse_steps(bad)


def test_free_ports_are_distinct_loopback_ports():
    ports = loadtest.free_ports(5)
    assert len(set(ports)) == 5 and all(1024 <= p < 65536 for p in ports)


def test_copy_course_never_overwrites_student_work(tmp_path):
    course = tmp_path / "course"
    (course / "notebooks" / "student").mkdir(parents=True)
    shutil.copy(REPO / "jupyter_server_config.py", course)  # the copy `make lab` makes
    (course / "notebooks" / "student" / "01_a.ipynb").write_text("new 1")
    (course / "notebooks" / "student" / "02_b.ipynb").write_text("new 2")
    work = tmp_path / "home" / "work"
    work.mkdir(parents=True)
    (work / "01_a.ipynb").write_text("my answers")
    env = dict(os.environ, NEUROLAB_COURSE_DIR=str(course), NEUROLAB_WORK_DIR=str(work))
    out = subprocess.run(["bash", str(REPO / "deploy" / "copy-course.sh"), "echo", "started"],
                         env=env, capture_output=True, text=True, timeout=30, check=True)
    assert out.stdout.strip() == "started"  # then runs the server command it was given
    assert (work / "01_a.ipynb").read_text() == "my answers"
    assert (work / "02_b.ipynb").read_text() == "new 2"
