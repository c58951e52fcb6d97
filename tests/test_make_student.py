"""tools/make_student.py on solution cells and notebooks made up for the purpose: one test per
defect the audit of issue 16 found, and property tests over generated solution cells (the
committed notebooks are tests/test_editions.py's)."""

import ast
import json
import keyword
import re
import sys
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings, strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_student  # noqa: E402

MARK = "LEAK"          # planted in solution code (generated names and text are lowercase)
IMAGE = {"image/png": "iVBORw0KGgo="}


def deco(function):
    """A decorator for the solution cells below: returns the function itself."""
    return function


def run_student(source):
    """The student code of a solution cell, and the names it defines when run."""
    code = make_student.student_code(source)
    namespace = {"deco": deco}
    exec(compile(code, "<student cell>", "exec"), namespace)
    defined = {name: value for name, value in namespace.items()
               if not name.startswith("__") and name != "deco"}
    return code, defined


def docstrings(source):
    """{name: docstring} of the top-level functions in the source."""
    return {node.name: ast.get_docstring(node, clean=False) for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef)}


def assert_stub(function):
    with pytest.raises(NotImplementedError):
        function(*[None] * function.__code__.co_argcount)


def notebook(*cells, minor=5):
    """A notebook of nbformat 4.<minor> with these cells (ids removed below 4.5)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)                   # as they are: new_notebook(cells=) repairs ids
    nb.nbformat_minor = minor
    if minor < 5:
        for cell in nb.cells:
            del cell["id"]
    return nb


def tagged(cell, *tags, id=None):
    cell.metadata["tags"] = list(tags)
    if id:
        cell["id"] = id
    return cell


def code_cell(source, *tags, id=None):
    return tagged(nbformat.v4.new_code_cell(source), *tags, id=id)


def markdown_cell(source, *tags, id=None):
    return tagged(nbformat.v4.new_markdown_cell(source), *tags, id=id)


def render(nb, tmp_path, name="07_made_up.ipynb"):
    """The student edition of `nb` as the tool writes it (the source written as plain JSON, so
    that nothing repairs it on the way)."""
    path = tmp_path / name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return make_student.render(path)


# --- one test per defect ------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    'def f(x):\n    """Doc."""; y = LEAK\n    return y\n',
    'def f(x):\n    """Doc,\n    on two lines."""; return LEAK\n',
    'def f(x): """Doc."""; return LEAK\n',
])
def test_code_on_the_line_of_a_docstring_does_not_leak(source):
    code, defined = run_student(source)
    assert MARK not in code and "return" not in code
    assert docstrings(code) == docstrings(source)
    assert_stub(defined["f"])


@pytest.mark.parametrize("source", [
    "def f(x): return x**2\n",
    'def f(x): """Square x."""\n',
    "def f(x): y = x; return y  # a comment on a code line goes with it\n",
    "@deco\ndef f(x,\n      y=2): return x + y\n",
])
def test_one_line_defs_become_stubs_on_lines_of_their_own(source):
    code, defined = run_student(source)
    assert "return" not in code and "y = x" not in code
    assert code.splitlines()[-1].startswith("    raise NotImplementedError(")
    assert_stub(defined["f"])


def test_tab_indented_bodies_keep_their_tabs():
    source = 'def f(x):\n\t"""Doc."""\n\t# the hint\n\ty = x\n\tif y:\n\t\treturn y\n'
    code, defined = run_student(source)
    assert code == ('def f(x):\n\t"""Doc."""\n\t# the hint\n\traise NotImplementedError('
                    '"f: not written yet; write it here, then run the check below")\n')
    assert_stub(defined["f"])


def test_assignments_of_every_target_shape_define_each_name_as_ellipsis():
    source = ("a, b = 1, 2\n(c, d) = 3, 4\n[e, (f, *g)] = 5, (6, 7, 8)\nh = i = 9  # nine\n"
              "*j, k = 10, 11\nl: int = 12\nm: int\n")
    code, defined = run_student(source)
    assert code == ("a = b = ...\nc = d = ...\ne = f = g = ...\nh = i = ...  # nine\n"
                    "j = k = ...\nl: int = ...\nm: int\n")
    assert defined == dict.fromkeys("abcdefghijkl", ...)     # m is annotated, not assigned


def test_nested_functions_and_decorators_leave_only_the_outer_stub():
    source = ('@deco\ndef f(x):\n    @deco\n    def inner(y):\n        """Inner doc."""\n'
              '        # inner hint\n        return LEAK\n    return inner(x)\n\n'
              '@(\n    deco)\ndef g():\n    pass\n')
    code, defined = run_student(source)
    raise_line = make_student.STUB_RAISE
    assert code == ("@deco\ndef f(x):\n    # inner hint\n    " + raise_line.format("f") + "\n\n"
                    "@(\n    deco)\ndef g():\n    " + raise_line.format("g") + "\n")
    assert set(defined) == {"f", "g"}
    assert_stub(defined["f"])
    assert_stub(defined["g"])


@pytest.mark.parametrize("source, line", [
    ("x = 1\nprint(x)\n", 2),
    ("obj.attr = 1\n", 1),
    ('x = 1\nd["k"] = 2\n', 2),
    ("x += 1\n", 1),
    ("async def f():\n    pass\n", 1),
    ("class C:\n    pass\n", 1),
    ("import numpy as np\n", 1),
    ("() = ()\n", 1),
    ("x = 1\ndef f(:\n", 2),
    ("%matplotlib inline\n", 1),
])
def test_a_cell_that_cannot_become_a_safe_stub_is_an_error_naming_notebook_cell_and_line(
        source, line):
    nb = notebook(markdown_cell("# Title"), code_cell(source, "solution", id="the-exercise"))
    with pytest.raises(ValueError, match=re.escape(f"07_x.ipynb cell 1 (id the-exercise), "
                                                   f"line {line}: ")):
        make_student.student_notebook(nb, "07_x.ipynb")


def test_attachments_are_kept_on_markdown_and_raw_cells_not_on_answer_cells(tmp_path):
    cells = [markdown_cell("![a](attachment:a.png)"), markdown_cell("![b](attachment:b.png)",
                                                                    "answer"),
             nbformat.v4.new_raw_cell("![c](attachment:c.png)")]
    for cell, name in zip(cells, "abc"):
        cell["attachments"] = {f"{name}.png": IMAGE}
    student = nbformat.reads(render(notebook(*cells), tmp_path), as_version=4)
    assert student.cells[0].attachments == {"a.png": IMAGE}
    assert "attachments" not in student.cells[1]
    assert student.cells[1].source == make_student.YOUR_ANSWER
    assert student.cells[2].attachments == {"c.png": IMAGE}


def test_a_notebook_without_cell_ids_gives_a_valid_student_edition_without_ids(tmp_path):
    nb = notebook(markdown_cell("# Title"), code_cell("def f(x):\n    return x\n", "solution"),
                  code_cell("f(1)"), minor=4)
    text = render(nb, tmp_path)
    assert text == render(nb, tmp_path)                      # deterministic
    student = json.loads(text)
    assert (student["nbformat"], student["nbformat_minor"]) == (4, 4)
    assert all("id" not in cell for cell in student["cells"])
    nbformat.validate(nbformat.from_dict(student))
    nb.cells[1].source = "print(1)"
    with pytest.raises(ValueError, match=re.escape("07_x.ipynb cell 1, line 1: ")):
        make_student.student_notebook(nb, "07_x.ipynb")


def test_a_cell_without_id_in_a_4_5_notebook_gets_a_stable_one(tmp_path):
    nb = notebook(markdown_cell("# Title", id="title"), code_cell("x = 1"))
    del nb.cells[1]["id"]
    text = render(nb, tmp_path)
    assert text == render(nb, tmp_path)
    assert [cell["id"] for cell in json.loads(text)["cells"]] == ["title", "cell-1"]


def test_cells_with_the_same_id_are_an_error(tmp_path):
    nb = notebook(markdown_cell("# One", id="same"), markdown_cell("# Two", id="same"))
    with pytest.raises(ValueError, match=re.escape("07_x.ipynb cell 1 (id same): the id 'same' "
                                                   "is also that of cell 0")):
        make_student.student_notebook(nb, "07_x.ipynb")


@pytest.mark.parametrize("cell, message", [
    (markdown_cell("text", "solutoin"), "unknown tags ['solutoin']"),
    (markdown_cell("text", "solution"), "a solution cell must be a code cell, not markdown"),
    (code_cell("x = 1", "answer"), "an answer cell must be a markdown cell, not code"),
    (markdown_cell("text", "solution", "answer"), "tags ['answer', 'solution'] together"),
    (code_cell("x = 1", "instructor", "solution"), "tags ['instructor', 'solution'] together"),
    (markdown_cell("text", "test"), "a test cell must be a code cell, not markdown"),
    (code_cell("assert 1 == 1", "test"), "a test cell must have its input collapsed"),
    (code_cell("x = 1\nassert x == 1"), "an assert in a cell that students get; tag the cell test"),
    (code_cell("%matplotlib inline\nfor k in range(2):\n    assert k < 2"), "an assert in a cell"),
])
def test_tags_are_validated_with_a_message_naming_notebook_and_cell(cell, message):
    cell["id"] = "bad"
    nb = notebook(markdown_cell("# Title"), cell)
    with pytest.raises(ValueError, match=re.escape(f"07_x.ipynb cell 1 (id bad): {message}")):
        make_student.student_notebook(nb, "07_x.ipynb")


def test_test_cells_are_dropped_and_other_code_is_kept():
    hidden = code_cell("assert 2 + 2 == 4", "test", id="t")
    hidden.metadata["jupyter"] = {"source_hidden": True}
    nb = notebook(markdown_cell("# Title", id="m"), code_cell("%timeit 1", id="c"), hidden,
                  code_cell("x = 'assert'  # the word alone is fine", id="w"))
    student = make_student.student_notebook(nb, "07_x.ipynb")
    assert [c["id"] for c in student.cells] == ["m", "c", "w"]


@pytest.mark.parametrize("tags", ["solution", [1], {"solution": True}])
def test_tags_that_are_not_a_list_of_strings_are_an_error(tags):
    cell = code_cell("x = 1", id="bad")
    cell.metadata["tags"] = tags
    with pytest.raises(ValueError, match=re.escape("07_x.ipynb cell 0 (id bad): tags must be a "
                                                   "list of strings")):
        make_student.student_notebook(notebook(cell), "07_x.ipynb")


def test_the_command_reports_an_error_by_notebook_and_cell(tmp_path, monkeypatch, capsys):
    sources = tmp_path / "notebooks"
    sources.mkdir()
    nb = notebook(markdown_cell("# Title"), code_cell("print(1)", "solution", id="oops"))
    (sources / "07_made_up.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setattr(make_student, "SOURCE_DIR", sources)
    assert make_student.main(["--out", str(tmp_path / "student")]) == 2
    assert "07_made_up.ipynb cell 1 (id oops), line 1: " in capsys.readouterr().err


# --- property tests over generated solution cells ---------------------------------------------

RESERVED = {"deco", "match", "case", "type", "_"}
names = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name) and name not in RESERVED)
words = st.from_regex(r"[a-z]{1,8}( [a-z]{1,8}){0,4}", fullmatch=True)
indents = st.sampled_from(["    ", "\t", "  "])


class Marks:
    """Numbered marks to plant in solution code: LEAK0, LEAK1, ..."""

    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return f"{MARK}{self.count}"


def simple_statements(draw, mark):
    """One to three simple statements of a function body, each holding a mark."""
    shapes = ['v = "{}"', "return {}", "x = {}(1)", 'print("{}")', "assert {}"]
    return [draw(st.sampled_from(shapes)).format(mark())
            for _ in range(draw(st.integers(1, 3)))]


def body_lines(draw, mark, indent):
    """The lines of a function body after its docstring: statements (each with a mark),
    blocks, nested functions, comments and blank lines."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["simple", "semicolons", "block", "nested", "comment",
                                     "blank", "continued"]))
        if kind == "simple":
            lines.append(indent + simple_statements(draw, mark)[0])
        elif kind == "semicolons":
            lines.append(indent + "; ".join(simple_statements(draw, mark)))
        elif kind == "block":
            lines += [f"{indent}if {mark()}:", f"{indent * 2}y = {mark()}",
                      f"{indent}else:", f"{indent * 2}# a hint in a block",
                      f"{indent * 2}y = {mark()}"]
        elif kind == "nested":
            lines += [f"{indent}@deco_{mark()}", f"{indent}def inner_{mark()}():",
                      f'{indent * 2}"""An inner {draw(words)}."""', f"{indent * 2}return {mark()}"]
        elif kind == "comment":
            lines.append(f"{indent}# {draw(words)}")
        elif kind == "blank":
            lines.append("")
        else:
            lines += [f"{indent}z = ({mark()} +", f"{indent}     {mark()})"]
    return lines + [f"{indent}return {mark()}"]


