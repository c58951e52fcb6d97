"""The two editions of the notebooks: the sources notebooks/NN_*.ipynb (instructor edition) and
the student edition notebooks/student/NN_*.ipynb generated from them by tools/make_student.py
(`make student`). nbval runs both editions top to bottom (`make test` runs
`pytest tests notebooks`); these tests check what the generation promises, and that an untouched
student edition says "not done yet" at every check.
"""

import ast
import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_student  # noqa: E402

SOURCES = make_student.sources()
NAMES = [p.name for p in SOURCES]
STUDENT = ROOT / "notebooks" / "student"
DROPPED = {"instructor", "test"}  # cell tags whose cells the student edition leaves out
CHECK_CALL = re.compile(r"^nl\.exercises\.check_(\w+)\((\w+)\)$")


def read(path):
    return nbformat.read(path, as_version=4)


def tags(cell):
    return set(make_student.tags_of(cell))


def student_pairs():
    return [(read(src), read(STUDENT / src.name), src.name) for src in SOURCES]


def test_seven_sources_and_the_same_seven_student_names():
    assert len(SOURCES) == 7
    assert sorted(p.name for p in STUDENT.glob("*.ipynb")) == NAMES


def test_each_source_opens_its_own_student_edition_on_binder():
    for src in SOURCES:
        first = read(src).cells[0]
        assert first.cell_type == "markdown"
        assert f"?urlpath=lab/tree/notebooks/student/{src.name})" in first.source, src.name


