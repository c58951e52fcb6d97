"""Mutation testing of the exercise checks (neurolab.exercises): does each check reject the wrong
variants of its exercise's solution, and accept the right ones?

For each exercise, the instructor's solution (the top-level def in the notebook cell tagged
solution) is mutated by the operators of tools/mutation_ops.py. Each mutant is judged by the
exercise's judge (tools/judges/<topic>.py: JUDGES = {name: judge(reference, candidate)}, None when
the mutant answers every input of a broad suite as the solution does) and checked by
``nl.exercises.check_<name>``. Verdicts:

  equivalent   the judge finds no difference and the check passes it
  killed       the judge finds a difference and the check rejects it
  survived     the judge finds a difference and the check passes it
  false-alarm  the judge finds no difference and the check rejects it (a correct variant failed)

Each mutant runs in a forked child with stdout/stderr sent to /dev/null, the check first (with
_core.CALL_TIME_LIMIT_S = 2 s), then the judge. A child still running after WALL_LIMIT_S is killed:
a judge that did not finish counts as "differs"; the check counts as rejecting only if it returned.
tools/mutation_explained.json maps mutant id -> why that survivor or false alarm is acceptable.

    python tools/mutate.py [--exercise NAME ...] [--sample] [--report PATH] [--workers N] [--list]

Exit status 0 when every check run kills at least 98 % of its non-equivalent mutants and there is
no unexplained survivor or false alarm; 1 otherwise; 2 when a solution fails its own check or
judge (or cannot be found).
"""

import argparse
import ast
import contextlib
import datetime
import difflib
import importlib
import io
import json
import math
import multiprocessing
import multiprocessing.connection
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import mutation_ops  # noqa: E402
import neurolab as nl  # noqa: E402
from neurolab.exercises import EXERCISES, _core  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
JUDGES_DIR = ROOT / "tools" / "judges"
EXPLAINED = ROOT / "tools" / "mutation_explained.json"
MINIMUM_MUTANTS = 50
TARGET = 0.98
CHECK_LIMIT_S = 2.0    # the checks' per-call limit during the run
WALL_LIMIT_S = 60.0    # one mutant's check + judge
SAMPLE_SIZE = 4        # mutants per exercise in --sample (the smallest ids)
VERDICTS = ("equivalent", "killed", "survived", "false-alarm")


# --- the solutions ---------------------------------------------------------------------------

def solutions():
    """exercise name -> the source of its solution's def, from the solution cells of
    notebooks/NN_*.ipynb, in course order."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code" or "solution" not in cell["metadata"].get("tags", []):
                continue
            source = "".join(cell["source"])
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef) and node.name in EXERCISES:
                    if node.name in found:
                        raise ValueError(f"{path.name}: a second solution of {node.name}")
                    found[node.name] = ast.get_source_segment(source, node)
    return {name: found[name] for name in EXERCISES if name in found}


def define(source, name):
    """The function ``name`` defined by ``source`` in the notebooks' namespace (np, nl, math)."""
    namespace = {"np": np, "nl": nl, "math": math, "__builtins__": __builtins__}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


def mutants_of(name, source):
    return mutation_ops.generate(source, name, MINIMUM_MUTANTS)


# --- the judges ------------------------------------------------------------------------------

def topic_of(name):
    return EXERCISES[name].check.__module__.rsplit(".", 1)[-1]


def load_judges(names):
    """(judges, skipped, broken): name -> judge; name -> why it has none yet; module -> error."""
    judges, skipped, broken = {}, {}, {}
    for name in names:
        topic = topic_of(name)
        if topic in broken:
            continue
        if not (JUDGES_DIR / f"{topic}.py").exists():
            skipped[name] = f"no judge module tools/judges/{topic}.py yet"
            continue
        try:
            module = importlib.import_module(f"judges.{topic}")
        except Exception as exc:
            broken[topic] = f"tools/judges/{topic}.py does not import: {type(exc).__name__}: {exc}"
            continue
        if name in getattr(module, "JUDGES", {}):
            judges[name] = module.JUDGES[name]
        else:
            skipped[name] = f"tools/judges/{topic}.py has no judge for {name} yet"
    return judges, skipped, broken