def docstring(draw, indent):
    """A docstring (one line or several, with either quote) or None."""
    text = draw(words)
    return draw(st.sampled_from([None, f'"""{text}."""', f"'{text}'",
                                 f'"""{text}\n{indent}{draw(words)}\n{indent}"""']))


def function(draw, name, mark):
    """A function: the lines of its source and its number of arguments."""
    args = draw(st.lists(names, max_size=3, unique=True))
    defaults = draw(st.booleans())
    signature = ", ".join(args[:-1] + [f"{args[-1]}=2"] if args and defaults else args)
    lines = [draw(st.sampled_from(["@deco", "@(deco)", "@deco  # decorated"]))
             for _ in range(draw(st.integers(0, 2)))]
    indent = draw(indents)
    doc = docstring(draw, indent)
    code_after_doc = draw(st.booleans())
    if draw(st.booleans()):                                  # a one-line def
        body = ([doc] if doc and "\n" not in doc else []) + simple_statements(draw, mark)
        lines.append(f"def {name}({signature}): " + "; ".join(body))
    else:
        lines.append(f"def {name}({signature}):")
        if doc:
            lines.append(indent + doc + (f"; w = {mark()}" if code_after_doc else ""))
        lines += body_lines(draw, mark, indent)
    return lines, len(args)


