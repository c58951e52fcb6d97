"""What one student costs a hub: memory and CPU, measured on real kernels and a real server.

    python benchmarks/bench_footprint.py [--notebooks notebooks/student]

1. Kernel memory (RSS / PSS / USS, psutil) of a fresh kernel, after running each notebook top to
   bottom (nbclient), and after 100 more explorer updates in that kernel (sliders moved through
   the notebook's explorers, which is what a student does next).
2. The JupyterLab server's memory, idle after serving the /lab page.
3. CPU time per explorer update, per explorer: the kernel process's CPU time (user + system,
   all threads, read by psutil from outside), not wall time, over a burst of slider changes.
   It includes what the kernel does to send the new picture (comm message serialization).
PSS counts shared pages (libraries) divided among the processes sharing them: the sum of PSS is
what N students really take. USS is what one more student adds at least.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import free_ports  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
UPDATES = 100          # explorer updates after each notebook
CPU_UPDATES = 30       # timed updates per explorer (after 3 warm-up updates)
CELL_TIMEOUT = 600     # s, one cell
SERVER_TIMEOUT = 120   # s, JupyterLab server start

# Moves the sliders of every explorer alive in the kernel, `n` changes in all (each a new value
# on the slider's grid, so each is a real update), round-robin over explorers and their sliders.
MOVE_SLIDERS = """
import gc as _gc, numpy as _np, neurolab.widgets as _nw
def _move_sliders(explorers, n, seed=0):
    rng = _np.random.default_rng(seed)
    done = 0
    sliders = [(ex, w) for ex in explorers for w in ex.controls.values()
               if hasattr(w, "min") and hasattr(w, "step")]
    while sliders and done < n:
        ex, w = sliders[done % len(sliders)]
        steps = int(round((w.max - w.min) / w.step))
        for _ in range(20):
            value = type(w.value)(w.min + int(rng.integers(0, steps + 1)) * w.step)
            if value != w.value:
                break
        w.value = value
        done += 1
    return done