# --- running one mutant ----------------------------------------------------------------------

@dataclass
class Job:
    mutant: mutation_ops.Mutant
    reference: object    # the solution function
    judge: object


@dataclass
class Outcome:
    check: bool | None = None    # None: the check did not return
    output: str = ""             # what the check printed
    judged: bool = False
    judge: str | None = None     # the judge's first difference, None when the same
    note: str = ""               # why the child ended early

    @property
    def verdict(self):
        differs = not self.judged or self.judge is not None
        rejected = self.check is False
        return {(False, False): "equivalent", (False, True): "false-alarm",
                (True, True): "killed", (True, False): "survived"}[differs, rejected]

    @property
    def difference(self):
        return self.judge if self.judged else f"the judge did not finish ({self.note})"


def _child(conn, job):
    """Run in a forked child: the check, then the judge, each result sent as soon as known."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = io.StringIO()
    _core.CALL_TIME_LIMIT_S = CHECK_LIMIT_S
    name = job.mutant.exercise
    candidate = define(job.mutant.source, name)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            passed = bool(getattr(nl.exercises, f"check_{name}")(candidate))
        conn.send(("check", passed, printed.getvalue()))
    except BaseException as exc:  # a check must never raise: counted as a rejection, shown
        raised = f"[the check raised {type(exc).__name__}: {exc}]"
        conn.send(("check", False, printed.getvalue() + raised))
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            found = job.judge(job.reference, candidate)
        conn.send(("judge", None if found is None else str(found)))
    except BaseException as exc:
        conn.send(("judge", f"the judge raised {type(exc).__name__}: {exc}"))
    conn.close()


def run_jobs(jobs, workers, progress=None):
    """mutant id -> Outcome for every job, ``workers`` forked children at a time."""
    context = multiprocessing.get_context("fork")
    pending, running, outcomes = list(jobs), {}, {}

    def finish(conn, note=""):
        job, proc, _, outcome = running.pop(conn)
        if proc.is_alive():
            proc.kill()
        proc.join()
        conn.close()
        outcome.note = outcome.note or note or (
            "" if outcome.judged else f"the child exited with code {proc.exitcode}")
        outcomes[job.mutant.id] = outcome
        if progress:
            progress(len(outcomes), len(jobs))

    while pending or running:
        while pending and len(running) < workers:
            job = pending.pop(0)
            receive, send = context.Pipe(duplex=False)
            sys.stdout.flush()
            sys.stderr.flush()
            proc = context.Process(target=_child, args=(send, job), daemon=True)
            proc.start()
            send.close()
            running[receive] = (job, proc, time.monotonic(), Outcome())
        for conn in multiprocessing.connection.wait(list(running), timeout=0.5):
            outcome = running[conn][3]
            try:
                kind, *data = conn.recv()
            except EOFError:
                finish(conn)
                continue
            if kind == "check":
                outcome.check, outcome.output = data
            else:
                outcome.judged, outcome.judge = True, data[0]
                finish(conn)
        for conn, (_, _, start, _) in list(running.items()):
            if time.monotonic() - start > WALL_LIMIT_S:
                finish(conn, f"killed after {WALL_LIMIT_S:g} s")
    return outcomes


# --- the run ---------------------------------------------------------------------------------

@dataclass
class Result:
    """One exercise's mutants and their outcomes."""
    name: str
    mutants: list
    outcomes: dict

    def of(self, verdict):
        return [m for m in self.mutants if self.outcomes[m.id].verdict == verdict]

    @property
    def counts(self):
        return {v: len(self.of(v)) for v in VERDICTS}

    @property
    def stopped(self):
        """The mutants whose child was killed at the wall limit or died."""
        return [m for m in self.mutants if self.outcomes[m.id].note]

    @property
    def kill_rate(self):
        c = self.counts
        return c["killed"] / (c["killed"] + c["survived"]) if c["killed"] + c["survived"] else None