def assignment(draw, mark, a, b, c):
    """An assignment of some target shape with names from a, b, c: the lines of its source
    and the names it assigns."""
    target, assigned = draw(st.sampled_from([
        (f"{a}", [a]), (f"{a}, {b}", [a, b]), (f"({a}, {b})", [a, b]), (f"[{a}, {b}]", [a, b]),
        (f"{a}, (*{b}, {c})", [a, b, c]), (f"*{a}, {b}", [a, b]), (f"{a} = {b} = {c}", [a, b, c]),
        (f"{a}: int", [a]), (f"({a}): float", [a]), (f"{a}: int", []),
    ]))
    comment = draw(st.sampled_from(["", "  # a note"]))
    if not assigned:                                         # annotated, no value
        return [target + comment], []
    value = draw(st.sampled_from(['"{}"', "({},\n    {})", "{} \\\n    + {}"]))
    return (f"{target} = " + value.format(mark(), mark()) + comment).split("\n"), assigned


@st.composite
def solution_cells(draw):
    """(source of a solution cell, {function name: number of arguments}, assigned names)."""
    mark = Marks()
    items = draw(st.integers(1, 4))
    top_names = iter(draw(st.lists(names, min_size=3 * items, max_size=3 * items, unique=True)))
    lines, functions, assigned = [], {}, set()
    for _ in range(items):
        lines += draw(st.sampled_from([[], [""], ["# " + draw(words)]]))
        if draw(st.booleans()):
            name = next(top_names)
            item, functions[name] = function(draw, name, mark)
        else:
            item, names_assigned = assignment(draw, mark, *(next(top_names) for _ in "abc"))
            assigned |= set(names_assigned)
        lines += item
    return "\n".join(lines) + "\n", functions, assigned


@settings(max_examples=300, deadline=None)
@given(solution_cells())
def test_any_solution_cell_becomes_a_student_cell_that_runs_and_hides_the_code(cell):
    source, functions, assigned = cell
    code, defined = run_student(source)                     # compiles and runs
    assert MARK not in code, code
    assert set(defined) == set(functions) | assigned
    for name in assigned:
        assert defined[name] is ..., name
    for name in functions:
        assert_stub(defined[name])
    assert docstrings(code) == docstrings(source)