def test_committed_student_edition_equals_a_fresh_generation(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"), "--out",
                          str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == NAMES
    # byte for byte, but for CRLF line ends a Windows checkout may give (git stores LF)
    stale = [name for name in NAMES if (tmp_path / name).read_bytes()
             != (STUDENT / name).read_bytes().replace(b"\r\n", b"\n")]
    assert not stale, f"notebooks/student is out of date for {stale}: run `make student`"


def test_tags_are_valid_and_on_the_right_kind_of_cell():
    for src in SOURCES:
        for i, cell in enumerate(read(src).cells):
            where = f"{src.name} cell {i}"
            assert tags(cell) <= make_student.SOURCE_TAGS, where
            assert len(tags(cell)) <= 1, where
            if "solution" in tags(cell):
                assert cell.cell_type == "code", where
            if "answer" in tags(cell):
                assert cell.cell_type == "markdown", where
    for name in NAMES:
        for cell in read(STUDENT / name).cells:
            assert not cell.metadata, f"student {name}: cell metadata {cell.metadata}"


def test_every_notebook_has_its_exercises_and_checks_with_existing_names():
    import neurolab as nl
    for src in SOURCES:
        nb = read(src)
        defined = set()
        for cell in nb.cells:
            if "solution" in tags(cell):
                defined |= {n.name for n in ast.parse(cell.source).body
                            if isinstance(n, ast.FunctionDef)}
        called = {m.group(1) for c in nb.cells if c.cell_type == "code"
                  for m in [CHECK_CALL.match(c.source.strip())] if m}
        assert defined, f"{src.name} has no exercise"
        assert called == defined, f"{src.name}: exercises {defined}, checks for {called}"
        for name in called:
            assert callable(getattr(nl.exercises, f"check_{name}")), name


def test_each_tagged_kind_becomes_what_it_should():
    for source, student, name in student_pairs():
        by_id = {c["id"]: c for c in student.cells}
        kept = [c["id"] for c in source.cells if not DROPPED & set(tags(c))]
        assert [c["id"] for c in student.cells] == kept, name  # same order, instructor/test dropped
        for cell in source.cells:
            if DROPPED & set(tags(cell)):
                continue
            new = by_id[cell["id"]]
            assert new.cell_type == cell.cell_type
            if new.cell_type == "code":
                assert new.outputs == [] and new.execution_count is None
            if "answer" in tags(cell):
                assert new.source == make_student.YOUR_ANSWER
            elif "solution" in tags(cell):
                check_stub(cell.source, new.source, f"{name} {cell['id']}")
            else:
                assert new.source == cell.source, f"{name} {cell['id']}"
        assert "widgets" not in student.metadata


def test_lectures_carry_no_test_bookkeeping():
    """The student edition has no assert at all; in the sources every assert sits in a cell
    tagged test, whose input is collapsed, and the text never points at the tests."""
    for source, student, name in student_pairs():
        for cell in student.cells:
            if cell.cell_type == "code":
                assert not make_student._has_assert(cell.source), f"{name} {cell['id']}"
            assert "sanity check" not in cell.source.lower(), f"{name} {cell['id']}"
        tested = [c for c in source.cells if "test" in tags(c)]
        assert tested, f"{name}: no test cell guards its numbers"
        for cell in tested:
            assert cell.metadata["jupyter"]["source_hidden"] is True, f"{name} {cell['id']}"
            calls = {n.func.id for n in ast.walk(ast.parse(cell.source))
                     if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            assert "print" not in calls, f"{name} {cell['id']}: a hidden test prints nothing"


def check_stub(solution, stub, where):
    """The stub keeps each function's signature and docstring, raises NotImplementedError when
    called, and turns each assignment into `name = ...`."""
    sol_tree, stub_tree = ast.parse(solution), ast.parse(stub)
    assert len(sol_tree.body) == len(stub_tree.body), where
    namespace = {}
    exec(compile(stub, where, "exec"), namespace)                    # defining never raises
    for old, new in zip(sol_tree.body, stub_tree.body):
        assert type(old) is type(new), where
        if isinstance(old, ast.FunctionDef):
            assert ast.dump(old.args) == ast.dump(new.args), where  # the signature
            assert ast.get_docstring(old) == ast.get_docstring(new), where
            assert isinstance(new.body[-1], ast.Raise), where
            args = [None] * len(new.args.args)
            with pytest.raises(NotImplementedError):
                namespace[new.name](*args)
        else:
            assert isinstance(new.value, ast.Constant) and new.value.value is Ellipsis, where


def code_lines(source):
    """The lines of a solution that are code: not blank, not comments, not the signature or
    the docstring of a function."""
    tree = ast.parse(source)
    lines = source.splitlines()
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node in tree.body:
            first = node.body[0]
            end = first.end_lineno if ast.get_docstring(node) is not None else first.lineno - 1
            allowed |= set(range(node.lineno - 1, end))
    syntax_only = re.compile(r"(else|try|finally|pass|continue|break|return)?:?|[)\]}]+,?")
    return {line.strip() for i, line in enumerate(lines)
            if i not in allowed and line.strip() and not line.strip().startswith("#")
            and not syntax_only.fullmatch(line.strip())}


def test_no_solution_leaks_into_the_student_edition():
    student_lines = set()
    for name in NAMES:
        for cell in read(STUDENT / name).cells:
            student_lines |= {line.strip() for line in cell.source.splitlines()}
    for source, _, name in student_pairs():
        for cell in source.cells:
            if "solution" in tags(cell):
                body = code_lines(cell.source)
                # an assignment's name survives as `name = ...`; the rest of the line may not
                leaked = {line for line in body if line in student_lines
                          and not line.endswith("= ...")}
                assert not leaked, f"{name} {cell['id']}: {sorted(leaked)}"
            if {"answer", "instructor"} & set(tags(cell)):
                lines = {l.strip() for l in cell.source.splitlines() if len(l.strip()) > 20}
                assert not lines & student_lines, f"{name} {cell['id']}"


def run_cell(source, namespace):
    """Execute a cell's code (IPython magics dropped); return (stdout, value of a last
    expression)."""
    code = "\n".join(l for l in source.splitlines() if not l.lstrip().startswith("%"))
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<cell>", "exec"), namespace)
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) \
            if last else None
    return out.getvalue(), value


@pytest.mark.parametrize("name", NAMES)
def test_untouched_student_edition_says_not_done_yet_at_every_check(name):
    """The imports, the stubs and the checks of the student edition, run as Run All runs them:
    every check prints only "not done yet" lines and returns False, the library stands in for
    every missing function with one line saying so, and a value exercise's own comparison says
    "not done yet" too."""
    source = read(ROOT / "notebooks" / name)
    student = read(STUDENT / name)
    solution_ids = [c["id"] for c in source.cells if "solution" in tags(c)]
    code = [c for c in student.cells if c.cell_type == "code"]
    namespace = {}
    run_cell(code[0].source, namespace)                               # the imports
    checks = 0
    for k, cell in enumerate(code):
        if cell["id"] not in solution_ids:
            continue
        run_cell(cell.source, namespace)
        check = code[k + 1]                                           # the cell after it checks
        out, value = run_cell(check.source, namespace)
        lines = out.strip().splitlines()
        assert lines and all("not done yet" in line for line in lines), (check.source, out)
        if CHECK_CALL.match(check.source.strip()):
            assert not value and value.status == "not done"
        checks += 1
    assert checks == len(solution_ids)
    for cell in code:
        for fn in re.findall(r"nl\.exercises\.use_or_reference\((\w+)\)", cell.source):
            out, ref = run_cell(f"nl.exercises.use_or_reference({fn})", namespace)
            assert ref is not namespace[fn] and callable(ref)
            assert len(out.strip().splitlines()) == 1 and "instead" in out, out


@pytest.mark.parametrize("name", NAMES)
def test_instructor_edition_solutions_pass_their_checks(name):
    """The other side: in the source edition every solution passes the check after it (nbval
    would not notice a check that prints a failure, since checks never raise)."""
    code = [c for c in read(ROOT / "notebooks" / name).cells if c.cell_type == "code"]
    namespace = {}
    run_cell(code[0].source, namespace)                               # the imports
    checked = 0
    for k, cell in enumerate(code):
        if "solution" not in tags(cell) or not CHECK_CALL.match(code[k + 1].source.strip()):
            continue
        run_cell(cell.source, namespace)
        out, value = run_cell(code[k + 1].source, namespace)
        assert value and value.status == "correct", (code[k + 1].source, out)
        checked += 1
    assert checked >= 1