def diff_lines(reference, mutant):
    """The lines of ``mutant`` that differ from the (unparsed) reference, as -/+ lines."""
    return [line for line in difflib.unified_diff(reference.splitlines(), mutant.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "-+" and not line.startswith(("---", "+++"))]


def sample(mutants, size=SAMPLE_SIZE):
    """A fixed subset: the ``size`` mutants with the smallest ids (ids are sha1-based)."""
    return sorted(mutants, key=lambda m: m.id)[:size]


def problems(results, explained, broken):
    """The reasons the run fails (an empty list when it passes)."""
    found = list(broken.values())
    for r in results:
        rate = r.kill_rate
        if rate is not None and rate < TARGET:
            found.append(f"check_{r.name} kills {rate:.1%} of its non-equivalent mutants "
                         f"(target {TARGET:.0%})")
        for verdict in ("survived", "false-alarm"):
            for m in r.of(verdict):
                if m.id not in explained:
                    found.append(f"unexplained {verdict}: {m.id} ({m.description})")
    return found


def table(results):
    columns = ["check", "mutants", "equivalent", "non-equivalent", "killed", "survived",
               "false alarms", "kill rate"]
    rows = ["| " + " | ".join(columns) + " |", "|---" + "|---:" * (len(columns) - 1) + "|"]
    for r in results:
        c = r.counts
        rate = "—" if r.kill_rate is None else f"{100 * r.kill_rate:.1f} %"
        rows.append(f"| check_{r.name} | {len(r.mutants)} | {c['equivalent']} | "
                    f"{c['killed'] + c['survived']} | {c['killed']} | {c['survived']} | "
                    f"{c['false-alarm']} | {rate} |")
    return rows


def _git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


HOW_TO_READ = (
    "Each mutant of an exercise's solution is judged by tools/judges (does it answer a broad "
    "input suite as the solution does?) and run through its check. *killed*: judged different, "
    "rejected by the check; *survived*: judged different, passed by the check; *false alarm*: "
    "judged the same, rejected by the check; kill rate = killed / non-equivalent, target "
    f"≥ {TARGET:.0%}. A mutant still running after {WALL_LIMIT_S:g} s is stopped: an unfinished "
    "judge counts as \"differs\", an unfinished check as \"passed\". The checks ran with a "
    f"{CHECK_LIMIT_S:g} s limit per call.")


def _section(result, mutant, source, why):
    """The report's lines on one survivor or false alarm."""
    outcome = result.outcomes[mutant.id]
    check = "did not return" if outcome.check is None else outcome.check
    lines = [f"### {mutant.id}: {outcome.verdict}{'' if why else ' (unexplained)'}", "",
             f"{mutant.description} (operator {mutant.operator})", "",
             "```diff", *diff_lines(ast.unparse(ast.parse(source)), mutant.source), "```", "",
             f"- judge: {outcome.difference or 'no difference'}",
             f"- check: {check}; it printed:", "",
             "```", outcome.output.strip() or "(nothing)", "```", ""]
    return lines + ([f"- explanation: {why}", ""] if why else [])


def report(results, skipped, broken, failures, explained, sources, seconds, command):
    """The markdown report."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = " (with uncommitted changes)" if _git("status", "--porcelain") else ""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Mutation report of the exercise checks", "",
             f"Written by `{command}` on {now}, commit {commit}{dirty}; run time {seconds:.0f} s.",
             "", HOW_TO_READ, "", *table(results), ""]
    for r in results:
        for m in r.stopped:
            o = r.outcomes[m.id]
            check = "did not return" if o.check is None else "rejected" if o.check is False \
                else "passed"
            lines.append(f"- {m.id} ({m.description}): {o.note}; the check {check}, "
                         f"{'the judge did not finish' if not o.judged else 'the judge finished'}"
                         f": {o.verdict}")
    lines += [f"- {name} skipped: {why}" for name, why in skipped.items()]
    lines += [f"- **broken**: {why}" for why in broken.values()]
    lines += ["", "## Result", ""]
    lines += [f"- **{f}**" for f in failures] or ["Every check run passes."]
    lines += ["", "## Survivors and false alarms", ""]
    shown = [(r, m) for r in results for v in ("survived", "false-alarm") for m in r.of(v)]
    for r, m in shown:
        lines += _section(r, m, sources[r.name], explained.get(m.id))
    return "\n".join(lines if shown else lines + ["None."]) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exercise", nargs="+", action="extend", metavar="NAME",
                        help="only these exercises")
    parser.add_argument("--sample", action="store_true",
                        help=f"only {SAMPLE_SIZE} fixed mutants per exercise (about a minute)")
    parser.add_argument("--report", type=Path, metavar="PATH", help="write the markdown report")
    parser.add_argument("--workers", type=int, default=2, choices=[1, 2],
                        help="children at a time (2, the most on this shared 2-core machine)")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    start = time.monotonic()

    sources = solutions()
    names = args.exercise or list(sources)
    missing = [n for n in names if n not in sources]
    if missing:
        print(f"no solution found for {', '.join(missing)} (the exercises: "
              f"{', '.join(sources)})", file=sys.stderr)
        return 2
    mutants = {n: mutants_of(n, sources[n]) for n in names}
    if args.sample:
        mutants = {n: sample(ms) for n, ms in mutants.items()}
    if args.list:
        for name, ms in mutants.items():
            print(f"{name}: {len(ms)} mutants")
            for m in ms:
                print(f"  {m.id}  {m.description}")
        return 0

    judges, skipped, broken = load_judges(names)
    for name, why in skipped.items():
        print(f"{name} skipped: {why}")
    for why in broken.values():
        print(f"BROKEN: {why}")
    references = {n: define(sources[n], n) for n in judges}

    # the solutions themselves first: each must pass its check and its judge
    solution_jobs = [Job(mutation_ops.Mutant(f"{n}-solution", n, "none", 0, "the solution",
                                             sources[n]), references[n], judges[n])
                     for n in judges]
    outcomes = run_jobs(solution_jobs, args.workers)
    bad = [(job.mutant.exercise, outcomes[job.mutant.id]) for job in solution_jobs
           if outcomes[job.mutant.id].verdict != "equivalent"]
    for name, outcome in bad:
        print(f"FAILED: the solution of {name} is not accepted: check "
              f"{'did not return' if outcome.check is None else outcome.check}, judge: "
              f"{outcome.difference or 'same'}\n{outcome.output}", file=sys.stderr)
    if bad:
        return 2

    def progress(done, total):
        if done % 50 == 0 or done == total:
            print(f"  {done}/{total} mutants ({time.monotonic() - start:.0f} s)", flush=True)

    jobs = [Job(m, references[n], judges[n]) for n in judges for m in mutants[n]]
    outcomes = run_jobs(jobs, args.workers, progress)
    results = [Result(n, mutants[n], outcomes) for n in judges]
    explained = json.loads(EXPLAINED.read_text(encoding="utf-8")) if EXPLAINED.exists() else {}
    failures = problems(results, explained, broken)
    stale = [] if args.sample else [i for i in explained if i not in outcomes
                                    and i.rsplit("-", 1)[0] in judges]
    seconds = time.monotonic() - start

    print("\n".join(table(results)))
    for line in failures:
        print(f"FAIL: {line}")
    for i in stale:
        print(f"note: tools/mutation_explained.json explains {i}, which is no longer a mutant")
    print(f"{'FAILED' if failures else 'passed'} in {seconds:.0f} s")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report(results, skipped, broken, failures, explained, sources,
                                      seconds, " ".join(["python tools/mutate.py", *argv])),
                               encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