_explorers = [o for o in _gc.get_objects() if isinstance(o, _nw.Explorer)]
"""


def memory(pid):
    m = psutil.Process(pid).memory_full_info()
    return m.rss / MIB, m.pss / MIB, m.uss / MIB


def cpu_seconds(pid):
    t = psutil.Process(pid).cpu_times()
    return t.user + t.system


class Kernel:
    """A notebook client whose kernel stays up between cells we add."""

    def __init__(self, nb, cwd):
        self.nb = nb
        self.client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     allow_errors=True, resources={"metadata": {"path": str(cwd)}})

    @contextlib.contextmanager
    def running(self):
        # (the kernel's stderr would only repeat a warning about TCP on 127.0.0.1)
        with self.client.setup_kernel(stderr=subprocess.DEVNULL):
            self.pid = self.client.km.provisioner.process.pid
            yield self

    def run_cell(self, index):
        cell = self.client.execute_cell(self.nb.cells[index], index)
        return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]

    def run(self, code):
        """Run code as a new cell; its stdout, or RuntimeError with the traceback."""
        self.nb.cells.append(nbformat.v4.new_code_cell(code))
        index = len(self.nb.cells) - 1
        errors = self.run_cell(index)
        if errors:
            raise RuntimeError("\n".join(errors[0].get("traceback", [])))
        return "".join(o.get("text", "") for o in self.nb.cells[index].outputs
                       if o.get("output_type") == "stream")


def notebook_footprint(path, workdir):
    nb = nbformat.read(path, as_version=4)
    kernel = Kernel(nb, workdir)
    with kernel.running():
        fresh = memory(kernel.pid)
        errors = 0
        for index, cell in enumerate(list(nb.cells)):
            if cell.cell_type == "code":
                errors += bool(kernel.run_cell(index))
        after_nb = memory(kernel.pid)
        kernel.run(MOVE_SLIDERS)
        n_explorers = int(kernel.run("print(len(_explorers))"))
        moved = int(kernel.run(f"print(_move_sliders(_explorers, {UPDATES}))"))
        after_updates = memory(kernel.pid)
    return {"notebook": path.name, "fresh": fresh, "after_nb": after_nb,
            "after_updates": after_updates if moved else None, "explorers": n_explorers,
            "updates": moved, "cell_errors": errors}


def explorer_cpu(workdir):
    """CPU ms per update for every explorer, each in the same fresh kernel."""
    nb = nbformat.v4.new_notebook()
    kernel = Kernel(nb, workdir)
    rows = []
    with kernel.running():
        kernel.run(MOVE_SLIDERS)
        names = kernel.run("print(' '.join(sorted(n for n, o in vars(_nw).items() if "
                           "isinstance(o, type) and issubclass(o, _nw.Explorer) and "
                           "o is not _nw.Explorer)))").split()
        for name in names:
            kernel.run(f"_ex = _nw.{name}(); display(_ex); _move_sliders([_ex], 3, seed=1)")
            cpu0 = cpu_seconds(kernel.pid)
            wall0 = time.perf_counter()
            out = kernel.run(
                f"_times = []\n"
                f"for _i in range({CPU_UPDATES}):\n"
                f"    _move_sliders([_ex], 1, seed=100 + _i); _times.append(_ex.last_update_ms)\n"
                f"print(sorted(_times)[len(_times) // 2])")
            wall = time.perf_counter() - wall0
            cpu = cpu_seconds(kernel.pid) - cpu0
            rows.append((name, 1000.0 * cpu / CPU_UPDATES, 1000.0 * wall / CPU_UPDATES,
                         float(out)))
            kernel.run("del _ex")
    return rows


def lab_server_memory(workdir):
    """RSS/PSS/USS of an idle JupyterLab server (127.0.0.1) after it served /lab."""
    port, token = free_ports(1)[0], secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={workdir}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(Path(workdir) / "lab.log", "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}",
                                            timeout=5) as r:
                    r.read()
                    break
            except OSError as err:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"jupyter lab not up after {SERVER_TIMEOUT} s") from err
                time.sleep(0.5)
        time.sleep(1.0)
        return memory(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


def fmt(mem):
    return "        -" if mem is None else f"{mem[1]:5.0f}/{mem[2]:<4.0f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    student = REPO / "notebooks" / "student"
    parser.add_argument("--notebooks", type=Path,
                        default=student if any(student.glob("*.ipynb")) else REPO / "notebooks",
                        help="folder of notebooks (default: the student edition if present)")
    args = parser.parse_args(argv)
    paths = sorted(args.notebooks.glob("*.ipynb"))
    if not paths:
        raise FileNotFoundError(f"no notebooks in {args.notebooks}")
    workdir = Path(tempfile.mkdtemp(prefix="neurolab-footprint-"))
    try:
        for p in paths:  # run copies: the repository's notebooks are never touched
            shutil.copy(p, workdir / p.name)
        print(f"Kernel memory (MiB, PSS/USS; RSS in brackets) - notebooks from "
              f"{args.notebooks.relative_to(REPO)}; load {os.getloadavg()[0]:.1f}")
        print(f"{'notebook':<26} {'fresh kernel':>14} {'after notebook':>22} "
              f"{f'+{UPDATES} updates':>14} {'explorers':>9} {'cell errors':>11}")
        for p in paths:
            r = notebook_footprint(workdir / p.name, workdir)
            print(f"{r['notebook']:<26} {fmt(r['fresh']):>14} "
                  f"{fmt(r['after_nb']):>14} [{r['after_nb'][0]:4.0f}] "
                  f"{fmt(r['after_updates']):>14} {r['explorers']:>9} {r['cell_errors']:>11}",
                  flush=True)
        rss, pss, uss = lab_server_memory(workdir)
        print(f"\nJupyterLab server, idle after serving /lab: PSS {pss:.0f} MiB, "
              f"USS {uss:.0f} MiB, RSS {rss:.0f} MiB")
        print(f"\nCPU per explorer update (kernel process CPU time, {CPU_UPDATES} updates; "
              f"wall per update; the explorer's own median last_update_ms)")
        print(f"{'explorer':<18} {'CPU ms/update':>14} {'wall ms/update':>15} "
              f"{'last_update_ms':>15}")
        cpu_rows = explorer_cpu(workdir)
        for name, cpu_ms, wall_ms, own_ms in cpu_rows:
            print(f"{name:<18} {cpu_ms:>14.1f} {wall_ms:>15.1f} {own_ms:>15.1f}")
        print(f"{'median':<18} {statistics.median(r[1] for r in cpu_rows):>14.1f}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
